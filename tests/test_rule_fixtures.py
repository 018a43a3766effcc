"""Every rule of every bundled pack against its pass/fail fixture file.

A case may name a service its rule needs (``esco: true``): the runner then
supplies it (the ESCO fixture index of ``tests/conftest.py``). Rules that need
a service must pass and fail *with* it and be unverifiable *without* it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from mcqa.engine import Context, evaluate
from mcqa.engine.operators import OPERATORS, expr_services
from mcqa.esco import EscoService
from mcqa.packs import Rule, RuleSet, available_packs, resolve_packs
from tests.conftest import AS_OF, FIXTURES, make_record

RULE_DIR = FIXTURES / "rules"
SERVICES = sorted({op.service for op in OPERATORS.values() if op.service})
"""Services a case can ask for, each as a boolean case key."""
CASE_KEYS = {"description", "record", "expect", *SERVICES}


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


def _needs(rule: Rule) -> set[str]:
    return expr_services(rule.check) | expr_services(rule.applies_when)


@pytest.fixture(scope="session")
def esco_service(esco_fixture_db: Path) -> Iterator[EscoService]:
    """The ESCO fixture index as the rule engine sees it."""
    service = EscoService.open(esco_fixture_db)
    yield service
    service.close()


@pytest.mark.parametrize(("pack_id", "rule_id", "case"), _cases())
def test_rule_case(pack_id: str, rule_id: str, case: dict[str, Any],
                   request: pytest.FixtureRequest) -> None:
    rules = _ruleset(pack_id)
    hit = rules.get(rule_id)
    assert hit is not None, f"fixture names unknown rule {rule_id}"
    single = RuleSet(packs=rules.packs, rules=(hit,))
    record = make_record(case.get("record") or {})
    services = {name: request.getfixturevalue(f"{name}_service")
                for name in SERVICES if case.get(name)}
    ctx = Context(as_of=AS_OF, services=services)
    findings = [f for f in evaluate(record, single, ctx) if f.rule_id == rule_id]
    assert len(findings) == 1
    f = findings[0]
    assert f.status.value == case["expect"], f"{f.message} (observed {f.observed})"
    # Every finding can say where it looked and why.
    assert f.location is not None and f.location.file == "fixture.yaml"
    assert f.citation.document and f.citation.locator
    if f.status.value == "fail":
        assert f.remedy
    if f.status.value == "unverifiable":
        assert f.evidence_request
    if f.status.value == "review":  # quotes the text and says what to confirm
        assert f.evidence_request and f.observed and f.observed.startswith("“")


def test_every_rule_has_pass_and_fail_fixture() -> None:
    """Meta-test: no rule ships without a passing and a failing (or evidence) case.

    A rule whose operators need a service (the ESCO index) needs its pass and
    fail cases with the service and an unverifiable case without it.
    """
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
            cases = yaml.safe_load(path.read_text())["cases"]
            expects = {c["expect"] for c in cases}
            needs = _needs(rule)
            if needs:
                served = {c["expect"] for c in cases if all(c.get(s) for s in needs)}
                unserved = {c["expect"] for c in cases if not all(c.get(s) for s in needs)}
                if not {"pass", "fail"} <= served:
                    missing.append(f"{rule.id}: needs pass and fail cases with "
                                   f"{', '.join(sorted(needs))}: true, has {served}")
                if "unverifiable" not in unserved:
                    missing.append(f"{rule.id}: needs an unverifiable case without "
                                   f"{', '.join(sorted(needs))}")
            elif rule.evidence is not None:
                if "unverifiable" not in expects:
                    missing.append(f"{rule.id}: evidence rule without an unverifiable case")
            elif not {"pass", "fail"} <= expects:
                missing.append(f"{rule.id}: needs both a pass and a fail case, has {expects}")
            if rule.free_text is not None and "review" not in expects:
                missing.append(f"{rule.id}: free_text rule without a review case")
    assert not missing, "\n".join(missing)


def test_no_fixture_for_unknown_rule() -> None:
    known = {rule.id for pid in available_packs() for _, rule in resolve_packs([pid]).rules}
    stray = [p.name for p in _fixture_files() if p.stem not in known]
    assert not stray, f"fixtures for unknown rules: {stray}"


def test_case_keys_are_known() -> None:
    """A misspelt key (``ecso: true``) would silently run a case without its service."""
    bad = []
    for path in _fixture_files():
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            extra = set(case) - CASE_KEYS
            flags = [s for s in SERVICES if s in case and case[s] is not True]
            if extra or flags:
                bad.append(f"{path.name} ({case.get('description')}): "
                           f"unknown keys {sorted(extra)}, non-true service flags {flags}")
    assert not bad, "\n".join(bad)
