"""Every rule of every bundled pack against its pass/fail fixture file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from mcqa.engine import Context, evaluate
from mcqa.packs import RuleSet, available_packs, resolve_packs
from tests.conftest import AS_OF, FIXTURES, make_record

RULE_DIR = FIXTURES / "rules"


def _fixture_files() -> list[Path]:
    return sorted(RULE_DIR.glob("*/*.yaml"))


def _cases() -> list[Any]:
    out = []
    for path in _fixture_files():
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            out.append(pytest.param(path.parent.name, doc["rule"], case,
                                    id=f"{doc['rule']}::{case['description']}"))
    return out


def _ruleset(pack_id: str) -> RuleSet:
    return resolve_packs([pack_id])


@pytest.mark.parametrize(("pack_id", "rule_id", "case"), _cases())
def test_rule_case(pack_id: str, rule_id: str, case: dict[str, Any]) -> None:
    rules = _ruleset(pack_id)
    hit = rules.get(rule_id)
    assert hit is not None, f"fixture names unknown rule {rule_id}"
    single = RuleSet(packs=rules.packs, rules=(hit,))
    record = make_record(case.get("record") or {})
    findings = [f for f in evaluate(record, single, Context(as_of=AS_OF)) if f.rule_id == rule_id]
    assert len(findings) == 1
    f = findings[0]
    assert f.status.value == case["expect"], f"{f.message} (observed {f.observed})"
    # Every finding can say where it looked and why.
    assert f.location is not None and f.location.file == "fixture.yaml"
    assert f.citation.document and f.citation.locator
    if f.status.value == "fail":
        assert f.remedy


def test_every_rule_has_pass_and_fail_fixture() -> None:
    """Meta-test: no rule ships without a passing and a failing (or evidence) case."""
    missing = []
    for pack_id in available_packs():
        rules = resolve_packs([pack_id])
        for pack, rule in rules.rules:
            if pack.meta.id != pack_id:
                continue
            path = RULE_DIR / pack_id / f"{rule.id}.yaml"
            if not path.exists():
                missing.append(f"{rule.id}: no fixture file {path.relative_to(RULE_DIR)}")
                continue
            expects = {c["expect"] for c in yaml.safe_load(path.read_text())["cases"]}
            if rule.evidence is not None:
                if "unverifiable" not in expects:
                    missing.append(f"{rule.id}: evidence rule without an unverifiable case")
            elif not {"pass", "fail"} <= expects:
                missing.append(f"{rule.id}: needs both a pass and a fail case, has {expects}")
    assert not missing, "\n".join(missing)


def test_no_fixture_for_unknown_rule() -> None:
    known = {rule.id for pid in available_packs() for _, rule in resolve_packs([pid]).rules}
    stray = [p.name for p in _fixture_files() if p.stem not in known]
    assert not stray, f"fixtures for unknown rules: {stray}"
