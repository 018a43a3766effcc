"""Frameworks named in text: "SeQF Level 7", "RQF Level 6 Diploma", "IE NQF Level 6",
"EQF-Niveau 6", "niveau RNCP 6".

Credentials state levels as labels as often as codes. The names and abbreviations
each framework goes by (in its own languages and in English) are data: the
``aliases`` of ``standards/frameworks/*.yaml``. An alias shared by two frameworks
(QNQ in Italy and Portugal, MQF in Malta and Malaysia) names a framework only
together with a country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from mcqa.frameworks.registry import load_frameworks, normalise_country

__all__ = ["LevelText", "parse_level_text"]

_LEVEL_WORD = r"(?:level|niveau|nivel|livello|poziom|stufe|taso|tase|nível|niveaus?|lvl\.?)"
_CODE = r"(?P<code>[0-9]{1,2}(?:\+)?|(?:entry|introductory)[ -]?[0-9a-c])"
_AFTER = re.compile(rf"\s*[-:\u2013(]?\s*(?:{_LEVEL_WORD}\s*[-:]?\s*)?{_CODE}(?![0-9])", re.I)
_BEFORE = re.compile(rf"(?:{_LEVEL_WORD}\s*)?{_CODE}\s*[(\[]?\s*$", re.I)
MAX_TEXT = 400
"""Level notations and titles are short; longer text is not searched (bounded work)."""


@dataclass(frozen=True)
class LevelText:
    """What a level text says: a framework (id), a level code in it, and/or an EQF level."""

    framework: str | None
    level: str | None
    eqf: int | None


@cache
def _index() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """One alternation of every alias (longest first) and alias -> framework ids."""
    owners: dict[str, list[str]] = {}
    for fw in load_frameworks():
        for alias in (*fw.aliases, fw.id):
            key = " ".join(alias.casefold().split())
            owners.setdefault(key, [])
            if fw.id not in owners[key]:
                owners[key].append(fw.id)
    alts = "|".join(re.escape(a).replace(r"\ ", r"[\s-]+")
                    for a in sorted(owners, key=lambda a: (-len(a), a)))
    return (re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.I),
            {a: tuple(sorted(ids)) for a, ids in owners.items()})


def _framework(alias: str, country: str | None) -> str | None:
    ids = _index()[1].get(" ".join(alias.casefold().replace("-", " ").split()))
    if ids is None:
        ids = _index()[1].get(" ".join(alias.casefold().split()))
    if not ids:
        return None
    if len(ids) == 1:
        return ids[0]
    if country:
        wanted = normalise_country(country)
        for fid in ids:
            fw = load_frameworks().find(fid)
            if fw is not None and (fw.country == wanted or wanted in fw.countries):
                return fid
    return None


def parse_level_text(text: str | None, country: str | None = None) -> LevelText | None:
    """The framework and level a short text names, or ``None`` when it names neither.

    ``level`` is the code as written ("7", "Entry 3"); ``eqf`` is set when the framework
    is the EQF itself. ``country`` resolves aliases shared by two frameworks.
    """
    if not text:
        return None
    text = text[:MAX_TEXT]
    pattern, _owners = _index()
    for match in pattern.finditer(text):
        fid = _framework(match.group(0), country)
        after = _AFTER.match(text, match.end())
        before = _BEFORE.search(text[:match.start()]) if after is None else None
        hit = after or before
        code = hit.group("code") if hit is not None else None
        if fid is None and code is None:
            continue
        if fid == "EQF":
            eqf = int(code) if code and code.isdigit() and 1 <= int(code) <= 8 else None
            return LevelText(framework=None, level=None, eqf=eqf) if eqf else None
        return LevelText(framework=fid, level=code, eqf=None)
    return None
