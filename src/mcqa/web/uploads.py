"""Uploads: streamed into a per-request temporary folder under generated names.

An uploaded file name is shown to the user (and in reports) but never used as a path:
files are stored as ``u0001.json``, ``u0002.xlsx`` ... where the suffix is kept only
from a fixed list of known suffixes (the batch reads catalogues row by row by suffix).
The body is parsed as it arrives (python-multipart), counted against
:class:`mcqa.api.Limits` and refused as soon as a limit is passed, so nothing larger
than the limits is ever written. Zip archives of folders are unpacked by
:func:`expand_archives` in the worker process (under its timeout and memory cap),
with the same limits and the same naming rule.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from python_multipart.multipart import MultipartParser, parse_options_header

from mcqa.api import Limits
from mcqa.errors import InputError, InputLimitError
from mcqa.marks import NN_, english_form

KNOWN_SUFFIXES = frozenset({
    ".json", ".jsonld", ".yaml", ".yml", ".jsonl", ".ndjson", ".csv", ".tsv", ".txt",
    ".xlsx", ".xlsm", ".xml", ".jwt", ".zip",
})
MAX_FIELDS = 200
MAX_FIELD_BYTES = 256 * 1024
NAME_CHARS = 200
_RATIO_GRACE = 1024 * 1024
_SKIP_MEMBER = re.compile(r"(^|/)(__MACOSX|\.[^/]*)(/|$)")


@dataclass(frozen=True)
class Upload:
    """One stored file: where it is and the name the user gave it (display only)."""

    path: Path
    name: str
    size: int
    field: str = ""
    """The form field the file came in (``files``, ``credential``, ``review_file``...)."""


@dataclass
class Form:
    """A parsed form: text fields by name, files in arrival order."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[Upload] = field(default_factory=list)

    def get(self, name: str, default: str = "") -> str:
        """The first value of a field."""
        values = self.fields.get(name)
        return values[0] if values else default

    def getall(self, name: str) -> list[str]:
        """Every value of a field (checkboxes, multi-selects)."""
        return list(self.fields.get(name, ()))


ARCHIVE_FILES = NN_("archive holds {n} file; at most {most} files per upload",
                    "archive holds {n} files; at most {most} files per upload")
"""Too many files in an archive (a count sentence, plural by language)."""


def display_name(raw: str) -> str:
    """A file name fit to show: control characters out, at most :data:`NAME_CHARS`
    characters, never empty. Used as text only, never as a path."""
    text = "".join(ch for ch in unicodedata.normalize("NFC", raw)
                   if unicodedata.category(ch)[0] != "C")
    text = text.replace("\\", "/").strip()
    if len(text) > NAME_CHARS:
        text = "…" + text[-(NAME_CHARS - 1):]
    return text or "(unnamed file)"


def stored_suffix(name: str) -> str:
    """The suffix kept on disk: one of :data:`KNOWN_SUFFIXES`, else none."""
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    return suffix if suffix in KNOWN_SUFFIXES else ""


@contextmanager
def request_folder() -> Iterator[Path]:
    """A private temporary folder for one request, removed on the way out whatever
    happens (response sent, error, timeout, cancelled request)."""
    folder = Path(tempfile.mkdtemp(prefix="mcqa-web-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class _Counter:
    """Bytes and files against the limits, across one upload."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.files = 0
        self.total = 0

    def add_file(self, name: str) -> None:
        self.files += 1
        if self.files > self.limits.max_zip_members:
            raise InputLimitError(f"more than {self.limits.max_zip_members:,} files in one "
                                  "upload", file=name,
                                  hint="upload fewer files, or a catalogue with many rows")

    def add_bytes(self, name: str, size_so_far: int, n: int) -> None:
        self.total += n
        if size_so_far > self.limits.max_file_bytes:
            raise InputLimitError(f"file is larger than {self.limits.max_file_bytes:,} bytes",
                                  file=name, hint="split it, or ask the server's operator "
                                  "to raise --max-file-bytes")
        if self.total > self.limits.max_unzipped_bytes:
            raise InputLimitError(f"upload is larger than {self.limits.max_unzipped_bytes:,} "
                                  "bytes in all", file=name,
                                  hint="upload fewer files at a time")


async def receive_form(request: Any, folder: Path, limits: Limits) -> Form:
    """Parse a ``multipart/form-data`` (or urlencoded) body into ``folder``.

    Raises :class:`InputLimitError` past a limit and :class:`InputError` for a body
    that is not a form.
    """
    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    if ctype == b"application/x-www-form-urlencoded":
        return await _urlencoded(request)
    if ctype != b"multipart/form-data" or b"boundary" not in params:
        raise InputError("the request is not a form upload",
                         hint="use the form on the page")
    length = request.headers.get("content-length")
    budget = limits.max_unzipped_bytes + MAX_FIELDS * MAX_FIELD_BYTES
    if length is not None and length.isdigit() and int(length) > budget:
        raise InputLimitError(f"upload is larger than {limits.max_unzipped_bytes:,} bytes "
                              "in all", hint="upload fewer files at a time")
    form = Form()
    counter = _Counter(limits)
    state: dict[str, Any] = {"headers": [], "name": b"", "value": b""}

    def on_part_begin() -> None:
        state.update(headers=[], field=None, file=None, handle=None, data=bytearray(), size=0)

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["name"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        state["headers"].append((state["name"].lower(), state["value"]))
        state["name"] = state["value"] = b""

    def on_headers_finished() -> None:
        disposition = dict(state["headers"]).get(b"content-disposition", b"")
        _kind, options = parse_options_header(disposition)
        state["field"] = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            raw = options[b"filename"].decode("utf-8", "replace")
            if raw:
                name = display_name(raw)
                counter.add_file(name)
                path = folder / f"u{counter.files:04d}{stored_suffix(name)}"
                state.update(file=Upload(path=path, name=name, size=0, field=state["field"]),
                             handle=path.open("xb"))
            else:
                state["file"] = False  # an empty file input: no file chosen

    def on_part_data(data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if state["file"] is False:
            return
        if state["handle"] is not None:
            state["size"] += len(chunk)
            counter.add_bytes(state["file"].name, state["size"], len(chunk))
            state["handle"].write(chunk)
            return
        state["data"] += chunk
        if len(state["data"]) > MAX_FIELD_BYTES:
            raise InputLimitError(f"form field {state['field']!r} is too long",
                                  hint="use the form on the page")

    def on_part_end() -> None:
        if state["handle"] is not None:
            state["handle"].close()
            upload = state["file"]
            form.files.append(Upload(path=upload.path, name=upload.name, size=state["size"],
                                     field=upload.field))
            state["handle"] = None
        elif state["file"] is None:
            if sum(len(v) for v in form.fields.values()) >= MAX_FIELDS:
                raise InputLimitError("too many form fields", hint="use the form on the page")
            form.fields.setdefault(state["field"], []).append(
                bytes(state["data"]).decode("utf-8", "replace"))

    parser = MultipartParser(params[b"boundary"], {
        "on_part_begin": on_part_begin, "on_part_data": on_part_data,
        "on_part_end": on_part_end, "on_header_field": on_header_field,
        "on_header_value": on_header_value, "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished,
    })
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except (InputError, OSError):
        raise
    except Exception as exc:  # python-multipart's own errors: a malformed body
        raise InputError(f"the upload could not be read: {type(exc).__name__}",
                         hint="try again; if it fails again, upload fewer files") from None
    finally:
        if state.get("handle") is not None:
            state["handle"].close()
    return form


async def _urlencoded(request: Any) -> Form:
    from urllib.parse import parse_qsl

    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FIELDS * MAX_FIELD_BYTES:
            raise InputLimitError("form is too large", hint="use the form on the page")
    form = Form()
    pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True,
                      max_num_fields=MAX_FIELDS)
    for key, value in pairs:
        form.fields.setdefault(key, []).append(value)
    return form


def is_folder_archive(path: Path) -> bool:
    """True for a zip archive that is not an XLSX workbook (a zipped folder)."""
    try:
        with path.open("rb") as fh:
            if fh.read(4) != b"PK\x03\x04":
                return False
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist()[:10_000])
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return path.suffix.lower() == ".zip"
    return "[Content_Types].xml" not in names


def expand_archives(uploads: list[Upload], folder: Path, limits: Limits) -> list[Upload]:
    """Unpack zipped folders among ``uploads`` into ``folder`` (generated names, member
    paths kept as display names ``archive.zip/dir/file.json``), within ``limits``.

    An archive that cannot be unpacked stays in the list as it is, so the check reports
    it as an unreadable input (counts in = counts out). A limit passed raises
    :class:`InputLimitError`: a zip bomb stops the whole upload.
    """
    out: list[Upload] = []
    counter = _Counter(limits)
    counter.files = len(uploads)
    counter.total = sum(u.size for u in uploads)
    for upload in uploads:
        if not is_folder_archive(upload.path):
            out.append(upload)
            continue
        counter.files -= 1
        counter.total -= upload.size
        try:
            out.extend(_expand(upload, folder, counter))
        except InputLimitError:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
                RuntimeError):
            counter.files += 1
            counter.total += upload.size
            out.append(upload)
        else:
            upload.path.unlink(missing_ok=True)
    return out


def _expand(upload: Upload, folder: Path, counter: _Counter) -> list[Upload]:
    limits = counter.limits
    found: list[Upload] = []
    with zipfile.ZipFile(upload.path) as archive:
        members = [m for m in archive.infolist()
                   if not m.is_dir() and not _SKIP_MEMBER.search(m.filename)]
        if len(members) + counter.files > limits.max_zip_members:
            raise InputLimitError(english_form(ARCHIVE_FILES, len(members)).format(
                                      n=f"{len(members):,}",
                                      most=f"{limits.max_zip_members:,}"),
                                  file=upload.name, hint="upload fewer files at a time")
        declared = sum(m.file_size for m in members)
        if declared + counter.total > limits.max_unzipped_bytes:
            raise InputLimitError(f"archive would unpack to {declared:,} bytes, above the "
                                  f"limit of {limits.max_unzipped_bytes:,} (zip bomb?)",
                                  file=upload.name, hint="upload fewer files at a time")
        for m in members:
            name = display_name(f"{upload.name}/{m.filename}")
            if m.file_size > _RATIO_GRACE and m.file_size / max(m.compress_size, 1) \
                    > limits.max_zip_ratio:
                raise InputLimitError(f"member expands {m.file_size / max(m.compress_size, 1):,.0f}"
                                      f":1, above the limit of {limits.max_zip_ratio}:1 "
                                      "(zip bomb?)", file=name,
                                      hint="upload the files themselves")
            counter.add_file(name)
            path = folder / f"z{counter.files:05d}{stored_suffix(m.filename)}"
            size = 0
            with archive.open(m) as src, path.open("xb") as dst:
                while chunk := src.read(1024 * 1024):
                    size += len(chunk)
                    counter.add_bytes(name, size, len(chunk))
                    dst.write(chunk)
            found.append(Upload(path=path, name=name, size=size, field=upload.field))
    return found
