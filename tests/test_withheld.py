"""The 'withheld by the holder' outcome (selective disclosure: the credential commits to
the element, the presentation does not disclose it) flows through engine, report counts,
every renderer, waivers, diff, benchmark and dossier like every other status: never
'missing', never a pass, never a gap on its own."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

from mcqa.benchmarking import BenchmarkBuilder, digest
from mcqa.diff import diff_reports
from mcqa.engine import build_report
from mcqa.engine.waivers import Waiver
from mcqa.model import CredentialRecord, SourceRef, Status
from mcqa.packs import resolve_packs
from mcqa.render import get_renderer
from tests.conftest import AS_OF, make_record

DIGESTS = "JWT payload/_sd"


def _withheld(*paths: str, patch: dict[str, Any] | None = None) -> CredentialRecord:
    """The base record without ``paths``' elements, marked withheld at the payload's _sd."""
    rec = make_record({p: None for p in paths if "." not in p} | (patch or {}))
    prov = dict(rec.provenance)
    for p in paths:
        prov[f"withheld.{p}"] = SourceRef(file=rec.source_file, locator=DIGESTS)
    return rec.model_copy(update={"withheld": paths, "provenance": prov})


def _report(*items: object, waivers: tuple[Waiver, ...] = ()):  # type: ignore[no-untyped-def]
    return build_report(items, resolve_packs(["eu-2022"]), as_of=AS_OF, waivers=waivers,
                        mcqa_version="test")


def test_withheld_element_is_its_own_status_with_the_digest_location() -> None:
    res = _report(_withheld("learning_outcomes")).records[0]
    m06 = next(f for f in res.findings if f.rule_id == "EU-AI-M06")
    assert m06.status == Status.WITHHELD
    assert m06.location is not None and m06.location.locator == DIGESTS
    assert m06.evidence_request and "disclos" in m06.evidence_request
    assert "missing" not in m06.message.replace("not missing", "")
    assert res.outcome == "conforms"  # withheld alone never makes GAPS
    report = _report(_withheld("learning_outcomes"))
    assert report.summary.withheld == 1
    withheld = [f for f in report.records[0].findings if f.status == Status.WITHHELD]
    assert report.summary.findings_by_status["withheld"] == len(withheld) >= 1
    assert {f.element for f in withheld} <= {"learning_outcomes", None}  # P02 reads it too


def test_not_withheld_absent_element_is_missing() -> None:
    res = _report(make_record({"learning_outcomes": None})).records[0]
    assert next(f for f in res.findings if f.rule_id == "EU-AI-M06").status == Status.FAIL
    assert res.outcome == "gaps"


def test_a_disclosed_value_wins_over_withheld_marks() -> None:
    rec = make_record()
    rec = rec.model_copy(update={"withheld": ("title",)})
    res = _report(rec).records[0]
    assert next(f for f in res.findings if f.rule_id == "EU-AI-M02").status == Status.PASS


def test_withheld_extension_key_is_matched_by_the_failing_path() -> None:
    from mcqa.engine import Context, evaluate
    from mcqa.packs import Pack, PackMeta, Rule, RuleSet

    rule = Rule.model_validate({
        "id": "T-01", "name": "t.identifier", "severity": "error",
        "citation": {"document": "test", "locator": "here"},
        "check": {"op": "present", "path": "extensions.webuild.identifier"},
        "message": "no identifier", "remedy": "state it"})
    pack = Pack(meta=PackMeta.model_validate({
        "id": "t", "version": "1.0.0", "title": "test", "jurisdiction": "EU",
        "source": {"document": "test", "url": "https://example.org", "date": "2026"}}),
        rules=(rule,))
    rec = _withheld("extensions.webuild.identifier")
    (finding,) = evaluate(rec, RuleSet(packs=(pack,), rules=((pack, rule),)),
                          Context(as_of=AS_OF))
    assert finding.status == Status.WITHHELD and finding.location is not None
    assert finding.location.locator == DIGESTS


def test_every_renderer_shows_withheld() -> None:
    report = _report(_withheld("learning_outcomes", "title"))
    for fmt in ("text", "md", "html", "json", "sarif", "junit"):
        out = get_renderer(fmt)(report)
        text = out if isinstance(out, str) else out.decode()
        assert "withheld" in text, fmt
        assert DIGESTS in text.replace("\\", ""), fmt  # Markdown escapes the _
    sarif = json.loads(get_renderer("sarif")(report))
    kinds = {r["ruleId"]: r.get("kind") for r in sarif["runs"][0]["results"]}
    assert kinds["EU-AI-M06"] == "open"
    junit = ET.fromstring(get_renderer("junit")(report))
    skipped = [c for c in junit.iter("testcase") if c.find("skipped") is not None
               and "withheld" in (c.find("skipped").get("message") or "")]  # type: ignore[union-attr]
    n = report.summary.findings_by_status["withheld"]
    assert len(skipped) == n >= 2
    text = get_renderer("text")(report)
    assert f"{n} withheld by the holder" in text and "with elements withheld by the holder" in text


def test_withheld_can_be_waived_and_is_reported_as_waived() -> None:
    waiver = Waiver(rule="EU-AI-M01", records="*", justification="Learner identity is "
                    "checked with the PID, not the micro-credential.", approver="QA office")
    res = _report(_withheld("learner"), waivers=(waiver,)).records[0]
    m01 = next(f for f in res.findings if f.rule_id == "EU-AI-M01")
    assert m01.status == Status.WAIVED and m01.waiver is not None


def test_diff_calls_a_failure_that_became_withheld_withheld_not_fixed() -> None:
    old = _report(make_record({"learning_outcomes": None}))
    new = _report(_withheld("learning_outcomes"))
    d = diff_reports(old, new)
    assert d.totals["withheld"] >= 1 and d.totals["fixed"] == 0 and d.totals["new"] == 0


def test_benchmark_leaves_withheld_out_of_the_denominator() -> None:
    res = _report(_withheld("learning_outcomes")).records[0]
    d = digest(res)
    assert "learning_outcomes" in d.withheld
    assert "learning_outcomes" not in d.present | d.applicable
    builder = BenchmarkBuilder("provider")
    builder.add(res)
    bench = builder.finish(as_of=date(2026, 1, 1).isoformat(), packs=())
    lo = next(e for e in bench.overall.elements if e.element == "learning_outcomes")
    assert (lo.withheld, lo.present, lo.applicable) == (1, 0, 0)
    assert bench.overall.withheld == 1


def test_dossier_asks_the_holder() -> None:
    from mcqa.dossier.builder import _gaps  # the gap section is built from findings alone
    from mcqa.dossier.model import LevelSection, WorkloadSection

    res = _report(_withheld("learning_outcomes")).records[0]
    fields = {"outcome": "no_mapping", "explanation": "n/a"}
    level = LevelSection.model_construct(**fields, notes=())
    workload = WorkloadSection.model_construct(notes=(), inconsistent=False)
    gaps, _key_gaps = _gaps(res.findings, ["eu-2022"], [], None, level, workload, ())
    assert any(r.rule_id == "EU-AI-M06" for r in gaps.evidence_requests)
    area = next(a for a in gaps.areas if any(i.status == "withheld" for i in a.items))
    assert area.verdict in ("evidence needed", "possible substantial difference")
