"""Spreadsheet catalogues (XLSX and CSV): one row per micro-credential.

Ministries benchmark tens of thousands of rows from dozens of providers, each
with its own column names. This module therefore

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
"""

from __future__ import annotations

import codecs
import csv
import heapq
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import IO, Any

from mcqa.errors import InputError, InputLimitError
from mcqa.loaders._zipguard import check_directory, check_zip
from mcqa.loaders.base import LoadOptions, SourceDocument
from mcqa.loaders.columns import (
    EXTENSION_PREFIX,
    IGNORE,
    LIST_TARGETS,
    NUMBER_TARGETS,
    ColumnMapping,
    extension_key,
    recognise,
)
from mcqa.loaders.native import MappingReader
from mcqa.model import InputProblem, LoadItem, RecordBuilder
from mcqa.model.load import Deferred, LoadUnit

log = logging.getLogger(__name__)

HEADER_SCAN_ROWS = 10
"""The header row is searched among this many first non-empty rows."""

MIN_RECOGNISED = 2
"""A header row needs at least this many recognised (or mapped) columns."""


# ---------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------


@dataclass
class IntakeStats:
    """Counters for one file; ``data_rows == records + problems`` always holds."""

    data_rows: int = 0
    records: int = 0
    problems: int = 0
    empty_rows: int = 0
    repeated_header_rows: int = 0
    preamble_rows: int = 0
    sheets_read: list[str] = field(default_factory=list)
    sheets_skipped: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Column plan
# ---------------------------------------------------------------------------


def column_letter(index: int) -> str:
    """0-based column index → spreadsheet letters (0 → A, 26 → AA)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class Column:
    """One column of the table and where its values go (paths precomputed: hot loop)."""

    __slots__ = ("header", "index", "issue_path", "letter", "parent", "pointer", "target")

    def __init__(self, index: int, letter: str, header: str, target: str | None):
        self.index = index
        self.letter = letter
        self.header = header
        self.target = target
        """Field path (``workload.ects``), ``extensions.<key>``, or ``None`` (ignored)."""
        if target is None:
            self.pointer = ""
        elif target.startswith(EXTENSION_PREFIX):
            self.pointer = "extensions/" + target[len(EXTENSION_PREFIX):]
        else:
            self.pointer = target.replace(".", "/")
        """Path as the MappingReader locates it (``workload/ects``)."""
        self.parent = self.pointer.split("/", 1)[0]
        self.issue_path = target or f"extensions.{extension_key(header, letter)}"
        """Dotted path an input issue about this column is filed under."""

    def __repr__(self) -> str:
        return f"Column({self.letter}, {self.header!r} -> {self.target})"


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _target_of(header: str, mapping: ColumnMapping | None) -> tuple[str | None, bool]:
    """(target, recognised): mapping first, then automatic recognition."""
    if mapping is not None and header:
        mapped = mapping.target_for(header)
        if mapped is not None:
            return (None, False) if mapped == IGNORE else (mapped, True)
    target = recognise(header) if header else None
    return target, target is not None


def count_recognised(values: Sequence[Any], mapping: ColumnMapping | None) -> int:
    """How many cells of a row are recognised (or mapped) column names."""
    return sum(1 for v in values if isinstance(v, str) and _target_of(v.strip(), mapping)[1])


def plan_columns(headers: Sequence[Any], mapping: ColumnMapping | None) -> list[Column]:
    """Assign each header a target; duplicates of a single-valued target and
    unknown headers become ``extensions.col.<name>`` so nothing is lost."""
    columns: list[Column] = []
    used: set[str] = set()
    for index, raw in enumerate(headers):
        header = _header_text(raw)
        letter = column_letter(index)
        target, _ = _target_of(header, mapping)
        if target is None and mapping is not None and header and \
                mapping.target_for(header) == IGNORE:
            columns.append(Column(index, letter, header, None))
            continue
        if target is not None and target in used and target not in LIST_TARGETS \
                and not target.startswith("awarding_body."):
            target = None  # second "Title" column: keep it, but as an extension
        if target is None:
            if not header:
                target = None
                columns.append(Column(index, letter, header, _unique_ext(letter.lower(),
                                                                         used, blank=True)))
                continue
            target = _unique_ext(extension_key(header, letter)[4:], used)
        used.add(target)
        columns.append(Column(index, letter, header, target))
    return columns


def _unique_ext(name: str, used: set[str], *, blank: bool = False) -> str:
    base = f"{EXTENSION_PREFIX}col.{'column_' if blank else ''}{name}"
    target, n = base, 2
    while target in used:
        target, n = f"{base}_{n}", n + 1
    used.add(target)
    return target


# ---------------------------------------------------------------------------
# Value conversion
# ---------------------------------------------------------------------------

# Every pattern below is linear in the cell's length (tests/hostile/test_regex_budget.py):
# runs of whitespace and digits are possessive (*+, ++), so adjacent optional parts never
# re-divide one run (cubic backtracking on "eqf" + 3,000 spaces + "x" before), and searched
# patterns start only at the start of a digit run or word ((?<!\d), \b).
_NUM_UNIT = re.compile(
    r"^\s*+([0-9]++(?:[.,][0-9]++)?)\s*+(?:ects(?:\s*+credits?)?|ec|credits?|cp|lp|"
    r"h|hrs?|hours?|stunden|std|heures?|horas?|uren|uur|points?|punkte)?\.?\s*+$",
    re.IGNORECASE)
_EQF_TEXT = re.compile(
    r"^\s*+(?:(?:eqf|eqr|cec|mec)\s*+)?(?:level|niveau|stufe|nivel)?\s*+:?\s*+([1-8])\s*+$",
    re.IGNORECASE)
_WORKLOAD_PART = re.compile(
    r"(?<!\d)(\d++(?:[.,]\d++)?)\s*+(ects(?:\s*+credits?)?|ec|lp|credits?|"
    r"h|hrs?|hours?|stunden|std|heures?|horas?|uren|uur)\b", re.IGNORECASE)
_ISO_DURATION = re.compile(r"^P(?:\d+[YMWD])+(?:T(?:\d+[HMS])+)?$|^PT(?:\d+[HMS])+$")
_LEVEL_EQF = re.compile(r"\b(?:eqf|eqr|cec|mec)\s*+(?:level|niveau|stufe|nivel)?\s*+:?\s*+([1-8])\b",
                        re.IGNORECASE)
_LEVEL_OTHER = re.compile(r"\b([A-Z][A-Za-z-]{1,9})\s*+(?:level|niveau|stufe|nivel)?\s*+:?\s*+"
                          r"([0-9A-Za-z+]{1,8})\b")
_BULLET = re.compile(r"^\s*+(?:[-•*·▪◦‣\u2013]++|\(?\d{1,2}[.)]|\(?[a-z][)])\s+")
# A separator match starts only where a whitespace run starts ((?<!\s)): splitting a cell of
# 100,000 spaces tried every position before, each scanning the run to its end.
_SPLIT_OUTCOMES_LINE = re.compile(r"(?<!\s)\s*+;\s*+")
_SPLIT_COUNTRIES = re.compile(r"(?<![^\S\n])[^\S\n]*+[;,/\n]\s*+")
_SPLIT_BODIES = re.compile(r"(?<![^\S\n])[^\S\n]*+[;\n]\s*+")
_SURROGATES = re.compile("[\udc80-\udcff]+")
_HOURS_UNITS = ("h", "hr", "hrs", "hour", "hours", "stunden", "std", "heure", "heures", "hora",
                "horas", "uren", "uur")


def _plain(value: Any) -> Any:
    """Cell value as the descriptor would hold it: text stripped, whole floats as
    integers, dates as ISO text; other types pass through for the reader to judge."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return value


def _as_text(value: Any) -> str | None:
    """Any plain cell value as text (extensions are kept as text)."""
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _number(value: Any, target: str) -> Any:
    """Accept ``5``, ``5,5``, ``5 ECTS``, ``120 h``, ``EQF 6``; other text passes
    through unchanged so the MappingReader reports it with the cell."""
    value = _plain(value)
    if not isinstance(value, str):
        return value
    pattern = _EQF_TEXT if target == "level.eqf" else _NUM_UNIT
    match = pattern.match(value)
    if match:
        text = match.group(1).replace(",", ".")
        return float(text) if "." in text else int(text)
    return value


def _split_outcomes(text: str) -> list[str]:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    parts = lines if len(lines) > 1 else _SPLIT_OUTCOMES_LINE.split(text)
    out = []
    for part in parts:
        cleaned = _BULLET.sub("", part).strip()
        if cleaned:
            out.append(cleaned)
    return out


# ---------------------------------------------------------------------------
# Rows → records
# ---------------------------------------------------------------------------


@dataclass
class RawRow:
    """One spreadsheet row before interpretation.

    ``unusable`` maps a column index to the reason its value cannot be used
    (formula, error value, merged cell); ``notes`` lists (index, message) for
    values that are used but were repaired (Latin-1, NUL removed).
    """

    number: int
    values: Sequence[Any]
    unusable: dict[int, str] | None = None
    notes: list[tuple[int, str]] | None = None
    problem: str | None = None
    """Set when the row itself cannot be read (CSV quoting); it becomes an InputProblem."""

    def is_empty(self) -> bool:
        """True when no cell holds anything but whitespace (and none is unusable)."""
        if self.unusable or self.problem:
            return False
        for v in self.values:
            if v is None:
                continue
            if isinstance(v, str) and not v.strip():
                continue
            return False
        return True


MAX_ROW_CELLS = 16_384
"""Cells of a row that are read: Excel's and LibreOffice's column limit (XFD)."""


class _Table:
    """A table (a CSV file or one worksheet) with its column plan."""

    def __init__(self, file: str, fmt: str, sheet: str | None, columns: list[Column],
                 options: LoadOptions, header_row: int):
        self.file = file
        self.fmt = fmt
        self.sheet = sheet
        self.prefix = f"{_quote_sheet(sheet)}!" if sheet is not None else ""
        self.columns = columns
        self.options = options
        self.header_row = header_row
        self.header_stripped = [c.header for c in columns]
        self.has_provider_id = any(c.target == "provider.id" for c in columns)
        self.body_detail = any((c.target or "").startswith("awarding_body.") for c in columns)
        self._used: set[str] | None = None

    def cell(self, index: int, row: int) -> str:
        """Locator of one cell (``Sheet!C17``; ``C17`` for CSV)."""
        return f"{self.prefix}{self._column(index).letter}{row}"

    def row_ref(self, row: int) -> str:
        """Locator of a whole row, in spreadsheet notation (``Sheet!17:17``)."""
        return f"{self.prefix}{row}:{row}"

    def default_id(self, row: int) -> str:
        """Record id when the row has no id column value."""
        if self.sheet is None:
            return f"{self.file}!row{row}"
        return f"{self.file}!{self.sheet}!row{row}"

    def _column(self, index: int) -> Column:
        """The column at ``index``, made (once) for a cell beyond the header: a set of the
        targets in use is kept, so a wide ragged row costs linear time, not quadratic."""
        if index < len(self.columns):
            return self.columns[index]
        if self._used is None:
            self._used = {c.target for c in self.columns if c.target}
        while index >= len(self.columns):  # ragged row: cells beyond the header
            i = len(self.columns)
            letter = column_letter(i)
            self.columns.append(Column(i, letter, "", _unique_ext(letter.lower(),
                                                                   self._used, blank=True)))
            self.header_stripped.append("")
        return self.columns[index]

    def is_repeated_header(self, raw: RawRow) -> bool:
        """A verbatim copy of the header row (concatenated exports) or, right under
        the header, a label row whose names recognise to the same targets."""
        seen = 0
        for i, v in enumerate(raw.values):
            if v is None or (isinstance(v, str) and not v.strip()):
                continue
            if not isinstance(v, str) or i >= len(self.columns):
                return False
            text = v.strip()
            if text == self.header_stripped[i]:
                seen += 1
                continue
            if raw.number == self.header_row + 1 and self.columns[i].target is not None \
                    and recognise(text) == self.columns[i].target:
                seen += 1
                continue
            return False
        return seen >= MIN_RECOGNISED

    def to_item(self, raw: RawRow) -> LoadItem:
        """One data row → a record (issues attached) or an InputProblem."""
        row = raw.number
        default_id = self.default_id(row)
        builder = RecordBuilder(self.file, self.fmt, kind="cell")
        builder.fields["record_id"] = default_id
        builder.fields["record_kind"] = "specification"
        data: dict[str, Any] = {}
        cells: dict[str, str] = {}
        issues: list[tuple[str, str, str]] = []
        max_chars = self.options.limits.max_text_chars
        unusable = raw.unusable or {}
        columns = self.columns
        prefix = self.prefix
        values = raw.values
        if len(values) > MAX_ROW_CELLS:  # wider than any spreadsheet: said, not read
            issues.append(("row", self.row_ref(row),
                           f"row has {len(values):,} cells; the {len(values) - MAX_ROW_CELLS:,} "
                           f"after column {column_letter(MAX_ROW_CELLS - 1)} are not read"))
            values = values[:MAX_ROW_CELLS]
        for index, value in enumerate(values):
            col = columns[index] if index < len(columns) else self._column(index)
            if col.target is None:
                continue
            ref = f"{prefix}{col.letter}{row}"
            cells.setdefault(col.pointer, ref)
            cells.setdefault(col.parent, ref)
            if index in unusable:
                issues.append((col.issue_path, ref, unusable[index]))
                continue
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if isinstance(value, str) and len(value) > max_chars:
                issues.append((col.issue_path, ref,
                               f"cell is longer than {max_chars} characters; value not used"))
                continue
            self._place(col, value, ref, data, cells, issues)
        for index in unusable:
            if index >= len(raw.values):
                col = self._column(index)
                issues.append((col.issue_path, self.cell(index, row), unusable[index]))
        for index, message in raw.notes or ():
            col = self._column(index)
            issues.append((col.issue_path, self.cell(index, row), message))
        provider = data.get("provider")
        if isinstance(provider, dict) and "name" in provider and "id" not in provider \
                and not self.has_provider_id:
            provider["id"] = provider["name"]  # benchmarks group by provider id
            cells["provider/id"] = cells.get("provider/name", self.row_ref(row))
        row_ref = self.row_ref(row)

        def locate(ptr: str) -> str:
            probe = ptr
            while True:
                ref = cells.get(probe)
                if ref is not None:
                    return ref
                if "/" not in probe:
                    return row_ref
                probe = probe.rsplit("/", 1)[0]

        MappingReader(builder, locate, kind="cell").read(data)
        for path, ref, message in issues:
            builder.issue(path, ref, f"{path}: {message}")
        try:
            return builder.build()
        except InputError as exc:
            return InputProblem(file=self.file, locator=exc.location or row_ref,
                                message=exc.one_line(), record_id=default_id)

    def _place(self, col: Column, value: Any, ref: str, data: dict[str, Any],
               cells: dict[str, str], issues: list[tuple[str, str, str]]) -> None:
        """Put one cell value into the descriptor-shaped mapping."""
        target = col.target
        assert target is not None
        if target.startswith(EXTENSION_PREFIX):
            text = _as_text(value)
            if text is not None:
                data.setdefault("extensions", {})[target[len(EXTENSION_PREFIX):]] = text
            return
        if target == "learning_outcomes":
            self._append_list(data, cells, target, value, ref, _split_outcomes)
            return
        if target == "issuer_country":
            self._append_list(data, cells, target, value, ref,
                              lambda t: [p for p in _SPLIT_COUNTRIES.split(t) if p])
            return
        if target == "awarding_body":
            if self.body_detail:  # name plus url/id columns describe one body
                self._set(data, cells, "awarding_body.name", _plain(value), ref)
            else:
                self._append_list(data, cells, target, value, ref,
                                  lambda t: [p for p in _SPLIT_BODIES.split(t) if p])
            return
        if target == "workload":
            self._workload(value, ref, data, cells, issues, col)
            return
        if target == "level":
            self._level(value, ref, data, cells)
            return
        if target in NUMBER_TARGETS:
            self._set(data, cells, target, _number(value, target), ref)
            return
        self._set(data, cells, target, _plain(value), ref)

    @staticmethod
    def _set(data: dict[str, Any], cells: dict[str, str], target: str, value: Any,
             ref: str) -> None:
        if value is None:
            return
        if target.startswith("awarding_body."):
            bodies = data.setdefault("awarding_body", [{}])
            if not isinstance(bodies[0], dict):
                bodies[0] = {"name": bodies[0]}
            bodies[0][target.split(".", 1)[1]] = value
            cells["awarding_body/0/" + target.split(".", 1)[1]] = ref
            cells.setdefault("awarding_body/0", ref)
            return
        if "." in target:
            parent, sub = target.split(".", 1)
            data.setdefault(parent, {})[sub] = value
            cells[f"{parent}/{sub}"] = ref
            cells.setdefault(parent, ref)
        else:
            data[target] = value
            cells[target] = ref

    @staticmethod
    def _append_list(data: dict[str, Any], cells: dict[str, str], target: str, value: Any,
                     ref: str, split: Any) -> None:
        plain = _plain(value)
        items: list[Any] = split(plain) if isinstance(plain, str) else [plain]
        existing = data.setdefault(target, [])
        for item in items:
            cells[f"{target}/{len(existing)}"] = ref
            existing.append(item)

    def _workload(self, value: Any, ref: str, data: dict[str, Any], cells: dict[str, str],
                  issues: list[tuple[str, str, str]], col: Column) -> None:
        plain = _plain(value)
        text = plain if isinstance(plain, str) else None
        if text is None:
            issues.append((col.issue_path, ref, f"workload {plain!s:.20} has no unit; state "
                           "it as '5 ECTS' or '125 hours', or use ECTS / Hours columns"))
            return
        parts = _WORKLOAD_PART.findall(text)
        if parts:
            for number, unit in parts:
                amount = float(number.replace(",", "."))
                key = "hours" if unit.lower() in _HOURS_UNITS else (
                    "ects" if unit.lower().startswith(("ects", "ec", "lp")) else "credit_amount")
                self._set(data, cells, f"workload.{key}", amount, ref)
            return
        if _NUM_UNIT.match(text):
            issues.append((col.issue_path, ref, f"workload {text[:20]!r} has no unit; state "
                           "it as '5 ECTS' or '125 hours', or use ECTS / Hours columns"))
            return
        self._set(data, cells, "workload.duration", text, ref)  # "6 weeks", P6W: as stated

    def _level(self, value: Any, ref: str, data: dict[str, Any], cells: dict[str, str]) -> None:
        plain = _plain(value)
        text = str(plain) if not isinstance(plain, bool) else None
        if text is None:
            self._set(data, cells, "level.nqf", plain, ref)  # reader reports the type
            return
        eqf = _LEVEL_EQF.search(text)
        if eqf:
            self._set(data, cells, "level.eqf", int(eqf.group(1)), ref)
        rest = _LEVEL_EQF.sub("", text).strip(" /;,-")
        other = _LEVEL_OTHER.search(rest) if rest else None
        if other and other.group(1).lower() not in ("level", "niveau", "stufe", "nivel"):
            self._set(data, cells, "level.framework", other.group(1), ref)
            self._set(data, cells, "level.nqf", other.group(2), ref)
        elif rest:
            self._set(data, cells, "level.nqf", _EQF_TEXT.sub(r"\1", rest), ref)


def _quote_sheet(name: str) -> str:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name):
        return name
    return "'" + name.replace("'", "''") + "'"


# ---------------------------------------------------------------------------
# Shared driver: header detection, row loop, counting
# ---------------------------------------------------------------------------


def _mapping(options: LoadOptions) -> ColumnMapping | None:
    return ColumnMapping.load(options.mapping_file) if options.mapping_file else None


def _find_header(buffer: list[RawRow], mapping: ColumnMapping | None) -> int | None:
    """Index in ``buffer`` of the header row, or ``None``."""
    if mapping is not None and mapping.header_row is not None:
        for i, raw in enumerate(buffer):
            if raw.number == mapping.header_row:
                return i
        return None
    for i, raw in enumerate(buffer):
        if count_recognised(raw.values, mapping) >= MIN_RECOGNISED:
            return i
    return None


def _read_table(rows: Iterator[RawRow], *, file: str, fmt: str, sheet: str | None,
                options: LoadOptions, mapping: ColumnMapping | None, stats: IntakeStats,
                where: str) -> Iterator[LoadUnit] | None:
    """Detect the header and return the item iterator, or ``None`` when the
    table has no header row (the caller decides whether that is an error)."""
    buffer: list[RawRow] = []
    index: int | None = None
    for raw in rows:
        if raw.is_empty():
            continue
        buffer.append(raw)
        index = _find_header(buffer[-1:], mapping)
        if index is not None:
            index = len(buffer) - 1
            break
        limit = (mapping.header_row if mapping and mapping.header_row else HEADER_SCAN_ROWS)
        if len(buffer) >= limit and (mapping is None or mapping.header_row is None):
            break
        if mapping and mapping.header_row and raw.number >= mapping.header_row:
            break
    if index is None:
        return None
    header = buffer[index]
    stats.preamble_rows += index
    columns = plan_columns(header.values, mapping)
    mapped = mapping is not None and any(
        mapping.target_for(c.header) not in (None, IGNORE) for c in columns if c.header)
    if not mapped and not any(c.target == "title" for c in columns):
        recognised = [f"{c.header!s:.30} → {c.target}" for c in columns
                      if c.target and not c.target.startswith(EXTENSION_PREFIX)]
        awards = sum((c.target or "").startswith(("learner.", "grade.")) for c in columns) >= 2
        kind = ("this looks like a list of awards to learners, not a catalogue of "
                "micro-credential descriptions; " if awards else "")
        raise InputError(
            f"header row {header.number} has no title column "
            f"(recognised: {', '.join(recognised)[:200]}); {kind}a catalogue needs one row "
            "per micro-credential with at least its title",
            file=file, location=f"{where}row {header.number}",
            hint="add a Title column or map one with --mapping mapping.yaml")
    table = _Table(file, fmt, sheet, columns, options, header.number)
    return _items(table, iter(buffer[index + 1:]), rows, stats, options)


def _row_items(table: _Table, raw: RawRow) -> list[LoadItem]:
    """Build one deferred row (in a batch worker)."""
    return [table.to_item(raw)]


def _items(table: _Table, buffered: Iterator[RawRow], rows: Iterator[RawRow],
           stats: IntakeStats, options: LoadOptions) -> Iterator[LoadUnit]:
    limit = options.limits.max_records_per_file
    previous = table.header_row
    for source in (buffered, rows):
        for raw in source:
            if raw.number > previous + 1:  # rows absent from the XLSX file are empty rows
                stats.empty_rows += raw.number - previous - 1
            previous = raw.number
            if raw.is_empty():
                stats.empty_rows += 1
                continue
            if table.is_repeated_header(raw):
                stats.repeated_header_rows += 1
                continue
            if stats.data_rows >= limit:
                raise InputLimitError(
                    f"more than {limit} rows", file=table.file,
                    location=table.row_ref(raw.number),
                    hint="split the catalogue or raise the records-per-file limit")
            stats.data_rows += 1
            if raw.problem is None and options.defer:
                yield Deferred(table.file, table.row_ref(raw.number),
                               partial(_row_items, table, raw))
                continue
            item: LoadItem
            if raw.problem is not None:
                item = InputProblem(file=table.file, locator=table.row_ref(raw.number),
                                    message=raw.problem, record_id=table.default_id(raw.number))
            else:
                item = table.to_item(raw)
            if isinstance(item, InputProblem):
                stats.problems += 1
            else:
                stats.records += 1
            yield item


# ---------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------

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
        mapping = _mapping(doc.options)
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
                items = _read_table(rows, file=doc.display, fmt=self.name, sheet=ws.title,
                                    options=doc.options, mapping=mapping, stats=stats,
                                    where=f"{_quote_sheet(ws.title)}!")
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
                file=doc.display, location=f"{_quote_sheet(sheet)}!A1",
                hint="check the ELM JSON-LD credentials the EDC Issuer produces, or copy the "
                     "data into a catalogue (Title, ECTS, EQF level...; see `mcqa template`)")
        yield from head
        yield from rows

    @staticmethod
    def _rows(doc: SourceDocument, wb: Any, ws: Any) -> Iterator[RawRow]:
        """Stream the rows of one sheet with exact row numbers and cell types."""
        from openpyxl.worksheet._reader import WorkSheetParser

        sheet = ws.title
        where = _quote_sheet(sheet)
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
    if covered:
        unusable = unusable or {}
        for index, message in covered.items():
            if index < len(values) and values[index] is not None:
                continue  # a value stored under a merge is still a value
            if any(v is not None for v in values) or unusable:
                unusable.setdefault(index, message)
    return RawRow(number, values, unusable or None)


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------

_DELIMITERS = (",", ";", "\t")


def _utf16_without_bom(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = head[:2000]
    if len(sample) < 8:
        return False
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even, odd) > 0.7 * half and min(even, odd) < 0.1 * half


def _encoding(head: bytes) -> tuple[str, str]:
    """(codec, error handler) for a CSV file, from its BOM."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "surrogateescape"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "replace"
    return "utf-8", "surrogateescape"


def _sample_rows(head: bytes, delimiter: str) -> list[list[str]]:
    codec, _ = _encoding(head)
    text = head.decode(codec, errors="replace")
    lines = [ln.rstrip("\r") for ln in text.split("\n")]  # csv's own line breaks only
    if len(head) >= SourceDocument.HEAD_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    lines = [ln for ln in lines if ln.strip()][:HEADER_SCAN_ROWS * 2]
    try:
        return list(csv.reader(lines, delimiter=delimiter))
    except csv.Error:
        return []


def sniff_delimiter(head: bytes, mapping: ColumnMapping | None = None) -> tuple[str, int, int]:
    """(delimiter, rows sharing the modal field count, that count) over the first lines.

    The delimiter under which a row reads as a recognised header wins; the
    steadiest field count decides otherwise (free text often holds ``,`` or ``;``).
    """
    best: tuple[str, int, int] = (",", 0, 0)
    best_score: tuple[int, int, int] = (0, 0, 0)
    for delimiter in _DELIMITERS:
        rows = _sample_rows(head, delimiter)
        wide = [len(r) for r in rows if len(r) >= 2]
        if not wide:
            continue
        modal = max(set(wide), key=lambda n: (wide.count(n), n))
        header = max((count_recognised(r, mapping) for r in rows[:HEADER_SCAN_ROWS]), default=0)
        score = (header, wide.count(modal), modal)
        if score > best_score:
            best, best_score = (delimiter, wide.count(modal), modal), score
    return best


def _repair(cell: str, utf16: bool) -> tuple[str, str | None]:
    """Fix one decoded CSV cell; the message says what was repaired (or ``None``)."""
    message = None
    if not cell.isascii():
        if utf16:
            if "\ufffd" in cell:
                message = ("cell contains bytes that are not valid UTF-16 (shown as �); "
                           "re-save the file")
        elif _SURROGATES.search(cell):
            def latin1(m: re.Match[str]) -> str:
                raw = bytes(ord(ch) - 0xDC00 for ch in m.group(0))
                try:
                    return raw.decode("cp1252")
                except UnicodeDecodeError:
                    return raw.decode("latin-1")
            cell = _SURROGATES.sub(latin1, cell)
            message = (f"cell is not valid UTF-8; read as Windows-1252/Latin-1 "
                       f"({cell[:40]!r}) — save the file as CSV UTF-8 to be sure")
    if "\x00" in cell:
        cell = cell.replace("\x00", "")
        message = "cell contains NUL characters (removed); check the export"
    return cell, message


class CsvCatalogueLoader:
    """CSV catalogues: ``,`` ``;`` or tab separated; UTF-8 (BOM optional) or UTF-16 with BOM."""

    name = "csv"

    def __init__(self) -> None:
        self.last_stats: IntakeStats | None = None
        """Counters of the most recent file (debugging aid; not thread-safe)."""

    def matches(self, doc: SourceDocument) -> bool:
        """Text that is tabular: a recognised header, or a steady number of separated fields."""
        head = doc.head
        if head.startswith((_ZIP_MAGIC, _OLE_MAGIC)) or doc.looks_like_json():
            return False
        if _utf16_without_bom(head):
            return True  # so that load() can say what to do
        nuls = head.count(b"\x00")
        if nuls > 8 and nuls * 10 > len(head) \
                and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return False  # binary
        mapping = _mapping(doc.options)
        delimiter, steady, width = sniff_delimiter(head, mapping)
        if width < 2:
            return False
        rows = _sample_rows(head, delimiter)
        if any(count_recognised(r, mapping) >= MIN_RECOGNISED for r in rows[:HEADER_SCAN_ROWS]):
            return True
        nonblank = [r for r in rows if any(c.strip() for c in r)]
        return steady >= 2 and steady >= 0.6 * len(nonblank)

    def load(self, doc: SourceDocument) -> Iterator[LoadUnit]:
        """Yield one item per non-empty data row."""
        stats = IntakeStats()
        self.last_stats = stats
        yield from self.read(doc, stats)

    def read(self, doc: SourceDocument, stats: IntakeStats) -> Iterator[LoadUnit]:
        """As :meth:`load`, filling ``stats``."""
        head = doc.head
        if _utf16_without_bom(head):
            raise InputError("looks like UTF-16 text without a byte-order mark",
                             file=doc.display,
                             hint="save the file as CSV UTF-8 (or UTF-16 with BOM)")
        mapping = _mapping(doc.options)
        limit = doc.options.limits.max_text_chars
        # process-wide: set at every use (ESCO import raises it); short limits are per cell
        csv.field_size_limit(max(limit, 128 * 1024))
        delimiter = sniff_delimiter(head, mapping)[0]
        codec, errors = _encoding(head)
        try:
            binary = doc.path.open("rb")
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", file=doc.display) from None
        with binary, io.TextIOWrapper(binary, encoding=codec, errors=errors,
                                      newline="") as text:
            rows = self._rows(doc, csv.reader(text, delimiter=delimiter), codec == "utf-16",
                              stats)
            items = _read_table(rows, file=doc.display, fmt=self.name, sheet=None,
                                options=doc.options, mapping=mapping, stats=stats, where="")
            if items is None:
                raise InputError(
                    f"no header row found in the first {HEADER_SCAN_ROWS} rows (need at least "
                    "two recognised column names such as Title, ECTS, EQF level; separator "
                    f"{delimiter!r})", file=doc.display,
                    hint="name the columns as in docs/catalogue-intake.md or map them with "
                         "--mapping mapping.yaml")
            yield from items
        log.debug("%s: %s", doc.display, stats)

    @staticmethod
    def _rows(doc: SourceDocument, reader: Iterable[list[str]], utf16: bool,
              stats: IntakeStats) -> Iterator[RawRow]:
        iterator = iter(reader)
        number = 0
        while True:
            try:
                cells = next(iterator)
            except StopIteration:
                return
            except csv.Error as exc:
                number += 1
                problem = InputError(f"row cannot be read: {exc}", file=doc.display,
                                     location=f"row {number}",
                                     hint="fix the quoting of this row")
                yield RawRow(number, [], problem=problem.one_line())
                continue
            except UnicodeError as exc:
                raise InputError(f"cannot decode text: {exc}", file=doc.display,
                                 location=f"row {number + 1}",
                                 hint="save the file as CSV UTF-8") from None
            number += 1
            notes: list[tuple[int, str]] | None = None
            for i, cell in enumerate(cells):
                if cell.isascii() and "\x00" not in cell:
                    continue
                fixed, message = _repair(cell, utf16)
                cells[i] = fixed
                if message:
                    notes = notes or []
                    notes.append((i, message))
            yield RawRow(number, cells, None, notes)
