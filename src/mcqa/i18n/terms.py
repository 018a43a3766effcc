"""The glossary as data: Annex I element names and key terms in every language.

``standards/i18n/terms.yaml`` (schema ``standards/schemas/terms.schema.json``) gives,
per term and language, a short label, the policy wording and its source (an official
text, or ``mcqa`` for mcqa's own translation). Renderers take element names from
here, so a German report says "Lernergebnisse" where the English one says "Learning
outcomes"; ``docs/glossary.md`` is generated from the same file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import jsonschema

from mcqa._yaml import load_safe
from mcqa.errors import ConfigError, PackError
from mcqa.i18n.locale import DEFAULT_LANG, check_lang
from mcqa.i18n.pseudo import PSEUDO, pseudo
from mcqa.resources import standards_dir

__all__ = ["MCQA_SOURCE", "Source", "Term", "element_label", "glossary", "term", "terms_data"]

MCQA_SOURCE = "mcqa"
"""The source id of mcqa's own translations (no official wording was found)."""


@dataclass(frozen=True)
class Source:
    """A text a term's wording was read in."""

    id: str
    lang: str
    title: str
    url: str
    read: str
    confidence: str


@dataclass(frozen=True)
class Term:
    """One term: its id, kind, and per language (label, text, source id, note)."""

    id: str
    kind: str
    entries: dict[str, dict[str, str]]

    def text(self, lang: str) -> str:
        """The policy wording in ``lang`` (English when the glossary lacks it)."""
        entry = self.entries.get(lang) or self.entries[DEFAULT_LANG]
        return entry["text"]

    def label(self, lang: str) -> str:
        """The short label in ``lang`` (the wording when the term has no label)."""
        entry = self.entries.get(lang) or self.entries[DEFAULT_LANG]
        return entry.get("label") or entry["text"]


@cache
def terms_data() -> dict[str, Any]:
    """The validated glossary file."""
    path = standards_dir() / "i18n" / "terms.yaml"
    schema = json.loads((standards_dir() / "schemas" / "terms.schema.json")
                        .read_text(encoding="utf-8"))
    data: dict[str, Any] = load_safe(path.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if errors:
        err = errors[0]
        raise PackError(err.message, file=str(path),
                        location="/" + "/".join(str(p) for p in err.path),
                        hint="see standards/schemas/terms.schema.json")
    known = set(data["sources"]) | {MCQA_SOURCE}
    for i, item in enumerate(data["terms"]):
        for lang in data["languages"]:
            entry = item.get(lang)
            if entry is not None and entry["source"] not in known:
                raise PackError(f"unknown source {entry['source']!r}", file=str(path),
                                location=f"/terms/{i}/{lang}/source",
                                hint="add it under `sources` or write `mcqa`")
    return data


@cache
def glossary() -> dict[str, Term]:
    """Every term by id, in file order."""
    data = terms_data()
    return {item["id"]: Term(id=item["id"], kind=item["kind"],
                             entries={k: v for k, v in item.items()
                                      if k in data["languages"]})
            for item in data["terms"]}


def sources() -> dict[str, Source]:
    """The sources the glossary cites, by id."""
    return {sid: Source(id=sid, **src) for sid, src in terms_data()["sources"].items()}


def term(term_id: str, lang: str) -> str:
    """The policy wording of ``term_id`` in ``lang``."""
    found = glossary().get(term_id)
    if found is None:
        raise ConfigError(f"no glossary term {term_id!r}", hint="see docs/glossary.md")
    if check_lang(lang) == PSEUDO:
        return pseudo(found.text(DEFAULT_LANG))
    return found.text(lang)


def element_label(element: str, lang: str) -> str:
    """The short name of an Annex I element (``learning_outcomes``) in ``lang``."""
    found = glossary().get(element)
    if found is None or not found.kind.startswith("annex1"):
        raise ConfigError(f"{element!r} is not an Annex I element",
                          hint="element keys: see mcqa.model.ELEMENTS")
    if check_lang(lang) == PSEUDO:
        return pseudo(found.label(DEFAULT_LANG))
    return found.label(lang)
