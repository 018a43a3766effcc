"""A finished report in another language, without checking anything again.

The engine writes every finding in English from its rule's texts. Given the
finding's pack, rule and status, :func:`localize_finding` swaps each of those texts
for the same text in the reader's language (:func:`mcqa.i18n.pack_text`). Texts the
engine or a loader composed ("Not verified: ...", an operator's reason, an input
problem, the review and withheld wording) are matched back to their marked templates
(:func:`mcqa.i18n.localize_text`); a value quoted from the credential stays as it
is. English is returned unchanged, byte for byte, so English outputs never move.

Renderers call :func:`localize_report` (or :func:`localize_record` per streamed
record) with the ``--lang`` of the run, then lay out the result as before; the
JSON report adds ``"lang"`` beside the translated messages (see ``docs/i18n.md``).
"""

from __future__ import annotations

from functools import cache

from mcqa.i18n.locale import DEFAULT_LANG, N_, _, check_lang
from mcqa.i18n.packs import english_text, pack_meta_text, pack_text, rule_of
from mcqa.i18n.text import localize_text
from mcqa.model import Finding
from mcqa.model.report import RecordResult, Report
from mcqa.packs import available_packs

__all__ = [
    "localize_finding",
    "localize_record",
    "localize_report",
    "localize_rule_text",
    "rule_text_map",
]

PASS_DEFAULT = N_("Meets {rule_id} ({title}).")
"""The engine's pass message for a rule without ``pass_message`` (English: the rule name)."""


MCQA_PACK = "mcqa"
"""The pack id of mcqa's own findings (MCQA-INPUT, MCQA-COUNTRY)."""

_FIELDS = ("message", "remedy", "evidence", "not_applicable_message", "pass_message",
           "free_text.message", "free_text.request")


@cache
def rule_text_map(pack_id: str, rule_id: str) -> dict[str, str]:
    """English text -> field, for the texts a finding of this rule can carry."""
    out: dict[str, str] = {}
    for field in _FIELDS:
        text = english_text(pack_id, rule_id, field)
        if text:
            out.setdefault(text, field)
    return out


def _bundled(pack_id: str) -> bool:
    return pack_id in available_packs()


@cache
def _pack_of_rule() -> dict[str, str]:
    """Rule id -> bundled pack (rule ids are unique across the bundled packs)."""
    from mcqa.i18n.packs import _rules

    return {rid: pid for pid in available_packs() for rid in _rules(pid)}


def localize_rule_text(rule_id: str, text: str | None, lang: str) -> str | None:
    """A text of a finding known only by its rule id (benchmark rows keep no pack id):
    the rule's own text in ``lang`` when ``text`` is one of its texts, else the text
    translated as a composed text (or left as it is)."""
    if not text or check_lang(lang) == DEFAULT_LANG:
        return text
    pack_id = _pack_of_rule().get(rule_id)
    if pack_id is not None:
        field = rule_text_map(pack_id, rule_id).get(text)
        if field is not None:
            return pack_text(pack_id, rule_id, field, lang)
    return localize_text(text, lang)


def _text(f: Finding, text: str | None, lang: str, rule_known: bool) -> str | None:
    if not text:
        return text
    if rule_known:
        field = rule_text_map(f.pack_id, f.rule_id).get(text)
        if field is not None:
            return pack_text(f.pack_id, f.rule_id, field, lang)
        rule = rule_of(f.pack_id, f.rule_id)
        if rule is not None and text == f"Meets {rule.id} ({rule.name}).":
            return _(PASS_DEFAULT, lang, rule_id=f.rule_id,
                     title=pack_text(f.pack_id, f.rule_id, "title", lang))
    return localize_text(text, lang)


def _rule_known(f: Finding) -> bool:
    return _bundled(f.pack_id) and rule_of(f.pack_id, f.rule_id) is not None


def localize_finding(f: Finding, lang: str) -> Finding:
    """``f`` with its rule's texts (title, message, remedy, evidence request) in ``lang``.

    English returns ``f`` itself. Findings of packs that are not bundled (a pack
    given by path) keep their texts, since no translation file can exist for them.
    """
    check_lang(lang)
    if lang == DEFAULT_LANG:
        return f
    known = _rule_known(f)
    update: dict[str, str | None] = {
        "message": _text(f, f.message, lang, known),
        "remedy": _text(f, f.remedy, lang, known),
        "evidence_request": _text(f, f.evidence_request, lang, known),
        "observed": localize_text(f.observed, lang),
    }
    if known:
        update["title"] = pack_text(f.pack_id, f.rule_id, "title", lang)
    out = f.model_copy(update=update)
    if f.pack_id == MCQA_PACK:  # mcqa's own checks cite mcqa's own (translated) wording
        out = out.model_copy(update={"citation": f.citation.model_copy(update={
            "document": localize_text(f.citation.document, lang),
            "locator": localize_text(f.citation.locator, lang)})})
    return out


def localize_record(res: RecordResult, lang: str) -> RecordResult:
    """One record's findings, input error and skip note in ``lang`` (for writers that
    stream records)."""
    if check_lang(lang) == DEFAULT_LANG:
        return res
    update: dict[str, object] = {}
    if res.findings:
        update["findings"] = tuple(localize_finding(f, lang) for f in res.findings)
    if res.input_error:
        update["input_error"] = localize_text(res.input_error, lang)
    if res.skipped:
        update["skipped"] = localize_text(res.skipped, lang)
    return res.model_copy(update=update) if update else res


def localize_report(report: Report, lang: str) -> Report:
    """The whole report in ``lang``: same records, counts and order; texts translated.

    Pack titles in :attr:`Report.packs` are translated too.
    """
    if check_lang(lang) == DEFAULT_LANG:
        return report
    packs = tuple(p.model_copy(update={
        "title": pack_meta_text(p.id, "title", lang) if _bundled(p.id) else p.title,
        "applied": localize_text(p.applied, lang) if p.applied != "requested" else p.applied})
        for p in report.packs)
    return report.model_copy(update={
        "lang": lang, "packs": packs,
        "records": tuple(localize_record(r, lang) for r in report.records)})
