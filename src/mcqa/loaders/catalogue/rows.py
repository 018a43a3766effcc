"""A spreadsheet row before interpretation, and the counters of one file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

HEADER_SCAN_ROWS = 30
"""The header row is searched among this many first non-empty rows (offices put a title,
instructions and notes above the table)."""


@dataclass
class IntakeStats:
    """Counters for one file; ``data_rows == records + problems`` always holds."""

    data_rows: int = 0
    records: int = 0
    problems: int = 0
    empty_rows: int = 0
    repeated_header_rows: int = 0
    preamble_rows: int = 0
    summary_rows: int = 0
    """Totals and footnote rows below the data, skipped and named in a note."""
    sheets_read: list[str] = field(default_factory=list)
    sheets_skipped: list[str] = field(default_factory=list)
    legacy_encoding: bool = False
    """A CSV file was read as Windows-1252 (noted once, on the first such cell)."""


@dataclass
class RawRow:
    """One spreadsheet row before interpretation.

    ``unusable`` maps a column index to the reason its value cannot be used
    (formula, error value, merged cell); ``notes`` lists (index, message) for
    values that are used but were repaired (NUL removed); ``info`` lists (index,
    message) notes on how the file was read, given once per file (its encoding).
    """

    number: int
    values: Sequence[Any]
    unusable: dict[int, str] | None = None
    notes: list[tuple[int, str]] | None = None
    problem: str | None = None
    """Set when the row itself cannot be read (CSV quoting); it becomes an InputProblem."""
    info: list[tuple[int, str]] | None = None
    spans: dict[int, int] | None = None
    """XLSX: merged ranges anchored in this row that span columns (first → last index)."""

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

    def text(self, index: int) -> str:
        """The cell at ``index`` as stripped text ("" when empty, absent or not text)."""
        if index >= len(self.values):
            return ""
        value = self.values[index]
        return value.strip() if isinstance(value, str) else ""
