"""Level cells as people write them: "EQF-Niveau 6", "NLQF 5", "PRK 6", "DQR/EQR 6",
"6 (licence)" — every level a cell states, for catalogue intake.

:func:`mcqa.frameworks.names.parse_level_text` reads the first framework and level of a
label (credential loaders); :func:`level_refs` reads them all, word by word, and keeps a
bare level ("6 (licence)") without a framework — never assumed to be EQF. Both use the
``aliases`` of ``standards/frameworks/*.yaml``; an alias two frameworks share (QNQ in Italy
and Portugal) names one only together with a ``country``. The word for "level" in each
language comes from ``standards/vocabularies/level-words.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from mcqa.frameworks.registry import FrameworkRegistry, load_frameworks, normalise_country

__all__ = ["level_refs"]

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
def _aliases(registry: FrameworkRegistry) -> tuple[dict[tuple[str, ...], tuple[str, ...]], int]:
    """Folded alias words → framework ids (more than one when frameworks share an alias),
    and the longest alias in words."""
    table: dict[tuple[str, ...], list[str]] = {}
    for fw in registry:
        for name in (*fw.aliases, fw.id):
            key = tuple(_fold(w) for w in _words(name))
            owners = table.setdefault(key, [])
            if fw.id not in owners:
                owners.append(fw.id)
    return ({k: tuple(sorted(v)) for k, v in table.items()},
            max((len(k) for k in table), default=1))


def _owner(registry: FrameworkRegistry, ids: tuple[str, ...], country: str | None) -> str | None:
    """The one framework an alias names, or the one of the ``country`` when shared."""
    if len(ids) == 1:
        return ids[0]
    if country:
        wanted = normalise_country(country)
        for fid in ids:
            fw = registry.find(fid)
            if fw is not None and (fw.country == wanted or wanted in fw.countries):
                return fid
    return None


@cache
def _level_words() -> frozenset[str]:
    from mcqa.vocab import vocabulary

    return frozenset(_fold(t) for t in vocabulary("level-words").terms("level"))


def level_refs(text: str, country: str | None = None,
               registry: FrameworkRegistry | None = None) -> list[tuple[str | None, str | None]]:
    """Every (framework id, level code) a level text states, in order: "DQR/EQR 6" →
    ``[("DE-DQR", "6"), ("EQF", "6")]``, "6 (licence)" → ``[(None, "6")]``; "QNQ 5" names
    IT-QNQ with ``country="IT"`` and no framework without a country. A level of a known
    framework is given as the framework writes it ("entry" → "Entry")."""
    reg = registry or load_frameworks()
    aliases, longest = _aliases(reg)
    skip = _level_words()
    words = _words(text)
    folded = [_fold(w) for w in words]
    items: list[tuple[str, str]] = []  # ("F", id), ("S", shared alias), ("L", code)
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            ids = aliases.get(tuple(folded[i:i + n]))
            if ids is not None:
                fid = _owner(reg, ids, country)
                items.append(("F", fid) if fid is not None else ("S", "?"))
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
    if items and items[0][0] == "L" and any(kind in ("F", "S") for kind, _ in items):
        return list(reversed(_pair_forward(list(reversed(items)), reg)))
    return _pair_forward(items, reg)


def _pair_forward(items: list[tuple[str, str]], reg: FrameworkRegistry
                  ) -> list[tuple[str | None, str | None]]:
    out: list[tuple[str | None, str | None]] = []
    pending: list[str | None] = []  # None: an alias two frameworks share, not resolved
    for kind, value in items:
        if kind in ("F", "S"):
            pending.append(value if kind == "F" else None)
        elif pending:
            out.extend((fid, _code(reg, fid, value)) for fid in pending)
            pending = []
        else:
            out.append((None, value))
    out.extend((fid, None) for fid in pending if fid is not None)
    return list(dict.fromkeys(out))


def _code(reg: FrameworkRegistry, fid: str | None, code: str) -> str:
    if fid is None:
        return code
    fw = reg.find(fid)
    level = fw.find_level(code) if fw is not None else None
    return level.code if level is not None else code
