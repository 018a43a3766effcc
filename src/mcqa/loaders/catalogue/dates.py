"""Dates as European catalogues write them, read to ISO 8601 text.

``01.03.2025`` (German, Polish), ``01/03/2025`` (French, Spanish, Italian), ``1-3-2025``
(Dutch), ``2025-03-01``, ``1. März 2025``, ``1er mars 2025``, ``1 de marzo de 2025``,
Excel serial numbers and real date cells. Numeric dates are day-first in most of Europe
and month-first in the United States, so the order is decided **per column**: a value
whose first part is above 12 settles it; a column where every value could be either
follows ``--date-order`` (default day-first) and gets one note. A value that cannot be
read is an input issue on its cell ("not a date I can read"), never a failed date rule:
the rule judges dates, not mcqa's reading of them.

Month names and the filler words of written dates are data
(``standards/vocabularies/months.yaml``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from mcqa.marks import N_

__all__ = ["DATE_TARGETS", "ORDERS", "ColumnOrder", "decide_order", "read_date"]

DATE_TARGETS: frozenset[str] = frozenset({"issue_date", "valid_until",
                                          "quality_assurance.review_date"})
"""Columns whose values are dates."""

ORDERS: tuple[str, ...] = ("dmy", "mdy", "ymd")
"""Orders of a numeric date; the first is the default (day-first, as in most of Europe)."""

_PATTERN = {"dmy": "dd.mm.yyyy", "mdy": "mm/dd/yyyy", "ymd": "yyyy-mm-dd"}
_NAME = {"dmy": N_("day-first"), "mdy": N_("month-first"), "ymd": N_("year-first")}

MAX_DATE_CHARS = 60
"""Longer text is not a date someone typed into a cell."""

_NUMERIC = re.compile(r"(\d{1,4}+)\s*+([./-])\s*+(\d{1,2}+)\s*+\2\s*+(\d{1,4}+)\.?+")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?+)?+"
                  r"(?:Z|[+-]\d{2}:?\d{2})?+)?+")
_TOKEN = re.compile(r"\d++|[^\W\d_]++")
_SERIAL_RANGE = (20_000, 80_000)
"""Excel serial numbers taken as dates: 1954-10-03 to 2119-01-11 (a year such as 2025 is
not a date)."""
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class ColumnOrder:
    """The order decided for one date column, and the note to give (once) about it."""

    order: str
    note: str | None = None
    """Set when every numeric value was ambiguous and the order was assumed."""
    note_row: int | None = None
    """Row of the first ambiguous value, where the note is filed."""


def _year(text: str) -> int:
    value = int(text)
    if len(text) <= 2:
        return 2000 + value if value < 70 else 1900 + value
    return value


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _numeric(text: str) -> tuple[str, str, str] | None:
    match = _NUMERIC.fullmatch(text.strip())
    if not match:
        return None
    a, _sep, b, c = match.groups()
    if len(a) == 3 or len(c) == 3 or (len(a) == 4 and len(c) == 4):
        return None
    return a, b, c


def _as_date(parts: tuple[str, str, str], order: str) -> date | None:
    a, b, c = parts
    if len(a) == 4:  # 2025/03/01, 2025.03.01: year first whatever the column's order
        return _valid(int(a), int(b), int(c)) if len(c) <= 2 else None
    if order == "dmy":
        return _valid(_year(c), int(b), int(a))
    if order == "mdy":
        return _valid(_year(c), int(a), int(b))
    if len(a) == 2 and len(c) == 2:  # ymd with a two-digit year: 25/03/01
        return _valid(_year(a), int(b), int(c))
    return None


def orders_of(text: str) -> frozenset[str] | None:
    """The orders under which ``text`` is a real date; ``None`` when it is not a numeric
    date at all (ISO, words, serial numbers need no order)."""
    parts = _numeric(text)
    if parts is None or len(parts[0]) == 4:
        return None
    return frozenset(o for o in ORDERS if _as_date(parts, o) is not None)


def decide_order(values: Iterable[tuple[int, Any]], default: str | None,
                 column: str) -> ColumnOrder:
    """The order of one column from its (row, value) pairs: the order that reads most
    values; a tie (every value could be either) falls to ``default`` (day-first when not
    given) with a note, unless the user chose the order."""
    counts: Counter[str] = Counter()
    first_ambiguous: int | None = None
    decisive = False
    for row, value in values:
        if not isinstance(value, str):
            continue
        found = orders_of(value)
        if not found:
            continue
        counts.update(found)
        if len(found) > 1:
            if first_ambiguous is None:
                first_ambiguous = row
        else:
            decisive = True
    preferred = default or ORDERS[0]
    if not counts:
        return ColumnOrder(preferred)
    best = max(counts.values())
    leaders = [o for o in ORDERS if counts[o] == best]
    order = preferred if preferred in leaders else leaders[0]
    if len(leaders) == 1 or decisive or default is not None or first_ambiguous is None:
        return ColumnOrder(order)
    note = N_("column {column}: every date could be read day-first or month-first (e.g. "
              "03/04/2025); read as {order} ({pattern}) — if the file is month-first, check "
              "it with --date-order mdy").format(column=column, order=_NAME[order],
                                                 pattern=_PATTERN[order])
    return ColumnOrder(order, note, first_ambiguous)


@cache
def _months() -> tuple[dict[str, int], frozenset[str]]:
    from mcqa.vocab import vocabulary

    vocab = vocabulary("months")
    months: dict[str, int] = {}
    for key, entry in vocab.entries.items():
        if key.isdigit():
            for term in entry.all_terms:
                months[term] = int(key)
    return months, vocab.terms("connectors")


def _words_date(text: str) -> date | None:
    """``1. März 2025``, ``1er mars 2025``, ``1 de marzo de 2025``, ``March 1, 2025``."""
    months, connectors = _months()
    tokens = _TOKEN.findall(text.casefold()[:MAX_DATE_CHARS])
    kept: list[str] = []
    for token in tokens:
        if token in connectors:
            continue
        if kept and kept[-1].isdigit() and not token.isdigit() and token not in months \
                and len(token) <= 3:
            continue  # ordinal suffix: 1er, 1st, 2nd, 1º
        kept.append(token)
    if len(kept) != 3:
        return None
    first, second, third = kept
    if first.isdigit() and second in months and third.isdigit() and len(third) == 4:
        return _valid(int(third), months[second], int(first))
    if first in months and second.isdigit() and third.isdigit() and len(third) == 4:
        return _valid(int(third), months[first], int(second))
    return None


def read_date(value: Any, order: str) -> tuple[str | None, str | None]:
    """(ISO date, None) for a readable date in a column of ``order``, or (None, why) for
    a value that is not one (the message is the input issue on the cell)."""
    if isinstance(value, datetime):
        return value.date().isoformat(), None
    if isinstance(value, date):
        return value.isoformat(), None
    if isinstance(value, bool):
        return None, f"{value!s} is not a date; write it as YYYY-MM-DD"
    if isinstance(value, (int, float)):
        return _serial(value)
    text = str(value).strip()
    if len(text) > MAX_DATE_CHARS:
        return None, "not a date I can read (too long); write it as YYYY-MM-DD"
    iso = _ISO.fullmatch(text)
    if iso:
        found = _valid(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if found is None:
            return None, f"{text!r} is not a real calendar date; correct it (YYYY-MM-DD)"
        return found.isoformat(), None
    if text.isascii() and text.isdigit() and len(text) == 5:
        return _serial(int(text))
    if text.isascii() and text.isdigit() and len(text) == 4:
        return None, f"{text!r} is a year, not a date; state the day (YYYY-MM-DD)"
    parts = _numeric(text)
    if parts is not None:
        found = _as_date(parts, order)
        if found is not None:
            return found.isoformat(), None
        if any(_as_date(parts, o) is not None for o in ORDERS):
            return None, (f"{text!r} does not fit this column's {_NAME[order]} order "
                          f"({_PATTERN[order]}); correct it or write YYYY-MM-DD")
        return None, f"{text!r} is not a real calendar date; correct it (YYYY-MM-DD)"
    worded = _words_date(text)
    if worded is not None:
        return worded.isoformat(), None
    return None, (f"{text[:40]!r} is not a date I can read; write it as YYYY-MM-DD "
                  "(e.g. 2025-03-01) or as a date cell")


def _serial(number: float) -> tuple[str | None, str | None]:
    low, high = _SERIAL_RANGE
    if number != number or not low <= number <= high:  # NaN, or outside plausible dates
        return None, (f"{number!s:.20} is a number, not a date; write it as YYYY-MM-DD "
                      "or as a date cell")
    return (_EXCEL_EPOCH + timedelta(days=int(number))).isoformat(), None
