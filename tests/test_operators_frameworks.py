"""Unit tests of the framework and credit-system operators, independent of any pack."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from mcqa.engine import Context, evaluate_expr
from mcqa.engine.operators import OPERATORS, Outcome
from tests.conftest import AS_OF, make_record

CTX = Context(as_of=AS_OF)
NEW_OPS = ["nqf_eqf_consistent", "nqf_level_exists", "workload_consistent", "workload_in_range",
           "excludes_words"]


def run(expr: dict[str, Any], patch: dict[str, Any] | None = None) -> Outcome:
    return evaluate_expr(expr, make_record(patch), CTX)


def level(framework: Any, nqf: Any, eqf: Any = None) -> dict[str, Any]:
    """Patch replacing the base record's level entirely."""
    return {"level": {"framework": framework, "nqf": nqf, "eqf": eqf, "qf_ehea_cycle": None}}


def workload(**kw: Any) -> dict[str, Any]:
    """Patch replacing the base record's workload entirely (unset keys removed)."""
    base: dict[str, Any] = {"ects": None, "hours": None, "credit_system": None,
                            "credit_amount": None}
    base.update(kw)
    return {"workload": base}


@pytest.mark.parametrize("name", NEW_OPS)
def test_registered_with_doc_and_valid_schema(name: str) -> None:
    op = OPERATORS[name]
    assert op.doc
    jsonschema.Draft202012Validator.check_schema(op.args)


def test_schemas_reject_bad_args() -> None:
    bad = [
        {"op": "workload_in_range", "min": 1},                          # unit required
        {"op": "workload_in_range", "unit": "NZ", "mode": "inside"},
        {"op": "workload_in_range", "unit": "ECTS", "max": 15, "exclusive_max": "yes"},
        {"op": "nqf_eqf_consistent", "on_unknown": "maybe"},
        {"op": "nqf_eqf_consistent", "confidence": ["sure"]},
        {"op": "workload_consistent", "tolerance": 2},
        {"op": "excludes_words", "path": "title", "words": []},
        {"op": "nqf_level_exists", "path": "level.nqf"},                # needs no path
    ]
    for args in bad:
        validator = jsonschema.Draft202012Validator(OPERATORS[args["op"]].args)
        assert list(validator.iter_errors(args)), args


# ------------------------------------------------------------------ nqf_level_exists
def test_level_exists_known_framework_and_level() -> None:
    out = run({"op": "nqf_level_exists"})
    assert out.ok and "IE-NFQ level 8" in out.observed


def test_level_exists_accepts_codes_written_differently() -> None:
    assert run({"op": "nqf_level_exists"}, level("uk-rqf", "entry3")).ok
    assert run({"op": "nqf_level_exists"}, level("IE-NFQ", "Level 8")).ok


@pytest.mark.parametrize(("patch", "why"), [
    (level("ACME-ACADEMY", "advanced"), "unknown framework 'ACME-ACADEMY'"),
    (level("IE-NFQ", "11"), "IE-NFQ has no level '11'"),
    (level(None, "8"), "no framework stated"),
    (level("IE-NFQ", None), "no level stated"),
    ({"level": None}, "no framework stated"),
])
def test_level_exists_fails_with_reason(patch: dict[str, Any], why: str) -> None:
    out = run({"op": "nqf_level_exists"}, patch)
    assert not out.ok and why in out.observed


def test_level_exists_restricted_to_frameworks() -> None:
    expr = {"op": "nqf_level_exists", "frameworks": ["NZ-NZQF"]}
    assert not run(expr).ok
    assert run(expr, level("NZ-NZQF", "10")).ok
    assert not run(expr, level("NZ-NZQF", "11")).ok


# ------------------------------------------------------------------ nqf_eqf_consistent
def test_consistent_nfq8_eqf6() -> None:
    out = run({"op": "nqf_eqf_consistent"})
    assert out.ok and "IE-NFQ 8 -> EQF 6" in out.observed and "confirmed" in out.observed


def test_inconsistent_nfq8_eqf7_names_mapping_and_source() -> None:
    out = run({"op": "nqf_eqf_consistent"}, level("IE-NFQ", "8", 7))
    assert not out.ok and out.path == "level.eqf"
    assert "stated EQF 7 disagrees" in out.observed and "EQF 6" in out.observed


def test_unlevelled_level_admits_no_eqf_claim() -> None:
    # NZQCF 8 was left unlevelled by the NZ-EU comparison: no EQF level may be claimed.
    assert not run({"op": "nqf_eqf_consistent"}, level("NZ-NZQF", "8", 6)).ok
    assert run({"op": "nqf_eqf_consistent"}, level("NZ-NZQF", "7", 6)).ok
    assert not run({"op": "nqf_eqf_consistent"}, level("UK-SCQF", "1", 1)).ok


def test_unknown_mapping_passes_unless_asked_to_fail() -> None:
    patch = level("AU-AQF", "7", 6)
    out = run({"op": "nqf_eqf_consistent"}, patch)
    assert out.ok and "mapping unknown" in out.observed
    assert not run({"op": "nqf_eqf_consistent", "on_unknown": "fail"}, patch).ok


def test_confidence_filter_splits_rules() -> None:
    # PL-PQF one-to-one is unconfirmed: a confirmed-only rule notes it, an unconfirmed rule fails.
    patch = level("PL-PQF", "6", 5)
    out = run({"op": "nqf_eqf_consistent", "confidence": ["confirmed", "secondary"]}, patch)
    assert out.ok and "not judged" in out.observed
    assert not run({"op": "nqf_eqf_consistent", "confidence": ["unconfirmed"]}, patch).ok
    # A confirmed disagreement is not excused by an unconfirmed-only rule.
    out = run({"op": "nqf_eqf_consistent", "confidence": ["unconfirmed"]}, level("IE-NFQ", "8", 7))
    assert out.ok


@pytest.mark.parametrize("patch", [
    level("NOPE", "8", 6), level("IE-NFQ", "99", 6), level("IE-NFQ", "8", None),
    level(None, None, 6), {"level": None},
])
def test_consistency_never_raises_on_odd_records(patch: dict[str, Any]) -> None:
    assert not run({"op": "nqf_eqf_consistent"}, patch).ok


# ------------------------------------------------------------------ workload_consistent
def test_consistent_base_ects_hours() -> None:
    out = run({"op": "workload_consistent"})
    assert out.ok and "10 ECTS = 250-300 h" in out.observed


@pytest.mark.parametrize(("patch", "ok"), [
    (workload(hours=600, credit_system="NZ", credit_amount=60), True),
    (workload(hours=400, credit_system="NZ", credit_amount=60), False),
    (workload(hours=200, credit_system="UK", credit_amount=20, ects=10), True),
    (workload(hours=200, credit_system="UK", credit_amount=20, ects=20), False),
    (workload(hours=120, credit_system="hours", credit_amount=120), True),
    (workload(ects=10, credit_system="ECTS", credit_amount=5), False),
    (workload(ects=4, hours=250), False),
    (workload(ects=10, hours=250, credit_system="ECTS", credit_amount=10), True),
    (workload(ects=10, hours=400, credit_system="ECTS", credit_amount=10), False),
    (workload(hours=100, credit_system="MQF", credit_amount=2.5), True),
])
def test_workload_pairs(patch: dict[str, Any], ok: bool) -> None:
    assert run({"op": "workload_consistent"}, patch).ok is ok


def test_tolerance_widens_bounds() -> None:
    patch = workload(ects=10, hours=320)  # 6.7 % above 300 h
    assert not run({"op": "workload_consistent"}, patch).ok
    assert run({"op": "workload_consistent", "tolerance": 0.1}, patch).ok


@pytest.mark.parametrize(("patch", "why"), [
    (workload(hours=100, credit_system="GALACTIC", credit_amount=4), "unknown credit system"),
    (workload(hours=100), "nothing to compare"),
    ({"workload": None}, "no workload"),
])
def test_workload_consistent_fails_with_reason(patch: dict[str, Any], why: str) -> None:
    out = run({"op": "workload_consistent"}, patch)
    assert not out.ok and why in out.observed


# ------------------------------------------------------------------ workload_in_range
def test_in_range_direct_unit() -> None:
    nz = workload(hours=600, credit_system="NZ", credit_amount=60)
    out = run({"op": "workload_in_range", "unit": "NZ", "min": 1, "max": 40}, nz)
    assert not out.ok and out.path == "workload.credit_amount" and "60 NZ" in out.observed
    assert run({"op": "workload_in_range", "unit": "NZ", "min": 1, "max": 60}, nz).ok


def test_in_range_converts_hours_to_national_credits() -> None:
    out = run({"op": "workload_in_range", "unit": "NZ", "max": 40}, workload(hours=600))
    assert not out.ok and "from 600 HOURS" in out.observed
    assert run({"op": "workload_in_range", "unit": "NZ", "max": 40}, workload(hours=300)).ok


def test_in_range_overlap_versus_within() -> None:
    # 100 h = 3.33-4 ECTS: touches CMF's 4-6 ECTS, but is not wholly inside it.
    patch = workload(hours=100)
    assert run({"op": "workload_in_range", "unit": "ECTS", "min": 4, "max": 6}, patch).ok
    assert not run({"op": "workload_in_range", "unit": "ECTS", "min": 4, "max": 6,
                    "mode": "within"}, patch).ok


@pytest.mark.parametrize(("ects", "ok"), [(14.5, True), (15, False), (16, False)])
def test_in_range_exclusive_max_is_strict(ects: float, ok: bool) -> None:
    """Spain's "menos de 15 ECTS": 15 itself is outside, and the note shows the open bound."""
    patch = workload(ects=ects, hours=None, credit_system=None, credit_amount=None)
    out = run({"op": "workload_in_range", "unit": "ECTS", "max": 15, "exclusive_max": True},
              patch)
    assert out.ok is ok and "allowed [, 15)" in out.observed
    assert run({"op": "workload_in_range", "unit": "ECTS", "max": 15}, patch).ok is (ects <= 15)


def test_in_range_exclusive_min_is_strict() -> None:
    patch = workload(ects=3, hours=None, credit_system=None, credit_amount=None)
    out = run({"op": "workload_in_range", "unit": "ECTS", "min": 3, "exclusive_min": True},
              patch)
    assert not out.ok and "allowed (3, ]" in out.observed
    assert run({"op": "workload_in_range", "unit": "ECTS", "min": 3}, patch).ok


def test_in_range_exclusive_bound_with_converted_range() -> None:
    # 375 h = 12.5-15 ECTS: it may be under 15 (overlap passes), but not surely (within fails).
    patch = workload(hours=375, ects=None, credit_system=None, credit_amount=None)
    rule = {"op": "workload_in_range", "unit": "ECTS", "max": 15, "exclusive_max": True}
    assert run(rule, patch).ok
    assert not run({**rule, "mode": "within"}, patch).ok


def test_in_range_prefers_figure_stated_in_unit() -> None:
    out = run({"op": "workload_in_range", "unit": "hours", "min": 100, "max": 150})
    assert not out.ok and out.path == "workload.hours" and "250 HOURS" in out.observed


def test_in_range_uk_equivalence() -> None:
    # The stated equivalence (2 UK credits = 1 ECTS) is used, not the hours route.
    patch = workload(credit_system="UK", credit_amount=15)
    out = run({"op": "workload_in_range", "unit": "ECTS", "min": 4, "max": 6}, patch)
    assert not out.ok and "7.5 ECTS (from 15 UK)" in out.observed
    assert run({"op": "workload_in_range", "unit": "UK", "min": 10, "max": 15}, patch).ok


@pytest.mark.parametrize("patch", [
    {"workload": None}, workload(), workload(credit_system="X", credit_amount=3),
    workload(hours=-5),
])
def test_in_range_never_raises(patch: dict[str, Any]) -> None:
    assert not run({"op": "workload_in_range", "unit": "ECTS", "min": 1}, patch).ok


def test_in_range_unknown_rule_unit_is_a_failure_not_an_exception() -> None:
    assert not run({"op": "workload_in_range", "unit": "parsecs", "min": 1}).ok


# ------------------------------------------------------------------ excludes_words
WORDS = ["New Zealand", "national", "diploma", "degree", "under-graduate", "post-graduate"]


@pytest.mark.parametrize(("title", "ok"), [
    ("Solar Photovoltaic System Installation", True),
    ("National Certificate in Solar Installation", False),
    ("Postgraduate Solar Design", False),
    ("Post graduate Solar Design", False),
    ("New Zealand Solar Skills", False),
    ("International Solar Standards", True),   # 'national' inside a word is fine
    ("Degreeless Solar Basics", True),
])
def test_excludes_words(title: str, ok: bool) -> None:
    out = run({"op": "excludes_words", "path": "title", "words": WORDS}, {"title": title})
    assert out.ok is ok, out.observed


def test_excludes_words_names_the_word_and_fails_on_missing_text() -> None:
    out = run({"op": "excludes_words", "path": "title", "words": WORDS},
              {"title": "Diploma of Solar"})
    assert "'Diploma'" in out.observed
    assert not run({"op": "excludes_words", "path": "title", "words": WORDS}, {"title": None}).ok
