"""SARIF 2.1.0 and JUnit XML outputs: required structure, mapping and escaping."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mcqa.api import check_items
from mcqa.loaders import load_paths
from mcqa.model import InputProblem, Status
from mcqa.model.report import Report
from mcqa.packs import resolve_packs
from mcqa.render import get_renderer
from tests.batch.conftest import AS_OF, write_catalogue

HOSTILE = 'Data <b>&</b> "quoted" \x01\x0b end'


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    path = write_catalogue(tmp_path_factory.mktemp("out") / "c.csv", 30)
    with path.open("a", encoding="utf-8", newline="") as fh:
        fh.write(f'rec-hostile,specification,"{HOSTILE}",p,P,IE,5,6,exam,online,x,y\n')
    items = [*load_paths([path]),
             InputProblem(file="broken.json", locator="/0", message="not JSON — fix it")]
    return check_items(items, resolve_packs(["eu-2022"]), as_of=AS_OF)


def test_sarif_has_required_fields_and_only_actionable_results(report: Report) -> None:
    log = json.loads(get_renderer("sarif")(report))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "mcqa"
    rules = {r["id"]: r for r in driver["rules"]}
    assert rules["EU-AI-M02"]["helpUri"].startswith("https://eur-lex.europa.eu/")
    fails = sum(1 for r in report.records for f in r.findings
                if f.status in (Status.FAIL, Status.ERROR))
    assert len(run["results"]) == fails + 1  # + the unreadable input
    for res in run["results"]:
        assert res["ruleId"] in rules and driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in {"error", "warning", "note"}
        assert res["message"]["text"]
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    levels = {res["ruleId"]: res["level"] for res in run["results"]}
    assert levels["EU-AI-M02"] == "error" and levels["MCQA-READ"] == "error"
    assert any(r["level"] == "note" for r in run["results"])  # info → note


def test_sarif_is_deterministic(report: Report) -> None:
    render = get_renderer("sarif")
    assert render(report) == render(report)


def test_junit_suites_cases_and_escaping(report: Report) -> None:
    text = get_renderer("junit")(report)
    root = ET.fromstring(text.encode())  # parses: escaping and XML-invalid chars handled
    suites = root.findall("testsuite")
    assert len(suites) == len(report.records)
    hostile = next(s for s in suites if s.get("name") == "rec-hostile")
    rec = next(r for r in report.records if r.record_id == "rec-hostile")
    cases = hostile.findall("testcase")
    assert len(cases) == len(rec.findings) == int(hostile.get("tests", "0"))
    assert int(hostile.get("failures", "0")) == rec.counts["fail"] == len(
        hostile.findall("testcase/failure"))
    assert int(hostile.get("skipped", "0")) == rec.counts["not_applicable"]
    assert "\x01" not in text and "<b>" not in text
    broken = next(s for s in suites if s.get("file") == "broken.json")
    assert broken.find("testcase/error") is not None
    assert int(root.get("tests", "0")) == sum(int(s.get("tests", "0")) for s in suites)


def test_cli_writes_sarif(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from mcqa.cli import cli

    src = write_catalogue(tmp_path / "c.csv", 5)
    out = tmp_path / "r.sarif"
    res = CliRunner().invoke(cli, ["check", str(src), "--format", "sarif", "-o", str(out),
                                   "--as-of", AS_OF.isoformat()])
    assert res.exit_code == 1, res.output
    assert json.loads(out.read_text())["runs"][0]["results"]
