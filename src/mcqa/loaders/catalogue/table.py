"""Rows to records: one item per non-empty data row, with provenance per cell.

The shared driver of the XLSX and CSV readers: it finds the header row,
plans the columns, skips empty and repeated header rows, counts everything in
:class:`IntakeStats`, and turns each data row into a record (or, in a batch
run, a :class:`~mcqa.model.load.Deferred` unit that a worker builds).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from mcqa.errors import InputError, InputLimitError
from mcqa.loaders.base import LoadOptions
from mcqa.loaders.catalogue.cells import (
    _EQF_TEXT,
    _HOURS_UNITS,
    _LEVEL_EQF,
    _LEVEL_OTHER,
    _NUM_UNIT,
    _SPLIT_BODIES,
    _SPLIT_COUNTRIES,
    _WORKLOAD_PART,
    as_text,
    number,
    plain_value,
    split_outcomes,
)
from mcqa.loaders.catalogue.plan import (
    MIN_RECOGNISED,
    Column,
    column_letter,
    count_recognised,
    plan_columns,
    quote_sheet,
    unique_ext,
)
from mcqa.loaders.columns import EXTENSION_PREFIX, IGNORE, NUMBER_TARGETS, ColumnMapping, recognise
from mcqa.loaders.native import MappingReader
from mcqa.model import InputProblem, LoadItem, RecordBuilder
from mcqa.model.load import Deferred, LoadUnit

HEADER_SCAN_ROWS = 10
"""The header row is searched among this many first non-empty rows."""


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


class Table:
    """A table (a CSV file or one worksheet) with its column plan."""

    def __init__(self, file: str, fmt: str, sheet: str | None, columns: list[Column],
                 options: LoadOptions, header_row: int):
        self.file = file
        self.fmt = fmt
        self.sheet = sheet
        self.prefix = f"{quote_sheet(sheet)}!" if sheet is not None else ""
        self.columns = columns
        self.options = options
        self.header_row = header_row
        self.header_stripped = [c.header for c in columns]
        self.has_provider_id = any(c.target == "provider.id" for c in columns)
        self.body_detail = any((c.target or "").startswith("awarding_body.") for c in columns)

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
        while index >= len(self.columns):  # ragged row: cells beyond the header
            i = len(self.columns)
            letter = column_letter(i)
            used = {c.target for c in self.columns if c.target}
            self.columns.append(Column(i, letter, "", unique_ext(letter.lower(),
                                                                   used, blank=True)))
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
        prose: list[tuple[str, str, str]] = []
        for index, value in enumerate(raw.values):
            col = columns[index] if index < len(columns) else self._column(index)
            if col.target is None:
                continue
            ref = f"{prefix}{col.letter}{row}"
            cells.setdefault(col.pointer, ref)
            cells.setdefault(col.parent, ref)
            for extra in col.extras:
                cells.setdefault(extra.pointer, ref)
                cells.setdefault(extra.parent, ref)
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
            for extra in col.extras:
                self._place(extra, value, ref, data, cells, issues)
            if col.prose is not None and isinstance(value, str):
                prose.append((col.prose, value.strip(), ref))
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
        if prose:
            self._statements(builder, prose)
        for path, ref, message in issues:
            builder.issue(path, ref, f"{path}: {message}")
        try:
            return builder.build()
        except InputError as exc:
            return InputProblem(file=self.file, locator=exc.location or row_ref,
                                message=exc.one_line(), record_id=default_id)

    @staticmethod
    def _statements(builder: RecordBuilder, prose: list[tuple[str, str, str]]) -> None:
        """Free-text columns (description, notes) as statements, the way credential loaders
        keep descriptions: a missing value stated in prose becomes *review*, not *fail*."""
        from mcqa.loaders.prose import prose_elements

        title = builder.fields.get("title")
        for kind, text, ref in prose:
            elements = prose_elements(text, title=title if isinstance(title, str) else None)
            builder.statement(f"catalogue.{kind}", text, elements, ref)

    def _place(self, col: Column, value: Any, ref: str, data: dict[str, Any],
               cells: dict[str, str], issues: list[tuple[str, str, str]]) -> None:
        """Put one cell value into the descriptor-shaped mapping."""
        target = col.target
        assert target is not None
        if target.startswith(EXTENSION_PREFIX):
            text = as_text(value)
            if text is not None:
                data.setdefault("extensions", {})[target[len(EXTENSION_PREFIX):]] = text
            return
        if target == "learning_outcomes":
            self._append_list(data, cells, target, value, ref, split_outcomes)
            return
        if target == "issuer_country":
            self._append_list(data, cells, target, value, ref,
                              lambda t: [p for p in _SPLIT_COUNTRIES.split(t) if p])
            return
        if target == "awarding_body":
            if self.body_detail:  # name plus url/id columns describe one body
                self._set(data, cells, "awarding_body.name", plain_value(value), ref)
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
            self._set(data, cells, target, number(value, target), ref)
            return
        self._set(data, cells, target, plain_value(value), ref)

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
        plain = plain_value(value)
        items: list[Any] = split(plain) if isinstance(plain, str) else [plain]
        existing = data.setdefault(target, [])
        for item in items:
            cells[f"{target}/{len(existing)}"] = ref
            existing.append(item)

    def _workload(self, value: Any, ref: str, data: dict[str, Any], cells: dict[str, str],
                  issues: list[tuple[str, str, str]], col: Column) -> None:
        plain = plain_value(value)
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
        plain = plain_value(value)
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




def load_mapping(options: LoadOptions) -> ColumnMapping | None:
    return ColumnMapping.load(options.mapping_file) if options.mapping_file else None


def find_header(buffer: list[RawRow], mapping: ColumnMapping | None) -> int | None:
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


def read_table(rows: Iterator[RawRow], *, file: str, fmt: str, sheet: str | None,
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
        index = find_header(buffer[-1:], mapping)
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
    table = Table(file, fmt, sheet, columns, options, header.number)
    return _items(table, iter(buffer[index + 1:]), rows, stats, options)


def _row_items(table: Table, raw: RawRow) -> list[LoadItem]:
    """Build one deferred row (in a batch worker)."""
    return [table.to_item(raw)]


def _items(table: Table, buffered: Iterator[RawRow], rows: Iterator[RawRow],
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

