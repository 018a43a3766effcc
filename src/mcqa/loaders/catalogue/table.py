"""Rows to records: one item per non-empty data row, with provenance per cell.

The shared driver of the XLSX and CSV readers: it finds the header (see
:mod:`.header`), plans the columns, decides the order of each date column, skips
empty and repeated header rows, counts everything in :class:`IntakeStats`, and
turns each data row into a record (or, in a batch run, a
:class:`~mcqa.model.load.Deferred` unit that a worker builds).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from itertools import chain
from typing import Any

from mcqa.errors import InputError, InputLimitError
from mcqa.loaders.base import LoadOptions
from mcqa.loaders.catalogue.cells import (
    as_text,
    country_parts,
    language_level,
    language_value,
    level_cell,
    number_cells,
    plain_value,
    split_bodies,
    split_outcomes,
    workload_cell,
)
from mcqa.loaders.catalogue.dates import DATE_TARGETS, ORDERS, decide_order, read_date
from mcqa.loaders.catalogue.header import find_header, sub_header
from mcqa.loaders.catalogue.plan import (
    MIN_RECOGNISED,
    Column,
    column_letter,
    column_note,
    plan_columns,
    quote_sheet,
    unique_ext,
)
from mcqa.loaders.catalogue.rows import HEADER_SCAN_ROWS, IntakeStats, RawRow
from mcqa.loaders.catalogue.summary import (
    footnote_row,
    row_number_heading,
    running_numbers,
    totals_row,
)
from mcqa.loaders.columns import (
    EXTENSION_PREFIX,
    IGNORE,
    NUMBER_TARGETS,
    ColumnMapping,
    recognise,
)
from mcqa.loaders.native import MappingReader
from mcqa.marks import N_
from mcqa.model import InputProblem, LoadItem, RecordBuilder
from mcqa.model.load import Deferred, LoadUnit

__all__ = ["HEADER_SCAN_ROWS", "IntakeStats", "RawRow", "Table", "load_mapping", "read_table"]


MAX_ROW_CELLS = 16_384
"""Cells of a row that are read: Excel's and LibreOffice's column limit (XFD)."""


class Table:
    """A table (a CSV file or one worksheet) with its column plan."""

    def __init__(self, file: str, fmt: str, sheet: str | None, columns: list[Column],
                 options: LoadOptions, header_rows: list[RawRow]):
        self.file = file
        self.fmt = fmt
        self.sheet = sheet
        self.prefix = f"{quote_sheet(sheet)}!" if sheet is not None else ""
        self.options = options
        self.header_row = header_rows[-1].number
        """The last header row (the second one of a two-row header)."""
        self.header_texts = [[h.text(i) for i in range(len(h.values))] for h in header_rows]
        """Each header row as written, to skip its repeats in concatenated exports."""
        self.row_numbers: frozenset[int] = frozenset()
        """Columns holding running row numbers (not read; named in the column note)."""
        self.set_columns(columns)
        self._row_number: int | None = None
        self._row_country: str | None = None
        self._cell_notes: list[tuple[str, str, str]] = []
        """Notes on how cells of the row being read were read (a language level)."""
        self.row_notes: dict[int, list[tuple[str, str, str]]] = {}
        """Notes on how the table was read (an assumed date order, sub-headers not
        understood), filed once, on a row: row number → (path, cell, message)."""

    def set_columns(self, columns: list[Column]) -> None:
        """The column plan (replaced once when a running-number column is found)."""
        self.columns = columns
        self.header_stripped = [c.header for c in columns]
        self.has_provider_id = any(c.target == "provider.id" for c in columns)
        self.body_detail = any((c.target or "").startswith("awarding_body.") for c in columns)
        self._used: set[str] | None = None
        self._countries = [c.index for c in columns if c.target == "issuer_country"]

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
            self.columns.append(Column(i, letter, "", unique_ext(letter.lower(),
                                                                   self._used, blank=True)))
            self.header_stripped.append("")
        return self.columns[index]

    def is_repeated_header(self, raw: RawRow) -> bool:
        """A verbatim copy of a header row (concatenated exports) or, right under
        the header, a label row whose names recognise to the same targets."""
        for texts in self.header_texts:
            if self._repeats(raw, texts):
                return True
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

    @staticmethod
    def _repeats(raw: RawRow, texts: list[str]) -> bool:
        seen = 0
        for i, v in enumerate(raw.values):
            if v is None or (isinstance(v, str) and not v.strip()):
                continue
            if not isinstance(v, str) or i >= len(texts) or v.strip() != texts[i]:
                return False
            seen += 1
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
        values = raw.values
        self._row_number, self._row_country = row, self._first_country(values)
        self._cell_notes = []
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
            self._place(col, value, ref, data, cells, issues, row)
            for extra in col.extras:
                self._place(extra, value, ref, data, cells, issues, row)
            if col.prose is not None and isinstance(value, str):
                prose.append((col.prose, value.strip(), ref))
        for index in unusable:
            if index >= len(raw.values):
                col = self._column(index)
                issues.append((col.issue_path, self.cell(index, row), unusable[index]))
        for index, message in raw.notes or ():
            col = self._column(index)
            issues.append((col.issue_path, self.cell(index, row), message))
        notes = [*self.row_notes.get(row, ()), *self._cell_notes]
        for index, message in raw.info or ():
            notes.append((self._column(index).issue_path, self.cell(index, row), message))
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
        for path, ref, message in notes:
            builder.issue(path, ref, message, severity="info")
        try:
            return builder.build()
        except InputError as exc:
            return InputProblem(file=self.file, locator=exc.location or row_ref,
                                message=exc.one_line(), record_id=default_id)

    def _first_country(self, values: Sequence[Any]) -> str | None:
        for index in self._countries:
            value = values[index] if index < len(values) else None
            if isinstance(value, str) and value.strip():
                parts = country_parts(value)
                return parts[0] if parts else None
        return None

    def _country(self, row: int) -> str | None:
        """The row's first issuer country as a code (set by :meth:`to_item`), for the
        framework aliases two countries share."""
        return self._row_country if self._row_number == row else None

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
               cells: dict[str, str], issues: list[tuple[str, str, str]], row: int) -> None:
        """Put one cell value into the descriptor-shaped mapping, read the way the column
        and the language of the cell say (units, decimal commas, dates, names)."""
        target = col.target
        assert target is not None
        if target.startswith(EXTENSION_PREFIX):
            text = as_text(value)
            if text is not None:
                data.setdefault("extensions", {})[target[len(EXTENSION_PREFIX):]] = text
            return
        if target == "learning_outcomes":
            self._append_list(data, cells, target, value, ref, split_outcomes)
        elif target == "issuer_country":
            self._append_list(data, cells, target, value, ref, country_parts)
        elif target == "awarding_body":
            if self.body_detail:  # name plus url/id columns describe one body
                self._set(data, cells, "awarding_body.name", plain_value(value), ref)
            else:
                self._append_list(data, cells, target, value, ref, split_bodies)
        elif target == "workload":
            self._workload(value, ref, data, cells, issues, col)
        elif target == "workload.duration":
            self._duration(value, ref, data, cells)
        elif target in ("level", "level.eqf", "level.nqf"):
            if language_level(value):  # "GER B2": a language level, said and not read
                shown = repr(str(value).strip()[:40])
                self._cell_notes.append((col.issue_path, ref, N_(
                    "{value} is a language level (CEFR), not an EQF or national "
                    "qualification level; not read as the level").format(value=shown)))
                return
            for path, found in level_cell(value, target, col.framework, self._country(row)):
                self._set(data, cells, path, found, ref)
        elif target in NUMBER_TARGETS:
            for path, number in number_cells(value, target):
                self._set(data, cells, path, number, ref)
        elif target in DATE_TARGETS:
            iso, problem = read_date(value, col.date_order or ORDERS[0])
            if problem is not None:
                issues.append((col.issue_path, ref, problem))
            else:
                self._set(data, cells, target, iso, ref)
        elif target == "language":
            self._set(data, cells, target, language_value(value), ref)
        else:
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
                     ref: str, split: Callable[[str], list[str]]) -> None:
        plain = plain_value(value)
        items: list[Any] = split(plain) if isinstance(plain, str) else [plain]
        existing = data.setdefault(target, [])
        for item in items:
            cells[f"{target}/{len(existing)}"] = ref
            existing.append(item)

    def _duration(self, value: Any, ref: str, data: dict[str, Any], cells: dict[str, str]
                  ) -> None:
        """A "Duration" cell: "35 heures" or "5 ECTS" states the workload (the unit says
        so); "6 Wochen" or a bare number stays a duration as stated."""
        plain = plain_value(value)
        if isinstance(plain, str):
            placements, _bare = workload_cell(plain)
            if placements and all(path != "workload.duration" for path, _ in placements):
                for path, found in placements:
                    self._set(data, cells, path, found, ref)
                return
        self._set(data, cells, "workload.duration", plain, ref)

    def _workload(self, value: Any, ref: str, data: dict[str, Any], cells: dict[str, str],
                  issues: list[tuple[str, str, str]], col: Column) -> None:
        plain = plain_value(value)
        if not isinstance(plain, str):
            issues.append((col.issue_path, ref, f"workload {plain!s:.20} has no unit; state "
                           "it as '5 ECTS' or '125 hours', or use ECTS / Hours columns"))
            return
        placements, bare = workload_cell(plain)
        if bare:
            issues.append((col.issue_path, ref, f"workload {plain[:20]!r} has no unit; state "
                           "it as '5 ECTS' or '125 hours', or use ECTS / Hours columns"))
            return
        for path, found in placements:
            self._set(data, cells, path, found, ref)


DATE_SCAN_ROWS = 2_000
"""Rows read ahead to decide each date column's order (day-first or month-first)."""


def load_mapping(options: LoadOptions) -> ColumnMapping | None:
    """The ``--mapping`` file of these options, if any (validated, cached per file)."""
    return ColumnMapping.load(options.mapping_file) if options.mapping_file else None


def read_table(rows: Iterator[RawRow], *, file: str, fmt: str, sheet: str | None,
               options: LoadOptions, mapping: ColumnMapping | None, stats: IntakeStats,
               where: str) -> Iterator[LoadUnit] | None:
    """Detect the header (and a second header row under it) and return the item
    iterator, or ``None`` when the table has no header row (the caller decides whether
    that is an error)."""
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
    ahead: list[RawRow] = []
    for raw in rows:  # the next non-empty row may be a second header row
        ahead.append(raw)
        if not raw.is_empty():
            break
    below = ahead[-1] if ahead and not ahead[-1].is_empty() else None
    second = sub_header(header, below, mapping) if below is not None else None
    header_rows = [header]
    texts: list[object] = list(header.values)
    if second is not None and below is not None:
        header_rows.append(below)
        texts = list(second.texts)
        stats.empty_rows += len(ahead) - 1
        ahead = []
    columns = plan_columns(texts, mapping)
    _require_title(columns, mapping, header_rows, file, where)
    table = Table(file, fmt, sheet, columns, options, header_rows)
    rest: Iterator[RawRow] = chain(ahead, rows)
    scanned = _decide_dates(table, rest, mapping)
    first_notes: list[tuple[str, str, str]] = []
    # notes of the rows above and of the header (the file's one "read as Windows-1252" note
    # when its first accented cell is a heading) go on the first record, never lost
    for above in (*buffer[:index + 1], *header_rows[1:]):
        for column, message in above.info or ():
            first_notes.append(("extensions", table.cell(column, above.number), message))
    if second is not None and second.unresolved:
        span = f"{header.number}-{header_rows[-1].number}"
        first_notes.append(("extensions", table.row_ref(header.number),
                            f"header rows {span}: {', '.join(second.unresolved)[:200]} not "
                            "understood; kept as col.<name> extensions — rename the columns "
                            "or map them with --mapping"))
    note = column_note(table.columns, mapping, row_numbers=table.row_numbers,
                       unread_too=not (second is not None and second.unresolved))
    if note is not None:
        first_notes.append(("extensions", table.row_ref(header.number), note))
    return _items(table, chain(buffer[index + 1:], scanned), stats, options, first_notes)


def _require_title(columns: list[Column], mapping: ColumnMapping | None,
                   header_rows: list[RawRow], file: str, where: str) -> None:
    """A catalogue needs a title column (or a mapping that names its columns)."""
    header = header_rows[0]
    mapped = mapping is not None and any(
        mapping.target_for(c.header) not in (None, IGNORE) for c in columns if c.header)
    if mapped or any(c.target == "title" for c in columns):
        return
    recognised = [f"{c.header!s:.30} → {c.target}" for c in columns
                  if c.target and not c.target.startswith(EXTENSION_PREFIX)]
    awards = sum((c.target or "").startswith(("learner.", "grade.")) for c in columns) >= 2
    first, last = header.number, header_rows[-1].number
    found = ", ".join(recognised)[:200]
    raise InputError(  # whole sentences, one per case, so each is translated as a whole
        (f"header rows {first}-{last} have no title column (recognised: {found}); this "
         "looks like a list of awards to learners, not a catalogue of micro-credential "
         "descriptions; a catalogue needs one row per micro-credential with at least its "
         "title") if awards and len(header_rows) > 1 else
        (f"header row {first} has no title column (recognised: {found}); this looks like "
         "a list of awards to learners, not a catalogue of micro-credential descriptions; "
         "a catalogue needs one row per micro-credential with at least its title")
        if awards else
        (f"header rows {first}-{last} have no title column (recognised: {found}); a "
         "catalogue needs one row per micro-credential with at least its title")
        if len(header_rows) > 1 else
        (f"header row {first} has no title column (recognised: {found}); a catalogue "
         "needs one row per micro-credential with at least its title"),
        file=file, location=f"{where}row {header.number}",
        hint="add a Title column or map one with --mapping mapping.yaml")


def _decide_dates(table: Table, rows: Iterator[RawRow], mapping: ColumnMapping | None
                  ) -> Iterator[RawRow]:
    """Read ahead (at most :data:`DATE_SCAN_ROWS` rows) to decide the order of every date
    column, note an assumed order once, and give the rows back unchanged."""
    dated = [c for col in table.columns for c in (col, *col.extras) if c.target in DATE_TARGETS]
    numbered = [col for col in table.columns
                if col.target is not None and not col.target.startswith(EXTENSION_PREFIX)
                and col.header and row_number_heading(col.header)
                and not (mapping is not None and mapping.targets_for(col.header))]
    if not dated and not numbered:
        return rows
    scanned: list[RawRow] = []
    for raw in rows:
        scanned.append(raw)
        if len(scanned) >= DATE_SCAN_ROWS:
            break
    if numbered and _row_numbers(table, numbered, scanned, mapping):
        dated = [c for col in table.columns for c in (col, *col.extras)
                 if c.target in DATE_TARGETS]
    for col in dated:
        values = [(raw.number, raw.values[col.index]) for raw in scanned
                  if col.index < len(raw.values) and raw.values[col.index] is not None]
        name = f"{col.letter} ({col.header[:40]})" if col.header else col.letter
        decided = decide_order(values, table.options.date_order, name)
        col.date_order = decided.order
        if decided.note is not None and decided.note_row is not None:
            table.row_notes.setdefault(decided.note_row, []).append(
                (col.issue_path, f"{table.prefix}{col.letter}{decided.note_row}", decided.note))
    return chain(scanned, rows)


def _row_numbers(table: Table, numbered: list[Column], scanned: list[RawRow],
                 mapping: ColumnMapping | None) -> bool:
    """A column headed "Lp." or "Nr." whose cells run 1, 2, 3 … holds row numbers: the
    columns are planned again without it (kept as a ``col.<name>`` extension), so the field
    it took ("Lp." is also German Leistungspunkte) goes to the column that states it; a
    column of credits keeps feeding ECTS. True when the plan changed."""
    data = [raw for raw in scanned if not raw.is_empty() and raw.problem is None
            and not table.is_repeated_header(raw)
            and not totals_row(raw.values, raw.unusable)
            and not footnote_row(raw.values, raw.unusable)]
    found: set[int] = set()
    for col in numbered:
        values = [v for raw in data if col.index < len(raw.values)
                  for v in (raw.values[col.index],)
                  if v is not None and not (isinstance(v, str) and not v.strip())]
        if running_numbers(values, first_column=col.index == 0):
            found.add(col.index)
    if not found:
        return False
    table.row_numbers = frozenset(found)
    table.set_columns(plan_columns(table.header_stripped, mapping, row_numbers=found))
    return True


def _row_items(table: Table, raw: RawRow) -> list[LoadItem]:
    """Build one deferred row (in a batch worker)."""
    return [table.to_item(raw)]


def _items(table: Table, rows: Iterator[RawRow], stats: IntakeStats, options: LoadOptions,
           first_notes: list[tuple[str, str, str]]) -> Iterator[LoadUnit]:
    """The table's records, in row order. Totals and footnote rows below data (see
    :mod:`.summary`) are skipped and named in one note on the table's last record, so the
    record before them is held back until the next data row or the end of the table."""
    limit = options.limits.max_records_per_file
    previous = table.header_row
    held: RawRow | None = None
    skipped: list[int] = []
    for raw in rows:
        if raw.number > previous + 1:  # rows absent from the XLSX file are empty rows
            stats.empty_rows += raw.number - previous - 1
        previous = raw.number
        if raw.is_empty():
            stats.empty_rows += 1
            continue
        if table.is_repeated_header(raw):
            stats.repeated_header_rows += 1
            continue
        if held is not None and raw.problem is None and (
                totals_row(raw.values, raw.unusable) or footnote_row(raw.values, raw.unusable)):
            stats.summary_rows += 1
            skipped.append(raw.number)
            continue
        if stats.data_rows >= limit:
            raise InputLimitError(
                f"more than {limit} rows", file=table.file,
                location=table.row_ref(raw.number),
                hint="split the catalogue or raise the records-per-file limit")
        stats.data_rows += 1
        if first_notes:  # notes about the whole table go on its first record
            table.row_notes.setdefault(raw.number, []).extend(first_notes)
            first_notes = []
        if held is not None:
            yield _unit(table, held, stats, options)
        held = raw
    if held is not None:
        if skipped:
            table.row_notes.setdefault(held.number, []).append(
                ("extensions", table.row_ref(skipped[0]), _skipped_note(skipped)))
        yield _unit(table, held, stats, options)


def _skipped_note(rows: list[int]) -> str:
    """"rows 9, 12-13 read as totals or footnotes, not as records"."""
    spans: list[str] = []
    start = end = rows[0]
    for number in [*rows[1:], None]:
        if number is not None and number == end + 1:
            end = number
            continue
        spans.append(f"{start}" if start == end else f"{start}\u2013{end}")
        if number is not None:
            start = end = number
    listed = ", ".join(spans)
    if len(rows) == 1:
        return N_("row {rows} read as a total or a footnote, not as a record").format(
            rows=listed)
    return N_("rows {rows} read as totals or footnotes, not as records").format(rows=listed)


def _unit(table: Table, raw: RawRow, stats: IntakeStats, options: LoadOptions) -> LoadUnit:
    if raw.problem is None and options.defer:
        return Deferred(table.file, table.row_ref(raw.number), partial(_row_items, table, raw))
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
    return item
