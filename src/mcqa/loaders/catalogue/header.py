"""The header of a catalogue: notes rows above it, and two-row headers below it.

Offices put a title, instructions or notes above the table, and group columns under a
merged cell ("Workload" over "ECTS | Hours", "Level" over "EQF | NQF"). The header row is
the first of the first :data:`~.rows.HEADER_SCAN_ROWS` non-empty rows with at least two
recognised column names. The row right under it is a second header row when its cells
are words (no numbers or dates), some sit under a merged or blank-extended header cell,
every other cell of it is empty or repeats, narrows ("Niveau" over "EQR") or names its
column, and — under cells that
are only blank-extended, not merged — at least one names a field; each grouped column is then
read as "parent child" ("Workload ECTS" → ``workload.ects``) or, failing that, as the
child alone ("NQF" → ``level.nqf``). Such a row is never a record. Sub-headers that name
nothing mcqa knows are kept as ``col.<parent_child>`` extensions, with one note saying so.
"""

from __future__ import annotations

from dataclasses import dataclass

from mcqa.loaders.catalogue.plan import MIN_RECOGNISED, count_recognised, is_recognised
from mcqa.loaders.catalogue.rows import RawRow
from mcqa.loaders.columns import ColumnMapping, recognise, recognise_by_word
from mcqa.numbers import parse_number


@dataclass(frozen=True)
class SubHeader:
    """A second header row, read."""

    texts: list[str]
    """Header text per column to plan with ("Workload ECTS", "Title")."""
    unresolved: list[str]
    """'parent' over 'child' descriptions of grouped columns nothing could name."""


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


def _is_label(text: str) -> bool:
    """Text that can be a column name: words, not a number or a date written with digits."""
    return (any(c.isalpha() for c in text) and parse_number(text) is None
            and sum(c.isdigit() for c in text) < 4)


def _parents(head: RawRow, below: RawRow, width: int
             ) -> tuple[list[str], list[bool], list[bool]]:
    """Each column's header text, whether it is grouped under a wider header cell (an
    XLSX merge, or a header cell followed by blank ones with sub-headers below), and
    whether that grouping is a real merged cell."""
    parent = [head.text(i) for i in range(width)]
    grouped = [False] * width
    merged = [False] * width
    for first, last in (head.spans or {}).items():
        for i in range(first, min(last, width - 1) + 1):
            parent[i] = head.text(first)
            grouped[i] = merged[i] = True
    anchor: int | None = None
    for i in range(width):
        if head.text(i):
            anchor = i if below.text(i) else None
            continue
        if grouped[i]:
            continue
        if anchor is not None and below.text(i):
            parent[i] = head.text(anchor)
            grouped[i] = grouped[anchor] = True
        else:
            anchor = None
    return parent, grouped, merged


def sub_header(head: RawRow, below: RawRow, mapping: ColumnMapping | None) -> SubHeader | None:
    """``below`` read as a second header row under ``head``, or ``None`` when it is data."""
    width = max(len(head.values), len(below.values))
    cells = {i: v for i, v in enumerate(below.values)
             if v is not None and not (isinstance(v, str) and not v.strip())}
    if not cells or below.problem or any(not isinstance(v, str) for v in cells.values()):
        return None
    if any(not _is_label(below.text(i)) for i in cells):
        return None
    parent, grouped, merged = _parents(head, below, width)
    if not any(grouped[i] for i in cells):
        return None
    for i in cells:
        if grouped[i]:
            continue
        child = below.text(i)
        if not head.text(i):  # a column named in the second row only
            if not is_recognised(child, mapping):
                return None
        # a cell under an ordinary column may only repeat its name (a label row) or
        # narrow it ("Niveau" over "EQR" → level.eqf)
        elif not _repeats_or_narrows(recognise(parent[i]), recognise(child)):
            return None
    texts: list[str] = []
    unresolved: list[str] = []
    for i in range(width):
        narrows = (i in cells and not grouped[i] and head.text(i)
                   and recognise(below.text(i)) != recognise(parent[i]))
        child = below.text(i) if (grouped[i] or not head.text(i) or narrows) else ""
        texts.append(_resolve(parent[i], child, mapping, unresolved))
    named = len([i for i in cells if grouped[i]]) - len(unresolved)
    if not named and not any(merged[i] for i in cells):
        return None  # blank-extended cells over words nothing can name: data, not a header
    return SubHeader(texts, unresolved)


def _repeats_or_narrows(parent: str | None, child: str | None) -> bool:
    """The field a sub-header cell names is its column's own field, or a part of it."""
    if parent is None or child is None:
        return False
    return child == parent or child.startswith(parent + ".")


def _resolve(parent: str, child: str, mapping: ColumnMapping | None,
             unresolved: list[str]) -> str:
    if not child:
        return parent
    combined = f"{parent} {child}".strip()
    if parent and is_recognised(combined, mapping):
        return combined
    if is_recognised(child, mapping):
        return child
    # read by a key word when the columns are planned ("Total Student Effort (hrs)",
    # "Studiepunten (EC)"): named in the column note, not "not understood"
    if parent and recognise_by_word(combined) is not None:
        return combined
    if recognise_by_word(child) is not None:
        return child
    unresolved.append(f"{parent!r} over {child!r}" if parent else repr(child))
    return combined
