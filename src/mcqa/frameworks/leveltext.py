"""Level cells as people write them: "EQF-Niveau 6", "NLQF 5", "PRK 6", "6 (licence)".

Framework names and abbreviations are the ``aliases`` of ``standards/frameworks/*.yaml``
(one alias names one framework; a clash is a data error); the word for "level" in each
language comes from ``standards/vocabularies/level-words.yaml``. A bare number names no
framework: it is returned without one, never assumed to be EQF.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from mcqa.errors import PackError
from mcqa.frameworks.registry import FrameworkRegistry, load_frameworks

__all__ = ["level_refs", "parse_level_text"]

MAX_LEVEL_TEXT = 200
"""A level cell is short; longer text is read up to this many characters."""

_TOKEN = re.compile(r"[^\W_]++")
_ROMAN = frozenset({"I", "II", "III", "IV", "V", "VI", "VII", "VIII"})


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _words(text: str) -> list[str]:
    """Words as written (case kept: a roman numeral counts only in upper case)."""
    return _TOKEN.findall(text[:MAX_LEVEL_TEXT])


@cache
def _aliases(registry: FrameworkRegistry) -> tuple[dict[tuple[str, ...], str], int]:
    """Folded alias words → framework id, and the longest alias in words."""
    table: dict[tuple[str, ...], str] = {}
    for fw in registry:
        for lang, names in sorted(fw.aliases.items()):
            for name in names:
                key = tuple(_fold(w) for w in _words(name))
                if key in table and table[key] != fw.id:
                    raise PackError(f"framework alias {name!r} names {table[key]} and {fw.id}",
                                    file=fw.file, location=f"/aliases/{lang}",
                                    hint="an alias may name one framework only")
                table[key] = fw.id
    return table, max((len(k) for k in table), default=1)


@cache
def _level_words() -> frozenset[str]:
    from mcqa.vocab import vocabulary

    return frozenset(_fold(t) for t in vocabulary("level-words").terms("level"))


def level_refs(text: str, registry: FrameworkRegistry | None = None
               ) -> list[tuple[str | None, str | None]]:
    """Every (framework id, level code) a level text states, in order: "DQR/EQR 6" →
    ``[("DE-DQR", "6"), ("EQF", "6")]``, "6 (licence)" → ``[(None, "6")]``. A level of a
    known framework is given as the framework writes it ("entry" → "Entry")."""
    reg = registry or load_frameworks()
    aliases, longest = _aliases(reg)
    skip = _level_words()
    words = _words(text)
    folded = [_fold(w) for w in words]
    items: list[tuple[str, str]] = []  # ("F", id) or ("L", code)
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            fid = aliases.get(tuple(folded[i:i + n]))
            if fid is not None:
                items.append(("F", fid))
                i += n
                break
        else:
            word = words[i]
            if word.isascii() and word.isdigit() and len(word) <= 2:
                items.append(("L", str(int(word))))
            elif word in _ROMAN:
                items.append(("L", word))
            elif folded[i] not in skip and items and items[-1][0] == "F":
                fw = reg.find(items[-1][1])
                level = fw.find_level(word) if fw is not None else None
                if level is not None:  # a framework's own code: "NLQF Entry"
                    items.append(("L", level.code))
            i += 1
    return _pair(items, reg)


def _pair(items: list[tuple[str, str]], reg: FrameworkRegistry
          ) -> list[tuple[str | None, str | None]]:
    """Pair frameworks with levels in the order the text uses: "EQF 6, NFQ 8" names the
    framework first, "Level 6 EQF / Level 7 NFQ" the level first (read backwards then).
    Frameworks in a row share one level ("DQR/EQR 6"); a lone level has no framework."""
    if items and items[0][0] == "L" and any(kind == "F" for kind, _ in items):
        return list(reversed(_pair_forward(list(reversed(items)), reg)))
    return _pair_forward(items, reg)


def _pair_forward(items: list[tuple[str, str]], reg: FrameworkRegistry
                  ) -> list[tuple[str | None, str | None]]:
    out: list[tuple[str | None, str | None]] = []
    pending: list[str] = []
    for kind, value in items:
        if kind == "F":
            pending.append(value)
        elif pending:
            out.extend((fid, _code(reg, fid, value)) for fid in pending)
            pending = []
        else:
            out.append((None, value))
    out.extend((fid, None) for fid in pending)
    return out


def _code(reg: FrameworkRegistry, fid: str, code: str) -> str:
    fw = reg.find(fid)
    level = fw.find_level(code) if fw is not None else None
    return level.code if level is not None else code


def parse_level_text(text: str) -> tuple[str | None, str | None]:
    """(framework id or ``None``, level code or ``None``) of the first level a text
    states: "EQF-Niveau 6" → ("EQF", "6"), "NLQF 5" → ("NL-NLQF", "5"), "PRK 6" →
    ("PL-PQF", "6"), "6 (licence)" → (None, "6"), "Bachelor" → (None, None)."""
    refs = level_refs(text)
    return refs[0] if refs else (None, None)
