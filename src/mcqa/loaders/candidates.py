"""Which files in a folder could be micro-credentials or catalogues.

A ministry points mcqa at a shared folder: next to the catalogues and credentials lie
PDFs, scans, Word notes, Excel lock files (``~$catalogue.xlsx``), ``.DS_Store`` and
READMEs, and mcqa's own earlier reports (:mod:`mcqa.loaders.reports`). None of them is a
micro-credential, so none may become a record, an input error or a "(provider not stated)"
row in a benchmark: they are skipped and counted, and the closing summary names them once.
A file named on the command line is always read (and a PDF named there is an input error),
and a file with a credential or catalogue extension is always read (unless it is an mcqa
report), so a damaged catalogue is still reported.
``--include``/``--exclude`` globs choose among the rest.

Content decides, not the name alone: an image is read when it carries a baked Open
Badge, a zip when it is an XLSX workbook, a text file when a loader recognises it.
"""

from __future__ import annotations

import fnmatch
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from mcqa.errors import InputError, UnsupportedFormatError
from mcqa.loaders.base import LoadOptions, SourceDocument
from mcqa.loaders.reports import report_reason

__all__ = ["CANDIDATE_SUFFIXES", "is_selected", "not_a_candidate"]

CANDIDATE_SUFFIXES = frozenset({
    ".json", ".jsonld", ".json-ld", ".jsonl", ".ndjson", ".yaml", ".yml", ".csv", ".tsv",
    ".xlsx", ".xlsm", ".xls", ".jwt", ".jws",
})
"""Extensions of the formats mcqa reads: such a file is always read, so that a damaged
or mis-saved catalogue is reported rather than silently passed over."""

_JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "icon\r", ".localized"})
_JUNK_STEMS = ("readme", "license", "licence", "changelog", "copying")

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF87a", "an image"), (b"GIF89a", "an image"),
    (b"II*\x00", "an image"), (b"MM\x00*", "an image"),
    (b"BM", "an image"),
    (b"\x00\x00\x01\x00", "an image"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a compressed archive"), (b"7z\xbc\xaf\x27\x1c", "a compressed archive"),
    (b"Rar!", "a compressed archive"),
    (b"ID3", "an audio file"),
)


def _junk_name(name: str) -> str | None:
    lower = name.casefold()
    if name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#")):
        return "an Office lock file"
    if lower in _JUNK_NAMES or name.startswith("._"):
        return "a system file"
    if name.startswith("."):
        return "a hidden file"
    if name.endswith(("~", ".tmp", ".bak")):
        return "a backup or temporary file"
    if lower.split(".", 1)[0] in _JUNK_STEMS:
        return "a README or licence"
    return None


def _zip_kind(path: Path) -> str | None:
    """Why a zip is not a workbook (a Word, PowerPoint or OpenDocument file, an archive)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()[:2000]
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # damaged: let the XLSX loader say so if it claims it
    if "xl/workbook.xml" in names:
        return None
    if any(n.startswith("word/") for n in names):
        return "a Word document"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint presentation"
    if "mimetype" in names:
        return "an OpenDocument file"
    return "a zip archive"


def not_a_candidate(path: Path, options: LoadOptions | None = None) -> str | None:
    """What a file found in a folder is, when it cannot be a micro-credential or a
    catalogue ("a PDF document", "an Office lock file"); ``None`` when it is to be read."""
    junk = _junk_name(path.name)
    if junk is not None:
        return junk
    suffix = path.suffix.casefold()
    doc = SourceDocument(path, path.name, options)
    try:
        head = doc.head
        report = report_reason(doc)  # an earlier report beside the inputs, any extension
    except InputError:
        return None  # unreadable: reported by the loader
    if report is not None:
        return report
    if suffix in CANDIDATE_SUFFIXES:
        return None
    if not head:
        return "an empty file"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "an image" if head[8:12] == b"WEBP" else "a media file"
    if head[4:8] == b"ftyp":
        return "an image" if head[8:12] in (b"heic", b"heix", b"avif") else "a media file"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "a legacy Office document"
    from mcqa.loaders import detect
    from mcqa.loaders._common import PNG_SIGNATURE, baked_content

    if head.startswith(PNG_SIGNATURE) or b"<svg" in head[:4096]:
        return None if baked_content(doc) is not None else "an image without a baked badge"
    try:
        detect(doc)
    except UnsupportedFormatError:
        return "not a format mcqa reads"
    except InputError:
        return None  # recognised, but broken: the loader reports it
    return None


def is_selected(relative: str, include: Iterable[str], exclude: Iterable[str]) -> bool:
    """Whether a file (its path relative to the folder given, with ``/``) passes
    ``--include`` (any pattern, when given) and ``--exclude`` (none). A pattern matches
    the file name or the relative path: ``*.xlsx``, ``2025/*``, ``*draft*``."""
    name = PurePosixPath(relative).name
    def hit(pattern: str) -> bool:
        return fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(relative, pattern)
    include = list(include)
    if include and not any(hit(p) for p in include):
        return False
    return not any(hit(p) for p in exclude)
