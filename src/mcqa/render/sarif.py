"""SARIF 2.1.0: gap reports for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

Why SARIF: providers keep descriptors in repositories; a SARIF upload turns
every unmet rule into an annotation on the file it concerns. Only actionable
findings become results (``fail`` and rule ``error``, plus unreadable
inputs); passes, waivers and unverifiable principles are not alerts.
``tool.driver.rules`` lists every rule of the report's packs with
``helpUri`` = the citation URL, so a dashboard links to the legal source.
"""

from __future__ import annotations

import json
from typing import Any

from mcqa.i18n import DEFAULT_LANG, N_, _, localize_report, pack_text
from mcqa.model import Finding, Severity, Status
from mcqa.model.report import Report
from mcqa.render._safe import json_safe
from mcqa.render._safe import plain_safe as _p

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/mcqa/mcqa"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
READ_RULE = "MCQA-READ"


def _rule_descriptor(rule_id: str, name: str, text: str, url: str | None,
                     severity: str, element: str | None) -> dict[str, Any]:
    rule_id, name, text = _p(rule_id), _p(name), _p(text)  # a user pack's words are input
    desc: dict[str, Any] = {
        "id": rule_id,
        "name": name or rule_id,
        "shortDescription": {"text": name or rule_id},
        "fullDescription": {"text": text or name or rule_id},
        "defaultConfiguration": {"level": _LEVEL.get(Severity(severity), "warning")},
        "properties": {"severity": severity},
    }
    if url:
        desc["helpUri"] = _p(url)
    if element:
        desc["properties"]["element"] = element
    return desc


def _rules(report: Report, lang: str) -> list[dict[str, Any]]:
    """Rules of the report's packs (looked up by id), plus ids seen only in findings."""
    seen: dict[str, dict[str, Any]] = {}
    try:
        from mcqa.packs import resolve_packs

        ruleset = resolve_packs([p.id for p in report.packs]) if report.packs else None
    except Exception:  # a pack given as a file may not resolve by id: fall back below
        ruleset = None
    if ruleset is not None:
        for pack, rule in ruleset.rules:
            message = rule.message
            if lang != DEFAULT_LANG:
                try:
                    message = pack_text(pack.meta.id, rule.id, "message", lang)
                except Exception:  # a pack given by path has no translation
                    message = rule.message
            seen[rule.id] = _rule_descriptor(rule.id, rule.name, message, rule.citation.url,
                                             rule.severity.value, rule.element)
    for rec in report.records:
        for f in rec.findings:
            if f.rule_id not in seen:
                seen[f.rule_id] = _rule_descriptor(f.rule_id, f.title, f.message,
                                                   f.citation.url, f.severity.value, f.element)
    seen.setdefault(READ_RULE, _rule_descriptor(
        READ_RULE, "input.unreadable",
        _("The input could not be read as a credential.", lang), None, "error", None))
    return [seen[k] for k in sorted(seen)]


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(_p(path).replace("\\", "/"), safe="/:@!$&'()*+,;=-._~")


def _result(f: Finding, index: dict[str, int], lang: str) -> dict[str, Any]:
    if f.status == Status.REVIEW:
        text = _(N_("{message} Found: {found}. Please confirm: {request}"), lang,
                 message=f.message, found=f.observed, request=f.evidence_request)
    elif f.status == Status.WITHHELD:
        text = f"{f.message} {f.evidence_request}"
    else:
        text = (f.message if f.status == Status.FAIL
                else _(N_("Rule could not be evaluated: {message}"), lang, message=f.message))
        if f.remedy:
            text += " " + _(N_("Remedy: {remedy}"), lang, remedy=f.remedy)
    pointer = f.location.locator if f.location else ""
    pointer = _p(pointer)
    logical: dict[str, Any] = {"fullyQualifiedName": f"{_p(f.record_id)}#{pointer}",
                               "name": _p(f.record_id), "kind": "object"}
    loc: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": {"uri": _uri(f.source_file)}},
        "logicalLocations": [logical],
    }
    props: dict[str, Any] = {"recordId": _p(f.record_id), "packId": f.pack_id,
                             "severity": f.severity.value, "status": f.status.value}
    if pointer:
        props["locator"] = pointer
        props["locatorKind"] = f.location.kind if f.location else "none"
    if f.element:
        props["element"] = f.element
    if f.status in (Status.REVIEW, Status.WITHHELD):
        # SARIF 3.27.9: "review" = a person has to look at it; "open" = the tool could not
        # decide for lack of information (the holder did not disclose the element)
        return {
            "ruleId": f.rule_id, "ruleIndex": index[f.rule_id],
            "kind": "review" if f.status == Status.REVIEW else "open",
            "level": "none", "message": {"text": text}, "locations": [loc],
            "partialFingerprints": {"mcqa/v1": f"{f.record_id}|{f.rule_id}|{pointer}"},
            "properties": props,
        }
    return {
        "ruleId": f.rule_id,
        "ruleIndex": index[f.rule_id],
        "level": "error" if f.status == Status.ERROR else _LEVEL[f.severity],
        "message": {"text": _p(text)},
        "locations": [loc],
        "partialFingerprints": {"mcqa/v1": f"{_p(f.record_id)}|{f.rule_id}|{pointer}"},
        "properties": props,
    }


def sarif_dict(report: Report, lang: str = DEFAULT_LANG) -> dict[str, Any]:
    """The SARIF log as plain data; messages in ``lang``, which the run names in its
    ``language`` property (SARIF 2.1.0, 3.14.13)."""
    report = localize_report(report, lang)
    rules = _rules(report, lang)
    index = {r["id"]: i for i, r in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for rec in report.records:
        if rec.input_error is not None:
            results.append({
                "ruleId": READ_RULE, "ruleIndex": index[READ_RULE], "level": "error",
                "message": {"text": _p(rec.input_error)},
                "locations": [{"physicalLocation": {"artifactLocation": {
                    "uri": _uri(rec.source_file)}},
                    "logicalLocations": [{"fullyQualifiedName": _p(rec.record_id),
                                          "kind": "object"}]}],
                "properties": {"recordId": _p(rec.record_id)},
            })
        for f in rec.findings:
            if f.status in (Status.FAIL, Status.ERROR, Status.REVIEW, Status.WITHHELD):
                results.append(_result(f, index, lang))
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "mcqa", "version": report.mcqa_version,
                                "informationUri": INFO_URI, "rules": rules}},
            "language": lang,
            "results": results,
            "properties": {"asOf": report.as_of,
                           "packs": [f"{p.id}@{p.version}" for p in report.packs],
                           "conforms": report.conforms},
        }],
    }


def render_sarif(report: Report, lang: str = DEFAULT_LANG, **_: Any) -> str:
    """Deterministic SARIF JSON (sorted keys, 2-space indent)."""
    return json_safe(json.dumps(sarif_dict(report, lang), indent=2, sort_keys=True,
                                ensure_ascii=False)) + "\n"
