"""Make text from untrusted input inert for terminals, spreadsheets and CSV."""

from __future__ import annotations

import re

# C0/C1 controls except tab/newline, DEL, bidi overrides and isolates, zero-width joiners.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def terminal_safe(text: str | None, limit: int = 2000) -> str:
    """Strip escape sequences and control/bidi characters; shorten very long text."""
    if not text:
        return ""
    clean = _UNSAFE.sub("", _ANSI.sub("", text))
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# What XML 1.0 (so an XLSX cell) cannot hold: C0 controls but tab/newline/CR, surrogates,
# U+FFFE/U+FFFF. openpyxl raises on them, which stopped the whole workbook.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def cell_safe(value: str) -> str:
    """A string that spreadsheet programs show as text, never evaluate as a formula, and
    that an XLSX cell can hold (characters XML forbids are removed)."""
    value = _NOT_XML.sub("", value)
    if value.startswith(_FORMULA_START) or value.lstrip(" ").startswith(("=", "+", "-", "@")):
        return "'" + value
    return value
