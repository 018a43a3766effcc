"""Audit diff: every (record, rule) classified as new, fixed, persisting or waived."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mcqa.cli import cli
from mcqa.diff import diff_reports, load_report, render_diff
from tests.batch.conftest import AS_OF, HEADER


def _report(tmp: Path, name: str, rows: list[str]) -> Path:
    src = tmp / f"{name}.csv"
    src.write_text(",".join(HEADER) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp / f"{name}.json"
    res = CliRunner().invoke(cli, ["check", str(src), "--format", "json", "-o", str(out),
                                   "--as-of", AS_OF.isoformat(), "-j", "1"])
    assert res.exit_code in (0, 1), res.output
    return out


def test_classification_and_metadata(tmp_path: Path) -> None:
    old = _report(tmp_path, "old", ["a,specification,,P,Prov,IE,5,6,exam,online,x,qa",
                                    "gone,specification,Gone course,P,Prov,IE,5,6,exam,online,x,qa"])
    new = _report(tmp_path, "new", ["a,specification,Data course,P,Prov,,7,6,exam,online,x,qa",
                                    "b,specification,New,P,Prov,IE,5,6,exam,online,x,qa"])
    d = diff_reports(load_report(old), load_report(new))
    rec = next(r for r in d.records if r.record_id == "a")
    by_rule = {c.rule_id: c.change for c in rec.findings}
    assert by_rule["EU-AI-M02"] == "fixed"       # title added
    assert by_rule["EU-AI-M03"] == "new"         # country dropped
    assert by_rule["EU-AI-M04"] == "persisting"  # no awarding body in either year
    assert {m.field for m in rec.metadata} >= {"title", "workload"}
    assert d.added == ("b",) and d.removed == ("gone",)
    assert d.totals == {k: sum(r.counts[k] for r in d.records) for k in d.totals}
    assert d.by_provider["Prov"] == d.totals
    assert json.loads(render_diff(d, "json"))["totals"] == d.totals
    assert "| Prov |" in render_diff(d, "md")
    res = CliRunner().invoke(cli, ["diff", str(old), str(new)])
    assert res.exit_code == 1 and "new" in res.output  # new findings → exit 1


def test_not_a_report_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    res = CliRunner().invoke(cli, ["diff", str(bad), str(bad)])
    assert res.exception is not None and "not an mcqa JSON report" in str(res.exception)
