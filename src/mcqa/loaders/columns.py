"""Column-name recognition and mapping files for spreadsheet catalogues.

Ministries receive catalogues from dozens of providers, each with its own
header wording and language. Rather than demand one template, the catalogue
loader recognises the common names (English, French, German, Spanish,
Dutch), compared after :func:`normalize_header` so that case, accents,
spacing, punctuation and camelCase do not matter. Headers that are mcqa's own
field paths (``title``, ``workload.ects``, as written by ``mcqa template``)
are recognised directly. Anything else can be mapped explicitly with a
mapping file (:class:`ColumnMapping`); columns still unknown are kept as
``col.<name>`` extensions so no value is silently lost.

A *target* is a descriptor field path (dotted). A few targets are "smart":
``workload`` and ``level`` take a value with its unit or framework
(``5 ECTS``, ``120 h``, ``EQF 6``) and are split by the catalogue loader.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from mcqa.errors import ConfigError, PackError
from mcqa.marks import N_

# ---------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------

TEXT_TARGETS: tuple[str, ...] = (
    "id", "kind", "title", "language", "isced_f", "valid_until", "issue_date",
    "assessment_type", "participation_form", "prerequisites", "supervision_identity",
    "further_info", "provider.id", "provider.name", "learner.name", "learner.identifier",
    "awarding_body.name", "awarding_body.identifier", "awarding_body.legal_identifier",
    "awarding_body.url", "awarding_body.country", "workload.credit_system", "workload.duration",
    "level.framework", "level.nqf", "level.qf_ehea_cycle", "quality_assurance.description",
    "quality_assurance.internal", "quality_assurance.external", "quality_assurance.external_body",
    "quality_assurance.review_date", "quality_assurance.results_url", "grade.value",
    "grade.scheme", "stackability.mode", "stackability.towards",
)
"""Targets holding one text value."""

NUMBER_TARGETS: tuple[str, ...] = (
    "workload.ects", "workload.hours", "workload.credit_amount", "level.eqf",
)
"""Targets holding a number; a trailing unit (``5 ECTS``, ``120 h``) is accepted."""

BOOL_TARGETS: tuple[str, ...] = ("level.not_applicable",)

LIST_TARGETS: tuple[str, ...] = ("learning_outcomes", "issuer_country", "awarding_body")
"""Targets that may hold several values: one cell split on new lines or ``;``,
and several columns (``Learning outcome 1``, ``Learning outcome 2``) append."""

SMART_TARGETS: tuple[str, ...] = ("workload", "level")
"""Targets whose value carries its own unit or framework; split by the loader."""

PROSE_TARGETS: tuple[str, ...] = ("description", "notes")
"""Free-text columns: kept as ``col.<header>`` extensions, and read for statements of
Annex I elements (a description that states the workload makes a missing ECTS value a
*review*, never a false "missing")."""

ALIASES: dict[str, str] = {
    "provider": "provider.name",
    "learner": "learner.name",
    "quality_assurance": "quality_assurance.description",
    "grade": "grade.value",
    "stackability": "stackability.mode",
}
"""Element keys used as headers that stand for one of their sub-fields."""

TARGETS: frozenset[str] = frozenset(
    TEXT_TARGETS + NUMBER_TARGETS + BOOL_TARGETS + LIST_TARGETS + SMART_TARGETS
    + PROSE_TARGETS
)
"""Every field path a column may be mapped to (besides ``extensions.<name>``)."""

IGNORE = "ignore"
"""Mapping-file target that drops a column on purpose."""

EXTENSION_PREFIX = "extensions."


def canonical_target(path: str) -> str | None:
    """The target a field path stands for, or ``None`` when it is not one."""
    path = path.strip()
    if path in TARGETS:
        return path
    if path in ALIASES:
        return ALIASES[path]
    if path.startswith(EXTENSION_PREFIX) and _EXT_KEY.fullmatch(path[len(EXTENSION_PREFIX):]):
        return path
    return None


_EXT_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}")

# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


_BROKEN_WORD = re.compile(r"(?<=[^\W\d_])-[^\S\n]*+\n\s*+(?=[^\W\d_])")
"""A word hyphenated across a line break in a heading cell ("LEISTUNGS-\\nPUNKTE")."""


def _fold(text: str) -> list[str]:
    """Words of a text without case, accents or punctuation (camelCase split; a word
    hyphenated at a line break joined: "Leistungs-\\npunkte" is "Leistungspunkte")."""
    raw = _CAMEL.sub(" ", _BROKEN_WORD.sub("", text[:200]))
    decomposed = unicodedata.normalize("NFKD", raw)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _NON_ALNUM.sub(" ", stripped.replace("ß", "ss")).split()


@lru_cache(maxsize=1)
def _noise() -> frozenset[str]:
    """Marker words ("(optional)", "Pflichtfeld", "obbligatorio") from header-markers.yaml."""
    from mcqa.vocab import vocabulary

    return frozenset(w for term in vocabulary("header-markers").terms("marker")
                     for w in _fold(term))


def normalize_header(text: Any) -> str:
    """Header text reduced for comparison: ``"Crédits (ECTS)*"`` → ``"credits ects"``.

    Accents are stripped, camelCase split, punctuation folded to spaces and
    marker words such as "(optional)" dropped, because providers decorate
    headers freely and the meaning is in the remaining words.
    """
    noise = _noise()
    return " ".join(w for w in _fold(str(text) if text is not None else "") if w not in noise)


def extension_key(header: Any, fallback: str) -> str:
    """``col.<name>`` key for an unrecognised column (``fallback`` when the header is blank)."""
    name = normalize_header(header).replace(" ", "_")[:60] or fallback.lower()
    return f"col.{name}"


# ---------------------------------------------------------------------------
# Synonyms (standards/vocabularies/catalogue-columns.yaml, normalised on first use)
# ---------------------------------------------------------------------------

COLUMNS_VOCABULARY = "catalogue-columns"
"""The vocabulary of column names: one entry per target, terms in every supported language."""


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """Normalised header → target, from the column-name vocabulary (built once per process,
    on the first catalogue: a run without one never pays for it)."""
    from mcqa.vocab import vocabulary

    table: dict[str, str] = {}
    for target, entry in vocabulary(COLUMNS_VOCABULARY).entries.items():
        for lang in sorted(entry.terms):
            for name in sorted(entry.terms[lang]):
                key = normalize_header(name)
                if key in table and table[key] != target:
                    raise PackError(f"column name {name!r} ({lang}) stands for {table[key]} "
                                    f"and {target}", file=f"{COLUMNS_VOCABULARY}.yaml",
                                    location=f"/entries/{target}/terms/{lang}",
                                    hint="a header may name one field only")
                table[key] = target
    return table


# Linear in the header's length (tests/hostile/test_regex_budget.py): possessive runs, and
# the trailing number found from its own start rather than by backtracking over ".*".
_PATH_IN_BRACKETS = re.compile(r"[\[(]\s*+([A-Za-z_][A-Za-z0-9_.-]*+)\s*+[\])]\s*+$")
_PATH_PREFIX = re.compile(r"^\s*+([A-Za-z_][A-Za-z0-9_.-]*+)\s*+(?:[:|\u2013\u2014]|(?<=\s)-\s)")
_TRAILING_NUMBER = re.compile(r"(?<=\D)\d{1,2}$")


def _field_path(raw: str) -> str | None:
    """A field path written in the header: the whole cell, its first line,
    ``Label [path]`` / ``Label (path)``, or ``path: Label`` (``mcqa template`` style)."""
    text = raw.strip()
    candidates = [text, text.split("\n", 1)[0].strip()]
    for pattern in (_PATH_IN_BRACKETS, _PATH_PREFIX):
        match = pattern.search(text.split("\n", 1)[0])
        if match:
            candidates.append(match.group(1))
    for candidate in candidates:
        target = canonical_target(candidate)
        if target is not None:
            return target
    return None


@lru_cache(maxsize=4096)
def recognise(header: str) -> str | None:
    """Target for a header cell, or ``None`` when the name is not recognised.

    Order: an explicit field path (``workload.ects``) first, then the synonym
    table; a trailing number is allowed on list targets (``Learning outcome 3``).
    """
    if not header:
        return None
    path = _field_path(header)
    if path is not None:
        return path
    key = normalize_header(header)
    table = synonyms()
    if key in table:
        return table[key]
    plain = normalize_header(header.casefold())  # "USt-IdNr." is an abbreviation, not camelCase
    if plain in table:
        return table[plain]
    numbered = _TRAILING_NUMBER.search(key)
    if numbered:
        base = table.get(key[:numbered.start()].strip())
        if base in LIST_TARGETS:
            return base
    return None


# ---------------------------------------------------------------------------
# Key words (standards/vocabularies/catalogue-column-words.yaml): headers not in the list
# ---------------------------------------------------------------------------

WORDS_VOCABULARY = "catalogue-column-words"
"""Words that name a field inside a longer heading ("Forma oceny", "Vorm van deelname")."""

MAX_WORDED_HEADER = 8
"""Headings of more words are sentences (instructions, data), never read by key word."""

_PREFIX_MIN = 6
"""A key word this long also matches the start of a longer word (plural, compound end)."""


@lru_cache(maxsize=1)
def _key_words() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(folded words of a key word, target), from the key-word vocabulary (built once)."""
    from mcqa.vocab import vocabulary

    found: set[tuple[tuple[str, ...], str]] = set()
    for target, entry in vocabulary(WORDS_VOCABULARY).entries.items():
        for lang in entry.terms:
            for term in entry.terms[lang]:
                words = tuple(_fold(term))
                if words:
                    found.add((words, target))
    return tuple(sorted(found))


def _occurs(key: tuple[str, ...], words: list[str]) -> tuple[int, int] | None:
    """Span of ``key`` in ``words`` (whole words; a long last word may be a prefix)."""
    n = len(key)
    for i in range(len(words) - n + 1):
        if all(words[i + j] == key[j] for j in range(n - 1)):
            last, word = key[-1], words[i + n - 1]
            if word == last or (len(last) >= _PREFIX_MIN and word.startswith(last)):
                return i, i + n
    return None


_WHOSE_COUNTRY = frozenset({"provider.name", "awarding_body", "awarding_body.name"})
"""Fields whose country a heading may name with them: the issuer country (Annex I's
country of the issuer is the awarding body's; a catalogue's provider awards its offers)."""


@lru_cache(maxsize=4096)
def recognise_by_word(header: str) -> tuple[str, str] | None:
    """``(target, key word)`` for a heading named by a key word, or ``None``.

    Used only after :func:`recognise` fails. A key word whose span lies inside a longer key
    word's span gives way to it; of the rest, a field and its parent (``level.eqf`` and
    ``level``) resolve to the more specific one; a country word with words of the
    provider or awarding body ("Pays de l'établissement") names the issuer country; words
    of two parts of one field
    ("Livello QNQ/EQF": ``level.nqf`` and ``level.eqf``) name that field (``level``; its
    cells say which part); words of two unrelated fields are ambiguous and the heading
    stays unread (a wrong field is worse than a noted gap).
    """
    words = [w for w in _fold(header) if w not in _noise()]
    if not words or len(words) > MAX_WORDED_HEADER:
        return None
    hits: list[tuple[int, int, str, str]] = []
    for key, target in _key_words():
        span = _occurs(key, words)
        if span is not None:
            hits.append((span[0], span[1], target, " ".join(key)))
    kept = [h for h in hits
            if not any(o[0] <= h[0] and h[1] <= o[1] and (o[1] - o[0]) > (h[1] - h[0])
                       for o in hits)]
    targets = {h[2] for h in kept}
    if "issuer_country" in targets and targets - {"issuer_country"} <= _WHOSE_COUNTRY:
        # "Pays de l'établissement", "Land des Anbieters": the issuer's country
        return "issuer_country", next(h[3] for h in kept if h[2] == "issuer_country")
    specific = {t for t in targets
                if not any(o != t and o.startswith(t + ".") for o in targets)}
    parents = {t.rsplit(".", 1)[0] for t in specific if "." in t}
    if len(specific) > 1 and len(parents) == 1 and all("." in t for t in specific) \
            and next(iter(parents)) in _worded_targets():
        # "Livello QNQ/EQF", "ECTS / Stunden": two parts of one field; the cells say which
        (parent,) = parents
        word = max((h for h in kept if h[2] in specific), key=lambda h: (h[1] - h[0], h[3]))[3]
        return parent, word
    if len(specific) != 1:
        return None
    (target,) = specific
    word = max((h for h in kept if h[2] == target), key=lambda h: (h[1] - h[0], h[3]))[3]
    if target in ("workload", "workload.duration"):
        unit = _unit_in_parentheses(header)
        if unit is not None:  # "Workload (h)", "Umfang (LP)": the unit names the field
            return unit, word
    return target, word


_PARENTHESISED = re.compile(r"\(([^()]{1,20}+)\)")


def _unit_in_parentheses(header: str) -> str | None:
    """``workload.hours`` for "Workload (h)", ``workload.ects`` for "Umfang (LP)": a unit
    of the ``workload-units`` vocabulary in parentheses; ``None`` otherwise."""
    from mcqa.vocab import vocabulary

    fields = {"ects": "workload.ects", "hours": "workload.hours",
              "credits": "workload.credit_amount"}
    units = vocabulary("workload-units")
    for found in _PARENTHESISED.finditer(header):
        key = units.match(found.group(1), tuple(fields))
        if key is not None:
            return fields[key]
    return None


@lru_cache(maxsize=1)
def _worded_targets() -> frozenset[str]:
    """Fields the key-word vocabulary names (a parent such as ``level`` among them)."""
    return frozenset(target for _, target in _key_words())


# ---------------------------------------------------------------------------
# Mapping files
# ---------------------------------------------------------------------------

MAPPING_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "mcqa catalogue column mapping",
    "type": "object",
    "additionalProperties": False,
    "required": ["columns"],
    "properties": {
        "mcqa-mapping": {"const": 1},
        "columns": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"minLength": 1, "maxLength": 200},
            "additionalProperties": {
                "anyOf": [
                    {"$ref": "#/$defs/target"},
                    {"type": "array", "minItems": 1, "maxItems": 8, "uniqueItems": True,
                     "items": {"$ref": "#/$defs/target"}},
                ],
            },
        },
        "header_row": {"type": "integer", "minimum": 1, "maximum": 1000},
        "sheets": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    },
    "$defs": {
        "target": {
            "type": "string",
            "anyOf": [
                {"enum": sorted(TARGETS | set(ALIASES) | {IGNORE})},
                {"pattern": r"^extensions\.[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}$"},
            ],
        },
    },
}
"""JSON Schema of a mapping file (also printed in docs/catalogue-intake.md)."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (a silently overwritten mapping is a trap)."""


def _construct_unique(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise ConfigError(f"duplicate key {str(key)[:60]!r}",
                              location=f"line {key_node.start_mark.line + 1}",
                              hint="list each column once")
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique)


@dataclass(frozen=True)
class ColumnMapping:
    """An explicit header → target table from a ``--mapping`` file."""

    file: str
    columns: dict[str, tuple[str, ...]]
    """Normalised header → targets (one column may feed several fields), or ``(ignore,)``."""
    header_row: int | None = None
    sheets: tuple[str, ...] | None = None

    def target_for(self, header: str) -> str | None:
        """First mapped target of ``header`` (``ignore`` included), ``None`` when not listed."""
        targets = self.columns.get(normalize_header(header))
        return targets[0] if targets else None

    def targets_for(self, header: str) -> tuple[str, ...]:
        """Every mapped target of ``header`` (``Anbieter: [provider.name, awarding_body]``)."""
        return self.columns.get(normalize_header(header), ())

    @classmethod
    def load(cls, path: Path) -> ColumnMapping:
        """Read and validate a mapping file; any problem is a :class:`ConfigError`."""
        try:
            stat = path.stat()
        except OSError as exc:
            raise ConfigError(f"cannot read mapping file: {exc.strerror}", file=str(path),
                              hint="check the --mapping path") from None
        return _load_mapping(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_mapping(file: str, _mtime: int, size: int) -> ColumnMapping:
    """Cached per (path, mtime): a batch of 1000 files reads the mapping once."""
    from mcqa._yaml import line_of, load_aux
    from mcqa.fsguard import display_name

    data, text = load_aux(Path(file), what=N_("mapping file"), error=ConfigError,
                          limit=1_000_000, loader=_UniqueKeyLoader, max_nodes=100_000)
    file = display_name(file)
    validator = jsonschema.Draft202012Validator(MAPPING_SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    if errors:
        error = _schema_error(file, errors[0])
        line = line_of(text, list(errors[0].path))
        if line is not None:
            error = ConfigError(error.message, file=file,
                                location=f"line {line} ({error.location})", hint=error.hint)
        raise error
    assert isinstance(data, dict)
    columns: dict[str, tuple[str, ...]] = {}
    for header, value in data["columns"].items():
        key = normalize_header(header)
        where = f"line {line_of(text, ['columns', header])} (columns.{header!s:.60})"
        if not key:
            raise ConfigError("column header has no letters or digits", file=file,
                              location=where, hint="give the header text")
        if key in columns:
            raise ConfigError(f"column {header!s:.60} is listed twice (headers are compared "
                              "ignoring case, accents and punctuation)", file=file,
                              location=where, hint="keep one entry")
        listed = [value] if isinstance(value, str) else list(value)
        if IGNORE in listed and len(listed) > 1:
            raise ConfigError(f"column {header!s:.60} is both ignored and mapped", file=file,
                              location=where, hint="remove 'ignore' or the other targets")
        targets: list[str] = []
        for target in listed:
            canonical = IGNORE if target == IGNORE else canonical_target(target)
            assert canonical is not None  # guaranteed by the schema
            if canonical not in targets:
                targets.append(canonical)
        columns[key] = tuple(targets)
    sheets = tuple(data["sheets"]) if "sheets" in data else None
    return ColumnMapping(file=file, columns=columns, header_row=data.get("header_row"),
                         sheets=sheets)


def _schema_error(file: str, error: jsonschema.ValidationError) -> ConfigError:
    where = ".".join(str(p) for p in error.path) or "(top level)"
    value = error.instance
    if isinstance(value, list) and len(error.path) == 2 and error.path[0] == "columns":
        wrong = [v for v in value if not isinstance(v, str)
                 or (v != IGNORE and canonical_target(v) is None)]
        if wrong and isinstance(wrong[0], str):  # one bad target in a list of targets
            value = wrong[0]
    if len(error.path) in (2, 3) and error.path[0] == "columns" and isinstance(value, str):
        close = difflib.get_close_matches(value, sorted(TARGETS | set(ALIASES)), n=1)
        hint = f"did you mean {close[0]}?" if close else (
            "use a field path such as title, workload.ects, level.eqf, extensions.<name> "
            "or ignore")
        return ConfigError(f"{value[:60]!r} is not a field mcqa can map a column to",
                           file=file, location=where, hint=hint)
    if len(error.path) == 2 and error.path[0] == "columns" and not isinstance(value, str):
        return ConfigError(f"expected a field path or a list of field paths, got "
                           f"{str(value)[:40]!r}", file=file, location=where,
                           hint="e.g. 'Anbieter: [provider.name, awarding_body]'")
    if error.validator == "additionalProperties" and not error.path:
        return ConfigError(f"unknown key: {error.message[:120]}", file=file, location=where,
                           hint="allowed keys: columns, header_row, sheets, mcqa-mapping")
    return ConfigError(error.message[:200], file=file, location=where,
                       hint="see docs/catalogue-intake.md for the mapping file format")
