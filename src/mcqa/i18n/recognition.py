"""The recognition advice's wording in the reader's language, read from data.

The advice rules (``standards/recognition/micro-evaluator.yaml``) are data: criteria
titles and, per grade, a reason template (``{qa.external_body}`` filled from the facts).
Their translations are data beside them, ``standards/recognition/i18n/<id>.<lang>.yaml``
(schema ``recognition-i18n.schema.json``): per criterion its title and the reasons in
the order of the English grades, so an author adds a language without Python. A dossier
keeps the English reason as filled; :func:`reason` finds the template it was filled
from, and the caller translates the values it recovers (it knows what each fact is).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from mcqa.i18n.locale import DEFAULT_LANG, LANGUAGES, check_lang
from mcqa.i18n.pseudo import PSEUDO, pseudo
from mcqa.i18n.text import fill_template, match_template
from mcqa.resources import standards_dir

__all__ = ["RULES_ID", "criterion_title", "missing", "reason", "rules_file", "translation_file"]

RULES_ID = "micro-evaluator"


def rules_file() -> Path:
    """The English advice rules."""
    return standards_dir() / "recognition" / f"{RULES_ID}.yaml"


def translation_file(lang: str) -> Path:
    """Where the ``lang`` wording of the advice rules lives."""
    return standards_dir() / "recognition" / "i18n" / f"{RULES_ID}.{lang}.yaml"


@cache
def _english() -> dict[str, Any]:
    from mcqa.frameworks._data import load_yaml

    data, _text = load_yaml(rules_file(), "recognition.schema.json")
    return data


@cache
def _criteria() -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in _english()["criteria"]}


@cache
def _load(lang: str) -> dict[str, Any]:
    from mcqa.frameworks._data import load_yaml

    path = translation_file(lang)
    if not path.is_file():
        return {}
    data, _text = load_yaml(path, "recognition-i18n.schema.json")
    return data


def _entry(criterion: str, lang: str) -> dict[str, Any]:
    found: dict[str, Any] = (_load(lang).get("criteria") or {}).get(criterion) or {}
    return found


def criterion_title(title: str, lang: str) -> str:
    """A criterion's title (as the dossier holds it, in English) in ``lang``."""
    if check_lang(lang) == DEFAULT_LANG:
        return title
    for cid, crit in _criteria().items():
        if crit["title"] == title:
            if lang == PSEUDO:
                return pseudo(title)
            return str(_entry(cid, lang).get("title") or title)
    return title


def reason(criterion: str, grade: str, text: str, lang: str,
           value: Callable[[str, str], str]) -> str:
    """The reason ``text`` (filled in English from a template of ``criterion``) in
    ``lang``; ``value(fact, english_value)`` translates each fact's value."""
    if check_lang(lang) == DEFAULT_LANG:
        return text
    crit = _criteria().get(criterion)
    if crit is None:
        return text
    reasons = _entry(criterion, lang).get("reasons") or []
    for i, rule in enumerate(crit["grades"]):
        if rule["grade"] != grade:
            continue
        values = match_template(rule["reason"], text)
        if values is None:
            continue
        target = pseudo(rule["reason"]) if lang == PSEUDO else (
            reasons[i] if i < len(reasons) and reasons[i] else rule["reason"])
        return fill_template(target, {k: value(k, v) for k, v in values.items()})
    return text


def missing() -> list[str]:
    """Every title and reason a complete translation needs and does not have (the
    English rules changed, or a language was added without them)."""
    out: list[str] = []
    for lang in LANGUAGES:
        if lang == DEFAULT_LANG:
            continue
        for cid, crit in _criteria().items():
            entry = _entry(cid, lang)
            if not entry.get("title"):
                out.append(f"{translation_file(lang).name}: {cid}.title")
            reasons = entry.get("reasons") or []
            if len(reasons) != len(crit["grades"]) or not all(reasons):
                out.append(f"{translation_file(lang).name}: {cid}.reasons "
                           f"({len(crit['grades'])} expected, in the English order)")
    return out
