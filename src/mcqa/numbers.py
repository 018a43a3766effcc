"""Numbers as Europeans write them: decimal commas and thousands separators.

``7,5`` (German, French, Spanish...), ``7.5`` (English), ``1.500`` and ``1 500``
(thousands in most of Europe), ``1,500`` (thousands in English), ``1.234,5`` and
``1,234.5``, ``1'500`` (Swiss). One rule decides the only ambiguous form, a single
separator followed by exactly three digits (``1.500``, ``1,500``): it is a thousands
separator, because credits and hours are never written with three decimals. Used by
the catalogue loader for every numeric cell and by ``mcqa credits convert``.
"""

from __future__ import annotations

import re

__all__ = ["parse_number"]

MAX_NUMBER_CHARS = 40
"""Longer text is not a number anyone typed into a credits or hours cell."""

# Matched whole (fullmatch); each also starts only where a number starts, so a search over
# a long run of digits stays linear.
_INT = re.compile(r"(?<![\d+-])[+-]?+\d++")
_SINGLE = re.compile(r"(?<![\d+-])([+-]?+)(\d++)([.,])(\d++)")
_GROUPED = re.compile(r"(?<![\d+-])([+-]?+)(\d{1,3}+)((?:[.,'\u2019 \u00a0\u202f\u2009]\d{3}+)++)"
                      r"(?:([.,])(\d++))?+")


def parse_number(text: str) -> int | float | None:
    """``text`` as a number (``int`` when whole and written without decimals), or ``None``
    when it is not a number written in one of the European ways."""
    s = text.strip()
    if not s or len(s) > MAX_NUMBER_CHARS:
        return None
    if _INT.fullmatch(s):
        return int(s)
    single = _SINGLE.fullmatch(s)
    if single:
        sign, whole, _sep, frac = single.groups()
        if len(frac) == 3 and len(whole) <= 3 and whole[0] != "0":
            return int(f"{sign}{whole}{frac}")  # 1.500 / 1,500: thousands
        return float(f"{sign}{whole}.{frac}")
    grouped = _GROUPED.fullmatch(s)
    if grouped:
        sign, lead, groups, dec_sep, dec = grouped.groups()
        separators = set(groups[0::4])
        if len(separators) != 1 or (dec_sep is not None and dec_sep in separators):
            return None  # 1.234,567.8 or 1.234.5: not one consistent way of writing
        digits = f"{sign}{lead}{groups.replace(groups[0], '')}"
        return float(f"{digits}.{dec}") if dec is not None else int(digits)
    return None
