"""The engine: a pure, deterministic function from records and rules to findings.

The engine never formats text for display and never reads files; it stamps
each rule's outcome with the rule's context (id, pack, severity, citation,
where it looked) and sorts the result.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel

from mcqa.engine.operators import OPERATORS, Context, Outcome
from mcqa.engine.paths import resolve
from mcqa.engine.waivers import Waiver, apply_waivers, waiver_notes
from mcqa.model import (
    ELEMENTS,
    Citation,
    CredentialRecord,
    Finding,
    InputProblem,
    LoadItem,
    Severity,
    SourceRef,
    Status,
)
from mcqa.model.report import PackInfo, RecordResult, Report
from mcqa.packs import Pack, Rule, RuleSet

__all__ = ["Context", "build_report", "evaluate", "evaluate_expr", "record_result"]

INPUT_CITATION = Citation(document="mcqa input rules", locator="readable input",
                          url=None)


def evaluate_expr(expr: Mapping[str, Any], rec: CredentialRecord, ctx: Context) -> Outcome:
    """Evaluate an operator expression (``op``/``all_of``/``any_of``/``not``).

    Unverifiable outcomes follow three-valued logic: a definite failure decides
    ``all_of`` and a pass decides ``any_of``; otherwise an unverifiable part makes
    the whole unverifiable, and ``not`` keeps it unverifiable.
    """
    if "all_of" in expr:
        last = Outcome(True)
        unknown: Outcome | None = None
        for sub in expr["all_of"]:
            last = evaluate_expr(sub, rec, ctx)
            if last.unverifiable:
                unknown = unknown or last
            elif not last.ok:
                return last
        return unknown or last
    if "any_of" in expr:
        first: Outcome | None = None
        for sub in expr["any_of"]:
            out = evaluate_expr(sub, rec, ctx)
            if out.ok:
                return out
            if first is None or (out.unverifiable and not first.unverifiable):
                first = out
        assert first is not None
        return first
    if "not" in expr:
        inner = evaluate_expr(expr["not"], rec, ctx)
        if inner.unverifiable:
            return inner
        return Outcome(not inner.ok, inner.path, inner.observed)
    op = OPERATORS[expr["op"]]
    values = resolve(rec, expr["path"]) if op.needs_path else []
    return op.fn(values, expr, ctx, rec)


def _observed(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, BaseModel):
        text = json.dumps(value.model_dump(mode="json", exclude_defaults=True), sort_keys=True,
                          ensure_ascii=False)
    elif isinstance(value, (list, tuple)):
        text = json.dumps([v.model_dump(mode="json", exclude_defaults=True)
                           if isinstance(v, BaseModel) else v for v in value],
                          ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _location(rec: CredentialRecord, *paths: str | None) -> SourceRef:
    for path in paths:
        if path:
            ref = rec.source_of(path)
            if ref is not None:
                return ref
    return SourceRef(file=rec.source_file, locator="", present=False)


def _finding(rec: CredentialRecord, pack: Pack, rule: Rule, status: Status, message: str,
             *, remedy: str | None = None, location: SourceRef | None = None,
             observed: str | None = None, evidence: str | None = None) -> Finding:
    # model_construct: every value below is already validated (hot path).
    return Finding.model_construct(
        record_id=rec.record_id, source_file=rec.source_file, rule_id=rule.id,
        pack_id=pack.meta.id, pack_version=pack.meta.version, element=rule.element,
        severity=rule.severity, status=status, title=rule.name, message=message,
        remedy=remedy, evidence_request=evidence, citation=rule.citation,
        location=location, observed=observed, waiver=None,
    )


def _unverifiable(rec: CredentialRecord, pack: Pack, rule: Rule, out: Outcome) -> Finding:
    """An operator could not judge (its data is missing): say why and what would let it."""
    reason = str(out.observed) if out.observed else "the data this check needs is not available"
    return _finding(rec, pack, rule, Status.UNVERIFIABLE, f"Not verified: {reason}.",
                    remedy=rule.remedy, evidence=out.evidence or rule.evidence,
                    location=_location(rec, out.path, rule.element))


def _apply(rec: CredentialRecord, pack: Pack, rule: Rule, ctx: Context) -> Finding:
    try:
        if rule.applies_when is not None:
            cond = evaluate_expr(rule.applies_when, rec, ctx)
            if cond.unverifiable:
                return _unverifiable(rec, pack, rule, cond)
            if not cond.ok:
                return _finding(rec, pack, rule, Status.NOT_APPLICABLE,
                                rule.not_applicable_message or "Not applicable to this record.",
                                location=_location(rec, cond.path, rule.element))
        if rule.check is None:
            return _finding(rec, pack, rule, Status.UNVERIFIABLE, rule.message,
                            remedy=rule.remedy, evidence=rule.evidence,
                            location=_location(rec, rule.element))
        out = evaluate_expr(rule.check, rec, ctx)
        if out.unverifiable:
            return _unverifiable(rec, pack, rule, out)
        loc = _location(rec, out.path, rule.element)
        if out.ok:
            return _finding(rec, pack, rule, Status.PASS,
                            rule.pass_message or f"Meets {rule.id} ({rule.name}).",
                            location=loc, observed=_observed(out.observed))
        return _finding(rec, pack, rule, Status.FAIL, rule.message, remedy=rule.remedy,
                        location=loc, observed=_observed(out.observed))
    except Exception as exc:  # a rule must never take the run down
        return _finding(rec, pack, rule, Status.ERROR,
                        f"rule could not be evaluated: {type(exc).__name__}: {exc}",
                        remedy="report this to the pack maintainers",
                        location=_location(rec, rule.element))


def _input_findings(rec: CredentialRecord) -> list[Finding]:
    out = []
    for issue in rec.input_issues:
        element = issue.path.split(".")[0]
        ref = rec.source_of(issue.path)
        out.append(Finding.model_construct(
            record_id=rec.record_id, source_file=rec.source_file, rule_id="MCQA-INPUT",
            pack_id="mcqa", pack_version="1", element=element if element in ELEMENTS else None,
            severity=Severity.WARNING, status=Status.FAIL, title="input.value-unusable",
            message=issue.message, remedy="Correct the value in the source file.",
            evidence_request=None, citation=INPUT_CITATION,
            location=SourceRef(file=rec.source_file, locator=issue.locator,
                               kind=ref.kind if ref else "json-pointer"),
            observed=None, waiver=None))
    return out


def evaluate(rec: CredentialRecord, rules: RuleSet, ctx: Context) -> list[Finding]:
    """Every active rule applied to ``rec``, plus input findings, sorted."""
    findings = _input_findings(rec)
    findings.extend(_apply(rec, pack, rule, ctx) for pack, rule in rules.rules)
    findings.sort(key=Finding.sort_key)
    return findings


def record_result(item: LoadItem, rules: RuleSet, ctx: Context,
                  waivers: tuple[Waiver, ...] = (), used: set[int] | None = None) -> RecordResult:
    """Check one loaded item (a record, or an unreadable one) into a :class:`RecordResult`."""
    if isinstance(item, InputProblem):
        return RecordResult(record_id=item.record_id or f"{item.file}#{item.locator}",
                            source_file=item.file, input_error=item.message)
    findings = evaluate(item, rules, ctx)
    findings = apply_waivers(findings, waivers, ctx.as_of, used if used is not None else set())
    return RecordResult.model_construct(
        record_id=item.record_id, source_file=item.source_file,
        source_format=item.source_format, title=item.title, provider_id=item.provider_id,
        provider_name=item.provider_name, record_kind=item.record_kind,
        parent_id=item.parent_id, input_error=None, findings=tuple(findings))


def pack_infos(rules: RuleSet) -> tuple[PackInfo, ...]:
    """Pack identities for the report header."""
    return tuple(PackInfo(id=p.meta.id, version=p.meta.version, title=p.meta.title,
                          source_document=p.meta.source.document, source_url=p.meta.source.url)
                 for p in sorted(rules.packs, key=lambda p: p.meta.id))


def build_report(items: Iterable[LoadItem], rules: RuleSet, *, as_of: date,
                 waivers: tuple[Waiver, ...] = (), services: dict[str, Any] | None = None,
                 mcqa_version: str, data_versions: dict[str, str] | None = None) -> Report:
    """Check every item; results sorted by file then record id."""
    ctx = Context(as_of=as_of, services=services or {})
    used: set[int] = set()
    results = [record_result(item, rules, ctx, waivers, used) for item in items]
    results.sort(key=lambda r: (r.source_file, r.record_id))
    return Report(mcqa_version=mcqa_version, as_of=as_of.isoformat(), packs=pack_infos(rules),
                  data_versions=dict(sorted((data_versions or {}).items())),
                  records=tuple(results), waiver_notes=waiver_notes(waivers, used, as_of))
