"""Waivers: applied with justification, expired ones return, unused ones reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcqa.api import check
from mcqa.engine.waivers import load_waivers
from mcqa.errors import ConfigError
from tests.conftest import AS_OF, REPO

EXAMPLE = REPO / "examples" / "fr-mooc-gaps.yaml"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_live_waiver_marks_finding_waived(tmp_path: Path) -> None:
    w = _write(tmp_path, """
waivers:
  - rule: EU-AI-M11
    records: "urn:mcqa:example:fr-*"
    justification: QA documentation is being migrated to the new register.
    approver: Head of Quality
    expires: 2026-06-30
  - rule: EU-AI-M02
    records: "*"
    justification: Never used, titles are fine everywhere.
    approver: Head of Quality
""")
    report = check([EXAMPLE], as_of=AS_OF, waivers_file=w)
    f = next(f for f in report.records[0].findings if f.rule_id == "EU-AI-M11")
    assert f.status.value == "waived" and f.waiver is not None
    assert f.waiver.justification.startswith("QA documentation")
    assert [(n.rule, n.status) for n in report.waiver_notes] == [("EU-AI-M02", "unused")]


def test_expired_waiver_returns_the_finding(tmp_path: Path) -> None:
    w = _write(tmp_path, """
waivers:
  - rule: EU-AI-M11
    justification: Temporary exception granted for the 2025 audit cycle.
    approver: Head of Quality
    expires: 2025-12-31
""")
    report = check([EXAMPLE], as_of=AS_OF, waivers_file=w)
    f = next(f for f in report.records[0].findings if f.rule_id == "EU-AI-M11")
    assert f.status.value == "fail"
    assert [(n.rule, n.status) for n in report.waiver_notes] == [("EU-AI-M11", "expired")]


def test_invalid_waiver_file_names_location(tmp_path: Path) -> None:
    w = _write(tmp_path, "waivers:\n  - rule: EU-AI-M11\n    approver: X\n")
    with pytest.raises(ConfigError) as exc:
        load_waivers(w)
    assert "waivers.yaml:line 2 (/waivers/0/justification)" in exc.value.one_line()
