"""Column planning: which descriptor field each column of a catalogue feeds.

A header row is a list of cells; :func:`plan_columns` gives each a :class:`Column`
with its target (``workload.ects``, ``extensions.col.notes``) and the paths the
row reader needs, computed once per table because rows are read in a hot loop.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from mcqa.loaders.columns import (
    EXTENSION_PREFIX,
    IGNORE,
    LIST_TARGETS,
    PROSE_TARGETS,
    ColumnMapping,
    extension_key,
    recognise,
    recognise_by_word,
)

MIN_RECOGNISED = 2
"""A header row needs at least this many recognised (or mapped) columns."""


def column_letter(index: int) -> str:
    """0-based column index → spreadsheet letters (0 → A, 26 → AA)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class Column:
    """One column of the table and where its values go (paths precomputed: hot loop).

    A column feeds one target, and possibly more (``extras``): a provider column also
    names the awarding body when the catalogue has no awarding-body column, and a mapping
    file may list several targets for one header. Every target keeps the same cell as
    provenance.
    """

    __slots__ = ("date_order", "extras", "framework", "header", "index", "issue_path",
                 "letter", "parent", "pointer", "prose", "target")

    def __init__(self, index: int, letter: str, header: str, target: str | None,
                 prose: str | None = None):
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
        self.prose = prose
        """``description`` or ``notes`` when the column holds free text to read for
        statements of Annex I elements (its value is also kept as an extension)."""
        self.extras: tuple[Column, ...] = ()
        """Further targets fed by the same cell."""
        self.date_order: str | None = None
        """For a date column: the order decided for it (``dmy``, ``mdy``, ``ymd``)."""
        self.framework = header if target in _LEVEL_TARGETS and header else None
        """For a level column: its header, which may name the framework of a bare level
        ("DQR-Niveau", "Livello QNQ"; read per row, as a shared alias needs the country)."""

    def __repr__(self) -> str:
        more = "".join(f", {c.target}" for c in self.extras)
        return f"Column({self.letter}, {self.header!r} -> {self.target}{more})"


_LEVEL_TARGETS = frozenset({"level", "level.nqf", "level.eqf"})


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def targets_of(header: str, mapping: ColumnMapping | None, *, by_word: bool = False
               ) -> tuple[str, ...]:
    """Targets of a header: the mapping's first (``(ignore,)`` included), then automatic
    recognition (with ``by_word``, by a key word too: only for headings of a header row
    already found, since instructions and data cells hold such words as well); empty when
    the header is not understood."""
    if not header:
        return ()
    if mapping is not None:
        mapped = mapping.targets_for(header)
        if mapped:
            return mapped
    target = recognise(header)
    if target is None and by_word:
        worded = recognise_by_word(header)
        target = worded[0] if worded is not None else None
    return (target,) if target is not None else ()


def is_recognised(header: str, mapping: ColumnMapping | None) -> bool:
    """The header names a field (mapped or recognised; ``ignore`` does not count)."""
    found = targets_of(header, mapping)
    return bool(found) and found != (IGNORE,)


def count_recognised(values: Sequence[Any], mapping: ColumnMapping | None) -> int:
    """How many cells of a row are recognised (or mapped) column names."""
    return sum(1 for v in values if isinstance(v, str) and is_recognised(v.strip(), mapping))


def plan_columns(headers: Sequence[Any], mapping: ColumnMapping | None,
                 row_numbers: frozenset[int] | set[int] = frozenset()) -> list[Column]:
    """Assign each header its targets; duplicates of a single-valued target and unknown
    headers become ``extensions.col.<name>`` so nothing is lost; free-text columns keep
    their ``col.<name>`` key and are marked for reading as prose. Columns at ``row_numbers``
    hold running row numbers: they feed no field (kept as extensions).

    Without an awarding-body column, the provider column names the awarding body too:
    a catalogue lists a provider's own offers, and Annex I asks who awards them.
    """
    columns: list[Column] = []
    used: set[str] = set()
    for index, raw in enumerate(headers):
        header = _header_text(raw)
        letter = column_letter(index)
        found = () if index in row_numbers else targets_of(header, mapping, by_word=True)
        if found == (IGNORE,):
            columns.append(Column(index, letter, header, None))
            continue
        targets = [t for t in found if t != IGNORE]
        prose = next((t for t in targets if t in PROSE_TARGETS), None)
        targets = [t for t in targets if t not in PROSE_TARGETS]
        kept: list[str] = []
        for target in targets:
            if target in used and target not in LIST_TARGETS \
                    and not target.startswith("awarding_body."):
                continue  # second "Title" column: kept below, as an extension
            used.add(target)
            kept.append(target)
        if not kept:
            if not header:
                columns.append(Column(index, letter, header,
                                      unique_ext(letter.lower(), used, blank=True)))
                continue
            kept = [unique_ext(extension_key(header, letter)[4:], used)]
        column = Column(index, letter, header, kept[0], prose)
        column.extras = tuple(Column(index, letter, header, t) for t in kept[1:])
        columns.append(column)
    _provider_awards(columns)
    return columns


def column_note(columns: list[Column], mapping: ColumnMapping | None, *,
                unread_too: bool = True,
                row_numbers: frozenset[int] | set[int] = frozenset()) -> str | None:
    """One note naming the columns read by a key word (to check) and those not understood
    (kept as extensions; not with ``unread_too`` off, when a note on the second header row
    names them), or ``None`` when every heading was read from the list."""
    worded: list[str] = []
    unread: list[str] = []
    for col in columns:
        if not col.header or col.target is None or col.prose is not None:
            continue
        if col.index in row_numbers:  # "Lp." holding 1, 2, 3 …: not read, like "Lfd. Nr."
            unread.append(f"{col.header!r} ({col.letter})")
            continue
        if mapping is not None and mapping.targets_for(col.header):
            continue
        if recognise(col.header) is not None:
            continue
        by_word = recognise_by_word(col.header)
        if by_word is not None and col.target == by_word[0]:
            worded.append(f"{col.header!r} ({col.letter}) as {by_word[0]}")
        elif unread_too and col.target.startswith(EXTENSION_PREFIX):
            unread.append(f"{col.header!r} ({col.letter})")
    parts: list[str] = []
    if worded:
        parts.append("columns read by a key word of their heading: " + ", ".join(worded))
    if unread:
        parts.append("columns not understood, kept as col.<name> extensions: "
                     + ", ".join(unread))
    if not parts:
        return None
    return ("; ".join(parts))[:600] + " — check them, or name them with --mapping"


def _provider_awards(columns: list[Column]) -> None:
    """The provider column also feeds ``awarding_body`` when no column names one (columns
    giving only its web address or VAT number describe the provider's body then); the
    other way round, the awarding-body column names the provider when no column does (a
    register of awards lists the bodies that offer them; benchmarks group by provider)."""
    every = [c for col in columns for c in (col, *col.extras)]
    if any(c.target in ("awarding_body", "awarding_body.name") for c in every):
        if not any(c.target in ("provider.name", "provider.id") for c in every):
            for col in columns:
                if col.target in ("awarding_body", "awarding_body.name"):
                    col.extras = (*col.extras,
                                  Column(col.index, col.letter, col.header, "provider.name"))
                    return
        return
    for col in columns:
        if col.target == "provider.name" or any(c.target == "provider.name" for c in col.extras):
            col.extras = (*col.extras, Column(col.index, col.letter, col.header, "awarding_body"))
            return


def unique_ext(name: str, used: set[str], *, blank: bool = False) -> str:
    """A ``col.<name>`` extension target not yet in ``used`` (``_2``, ``_3``... appended)."""
    base = f"{EXTENSION_PREFIX}col.{'column_' if blank else ''}{name}"
    target, n = base, 2
    while target in used:
        target, n = f"{base}_{n}", n + 1
    used.add(target)
    return target


def quote_sheet(name: str) -> str:
    """A sheet name as spreadsheet references write it (quoted when not a plain word)."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name):
        return name
    return "'" + name.replace("'", "''") + "'"
