"""Every human-facing word the renderers add, in one module, as whole phrases.

Why one module: translations (issue #21) wrap these strings for gettext; a
phrase is never assembled from fragments, so each can be translated as a whole
(placeholders are named: ``{ects}``, ``{hours}``). Statuses and outcomes are
looked up with a readable fallback, so a status added to the model (``review``)
shows up in every report without extra code. Element values are laid out here
from the dossier's JSON data; figures go through :mod:`mcqa.render.fmt`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from mcqa.render import fmt

ELEMENTS: dict[str, str] = {
    "learner": "Learner",
    "title": "Title",
    "issuer_country": "Country of the issuer",
    "awarding_body": "Awarding body",
    "issue_date": "Date of issuing",
    "learning_outcomes": "Learning outcomes",
    "workload": "Notional workload",
    "level": "Level",
    "assessment_type": "Type of assessment",
    "participation_form": "Form of participation",
    "quality_assurance": "Quality assurance",
    "prerequisites": "Prerequisites",
    "supervision_identity": "Supervision and identity verification",
    "grade": "Grade",
    "stackability": "Integration / stackability",
    "further_info": "Further information",
}
"""Annex I element key -> its name in the Recommendation."""

STATUSES: dict[str, str] = {
    "pass": "pass",
    "fail": "fail",
    "not_applicable": "not applicable",
    "unverifiable": "needs evidence",
    "waived": "waived",
    "error": "rule error",
    "review": "needs review",
    "withheld": "withheld by the holder",
}
"""Finding status -> label; unknown statuses read as their name with spaces."""

STATUS_COUNTS: dict[str, str] = {
    "pass": "{n} passed",
    "fail": "{n} failed",
    "unverifiable": "{n} need evidence",
    "review": "{n} to confirm",
    "withheld": "{n} withheld by the holder",
    "waived": "{n} waived",
    "not_applicable": "{n} not applicable",
    "error": "{n} rule errors",
}
"""Count phrases per status (a status without one uses '{n} <label>')."""

OUTCOMES: dict[str, str] = {
    "conforms": "CONFORMS",
    "gaps": "GAPS",
    "input_error": "INPUT ERROR",
    "skipped": "SKIPPED",
}
WITH_WARNINGS = "{outcome}, with {n} warnings"
WITH_WARNING = "{outcome}, with 1 warning"

SEVERITIES = {"error": "error", "warning": "warning", "info": "info"}

GRADES: dict[str, str] = {"strong": "strong", "substantial": "substantial", "weak": "weak",
                          "none": "none"}
ADVICE: dict[str, str] = {
    "recognise": "Recognise",
    "recognise_with_conditions": "Recognise with conditions",
    "substantial_differences": "Substantial differences",
}
ADVICE_EXPLAINED: dict[str, str] = {
    "recognise": "No substantial difference was found and every criterion is at least "
                 "substantial: recognise.",
    "recognise_with_conditions": "No substantial difference was shown, but these need "
                                 "evidence or a condition first: {items}.",
    "substantial_differences": "Possible substantial differences, with evidence, in: {items}. "
                               "Recognition may be refused only for a difference the assessing "
                               "body can show (Lisbon Convention, Art. VI.1).",
}
VERDICTS: dict[str, str] = {
    "possible substantial difference": "possible substantial difference",
    "evidence needed": "open question",
    "no substantial difference found": "no substantial difference found",
}
LEVEL_OUTCOMES: dict[str, str] = {
    "mapped": "mapped", "mapped_range": "mapped to a range", "comparison_only":
    "comparison only", "unconfirmed": "unconfirmed", "no_mapping": "no mapping",
    "no_target_framework": "no framework data for the target",
}

FACTS: dict[str, str] = {
    "qa.external_body": "External QA body", "qa.external": "External QA",
    "qa.internal": "Internal QA", "qa.review_date": "Last review", "qa.results_url":
    "Published results", "qa.stated": "Quality assurance",
    "verification.signature_method": "Signature", "awarding_body.legal_identifier":
    "Legal identifier", "awarding_body.url": "Web site", "awarding_body.named": "Awarding body",
    "level.stated": "Stated level", "level.path": "Translation", "level.confidence": "Confidence",
    "outcomes.count": "Outcomes", "outcomes.esco_linked": "Linked to ESCO",
    "workload.ects": "ECTS", "workload.hours": "Hours", "workload.text": "Workload",
    "assessment.type": "Assessment", "assessment.supervision": "Supervision",
    "learner.name": "Name", "learner.identifier": "Identifier",
}

NOT_STATED = "not stated"
NOT_APPLICABLE = "n/a"

# Element value phrases (named placeholders, whole phrases).
WORKLOAD_ECTS_HOURS = "{ects} ECTS ({hours} hours)"
WORKLOAD_ECTS = "{ects} ECTS"
WORKLOAD_CREDITS_HOURS = "{amount} {system} credits ({hours} hours)"
WORKLOAD_CREDITS = "{amount} {system} credits"
WORKLOAD_HOURS = "{hours} hours"
WORKLOAD_DURATION = "duration {duration}"
LEVEL_EQF = "EQF {eqf}"
LEVEL_NQF = "{framework} {nqf}"
LEVEL_CYCLE = "QF-EHEA {cycle} cycle"
LEVEL_NONE = "no level applies (stated)"
QA_EXTERNAL_BODY = "external: {external} by {body}"
QA_EXTERNAL = "external: {external}"
QA_INTERNAL = "internal: {internal}"
QA_REVIEWED = "last reviewed {date}"
GRADE_SCHEME = "{value} (scheme: {scheme})"
STACK_TOWARDS = "{mode}, towards {towards}"
MAPPED_FROM_TEXT = "read as “{category}” (Annex I category)"
LEVEL_SEPARATOR = " · "


def status(value: str) -> str:
    """Label of a finding status (any status, known or new)."""
    return STATUSES.get(value, value.replace("_", " "))


COUNT_ORDER = ("pass", "fail", "withheld", "review", "unverifiable", "waived", "not_applicable",
               "error")
"""Order of the count phrases; statuses not listed follow in the report's order."""


def counts_line(counts: Mapping[str, int]) -> str:
    """'10 passed, 13 failed, 0 to confirm, 7 need evidence, 0 waived, 14 not applicable'
    over every status in ``counts``: the usual six always, any other status when it occurs."""
    usual = ("pass", "fail", "review", "unverifiable", "waived", "not_applicable")
    keys = [k for k in COUNT_ORDER if k in counts] + [k for k in counts if k not in COUNT_ORDER]
    return ", ".join(STATUS_COUNTS.get(k, "{n} " + status(k)).format(n=fmt.integer(counts[k]))
                     for k in keys if counts[k] or k in usual)


def outcome(value: str, warnings: int = 0) -> str:
    """``CONFORMS``, ``CONFORMS, with 3 warnings``, ``GAPS`` ..."""
    name = OUTCOMES.get(value, value.replace("_", " ").upper())
    if value == "conforms" and warnings:
        return (WITH_WARNING if warnings == 1 else WITH_WARNINGS).format(outcome=name,
                                                                         n=warnings)
    return name


def element(key: str) -> str:
    """Human name of an Annex I element (the key itself when unknown)."""
    return ELEMENTS.get(key, key.replace("_", " "))


def _join(parts: Iterable[str], sep: str = "; ") -> str:
    return sep.join(p for p in parts if p)


def _party(d: Mapping[str, Any]) -> str:
    name = d.get("name") or d.get("identifier") or ""
    ident = d.get("legal_identifier")
    where = d.get("country")
    return _join([name, f"({ident})" if ident else "", where or ""], " ").replace(" (", " (", 1)


def value(key: str, data: Any) -> str:
    """An element value laid out for people, from the dossier's JSON ``data``."""
    if data in (None, "", [], {}):
        return ""
    if key == "workload" and isinstance(data, dict):
        return _workload(data)
    if key == "level" and isinstance(data, dict):
        parts = []
        if data.get("eqf") is not None:
            parts.append(LEVEL_EQF.format(eqf=data["eqf"]))
        if data.get("framework") or data.get("nqf"):
            parts.append(LEVEL_NQF.format(framework=data.get("framework") or "",
                                          nqf=data.get("nqf") or "").strip())
        if data.get("qf_ehea_cycle"):
            parts.append(LEVEL_CYCLE.format(cycle=data["qf_ehea_cycle"]))
        if data.get("not_applicable"):
            parts.append(LEVEL_NONE)
        return LEVEL_SEPARATOR.join(parts)
    if key == "quality_assurance" and isinstance(data, dict):
        ext = data.get("external")
        body = data.get("external_body")
        return _join([
            data.get("description") or "",
            QA_EXTERNAL_BODY.format(external=ext or "QA", body=body) if body
            else QA_EXTERNAL.format(external=ext) if ext else "",
            QA_INTERNAL.format(internal=data["internal"]) if data.get("internal") else "",
            QA_REVIEWED.format(date=fmt.day(data["review_date"])) if data.get("review_date")
            else ""])
    if key == "grade" and isinstance(data, dict):
        return (GRADE_SCHEME.format(value=data.get("value", ""), scheme=data["scheme"])
                if data.get("scheme") else str(data.get("value", "")))
    if key == "stackability" and isinstance(data, dict):
        return (STACK_TOWARDS.format(mode=data.get("mode", ""), towards=data["towards"])
                if data.get("towards") else str(data.get("mode", "")))
    if key == "learner" and isinstance(data, dict):
        return _join([data.get("name") or "", data.get("identifier") or ""], ", ")
    if key == "issue_date":
        return fmt.day(str(data))
    if isinstance(data, list):
        if all(isinstance(d, dict) for d in data):
            return _join(_party(d) for d in data)
        return ", ".join(str(d) for d in data)
    if isinstance(data, dict):
        return _join(f"{v}" for _, v in sorted(data.items()))
    return str(data)


def _workload(d: Mapping[str, Any]) -> str:
    ects, hours = d.get("ects"), d.get("hours")
    system, amount = d.get("credit_system"), d.get("credit_amount")
    if ects is not None:
        text = (WORKLOAD_ECTS_HOURS.format(ects=fmt.number(ects), hours=fmt.number(hours))
                if hours is not None else WORKLOAD_ECTS.format(ects=fmt.number(ects)))
    elif amount is not None and system:
        text = (WORKLOAD_CREDITS_HOURS.format(amount=fmt.number(amount), system=system,
                                              hours=fmt.number(hours))
                if hours is not None else WORKLOAD_CREDITS.format(amount=fmt.number(amount),
                                                                  system=system))
    elif hours is not None:
        text = WORKLOAD_HOURS.format(hours=fmt.number(hours))
    else:
        text = ""
    if d.get("duration"):
        text = _join([text, WORKLOAD_DURATION.format(duration=d["duration"])])
    return text
