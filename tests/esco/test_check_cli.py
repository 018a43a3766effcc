"""``mcqa check --pack esco``: ESCO findings through the real CLI, in-process and with workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from mcqa.api import check
from mcqa.esco.store import DATA_DIR_ENV
from tests.conftest import (
    ESCO_DATA_CLEANSING,
    ESCO_DB_DESIGNER,
    ESCO_DB_SKILL,
    ESCO_MADE_UP,
    REPO,
    base_descriptor,
)

ELM_EXAMPLE = REPO / "examples" / "ie-nfq8-elm-credential.json"
EXAMPLE_UNKNOWN = "http://data.europa.eu/esco/skill/00000000-0000-4000-8000-000000000000"
EXAMPLE_SKILL = "http://data.europa.eu/esco/skill/2b92a5b2-6758-4ee3-9fb4-b6387a55cc8f"


def run_mcqa(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed entry point of this checkout, in a fresh process (workers fork from it)."""
    full = {**os.environ, **(env or {}), "PYTHONUTF8": "1", "NO_COLOR": "1"}
    full["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "src"),
                                                     full.get("PYTHONPATH")) if p)
    return subprocess.run([sys.executable, "-m", "mcqa", *args], env=full, cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)


def _native(path: Path, uri: str) -> Path:
    data = base_descriptor()
    data["id"] = f"urn:mcqa:test:{path.stem}"
    data["learning_outcomes"] = [
        {"text": "Clean, transform and validate tabular data sets in Python using pandas.",
         "esco": [ESCO_DATA_CLEANSING, uri]}]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _elm_with_occupation(path: Path) -> Path:
    """The bundled ELM example with an occupation in a skill slot (and its made-up URI fixed)."""
    text = ELM_EXAMPLE.read_text(encoding="utf-8")
    assert EXAMPLE_SKILL in text and EXAMPLE_UNKNOWN in text
    text = text.replace(EXAMPLE_SKILL, ESCO_DB_DESIGNER).replace(EXAMPLE_UNKNOWN, ESCO_DB_SKILL)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    return _native(tmp_path / "made-up.yaml", ESCO_MADE_UP), _elm_with_occupation(
        tmp_path / "occupation.json")


def _findings(report: dict[str, Any], rule: str) -> dict[str, dict[str, Any]]:
    """Finding of ``rule`` per source file name."""
    return {Path(r["source_file"]).name: f for r in report["records"]
            for f in r["findings"] if f["rule_id"] == rule}


def _check_json(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, Any], str]:
    proc = run_mcqa("check", *args, "--pack", "esco", "--format", "json",
                    "--as-of", "2026-01-01", env=env)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def _assert_cited_esco_errors(report: dict[str, Any]) -> None:
    made_up = _findings(report, "ESCO-01")["made-up.yaml"]
    assert made_up["status"] == "fail" and made_up["severity"] == "error"
    assert made_up["observed"] == f"{ESCO_MADE_UP} not in ESCO v1.1.1"
    assert made_up["location"]["locator"] == "/learning_outcomes/0/esco/1"
    assert made_up["citation"]["document"].startswith("European Learning Model")
    assert "relatedESCOSkill" in made_up["citation"]["locator"] and made_up["remedy"]
    occupation = _findings(report, "ESCO-03")["occupation.json"]
    assert occupation["status"] == "fail" and occupation["severity"] == "error"
    assert occupation["observed"] == f"{ESCO_DB_DESIGNER} is an ESCO occupation ('database designer')"
    assert occupation["location"]["locator"].endswith("/learningOutcome/0/relatedESCOSkill/0")
    assert occupation["citation"]["url"] and occupation["remedy"]
    # each error is reported once, by the rule about it
    assert _findings(report, "ESCO-03")["made-up.yaml"]["status"] == "pass"
    assert _findings(report, "ESCO-01")["occupation.json"]["status"] == "pass"
    assert report["data_versions"]["esco"] == "v1.1.1"


def test_made_up_and_occupation_uris_are_cited_errors(inputs: tuple[Path, Path],
                                                      esco_fixture_db: Path) -> None:
    code, report, _ = _check_json(*map(str, inputs), "--esco-db", str(esco_fixture_db))
    assert code == 1
    _assert_cited_esco_errors(report)


def test_same_findings_with_worker_processes(inputs: tuple[Path, Path], tmp_path: Path,
                                             esco_fixture_db: Path) -> None:
    """--jobs 2 on more than one chunk (256 records) really uses the process pool."""
    lines = []
    for i in range(300):
        data = base_descriptor()
        data.pop("mcqa")
        data["id"] = f"urn:mcqa:test:line-{i:03d}"
        data["learning_outcomes"] = [{"text": "Clean and validate tabular data sets in Python.",
                                      "esco": [ESCO_MADE_UP if i % 2 else ESCO_DB_DESIGNER]}]
        lines.append(json.dumps(data))
    catalogue = tmp_path / "catalogue.jsonl"
    catalogue.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = (*map(str, inputs), str(catalogue), "--esco-db", str(esco_fixture_db))
    code, parallel, stderr = _check_json(*args, "--jobs", "2")
    assert code == 1 and "302 read" in stderr and "all accounted for" in stderr
    _assert_cited_esco_errors(parallel)
    statuses = {(r["record_id"], f["rule_id"]): f["status"] for r in parallel["records"]
                for f in r["findings"]}
    assert statuses[("urn:mcqa:test:line-001", "ESCO-01")] == "fail"
    assert statuses[("urn:mcqa:test:line-298", "ESCO-03")] == "fail"
    assert "unverifiable" not in statuses.values()
    _, serial, _ = _check_json(*args, "--jobs", "1")
    assert parallel == serial


def test_without_index_esco_rules_are_unverifiable(inputs: tuple[Path, Path]) -> None:
    code, report, _ = _check_json(*map(str, inputs))
    assert code == 0  # nothing was shown to be wrong
    for rule in ("ESCO-01", "ESCO-02", "ESCO-03"):
        for f in _findings(report, rule).values():
            assert f["status"] == "unverifiable"
            assert "mcqa esco import" in f["evidence_request"]
            assert "--esco-db" in f["evidence_request"]
    assert "esco" not in report["data_versions"]
    proc = run_mcqa("check", str(inputs[0]), "--pack", "esco", "--as-of", "2026-01-01")
    assert "evidence to request (ESCO-01): Import an ESCO release" in proc.stdout


def test_installed_index_is_used_unless_no_esco(inputs: tuple[Path, Path],
                                                esco_fixture_db: Path) -> None:
    env = {DATA_DIR_ENV: str(esco_fixture_db.parent)}  # the folder holds esco.sqlite
    code, report, _ = _check_json(*map(str, inputs), env=env)
    assert code == 1
    _assert_cited_esco_errors(report)
    code, report, _ = _check_json(*map(str, inputs), "--no-esco", env=env)
    assert code == 0 and _findings(report, "ESCO-01")["made-up.yaml"]["status"] == "unverifiable"


def test_esco_db_errors_and_unused_note(inputs: tuple[Path, Path], tmp_path: Path,
                                        esco_fixture_db: Path) -> None:
    proc = run_mcqa("check", str(inputs[0]), "--pack", "esco", "--esco-db",
                    str(tmp_path / "nope.sqlite"))
    assert proc.returncode == 2 and "no ESCO index here" in proc.stderr
    assert "mcqa esco import" in proc.stderr
    proc = run_mcqa("check", str(inputs[0]), "--esco-db", str(esco_fixture_db),
                    "--as-of", "2026-01-01", "--format", "json")
    assert "--esco-db is unused" in proc.stderr and "add --pack esco" in proc.stderr
    assert "esco" not in json.loads(proc.stdout)["data_versions"]


def test_library_api_takes_esco_db(inputs: tuple[Path, Path], esco_fixture_db: Path) -> None:
    report = check(list(inputs), ["eu-2022", "esco"], esco_db=esco_fixture_db)
    assert report.data_versions["esco"] == "v1.1.1"
    assert "IE-NFQ" in report.data_versions  # framework versions are still there
    failed = {(Path(r.source_file).name, f.rule_id) for r in report.records
              for f in r.findings if f.status.value == "fail"}
    assert {("made-up.yaml", "ESCO-01"), ("occupation.json", "ESCO-03")} <= failed


def test_esco04_names_the_mappers_best_skill(esco_fixture_db: Path) -> None:
    """With an index, ESCO-04 points the provider at a skill for the first unlinked outcome."""

    def esco04(**kwargs: Any) -> str:
        report = check([ELM_EXAMPLE], ["esco"], **kwargs)
        finding = next(f for r in report.records for f in r.findings if f.rule_id == "ESCO-04")
        assert finding.status.value == "fail"
        return str(finding.observed)

    plain = esco04(use_default_esco=False)
    assert plain.endswith("first unlinked: outcome 3")
    hinted = esco04(esco_db=esco_fixture_db)
    assert hinted.startswith(plain) and hinted != plain
    assert ", e.g. '" in hinted or "no ESCO skill above threshold" in hinted
