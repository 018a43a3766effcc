"""SD-JWT VC presentations: detection, mapping per vct with disclosure provenance, the
withheld/missing distinction, and the serialisations (fixtures made by
scripts/make_sdjwt_fixtures.py with the reference implementation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcqa.loaders import SourceDocument, detect
from mcqa.model import CredentialRecord, InputProblem, Skipped
from tests.sdjwt.conftest import SD, load


def record(name: str, trust: bool = False) -> CredentialRecord:
    (item,) = load(SD / name, trust)
    assert isinstance(item, CredentialRecord), item
    return item


@pytest.mark.parametrize("name", [*sorted(p.name for p in SD.glob("*.txt")),
                                  "webuild-complete.json", "vp-token.json"])
def test_detected_from_content(name: str) -> None:
    assert detect(SourceDocument(SD / name)).name == "sd-jwt-vc"


def test_webuild_complete_maps_every_annex1_element_with_its_disclosure() -> None:
    rec = record("webuild-complete.txt")
    assert rec.source_format == "sd-jwt-vc" and rec.record_id == "EXU-MC-2026-0193"
    assert rec.title == "Responsible Use of Learning Analytics"
    assert rec.learner is not None and rec.learner.name == "Maija Virtanen"
    assert rec.issuer_country == ("FI",)
    assert rec.awarding_body[0].name == "Example University of Applied Sciences"
    assert rec.issue_date == "2026-06-12"
    assert len(rec.learning_outcomes) == 3
    assert rec.workload is not None and rec.workload.ects == 4
    assert rec.level is not None and rec.level.eqf == 6
    assert rec.assessment_type == "project-assessment"
    assert rec.participation_form == "online"
    assert rec.quality_assurance is not None
    assert rec.stackability is not None and rec.stackability.towards == "MSc Educational Technology"
    assert rec.withheld == ("further_info",) or "further_info" in rec.withheld
    title = rec.provenance["title"].locator
    assert title.startswith("disclosure ") and title.endswith(" at /title")
    assert rec.provenance["issue_date"].locator.endswith(" at /issuanceDate")
    assert rec.extensions["webuild.attestation_legal_category"] == "non-qualified-EAA"
    assert rec.extensions["sdjwt.key_binding"] == "sd_hash matches the presentation"
    assert rec.signature.signed and rec.signature.verified is None
    assert "not verified" in (rec.signature.verification or "")


def test_withheld_claims_are_withheld_at_the_payload_digests_not_missing() -> None:
    rec = record("wallet-presentation.txt")
    for element in ("assessment_type", "quality_assurance", "level"):
        assert element in rec.withheld
        assert rec.element_value(element) in (None, ())
        assert rec.provenance[f"withheld.{element}"].locator == "JWT payload/_sd"
    assert "extensions.webuild.given_name" in rec.withheld
    assert rec.learner is not None and rec.learner.name == "Virtanen"  # family name disclosed


def test_claims_absent_without_digests_are_missing() -> None:
    rec = record("webuild-gaps.txt")  # issued without decoys, everything disclosed
    assert rec.withheld == ()
    assert rec.participation_form is None and rec.level is None
    assert rec.provenance["participation_form"].present is False
    assert rec.provenance["participation_form"].locator == "JWT payload/formOfParticipation"
    assert "webuild.attestation_legal_category" not in rec.extensions


def test_nested_and_array_disclosures() -> None:
    rec = record("webuild-nested.txt")
    assert rec.workload is not None and rec.workload.ects == 4
    value = rec.provenance["workload.ects"].locator
    assert value.startswith("disclosure ") and value.endswith(" at /notionalWorkload/value")
    assert [o.text for o in rec.learning_outcomes] == [
        "Explains the data-protection duties that apply to learning analytics",
        "Evaluates an analytics project for bias against student groups"]
    assert rec.provenance["learning_outcomes.1.text"].locator.endswith(" at /learningOutcomes/1")
    assert rec.quality_assurance is not None
    assert rec.extensions["webuild.accreditation.type"] == "institutional-accreditation"


def test_json_serialisation_reads_like_the_compact_one() -> None:
    compact, flat = record("webuild-complete.txt"), record("webuild-complete.json")
    assert flat.extensions["sdjwt.serialisation"] == "json"
    fields = ("title", "learner", "learning_outcomes", "workload", "level", "withheld")
    assert [getattr(compact, f) for f in fields] == [getattr(flat, f) for f in fields]


def test_eudi_learning_credential_follows_its_type_metadata() -> None:
    rec = record("eudi-learning-complete.txt")
    assert rec.title == "Applied Machine Learning for Public Services"
    assert rec.learner is not None and rec.learner.identifier == "EA-2026-77031"
    assert rec.level is not None and rec.level.eqf == 6
    assert rec.workload is not None and rec.workload.hours == 150
    assert rec.valid_until == "2036-06-10"
    # the type has no claim for these Annex I elements: missing, never withheld
    for element in ("assessment_type", "participation_form"):
        assert element not in rec.withheld
        assert "has no claim for this element" in rec.provenance[element].locator
    withheld = record("eudi-learning-withheld.txt")
    assert {"workload", "level", "quality_assurance"} <= set(withheld.withheld)
    assert withheld.learner is not None and withheld.learner.name == "Schmidt"
    # achievement_title is 'sd: never' in the type metadata: it cannot be withheld
    assert withheld.title == rec.title


def test_dc4eu_micro_credential_uses_the_open_badges_mapping() -> None:
    rec = record("dc4eu-micro-credential.txt")
    assert rec.title == "Heat Pump Installation and Commissioning"
    assert rec.workload is not None and rec.workload.ects == 3
    assert rec.issuer_country == ("NL",)
    assert rec.learner is None and "learner" in rec.withheld  # the holder withheld the name
    assert rec.provenance["withheld.learner"].locator == "JWT payload/credentialSubject/_sd"


def test_dc4eu_elm_uses_the_elm_mapping_with_nested_language_map_disclosures() -> None:
    rec = record("dc4eu-elm.txt")
    assert rec.learner is not None and rec.learner.name == "Aoife Byrne"
    assert rec.title == "Cloud Security Operations"
    assert rec.level is not None and rec.level.eqf == 6
    assert rec.participation_form == "online"
    assert rec.awarding_body[0].name == "Example Higher Education Institute"
    name = rec.provenance["awarding_body.0.name"].locator
    assert name.startswith("disclosure ") and name.endswith("/legalName/en")
    assert rec.withheld == ()  # issued without decoys: absent elements are missing


def test_vp_token_gives_one_item_per_presentation_and_skips_the_pid() -> None:
    items = load(SD / "vp-token.json")
    assert len(items) == 2
    mc, pid = items
    assert isinstance(mc, CredentialRecord) and isinstance(pid, Skipped)
    assert mc.provenance["title"].locator.startswith("/micro_credential/0: disclosure ")
    assert "person identification data" in pid.reason and pid.locator == "/pid/0"


def test_several_presentations_in_one_text_file(tmp_path: Path) -> None:
    lines = [(SD / n).read_text().strip() for n in ("webuild-complete.txt", "pid.txt",
                                                     "eudi-learning-complete.txt")]
    path = tmp_path / "batch.txt"
    path.write_text("\n".join([*lines, "not-a-presentation~"]) + "\n")
    items = load(path)
    assert [type(i).__name__ for i in items] == ["CredentialRecord", "Skipped",
                                                  "CredentialRecord", "InputProblem"]
    assert isinstance(items[3], InputProblem) and items[3].locator.startswith("line 4: ")
    rec = items[2]
    assert isinstance(rec, CredentialRecord)
    assert rec.provenance["title"].locator == "line 3: JWT payload/achievement_title"


def test_unknown_vct_is_an_input_error_naming_the_supported_types(tmp_path: Path) -> None:
    from tests.sdjwt.conftest import parts, sign, unb64

    p = parts("pid.txt")
    header, payload = unb64(p[0].split(".")[0]), unb64(p[0].split(".")[1])
    payload["vct"] = "urn:example:unknown:1"
    text = "~".join([sign(header, payload), *p[1:-1], ""])
    (item,) = load(_write(tmp_path, text))
    assert isinstance(item, InputProblem)
    assert "urn:example:unknown:1" in item.message and "VerifiableMicroCredential" in item.message


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.txt"
    path.write_text(text)
    return path


def test_reconstruction_matches_the_reference_implementation() -> None:
    """Every fixture's claims equal what the IETF reference verifier rebuilds."""
    import json

    from jwcrypto.jwk import JWK
    from sd_jwt.verifier import SDJWTVerifier

    from mcqa.loaders.sdjwt import decode_presentations

    issuer = JWK.from_json((SD / "keys" / "issuer.jwk").read_text())
    for name in ("webuild-complete.txt", "wallet-presentation.txt", "webuild-nested.txt",
                 "eudi-learning-withheld.txt", "dc4eu-elm.txt", "webuild-gaps.txt"):
        text = (SD / name).read_text().strip()
        ours = [d for _, d in decode_presentations(SourceDocument(SD / name))]
        reference = SDJWTVerifier(text, lambda iss, header: issuer, expected_aud=None,
                                  expected_nonce=None).get_verified_payload()
        reference.pop("_sd_alg", None)
        got = ours[0].rebuilt.claims  # type: ignore[union-attr]
        assert json.dumps(got, sort_keys=True) == json.dumps(reference, sort_keys=True), name
