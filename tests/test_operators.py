"""Unit tests of each operator in the registry, independent of any pack."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from mcqa.engine import Context, evaluate_expr
from mcqa.engine.operators import OPERATORS, normalise_country
from tests.conftest import AS_OF, make_record

CTX = Context(as_of=AS_OF)
REC = make_record()


def ok(expr: dict[str, Any], patch: dict[str, Any] | None = None) -> bool:
    rec = make_record(patch) if patch else REC
    return evaluate_expr(expr, rec, CTX).ok


def test_registry_entries_have_docs_and_schemas() -> None:
    for name, op in OPERATORS.items():
        assert op.doc, name
        jsonschema.Draft202012Validator.check_schema(op.args)


def test_present() -> None:
    assert ok({"op": "present", "path": "title"})
    assert not ok({"op": "present", "path": "title"}, {"title": None})
    assert not ok({"op": "present", "path": "title"}, {"title": "   "})
    assert not ok({"op": "present", "path": "learning_outcomes"}, {"learning_outcomes": []})


def test_wildcard_all_and_any() -> None:
    patch = {"learning_outcomes": ["Short", "A much longer learning outcome statement here"]}
    assert not ok({"op": "min_length", "path": "learning_outcomes[*].text", "words": 3}, patch)
    assert ok({"op": "min_length", "path": "learning_outcomes[*].text", "words": 3,
               "quantifier": "any"}, patch)
    assert not ok({"op": "present", "path": "learning_outcomes[*].text"}, {"learning_outcomes": []})


def test_one_of_case_insensitive_and_lists() -> None:
    assert ok({"op": "one_of", "path": "participation_form", "values": ["Blended"]})
    assert not ok({"op": "one_of", "path": "participation_form", "values": ["Blended"],
                   "case_sensitive": True})
    assert ok({"op": "one_of", "path": "issuer_country", "values": ["ie"]})


@pytest.mark.parametrize(("args", "value", "expect"), [
    ({"min": 1, "max": 8}, 8, True), ({"min": 1, "max": 8}, 9, False),
    ({"min": 0, "exclusive_min": True}, 0, False), ({"max": 10, "exclusive_max": True}, 10, False),
    ({"min": 0}, "5", False), ({"min": 0}, True, False),
])
def test_range(args: dict[str, Any], value: Any, expect: bool) -> None:
    rec = REC.model_copy(update={"extensions": {"x": value}})
    assert evaluate_expr({"op": "range", "path": "extensions.x", **args}, rec, CTX).ok is expect


def test_matches_and_search() -> None:
    assert ok({"op": "matches", "path": "isced_f", "pattern": "[0-9]{4}"})
    assert not ok({"op": "matches", "path": "isced_f", "pattern": "[0-9]{2}"})
    assert ok({"op": "matches", "path": "title", "pattern": "Python", "search": True})


def test_count() -> None:
    assert ok({"op": "count", "path": "learning_outcomes", "min": 3, "max": 3})
    assert not ok({"op": "count", "path": "learning_outcomes", "min": 4})


@pytest.mark.parametrize(("value", "args", "expect"), [
    ("2025-06-30", {}, True), ("2025-02-29", {}, False), ("2024-02-29", {}, True),
    ("30/06/2025", {}, False), ("2026-01-02", {"not_future": True}, False),
    ("2026-01-01", {"not_future": True}, True), ("2024-01-01", {"max_age_days": 365}, False),
    ("2019-01-01", {"not_before": "2020-01-01"}, False),
])
def test_date(value: str, args: dict[str, Any], expect: bool) -> None:
    assert ok({"op": "date", "path": "issue_date", **args}, {"issue_date": value}) is expect


@pytest.mark.parametrize(("code", "expect"), [
    ("IE", "IE"), ("ie", "IE"), ("EL", "GR"), ("GR", "GR"), ("UK", "GB"), ("GBR", "GB"),
    ("http://publications.europa.eu/resource/authority/country/IRL", "IE"),
    ("XX", None), ("Ireland", None), ("https://example.org/country/IRL", None), ("", None),
])
def test_country_normalisation(code: str, expect: str | None) -> None:
    assert normalise_country(code) == expect


def test_url() -> None:
    assert ok({"op": "url", "path": "further_info"})
    assert not ok({"op": "url", "path": "further_info"}, {"further_info": "javascript:alert(1)"})
    assert not ok({"op": "url", "path": "further_info"}, {"further_info": "www.example.org"})


def test_ratio() -> None:
    expr = {"op": "ratio", "path": "workload.hours", "denominator": "workload.ects",
            "min": 25, "max": 30}
    assert ok(expr)
    assert not ok(expr, {"workload": {"hours": 500}})
    assert not ok(expr, {"workload": {"ects": 0}})


def test_signed() -> None:
    assert not ok({"op": "signed"})
    signed = REC.model_copy(update={"signature": REC.signature.model_copy(
        update={"signed": True, "method": "jws"})})
    assert evaluate_expr({"op": "signed"}, signed, CTX).ok


def test_signature_verified() -> None:
    def sig(**update: object) -> object:
        return REC.model_copy(update={"signature": REC.signature.model_copy(update={
            "signed": True, "method": "sd-jwt", **update})})

    none = evaluate_expr({"op": "signature_verified"}, sig(), CTX)  # type: ignore[arg-type]
    assert none.unverifiable and not none.ok and none.evidence and "--trust" in none.evidence
    yes = evaluate_expr({"op": "signature_verified"}, sig(verified=True,  # type: ignore[arg-type]
                        verification="verified: key k from keys/k.jwk"), CTX)
    assert yes.ok and not yes.unverifiable and "keys/k.jwk" in yes.observed
    no = evaluate_expr({"op": "signature_verified"}, sig(verified=False,  # type: ignore[arg-type]
                       verification="not verified: no key in keys verifies it"), CTX)
    assert not no.ok and not no.unverifiable and "no key" in no.observed


def test_combinators() -> None:
    t, f = {"op": "present", "path": "title"}, {"op": "present", "path": "nothing_here"}
    assert ok({"all_of": [t, t]}) and not ok({"all_of": [t, f]})
    assert ok({"any_of": [f, t]}) and not ok({"any_of": [f, f]})
    assert ok({"not": f}) and not ok({"not": t})
