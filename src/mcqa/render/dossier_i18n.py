"""A finished dossier in the reader's language, for every dossier format.

The builder writes one English dossier; :func:`localize_dossier` returns the same
dossier with its sentences in ``lang`` (explanations, notes, the gap messages and
remedies, the recognition reasons, the ESCO statement...) and ``lang`` set. Codes stay
codes (statuses, verdicts, grades, outcomes): each renderer labels them in the same
language, and the JSON keeps them language-neutral. Values quoted from the credential,
identifiers, ESCO labels and citations of English-language documents stay as they are.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from mcqa.dossier.model import (
    Amount,
    CriterionAdvice,
    Dossier,
    GapItem,
    SuggestedSkill,
)
from mcqa.i18n import (
    DEFAULT_LANG,
    N_,
    check_lang,
    localize_rule_text,
    localize_text,
)
from mcqa.i18n import recognition as rec_i18n
from mcqa.i18n.text import fill_template, match_template
from mcqa.render import labels

__all__ = ["amount_text", "localize_dossier"]

ESCO_METHODS = {
    "mcqa learned ranker (lexical + static-embedding candidates, gradient-boosted trees, "
    "calibrated accept/review/reject)":
        N_("mcqa learned ranker (lexical + static-embedding candidates, gradient-boosted "
           "trees, calibrated accept/review/reject)"),
    "mcqa lexical mapper (field-weighted BM25 recall, label-coverage re-ranking)":
        N_("mcqa lexical mapper (field-weighted BM25 recall, label-coverage re-ranking)"),
}
"""The ESCO mapper's method lines (mcqa.esco.mapper.Mapper.method) -> their translation."""
ESCO_REASONS = (
    N_("{coverage} of label '{label}' ({terms})"), N_("description words"),
    N_("no label word in the text"), N_("meaning similarity {similarity}"),
    N_("needed by occupations whose titles share words with the text (+{evidence})"),
    N_("model score {score} (p {p})"),
)
"""The parts of a suggestion's reason (mcqa.esco.mapper.Suggestion.reason, joined by "; ")."""
FACT_WORDS = {"stated": N_("stated"), "signed": N_("signed"),
              "not stated": N_("not stated")}
"""Words the advice facts stand in with ("qa.stated" is "stated" without a description)."""
AMOUNT = N_("{amount} {unit}")
HOURS = N_("{amount} hours")
APPROXIMATE = N_("~{amount}")


def amount_text(a: Amount, lang: str) -> str:
    """'5 ECTS', '125-150 hours', '~3.3 UK' as ``lang`` writes them."""
    L = labels.for_lang(lang)
    span = L.F.span(a.min, a.max)
    if a.approximate:
        span = L.t(APPROXIMATE, amount=span)
    if a.unit == "HOURS":
        return L.t(HOURS, amount=span)
    return L.t(AMOUNT, amount=span, unit=a.unit)


def _t(text: str | None, lang: str) -> str | None:
    return localize_text(text, lang)


def _gap(g: GapItem, lang: str) -> GapItem:
    return g.model_copy(update={
        "message": localize_rule_text(g.rule_id, g.message, lang) or g.message,
        "remedy": localize_rule_text(g.rule_id, g.remedy, lang),
        "found": _t(g.found, lang)})


def _fact_value(lang: str) -> Any:
    L = labels.for_lang(lang)

    def value(fact: str, text: str) -> str:
        if text in FACT_WORDS:
            return L.t(FACT_WORDS[text])
        if fact == "level.confidence":
            return L.confidence(text)
        if fact == "level.outcome_text":
            return L.level_outcome(text.replace(" ", "_"))
        return _t(text, lang) or text

    return value


def _criterion(c: CriterionAdvice, lang: str) -> CriterionAdvice:
    return c.model_copy(update={
        "title": rec_i18n.criterion_title(c.title, lang),
        "reason": rec_i18n.reason(c.id, c.grade, c.reason, lang, _fact_value(lang))})


def _title(text: str, lang: str) -> str:
    """An area's or a criterion's title (the advice names both)."""
    out = rec_i18n.criterion_title(text, lang)
    return out if out != text else (_t(text, lang) or text)


@cache
def _reason_parts() -> tuple[str, ...]:
    return ESCO_REASONS


def esco_reason(text: str | None, lang: str) -> str | None:
    """A suggestion's reason in ``lang``, part by part (values kept as they are)."""
    if not text or check_lang(lang) == DEFAULT_LANG:
        return text
    L = labels.for_lang(lang)
    out = []
    for part in text.split("; "):
        for template in _reason_parts():
            values = match_template(template, part)
            if values is not None:
                out.append(fill_template(L.t(template), values))
                break
        else:
            out.append(part)
    return "; ".join(out)


def esco_method(text: str | None, lang: str) -> str | None:
    """The ESCO mapper's method line in ``lang``."""
    if not text or text not in ESCO_METHODS:
        return text
    return labels.for_lang(lang).t(ESCO_METHODS[text])


def _suggested(s: SuggestedSkill, lang: str) -> SuggestedSkill:
    return s.model_copy(update={"reason": esco_reason(s.reason, lang),
                                "method": esco_method(s.method, lang) or s.method})


def localize_dossier(d: Dossier, lang: str) -> Dossier:
    """``d`` with its sentences in ``lang`` (the same object in English)."""
    if check_lang(lang) == DEFAULT_LANG:
        return d
    t = _t
    a = d.advice
    advice = a.model_copy(update={
        "criteria": tuple(_criterion(c, lang) for c in a.criteria),
        "differences": tuple(_title(x, lang) for x in a.differences),
        "conditions": tuple(_title(x, lang) for x in a.conditions)})
    lv = d.level
    level = lv.model_copy(update={
        "stated": t(lv.stated, lang), "path": t(lv.path, lang),
        "explanation": t(lv.explanation, lang),
        "notes": tuple(t(n, lang) or n for n in lv.notes)})
    w = d.workload
    workload = w.model_copy(update={
        "stated": t(w.stated, lang),
        "ects": w.ects.model_copy(update={"text": amount_text(w.ects, lang)}) if w.ects else None,
        "hours": (w.hours.model_copy(update={"text": amount_text(w.hours, lang)})
                  if w.hours else None),
        "target": (w.target.model_copy(update={"text": amount_text(w.target, lang)})
                   if w.target else None),
        "steps": tuple(t(s, lang) or s for s in w.steps),
        "notes": tuple(t(n, lang) or n for n in w.notes)})
    e = d.esco
    esco = e.model_copy(update={
        "statement": t(e.statement, lang), "method": esco_method(e.method, lang),
        "outcomes": tuple(o.model_copy(update={
            "suggested": tuple(_suggested(s, lang) for s in o.suggested)})
            for o in e.outcomes)})
    g = d.gaps
    gaps = g.model_copy(update={
        "country_pack_note": t(g.country_pack_note, lang),
        "areas": tuple(ar.model_copy(update={
            "title": t(ar.title, lang), "items": tuple(_gap(i, lang) for i in ar.items),
            "notes": tuple(t(n, lang) or n for n in ar.notes)}) for ar in g.areas),
        "other": tuple(_gap(i, lang) for i in g.other),
        "evidence_requests": tuple(r.model_copy(update={
            "request": localize_rule_text(r.rule_id, r.request, lang) or r.request})
            for r in g.evidence_requests)})
    identity = d.identity.model_copy(update={
        "signature_note": t(d.identity.signature_note, lang)})
    delivery = tuple(f.model_copy(update={"label": t(f.label, lang),
                                          "value": t(f.value, lang)}) for f in d.delivery)
    return d.model_copy(update={
        "lang": lang, "target_note": t(d.target_note, lang),
        "lang_note": t(d.lang_note, lang), "identity": identity,
        "advice": advice, "key_gaps": tuple(_gap(k, lang) for k in d.key_gaps),
        "level": level, "workload": workload, "esco": esco, "gaps": gaps,
        "delivery": delivery})
