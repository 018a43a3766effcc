"""Recognition advice: one case per grade of every criterion, the overall advice, and the
free-text supervision categories. Rules are data (standards/recognition)."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
import yaml

from mcqa.dossier.advice import advise, participation_category, rules, supervision_category
from mcqa.resources import standards_dir

STRONG: dict[str, Any] = {
    "qa.stated": "Programme validation", "qa.internal": "annual review",
    "qa.external": "accreditation", "qa.external_body": "QQI", "qa.review_date": "2024-03-01",
    "qa.results_url": None, "verification.signed": True,
    "verification.signature_method": "jades", "awarding_body.named": "Corrib TU",
    "awarding_body.legal_identifier": "IE-1", "awarding_body.url": "https://x.example",
    "level.stated": "IE-NFQ 8", "level.path": "IE-NFQ 8 → EQF 6", "level.outcome": "mapped",
    "level.outcome_text": "mapped", "level.confidence": "confirmed", "outcomes.count": 4,
    "outcomes.statements": True, "outcomes.esco_linked": 2, "workload.ects": "5 ECTS",
    "workload.hours": "125 hours", "workload.credits": "5 ECTS", "workload.text": "5 ECTS",
    "workload.consistent": True, "assessment.type": "Written exam",
    "assessment.attendance_only": False, "assessment.supervision": "supervised onsite",
    "assessment.supervised": True, "assessment.identity_verified": True,
    "learner.name": "N. Ó Briain", "learner.identifier": "did:example:1",
}

CASES: list[tuple[str, dict[str, Any], str]] = [
    ("quality_assurance", {}, "strong"),
    ("quality_assurance", {"qa.internal": None}, "substantial"),
    ("quality_assurance", {"qa.internal": None, "qa.external": None, "qa.external_body": None},
     "weak"),
    ("quality_assurance", {"qa.stated": None, "qa.internal": None, "qa.external": None,
                           "qa.external_body": None}, "none"),
    ("verification", {}, "strong"),
    ("verification", {"verification.signed": False}, "substantial"),
    ("verification", {"verification.signed": False, "awarding_body.url": None}, "weak"),
    ("verification", {"verification.signed": False, "awarding_body.url": None,
                      "awarding_body.named": None}, "none"),
    ("level", {}, "strong"),
    ("level", {"level.confidence": "secondary"}, "substantial"),
    ("level", {"level.outcome": "comparison_only"}, "weak"),
    ("level", {"level.outcome": "no_mapping", "level.stated": None}, "none"),
    ("learning_outcomes", {}, "strong"),
    ("learning_outcomes", {"outcomes.count": 2}, "substantial"),
    ("learning_outcomes", {"outcomes.statements": False}, "weak"),
    ("learning_outcomes", {"outcomes.count": 0, "outcomes.statements": False}, "none"),
    ("workload", {}, "strong"),
    ("workload", {"workload.consistent": False}, "substantial"),
    ("workload", {"workload.ects": None, "workload.credits": None}, "weak"),
    ("workload", {"workload.ects": None, "workload.credits": None, "workload.hours": None},
     "none"),
    ("assessment", {}, "strong"),
    ("assessment", {"assessment.identity_verified": False}, "substantial"),
    ("assessment", {"assessment.identity_verified": False, "assessment.supervised": False},
     "weak"),
    ("assessment", {"assessment.attendance_only": True}, "none"),
    ("identification", {}, "strong"),
    ("identification", {"assessment.identity_verified": False}, "substantial"),
    ("identification", {"learner.identifier": None}, "weak"),
    ("identification", {"learner.name": None, "learner.identifier": None}, "none"),
]


def test_rules_validate_against_their_schema() -> None:
    root = standards_dir()
    schema = json.loads((root / "schemas" / "recognition.schema.json").read_text())
    data = yaml.safe_load((root / "recognition" / "micro-evaluator.yaml").read_text())
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []
    assert [c["id"] for c in rules()["criteria"]] == [
        "quality_assurance", "verification", "level", "learning_outcomes", "workload",
        "assessment", "identification"]


def test_every_grade_of_every_criterion_has_a_case() -> None:
    covered = {(c, g) for c, _, g in CASES}
    wanted = {(c["id"], g["grade"]) for c in rules()["criteria"] for g in c["grades"]}
    assert covered == wanted


@pytest.mark.parametrize("criterion, change, grade", CASES,
                         ids=[f"{c}-{g}" for c, _, g in CASES])
def test_grade(criterion: str, change: dict[str, Any], grade: str) -> None:
    advice = advise({**STRONG, **change})
    got = next(c for c in advice.criteria if c.id == criterion)
    assert got.grade == grade, got.reason
    assert "{" not in got.reason and got.source.url.startswith("https://www.nuffic.nl/")


def test_overall_advice_in_lisbon_terms() -> None:
    assert advise(STRONG).advice == "recognise"
    weak = advise({**STRONG, "verification.signed": False, "awarding_body.url": None})
    assert weak.advice == "recognise_with_conditions" and weak.conditions == ("Verification",)
    none = advise({**STRONG, "workload.ects": None, "workload.credits": None,
                   "workload.hours": None})
    assert none.advice == "substantial_differences" and none.differences == ("Workload",)
    shown = advise(STRONG, differences=("Level",))
    assert shown.advice == "substantial_differences" and shown.differences == ("Level",)
    asked = advise(STRONG, questions=("Quality assurance",))
    assert asked.advice == "recognise_with_conditions"
    assert {s.url for s in none.sources} >= {
        "https://www.coe.int/en/web/conventions/full-list?module=treaty-detail&treatynum=165"}


@pytest.mark.parametrize("text, category", [
    ("Online assessment, proctored, with photo-ID check",
     "supervised online with identity verification"),
    ("Invigilated exam in the exam hall; passport checked",
     "supervised onsite with identity verification"),
    ("Supervised exam, no identity verification", "supervised with no identity verification"),
    ("Unsupervised online quiz", "unsupervised with no identity verification"),
    ("Prüfung vor Ort unter Aufsicht mit Lichtbildausweis",
     "supervised onsite with identity verification"),
    ("Proctored with ID check", None),  # online or onsite not said: not settled
    ("Multiple choice", None),
])
def test_free_text_supervision_is_read_as_an_annex_i_category(text: str,
                                                              category: str | None) -> None:
    assert supervision_category(text) == category


@pytest.mark.parametrize("text, form", [
    ("Online, self-paced with live webinars", "online"),
    ("Lectures on campus", "onsite"),
    ("Online modules and two days in person", "blended"),
    ("Full-time", None),
])
def test_free_text_participation_is_read_as_an_annex_i_form(text: str, form: str | None) -> None:
    assert participation_category(text) == form
