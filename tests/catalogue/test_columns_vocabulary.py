"""Column names are data (standards/vocabularies/catalogue-columns.yaml): every entry is a
target the loader knows, names do not collide, and a column may feed several fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcqa.loaders.columns import TARGETS, ColumnMapping, recognise, synonyms
from mcqa.vocab import vocabulary

from .conftest import records, run_loader


def test_every_entry_is_a_known_target() -> None:
    entries = vocabulary("catalogue-columns").entries
    assert set(entries) <= TARGETS
    assert len(synonyms()) > 1000


@pytest.mark.parametrize(("header", "target"), [
    ("Titolo del corso", "title"), ("Ente erogatore", "provider.name"),
    ("Crediti ECTS", "workload.ects"), ("CFU", "workload.ects"), ("Monte ore", "workload.hours"),
    ("Livello EQF", "level.eqf"), ("Modalità di erogazione", "participation_form"),
    ("Risultati di apprendimento", "learning_outcomes"), ("Data di rilascio", "issue_date"),
    ("Nazwa kursu", "title"), ("Organizator", "provider.name"), ("Punkty ECTS", "workload.ects"),
    ("Liczba godzin", "workload.hours"), ("Poziom PRK", "level.nqf"), ("Poziom ERK", "level.eqf"),
    ("Efekty uczenia się", "learning_outcomes"), ("Forma zaliczenia", "assessment_type"),
    ("Tryb realizacji", "participation_form"), ("Zapewnianie jakości", "quality_assurance.description"),
    ("Kursbeschreibung", "description"), ("Bemerkungen", "notes"), ("Opis", "description"),
])
def test_italian_and_polish_and_free_text_columns(header: str, target: str) -> None:
    assert recognise(header) == target


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cat.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_provider_column_names_the_awarding_body_with_the_same_cell(tmp_path: Path) -> None:
    (record,) = records(run_loader(_csv(tmp_path, "Titel;Anbieter;ECTS\nKurs A;Hochschule X;5\n"))[0])
    assert [b.name for b in record.awarding_body] == ["Hochschule X"]
    assert (record.provider_id, record.provider_name) == ("Hochschule X", "Hochschule X")
    assert record.provenance["awarding_body"].locator == "B2"
    assert record.provenance["provider.name"].locator == "B2"


def test_columns_that_only_identify_the_body_keep_the_provider_as_its_name(
        tmp_path: Path) -> None:
    text = "Titel;Anbieter;USt-IdNr.\nKurs A;Hochschule X;DE123456789\n"
    (record,) = records(run_loader(_csv(tmp_path, text))[0])
    ((body),) = record.awarding_body
    assert (body.name, body.legal_identifier) == ("Hochschule X", "DE123456789")


def test_a_separate_awarding_body_column_wins(tmp_path: Path) -> None:
    text = "Titel;Anbieter;Verliehen von\nKurs A;Akademie Y;Universität Z\n"
    (record,) = records(run_loader(_csv(tmp_path, text))[0])
    assert [b.name for b in record.awarding_body] == ["Universität Z"]
    assert record.provider_name == "Akademie Y"


def test_mapping_may_list_several_targets(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns:\n  Träger: [provider.name, awarding_body]\n"
                       "  Kurs: title\n", encoding="utf-8")
    assert ColumnMapping.load(mapping).targets_for("träger") == ("provider.name",
                                                                 "awarding_body")
    text = "Kurs;Träger;Verliehen von\nA;Akademie Y;\n"
    (record,) = records(run_loader(_csv(tmp_path, text), mapping=mapping)[0])
    assert record.provider_name == "Akademie Y"
    assert [b.name for b in record.awarding_body] == ["Akademie Y"]
    assert record.provenance["awarding_body"].locator == "B2"


def test_free_text_columns_become_statements(tmp_path: Path) -> None:
    text = ("Title;Description;Notes\n"
            "Solar basics;Participants study 125 hours online and pass a written exam.;ok\n")
    (record,) = records(run_loader(_csv(tmp_path, text))[0])
    (statement,) = record.statements
    assert statement.field == "catalogue.description"
    assert {"workload", "participation_form", "assessment_type"} <= set(statement.elements)
    assert record.provenance["statements.0"].locator == "B2"
    assert record.extensions == {"col.description": statement.text, "col.notes": "ok"}


@pytest.mark.parametrize(("header", "target"), [
    ("Forma oceny", "assessment_type"),
    ("Modalità di partecipazione", "participation_form"),
    ("Vorm van deelname", "participation_form"),
    ("Art der Leistungsüberprüfung", "assessment_type"),
    ("Erwartete Lernergebnisse", "learning_outcomes"),
    ("Einstufung nach EQR", "level.eqf"),
    ("Studielast (uren)", "workload.hours"),
    ("Weryfikacja tożsamości uczestnika", "supervision_identity"),
    ("Évaluation de la qualité", "quality_assurance.description"),
    ("Land des Anbieters (Sitz)", "issuer_country"),    # the provider's country
    ("Pays de l'établissement", "issuer_country"),
    ("País de la institución", "issuer_country"),
    ("Workload (h)", "workload.hours"),                 # the unit in parentheses
    ("Umfang (LP)", "workload.ects"),
    ("Livello QNQ/EQF", "level"),                       # two parts of one field
    ("Nachweis der Lernergebnisse", "assessment_type"),  # the longer phrase wins
    ("Forma świadczenia usługi", "participation_form"),
])
def test_headings_named_by_a_key_word(header: str, target: str) -> None:
    from mcqa.loaders.columns import recognise, recognise_by_word

    assert recognise(header) is None, "in the exact list: pick another example"
    found = recognise_by_word(header)
    assert found is not None and found[0] == target


def test_heading_word_hyphenated_at_a_line_break_is_one_word() -> None:
    from mcqa.loaders.columns import normalize_header, recognise

    assert normalize_header("LEISTUNGS-\nPUNKTE") == "leistungspunkte"
    assert recognise("LEISTUNGS-\nPUNKTE") == "workload.ects"
    assert normalize_header("Lehr- und Lernform") == "lehr und lernform"


@pytest.mark.parametrize("header", [
    "Modalidad y tipo de evaluación",     # participation and assessment
    "Bemerkungen",                        # nothing
    "Bitte tragen Sie hier die Prüfungsform des Kurses ein, falls bekannt",  # a sentence
])
def test_ambiguous_or_unknown_headings_stay_unread(header: str) -> None:
    from mcqa.loaders.columns import recognise_by_word

    assert recognise_by_word(header) is None


def test_columns_read_by_key_word_are_named_in_one_note(tmp_path: Path) -> None:
    from tests.catalogue.conftest import records, run_loader

    path = tmp_path / "katalog.csv"
    path.write_text("Nazwa;Kraj;Forma oceny;Uwagi wewnętrzne XYZ\n"
                    "Kurs A;Polska;Egzamin pisemny;x\nKurs B;Polska;Projekt;y\n",
                    encoding="utf-8")
    first, second = records(run_loader(path)[0])
    assert first.assessment_type == "Egzamin pisemny"
    (note,) = [i for i in first.input_issues if "key word" in i.message]
    assert note.severity == "info"
    assert "'Forma oceny' (C) as assessment_type" in note.message
    assert "'Uwagi wewnętrzne XYZ' (D)" in note.message
    assert not second.input_issues
