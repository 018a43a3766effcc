"""mcqa's own reports found among the inputs: skipped as "an mcqa report", never read.

Why: users write reports beside what they check (``mcqa check . -o report.json``). Read as
a credential, last week's report becomes an input error in this week's run (or worse: a
benchmark workbook has rows, a dossier JSON-LD looks like ELM). Every report that
``check``, ``benchmark``, ``dossier`` and ``diff`` write is recognised here from the
structure mcqa gives it — the first and last 64 KiB of the file (the opening keys, title
or header line; the closing keys), or the creator and sheets of a benchmark workbook — never
from the file name, so a credential called ``report.json`` is still checked. A PDF (check or
dossier) is known by the document identifier mcqa gives it (``/ID [(mcqa) ...]``).

Found in a folder, a report is one of the files that are not read (counted and named once
in the closing note, :mod:`mcqa.loaders.candidates`); named on the command line, it is one
skipped item. The same test tells :func:`mcqa.fsguard.check_output` whether ``-o`` may
replace an existing file inside a scanned folder: a report is not an input, a credential is.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from mcqa.errors import InputError
from mcqa.loaders.base import SourceDocument
from mcqa.model import LoadItem, Skipped

__all__ = ["REPORT_REASON", "McqaReportLoader", "report_file_kind", "report_reason"]

REPORT_REASON = "an mcqa report"
"""Start of the skip reason (``an mcqa report, check JSON``)."""

_TAIL_BYTES = 64 * 1024
_HEAD_TEXT = 8 * 1024

# (what, pattern over the head, pattern over the tail or None): the outputs of the renderers
# in mcqa.render, in every language mcqa writes (the patterns hold no translated word: JSON
# keys, the HTML generator tag, the version and pack-id lines, the shape of the count lines).
# Literal patterns, anchored and bounded, so tests/hostile/test_regex_budget.py times each.
_SIGNATURES: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...] = (
    ("check JSON", re.compile(r'\A\{\s*"tool": "mcqa",\s*"report_version": "'), None),
    ("check SARIF", re.compile(r'\A\{\s*"\$schema": "https://json\.schemastore\.org/sarif-'
                               r'[0-9.]{1,10}\.json",\s*"runs": \[\s*\{\s*'
                               r'(?:"language": "[^"\n]{0,20}",\s*)?"properties": \{\s*'
                               r'"asOf": "'), None),
    ("check text", re.compile(r"\Amcqa \d[0-9A-Za-z.+-]{0,40} [\u2013\u2014] [^\n:]{1,80}: "
                              r"[a-z0-9][^\n]{0,4000}\n"), None),
    ("check Markdown", re.compile(r"\A# [^\n]{1,200}\n\nmcqa \d[0-9A-Za-z.+-]{0,40}, "
                                  r"[^\n`]{1,400}`[a-z0-9][a-z0-9._-]{0,80}` "), None),
    ("check HTML", re.compile(r'\A<!DOCTYPE html>\s*<html[^>]{0,200}>\s*<head>\s*'
                              r'(?:<meta [^>]{0,300}>\s*){0,8}'
                              r'<meta name="generator" content="mcqa check">'), None),
    ("check JUnit XML", re.compile(r'\A<\?xml [^>]{0,200}\?>\s*<testsuites name="mcqa" '),
     None),
    ("benchmark JSON", re.compile(r'\A\{\s*"as_of": "\d{4}-\d{2}-\d{2}",\s*"bins": \[\s*'
                                  r'"0-10%"'), None),
    ("benchmark HTML", re.compile(r'\A<!DOCTYPE html>\s*<html[^>]{0,200}>\s*<head>\s*'
                                  r'(?:<meta [^>]{0,300}>\s*){0,8}'
                                  r'<meta name="generator" content="mcqa benchmark">'), None),
    ("dossier JSON", re.compile(r'\A\{\s*"advice": \{\s*"advice": "'),
     re.compile(r'"target_unit": "[^"\n]{0,100}"\s*\}\s*\}\s*\Z')),
    ("dossier JSON-LD", re.compile(r'\A\{\s*"@context": \{[^{}]{0,2000}"mcqa": '
                                   r'"[^"\n]{0,200}/ns/dossier#"'), None),
    ("dossier HTML", re.compile(r'\A<!DOCTYPE html>\s*<html[^>]{0,200}>\s*<head>\s*'
                                r'(?:<meta [^>]{0,300}>\s*){0,8}'
                                r'<meta name="generator" content="mcqa dossier">'), None),
    ("dossier Markdown", re.compile(r"\A# [^\n]{1,4000}\n\n[^\n]{1,4000}, "
                                    r"mcqa \d[0-9A-Za-z.+-]{0,40}\.\n"), None),
    ("check or dossier PDF", re.compile(r"\A%PDF-\d\.\d"),
     re.compile(r"/ID \[\(mcqa\) \([0-9a-f]{1,64}\)\]")),
    ("diff JSON", re.compile(r'\A\{\s*"added": \['),
     re.compile(r'"totals": \{[^{}]{0,400}"persisting": \d{1,20}[^{}]{0,400}\}\s*\}\s*\Z')),
    ("diff text", re.compile(r"\A[^#\n][^\n→]{0,200} → [^\n]{1,200}\n\n\d{1,20} [^,;\n]{1,60}"
                             r"(?:, \d{1,20} [^,;\n]{1,60}){5}; "), None),
    ("diff Markdown", re.compile(r"\A# [^\n→]{1,200} → [^\n]{1,200}\n\n\d{1,20} [^,;\n]{1,60}"
                                 r"(?:, \d{1,20} [^,;\n]{1,60}){5}; "), None),
)

_CREATOR = re.compile(r"<dc:creator[^>]{0,200}>mcqa</dc:creator>")
_SHEET_NAME = re.compile(r'<sheet\b[^>]{0,400}?\bname="([^"]{0,100})"')
_MAX_WORKBOOK_XML = 1024 * 1024


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace").lstrip("\ufeff")


def _tail(path: Path, size: int) -> bytes:
    with path.open("rb") as fh:
        end = fh.seek(0, 2)
        if end <= size:
            return b""  # the head already holds the whole file
        fh.seek(end - _TAIL_BYTES)
        return fh.read(_TAIL_BYTES)


def _workbook_kind(doc: SourceDocument) -> str | None:
    """``benchmark XLSX`` for a workbook mcqa wrote (creator ``mcqa``) with the benchmark's
    four sheets (their names are in the report's language)."""
    from mcqa.loaders._zipguard import check_directory

    check_directory(doc)  # a member-count bomb is refused before zipfile reads it
    try:
        with zipfile.ZipFile(doc.path) as archive:
            parts = []
            for name in ("docProps/core.xml", "xl/workbook.xml"):
                info = archive.getinfo(name)
                if info.file_size > _MAX_WORKBOOK_XML:
                    return None
                with archive.open(info) as fh:
                    parts.append(fh.read(_MAX_WORKBOOK_XML + 1).decode("utf-8", "replace"))
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        return None
    core, workbook = parts
    sheets = _SHEET_NAME.findall(workbook)
    return "benchmark XLSX" if _CREATOR.search(core) and len(sheets) == 4 else None


def report_kind(doc: SourceDocument) -> str | None:
    """Which mcqa report ``doc`` is (``check JSON``...), or None for anything else."""
    head = doc.head
    if head.startswith(b"PK\x03\x04"):
        return _workbook_kind(doc)
    text = _text(head[:_HEAD_TEXT])  # every head pattern is bounded well within this
    candidates = [(what, tail) for what, pattern, tail in _SIGNATURES if pattern.match(text)]
    if not candidates:
        return None
    try:
        end = _text(_tail(doc.path, len(head)) or head)
    except OSError:
        return None
    for what, tail in candidates:
        if tail is None or tail.search(end[-_TAIL_BYTES:]):
            return what
    return None


def report_reason(doc: SourceDocument) -> str | None:
    """``an mcqa report, check JSON`` when ``doc`` is one, else None."""
    kind = report_kind(doc)
    return None if kind is None else f"{REPORT_REASON}, {kind}"


def report_file_kind(path: Path) -> str | None:
    """:func:`report_kind` of the file at ``path``; None when it cannot be read."""
    try:
        return report_kind(SourceDocument(path))
    except InputError:
        return None


class McqaReportLoader:
    """Reports mcqa wrote (check, benchmark, dossier, diff; every format).

    Detected by: the structure of each renderer's output (see the module docstring).
    Records: none; one skipped item, "an mcqa report, check JSON".
    """

    name = "mcqa-report"
    label = "mcqa report"

    def matches(self, doc: SourceDocument) -> bool:
        """An mcqa report, by content."""
        return report_kind(doc) is not None

    def load(self, doc: SourceDocument) -> Iterator[LoadItem]:
        """One skipped item naming the kind of report."""
        yield Skipped(file=doc.display, reason=report_reason(doc) or REPORT_REASON)
