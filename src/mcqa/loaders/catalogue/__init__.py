"""Spreadsheet catalogues (XLSX and CSV): one row per micro-credential.

Ministries benchmark tens of thousands of rows from dozens of providers, each
with its own column names. This package therefore

* streams: openpyxl's read-only worksheet parser for XLSX (``data_only=False``)
  and the ``csv`` module for CSV, yielding records lazily in constant memory
  (except the XLSX shared-strings table, which openpyxl keeps in memory);
* finds the header row itself (the first of the first 10 non-empty rows with
  at least two recognised column names, see :mod:`mcqa.loaders.columns`), or
  takes it from a mapping file (``--mapping``);
* turns each row into a nested descriptor-shaped mapping (``ECTS`` →
  ``workload.ects``) and reads it with the native
  :class:`~mcqa.loaders.native.MappingReader`, so a wrong value is an input
  issue on that record and the rest of the row is still checked;
* records provenance per cell (``Sheet!C17``, kind ``cell``).

Decisions (documented in docs/catalogue-intake.md):

* Formulas are never evaluated and their cached results are not trusted: a
  formula cell is an input issue naming the cell, its value is not used.
  Text that merely looks like a formula (``=HYPERLINK(...)`` stored as text,
  or any CSV cell) is kept as text.
* A merged range holds its value in the top-left cell only; every other
  covered cell in a data row is an input issue (the value is not copied).
* Undecodable CSV bytes are read as Windows-1252/Latin-1 *and* reported as an
  input issue on that cell; NUL characters are removed and reported.
* One item per non-empty data row: a record, or an InputProblem when the row
  cannot become a record. Empty rows and repeated header rows are skipped and
  counted in :class:`IntakeStats`.

One module per job: :mod:`.plan` (column planning), :mod:`.cells` (cell values),
:mod:`.table` (header detection, rows to records, counting), :mod:`.xlsx` and
:mod:`.csvfile` (the two readers).
"""

from mcqa.loaders.catalogue.csvfile import CsvCatalogueLoader, sniff_delimiter
from mcqa.loaders.catalogue.plan import (
    MIN_RECOGNISED,
    Column,
    column_letter,
    count_recognised,
    plan_columns,
)
from mcqa.loaders.catalogue.rows import HEADER_SCAN_ROWS, IntakeStats, RawRow
from mcqa.loaders.catalogue.xlsx import XlsxCatalogueLoader

__all__ = [
    "HEADER_SCAN_ROWS",
    "MIN_RECOGNISED",
    "Column",
    "CsvCatalogueLoader",
    "IntakeStats",
    "RawRow",
    "XlsxCatalogueLoader",
    "column_letter",
    "count_recognised",
    "plan_columns",
    "sniff_delimiter",
]
