"""Per-level translation tests: every level of every framework, against the digest table."""

from __future__ import annotations

import pytest

from mcqa.frameworks import eqf_for, translate

from .expected import EXPECTED

CASES = [(fid, code, row) for fid, rows in sorted(EXPECTED.items()) for code, row in rows.items()]


def _expected_outcome(status: str, confidence: str) -> str:
    if status in ("below_eqf", "not_referenced", "unknown"):
        return "no_mapping"
    if status == "unconfirmed" or confidence == "unconfirmed":
        return "unconfirmed"
    if status == "comparison_only":
        return "comparison_only"
    if status == "range":
        return "mapped_range"
    return "mapped"


@pytest.mark.parametrize(("fid", "code", "row"), CASES,
                         ids=[f"{fid}:{code}" for fid, code, _ in CASES])
def test_level_maps_to_expected_eqf(fid: str, code: str,
                                    row: tuple[str, int | tuple[int, ...] | None, str]) -> None:
    status, eqf, confidence = row
    mapping = eqf_for(fid, code)
    assert mapping.status == status
    assert mapping.confidence == confidence
    expected_levels = () if eqf is None else (eqf,) if isinstance(eqf, int) else eqf
    assert mapping.eqf_levels == expected_levels

    result = translate(f"{fid}:{code}", "EQF")
    if fid == "EQF":
        assert result.outcome == "mapped" and result.chain == ()
        return
    assert result.outcome == _expected_outcome(status, confidence)
    assert tuple(int(c.level) for c in result.candidates) == expected_levels
    assert result.eqf_levels == expected_levels
    assert result.chain[0].status == status  # the status is never rewritten
    if eqf is None:
        assert result.chain[0].to_level is None
