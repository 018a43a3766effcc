"""Cell values as a descriptor holds them: numbers with units, levels, countries, outcomes.

Pure functions over one cell's value; the row reader (:mod:`.table`) decides where the
result goes and files an input issue when a value cannot be used. What differs per
language is data: units (``workload-units``), the words of a lead-in line and of
capability (``outcome-statements``), framework names (``standards/frameworks`` aliases),
country and language names (:mod:`mcqa.iso_names`). Every pattern here is linear in the
cell's length (possessive runs; searched patterns start at a run's start).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from typing import Any

from mcqa.numbers import parse_number
from mcqa.vocab import normalise, vocabulary, word_index, words_of

Placement = tuple[str, Any]
"""(target field path, value) to set."""

_QUANTITY = re.compile(r"([+-]?+\d[\d.,'\u2019 \u00a0\u202f\u2009]*+)(.*+)", re.DOTALL)
_PAIR = re.compile(r"(?<![\d.,'\u2019\u00a0\u202f\u2009])(\d[\d.,'\u2019\u00a0\u202f\u2009]*+)\s*+"
                   r"([^\W\d_][^\W\d_.\-]*+(?:[.\-][^\W\d_]++)*+\.?+"
                   r"(?:[ \u00a0][^\W\d_]++)?+)")
_NUMBER_END = " .,'\u2019\u00a0\u202f\u2009"
_BULLET = re.compile(r"^\s*+(?:[-•*·▪◦‣\u2013\u2014]++|\(?\d{1,2}[.)]|\(?[a-zA-Z][)])\s++")
_CODE = re.compile(r"^\s*+[A-Z]{1,4}+(?:_[A-Z]{1,4}+)?+[_-]?+\d{1,3}+[a-z]?+\s*+[:.)\u2013-]\s*+")
_INLINE_CODE = re.compile(r"(?<=\S)\s++(?=[A-Z]{1,4}+(?:_[A-Z]{1,4}+)?+[_-]?+\d{1,3}+[a-z]?+"
                          r"\s*+[:)\u2013-]\s)")
_INLINE_NUMBER = re.compile(r"(?<=\S)\s++(?=\(?\d{1,2}[.)]\s)")
_INLINE_BULLET = re.compile(r"(?<!\S)[•▪◦‣·](?=\s)")
_SEMICOLON = re.compile(r"(?<!\s)\s*+;\s*+")
_SPLIT_COUNTRIES = re.compile(r"(?<![^\S\n])[^\S\n]*+[;,/\n]\s*+")
_SPLIT_BODIES = re.compile(r"(?<![^\S\n])[^\S\n]*+[;\n]\s*+")
_CODE_LIKE = re.compile(r"[A-Za-z]{2,3}+")

LEAD_IN_MAX_WORDS = 16
"""A text before a colon longer than this is an outcome, not a lead-in."""


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


# ---------------------------------------------------------------------------
# Numbers and units
# ---------------------------------------------------------------------------


_UNIT_FIELDS: dict[str, tuple[str, float]] = {
    "ects": ("ects", 1), "hours": ("hours", 1), "credits": ("credit_amount", 1),
    "hours-45min": ("hours", 0.75)}
"""Entry of ``workload-units`` → (workload field, hours or credits per unit)."""


@cache
def _units() -> dict[str, tuple[str, float]]:
    """Normalised unit word → (workload field, factor): "UE" is 0.75 hour."""
    table: dict[str, tuple[str, float]] = {}
    for key, entry in vocabulary("workload-units").entries.items():
        if key in _UNIT_FIELDS:
            for term in entry.all_terms:
                table.setdefault(term, _UNIT_FIELDS[key])
    return table


def _unit(text: str) -> tuple[str, float] | None:
    return _units().get(normalise(text))


def unit_field(text: str) -> str | None:
    """Workload field a unit word names ("Std." → ``hours``), ``None`` when unknown."""
    found = _unit(text)
    return found[0] if found is not None else None


def _scaled(number: int | float, factor: float) -> int | float:
    if factor == 1:
        return number
    value = round(number * factor, 4)
    return int(value) if value.is_integer() else value


def quantity(text: str) -> tuple[int | float, str | None] | None:
    """("7,5 ECTS") → (7.5, ``ects``); a bare number has no unit (``None``); ``None`` when
    the text is not a number, or its unit is not a workload unit. Teaching units of 45
    minutes ("80 UE") are hours at 0.75 each."""
    match = _QUANTITY.fullmatch(text.strip())
    if not match:
        return None
    digits, rest = match.groups()
    trimmed = digits.rstrip(_NUMBER_END)
    rest = digits[len(trimmed):] + rest
    number = parse_number(trimmed)
    if number is None:
        return None
    if not normalise(rest):
        return number, None
    found = _unit(rest)
    return (_scaled(number, found[1]), found[0]) if found is not None else None


PRODUCT_MAX_CHARS = 80
"""A count-times-hours cell ("3 Wochen à 25 Std.") is short; longer text is not tried."""

_PRODUCT = re.compile(r"(?<![\d.,])(\d[\d.,]*+)([^\d]{0,40}?)\s(\S{1,6}+)\s++(?<![\d.,])(\d[\d.,]*+)"
                      r"\s*+([^\d]{1,30}+)")


@cache
def _each_words() -> frozenset[str]:
    return vocabulary("workload-units").terms("each")


def product(text: str) -> tuple[str, int | float] | None:
    """"3 Wochen à 25 Std." → (``hours``, 75); "5 sesiones de 4 horas" → (``hours``, 20):
    a count, what is counted, one of the ``each`` words and a quantity with its unit."""
    if len(text) > PRODUCT_MAX_CHARS:
        return None
    match = _PRODUCT.fullmatch(text.strip())
    if not match or normalise(match.group(3)) not in _each_words() \
            or _unit(match.group(2)) is not None:  # "5 ECTS à 25 h": two quantities
        return None
    count = parse_number(match.group(1).rstrip(_NUMBER_END))
    each = parse_number(match.group(4).rstrip(_NUMBER_END))
    unit = _unit(match.group(5))
    if count is None or each is None or unit is None or isinstance(count, float):
        return None
    return unit[0], _scaled(count * each, unit[1])


NUMBER_FIELDS = {"workload.ects": "ects", "workload.hours": "hours",
                 "workload.credit_amount": "credit_amount"}


def number_cell(value: Any, target: str) -> Placement:
    """A credits or hours cell: ``5``, ``7,5``, ``1.500``, ``7,5 ECTS``, ``120 Std.``. A unit
    that names another workload field wins over the column ("125 h" in an ECTS column is
    hours: the cell says so); text that is no number passes through for the reader to
    report on its cell."""
    return number_cells(value, target)[0]


def number_cells(value: Any, target: str) -> list[Placement]:
    """:func:`number_cell`, and a cell stating several quantities with their units ("15
    credits (7.5 ECTS)": credits and ECTS) or a product ("3 Wochen à 25 Std."): each
    quantity goes to the field its unit names."""
    value = plain_value(value)
    if not isinstance(value, str):
        return [(target, value)]
    found = quantity(value)
    if found is None:
        multiplied = product(value)
        if multiplied is not None:
            return [(f"workload.{multiplied[0]}", multiplied[1])]
        pairs = _pairs(value)
        return pairs or [(target, value)]
    number, field = found
    if field == "credit_amount" and target == "workload.ects":
        return [(target, number)]  # "10 CP" in an ECTS column: the column names the credits
    if field is not None and target in NUMBER_FIELDS and NUMBER_FIELDS[target] != field:
        return [(f"workload.{field}", number)]
    return [(target, number)]


def _pairs(text: str) -> list[Placement]:
    """Every number followed by a workload unit ("10 ECTS / 250 h"), by field."""
    pairs: list[Placement] = []
    for match in _PAIR.finditer(text):
        number = parse_number(match.group(1).rstrip(_NUMBER_END))
        unit = match.group(2)
        found = _unit(unit)
        if found is None and " " in unit.replace("\u00a0", " "):
            found = _unit(unit.replace("\u00a0", " ").split(" ")[0])
        if number is not None and found is not None:
            path = f"workload.{found[0]}"
            if all(p != path for p, _ in pairs):
                pairs.append((path, _scaled(number, found[1])))
    return pairs


def workload_cell(text: str) -> tuple[list[Placement], bool]:
    """A "Workload" cell with its units ("10 ECTS / 250 h", "7,5 LP", "6 Wochen",
    "3 Tage à 8 Std."). Returns the placements and whether the cell is a bare number (no
    unit: an issue)."""
    multiplied = product(text)
    if multiplied is not None:
        return [(f"workload.{multiplied[0]}", multiplied[1])], False
    pairs = _pairs(text)
    if pairs:
        return pairs, False
    bare = quantity(text)
    if bare is not None and bare[1] is None:
        return [], True
    return [("workload.duration", text)], False  # "6 weeks", P6W: as stated


# ---------------------------------------------------------------------------
# Levels
# ---------------------------------------------------------------------------


@lru_cache(maxsize=512)
def header_framework(header: str, country: str | None) -> str | None:
    """The framework a level column's header names ("DQR-Niveau" → DE-DQR, "Livello QNQ"
    → IT-QNQ in Italy), whose level a bare number in the column is."""
    from mcqa.frameworks.leveltext import level_refs

    refs = level_refs(header, country)
    return refs[0][0] if refs else None


_LANGUAGE_GRADE = re.compile(r"[abc][12]\+?(?:\s*+[-/\u2013]\s*+[abc][12]\+?)?")


def language_level(value: Any) -> bool:
    """A level cell stating a language level ("GER B2", "CECRL B1", "B2", "Niveau C1"): a
    level of the Common European Framework of Reference for Languages, not a qualification
    level (level-words ``language-level`` names the framework in each language)."""
    if not isinstance(value, str) or len(value) > 80:
        return False
    words = vocabulary("level-words")
    text = normalise(value)
    for key in ("language-level", "level"):
        for term in sorted(words.terms(key), key=len, reverse=True):
            text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", " ", text)
    return _LANGUAGE_GRADE.fullmatch(text.strip(" -:()")) is not None


_LEVEL_PARTS = re.compile(r"[/;,|+]")  # parts stripped after the split: linear
_ACRONYM = re.compile(r"(?<![^\W\d_])[A-Z]{3,6}+(?![^\W\d_])")


def _unknown_framework(text: str, country: str | None) -> str | None:
    """The first acronym of a level cell that names no framework mcqa knows, no level word
    and no language level ("MECES" in "MECES 2 / EQF 6"), or ``None``."""
    from mcqa.frameworks.leveltext import level_refs

    words = vocabulary("level-words")
    for match in _ACRONYM.finditer(text[:200]):
        name = match.group(0)
        if level_refs(f"{name} 1", country) != [(None, "1")]:
            continue  # a framework's alias (shared ones too)
        if words.match(name, ("level", "language-level")) is not None:
            continue
        return name
    return None


def level_cell(value: Any, target: str, header: str | None = None,
               country: str | None = None) -> list[Placement]:
    """A level cell: "EQF-Niveau 6", "NLQF 5", "PRK 6", "6 (licence)", "DQR/EQR 6".

    EQF levels go to ``level.eqf``; a level of another framework to ``level.framework`` and
    ``level.nqf``. A bare number goes where the column says (``level.eqf`` for an EQF
    column, ``level.nqf`` otherwise: it is not assumed to be EQF), with the framework the
    column's ``header`` names ("DQR-Niveau", "Poziom PRK"). An alias two frameworks share
    ("QNQ") is read with the row's ``country``. Text without a level is kept as stated
    (``level.nqf``), so nothing is lost; a cell saying no level applies ("Sans niveau
    spécifique", level-words ``none``) sets ``level.not_applicable``.
    """
    from mcqa.frameworks.leveltext import level_refs

    framework = header_framework(header, country) if header else None

    plain = plain_value(value)
    if isinstance(plain, bool) or not isinstance(plain, (str, int)):
        return [("level.eqf" if target == "level.eqf" else "level.nqf", plain)]
    text = str(plain)
    if vocabulary("level-words").match(text, ("none",)) is not None:
        return [("level.not_applicable", True)]  # "Sans niveau spécifique", "nie dotyczy"
    bare = parse_number(text)
    if bare is not None:  # 6, "6", "9.5": the column says which framework (none: national)
        if target == "level.eqf" or framework == "EQF":
            return [("level.eqf", bare)]
        named = [("level.framework", framework)] if framework else []
        return [*named, ("level.nqf", text.strip())]
    out: list[Placement] = []
    national = False
    refs: list[tuple[str | None, str | None, str | None]] = []
    if _unknown_framework(text, country) is None:
        refs = [(found, code, None) for found, code in level_refs(text, country)]
    else:  # "MECES 2 / EQF 6": each part read alone, the unknown name not taken for a level
        for part in (p.strip() for p in _LEVEL_PARTS.split(text[:200])):
            unknown_here = _unknown_framework(part, country)
            refs.extend((found, code, unknown_here) for found, code in level_refs(part, country))
    for found, code, unknown in refs:
        if code is None:
            continue
        if found is None and unknown is not None:
            # "MECES 3": a framework mcqa does not model names the level, not the column's
            # heading ("Nivel MECES/EQF"): kept as stated, never read as an EQF level
            if not national:
                national = True
                out.append(("level.nqf", f"{unknown} {code}"))
            continue
        if found == "EQF" or (found is None and (target == "level.eqf" or framework == "EQF")):
            if not any(t == "level.eqf" for t, _ in out):
                out.append(("level.eqf", int(code) if code.isascii() and code.isdigit() else code))
        elif not national:
            national = True
            if found is not None or framework is not None:
                out.append(("level.framework", found or framework))
            out.append(("level.nqf", code))
    if not out:
        out.append(("level.eqf" if target == "level.eqf" else "level.nqf", text))
    return out


# ---------------------------------------------------------------------------
# Countries, languages, awarding bodies
# ---------------------------------------------------------------------------


def country_parts(text: str) -> list[str]:
    """A country cell split on ``;`` ``,`` ``/`` and new lines, each name in any supported
    language read to its ISO code ("Deutschland" → DE); codes stay as written (EL, UK)
    and unknown names as stated, for the country rule to judge at their cell."""
    from mcqa.iso_names import country_code

    out: list[str] = []
    for part in _SPLIT_COUNTRIES.split(text):
        part = part.strip()
        if not part:
            continue
        code = None if _CODE_LIKE.fullmatch(part) else country_code(part)
        out.append(code or part)
    return out


def language_value(value: Any) -> Any:
    """A language cell as an ISO 639-1 code ("Deutsch", "German", "fr-FR" → de, de, fr);
    anything else as stated."""
    from mcqa.iso_names import language_code

    plain = plain_value(value)
    if not isinstance(plain, str):
        return plain
    return language_code(plain) or plain


def split_bodies(text: str) -> list[str]:
    """Awarding bodies: one per line or ``;``."""
    return [p for p in _SPLIT_BODIES.split(text) if p]


# ---------------------------------------------------------------------------
# Learning outcomes
# ---------------------------------------------------------------------------


def _lead_in(text: str) -> bool:
    """A line that introduces outcomes ("On completion, learners can",
    "Die Teilnehmenden können") rather than stating one."""
    if vocabulary("outcome-statements").match(text, ("lead-ins",)) is not None:
        return True
    words = words_of(text)
    if not words or len(words) > LEAD_IN_MAX_WORDS:
        return False
    return word_index("outcome-statements", ("capability",)).find(words) is not None


def _introduces(line: str, rest: list[str]) -> bool:
    """A first line without a marker, before marked lines ("• ...", "1. ...", "- ..."), that
    is a lead-in without its colon ("Die Teilnehmenden können nach Abschluss des Kurses",
    "... sind in der Lage,") or only the subject of the outcomes below ("Die
    Teilnehmenden")."""
    stripped = line.strip()
    if not stripped or _BULLET.match(stripped) or _CODE.match(stripped) or ":" in stripped:
        return False
    if not any(_BULLET.match(r) or _CODE.match(r) for r in rest if r.strip()):
        return False
    if _lead_in(stripped):
        return True
    words = words_of(stripped)
    return word_index("outcome-statements", ("subjects",)).at(words, 0) == len(words)


def _strip_marker(line: str) -> str:
    """Remove a bullet, number or code ("•", "1.", "a)", "W1:", "K_U01 \u2013") at the start."""
    line = _BULLET.sub("", line, count=1)
    return _CODE.sub("", line, count=1).strip()


_MARKER = re.compile(r"(?<!\S)\(?(\d{1,2}|[a-z])(?:(?<=\d)[.)]|(?<=[a-z])\))\s")
"""A list marker inside a line: "1.", "2)", "(3)", "a)"."""


def _numbered(line: str) -> list[str] | None:
    """A line whose items follow a lead-in ("Learners will: 1. Plan … 2. Build …"): the
    items, split at markers running 1, 2, 3 … (or a, b, c …; at least two), without the
    lead-in; ``None`` when the line has no such run after some text."""
    found = list(_MARKER.finditer(line))
    expected: tuple[str, ...] = ("1", "a")
    starts: list[int] = []
    for match in found:
        mark = match.group(1)
        if not starts:
            if mark in expected:
                starts, expected = [match.start()], (chr(ord(mark) + 1),)
            continue
        if mark == expected[0]:
            starts.append(match.start())
            nxt = str(int(mark) + 1) if mark.isdigit() else chr(ord(mark) + 1)
            expected = (nxt,)
    if len(starts) < 2 or not line[:starts[0]].strip():
        return None
    lead = line[:starts[0]].strip()
    parts = [line[a:b] for a, b in zip(starts, [*starts[1:], len(line)], strict=True)]
    if not (lead.endswith(":") or _lead_in(lead)):
        parts.insert(0, lead)  # a statement before the list is an outcome too
    return parts


def _items(line: str) -> list[str]:
    """One line split at inline bullets, repeated numbers or codes, and semicolons; a
    lead-in before numbered items on the same line is dropped."""
    parts = [line]
    stripped = line.lstrip()
    numbered = None if _BULLET.match(stripped) or _CODE.match(stripped) else _numbered(line)
    if numbered is not None:
        parts = numbered
    elif _CODE.match(stripped):
        parts = _INLINE_CODE.split(line)
    elif re.match(r"\(?1[.)]\s", stripped):
        parts = _INLINE_NUMBER.split(line)
    pieces: list[str] = []
    for part in parts:
        pieces.extend(_INLINE_BULLET.split(part))
    out: list[str] = []
    for piece in pieces:
        out.extend(_SEMICOLON.split(piece))
    return out


def split_outcomes(text: str) -> list[str]:
    """A cell of learning outcomes as a list: split at line breaks, bullets ("•", en dash,
    "-"), numbered and coded items ("1.", "a)", "W1:") and semicolons; lead-in lines
    ("On completion, learners can:", "Die Teilnehmenden können:") are dropped, and a
    lead-in before a colon is removed from the outcome it introduces. Only the first item
    and items with a colon are looked at for a lead-in: outcomes follow their lead-in."""
    out: list[str] = []
    first = True
    lines = text.splitlines()
    if len(lines) > 1 and _introduces(lines[0], lines[1:]):
        lines = lines[1:]
        first = False
    for line in lines:
        for piece in _items(line):
            item = _strip_marker(piece)
            if not item:
                continue
            head, colon, rest = item.partition(":")
            if colon:
                if not rest.strip():
                    if not out or _lead_in(head):
                        first = False
                        continue  # "Die Teilnehmenden können:" / a heading line
                elif _lead_in(head):
                    item = _strip_marker(rest)
            elif first and vocabulary("outcome-statements").match(item, ("lead-ins",)):
                first = False
                continue
            first = False
            if item:
                out.append(item)
    return out
