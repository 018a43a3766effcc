"""One shared table of hostile strings: every renderer and every error message is run over it
(``test_output_safety.py``), and the fuzzer and the CLI cases draw from it."""

from __future__ import annotations

HOSTILE_STRINGS: dict[str, str] = {
    "csi-colour": "\x1b[31mRED\x1b[0m",
    "csi-clear": "\x1b[2J\x1b[H",
    "osc-title": "\x1b]0;pwned\x07",
    "osc-hyperlink": "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "osc-unterminated": "\x1b]52;c;ZXZpbA==",
    "c1-csi": "\x9b31mRED\x9b0m",
    "c1-osc": "\x9d0;pwned\x9c",
    "bidi-override": "abc\u202edcb\u202c",
    "bidi-isolate": "\u2067evil\u2069",
    "zero-width": "pay\u200bpal",
    "line-separator": "one\u2028two\u2029three",
    "nul-bell-backspace": "a\x00b\x07c\x08d",
    "newlines": "first line\nsecond line\r\nthird",
    "lone-surrogate": "cr\udce9dit",
    "md-link": "[click](javascript:alert(1))",
    "md-image": "![x](https://evil.example/x.png)",
    "md-autolink": "<javascript:alert(1)>",
    "md-heading": "# Heading",
    "md-list": "- item",
    "md-table-pipe": "a | b | c",
    "md-code": "`code` and ``more``",
    "md-emphasis": "*bold* _it_ ~~del~~",
    "html-script": "<script>alert(1)</script>",
    "html-img": "<img src=x onerror=alert(2)>",
    "html-entity": "&lt;script&gt;",
    "html-attr-break": "\" onmouseover=\"alert(3)",
    "rich-markup": "[/][bold red]x[/]",
    "rich-emoji": ":smile: urn:x:1",
    "formula": "=HYPERLINK(\"http://evil.example\",\"x\")",
    "formula-plus": "+cmd|' /C calc'!A0",
    "xml-invalid": "a\x0bb\x0cc\ufffe\uffff",
    "long": "L" * 5000,
}

MARKERS = ("<script", "<img", "javascript:alert", "onerror=alert")
"""Text that must never appear raw (as markup) in HTML or Markdown output."""

TERMINAL_FORBIDDEN = ("\x1b", "\x9b", "\x9d", "\x9c", "\x07", "\x08", "\x00", "\u202e",
                      "\u202c", "\u2067", "\u2069", "\u200b", "\u2028", "\u2029")
"""Characters that must never reach a terminal (escape sequences, controls, bidi)."""


def terminal_clean(text: str) -> bool:
    """No escape, control or bidi character, and no lone surrogate."""
    if any(ch in text for ch in TERMINAL_FORBIDDEN):
        return False
    return not any("\ud800" <= ch <= "\udfff" for ch in text)
