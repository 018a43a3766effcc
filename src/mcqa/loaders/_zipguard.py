"""Zip-bomb guard for XLSX workbooks, run before openpyxl opens the file.

An XLSX file is a zip archive, and openpyxl inflates and parses what the archive
holds. A few megabytes can hold gigabytes of sheet XML (deflate reaches about
1000:1), a small file can list hundreds of thousands of members, and one cell of
sheet XML can hold a text node of hundreds of megabytes, which the XML parser
keeps in memory whole. :func:`check_zip` refuses the workbook when

1. it has more than ``Limits.max_zip_members`` members (:func:`check_directory` judges the
   end record first, so even the loader's format check never builds a huge directory);
2. a member larger than :data:`RATIO_GRACE_BYTES` declares more than
   ``Limits.max_zip_ratio`` times its compressed size (real workbooks: 4-20:1);
3. the declared uncompressed sizes add up to more than ``Limits.max_unzipped_bytes``;
4. a member holds a stretch of more than ``Limits.max_xml_run_bytes`` bytes
   without a ``<`` (a text node or tag that large is never a real cell: Excel
   stores at most 32,767 characters per cell).

Checks 1-3 read the central directory only. Check 4 inflates every member once,
streaming (about 0.2 s for the 135 MB of XML of a 100,000-row catalogue); every
member, because a sheet part may have any name.

Why the declared sizes can be trusted as a bound: :mod:`zipfile` (which openpyxl
reads through) never returns more bytes of a member than the directory declares.
When the data inflates to more, the output stops at the declared size and the CRC
check fails (``BadZipFile``), reported here or by the loader as a damaged workbook.
So check 3 bounds the bytes that can ever be inflated, whatever the data holds
(``tests/hostile/test_zipguard.py`` shows it by experiment). Check 2 refuses an
honest bomb below that total at once; check 4 bounds the memory one XML node can
take, which no size or ratio test does.
"""

from __future__ import annotations

import zipfile
import zlib

from mcqa.errors import InputError, InputLimitError
from mcqa.loaders.base import SourceDocument

RATIO_GRACE_BYTES = 1024 * 1024
"""Members up to this uncompressed size are not ratio-checked (harmless, and tiny
padded parts such as printer settings can compress very well)."""

_CHUNK = 1024 * 1024
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
               NotImplementedError, RuntimeError)
_RESAVE = "re-save the file from Excel or LibreOffice as .xlsx, or save the sheets as CSV UTF-8"


_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
DIRECTORY_BYTES_PER_MEMBER = 256
"""Central-directory bytes allowed per member (46 fixed + name + extras; XLSX part names are
under 100 characters)."""


def check_directory(doc: SourceDocument) -> None:
    """Refuse an archive whose end record announces too many members or too large a central
    directory, before :mod:`zipfile` builds an object per member (about 0.5 kB each, and the
    file size of an XLSX is not limited): reads the last 64 kB only.

    zipfile reads as many directory bytes as the end record says and parses members until
    they run out, so bounding the size bounds the members even if the count lies. A file
    without a readable end record is left to zipfile to judge.
    """
    limit = doc.options.limits.max_zip_members
    try:
        with doc.path.open("rb") as fh:
            size = fh.seek(0, 2)
            start = max(0, size - (65535 + 22))
            fh.seek(start)
            tail = fh.read()
            at = tail.rfind(_EOCD)
            if at < 0 or len(tail) - at < 22:
                return
            count = int.from_bytes(tail[at + 10:at + 12], "little")
            directory = int.from_bytes(tail[at + 12:at + 16], "little")
            locator = tail.rfind(_ZIP64_LOCATOR, 0, at)
            if (count == 0xFFFF or directory == 0xFFFFFFFF) and locator >= 0:
                fh.seek(int.from_bytes(tail[locator + 8:locator + 16], "little"))
                record = fh.read(56)
                if record[:4] == b"PK\x06\x06" and len(record) == 56:
                    count = int.from_bytes(record[32:40], "little")
                    directory = int.from_bytes(record[40:48], "little")
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=doc.display) from None
    if count > limit or directory > limit * DIRECTORY_BYTES_PER_MEMBER:
        raise InputLimitError(
            f"zip archive announces {count:,} members in a {directory:,}-byte directory, above "
            f"the limit of {limit:,} members (a workbook has a few dozen)", file=doc.display,
            hint=_RESAVE)


def check_zip(doc: SourceDocument) -> None:
    """Raise :class:`InputLimitError` when the archive of ``doc`` looks like a zip bomb.

    A file that is not a readable zip, or whose members are damaged, raises
    :class:`InputError`. Nothing else escapes.
    """
    check_directory(doc)
    try:
        with zipfile.ZipFile(doc.path) as archive:
            members = archive.infolist()
            _check_directory(doc, members)
            for info in members:  # every member: a sheet part may have any name
                try:
                    _check_runs(doc, archive, info)
                except (*_ZIP_ERRORS, zlib.error) as exc:
                    kind = "zlib.error" if isinstance(exc, zlib.error) else type(exc).__name__
                    raise InputError(f"workbook part is damaged: {kind}: {str(exc)[:120]}",
                                     file=doc.display,
                                     location=info.filename, hint=_RESAVE) from None
    except InputError:
        raise
    except _ZIP_ERRORS as exc:
        raise InputError(f"cannot open workbook: {type(exc).__name__}: {str(exc)[:120]}",
                         file=doc.display, hint=_RESAVE) from None


def _check_directory(doc: SourceDocument, members: list[zipfile.ZipInfo]) -> None:
    limits = doc.options.limits
    if len(members) > limits.max_zip_members:
        raise InputLimitError(
            f"workbook archive has {len(members):,} members, above the limit of "
            f"{limits.max_zip_members:,} (a workbook has a few dozen)", file=doc.display,
            hint=_RESAVE)
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > RATIO_GRACE_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_zip_ratio:
                raise InputLimitError(
                    f"member expands {ratio:,.0f}:1 ({info.file_size:,} bytes from "
                    f"{info.compress_size:,}), above the limit of {limits.max_zip_ratio}:1; "
                    "workbooks compress 4-20:1, so this looks like a zip bomb",
                    file=doc.display, location=info.filename, hint=_RESAVE)
    if total > limits.max_unzipped_bytes:
        raise InputLimitError(
            f"workbook would expand to {total:,} bytes, above the limit of "
            f"{limits.max_unzipped_bytes:,} (zip bomb?)", file=doc.display,
            hint="raise --max-unzipped-bytes if this file is trusted")


def _check_runs(doc: SourceDocument, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse a stretch without ``<`` longer than the limit (checked at chunk ends, so
    exact to within one chunk); a damaged member raises ``BadZipFile``."""
    limit = doc.options.limits.max_xml_run_bytes
    run = offset = 0
    with archive.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            first = chunk.find(b"<")
            if first < 0:
                run += len(chunk)
            elif run + first <= limit:
                run = len(chunk) - 1 - chunk.rfind(b"<")
            else:
                run += first
            if run > limit:
                raise InputLimitError(
                    f"more than {limit:,} bytes of XML without markup before byte "
                    f"{offset + len(chunk):,}: no cell holds that much (Excel stores at most "
                    "32,767 characters per cell)", file=doc.display, location=info.filename,
                    hint=_RESAVE)
            offset += len(chunk)
