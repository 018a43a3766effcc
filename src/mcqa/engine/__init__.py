"""The engine: a pure, deterministic function from records and rules to findings.

The engine never formats text for display and never reads files; it stamps
each rule's outcome with the rule's context (id, pack, severity, citation,
where it looked) and sorts the result.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from mcqa.engine.operators import OPERATORS, Context, Outcome
from mcqa.engine.paths import resolver
from mcqa.engine.waivers import Waiver, apply_waivers, waiver_notes
from mcqa.marks import N_
from mcqa.model import (
    ELEMENTS,
    Citation,
    CredentialRecord,
    Finding,
    InputProblem,
    LoadItem,
    Severity,
    Skipped,
    SourceRef,
    Status,
)
from mcqa.model.base import trusted_maker
from mcqa.model.report import PackInfo, RecordResult, Report
from mcqa.packs import Pack, Rule, RuleSet

__all__ = ["Context", "Evaluator", "build_report", "compile_expr", "evaluate", "evaluate_expr",
           "record_countries", "record_result"]

INPUT_CITATION = Citation(document=N_("mcqa input rules"), locator=N_("readable input"),
                          url=None)


Evaluator = Callable[[CredentialRecord, Context], Outcome]
"""A compiled operator expression: record and context in, outcome out."""


def compile_expr(expr: Mapping[str, Any]) -> Evaluator:
    """Turn an operator expression (``op``/``all_of``/``any_of``/``not``) into a function.

    Done once per rule and run: operator look-up, argument preparation and path
    parsing then cost nothing per record, which matters at 10^6 records.
    Unverifiable outcomes follow three-valued logic: a definite failure decides
    ``all_of`` and a pass decides ``any_of``; otherwise an unverifiable part makes
    the whole unverifiable, and ``not`` keeps it unverifiable.
    """
    if "all_of" in expr:
        subs = tuple(compile_expr(sub) for sub in expr["all_of"])

        def all_of(rec: CredentialRecord, ctx: Context) -> Outcome:
            last = _TRUE
            unknown: Outcome | None = None
            for sub in subs:
                last = sub(rec, ctx)
                if last.unverifiable:
                    unknown = unknown or last
                elif not last.ok:
                    return last
            return unknown or last

        return all_of
    if "any_of" in expr:
        alts = tuple(compile_expr(sub) for sub in expr["any_of"])

        def any_of(rec: CredentialRecord, ctx: Context) -> Outcome:
            first: Outcome | None = None
            for alt in alts:
                out = alt(rec, ctx)
                if out.ok:
                    return out
                if first is None or (out.unverifiable and not first.unverifiable):
                    first = out
            assert first is not None
            return first

        return any_of
    if "not" in expr:
        inner = compile_expr(expr["not"])

        def negate(rec: CredentialRecord, ctx: Context) -> Outcome:
            out = inner(rec, ctx)
            if out.unverifiable:
                return out
            return Outcome(not out.ok, out.path, out.observed)

        return negate
    op = OPERATORS[expr["op"]]
    args = op.prepare(expr) if op.prepare is not None else expr
    fn = op.fn
    if not op.needs_path:
        return lambda rec, ctx: fn([], args, ctx, rec)
    path = expr["path"]
    values_of = resolver(path)
    if op.make_test is not None and "[*]" not in path:
        # A path without [*] resolves to exactly one (path, value) pair, so the
        # operator's verdict is its per-value test on that value.
        test = op.make_test(args)

        def single(rec: CredentialRecord, ctx: Context) -> Outcome:
            ((where, value),) = values_of(rec)
            return Outcome(test(value), where, value)

        return single
    return lambda rec, ctx: fn(values_of(rec), args, ctx, rec)


_TRUE = Outcome(True)
_LINKED = Outcome(
    False, "", "the element is stated in a linked document (an Open Badges 2.0 BadgeClass or "
    "Issuer given only by its URL) that was not available to mcqa, which never fetches it",
    unverifiable=True,
    evidence="Ask for the linked BadgeClass and Issuer documents as files and place them next "
             "to the assertion (or check the folder that holds them), then check again.")


def evaluate_expr(expr: Mapping[str, Any], rec: CredentialRecord, ctx: Context) -> Outcome:
    """Evaluate an operator expression once (the engine compiles rules instead)."""
    return compile_expr(expr)(rec, ctx)


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


def _quote(text: str, limit: int = 160, around: str = "") -> str:
    """Free text quoted for a review finding: one line, shortened at a word boundary; when
    the cue for the element lies beyond the limit, the quote opens shortly before it."""
    flat = " ".join(text.split())
    at = flat.casefold().find(around.casefold()) if around else -1
    if at > limit - len(around) - 20:
        start = flat.rfind(" ", 0, max(0, at - 50)) + 1
        flat = "…" + flat[start:]
    if len(flat) > limit:
        cut = flat.rfind(" ", 0, limit - 1)
        flat = flat[:cut if cut > limit // 2 else limit - 1] + "…"
    return f"“{flat}”"


def _location(rec: CredentialRecord, *paths: str | None) -> SourceRef:
    for path in paths:
        if path:
            ref = rec.source_of(path)
            if ref is not None:
                return ref
    return _nowhere(rec.source_file)


@lru_cache(maxsize=256)
def _nowhere(file: str) -> SourceRef:
    """The location of a finding about something absent from the whole file."""
    return SourceRef(file=file, locator="", present=False)


_make_finding = trusted_maker(Finding)


class _Compiled:
    """One rule ready to run: compiled expressions and a finding template per status.

    A finding is then a copy of its template with the record's id, file,
    location and observed value: the rule's constant text, citation and
    severity are shared instead of rebuilt 10^7 times in a national catalogue.
    """

    __slots__ = ("applies", "check", "pack_id", "rule", "templates")

    def __init__(self, pack: Pack, rule: Rule):
        self.rule = rule
        self.pack_id = pack.meta.id
        self.applies = compile_expr(rule.applies_when) if rule.applies_when is not None else None
        self.check = compile_expr(rule.check) if rule.check is not None else None

        def template(status: Status, message: str, remedy: str | None = None,
                     evidence: str | None = None) -> Finding:
            return Finding.model_construct(
                record_id="", source_file="", rule_id=rule.id, pack_id=pack.meta.id,
                pack_version=pack.meta.version, element=rule.element, severity=rule.severity,
                status=status, title=rule.name, message=message, remedy=remedy,
                evidence_request=evidence, citation=rule.citation, location=None,
                observed=None, waiver=None)

        self.templates = {
            Status.PASS: template(Status.PASS,
                                  rule.pass_message or f"Meets {rule.id} ({rule.name})."),
            Status.FAIL: template(Status.FAIL, rule.message, rule.remedy),
            Status.NOT_APPLICABLE: template(
                Status.NOT_APPLICABLE,
                rule.not_applicable_message or N_("Not applicable to this record.")),
            Status.UNVERIFIABLE: template(Status.UNVERIFIABLE, rule.message, rule.remedy,
                                          rule.evidence),
            Status.ERROR: template(Status.ERROR, "", N_("report this to the pack maintainers")),
        }
        if rule.free_text is not None and rule.element is not None:
            self.templates[Status.REVIEW] = template(
                Status.REVIEW, rule.free_text.message, rule.remedy, rule.free_text.request)
        self.templates[Status.WITHHELD] = template(
            Status.WITHHELD,
            N_("Withheld by the holder: not disclosed in this presentation, and the "
               "issuer-signed credential holds undisclosed claims where it would be (not "
               "missing, not confirmed)."),
            rule.remedy,
            N_("Ask the holder for a presentation that discloses this element (selective "
               "disclosure), or accept the gap for this purpose with a waiver."))

    def finding(self, rec: CredentialRecord, status: Status, location: SourceRef,
                observed: str | None = None, message: str | None = None,
                evidence: str | None = None) -> Finding:
        data = self.templates[status].__dict__.copy()
        data["record_id"] = rec.record_id
        data["source_file"] = rec.source_file
        data["location"] = location
        data["observed"] = observed
        if message is not None:
            data["message"] = message
        if evidence is not None:
            data["evidence_request"] = evidence
        return _make_finding(data)

    def unverifiable(self, rec: CredentialRecord, out: Outcome) -> Finding:
        """An operator could not judge (its data is missing): say why and what would let it."""
        reason = (str(out.observed) if out.observed
                  else N_("the data this check needs is not available"))
        return self.finding(rec, Status.UNVERIFIABLE,
                            _location(rec, out.path, self.rule.element),
                            message=N_("Not verified: {reason}.").format(reason=reason),
                            evidence=out.evidence or self.rule.evidence)

    def review(self, rec: CredentialRecord) -> Finding | None:
        """The element is not stated as a value but may be in free text: quote the first
        such text (loaders list the most specific first) and ask for confirmation."""
        element = self.rule.element
        hits = [i for i, st in enumerate(rec.statements) if element in st.elements]
        if not hits:
            return None
        first = hits[0]
        statement = rec.statements[first]
        cue = next((c for e, c in statement.cues if e == element), "")
        quote = _quote(statement.text, around=cue)
        if len(hits) > 1:
            quote = N_("{quote} (+{n} more)").format(quote=quote, n=len(hits) - 1)
        return self.finding(rec, Status.REVIEW, _location(rec, f"statements.{first}"),
                            observed=quote)

    def withheld(self, rec: CredentialRecord, path: str | None) -> Finding | None:
        """The failed check's path, or the rule's element, was withheld by the holder
        (selective disclosure): report where its undisclosed digests are."""
        for key in _withheld_keys(path, self.rule.element):
            if key in rec.withheld:
                return self.finding(rec, Status.WITHHELD,
                                    _location(rec, f"withheld.{key}", path, self.rule.element))
        return None

    def apply(self, rec: CredentialRecord, ctx: Context) -> Finding:
        rule = self.rule
        try:
            if self.applies is not None:
                cond = self.applies(rec, ctx)
                if cond.unverifiable:
                    return self.unverifiable(rec, cond)
                if not cond.ok:
                    return self.finding(rec, Status.NOT_APPLICABLE,
                                        _location(rec, cond.path, rule.element))
            if self.check is None:
                return self.finding(rec, Status.UNVERIFIABLE, _location(rec, rule.element))
            out = self.check(rec, ctx)
            if out.unverifiable:
                return self.unverifiable(rec, out)
            if not out.ok and rec.withheld:
                withheld = self.withheld(rec, out.path)
                if withheld is not None:
                    return withheld
            if not out.ok and rec.statements and Status.REVIEW in self.templates:
                review = self.review(rec)
                if review is not None:
                    return review
            if not out.ok and rule.element is not None and rule.element in rec.unavailable:
                return self.unverifiable(rec, _LINKED)
            loc = _location(rec, out.path, rule.element)
            return self.finding(rec, Status.PASS if out.ok else Status.FAIL, loc,
                                _observed(out.observed))
        except Exception as exc:  # a rule must never take the run down
            return self.finding(rec, Status.ERROR, _location(rec, rule.element),
                                message=N_("rule could not be evaluated: {kind}: {error}").format(
                                    kind=type(exc).__name__, error=exc))


def _withheld_keys(path: str | None, element: str | None) -> list[str]:
    """Record paths that may stand for a failed check: the path itself, its parents
    (``workload.ects`` -> ``workload``) and the rule's element."""
    keys: list[str] = []
    if path:
        if path.startswith("extensions."):
            keys.append(path)
        else:
            parts = path.split(".")
            keys.extend(".".join(parts[:i]) for i in range(len(parts), 0, -1))
    if element and element not in keys:
        keys.append(element)
    return keys


_COMPILED: dict[int, tuple[RuleSet, tuple[_Compiled, ...]]] = {}


def _compiled(rules: RuleSet) -> tuple[_Compiled, ...]:
    """The rule set compiled once per process (sorted like findings are: pack, rule)."""
    hit = _COMPILED.get(id(rules))
    if hit is not None and hit[0] is rules:
        return hit[1]
    ordered = sorted(rules.rules, key=lambda pr: (pr[0].meta.id, pr[1].id))
    compiled = tuple(_Compiled(pack, rule) for pack, rule in ordered)
    if len(_COMPILED) >= 16:  # a long-lived process may resolve many rule sets
        _COMPILED.clear()
    _COMPILED[id(rules)] = (rules, compiled)
    return compiled


def _input_findings(rec: CredentialRecord) -> list[Finding]:
    out = []
    for issue in rec.input_issues:
        element = issue.path.split(".")[0]
        ref = rec.source_of(issue.path)
        out.append(Finding.model_construct(
            record_id=rec.record_id, source_file=rec.source_file, rule_id="MCQA-INPUT",
            pack_id="mcqa", pack_version="1", element=element if element in ELEMENTS else None,
            severity=Severity(issue.severity), status=Status.FAIL,
            title="input.value-unusable" if issue.severity == "warning" else "input.note",
            message=issue.message,
            remedy=N_("Correct the value in the source file.") if issue.severity == "warning"
            else N_("Check that the file was read as intended; if it was, nothing needs "
                    "correcting."),
            evidence_request=None, citation=INPUT_CITATION,
            location=SourceRef(file=rec.source_file, locator=issue.locator,
                               kind=ref.kind if ref else "json-pointer"),
            observed=None, waiver=None))
    return out


COUNTRY_CITATION = Citation(
    document=N_("mcqa pack selection (mcqa check --country auto)"),
    locator=N_("national packs whose jurisdiction is the country of the awarding body "
               "(of the issuer when no awarding body states one)"))


@lru_cache(maxsize=1024)
def _country(value: str) -> str | None:
    from mcqa.packs import country_code

    return country_code(value)


def record_countries(rec: CredentialRecord) -> tuple[frozenset[str], str]:
    """ISO alpha-2 countries a record is awarded in, and the path they were read from.

    The awarding bodies' countries decide; the issuer country (Annex I element 3)
    stands in when no awarding body states one. Unreadable values are ignored.
    """
    bodies = frozenset(c for org in rec.awarding_body if org.country
                       for c in [_country(org.country)] if c)
    if bodies:
        return bodies, "awarding_body"
    issuers = frozenset(c for v in rec.issuer_country for c in [_country(v)] if c)
    return issuers, "issuer_country"


def _country_finding(rec: CredentialRecord, countries: frozenset[str], where: str,
                     applied: list[str]) -> Finding:
    """How ``--country auto`` chose national packs for this record, as a finding of its own."""
    codes = ", ".join(sorted(countries))
    body = where == "awarding_body"
    if applied:
        status = Status.PASS
        message = (N_("Awarding body in {countries}: packs added for this country: {packs}.")
                   if body else
                   N_("Issuer in {countries}: packs added for this country: {packs}.")
                   ).format(countries=codes, packs=", ".join(applied))
    elif countries:
        status = Status.NOT_APPLICABLE
        message = (N_("Awarding body in {countries}: no bundled pack has this jurisdiction, "
                      "so only the requested packs were applied.") if body else
                   N_("Issuer in {countries}: no bundled pack has this jurisdiction, so only "
                      "the requested packs were applied.")).format(countries=codes)
    else:
        status = Status.NOT_APPLICABLE
        message = N_("No country is stated for the awarding body or the issuer, so no "
                     "national pack was added.")
    return Finding.model_construct(
        record_id=rec.record_id, source_file=rec.source_file, rule_id="MCQA-COUNTRY",
        pack_id="mcqa", pack_version="1", element=where, severity=Severity.INFO,
        status=status, title="country.national-packs", message=message, remedy=None,
        evidence_request=None, citation=COUNTRY_CITATION, location=_location(rec, where),
        observed=codes or None, waiver=None)


def evaluate(rec: CredentialRecord, rules: RuleSet, ctx: Context) -> list[Finding]:
    """Every active rule applied to ``rec``, plus input findings, sorted.

    Rules of a pack with a country scope (``--country auto``) run only on records
    awarded in one of its countries; such runs add one ``MCQA-COUNTRY`` finding per
    record saying which national packs applied and why.
    """
    compiled = _compiled(rules)
    if rules.scopes:
        return _evaluate_scoped(rec, rules, ctx, compiled)
    findings = [c.apply(rec, ctx) for c in compiled]
    if rec.input_issues:  # otherwise already in sort order (one finding per rule)
        findings.extend(_input_findings(rec))
        findings.sort(key=Finding.sort_key)
    return findings


def _evaluate_scoped(rec: CredentialRecord, rules: RuleSet, ctx: Context,
                     compiled: tuple[_Compiled, ...]) -> list[Finding]:
    scopes = dict(rules.scopes)
    countries, where = record_countries(rec)
    applied = sorted(pid for pid, scope in scopes.items() if scope & countries)
    findings = [c.apply(rec, ctx) for c in compiled
                if c.pack_id not in scopes or c.pack_id in applied]
    findings.append(_country_finding(rec, countries, where, applied))
    findings.extend(_input_findings(rec))
    findings.sort(key=Finding.sort_key)
    return findings


def record_result(item: LoadItem, rules: RuleSet, ctx: Context,
                  waivers: tuple[Waiver, ...] = (), used: set[int] | None = None) -> RecordResult:
    """Check one loaded item (a record, or an unreadable one) into a :class:`RecordResult`."""
    if isinstance(item, InputProblem):
        return RecordResult(record_id=item.record_id or f"{item.file}#{item.locator}",
                            source_file=item.file, input_error=item.message)
    if isinstance(item, Skipped):
        return RecordResult(record_id=f"{item.file}#{item.locator}", source_file=item.file,
                            skipped=N_("not a micro-credential: {reason}").format(
                                reason=item.reason))
    findings = evaluate(item, rules, ctx)
    findings = apply_waivers(findings, waivers, ctx.as_of, used if used is not None else set())
    return RecordResult.model_construct(
        record_id=item.record_id, source_file=item.source_file,
        source_format=item.source_format, title=item.title, provider_id=item.provider_id,
        provider_name=item.provider_name, record_kind=item.record_kind,
        parent_id=item.parent_id, input_error=None, findings=tuple(findings))


def pack_infos(rules: RuleSet) -> tuple[PackInfo, ...]:
    """Pack identities for the report header, each with why it was applied."""
    return tuple(PackInfo(id=p.meta.id, version=p.meta.version, title=p.meta.title,
                          source_document=p.meta.source.document, source_url=p.meta.source.url,
                          applied=rules.reason(p.meta.id))
                 for p in sorted(rules.packs, key=lambda p: p.meta.id))


def build_report(items: Iterable[LoadItem], rules: RuleSet, *, as_of: date,
                 waivers: tuple[Waiver, ...] = (), services: dict[str, Any] | None = None,
                 mcqa_version: str, data_versions: dict[str, str] | None = None) -> Report:
    """Check every item; results sorted by file, records in their order within it."""
    ctx = Context(as_of=as_of, services=services or {})
    used: set[int] = set()
    results = [record_result(item, rules, ctx, waivers, used) for item in items]
    results.sort(key=lambda r: r.source_file)  # stable sort keeps the order in the file
    return Report(mcqa_version=mcqa_version, as_of=as_of.isoformat(), packs=pack_infos(rules),
                  data_versions=dict(sorted((data_versions or {}).items())),
                  records=tuple(results), waiver_notes=waiver_notes(waivers, used, as_of))
