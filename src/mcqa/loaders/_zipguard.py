"""Zip-bomb guard for XLSX workbooks, run before openpyxl opens the file.

An XLSX file is a zip archive, and openpyxl inflates and parses what the archive
holds. A few megabytes can hold gigabytes of sheet XML (deflate reaches about
1000:1), a small file can list hundreds of thousands of members, and one cell of
sheet XML can hold a text node of hundreds of megabytes, which the XML parser
keeps in memory whole. :func:`check_zip` refuses the workbook when

1. it has more than ``Limits.max_zip_members`` members;
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


def check_zip(doc: SourceDocument) -> None:
    """Raise :class:`InputLimitError` when the archive of ``doc`` looks like a zip bomb.

    A file that is not a readable zip, or whose members are damaged, raises
    :class:`InputError`. Nothing else escapes.
    """
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
