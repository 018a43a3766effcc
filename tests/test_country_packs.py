"""--country: which national packs a record gets, and how the choice is reported."""

from __future__ import annotations

import pytest

from mcqa.engine import Context, evaluate, record_countries
from mcqa.errors import ConfigError
from mcqa.packs import country_code, country_packs, national_packs, resolve_packs
from tests.conftest import AS_OF, make_record

AUTO = resolve_packs(["eu-2022"], country="auto")


def _packs_run(patch: dict[str, object]) -> tuple[set[str], dict[str, object]]:
    findings = evaluate(make_record(patch), AUTO, Context(as_of=AS_OF))
    note = next(f for f in findings if f.rule_id == "MCQA-COUNTRY")
    return {f.pack_id for f in findings} - {"mcqa"}, note.model_dump(mode="json")


@pytest.mark.parametrize(("value", "code"), [
    ("ES", "ES"), ("esp", "ES"), ("UK", "GB"), ("GB-SCT", "GB"), ("EL", "GR"),
    ("http://publications.europa.eu/resource/authority/country/NLD", "NL"),
    ("EU", None), ("European MOOC Consortium", None), ("", None),
])
def test_country_code_spellings(value: str, code: str | None) -> None:
    assert country_code(value) == code


def test_national_packs_are_the_single_country_jurisdictions() -> None:
    nat = national_packs()
    assert nat["es-rd822"] == nat["es-vet-grado-a"] == "ES" and nat["uk-qaa"] == "GB"
    assert not {"eu-2022", "etf-2022", "esco", "emc-cmf"} & set(nat)
    assert country_packs("NL") == ["nl-hbo-wo-mc"] and country_packs("DE") == []
    assert country_packs(None) == [] and country_packs("EU") == []


def test_awarding_body_country_decides() -> None:
    packs, note = _packs_run({"issuer_country": "IE", "awarding_body": {"country": "ES"}})
    assert packs == {"eu-2022", "es-rd822", "es-vet-grado-a"}
    assert note["status"] == "pass" and note["observed"] == "ES"
    assert note["message"].startswith("Awarding body in ES")


def test_issuer_country_stands_in_when_no_awarding_body_states_one() -> None:
    packs, note = _packs_run({"issuer_country": "AT", "awarding_body": {"country": None}})
    assert packs == {"eu-2022", "at-mc"}
    assert note["message"].startswith("Issuer in AT") and note["element"] == "issuer_country"


def test_joint_award_gets_both_countries_packs() -> None:
    bodies = [{"name": "Universidad del Duero", "country": "ES"},
              {"name": "Hogeschool Zuiderzee", "country": "NL"}]
    packs, note = _packs_run({"awarding_body": bodies})
    assert {"es-rd822", "nl-hbo-wo-mc"} <= packs
    assert note["observed"] == "ES, NL"


def test_no_national_pack_or_no_country_is_not_applicable() -> None:
    packs, note = _packs_run({"issuer_country": "DE", "awarding_body": {"country": "DE"}})
    assert packs == {"eu-2022"} and note["status"] == "not_applicable"
    packs, note = _packs_run({"issuer_country": None, "awarding_body": {"country": None}})
    assert packs == {"eu-2022"} and note["status"] == "not_applicable"
    assert "No country is stated" in note["message"]


def test_without_country_option_nothing_is_scoped_or_added() -> None:
    plain = resolve_packs(["eu-2022"])
    assert plain.scopes == () and plain.reasons == ()
    findings = evaluate(make_record({"awarding_body": {"country": "ES"}}), plain,
                        Context(as_of=AS_OF))
    assert {f.pack_id for f in findings} == {"eu-2022"}


def test_reasons_name_requested_extended_and_country_packs() -> None:
    fixed = resolve_packs(["etf-2022"], country="es")
    assert fixed.reason("etf-2022") == "requested"
    assert fixed.reason("eu-2022") == "extended by etf-2022"
    assert fixed.reason("es-rd822") == "--country ES"
    assert fixed.scopes == ()
    assert AUTO.reason("eu-2022") == "requested"
    assert AUTO.reason("fi-fineec") == "--country auto: records awarded in FI"
    assert AUTO.scope_of("fi-fineec") == frozenset({"FI"}) and AUTO.scope_of("eu-2022") is None


def test_auto_scopes_a_base_pack_the_run_lacked() -> None:
    rs = resolve_packs(["nz-nzqa"], country="auto")
    scope = rs.scope_of("eu-2022")
    assert scope is not None and {"ES", "NL", "IE", "FI", "AT", "EE", "FR"} <= scope
    assert "NZ" not in scope and rs.scope_of("nz-nzqa") is None
    assert rs.reason("eu-2022").startswith("extended by ")
    # an NZ record is still judged by nz-nzqa alone
    findings = evaluate(make_record({"issuer_country": "NZ", "awarding_body": {"country": "NZ"}}),
                        rs, Context(as_of=AS_OF))
    assert {f.pack_id for f in findings} == {"nz-nzqa", "mcqa"}


def test_a_requested_national_pack_applies_to_every_record() -> None:
    rs = resolve_packs(["es-rd822"], country="auto")
    assert rs.scope_of("es-rd822") is None and rs.reason("es-rd822") == "requested"


def test_unknown_country_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not a country code"):
        resolve_packs(["eu-2022"], country="Spain")


def test_record_countries_ignores_unreadable_values() -> None:
    rec = make_record({"awarding_body": {"country": "??"}, "issuer_country": "IE"})
    assert record_countries(rec) == (frozenset({"IE"}), "issuer_country")
