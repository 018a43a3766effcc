"""The one output-safety layer: text from untrusted input made inert for every output.

Every renderer and every message that shows a value from an input (record ids,
titles, provider names, file and sheet names, ESCO labels, mapping and pack
content) goes through one of these functions, chosen by where the text lands:

* :func:`terminal_safe` — terminals and plain-text reports: escape sequences (CSI, OSC,
  8-bit CSI U+009B), C0/C1 controls, bidi overrides/isolates and zero-width characters
  removed; lone surrogates (non-UTF-8 file names) shown as U+FFFD;
* :func:`one_line` — the same, on one line (error messages, table cells);
* :func:`rich_text` — a ``rich`` ``Text`` that is never read as console markup or emoji;
* :func:`md_text` — Markdown: every character that could start a link, an image, HTML,
  emphasis, a heading, a list or a table cell boundary is escaped;
* :func:`md_code` — an inline code span that cannot be closed early;
* :func:`href` — a URL for an HTML ``href``: only ``http(s)``/``mailto``, else ``#``
  (HTML text itself is escaped by Jinja's autoescape after :func:`terminal_safe`);
* :func:`cell_safe` — spreadsheet cells and CSV: never a formula, only XML characters;
* :func:`xml_safe` — JUnit XML and other XML text: only characters XML 1.0 allows;
* :func:`plain_safe` — SARIF and other JSON shown by dashboards: like :func:`one_line`
  without shortening.

``tests/hostile/test_output_safety.py`` runs every renderer and error message over one
shared table of hostile strings (``tests/hostile/strings.py``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.text import Text

__all__ = ["cell_safe", "display_name", "href", "json_safe", "md_code", "md_text", "one_line",
           "plain_safe",
           "rich_text", "terminal_safe", "xml_safe"]

# C0/C1 controls except tab/newline, DEL, bidi marks/overrides/isolates, zero-width and
# invisible formatting characters, line/paragraph separators, the BOM, the Hangul fillers
# (blank letters, used to fake empty or spaced names) and the tag characters U+E0000-E007F
# (invisible ASCII look-alikes that carry hidden text).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u115f\u1160\u180e\u200b-\u200f"
                     "\u2028-\u202e\u2060-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb"
                     "\U000e0000-\U000e007f]")
# ESC-introduced sequences; each alternative is linear (no nested or adjacent overlapping
# repeats), and an unterminated OSC stops at the next ESC/BEL or the end.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*+[ -/]*+[@-~]?|\][^\x07\x1b]*+(?:\x07|\x1b\\)?|[@-Z\\-_])")
# 8-bit CSI (U+009B) followed by its parameters, and lone surrogates.
_CSI8 = re.compile(r"\x9b[0-?]*+[ -/]*+[@-~]?")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _strip(text: str) -> str:
    if text.isascii() and text.isprintable():
        return text
    text = _CSI8.sub("", _ANSI.sub("", text))
    return _SURROGATE.sub("\ufffd", _UNSAFE.sub("", text))


def terminal_safe(text: Any, limit: int = 2000) -> str:
    """Strip escape sequences and control/bidi characters; shorten very long text."""
    if text is None or text == "":
        return ""
    clean = _strip(str(text))
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def one_line(text: Any, limit: int = 2000) -> str:
    """:func:`terminal_safe` with every run of whitespace (newlines too) made one space."""
    return " ".join(terminal_safe(text, limit).split())


def plain_safe(text: Any) -> str:
    """Text for JSON shown by dashboards (SARIF): inert, not shortened, one line kept as is."""
    return "" if text is None else _strip(str(text))


def display_name(path: Any) -> str:
    """A file name as people see it: undecodable bytes (kept by the OS as lone surrogates)
    shown as U+FFFD, controls and bidi characters removed. The path itself stays exact."""
    return plain_safe(str(path))


def rich_text(text: Any, style: str = "") -> Text:
    """A ``rich`` Text of inert input: never parsed as console markup (``[/]``) or emoji
    (``:x:``)."""
    from rich.text import Text

    return Text(terminal_safe(text), style=style)


# Markdown: backslash-escape the punctuation that opens inline syntax (links and images
# need "[", code "`", emphasis "*"/"_", strikethrough "~", table cells "|"); "<", ">" and
# "&" become entities (no raw HTML, no autolinks, no entity tricks).
_MD_ESCAPE = {ord(c): "\\" + c for c in "\\`*_[]|~"}
_MD_ESCAPE.update({ord("<"): "&lt;", ord(">"): "&gt;", ord("&"): "&amp;"})
# What makes a line a heading, list item, quote or setext underline when it starts one.
_MD_LINE_START = re.compile(r"(?:#{1,6}|[+-]|\d{1,9}[.)])(?=[ \t]|$)|(?<![=-])[=-]++$")


def md_text(text: Any, limit: int = 2000) -> str:
    """Inert Markdown inline text (also a table cell): no links, images, autolinks, raw HTML,
    emphasis, code or cell breaks, and no block syntax should it start a line; one line."""
    s = one_line(text, limit).translate(_MD_ESCAPE)
    start = _MD_LINE_START.match(s)
    if start is None:
        return s
    at = start.end() - 1  # escape the marker itself ("1\\." rather than "\\1.")
    return s[:at] + "\\" + s[at:]


def md_code(text: Any, limit: int = 2000) -> str:
    """An inline code span of ``text``: backticks inside are replaced (a span cannot be
    closed early) and table pipes escaped; nothing in a code span is markup."""
    s = one_line(text, limit).replace("`", "\u02cb").replace("|", "\\|")
    # "<" and ">" as entities too: inert in a code span already, but renderers that mishandle
    # code spans (and the HTML some trackers derive) never see a tag
    s = s.replace("<", "&lt;").replace(">", "&gt;")
    return f"`{s}`" if s else ""


_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def href(url: Any) -> str:
    """A URL safe in an HTML ``href``: http(s) or mailto only (no ``javascript:``,
    ``data:``, ``file:``), controls removed; anything else becomes ``#``."""
    clean = "".join(one_line(url, 4000).split())
    return clean if clean.lower().startswith(_SAFE_SCHEMES) else "#"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# What XML 1.0 (so an XLSX cell) cannot hold: C0 controls but tab/newline/CR, surrogates,
# U+FFFE/U+FFFF. openpyxl raises on them, which stopped the whole workbook.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: Any) -> str:
    """Text an XML 1.0 document can hold (JUnit, XLSX cells): forbidden characters, lone
    surrogates included, removed."""
    return "" if text is None else _NOT_XML.sub("", str(text))


def cell_safe(value: str) -> str:
    """A string that spreadsheet programs show as text, never evaluate as a formula, and
    that an XLSX cell can hold (characters XML forbids are removed)."""
    value = xml_safe(value)
    if value.startswith(_FORMULA_START) or value.lstrip(" ").startswith(("=", "+", "-", "@")):
        return "'" + value
    return value


# In JSON text these can only sit inside strings, where a \u escape means the same.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e"
                          "\u2060-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb\ud800-\udfff"
                          "\U000e0000-\U000e007f]")


def json_safe(text: str) -> str:
    """JSON text with the characters a terminal or viewer would act on (C1 controls such as
    the 8-bit CSI, bidi overrides, separators, lone surrogates) written as ``\\u`` escapes:
    the same data, inert when printed. (JSON already escapes C0 controls.)"""
    if text.isascii():
        return text
    return _JSON_UNSAFE.sub(_json_escape, text)


def _json_escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code > 0xFFFF:  # JSON escapes a character beyond the BMP as its surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"
