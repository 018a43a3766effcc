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
    ColumnMapping,
    extension_key,
    recognise,
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
                columns.append(Column(index, letter, header, unique_ext(letter.lower(),
                                                                         used, blank=True)))
                continue
            target = unique_ext(extension_key(header, letter)[4:], used)
        used.add(target)
        columns.append(Column(index, letter, header, target))
    return columns


def unique_ext(name: str, used: set[str], *, blank: bool = False) -> str:
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
