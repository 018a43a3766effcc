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
    assert by_rule["EU-AII-P09a"] == "persisting"  # no way to check the body's identity
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


def test_streamed_report_files_diff_like_loaded_data(tmp_path: Path, catalogue: Path) -> None:
    """Reports are streamed from disk (a national one is gigabytes); the diff must be the
    one computed from the fully parsed JSON, duplicates and all."""
    old = tmp_path / "old.json"
    res = CliRunner().invoke(cli, ["check", str(catalogue), "--format", "json", "-o", str(old),
                                   "--as-of", AS_OF.isoformat(), "-j", "1"])
    assert res.exit_code in (0, 1), res.output
    data = json.loads(old.read_text(encoding="utf-8"))
    changed = json.loads(json.dumps(data))
    recs = changed["records"]
    for rec in recs[::7]:  # some findings flip, some records vanish, one appears twice
        for f in rec["findings"]:
            if f["status"] == "fail":
                f["status"] = "pass"
    recs[3]["title"] = "Renamed"
    del recs[10:14]
    recs.append(recs[0])
    new = tmp_path / "new.json"
    new.write_text(json.dumps(changed), encoding="utf-8")
    streamed = diff_reports(load_report(old), load_report(new))
    assert streamed == diff_reports(data, changed)
    assert streamed.totals["fixed"] > 0 and len(streamed.removed) == 4


def test_damaged_report_is_an_input_error_naming_the_file(tmp_path: Path,
                                                          catalogue: Path) -> None:
    report = tmp_path / "r.json"
    CliRunner().invoke(cli, ["check", str(catalogue), "--format", "json", "-o", str(report),
                             "--as-of", AS_OF.isoformat(), "-j", "1"])
    cut = tmp_path / "cut.json"
    cut.write_bytes(report.read_bytes()[: report.stat().st_size // 2])
    res = CliRunner().invoke(cli, ["diff", str(report), str(cut)])
    assert res.exception is not None and "cannot read report" in str(res.exception)
    assert "cut.json" in str(res.exception)
