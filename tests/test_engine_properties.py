"""Properties of the engine: total, order-independent, deterministic; JSON round-trips."""

from __future__ import annotations

import json
import random
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcqa.engine import Context, build_report, evaluate
from mcqa.model import CredentialRecord, Severity, Status
from mcqa.model.report import RecordResult, Report
from mcqa.packs import RuleSet, resolve_packs
from mcqa.schemas import report_schema
from tests.conftest import AS_OF

RULES = resolve_packs(["eu-2022"])
CTX = Context(as_of=AS_OF)

text = st.one_of(st.none(), st.text(max_size=40))
maybe_num = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False,
                                           min_value=-1e6, max_value=1e6))
org = st.fixed_dictionaries({}, optional={"name": text, "identifier": text, "url": text,
                                          "legal_identifier": text, "country": text})

records = st.builds(
    lambda **kw: CredentialRecord.model_validate({k: v for k, v in kw.items() if v is not None}),
    record_id=st.text(min_size=1, max_size=20),
    source_file=st.just("gen.json"),
    source_format=st.sampled_from(["native", "elm", "ob3", "csv"]),
    record_kind=st.sampled_from(["credential", "specification"]),
    title=text,
    issuer_country=st.lists(st.text(max_size=60), max_size=3).map(tuple),
    awarding_body=st.lists(org, max_size=2).map(tuple),
    issue_date=st.one_of(text, st.dates().map(str)),
    learning_outcomes=st.lists(st.builds(dict, text=st.text(max_size=80)), max_size=4).map(tuple),
    workload=st.one_of(st.none(), st.fixed_dictionaries({}, optional={
        "ects": maybe_num, "hours": maybe_num, "credit_amount": maybe_num,
        "credit_system": text})),
    level=st.one_of(st.none(), st.fixed_dictionaries({}, optional={
        "eqf": st.one_of(st.none(), st.integers(-5, 20)), "nqf": text, "framework": text,
        "qf_ehea_cycle": text, "not_applicable": st.booleans()})),
    assessment_type=text, participation_form=text, prerequisites=text,
    supervision_identity=text, further_info=text, isced_f=text,
    grade=st.one_of(st.none(), st.builds(dict, value=st.text(max_size=5), scheme=text)),
    stackability=st.one_of(st.none(), st.builds(dict, mode=st.text(max_size=12), towards=text)),
    quality_assurance=st.one_of(st.none(), st.fixed_dictionaries({}, optional={
        "description": text, "internal": text, "external": text, "external_body": text})),
    extensions=st.dictionaries(st.text(min_size=1, max_size=10),
                               st.one_of(st.text(max_size=10), st.integers(), st.booleans()),
                               max_size=3),
)

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(records)
def test_engine_never_raises_and_never_errors(rec: CredentialRecord) -> None:
    findings = evaluate(rec, RULES, CTX)
    assert len(findings) == len(RULES.rules)
    assert all(f.status != Status.ERROR for f in findings), [
        f.message for f in findings if f.status == Status.ERROR]


@SETTINGS
@given(records, st.randoms(use_true_random=False))
def test_rule_order_does_not_matter(rec: CredentialRecord, rnd: random.Random) -> None:
    shuffled = list(RULES.rules)
    rnd.shuffle(shuffled)
    other = RuleSet(packs=RULES.packs, rules=tuple(shuffled))
    assert evaluate(rec, RULES, CTX) == evaluate(rec, other, CTX)


@SETTINGS
@given(records)
def test_field_order_does_not_matter(rec: CredentialRecord) -> None:
    data: dict[str, Any] = rec.model_dump()
    reordered = CredentialRecord.model_validate(dict(reversed(list(data.items()))))
    assert evaluate(rec, RULES, CTX) == evaluate(reordered, RULES, CTX)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records, max_size=4))
def test_json_report_round_trips_through_schema(recs: list[CredentialRecord]) -> None:
    report = build_report(recs, RULES, as_of=AS_OF, mcqa_version="test")
    data = json.loads(json.dumps(report.model_dump(mode="json")))
    jsonschema.validate(data, report_schema())
    data.pop("summary"), data.pop("conforms")
    for r in data["records"]:
        r.pop("outcome"), r.pop("counts")
    again = Report.model_validate(data)
    assert again == report
    assert again.summary == report.summary


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records, max_size=3))
def test_every_renderer_accepts_any_report(recs: list[CredentialRecord]) -> None:
    from mcqa.render import RENDERERS, get_renderer

    report = build_report(recs, RULES, as_of=AS_OF, mcqa_version="test")
    for fmt in RENDERERS:
        render = get_renderer(fmt)
        out = render(report)
        assert isinstance(out, (str, bytes)) and out


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(records)
def test_fast_findings_equal_validated_findings(rec: CredentialRecord) -> None:
    """The engine copies findings from per-rule templates without re-validating them;
    each must be exactly what validating its own data gives (fields, JSON, order)."""
    from mcqa.model import Finding

    for f in evaluate(rec, RULES, CTX):
        again = Finding.model_validate(f.model_dump())
        assert again == f
        assert again.model_dump_json() == f.model_dump_json()
        assert f.model_fields_set == set(Finding.model_fields)


def test_trusted_provenance_equals_validated_provenance() -> None:
    """Loaders write provenance without validation (hot path); every reference must be
    what validating its own data gives, across all example formats."""
    from mcqa.loaders import load_paths
    from mcqa.model import SourceRef
    from tests.conftest import REPO

    refs = 0
    for item in load_paths([REPO / "examples"]):
        if isinstance(item, CredentialRecord):
            for ref in item.provenance.values():
                assert SourceRef.model_validate(ref.model_dump()) == ref
                refs += 1
    assert refs > 100


def test_shared_fields_set_survives_copies() -> None:
    """Findings share one fields-set object; copying one with changes must not touch it."""
    a, b = evaluate(CredentialRecord.model_validate(
        {"record_id": "r", "source_file": "f.json", "source_format": "native"}), RULES, CTX)[:2]
    assert a.model_fields_set is b.model_fields_set
    before = set(a.model_fields_set)
    changed = a.model_copy(update={"observed": "x"})
    assert changed.observed == "x" and a.observed != "x"
    assert a.model_fields_set == before == b.model_fields_set


@given(st.lists(st.tuples(st.sampled_from(list(Status)), st.sampled_from(list(Severity))),
                max_size=12),
       st.one_of(st.none(), st.just("unreadable")))
@SETTINGS
def test_tally_agrees_with_outcome_and_counts(pairs: list[tuple[Status, Severity]],
                                              input_error: str | None) -> None:
    """The one-pass tally the batch totals use says what ``outcome``/``counts`` say."""
    template = evaluate(CredentialRecord.model_validate(
        {"record_id": "r", "source_file": "f.json", "source_format": "native"}), RULES, CTX)[0]
    findings = tuple(template.model_copy(update={"status": s, "severity": v}) for s, v in pairs)
    res = RecordResult(record_id="r", source_file="f.json", input_error=input_error,
                       findings=findings)
    tally = res.tally()
    assert tally.outcome == res.outcome
    assert tally.statuses == tuple(res.counts[s.value] for s in Status)
    assert tally.failed == tuple(sum(1 for f in findings
                                     if f.status == Status.FAIL and f.severity == v)
                                 for v in Severity)
