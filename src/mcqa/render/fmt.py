"""Numbers, shares, amounts and dates as people read them: the one place renderers format.

Why one module: every report and dossier shows the same figures, and locale
formatting (decimal comma, grouping, localised dates through Babel) will be
plugged in here, once, for all of them (issue #21). Nothing here computes a
figure; it only writes one.
"""

from __future__ import annotations

import math


def number(x: float | int | None, places: int = 2) -> str:
    """``5``, ``12.5``, ``1,234`` (at most ``places`` decimals, trailing zeros dropped)."""
    if x is None:
        return ""
    value = round(float(x), places)
    if math.isclose(value, round(value)):
        return f"{round(value):,}"
    return f"{value:,.{places}f}".rstrip("0").rstrip(".")


def integer(n: int) -> str:
    """``1,981``."""
    return f"{n:,}"


def percent(share: float | None, places: int = 1) -> str:
    """A share 0-1 as ``98.4 %``; '' for None (the template writes 'n/a')."""
    if share is None:
        return ""
    return f"{100 * share:.{places}f} %"


EN_DASH = "\u2013"


def span(lo: float, hi: float) -> str:
    """``5`` or ``125-150`` (with an en dash)."""
    return number(lo) if math.isclose(lo, hi) else f"{number(lo)}{EN_DASH}{number(hi)}"


def day(iso: str | None) -> str:
    """An ISO date or date-time as ``2025-09-12`` (the date part; time zones dropped)."""
    if not iso:
        return ""
    return iso[:10] if len(iso) >= 10 and iso[4:5] == "-" else iso
