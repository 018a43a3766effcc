"""The third presence outcome (review: stated only as free text) and documents that are
not micro-credentials (skipped) flow through engine, report, batch, renderers and diff
like every other status, and never change the verdict or lose a count."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from mcqa.batch import BatchOptions, run_batch
from mcqa.diff import diff_reports
from mcqa.engine import build_report
from mcqa.model import Skipped, Status
from mcqa.packs import resolve_packs
from mcqa.render import get_renderer
from mcqa.render.text import closing_line as counts_line
from tests.conftest import AS_OF, make_record

PROSE = {"statements": [{"elements": ["learning_outcomes"], "field": "achievement.description",
                         "text": "In this programme you'll learn to design and evaluate "
                                 "data pipelines for public services."}]}


def _report(*items: object):  # type: ignore[no-untyped-def]
    return build_report(items, resolve_packs(["eu-2022"]), as_of=AS_OF, mcqa_version="test")


def test_review_is_not_a_gap_and_is_counted() -> None:
    rec = make_record({"learning_outcomes": None, "_record": PROSE})
    report = _report(rec)
    res = report.records[0]
    m06 = next(f for f in res.findings if f.rule_id == "EU-AI-M06")
    assert m06.status == Status.REVIEW
    assert m06.observed and "design and evaluate" in m06.observed
    assert m06.evidence_request and "confirm" in m06.evidence_request
    assert res.outcome == "conforms"  # review alone never makes GAPS
    assert report.summary.needs_review == 1
    assert report.summary.findings_by_status["review"] >= 1


def test_without_free_text_the_element_is_missing() -> None:
    rec = make_record({"learning_outcomes": None})
    res = _report(rec).records[0]
    assert next(f for f in res.findings if f.rule_id == "EU-AI-M06").status == Status.FAIL
    assert res.outcome == "gaps"


def test_skipped_documents_are_reported_not_counted_as_records() -> None:
    skipped = Skipped(file="ctx.jsonld", reason="a JSON-LD context")
    report = _report(make_record(), skipped)
    assert sorted(r.outcome for r in report.records) == ["conforms", "skipped"]
    assert report.summary.records == 1 and report.summary.skipped == 1
    assert report.conforms and report.exit_code() == 0


def test_every_renderer_shows_review_and_skipped() -> None:
    report = _report(make_record({"learning_outcomes": None, "_record": PROSE}),
                     Skipped(file="ctx.jsonld", reason="a JSON-LD context"))
    for fmt in ("text", "md", "html", "json", "sarif", "junit"):
        out = get_renderer(fmt)(report)
        text = out if isinstance(out, str) else out.decode()
        assert "design and evaluate" in text, fmt
        if fmt != "sarif":
            assert "JSON-LD context" in text, fmt
    sarif = json.loads(get_renderer("sarif")(report))
    kinds = {r.get("kind") for r in sarif["runs"][0]["results"]}
    assert "review" in kinds


def test_batch_closing_count_accounts_for_skipped(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    (tmp_path / "a.yaml").write_bytes((examples / "de-cloud-security.yaml").read_bytes())
    result = run_batch([tmp_path], resolve_packs(["eu-2022"]), as_of=date(2026, 6, 30),
                       options=BatchOptions(jobs=1), mcqa_version="test")
    assert result.counts.balanced
    assert "all accounted for" in counts_line(result.counts)


def test_diff_calls_a_failure_that_became_free_text_review() -> None:
    old = _report(make_record({"learning_outcomes": None}))
    new = _report(make_record({"learning_outcomes": None, "_record": PROSE}))
    d = diff_reports(old, new)
    assert d.totals["review"] >= 1 and d.totals["fixed"] == 0
