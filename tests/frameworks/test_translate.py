"""translate(): chains, several candidates, explicit no_mapping, round trips, no invented levels."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcqa.errors import ConfigError
from mcqa.frameworks import load_frameworks, translate

from .expected import EXPECTED


def test_ie_nfq_8_to_de_dqr_chain() -> None:
    result = translate("IE-NFQ:8", "DE-DQR")
    assert result.path() == "IE-NFQ 8 → EQF 6 → DE-DQR 6"
    assert result.outcome == "mapped"
    assert [c.display() for c in result.candidates] == ["DE-DQR 6"]
    first, second = result.chain
    assert (first.from_framework, first.from_level, first.to_framework, first.to_level) == (
        "IE-NFQ", "8", "EQF", "6")
    assert (second.from_framework, second.to_framework, second.to_level) == ("EQF", "DE-DQR", "6")
    assert first.year == 2009 and second.year == 2012
    assert first.source.url.startswith("https://") and second.source.title
    assert result.confidence == "secondary"  # weakest link: DQR 1:1 is secondary
    assert result.explanation.count(".") >= 1 and "\n" not in result.explanation


def test_all_candidates_are_returned() -> None:
    result = translate("IE-NFQ:8", "UK-SCQF")
    assert [c.level for c in result.candidates] == ["9", "10"]
    assert result.outcome == "mapped_range"
    assert result.path() == "IE-NFQ 8 → EQF 6 → UK-SCQF 9 | 10"


def test_eqf_as_source_and_country_as_target() -> None:
    result = translate("EQF:6", "IE")
    assert result.target_framework == "IE-NFQ"
    assert [c.level for c in result.candidates] == ["7", "8"]
    assert len(result.chain) == 2


@pytest.mark.parametrize(("target", "framework"), [
    ("UK", "UK-RQF"), ("GB", "UK-RQF"), ("gb-sct", "UK-SCQF"), ("UK-WLS", "UK-CQFW"),
    ("DE", "DE-DQR"), ("http://publications.europa.eu/resource/authority/country/IRL", "IE-NFQ"),
])
def test_target_by_country_code(target: str, framework: str) -> None:
    assert translate("EQF:4", target).target_framework == framework


def test_entry_level_code_forms() -> None:
    for source in ("UK-RQF:Entry 3", "UK-RQF:entry3", "uk-rqf:ENTRY 3"):
        assert translate(source, "EQF").eqf_levels == (1,)


def test_unreferenced_source_level_is_explicit_no_mapping() -> None:
    result = translate("NZ-NZQF:8", "IE-NFQ")
    assert result.outcome == "no_mapping"
    assert result.candidates == ()
    assert result.chain[0].status == "not_referenced" and result.chain[0].to_level is None
    assert "no IE-NFQ equivalent" in result.explanation


def test_no_target_level_for_that_eqf() -> None:
    result = translate("IE-NFQ:1", "NZ-NZQF")  # no NZ level compares to EQF 1
    assert result.outcome == "no_mapping"
    assert result.eqf_levels == (1,)
    assert "no NZ-NZQF level is mapped to EQF 1" in result.explanation


def test_target_outside_the_eqf() -> None:
    result = translate("IE-NFQ:8", "MY-MQF")
    assert result.outcome == "no_mapping"
    assert "ASEAN-AQRF" in result.explanation


def test_target_with_unrecorded_comparison() -> None:
    result = translate("DE-DQR:6", "AU-AQF")
    assert result.outcome == "no_mapping"
    assert "not recorded" in result.explanation


def test_comparison_and_unconfirmed_are_flagged() -> None:
    assert translate("NZ-NZQF:7", "IE-NFQ").outcome == "comparison_only"
    unconfirmed = translate("PL-PQF:6", "DE-DQR")
    assert unconfirmed.outcome == "unconfirmed"
    assert unconfirmed.confidence == "unconfirmed"
    assert "not confirmed" in unconfirmed.explanation
    assert translate("QF-EHEA:first", "EQF").outcome == "unconfirmed"


def test_range_source_and_legacy_levels_never_targets() -> None:
    result = translate("FR-CNCP:I", "DE-DQR")
    assert result.outcome == "mapped_range"
    assert [c.level for c in result.candidates] == ["7", "8"]
    back = translate("DE-DQR:6", "FR-CNCP")
    assert [c.level for c in back.candidates] == ["6"]  # not the former level II


def test_same_framework_is_identity() -> None:
    result = translate("IE-NFQ:8", "IE")
    assert result.outcome == "mapped" and result.chain == ()
    assert [c.level for c in result.candidates] == ["8"]


@pytest.mark.parametrize(("source", "target", "needle"), [
    ("XX-NONE:1", "EQF", "IE-NFQ"),          # lists valid framework ids
    ("IE-NFQ:11", "EQF", "1, 2, 3"),         # lists valid levels
    ("IE-NFQ:8", "Narnia", "DE-DQR"),
    ("IE-NFQ", "EQF", "FRAMEWORK:LEVEL"),
    ("EL:6", "EQF", "country code"),         # no Greek framework in the data
])
def test_bad_input_is_config_error_listing_choices(source: str, target: str, needle: str) -> None:
    with pytest.raises(ConfigError) as exc:
        translate(source, target)
    assert needle in exc.value.one_line()
    assert "\n" not in exc.value.one_line()


def _single_level(fid: str, eqf: int) -> str | None:
    hits = [code for code, (status, e, _) in EXPECTED[fid].items()
            if e == eqf and status in ("referenced", "comparison_only", "unconfirmed")]
    return hits[0] if len(hits) == 1 else None


ROUND_TRIP = [("IE-NFQ", "DE-DQR"), ("UK-SCQF", "AT-NQR"), ("UK-RQF", "SE-SEQF"),
              ("PT-QNQ", "CH-NQF-VPQ"), ("NZ-NZQF", "MT-MQF"), ("FR-CNCP", "EQF")]


@pytest.mark.parametrize(("a", "b"), ROUND_TRIP)
def test_round_trip_where_one_to_one(a: str, b: str) -> None:
    checked = 0
    for code, (_, eqf, _) in EXPECTED[a].items():
        if not isinstance(eqf, int) or _single_level(a, eqf) != code:
            continue
        there = _single_level(b, eqf)
        if there is None:
            continue
        forward = translate(f"{a}:{code}", b)
        assert [c.level for c in forward.candidates] == [there]
        back = translate(f"{b}:{there}", a)
        assert [c.level for c in back.candidates] == [code]
        checked += 1
    assert checked >= 3


_REGISTRY = load_frameworks()
_ALL_LEVELS = [(fw.id, level.code) for fw in _REGISTRY for level in fw.levels]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_ALL_LEVELS), st.sampled_from(_REGISTRY.ids()))
def test_translation_never_invents_a_level(source: tuple[str, str], target: str) -> None:
    fid, code = source
    src_map = _REGISTRY.get(fid).find_level(code)
    assert src_map is not None
    result = translate(f"{fid}:{code}", target)
    tgt = _REGISTRY.get(target)
    if fid != target and fid != "EQF" and not src_map.mapping.eqf_levels:
        assert result.outcome == "no_mapping"
        assert result.candidates == ()
    for cand in result.candidates:
        level = tgt.find_level(cand.level)
        assert level is not None, f"invented level {cand.display()}"
        if fid != target:
            assert set(level.mapping.eqf_levels) & set(result.eqf_levels)
            assert not level.legacy
    if result.outcome == "no_mapping":
        assert result.candidates == ()


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_REGISTRY.ids()), st.text(min_size=1, max_size=12))
def test_random_level_codes_never_produce_a_level(fid: str, code: str) -> None:
    fw = _REGISTRY.get(fid)
    try:
        result = translate(f"{fid}:{code}", "EQF")
    except ConfigError:
        return
    assert fw.find_level(result.source.level) is not None
