"""The pseudo-locale ``qps``: English turned into visibly foreign text, nothing lost.

``pseudo("Name the awarding body ({n} found).")`` gives
``"⟦Ñàɱé ţĥé àŵàŕðîñĝ ƀöðý ({n} ƒöûñð).⟧"``: letters are accented, the whole
is bracketed, and what must survive translation untouched (``{placeholders}``,
URLs, rule IDs, codes, numbers) is kept as it is. Rendering an output in ``qps``
and running :func:`english_leaks` over it lists every sentence that did not go
through a translation lookup.
"""

from __future__ import annotations

import re

__all__ = ["CLOSE", "OPEN", "PSEUDO", "english_leaks", "invariants", "protected_spans", "pseudo"]

PSEUDO = "qps"
"""Language code of the pseudo-locale (``qps-ploc`` in Windows' convention)."""

OPEN = "\u27e6"
CLOSE = "\u27e7"

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀßÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)

_PROTECTED = re.compile(
    r"\{[^{}]*+\}"                                  # str.format placeholders
    r"|%(?:\([a-z_]++\))?+[sdifr]"                  # printf placeholders
    r"|https?://[^\s)>\]]++"                        # URLs
    r"|\b[A-Z][A-Z0-9]*+(?:-[A-Za-z0-9]++)++"        # rule IDs (EU-AI-M01), codes (ISO-8601)
    r"|\b[A-Z]{2,}+[0-9]*+\b"                       # acronyms and codes (ECTS, EQF, DID)
    r"|`[^`]*+`"                                    # code spans
    r"|\b[a-z_]++(?:\.[a-z0-9_]++(?:\[\*\])?+)++"  # dotted paths and rule names
)
"""Possessive quantifiers and word-boundary starts keep every alternative linear: a
translation may be long, and pseudo-locale text runs through this on every lookup."""


def protected_spans(text: str) -> list[str]:
    """The parts of ``text`` a translation must keep verbatim (placeholders, URLs,
    rule IDs, acronyms, code spans, dotted paths), in order."""
    return [m.group(0) for m in _PROTECTED.finditer(text)]


def pseudo(text: str) -> str:
    """``text`` in the pseudo-locale: accented outside protected spans, bracketed."""
    if not text:
        return text
    out: list[str] = []
    pos = 0
    for m in _PROTECTED.finditer(text):
        out.append(text[pos:m.start()].translate(_ACCENTS))
        out.append(m.group(0))
        pos = m.end()
    out.append(text[pos:].translate(_ACCENTS))
    return OPEN + "".join(out) + CLOSE


_WORDS = re.compile(r"(?<![A-Za-z'\u2019])[A-Za-z][a-z]++(?:['\u2019][a-z]++)?+"
                    r"(?:[ ,;:]++[A-Za-z][a-z]++){2,}+")
"""Three or more words; starts only at a word's first letter, and nothing backtracks,
so a rendered output of any size is scanned in linear time."""


def english_leaks(output: str) -> list[str]:
    """Runs of three or more plain ASCII words outside pseudo-locale brackets: text a
    ``qps`` rendering shows that never went through a translation lookup.

    Identifiers, codes and URLs are single tokens and do not count; a renderer
    test allows what its format needs (markup, JSON keys) by stripping it first.
    """
    leaks: list[str] = []
    depth = 0
    chunk: list[str] = []
    for ch in output:
        if ch == OPEN:
            depth += 1
            leaks.extend(m.group(0) for m in _WORDS.finditer("".join(chunk)))
            chunk = []
        elif ch == CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            chunk.append(ch)
    leaks.extend(m.group(0) for m in _WORDS.finditer("".join(chunk)))
    return leaks


_INVARIANT = re.compile(
    r"\{[^{}]*+\}"                                  # str.format placeholders
    r"|https?://[^\s)>\]]++"                        # URLs
    r"|`[^`]*+`"                                    # code spans (commands, paths)
    r"|\b[A-Z]{2,}+(?:-[A-Z0-9]++)++[a-z]?+\b"       # hyphenated codes; kept if rule IDs
    r"|\d++"                                        # every number, digit run by digit run
)
_DIGIT = re.compile(r"\d")


def invariants(text: str) -> list[str]:
    """What a translation of ``text`` must contain unchanged, sorted: placeholders, URLs,
    code spans, rule IDs and numbers (``1,000`` and ``1.000`` both give ``1`` and ``000``)."""
    out = []
    for m in _INVARIANT.finditer(text):
        token = m.group(0)
        if token[0].isalpha() and not _DIGIT.search(token.rsplit("-", 1)[-1]):
            continue  # a hyphenated name (QF-EHEA), not a rule ID (EU-AI-M04)
        out.append(token)
    return sorted(out)
