"""Rule-pack texts in the reader's language, read from translation files beside the packs.

A pack is written in English. Its translations live in
``standards/packs/i18n/<pack-id>.<lang>.yaml`` (schema:
``standards/schemas/pack-i18n.schema.json``), keyed by rule id, one file per pack and
language, so a pack author adds a language without touching Python. The English
file holds only the rules' short human titles (the pack format has none; a rule's
``name`` is a dotted identifier). :func:`pack_text` falls back to English silently:
the test suite lists every missing key (``python scripts/i18n.py missing`` does the
same after a merge), so a fallback at run time never hides a gap that shipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from mcqa._yaml import load_safe
from mcqa.errors import ConfigError, PackError
from mcqa.i18n.locale import DEFAULT_LANG, LANGUAGES, check_lang
from mcqa.i18n.pseudo import PSEUDO, pseudo
from mcqa.packs import Pack, Rule, available_packs, load_pack_file
from mcqa.resources import standards_dir

__all__ = [
    "PACK_FIELDS",
    "RULE_FIELDS",
    "Gap",
    "english_digests",
    "english_text",
    "i18n_dir",
    "localized_rule",
    "missing_translations",
    "orphan_translations",
    "pack_meta_text",
    "pack_text",
    "required_fields",
    "rule_of",
    "stale_translations",
    "translation_file",
    "translation_schema",
]

RULE_FIELDS: tuple[str, ...] = (
    "title", "message", "remedy", "not_applicable_message", "pass_message", "evidence",
    "free_text.message", "free_text.request",
)
"""The translatable texts of a rule (``free_text.*`` are nested in the files)."""

PACK_FIELDS: tuple[str, ...] = ("title", "description")
"""The translatable texts of a pack's metadata."""

STUB_PREFIX = "[en] "
"""What ``scripts/i18n.py stub`` puts before the English text of a key it adds; the
completeness test treats such a value as missing."""


def i18n_dir() -> Path:
    """``standards/packs/i18n``: the translation files of the bundled packs."""
    return standards_dir() / "packs" / "i18n"


def translation_file(pack_id: str, lang: str) -> Path:
    """Where the ``lang`` translation of ``pack_id`` lives."""
    return i18n_dir() / f"{pack_id}.{lang}.yaml"


@cache
def translation_schema() -> dict[str, Any]:
    """The JSON Schema of a pack translation file."""
    path = standards_dir() / "schemas" / "pack-i18n.schema.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def _pack(pack_id: str) -> Pack:
    packs = available_packs()
    if pack_id not in packs:
        raise ConfigError(f"unknown pack {pack_id!r}", hint=f"bundled packs: {', '.join(packs)}")
    return load_pack_file(packs[pack_id])


@cache
def _rules(pack_id: str) -> dict[str, Rule]:
    return {r.id: r for r in _pack(pack_id).rules}


@cache
def _load(pack_id: str, lang: str) -> dict[str, Any]:
    """The translation file's content ({} when there is none); invalid files are pack errors."""
    path = translation_file(pack_id, lang)
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    try:
        data = load_safe(text)
    except yaml.YAMLError as exc:
        raise PackError(f"invalid YAML: {exc}", file=str(path)) from None
    errors = sorted(jsonschema.Draft202012Validator(translation_schema()).iter_errors(data),
                    key=lambda e: list(map(str, e.path)))
    if errors:
        err = errors[0]
        pointer = "/" + "/".join(str(p) for p in err.path)
        raise PackError(err.message, file=str(path), location=pointer,
                        hint="see standards/schemas/pack-i18n.schema.json")
    if data.get("pack") != pack_id or data.get("lang") != lang:
        raise PackError(f"file names pack {data.get('pack')!r} in {data.get('lang')!r}",
                        file=str(path), location="/pack",
                        hint=f"a file named {path.name} translates {pack_id!r} into {lang!r}")
    out: dict[str, Any] = data
    return out


def rule_of(pack_id: str, rule_id: str) -> Rule | None:
    """The bundled rule ``rule_id`` of ``pack_id`` (``None`` when the pack has no such rule)."""
    return _rules(pack_id).get(rule_id)


def english_text(pack_id: str, rule_id: str, field: str) -> str:
    """The English (source) text of a rule field; ``""`` when the rule has none.

    A rule's English title comes from ``<pack>.en.yaml``, falling back to its name.
    """
    rule = _rules(pack_id).get(rule_id)
    if rule is None:
        raise ConfigError(f"pack {pack_id!r} has no rule {rule_id!r}",
                          hint=f"`mcqa rules show {rule_id}` finds the rule's pack")
    if field == "title":
        title = _lookup(_load(pack_id, DEFAULT_LANG), rule_id, "title")
        return title or rule.name
    if field in ("free_text.message", "free_text.request"):
        if rule.free_text is None:
            return ""
        return str(getattr(rule.free_text, field.split(".")[1]))
    if field not in RULE_FIELDS:
        raise ConfigError(f"unknown rule text field {field!r}",
                          hint=f"use one of: {', '.join(RULE_FIELDS)}")
    value = getattr(rule, field)
    return str(value) if value else ""


def _lookup(data: dict[str, Any], rule_id: str, field: str) -> str | None:
    entry = (data.get("rules") or {}).get(rule_id) or {}
    head, _, tail = field.partition(".")
    value = entry.get(head)
    if tail:
        value = value.get(tail) if isinstance(value, dict) else None
    if not isinstance(value, str) or not value or value.startswith(STUB_PREFIX):
        return None
    return value


def pack_text(pack_id: str, rule_id: str, field: str, lang: str) -> str:
    """A rule's ``field`` (see :data:`RULE_FIELDS`) in ``lang``, English when untranslated.

    ``""`` when the rule has no such text in English (e.g. no ``evidence``): a
    translation never adds a text the pack does not have.
    """
    english = english_text(pack_id, rule_id, field)
    check_lang(lang)
    if not english or lang == DEFAULT_LANG:
        return english
    if lang == PSEUDO:
        return pseudo(english)
    return _lookup(_load(pack_id, lang), rule_id, field) or english


def pack_meta_text(pack_id: str, field: str, lang: str) -> str:
    """The pack's ``title`` or ``description`` in ``lang`` (English when untranslated)."""
    if field not in PACK_FIELDS:
        raise ConfigError(f"unknown pack text field {field!r}",
                          hint=f"use one of: {', '.join(PACK_FIELDS)}")
    english = str(getattr(_pack(pack_id).meta, field) or "")
    check_lang(lang)
    if not english or lang == DEFAULT_LANG:
        return english
    if lang == PSEUDO:
        return pseudo(english)
    value = _load(pack_id, lang).get(field)
    if isinstance(value, str) and value and not value.startswith(STUB_PREFIX):
        return value
    return english


def required_fields(pack_id: str, rule_id: str, lang: str) -> list[str]:
    """The fields a complete ``lang`` translation of a rule has: its title, and in a
    language other than English every text the English rule has."""
    if lang == DEFAULT_LANG:
        return ["title"]
    return [f for f in RULE_FIELDS if english_text(pack_id, rule_id, f)]


@dataclass(frozen=True, order=True)
class Gap:
    """One translation key that is missing (or left over): pack, language, rule, field.

    ``rule`` is ``""`` for the pack's own title and description.
    """

    pack: str
    lang: str
    rule: str
    field: str

    def __str__(self) -> str:
        where = f"{self.rule}.{self.field}" if self.rule else f"pack.{self.field}"
        return f"{translation_file(self.pack, self.lang).name}: {where}"


def _packs(pack_ids: tuple[str, ...] | None) -> tuple[str, ...]:
    return tuple(pack_ids) if pack_ids is not None else tuple(available_packs())


def missing_translations(pack_ids: tuple[str, ...] | None = None,
                         langs: tuple[str, ...] = LANGUAGES) -> list[Gap]:
    """Every key a complete translation needs and does not have, sorted.

    After a merge adds rules (or a text to a rule), this lists what to translate;
    ``tests/i18n/test_pack_translations.py`` fails while the list is not empty.
    """
    gaps: list[Gap] = []
    for pid in _packs(pack_ids):
        for lang in langs:
            data = _load(pid, lang)
            if lang != DEFAULT_LANG:
                for field in PACK_FIELDS:
                    if getattr(_pack(pid).meta, field) and not (
                            isinstance(data.get(field), str) and data[field]
                            and not data[field].startswith(STUB_PREFIX)):
                        gaps.append(Gap(pid, lang, "", field))
            for rule in _pack(pid).rules:
                for field in required_fields(pid, rule.id, lang):
                    if _lookup(data, rule.id, field) is None:
                        gaps.append(Gap(pid, lang, rule.id, field))
    return sorted(gaps)


def orphan_translations(pack_ids: tuple[str, ...] | None = None,
                        langs: tuple[str, ...] = LANGUAGES) -> list[Gap]:
    """Keys in translation files that the pack no longer has (a rule or text removed,
    an id mistyped): translations that would never be shown."""
    orphans: list[Gap] = []
    for pid in _packs(pack_ids):
        rules = _rules(pid)
        for lang in langs:
            for rule_id, entry in sorted((_load(pid, lang).get("rules") or {}).items()):
                if rule_id not in rules:
                    orphans.append(Gap(pid, lang, rule_id, "*"))
                    continue
                wanted = set(required_fields(pid, rule_id, lang))
                orphans.extend(Gap(pid, lang, rule_id, field)
                               for field in sorted(_fields_of(entry)) if field not in wanted)
    return orphans


def _fields_of(entry: dict[str, Any]) -> Iterator[str]:
    for key, value in entry.items():
        if isinstance(value, dict):
            yield from (f"{key}.{sub}" for sub in value)
        else:
            yield key


LOCK_FILE = "english.lock.yaml"
"""In ``standards/packs/i18n``: a short digest of every English text at the time its
translations were last confirmed, so a changed English sentence is caught even when the
old translation is still there (``python scripts/i18n.py lock`` after re-translating)."""


def english_digests(pack_ids: tuple[str, ...] | None = None) -> dict[str, str]:
    """``pack/rule/field`` (``pack//title`` for pack metadata) -> 12-hex digest of the
    English text, for every text a translation must cover."""
    out: dict[str, str] = {}
    for pid in _packs(pack_ids):
        meta = _pack(pid).meta
        for field in PACK_FIELDS:
            text = str(getattr(meta, field) or "")
            if text:
                out[f"{pid}//{field}"] = _digest(text)
        for rule in _pack(pid).rules:
            for field in RULE_FIELDS:
                text = english_text(pid, rule.id, field)
                if text:
                    out[f"{pid}/{rule.id}/{field}"] = _digest(text)
    return dict(sorted(out.items()))


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def locked_digests() -> dict[str, str]:
    """The digests recorded in the lock file ({} when there is none)."""
    path = i18n_dir() / LOCK_FILE
    if not path.is_file():
        return {}
    data = load_safe(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in (data.get("texts") or {}).items()}


def stale_translations() -> list[str]:
    """Keys whose English text changed since their translations were confirmed (or that
    were never confirmed): their translations may say something the pack no longer does."""
    locked = locked_digests()
    return [key for key, digest in english_digests().items() if locked.get(key) != digest]


def translation_files() -> list[Path]:
    """Every pack translation file that exists, sorted."""
    return sorted(p for p in i18n_dir().glob("*.yaml") if p.name != LOCK_FILE)


def localized_rule(pack_id: str, rule: dict[str, Any], lang: str) -> dict[str, Any]:
    """A rule as plain data (``Rule.model_dump``) with its texts in ``lang`` and its
    human ``title`` added; ids, names, checks and citations are left as they are."""
    rule_id = str(rule["id"])
    out: dict[str, Any] = {}
    for key, value in rule.items():
        out[key] = value
        if key == "name":
            out["title"] = pack_text(pack_id, rule_id, "title", lang)
    out.setdefault("title", pack_text(pack_id, rule_id, "title", lang))
    for field in RULE_FIELDS[1:]:
        head, _, tail = field.partition(".")
        if tail:
            if isinstance(out.get(head), dict) and tail in out[head]:
                out[head] = {**out[head], tail: pack_text(pack_id, rule_id, field, lang)}
        elif out.get(head):
            out[head] = pack_text(pack_id, rule_id, field, lang)
    return out
