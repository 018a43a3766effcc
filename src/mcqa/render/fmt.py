"""Numbers, shares, amounts and dates as people read them: the one place renderers format.

Why one module: every report and dossier shows the same figures, and each reader's
language writes them its own way ("7,5 ECTS", "1 234", "4. Dezember 2026"). Every
function takes the output language and formats through Babel's CLDR data
(:mod:`mcqa.i18n`); English writes figures as it always has ("1,234.5", ISO dates).
Nothing here computes a figure; it only writes one.
"""

from __future__ import annotations

import math
from functools import cache

from mcqa.i18n import DEFAULT_LANG, format_date, format_decimal, format_percent

__all__ = ["EN_DASH", "Fmt", "day", "for_lang", "integer", "number", "percent", "span"]


def number(x: float | int | None, places: int = 2, lang: str = DEFAULT_LANG) -> str:
    """``5``, ``12.5``, ``1,234`` in English; ``12,5``, ``1.234`` in German (at most
    ``places`` decimals, trailing zeros dropped)."""
    if x is None:
        return ""
    value = round(float(x), places)
    if math.isclose(value, round(value)):
        return format_decimal(round(value), lang, digits=0)
    return format_decimal(value, lang, digits=places)


def integer(n: int, lang: str = DEFAULT_LANG) -> str:
    """``1,981`` (English), ``1.981`` (German), ``1 981`` (French, Polish)."""
    return format_decimal(n, lang, digits=0)


def percent(share: float | None, places: int = 1, lang: str = DEFAULT_LANG) -> str:
    """A share 0-1 as ``98.4%`` (English), ``98,4 %`` (German, French); '' for None (the
    template writes 'n/a')."""
    if share is None:
        return ""
    return format_percent(share, lang, digits=places)


EN_DASH = "\u2013"


def span(lo: float, hi: float, lang: str = DEFAULT_LANG) -> str:
    """``5`` or ``125-150`` (with an en dash)."""
    if math.isclose(lo, hi):
        return number(lo, lang=lang)
    return f"{number(lo, lang=lang)}{EN_DASH}{number(hi, lang=lang)}"


def day(iso: str | None, lang: str = DEFAULT_LANG) -> str:
    """An ISO date or date-time as a date in ``lang`` ("2025-09-12" in English,
    "12. September 2025" in German; time zones dropped); other text as it is."""
    if not iso:
        return ""
    if len(iso) >= 10 and iso[4:5] == "-":
        return format_date(iso[:10], lang)
    return iso


class Fmt:
    """The functions above bound to one language (templates call ``F.number(x)``)."""

    def __init__(self, lang: str = DEFAULT_LANG) -> None:
        self.lang = lang

    def number(self, x: float | int | None, places: int = 2) -> str:
        """See :func:`number`."""
        return number(x, places, self.lang)

    def integer(self, n: int) -> str:
        """See :func:`integer`."""
        return integer(n, self.lang)

    def percent(self, share: float | None, places: int = 1) -> str:
        """See :func:`percent`."""
        return percent(share, places, self.lang)

    def span(self, lo: float, hi: float) -> str:
        """See :func:`span`."""
        return span(lo, hi, self.lang)

    def day(self, iso: str | None) -> str:
        """See :func:`day`."""
        return day(iso, self.lang)


@cache
def for_lang(lang: str) -> Fmt:
    """The formatter of ``lang`` (one per language)."""
    return Fmt(lang)
