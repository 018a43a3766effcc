"""The recognition advice's wording in the reader's language.

The advice rules (``standards/recognition/micro-evaluator.yaml``) are data: criteria
titles and, per grade, a reason template (``{qa.external_body}`` filled from the facts).
Their English texts are extracted into the gettext template with the context
``recognition`` (``scripts/i18n.py extract`` reads the YAML), so they are translated with
the program's other sentences in each language's ``mcqa.po`` and reported by the same
completeness test. A dossier keeps the English reason as filled; :func:`reason` finds the
template it was filled from, and the caller translates the values it recovers (it knows
what each fact is).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from mcqa.i18n.locale import DEFAULT_LANG, check_lang, pgettext
from mcqa.i18n.text import fill_template, match_template
from mcqa.resources import standards_dir

__all__ = ["CONTEXT", "RULES_ID", "criterion_title", "reason", "rules_file", "texts"]

RULES_ID = "micro-evaluator"
CONTEXT = "recognition"
"""The gettext context of the advice rules' texts."""


def rules_file() -> Path:
    """The English advice rules."""
    return standards_dir() / "recognition" / f"{RULES_ID}.yaml"


@cache
def _english() -> dict[str, Any]:
    from mcqa.frameworks._data import load_yaml

    data, _text = load_yaml(rules_file(), "recognition.schema.json")
    return data


@cache
def _criteria() -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in _english()["criteria"]}


def texts() -> list[str]:
    """Every English title and reason template of the advice rules (for extraction)."""
    out: list[str] = []
    for crit in _criteria().values():
        out.append(crit["title"])
        out.extend(rule["reason"] for rule in crit["grades"])
    return out


def _t(text: str, lang: str) -> str:
    """``text`` looked up in the catalog, unformatted (its {fact} fields stay)."""
    return pgettext(CONTEXT, text, lang)  # no params: nothing is formatted here


def criterion_title(title: str, lang: str) -> str:
    """A criterion's title (as the dossier holds it, in English) in ``lang``."""
    if check_lang(lang) == DEFAULT_LANG:
        return title
    if any(crit["title"] == title for crit in _criteria().values()):
        return _t(title, lang)
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
    for rule in crit["grades"]:
        if rule["grade"] != grade:
            continue
        values = match_template(rule["reason"], text)
        if values is None:
            continue
        return fill_template(_t(rule["reason"], lang), {k: value(k, v) for k, v in values.items()})
    return text
