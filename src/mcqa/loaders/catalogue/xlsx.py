"""XLSX catalogues: streamed with openpyxl's read-only parser, merged ranges found first.

Formulas are never evaluated and their cached results are not trusted; a
merged range holds its value in its top-left cell only.
"""

from __future__ import annotations

import heapq
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import IO, Any

from mcqa.errors import InputError, InputLimitError
from mcqa.loaders._zipguard import check_directory, check_zip
from mcqa.loaders.base import SourceDocument
from mcqa.loaders.catalogue.plan import column_letter, quote_sheet
from mcqa.loaders.catalogue.rows import HEADER_SCAN_ROWS, IntakeStats, RawRow
from mcqa.loaders.catalogue.table import load_mapping, read_table
from mcqa.model.load import LoadUnit

log = logging.getLogger("mcqa.loaders.catalogue")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})"
                        rb"(\d{1,7})\"")


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


@dataclass(order=True)
class _Merge:
    min_row: int
    max_row: int
    min_col: int
    max_col: int

    def anchor(self) -> str:
        return f"{column_letter(self.min_col)}{self.min_row}"

    def span(self) -> str:
        return f"{self.anchor()}:{column_letter(self.max_col)}{self.max_row}"


def _scan_merges(archive: zipfile.ZipFile, member: str, cap: int) -> list[_Merge]:
    """Merged ranges of a sheet, found by a streaming byte scan.

    ``<mergeCells>`` comes *after* the rows in the sheet XML, so the row
    parser learns of them too late; one fast pass over the raw bytes finds
    them first (no XML tree is built).
    """
    merges: list[_Merge] = []
    tail = b""
    with archive.open(member) as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            data = tail + chunk
            if b"mergeCell" in data:
                last_end = 0
                for m in _MERGE_REF.finditer(data):
                    r1, r2 = int(m.group(2)), int(m.group(4))
                    c1, c2 = _col_index(m.group(1)), _col_index(m.group(3))
                    merges.append(_Merge(min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2)))
                    last_end = m.end()
                    if len(merges) >= cap:
                        return sorted(merges)
                tail = data[max(last_end, len(data) - 256):]
            else:
                tail = data[-256:]
    return sorted(merges)


class _MergeSweep:
    """Which cells of the current row are covered (but not anchored) by a merge.

    Rows arrive in increasing order, so a sweep line over the sorted ranges
    keeps only the ranges active on the current row.
    """

    def __init__(self, merges: list[_Merge]):
        self.pending = merges
        self.next = 0
        self.active: list[tuple[int, int, _Merge]] = []

    def spans(self, row: int) -> dict[int, int]:
        """First → last column index of the ranges anchored in ``row`` that span columns
        (a header cell grouping sub-headers). Call after :meth:`covered` for the row."""
        return {m.min_col: min(m.max_col, m.min_col + 200) for _, _, m in self.active
                if m.min_row == row and m.max_col > m.min_col}

    def covered(self, row: int) -> dict[int, str]:
        """Column index → message for cells of ``row`` inside a merge but not its anchor."""
        while self.next < len(self.pending) and self.pending[self.next].min_row <= row:
            m = self.pending[self.next]
            heapq.heappush(self.active, (m.max_row, self.next, m))
            self.next += 1
        while self.active and self.active[0][0] < row:
            heapq.heappop(self.active)
        out: dict[int, str] = {}
        for _, _, m in self.active:
            for col in range(m.min_col, min(m.max_col, m.min_col + 200) + 1):
                if (row, col) != (m.min_row, m.min_col):
                    out[col] = (f"cell is part of merged range {m.span()}, whose value is in "
                                f"{m.anchor()} only; unmerge and fill every row")
        return out


_XLSX_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, TypeError,
                IndexError, AttributeError, OSError, EOFError, SyntaxError, LookupError)


class XlsxCatalogueLoader:
    """Excel (.xlsx) catalogues: one row per micro-credential, any sheet."""

    name = "xlsx"

    def __init__(self) -> None:
        self.last_stats: IntakeStats | None = None
        """Counters of the most recent file (debugging aid; not thread-safe)."""

    def matches(self, doc: SourceDocument) -> bool:
        """Zip with ``xl/workbook.xml``; legacy .xls/encrypted files match to get a clear error."""
        head = doc.head
        if head.startswith(_OLE_MAGIC):
            return True
        if not head.startswith(_ZIP_MAGIC):
            return False
        check_directory(doc)  # before zipfile builds the directory: a member-count bomb
        try:
            with zipfile.ZipFile(doc.path) as archive:
                return "xl/workbook.xml" in archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False

    def load(self, doc: SourceDocument) -> Iterator[LoadUnit]:
        """Yield one item per non-empty data row of every sheet with a header row."""
        stats = IntakeStats()
        self.last_stats = stats
        yield from self.read(doc, stats)

    def read(self, doc: SourceDocument, stats: IntakeStats) -> Iterator[LoadUnit]:
        """As :meth:`load`, filling ``stats`` (so callers can count skipped rows)."""
        if doc.head.startswith(_OLE_MAGIC):
            raise InputError(
                "legacy Excel 97-2003 (.xls) or password-protected workbook",
                file=doc.display,
                hint="save it as an unprotected .xlsx workbook or as CSV UTF-8")
        mapping = load_mapping(doc.options)
        wb, fh = self._open(doc)
        try:
            # Hidden sheets hold lookup lists (e.g. the dropdown values of `mcqa template`).
            worksheets = [ws for ws in getattr(wb, "worksheets", [])
                          if getattr(ws, "sheet_state", "visible") == "visible"]
            if mapping is not None and mapping.sheets is not None:
                chosen = [ws for ws in worksheets if ws.title in mapping.sheets]
                if not chosen:
                    raise InputError(
                        f"none of the sheets named in the mapping file exist "
                        f"({', '.join(mapping.sheets)[:100]})", file=doc.display,
                        hint=f"sheets in this workbook: {', '.join(ws.title for ws in worksheets)[:200]}")
                worksheets = chosen
            found = False
            for n, ws in enumerate(worksheets):
                rows = self._rows(doc, wb, ws)
                if n == 0:
                    rows = self._refuse_edc(doc, ws.title, rows)
                items = read_table(rows, file=doc.display, fmt=self.name, sheet=ws.title,
                                    options=doc.options, mapping=mapping, stats=stats,
                                    where=f"{quote_sheet(ws.title)}!")
                if items is None:
                    stats.sheets_skipped.append(ws.title)
                    continue
                found = True
                stats.sheets_read.append(ws.title)
                yield from items
            if not found:
                raise InputError(
                    "no header row found in any sheet (looked for at least two recognised "
                    f"column names such as Title, ECTS, EQF level in the first {HEADER_SCAN_ROWS} "
                    f"rows of: {', '.join(stats.sheets_skipped)[:200]})",
                    file=doc.display,
                    hint="name the columns as in docs/catalogue-intake.md or map them with "
                         "--mapping mapping.yaml")
        finally:
            wb.close()
            fh.close()  # openpyxl does not close a file object it was given
        log.debug("%s: %s", doc.display, stats)

    @staticmethod
    def _open(doc: SourceDocument) -> tuple[Any, IO[bytes]]:
        """Open read-only from a file object: openpyxl judges paths by their extension,
        mcqa by content, so a catalogue saved without ``.xlsx`` still opens."""
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException

        check_zip(doc)  # zip-bomb guard: refuse from the directory before openpyxl inflates
        limit = doc.options.limits.max_file_bytes
        try:
            with zipfile.ZipFile(doc.path) as archive:
                for info in archive.infolist():
                    if info.filename in ("xl/sharedStrings.xml", "xl/styles.xml",
                                         "xl/workbook.xml") and info.file_size > limit:
                        raise InputLimitError(
                            f"{info.filename} expands to {info.file_size} bytes, above the "
                            f"limit of {limit}", file=doc.display,
                            hint="raise --max-file-bytes if this file is trusted")
            fh = doc.path.open("rb")
        except InputError:
            raise
        except _XLSX_ERRORS as exc:
            raise InputError(f"cannot open workbook: {type(exc).__name__}: {str(exc)[:120]}",
                             file=doc.display,
                             hint="re-save the file from Excel or LibreOffice as .xlsx") from None
        try:
            wb = openpyxl.load_workbook(fh, read_only=True, data_only=False, keep_links=False)
            return wb, fh
        except (*_XLSX_ERRORS, InvalidFileException) as exc:
            fh.close()
            raise InputError(f"cannot open workbook: {type(exc).__name__}: {str(exc)[:120]}",
                             file=doc.display,
                             hint="re-save the file from Excel or LibreOffice as .xlsx") from None

    @staticmethod
    def _refuse_edc(doc: SourceDocument, sheet: str, rows: Iterator[RawRow]) -> Iterator[RawRow]:
        """Europass EDC Issuer bulk workbooks describe ELM classes in header rows
        ("Class", "Field", "Type"...) and spread one credential over several
        sheets; reading them as a catalogue would produce nonsense, so refuse clearly."""
        head: list[RawRow] = []
        for raw in rows:
            head.append(raw)
            if len(head) >= HEADER_SCAN_ROWS:
                break
        first = {str(r.values[0]).strip() for r in head if r.values and r.values[0] is not None}
        if {"Class", "Field"} <= first:
            raise InputError(
                "this is a Europass EDC Issuer bulk-issuing workbook (rows 'Class'/'Field' "
                "describe ELM properties and one credential spans several sheets), not a "
                "catalogue with one row per micro-credential",
                file=doc.display, location=f"{quote_sheet(sheet)}!A1",
                hint="check the ELM JSON-LD credentials the EDC Issuer produces, or copy the "
                     "data into a catalogue (Title, ECTS, EQF level...; see `mcqa template`)")
        yield from head
        yield from rows

    @staticmethod
    def _rows(doc: SourceDocument, wb: Any, ws: Any) -> Iterator[RawRow]:
        """Stream the rows of one sheet with exact row numbers and cell types."""
        from openpyxl.worksheet._reader import WorkSheetParser

        sheet = ws.title
        where = quote_sheet(sheet)
        cap = doc.options.limits.max_records_per_file
        try:
            member = ws._worksheet_path
            sweep = _MergeSweep(_scan_merges(wb._archive, member, cap))
            src = wb._archive.open(member)
        except _XLSX_ERRORS as exc:
            raise InputError(f"cannot read sheet {sheet!r}: {type(exc).__name__}",
                             file=doc.display, hint="re-save the workbook") from None
        last = 0
        try:
            parser = WorkSheetParser(src, ws._shared_strings, data_only=False,
                                     epoch=wb.epoch, date_formats=wb._date_formats,
                                     timedelta_formats=wb._timedelta_formats)
            rows = parser.parse()
            while True:
                try:
                    number, cells = next(rows)
                except StopIteration:
                    break
                except Exception as exc:  # malformed XML, bad numbers: any parser failure
                    raise InputError(
                        f"sheet {sheet!r} is damaged after row {last}: "
                        f"{type(exc).__name__}: {str(exc)[:100]}",
                        file=doc.display, location=f"{where}!{last + 1}:{last + 1}",
                        hint="re-save the workbook from Excel or LibreOffice") from None
                if number <= last:
                    continue  # duplicate/out-of-order row element: ignore
                last = number
                yield _xlsx_row(number, cells, sweep)
        finally:
            src.close()


def _xlsx_row(number: int, cells: list[dict[str, Any]], sweep: _MergeSweep) -> RawRow:
    width = max((c["column"] for c in cells), default=0)
    values: list[Any] = [None] * width
    unusable: dict[int, str] | None = None
    for c in cells:
        index = c["column"] - 1
        value = c["value"]
        kind = c["data_type"]
        if value is None:
            continue
        if kind == "f" or not isinstance(value, (str, int, float, bool, date, time,
                                                   timedelta)):
            unusable = unusable or {}
            unusable[index] = (f"cell holds a formula ({str(getattr(value, 'text', value))[:40]}); "
                               "formulas are not evaluated — replace it with its value "
                               "(Paste Special → Values)")
            continue
        if kind == "e":
            unusable = unusable or {}
            unusable[index] = f"cell holds the spreadsheet error {str(value)[:20]}; fix the cell"
            continue
        values[index] = value
    covered = sweep.covered(number) if sweep.pending else {}
    spans = sweep.spans(number) if covered else None
    if covered:
        unusable = unusable or {}
        for index, message in covered.items():
            if index < len(values) and values[index] is not None:
                continue  # a value stored under a merge is still a value
            if any(v is not None for v in values) or unusable:
                unusable.setdefault(index, message)
    return RawRow(number, values, unusable or None, spans=spans or None)

