"""``benchmark`` and ``check`` agree on the ESCO pack (issue 14): the same records give the
same ``--pack esco`` findings whichever command checks them, with the installed index (the
default both commands use), with ``--esco-db``, and without any index.

The index is the tiny one built from real ESCO v1.1.1 rows (``esco_fixture_db``); the CLI
runs in-process through click's runner (the behaviour under test is the verdict, not the
process), so the whole module takes a second or two.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from mcqa.benchmarking import FAILURE_COLUMNS
from mcqa.esco.store import DATA_DIR_ENV
from tests.conftest import (
    ESCO_DATA_CLEANSING,
    ESCO_DB_DESIGNER,
    ESCO_DB_SKILL,
    ESCO_MADE_UP,
    ESCO_OBSOLETE,
    base_descriptor,
)

AS_OF = "2026-01-01"
LINKS = {"made-up": ESCO_MADE_UP, "occupation": ESCO_DB_DESIGNER,
         "obsolete": ESCO_OBSOLETE, "good": ESCO_DB_SKILL}
"""One descriptor per case, each with a different provider so the benchmark has a group each."""

Failure = tuple[str, str, str, str]
"""(source file name, record id, rule id, location) of one failed finding."""


def invoke(*args: str) -> tuple[int, str, str]:
    """``mcqa ARGS`` in this process, with the CLI's own exit-code mapping."""
    import click

    from mcqa.cli import cli
    from mcqa.cli._common import run_cli

    cmd = click.Command("mcqa", callback=lambda: run_cli(cli, list(args)))
    res = CliRunner().invoke(cmd, [], catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "in"
    out.mkdir()
    for name, uri in LINKS.items():
        data = base_descriptor()
        data["id"] = f"urn:mcqa:test:{name}"
        data["awarding_body"] = {"name": f"Provider {name}"}
        data["learning_outcomes"] = [
            {"text": "Clean, transform and validate tabular data sets in Python using pandas.",
             "esco": [ESCO_DATA_CLEANSING, uri]}]
        (out / f"{name}.yaml").write_text(yaml.safe_dump(data, sort_keys=False),
                                          encoding="utf-8")
    return out


def _via_check(folder: Path, *extra: str) -> tuple[set[Failure], dict[str, str]]:
    """ESCO failures and per-record outcomes from ``check --format json``."""
    code, out, err = invoke("check", str(folder), "--pack", "esco", "--format", "json",
                            "--as-of", AS_OF, "-j", "1", *extra)
    assert code in (0, 1), err
    report = json.loads(out)
    fails = {(Path(r["source_file"]).name, r["record_id"], f["rule_id"],
              f["location"]["locator"] if f.get("location") else "")
             for r in report["records"] for f in r["findings"] if f["status"] == "fail"}
    outcomes = {r["record_id"]: r["outcome"] for r in report["records"]}
    return fails, outcomes


def _via_benchmark(folder: Path, out: Path, *extra: str) -> tuple[set[Failure], dict[str, Any]]:
    """ESCO failures from the benchmark workbook's Findings sheet, and its JSON figures."""
    for name in ("b.xlsx", "b.json"):
        code, _, err = invoke("benchmark", str(folder), "--pack", "esco", "--as-of", AS_OF,
                              "-j", "1", "-o", str(out / name), *extra)
        assert code == 0, err
    sheet = openpyxl.load_workbook(out / "b.xlsx", read_only=True)["Findings"]
    rows = list(sheet.iter_rows(values_only=True))
    col = {name: i for i, name in enumerate(FAILURE_COLUMNS)}  # headers are translated labels
    fails = {(Path(str(r[col["source_file"]])).name, str(r[col["record_id"]]),
              str(r[col["rule_id"]]), str(r[col["location"]] or "").rsplit("#", 1)[-1])
             for r in rows[1:]}
    return fails, json.loads((out / "b.json").read_text(encoding="utf-8"))


def _assert_agree(folder: Path, out: Path, *extra: str) -> set[Failure]:
    checked, outcomes = _via_check(folder, *extra)
    benched, figures = _via_benchmark(folder, out, *extra)
    assert benched == checked
    overall = figures["overall"]
    assert overall["records"] == len(outcomes) == len(LINKS)
    assert overall["conforming"] == Counter(outcomes.values())["conforms"]
    assert overall["fails_by_rule"] == dict(sorted(Counter(f[2] for f in checked).items()))
    return checked


def _esco_fails(fails: set[Failure]) -> dict[str, set[str]]:
    by_record: dict[str, set[str]] = {}
    for _, rid, rule, _ in fails:
        if rule.startswith("ESCO-"):
            by_record.setdefault(rid.rsplit(":", 1)[-1], set()).add(rule)
    return by_record


def test_installed_index_same_findings(folder: Path, tmp_path: Path, esco_fixture_db: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The installed index (no option): the benchmark used to ignore it and pass records
    that ``check`` fails."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(esco_fixture_db, data_dir / "esco.sqlite")
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    fails = _esco_fails(_assert_agree(folder, tmp_path))
    # the index was really used: the made-up and occupation links fail, the good one passes
    assert "ESCO-01" in fails["made-up"] and "ESCO-03" in fails["occupation"]
    assert "good" not in fails


def test_named_index_same_findings(folder: Path, tmp_path: Path, esco_fixture_db: Path) -> None:
    fails = _esco_fails(_assert_agree(folder, tmp_path, "--esco-db", str(esco_fixture_db)))
    assert "ESCO-01" in fails["made-up"] and "ESCO-03" in fails["occupation"]


def test_no_index_same_findings(folder: Path, tmp_path: Path, esco_fixture_db: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """``--no-esco`` (and no index at all): nothing fails for ESCO in either command."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(esco_fixture_db, data_dir / "esco.sqlite")
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    assert _esco_fails(_assert_agree(folder, tmp_path, "--no-esco")) == {}
