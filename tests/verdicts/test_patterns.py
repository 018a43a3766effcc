"""One regression test per pattern of false verdicts found on real credentials (issue 13),
each on a real file of ../shared/corpus or a minimal edit of one.

1 prose only · 2 structured fields mcqa did not read · 3 identified but not named ·
4 placeholders and non-answers · 5 kinds of record · 6 issuer country vs sealer ·
7 frameworks named in text · 8 (SHACL base IRI) is in tests/loaders/test_check_shapes.py.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from mcqa.api import check
from mcqa.loaders import load_file
from mcqa.model import CredentialRecord
from mcqa.model.report import RecordResult

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
AS_OF = date(2026, 6, 30)


def _results(*rels: str | Path) -> list[RecordResult]:
    paths = [p if isinstance(p, Path) else CORPUS / p for p in rels]
    return list(check(paths, ["eu-2022"], as_of=AS_OF, use_default_esco=False).records)


def _status(res: RecordResult, rule: str) -> tuple[str, str | None]:
    f = next(f for f in res.findings if f.rule_id == rule)
    return f.status.value, f.observed


def _record(rel: str | Path, *, first: bool = False) -> CredentialRecord:
    """The one record of a file (``first``: the first of several)."""
    path = rel if isinstance(rel, Path) else CORPUS / rel
    items = [i for i in load_file(path, str(rel)) if isinstance(i, CredentialRecord)]
    assert len(items) == 1 or (first and items), items
    return items[0]


def _edited(tmp_path: Path, rel: str, edit: Any, name: str = "edited.json") -> Path:
    data = json.loads((CORPUS / rel).read_text(encoding="utf-8"))
    edit(data)
    out = tmp_path / name
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


# --- 1. stated only as free text: review, never "missing" --------------------------------
def test_1_outcomes_and_assessment_in_prose_need_review_not_missing() -> None:
    (res,) = _results("openbadges/ob3-spec-examples-json/Basic_OpenBadgeCredential.json")
    status, quote = _status(res, "EU-AI-M06")
    assert status == "review" and quote and "capacity to collaborate" in quote
    status, quote = _status(res, "EU-AI-M09")
    assert status == "review" and quote and "review by Example Corp management" in quote


def test_1_free_text_duration_is_a_workload_to_confirm() -> None:
    rel = "ctdl/credentialengine-ingest-examples/LearningProgram__1__LearningProgram-1-graph.json"
    res = next(r for r in _results(rel) if r.record_id.endswith("LearningProgram-1.json"))
    status, quote = _status(res, "EU-AI-M07")
    assert status == "review" and quote and "hours of student commitment" in quote


def test_1_endorsement_by_an_accrediting_body_names_the_endorser() -> None:
    (res,) = _results("openbadges/ob3-spec-examples-json/Complete_OpenBadgeCredential.json")
    status, quote = _status(res, "EU-AI-M11")
    assert status == "review" and quote and "Endorsed by Example Accrediting Agency" in quote


def test_1_a_completion_statement_or_a_placeholder_is_not_asked_about() -> None:
    from mcqa.loaders.prose import prose_elements

    assert prose_elements("Successfully completed all modules.", describes=True) == ()
    assert prose_elements("Lorem ipsum dolor sit amet, consectetur adipiscing", describes=True) \
        == ()
    assert "learning_outcomes" in prose_elements(
        "This badge recognizes the development of the capacity to collaborate within a group "
        "environment.", describes=True)


# --- 2. structured fields that were not read -----------------------------------------------
def test_2_sibling_learning_activity_gives_the_workload() -> None:
    rec = _record("elm/mynextid-credentials/samples/edc-cps-example.json")
    assert rec.workload is not None and rec.workload.hours == 100.0
    assert rec.provenance["workload.hours"].locator.endswith("/hasClaim/workload")


def test_2_evidence_accreditation_is_external_quality_assurance() -> None:
    rec = _record("elm/european-digital-credentials/samples/credential_shouldValidate.jsonld")
    qa = rec.quality_assurance
    assert qa is not None and qa.external == "accreditation"
    assert "/evidence" in rec.provenance["quality_assurance"].locator


def test_2_non_esco_competency_alignment_is_a_learning_outcome() -> None:
    rec = _record("openbadges/ob3-spec-examples-json/Achievement_Alignment.json")
    assert [lo.text[:21] for lo in rec.learning_outcomes] == ["Cite strong and thoro"]
    assert rec.learning_outcomes[0].other_skills[0].startswith("https://caseregistry")


def test_2_nested_ctdl_target_assessment(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["ceterms:requires"] = [{
            "@type": "ceterms:ConditionProfile",
            "ceterms:targetAssessment": [{
                "@type": "ceterms:AssessmentProfile",
                "ceterms:name": {"en-US": "Final examination"},
                "ceterms:assessmentMethodDescription": {
                    "en-US": "A proctored written examination of three hours."}}]}]

    path = _edited(tmp_path, "ctdl/credentialengine-ingest-examples/Credential__1__Credential-1"
                             ".json", edit)
    rec = _record(path)
    assert rec.assessment_type == "A proctored written examination of three hours."


def test_2_older_address_key_and_country_names(tmp_path: Path) -> None:
    rel = "openbadges/educredentials-obv3-examples/samples/mbob_eo_eov_microcredential_full.json"

    def edit(data: dict[str, Any]) -> None:
        address = data["issuer"]["address"]
        address.pop("addressCountryCode")
        address.pop("addressCountry")
        address["country"] = "Japan"

    rec = _record(_edited(tmp_path, rel, edit))
    assert rec.issuer_country == ("JP",)
    assert rec.provenance["issuer_country"].locator == "/issuer/address/country"


# --- 3. identified but not named -------------------------------------------------------------
def test_3_hosted_ob2_issuer_is_identified_not_missing() -> None:
    (res,) = _results("openbadges/1edtech-dc-public-validator/ob2/rdf-validation/"
                      "valid-badge-class.json")
    assert _status(res, "EU-AI-M04")[0] == "pass"
    assert _status(res, "EU-AI-M04a")[0] == "fail"  # warning: identified, not named


def test_3_did_issuer_named_from_the_profile_next_to_the_credential(tmp_path: Path) -> None:
    rel = "openbadges/ob3-spec-examples-json/Basic_OpenBadgeCredential.json"
    did = "did:web:university.example"

    def edit(data: dict[str, Any]) -> None:
        data["issuer"] = did

    path = _edited(tmp_path, rel, edit, "credential.json")
    alone = _record(path)
    assert alone.awarding_body[0].identifier == did and alone.awarding_body[0].name is None
    (tmp_path / "issuer.json").write_text(json.dumps(
        {"id": did, "type": "Profile", "name": "University of Example",
         "address": {"addressCountryCode": "NL"}}), encoding="utf-8")
    from mcqa.loaders.ob2 import _neighbour_index

    _neighbour_index.cache_clear()
    named = _record(path)
    assert named.awarding_body[0].name == "University of Example"
    assert named.issuer_country == ("NL",)
    assert named.provenance["awarding_body"].locator.startswith("issuer.json#")


# --- 4. placeholders and non-answers ---------------------------------------------------------
@pytest.mark.parametrize(("rel", "field", "why"), [
    ("elm/dc4eu-educational-pilot/samples/euhe-microcredential-example-john-doe.json",
     "participation_form", "not a form of participation"),
    ("elm/ebsi-europass-edc-examples/samples/DigiComp_Generic.json", "assessment_type",
     "not a type of assessment"),
    ("elm/european-digital-credentials/samples/cred1.jsonld", "awarding_body",
     "placeholder"),
    ("clr/1edtech-dc-public-validator/simple-noproof.json", "title", "placeholder"),
])
def test_4_placeholders_are_not_values(rel: str, field: str, why: str) -> None:
    items = [i for i in load_file(CORPUS / rel, rel) if isinstance(i, CredentialRecord)]
    issues = [i for r in items for i in r.input_issues if i.path.startswith(field)]
    assert issues and why in issues[0].message, [i.message for r in items for i in r.input_issues]


def test_4_opaque_codes_give_way_to_a_stated_type() -> None:
    rec = _record("elm/european-digital-credentials/samples/credential_shouldValidate.jsonld")
    assert rec.assessment_type == "written exam"  # urn:assesmentType:1 and :2 are no types


# --- 5. kinds of record ----------------------------------------------------------------------
def test_5_programme_descriptions_are_specifications() -> None:
    for rel in ("ctdl/credentialengine-ingest-examples/Credential__1__Credential-1.json",
                "openbadges/1edtech-dc-public-validator/ob2/assets/robotics-badge.json"):
        (res,) = _results(rel)
        assert res.record_kind == "specification"
        assert _status(res, "EU-AI-M01")[0] == "not_applicable"
        assert _status(res, "EU-AI-M05")[0] == "not_applicable"


def test_5_documents_that_are_not_micro_credentials_are_skipped_and_counted() -> None:
    rels = ["openbadges/ob3-spec-examples-json/EndorsementCredential.json",
            "openbadges/1edtech-dc-public-validator/ob2/assets/issuer1.json",
            "ctdl/credentialengine-ingest-examples/Organization__1__Organization-1.json",
            "openbadges/1edtech-openbadges-specification/ob3/context/context.json",
            "openbadges/mynextid-credentials/open-badge-mc.schema.json"]
    results = _results(*rels)
    assert len(results) == len(rels)
    for res in results:
        assert res.outcome == "skipped" and res.input_error is None and not res.findings
        assert res.skipped and res.skipped.startswith("not a micro-credential: ")


def test_5_corpus_folder_gives_no_input_error_for_reference_documents() -> None:
    report = check([CORPUS / "vc-contexts", CORPUS / "ctdl"], ["eu-2022"], as_of=AS_OF,
                   use_default_esco=False)
    errors = [r for r in report.records if r.outcome == "input_error"]
    # only files that are broken as published (invalid JSON) remain unreadable
    assert all("invalid JSON" in (r.input_error or "") for r in errors), [
        r.input_error for r in errors]
    assert report.summary.skipped > 10


# --- 6. issuer country is the awarding body's ----------------------------------------------
@pytest.mark.parametrize(("unsigned", "signed"), [
    ("elm/elm-support-samples/AA-Annex1-MC-unsigned.json",
     "elm/elm-support-samples/AA-Annex1-MC-signed.jsonld"),
    ("elm/elm-support-samples/Sample-CertOfPart-unsigned.json",
     "elm/elm-support-samples/Sample-CertOfPart-signed.jsonld"),
    ("elm/mynextid-credentials/samples/edc-mc-example.json",
     "elm/mynextid-credentials/samples/edc-mc-signed.jsonld"),
    ("elm/dc4eu-educational-pilot/samples/euhe-microcredential-example-john-doe.json",
     "elm/dc4eu-educational-pilot/samples/euhe-microcredential-signed-john-doe.json"),
])
def test_6_signed_and_unsigned_copies_give_the_same_annex_i_values(unsigned: str,
                                                                   signed: str) -> None:
    from mcqa.model import ELEMENTS

    a, b = _record(unsigned), _record(signed)
    # each pair was issued twice (seconds apart, once with a misspelt learner name): what
    # belongs to the issuance may differ, what describes the micro-credential may not
    per_issue = {"learner", "issue_date"}
    assert {e: a.element_value(e) for e in ELEMENTS if e not in per_issue} == {
        e: b.element_value(e) for e in ELEMENTS if e not in per_issue}
    assert a.issuer_country == b.issuer_country


def test_6_sealer_in_another_country_is_an_info_finding() -> None:
    (res,) = _results("elm/elm-support-samples/AA-Annex1-MC-signed.jsonld")
    rec = _record("elm/elm-support-samples/AA-Annex1-MC-signed.jsonld")
    assert rec.issuer_country == ("IE",) and rec.extensions["sealer.country"] == "ES"
    f = next(f for f in res.findings if f.rule_id == "EU-AI-M03b")
    assert f.status.value == "fail" and f.severity.value == "info"


# --- 7. frameworks named in text -------------------------------------------------------------
def test_7_framework_named_in_a_level_label() -> None:
    rec = _record("elm/elm-support-samples/AA-Annex1-MC-unsigned.json")  # "IE NQF Level 6"
    assert rec.level is not None and (rec.level.framework, rec.level.nqf) == ("IE-NFQ", "6")


def test_7_framework_named_in_the_title(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["credentialSubject"]["achievement"]["name"] = "SeQF Level 7 course in AI ethics"

    rec = _record(_edited(tmp_path, "openbadges/ob3-spec-examples-json/"
                                    "Basic_OpenBadgeCredential.json", edit))
    assert rec.level is not None and (rec.level.framework, rec.level.nqf) == ("SE-SEQF", "7")
    assert rec.provenance["level"].locator == rec.provenance["title"].locator


@pytest.mark.parametrize(("text", "country", "expected"), [
    ("RQF Level 6", None, ("UK-RQF", "6", None)),
    ("NFQ level 8", None, ("IE-NFQ", "8", None)),
    ("EQF-Niveau 6", None, (None, None, 6)),
    ("niveau RNCP 6", None, ("FR-CNCP", "6", None)),
    ("PRK 6", None, ("PL-PQF", "6", None)),
    ("QNQ 4", "PT", ("PT-QNQ", "4", None)),
    ("QNQ 4", None, (None, "4", None)),
])
def test_7_level_texts(text: str, country: str | None, expected: tuple[Any, ...]) -> None:
    from mcqa.frameworks.names import parse_level_text

    got = parse_level_text(text, country)
    assert got is not None and (got.framework, got.level, got.eqf) == expected


def test_7_level_text_patterns_are_linear() -> None:
    import time

    from mcqa.frameworks.names import parse_level_text

    start = time.perf_counter()
    parse_level_text("eqf" + " " * 100_000 + "x")
    parse_level_text("NFQ " + "level " * 20_000)
    assert time.perf_counter() - start < 1.0


def test_3_linked_badge_class_not_read_is_unverifiable_never_missing() -> None:
    """An OB 2.0 assertion checked alone: its BadgeClass sits in a sub-folder, which mcqa
    does not read unless that folder is named (issue 14). The elements the BadgeClass holds
    are then unknown: unverifiable with the evidence to ask for, never "missing"."""
    rel = "openbadges/1edtech-dc-public-validator/ob2/basic-assertion.json"
    (alone,) = _results(rel)
    status, _ = _status(alone, "EU-AI-M02")
    f = next(f for f in alone.findings if f.rule_id == "EU-AI-M02")
    assert status == "unverifiable" and f.evidence_request and "BadgeClass" in f.evidence_request
    assert alone.outcome != "gaps" or all(
        f.rule_id not in ("EU-AI-M02", "EU-AI-M04", "EU-AI-M06") for f in alone.findings
        if f.status.value == "fail")
    from mcqa.loaders import LoadOptions

    folder = (CORPUS / rel).parent.absolute()
    (named,) = check([CORPUS / rel], ["eu-2022"], as_of=AS_OF, use_default_esco=False,
                     options=LoadOptions(roots=(folder,))).records
    assert _status(named, "EU-AI-M02")[0] == "pass"  # the folder was named: assets/ is read


# --- 9. a calendar length is not a workload (CTDL estimatedDuration) ----------------------
LOP_SEEDS = "ctdl/credentialengine-registry/samples/seeds__learning_opportunity_profile.json"
LOP_CRI = "ctdl/credentialengine-registry/samples/fixtures__learning_opportunity_profile__3_import.json"


def test_9_ctdl_duration_in_days_or_weeks_is_review_not_hours() -> None:
    """P2W (a two-week workshop) and P5D (a five-day seminar) were read as 336 and 120
    hours of study: the time to complete, not the hours; an auditor confirms them."""
    by_id = {r.record_id: r for r in _results(LOP_SEEDS)}
    res = next(r for r in by_id.values() if r.title == "Evaluating Your Course Design")
    status, quote = _status(res, "EU-AI-M07")
    assert status == "review" and quote and "P2W" in quote
    (res,) = _results(LOP_CRI)
    assert _status(res, "EU-AI-M07")[0] == "review"
    assert _record(LOP_CRI).workload is not None and _record(LOP_CRI).workload.hours is None


def test_9_ctdl_duration_in_hours_is_a_workload(tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["ceterms:estimatedDuration"][0]["ceterms:exactDuration"] = "PT40H"
    path = _edited(tmp_path, LOP_CRI, edit)
    rec = _record(path)
    assert rec.workload is not None and rec.workload.hours == 40.0
    (res,) = _results(path)
    assert _status(res, "EU-AI-M07")[0] == "pass"


# --- 10. an assessment named after the unit it assesses states no type (ELM) ---------------
def test_10_assessment_title_naming_the_subject_is_review_not_a_type() -> None:
    """'Overall Qualification Q+A' (parts: 'History semester 3', ...) passed as a type."""
    (res,) = _results("elm/ebsi-europass-edc-examples/samples/Bengales_highSchoolDiploma.json")
    status, quote = _status(res, "EU-AI-M09")
    assert status == "review" and quote and "Overall Qualification" in quote


def test_10_assessment_title_naming_a_method_is_a_type() -> None:
    """Of 30 assessed units named after their course, one is 'Skriftlig tentamen'."""
    rec = _record("elm/dc4eu-vc/samples/elm_3_2.json", first=True)
    assert rec.assessment_type is not None and "tentamen" in rec.assessment_type
    assert _record("elm/dc4eu-educational-pilot/samples/euhe-microcredential-example-john-doe.json"
                   ).assessment_type == "Digital Competency Exam"


# --- 11. credits stated per part of a transcript (ELM hasPart) -----------------------------
ELM_LADOK = "elm/dc4eu-vc/samples/elm_3_2.json"


def test_11_part_credits_are_the_workload_not_missing() -> None:
    rec = _record(ELM_LADOK, first=True)
    assert rec.workload is not None and rec.workload.ects == 90.0
    res = _results(ELM_LADOK)[0]
    assert _status(res, "EU-AI-M07")[0] == "pass"


def test_11_part_credits_in_different_systems_are_not_summed(tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        part = d["elm"]["credentialSubject"]["hasClaim"][0]["hasPart"][0]
        part["specifiedBy"]["creditPoint"]["framework"]["prefLabel"] = {"en": "Swedish credits"}
        part["creditReceived"]["framework"]["prefLabel"] = {"en": "Swedish credits"}
    rec = _record(_edited(tmp_path, ELM_LADOK, edit), first=True)
    assert rec.workload is None or rec.workload.credit_amount is None


# --- 12. a volume of learning in days is a calendar length, not 24 hours a day (ELM) -------
BENGALES = "elm/ebsi-europass-edc-examples/samples/Bengales_highSchoolDiploma.json"


def test_12_volume_of_learning_in_days_is_review_not_hours() -> None:
    """/credentialSubject/hasClaim/0/specifiedBy/volumeOfLearning "P60D" was read as
    1,440 hours of study; with its 0 ECTS it is quoted for an auditor to confirm."""
    rec = _record(BENGALES)
    assert rec.workload is not None and rec.workload.hours is None
    (res,) = _results(BENGALES)
    status, quote = _status(res, "EU-AI-M07")
    assert status == "review" and quote and "P60D" in quote


def test_12_volume_of_learning_in_hours_is_a_workload(tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["credentialSubject"]["hasClaim"][0]["specifiedBy"]["volumeOfLearning"] = "PT60H"
    rec = _record(_edited(tmp_path, BENGALES, edit))
    assert rec.workload is not None and rec.workload.hours == 60.0


def test_12_no_loader_converts_days_or_years_to_hours() -> None:
    from mcqa.loaders._common import calendar_days, duration_hours

    assert duration_hours("PT40H") == 40.0 and duration_hours("PT90M") == 1.5
    assert duration_hours("P2DT12H") == 60.0  # ELM's normalised hours (EC Annex I sample)
    for text in ("P60D", "P2W", "P5D", "P1Y", "P9M", "P1YT2H"):
        assert duration_hours(text) is None, text
    assert calendar_days("P60D") and calendar_days("P2W")
    assert not calendar_days("P2Y") and not calendar_days("P2DT12H")


# --- 13. a workload stated as 0 is no workload ---------------------------------------------
def test_13_zero_credits_are_not_a_stated_workload(tmp_path: Path) -> None:
    """/credentialSubject/hasClaim/0/specifiedBy/creditPoint/0/point "0": EU-AI-M07
    passed on it; now it does not, and an input issue says it is stated as 0."""
    def edit(d: dict[str, Any]) -> None:
        del d["credentialSubject"]["hasClaim"][0]["specifiedBy"]["volumeOfLearning"]
    (res,) = _results(_edited(tmp_path, BENGALES, edit))
    assert _status(res, "EU-AI-M07")[0] == "fail"
    assert _status(res, "EU-AI-M07b")[0] == "fail"  # zero or negative ECTS, still judged
    notes = [f.message for f in res.findings if f.rule_id == "MCQA-INPUT"]
    assert any("stated as 0" in n and "0 ECTS" in n for n in notes), notes

    def credits(d: dict[str, Any]) -> None:
        edit(d)
        d["credentialSubject"]["hasClaim"][0]["specifiedBy"]["creditPoint"][0]["point"] = "5"
    (res,) = _results(_edited(tmp_path, BENGALES, credits))
    assert _status(res, "EU-AI-M07")[0] == "pass"
    assert not any("stated as 0" in (f.message or "") for f in res.findings)


# --- 14. an accreditation's placeholder title and body are not QA evidence (ELM) ---------
NO_LEGAL_NAME = "elm/european-digital-credentials/samples/cred_noLegalName_shouldFail.jsonld"


def test_14_placeholder_accrediting_body_is_noted_not_read() -> None:
    """/evidence/0/accreditation: title "Title title title title title", accrediting agent
    legalName "some legal name", dcType "Program License". The type is real (the labelled
    set counts it as QA, as for credential_shouldValidate); the body is not: it is no
    longer read as the accrediting body, and is reported as a placeholder."""
    rec = _record(NO_LEGAL_NAME)
    assert rec.quality_assurance is not None
    assert rec.quality_assurance.description == "Program License"
    assert rec.quality_assurance.external_body is None
    (res,) = _results(NO_LEGAL_NAME)
    assert _status(res, "EU-AI-M11")[0] == "pass"
    assert any(f.rule_id == "MCQA-INPUT" and "'some legal name' does not state quality"
               in (f.message or "") for f in res.findings)


def test_14_accreditation_of_placeholders_only_is_no_qa(tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        del d["evidence"][0]["accreditation"]["dcType"]
    (res,) = _results(_edited(tmp_path, NO_LEGAL_NAME, edit, "edited.jsonld"))
    assert _status(res, "EU-AI-M11")[0] != "pass"

    def real_body(d: dict[str, Any]) -> None:
        edit(d)
        d["evidence"][0]["accreditation"]["accreditingAgent"]["legalName"] = {
            "en": "Agencia Nacional de Evaluación"}
    rec = _record(_edited(tmp_path, NO_LEGAL_NAME, real_body, "edited.jsonld"))
    assert rec.quality_assurance is not None
    assert rec.quality_assurance.external_body == "Agencia Nacional de Evaluación"


# --- 15. a plain verifiable credential awards no learning: skipped, not an input error ---
DCC = "openbadges/dcc-vc-test-fixtures/"
PLAIN_VCS = (DCC + "v1__dataIntegrityProof__didKey__legacyRegistry-noStatus-noExpiry-oldDCCExample.json",
             DCC + "v2__dataIntegrityProof__didKey__legacyRegistry-noStatus-noExpiry-minimal.json")


@pytest.mark.parametrize("rel", PLAIN_VCS)
def test_15_plain_verifiable_credential_is_skipped_with_a_note(rel: str) -> None:
    from mcqa.model import Skipped

    items = list(load_file(CORPUS / rel, rel))
    assert len(items) == 1 and isinstance(items[0], Skipped), items
    assert "no achievement or learning" in items[0].reason
    report = check([CORPUS / rel], ["eu-2022"], as_of=AS_OF, use_default_esco=False)
    assert report.summary.skipped == 1 and report.summary.input_errors == 0


def test_15_a_subject_with_an_achievement_is_not_skipped(tmp_path: Path) -> None:
    from mcqa.model import Skipped

    def edit(d: dict[str, Any]) -> None:
        d["credentialSubject"]["achievement"] = {"name": "Trail riding"}
    items = list(load_file(_edited(tmp_path, PLAIN_VCS[1], edit), "edited.json"))
    assert not any(isinstance(i, Skipped) for i in items)


# --- 16. QDR XML uploads: accreditations skipped, learning opportunities named -----------
def test_16_qdr_uploads_are_told_apart() -> None:
    """ams.xml (accreditations) is not a micro-credential: skipped. loq.xml holds learning
    opportunities and qualifications, possibly micro-credentials in a syntax mcqa does not
    read: an input problem that says what it is and how to get it read, never skipped."""
    from mcqa.model import InputProblem, Skipped

    (ams,) = load_file(CORPUS / "elm/european-learning-model/qdr/ams.xml")
    assert isinstance(ams, Skipped)
    (loq,) = load_file(CORPUS / "elm/european-learning-model/qdr/loq.xml")
    assert isinstance(loq, InputProblem)
    assert "learning opportunities and qualifications" in loq.message
    assert "ELM JSON-LD" in loq.message


# --- 17. several achievements at the top level of one ELM credential ----------------------
def test_17_each_top_level_achievement_is_a_record() -> None:
    """/elm/credentialSubject/hasClaim/0..3 (Ladok transcript): four programmes of the same
    learner, each with its own specification and credits, were one record from the first
    claim; each is now a record of its own, the credential its parent."""
    recs = [i for i in load_file(CORPUS / ELM_LADOK, ELM_LADOK)
            if isinstance(i, CredentialRecord)]
    assert [r.record_id.rsplit("#", 1)[1] for r in recs] == [f"claim-{n}" for n in range(4)]
    assert len({r.parent_id for r in recs}) == 1 and recs[0].parent_id is not None
    assert [r.title for r in recs] == ["Bachelor Programme in Nursing",
                                       "Bachelor Programme in Social Work",
                                       "Bachelor's Programme in Business Administration",
                                       "Political Science I"]
    for n, rec in enumerate(recs):
        assert f"/hasClaim/{n}" in rec.provenance["title"].locator
        assert rec.learner is not None and rec.learner == recs[0].learner
    assert [r.workload.ects if r.workload else None for r in recs] == [90.0, 30.0, 7.5, 30.0]


def test_17_one_achievement_beside_activities_is_one_record() -> None:
    """A LearningActivity or assessment claimed beside one achievement supports it."""
    rel = "elm/european-digital-credentials/samples/credential_shouldValidate.jsonld"
    rec = _record(rel)
    assert "#claim-" not in rec.record_id and rec.parent_id is None
