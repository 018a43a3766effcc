"""Hand-checked values of 27 real samples across ELM, OB 3.0, OB 2.0, CLR and CTDL.

Values were read from the raw JSON by a person (credit points, volumeOfLearning
durations, EQF concept URIs, ESCO alignments), not copied from loader output.
"""

from __future__ import annotations

import pytest

from mcqa.loaders import LoadOptions, load_file
from mcqa.model import CredentialRecord
from mcqa.model.nonanswers import non_answer

from .conftest import CORPUS, slug

ESCO = "http://data.europa.eu/esco/skill/"
# file, records, format, title, first awarding body, issuer countries (Annex I: the awarding
# body's, never the sealer's), ects, hours, eqf,
# learning-outcome count, some ESCO URIs, signature method
CASES = [
    ("elm/elm-support-samples/AA-Annex1-MC-unsigned.json", 1, "elm",
     "Digital micro-credential creation", "Learning Provider", ("IE",), 2.0, 60.0, 6, 2,
     [ESCO + "326809fc-238d-40c2-881e-40042f7f2f0d"], None),
    ("elm/elm-support-samples/AA-Annex1-MC-signed.jsonld", 1, "elm",
     "Digital micro-credential creation", "Learning Provider", ("IE",), 2.0, 60.0, 6, 2,
     [ESCO + "4f5c1208-62fd-4e5a-a51e-306c06947e11"], "jades"),  # sealed in ES, awarded in IE
    ("elm/elm-support-samples/Sample-CertOfPart-unsigned.json", 1, "elm",
     "EDC Updates Webinar", "European Digital Credentials for Learning Support Team", ("BE",),
     None, 2.0, None, 0, [], None),
    ("elm/european-learning-model/samples/Sample-CertOfPart-unsigned-uploadable.json", 1, "elm",
     "EDC Updates Webinar", "European Digital Credentials for Learning Support Team", ("BE",),
     None, 2.0, None, 0, [], None),  # 2 hours: the workload of the claimed LearningActivity
    ("elm/dc4eu-educational-pilot/samples/euhe-microcredential-example-john-doe.json", 1, "elm",
     "Microcredential in Digital Skills", "University of Example", ("ES",), 5.0, None, 5, 0, [],
     None),
    ("elm/dc4eu-educational-pilot/samples/euheds-highereducation-diplomasupplement-john-doe.json",
     1, "elm", "Bachelor of Science in Information Technology", "University of Example",
     ("ES",), 240.0, None, None, 0, [], None),
    ("elm/dc4eu-vc/samples/elm_3_2.json", 4, "elm", "Bachelor Programme in Nursing",
     "The Blue lärosäte", ("SE",), 90.0, None, None, 0, [], None),  # no total: its six courses'
    # creditPoint (7.5 + 15 + 30 + 15 + 7.5 + 15 ECTS, framework labelled "ects")
    ("elm/ebsi-europass-edc-examples/samples/Bengales_highSchoolDiploma.json", 1, "elm",
     "Higher  Education Entrance Qualification - German International ABITUR School",
     "University of Life", ("BE",), 0.0, None, 4, 0, [], None),  # sealer in ES; volume
    # of learning P60D is a calendar length (quoted for review), not 1,440 hours
    ("elm/ebsi-europass-edc-examples/samples/Transcript_of_records_-_generic.json", 1, "elm",
     "TITLE OF PROGRAMME", "University of Life", ("BE",), 1.0, 30.0, None, 0, [], None),
    ("elm/mynextid-credentials/samples/edc-mc-example.json", 1, "elm",
     "Title of your learning achievement", "NETIS d.o.o.", ("SI",), 5.0, 45.0, 6, 0, [], None),
    ("elm/mynextid-credentials/samples/edc-mc-signed.jsonld", 1, "elm",
     "Title of your learning achievement", "NETIS d.o.o.", ("SI",), 5.0, 45.0, 6, 0, [],
     "jades"),  # NETIS is in Slovenia; the sealer (Velocert) in Estonia; the two outcomes
    # are the template's "Example of learning outcome" placeholders
    ("elm/european-digital-credentials/samples/credFlatten.jsonld", 1, "elm",
     "some kind of learning achievement", "some legal name", ("FR",), None, None, None, 0, [],
     None),
    ("openbadges/educredentials-obv3-examples/samples/mbob_zw_ssb_microcredential_full.json", 1,
     "ob3", "Dekbed schudden voor gevorderden", "MBO Beek", ("NL",), None, 240.0, 4, 0, [],
     None),
    ("openbadges/educredentials-obv3-examples/samples/theed_microcredential_full_ho.json", 1,
     "ob3", "Minor: Jedi Mind Control and Advanced Meditation Practices",
     "Naboo Theed University", (), 3.0, None, 4, 0, [], None),  # "XX" names no country
    ("openbadges/educredentials-obv3-examples/samples/uvh_at_microcredential_full_1.json", 1,
     "ob3", "Microcredential Basisomzetting Kat naar Koffiezetapparaat",
     "Universiteit van Harderwijk", ("NL",), 3.0, None, 4, 0, [], None),
    ("openbadges/educredentials-obv3-examples/samples/uvh_at_regular_full.json", 1, "ob3",
     "Diploma Grootmeester Huisdier-Transmutator", "Universiteit van Harderwijk", ("NL",),
     180.0, None, 5, 0, [], None),
    ("openbadges/mynextid-credentials/open-badge-mc-example.json", 1, "ob3",
     "Data Science Fundamentals", "NETIS d.o.o.", (), None, None, None, 2,
     [ESCO + "81a2db2c-7e55-44d0-9cd9-74c25147d7cd", ESCO + "f10142ce-d522-49c3-9fd1-054fb63529d4"],
     None),
    ("openbadges/dcc-vc-test-fixtures/"
     "v2__dataIntegrityProof__didKey__oidf-noStatus-notExpired-complexIssuer.json", 1, "ob3",
     "Bachelors - v2 - complex issuer", "Bestest Ever University", ("CA",), None, None, None, 0,
     [], "embedded-proof"),
    ("openbadges/1edtech-dc-public-validator/ob3/simple.jwt", 1, "ob3",
     "Example University Degree", "Example University", (), None, None, None, 0, [], "jwt"),
    ("openbadges/1edtech-dc-public-validator/ob3/simple-jwt.svg", 1, "ob3", "Teamwork",
     "Example Corp", (), None, None, None, 0, [], "jwt"),
    ("openbadges/1edtech-dc-public-validator/ob3/simple-json.png", 1, "ob3", "Teamwork",
     "Example Corp", (), None, None, None, 0, [], "embedded-proof"),
    ("openbadges/1edtech-dc-public-validator/ob2/basic-assertion.json", 1, "ob2",
     "Awesome Robotics Badge", "An Example Badge Issuer", (), None, None, None, 0, [], None),
    ("openbadges/1edtech-dc-public-validator/ob2/simple-badge.png", 1, "ob2",
     "Awesome Robotics Badge", "An Example Badge Issuer", (), None, None, None, 0, [], None),
    ("clr/1edtech-dc-public-validator/complex.json", 6, "clr",
     "Nurse Assistant 1 Program with Licensure", "Western High School, RSD", (), None, None,
     None, 0, [], "embedded-proof"),
    ("clr/1edtech-dc-public-validator/simple.jwt", 3, "clr", "Example University Degree",
     "Example University", (), None, None, None, 0, [], "jwt"),
    ("ctdl/credentialengine-registry/samples/fixtures__learning_opportunity_profile__3_import.json",
     1, "ctdl", "Certified Radiographic Interpreter (CRI) Seminars", None, (), None, None, None,
     0, [], None),  # P5D is a five-day seminar, not 120 hours of study: hours not stated
    ("ctdl/credentialengine-schema-development/CourseProgramExamples__programWithCourses.json", 6,
     "ctdl", "MS Applied Data Science", "UC Sunnydale", (), None, None, None, 0, [], None),
]


@pytest.mark.parametrize("case", CASES, ids=[slug(c[0]) for c in CASES])
def test_expected_values(case: tuple) -> None:  # type: ignore[type-arg]
    (rel, count, fmt, title, body, countries, ects, hours, eqf, n_lo, esco, sig) = case
    # as when the sample's folder is checked: OB 2.0 badge classes in its sub-folders count
    options = LoadOptions(roots=((CORPUS / rel).parent.absolute(),))
    items = list(load_file(CORPUS / rel, rel, options))
    records = [i for i in items if isinstance(i, CredentialRecord)]
    assert len(records) == count == len(items)
    r = records[0]
    assert r.source_format == fmt
    _assert_text(r, "title", r.title, title)
    _assert_text(r, "awarding_body", r.awarding_body[0].name if r.awarding_body else None, body)
    assert r.issuer_country == countries
    assert (r.workload.ects if r.workload else None) == ects
    assert (r.workload.hours if r.workload else None) == hours
    assert (r.level.eqf if r.level else None) == eqf
    assert len(r.learning_outcomes) == n_lo
    stated = {u for lo in r.learning_outcomes for u in lo.esco_skills}
    assert set(esco) <= stated
    assert r.signature.method == sig and r.signature.signed == (sig is not None)


def _assert_text(r: CredentialRecord, field: str, got: str | None, stated: str | None) -> None:
    """A value the file states is read as written, unless it is a placeholder ("Achievement 1",
    "Title of your learning achievement", "some legal name"): then it is no value, and an
    input issue says so at its field."""
    if stated is not None and non_answer(stated) is not None:
        assert got is None
        assert any(i.path.startswith(field) and "placeholder" in i.message
                   for i in r.input_issues), r.input_issues
    else:
        assert got == stated


def test_clr_children_point_to_the_clr() -> None:
    rel = "clr/1edtech-dc-public-validator/simple.json"
    records = [i for i in load_file(CORPUS / rel, rel) if isinstance(i, CredentialRecord)]
    # "Achievement 1" and "Achievement 2" are the fixture's placeholders, not titles
    assert [r.title for r in records] == ["Teamwork", None, None]
    assert {r.parent_id for r in records} == {"http://example.edu/credentials/3732"}
    assert records[0].record_id == "http://example.com/credentials/3527"


def test_ob2_unresolved_badge_class_is_recorded(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "a.json").write_text(
        '{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "urn:a",'
        ' "recipient": {"type": "email", "identity": "x@example.org", "hashed": false},'
        ' "badge": "https://badges.example.org/b.json", "issuedOn": "2024-01-01"}')
    (record,) = load_file(folder / "a.json", "a.json")
    assert isinstance(record, CredentialRecord)
    assert record.extensions["unresolved.badge_class"] == "https://badges.example.org/b.json"
    assert record.title is None and record.provenance["title"].present is False


def test_ob2_edubadges_extensions(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "badge.json").write_text("""{
      "@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass",
      "id": "https://e.example/bc/1", "name": "Circular Economy", "criteria": "https://e.example/c",
      "issuer": {"id": "https://e.example/i", "type": "Issuer", "name": "Uni X"},
      "alignment": [{"targetName": "manage waste", "targetUrl": "http://data.europa.eu/esco/skill/abc"}],
      "extensions:ECTSExtension": {"type": ["Extension", "extensions:ECTSExtension"], "ECTS": 2.5},
      "extensions:EQFExtension": {"type": ["Extension", "extensions:EQFExtension"], "EQF": 6},
      "extensions:StudyLoadExtension": {"StudyLoad": 70},
      "extensions:LearningOutcomeExtension": {"LearningOutcome": "Explain loops.\\nDesign a plan."},
      "extensions:InstitutionCountryExtension": {"InstitutionCountry": "NL"}
    }""")
    (r,) = load_file(folder / "badge.json", "badge.json")
    assert isinstance(r, CredentialRecord)
    assert r.workload is not None and (r.workload.ects, r.workload.hours) == (2.5, 70.0)
    assert r.level is not None and r.level.eqf == 6
    assert [lo.text for lo in r.learning_outcomes] == ["Explain loops.", "Design a plan.",
                                                     "manage waste"]
    assert r.learning_outcomes[2].esco_skills == ("http://data.europa.eu/esco/skill/abc",)
    assert r.issuer_country == ("NL",)
    assert r.provenance["workload.ects"].locator == "/extensions:ECTSExtension/ECTS"
