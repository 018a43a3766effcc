"""Rows of a catalogue that are not records, and running-number columns.

Offices close a table with a totals row (a label such as "Summe" or "TOTAL" and the sums
of the numeric columns) and write footnotes below the data ("Stand: 01.03.2025 -
Änderungen vorbehalten", "* Angaben ohne Gewähr"). Read as records, each would be a
phantom micro-credential failing every rule. A row is taken for one only when its shape
and its words agree (words: ``standards/vocabularies/catalogue-rows.yaml``):

* a totals row: its first filled cell is a totals label as a whole, and every other filled
  cell is a number (or a formula): "Total Quality Management" with a provider beside it is a
  record;
* a footnote row, below the data: its only filled cell is text that opens with a note word
  and a colon ("Source: …"), holds a disclaimer phrase ("Änderungen vorbehalten") or starts
  with a footnote mark ("*", "(*)", "¹").

A column headed "Lp.", "Nr." or "#" whose cells run 1, 2, 3 … is the row number, not a
field (German "LP" also means Leistungspunkte: a column of credits stays one).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from mcqa.vocab import normalise, vocabulary

__all__ = ["footnote_row", "row_number_heading", "running_numbers", "totals_row"]

VOCABULARY = "catalogue-rows"

MAX_LABEL_CHARS = 40
"""A totals label is short; a longer first cell is never one."""

_NUMBER = re.compile(r"(?:[^\W\d_]{1,4}\.?\s?|[€$£]\s?)?[-+]?\d[\d\s.,'\u2019\u00a0\u202f]*+"
                     r"(?:\s?(?:[^\W\d_]{1,6}\.?|[€$£%]))?")
"""A number as a totals row writes it: "20", "5.110,00", "290 h", "600 Std.", "€ 300"."""
_FOOTNOTE_MARK = re.compile(r"(?:\*{1,3}|\(\*{1,3}\)|[\u00b9\u00b2\u00b3\u2020\u2021])\s*\S")
_LEAD = re.compile(r"([^:\n]{1,40}):")


def _filled(values: Sequence[Any], unusable: dict[int, str] | None
            ) -> list[tuple[int, Any]]:
    out: list[tuple[int, Any]] = []
    for index, value in enumerate(values):
        if unusable and index in unusable:
            out.append((index, None))  # a formula or error value: no text to read
        elif value is None or (isinstance(value, str) and not value.strip()):
            continue
        else:
            out.append((index, value))
    for index in unusable or ():
        if index >= len(values):
            out.append((index, None))
    return sorted(out, key=lambda item: item[0])


def _numeric(value: Any) -> bool:
    if value is None:
        return True  # a formula cell ("=SUMME(E6:E10)") of a totals row
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and _NUMBER.fullmatch(value.strip()) is not None


def totals_row(values: Sequence[Any], unusable: dict[int, str] | None = None) -> bool:
    """A totals row: a totals label as the whole first filled cell, numbers elsewhere."""
    filled = _filled(values, unusable)
    if not filled:
        return False
    _, label = filled[0]
    if not isinstance(label, str) or len(label.strip()) > MAX_LABEL_CHARS:
        return False
    if vocabulary(VOCABULARY).match(label, ("total",)) is None:
        return False
    return all(_numeric(value) for _, value in filled[1:])


def footnote_row(values: Sequence[Any], unusable: dict[int, str] | None = None) -> bool:
    """A footnote below the data: one text cell with a note word before a colon, a
    disclaimer phrase, or a footnote mark at its start."""
    filled = _filled(values, unusable)
    if len(filled) != 1 or not isinstance(filled[0][1], str):
        return False
    text = filled[0][1].strip()
    if _FOOTNOTE_MARK.match(text):
        return True
    vocab = vocabulary(VOCABULARY)
    lead = _LEAD.match(text)
    if lead is not None and vocab.match(lead.group(1), ("note",)) is not None:
        return True
    folded = normalise(text[:300])
    return any(re.search(rf"(?<!\w){re.escape(term)}(?!\w)", folded)
               for term in vocab.terms("disclaimer"))


@lru_cache(maxsize=1)
def _row_number_headings() -> frozenset[str]:
    from mcqa.loaders.columns import normalize_header

    out: set[str] = set()
    for term in vocabulary(VOCABULARY).terms("row-number"):
        out.add(term)
        folded = normalize_header(term)
        if folded:
            out.add(folded)
    return frozenset(out)


def row_number_heading(header: str) -> bool:
    """The heading of a running-number column ("Lp.", "Nr.", "N°", "#")."""
    from mcqa.loaders.columns import normalize_header

    folded = normalize_header(header)
    headings = _row_number_headings()
    return (folded in headings) if folded else normalise(header) in headings


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and len(value) < 40 and re.fullmatch(r"\d{1,6}\.?", value.strip()):
        return int(value.strip().rstrip("."))
    return None


def running_numbers(values: Sequence[Any], *, first_column: bool) -> bool:
    """The cells (in row order, empty ones left out) run 1, 2, 3 … without a gap; a single
    1 counts only in the table's first column."""
    numbers = [_integer(v) for v in values]
    if not numbers or any(n is None for n in numbers):
        return False
    if numbers != list(range(1, len(numbers) + 1)):
        return False
    return len(numbers) >= 2 or first_column
