"""The engine reports an operator's ``unverifiable`` outcome as such: never a pass or a fail."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from mcqa.engine import Context, evaluate
from mcqa.engine.operators import OPERATORS, Operator, Outcome, Values
from mcqa.model import CredentialRecord, Status
from mcqa.packs import Pack, RuleSet
from tests.conftest import AS_OF, make_record


def _unknown(values: Values, args: Mapping[str, Any], ctx: Context,
             rec: CredentialRecord) -> Outcome:
    """Stands for an operator whose data source is missing."""
    return Outcome(False, "title", "the reference data is not installed", unverifiable=True,
                   evidence="Install the reference data and check again.")


@pytest.fixture(autouse=True)
def _test_operator(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(OPERATORS, "test_unknown",
                        Operator(fn=_unknown, args={}, doc="test only", needs_path=False))
    yield


PASS = {"op": "present", "path": "title"}
FAIL = {"op": "present", "path": "no_such_field"}
UNKNOWN = {"op": "test_unknown"}


def _status(check: dict[str, Any], applies_when: dict[str, Any] | None = None) -> Any:
    rule: dict[str, Any] = {
        "id": "T-01", "name": "test.rule", "severity": "error", "check": check,
        "citation": {"document": "Test document", "locator": "section 1"},
        "message": "The rule failed.", "remedy": "Fix the record.",
    }
    if applies_when is not None:
        rule["applies_when"] = applies_when
    pack = Pack.model_validate({
        "pack": {"id": "t", "version": "1.0.0", "title": "Test pack", "jurisdiction": "EU",
                 "source": {"document": "Test", "url": "https://example.org", "date": "2026"}},
        "rules": [rule]})
    findings = evaluate(make_record(), RuleSet(packs=(pack,), rules=((pack, pack.rules[0]),)),
                        Context(as_of=AS_OF))
    (finding,) = [f for f in findings if f.rule_id == "T-01"]
    return finding


def test_unverifiable_outcome_gives_unverifiable_finding_with_evidence() -> None:
    f = _status(UNKNOWN)
    assert f.status is Status.UNVERIFIABLE
    assert f.message == "Not verified: the reference data is not installed."
    assert f.evidence_request == "Install the reference data and check again."
    assert f.location is not None and f.location.present  # the operator's path, located


@pytest.mark.parametrize(("check", "expected"), [
    ({"all_of": [UNKNOWN, PASS]}, Status.UNVERIFIABLE),
    ({"all_of": [UNKNOWN, FAIL]}, Status.FAIL),  # a definite failure decides
    ({"all_of": [PASS, PASS]}, Status.PASS),
    ({"any_of": [UNKNOWN, PASS]}, Status.PASS),  # a pass decides
    ({"any_of": [FAIL, UNKNOWN]}, Status.UNVERIFIABLE),
    ({"any_of": [FAIL, FAIL]}, Status.FAIL),
    ({"not": UNKNOWN}, Status.UNVERIFIABLE),  # negating "unknown" is still unknown
    ({"not": FAIL}, Status.PASS),
])
def test_three_valued_combinators(check: dict[str, Any], expected: Status) -> None:
    assert _status(check).status is expected


def test_unverifiable_applicability_is_not_not_applicable() -> None:
    assert _status(PASS, applies_when=UNKNOWN).status is Status.UNVERIFIABLE
    assert _status(PASS, applies_when=FAIL).status is Status.NOT_APPLICABLE
