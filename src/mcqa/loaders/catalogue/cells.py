"""Cell values as a descriptor holds them: text, numbers with units, outcome lists.

Pure functions over one cell's value; the row reader (:mod:`.table`) decides
where the result goes and files an input issue when a value cannot be used.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

_NUM_UNIT = re.compile(
    r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*(?:ects(?:\s*credits?)?|ec|credits?|cp|lp|"
    r"h|hrs?|hours?|stunden|std|heures?|horas?|uren|uur|points?|punkte)?\.?\s*$",
    re.IGNORECASE)
_EQF_TEXT = re.compile(
    r"^\s*(?:(?:eqf|eqr|cec|mec)\s*)?(?:level|niveau|stufe|nivel)?\s*:?\s*([1-8])\s*$",
    re.IGNORECASE)
_WORKLOAD_PART = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(ects(?:\s*credits?)?|ec|lp|credits?|"
    r"h|hrs?|hours?|stunden|std|heures?|horas?|uren|uur)\b", re.IGNORECASE)
_ISO_DURATION = re.compile(r"^P(?:\d+[YMWD])+(?:T(?:\d+[HMS])+)?$|^PT(?:\d+[HMS])+$")
_LEVEL_EQF = re.compile(r"\b(?:eqf|eqr|cec|mec)\s*(?:level|niveau|stufe|nivel)?\s*:?\s*([1-8])\b",
                        re.IGNORECASE)
_LEVEL_OTHER = re.compile(r"\b([A-Z][A-Za-z-]{1,9})\s*(?:level|niveau|stufe|nivel)?\s*:?\s*"
                          r"([0-9A-Za-z+]{1,8})\b")
_BULLET = re.compile(r"^\s*(?:[-•*·▪◦‣\u2013]+|\(?\d{1,2}[.)]|\(?[a-z][)])\s+")
_SPLIT_OUTCOMES_LINE = re.compile(r"\s*;\s*")
_SPLIT_COUNTRIES = re.compile(r"\s*[;,/\n]\s*")
_SPLIT_BODIES = re.compile(r"\s*[;\n]\s*")
_HOURS_UNITS = ("h", "hr", "hrs", "hour", "hours", "stunden", "std", "heure", "heures", "hora",
                "horas", "uren", "uur")


def plain_value(value: Any) -> Any:
    """Cell value as the descriptor would hold it: text stripped, whole floats as
    integers, dates as ISO text; other types pass through for the reader to judge."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return value


def as_text(value: Any) -> str | None:
    """Any plain cell value as text (extensions are kept as text)."""
    value = plain_value(value)
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def number(value: Any, target: str) -> Any:
    """Accept ``5``, ``5,5``, ``5 ECTS``, ``120 h``, ``EQF 6``; other text passes
    through unchanged so the MappingReader reports it with the cell."""
    value = plain_value(value)
    if not isinstance(value, str):
        return value
    pattern = _EQF_TEXT if target == "level.eqf" else _NUM_UNIT
    match = pattern.match(value)
    if match:
        text = match.group(1).replace(",", ".")
        return float(text) if "." in text else int(text)
    return value


def split_outcomes(text: str) -> list[str]:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    parts = lines if len(lines) > 1 else _SPLIT_OUTCOMES_LINE.split(text)
    out = []
    for part in parts:
        cleaned = _BULLET.sub("", part).strip()
        if cleaned:
            out.append(cleaned)
    return out

