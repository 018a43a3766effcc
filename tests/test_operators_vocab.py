"""Unit tests of the vocabulary operators: in_vocabulary and action_statement."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from mcqa.engine import Context, evaluate_expr
from mcqa.engine.operators import OPERATORS
from mcqa.errors import PackError
from mcqa.packs import load_pack_file
from tests.conftest import AS_OF, make_record

CTX = Context(as_of=AS_OF)

FORMS = {"op": "in_vocabulary", "path": "participation_form", "vocabulary": "participation-forms",
         "entries": ["online", "onsite", "blended", "hybrid", "work-based"], "parts": "joiners"}
ATTENDANCE = {"op": "in_vocabulary", "path": "assessment_type", "vocabulary": "assessment-types",
              "entries": ["attendance-only"]}
EXTERNAL = {"op": "in_vocabulary", "path": "quality_assurance.description",
            "vocabulary": "quality-assurance", "entries": ["external", "external-body"],
            "search": True, "unless": ["negation"]}
STATEMENT = {"op": "action_statement", "path": "learning_outcomes[*].text",
             "vocabulary": "outcome-statements"}


def run(expr: dict[str, Any], patch: dict[str, Any]) -> tuple[bool, Any]:
    out = evaluate_expr(expr, make_record(patch), CTX)
    return out.ok, out.observed


@pytest.mark.parametrize(("value", "observed"), [
    ("Präsenz", "Präsenz → onsite"), ("en ligne", "en ligne → online"),
    ("semipresencial", "semipresencial → blended"), ("hybride", "hybride → hybrid"),
    ("online (self-paced)", "online (self-paced) → online"),
    ("Online / Präsenz", "Online / Präsenz → online + onsite"),
    ("stacjonarnie i online", "stacjonarnie i online → onsite + online"),
    ("W miejscu pracy", "W miejscu pracy → work-based"),
])
def test_in_vocabulary_whole_values_in_any_language(value: str, observed: str) -> None:
    assert run(FORMS, {"participation_form": value}) == (True, observed)


@pytest.mark.parametrize("value", ["evenings at the campus", "online / evenings", "Montag"])
def test_in_vocabulary_unknown_values_fail(value: str) -> None:
    assert run(FORMS, {"participation_form": value}) == (False, value)


SCHEDULED = {**FORMS, "parts": ["joiners", "schedule"]}


@pytest.mark.parametrize(("value", "observed"), [
    ("Vollzeit in Präsenz", "Vollzeit in Präsenz → onsite"),
    ("Fully online, asynchronous", "Fully online, asynchronous → online"),
    ("online / evenings", "online / evenings → online"),
    ("à temps partiel en présentiel", "à temps partiel en présentiel → onsite"),
])
def test_in_vocabulary_schedule_words_next_to_a_form(value: str, observed: str) -> None:
    """Words saying when (full-time, evenings) leave the form they qualify."""
    assert run(SCHEDULED, {"participation_form": value}) == (True, observed)


@pytest.mark.parametrize("value", ["berufsbegleitend (abends)", "Part-time day", "Vollzeit"])
def test_in_vocabulary_schedule_words_alone_state_no_form(value: str) -> None:
    assert run(SCHEDULED, {"participation_form": value})[0] is False


def test_in_vocabulary_entries_restrict_the_terms() -> None:
    assert run(ATTENDANCE, {"assessment_type": "Teilnahme"})[0]
    assert not run(ATTENDANCE, {"assessment_type": "Klausur"})[0]
    assert not run(ATTENDANCE, {"assessment_type": "Teilnahme und Klausur"})[0]


@pytest.mark.parametrize(("text", "ok", "quoted"), [
    ("Internal programme approval; external review by the national QA agency", True,
     "“external review by the national QA agency”"),
    ("Interne Evaluation. Akkreditiert durch ACQUIN (2023)", True,
     "“Akkreditiert durch ACQUIN (2023)”"),
    ("Évaluation interne ; certification Qualiopi", True, "“certification Qualiopi”"),
    ("Interne Qualitätssicherung; keine externe Akkreditierung", False, None),
    ("Programme validated under the institution's QA procedures", False, None),
    ("Systemakkreditierte Hochschule; interne Evaluation", True,
     "“Systemakkreditierte Hochschule”"),
])
def test_in_vocabulary_search_quotes_the_part(text: str, ok: bool, quoted: str | None) -> None:
    found, observed = run(EXTERNAL, {"quality_assurance": {"description": text}})
    assert found is ok
    assert observed == (quoted if ok else text)


@pytest.mark.parametrize(("outcome", "ok"), [
    ("Implement a warehouse layout", True), ("Warehouse layout", False),
    ("Design a warehouse layout", True), ("Web design", False),
    ("Lagerlayouts planen", True), ("Lagerlogistik", False),
    ("Les participants sauront dimensionner un entrepôt", True),
    ("Gestión de almacenes", False), ("Gestiona un almacén", True),
    ("Progettare un magazzino", True), ("Magazzini", False),
    ("Past de normen toe", True), ("Magazijnbeheer", False),
    ("zna zasady BHP", True), ("Zasady BHP", False),
])
def test_action_statement_decides_by_form_not_length(outcome: str, ok: bool) -> None:
    assert run(STATEMENT, {"learning_outcomes": [{"text": outcome}]})[0] is ok


@pytest.mark.parametrize(("lang", "outcome", "ok"), [
    ("es", "depurar código", True), ("es", "Depuración de código", False),
    ("nl", "data opschonen", True), ("nl", "Oplossingen en toepassingen", False),
    ("de", "Messreihen auswerten", True), ("de", "Methoden und Anwendungen", False),
    ("pl", "tworzyć tabele przestawne", True), ("pl", "Jakość danych", False),
    ("it", "saldare tubi in acciaio", True), ("fr", "Souder des tubes", True),
    ("fr", "Culture numérique", False),
    ("en", "Quantify risk", True), ("en", "Water management", False),
])
def test_action_statement_reads_verb_endings_in_the_record_s_language(
        lang: str, outcome: str, ok: bool) -> None:
    """Verbs the lists lack are known by their infinitive ending in the record's language
    (first word, or last for German and Dutch); noun endings cancel it."""
    assert run(STATEMENT, {"learning_outcomes": [{"text": outcome}], "language": lang})[0] is ok


def test_verb_endings_need_the_record_s_language() -> None:
    """Without a language, "depurar código" has no listed verb: English nouns end in -ar and
    -er too, so the ending is not read."""
    assert run(STATEMENT, {"learning_outcomes": [{"text": "depurar código"}]})[0] is False


def test_action_statement_on_every_outcome() -> None:
    patch = {"learning_outcomes": [{"text": "Analyse data"}, {"text": "Python"}]}
    assert run(STATEMENT, patch) == (False, "Python")
    assert run({**STATEMENT, "quantifier": "any"}, patch)[0]


def test_unknown_entries_are_refused_when_the_pack_loads(tmp_path: Path) -> None:
    pack = tmp_path / "p.yaml"
    pack.write_text("""
pack: {id: p, version: 1.0.0, title: Test pack, jurisdiction: EU,
       source: {document: Test document, url: "https://example.org", date: "2025"}}
rules:
  - id: P-01
    name: p.forms
    severity: info
    citation: {document: Test document, locator: here}
    check: {op: in_vocabulary, path: participation_form, vocabulary: participation-forms,
            entries: [online, offline]}
    message: Form unknown.
    remedy: Use a known form.
""", encoding="utf-8")
    with pytest.raises(PackError, match="has no entry 'offline'"):
        load_pack_file(pack)
    assert OPERATORS["in_vocabulary"].validate is not None


@pytest.mark.parametrize("expr", [FORMS, ATTENDANCE, EXTERNAL])
def test_vocabulary_operators_are_linear_on_long_values(expr: dict[str, Any]) -> None:
    for text in ("a" * 100_000, "online " * 15_000, "; " * 50_000, "(" * 100_000 + "x",
                 "keine " * 20_000):
        patch = {"participation_form": text, "assessment_type": text,
                 "quality_assurance": {"description": text}}
        started = time.perf_counter()
        run(expr, patch)
        assert time.perf_counter() - started < 2.0


def test_action_statement_is_linear_on_long_outcomes() -> None:
    started = time.perf_counter()
    run(STATEMENT, {"learning_outcomes": [{"text": "warehouse " * 10_000}]})
    assert time.perf_counter() - started < 2.0
