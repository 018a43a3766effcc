"""Column-name recognition and mapping files."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcqa.errors import ConfigError
from mcqa.loaders.columns import ColumnMapping, normalize_header, recognise

RECOGNISED = [
    ("Title", "title"), ("Course title", "title"), ("Titel", "title"),
    ("Intitulé de la formation", "title"), ("Nombre del curso", "title"),
    ("Naam opleiding", "title"), ("  COURSE-TITLE  ", "title"),
    ("ECTS", "workload.ects"), ("ECTS credits", "workload.ects"),
    ("Crédits ECTS*", "workload.ects"), ("Leistungspunkte", "workload.ects"),
    ("Studiepunten", "workload.ects"), ("Credits", "workload.credit_amount"),
    ("Hours", "workload.hours"), ("Volume horaire", "workload.hours"),
    ("Stunden", "workload.hours"), ("Workload", "workload"),
    ("EQF level", "level.eqf"), ("Niveau EQF", "level.eqf"), ("EQR-Niveau", "level.eqf"),
    ("NQF level", "level.nqf"), ("DQR-Niveau", "level.nqf"), ("Level", "level"),
    ("Provider", "provider.name"), ("Anbieter", "provider.name"),
    ("Organisme de formation", "provider.name"), ("Provider ID", "provider.id"),
    ("Awarding body", "awarding_body"), ("Issuer", "awarding_body"),
    ("Learning outcomes", "learning_outcomes"), ("Lernergebnisse", "learning_outcomes"),
    ("Acquis d'apprentissage", "learning_outcomes"),
    ("Resultados de aprendizaje", "learning_outcomes"),
    ("Leerresultaten", "learning_outcomes"), ("Learning outcome 3", "learning_outcomes"),
    ("Assessment", "assessment_type"), ("Prüfungsform", "assessment_type"),
    ("Mode of delivery", "participation_form"), ("Modalidad", "participation_form"),
    ("Quality assurance", "quality_assurance.description"),
    ("Qualitätssicherung", "quality_assurance.description"),
    ("Accreditation body", "quality_assurance.external_body"),
    ("Issue date", "issue_date"), ("issuanceDate", "issue_date"),
    ("Date de délivrance", "issue_date"), ("Country", "issuer_country"),
    ("Pays", "issuer_country"), ("ISCED", "isced_f"), ("ISCED-F code", "isced_f"),
    ("Language", "language"), ("Prerequisites", "prerequisites"),
    ("Zugangsvoraussetzungen", "prerequisites"), ("Stackability", "stackability.mode"),
    ("URL", "further_info"), ("Course ID", "id"), ("Grade (optional)", "grade.value"),
    ("Recipient mailadres", "learner.identifier"),
    ("Supervision and identity verification", "supervision_identity"),
    # mcqa template headers: field paths, alone or with a human label
    ("title", "title"), ("workload.ects", "workload.ects"), ("level.eqf", "level.eqf"),
    ("quality_assurance", "quality_assurance.description"),
    ("workload.ects\nECTS credits", "workload.ects"),
    ("ECTS credits [workload.hours]", "workload.hours"),
    ("level.nqf: National level", "level.nqf"),
    ("extensions.nz.nzsced", "extensions.nz.nzsced"),
]


@pytest.mark.parametrize(("header", "target"), RECOGNISED)
def test_recognised_headers(header: str, target: str) -> None:
    assert recognise(header) == target


@pytest.mark.parametrize("header", ["Farbe", "", "Colour", "Start date", "xyz.abc",
                                    "Learning outcome 300"])
def test_unrecognised_headers(header: str) -> None:
    assert recognise(header) is None


def test_normalisation_ignores_case_accents_punctuation_and_markers() -> None:
    assert normalize_header("Crédits (ECTS)*") == "credits ects"
    assert normalize_header("issuanceDate") == "issuance date"
    assert normalize_header("Grade (optional)") == "grade"
    assert normalize_header("Größe") == "grosse"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_mapping(tmp_path: Path) -> None:
    mapping = ColumnMapping.load(_write(tmp_path, (
        "mcqa-mapping: 1\ncolumns:\n  Nom du module: title\n  Crédits: workload.ects\n"
        "  Notes internes: ignore\n  Code NSF: extensions.fr.nsf\n  Niveau: level.nqf\n"
        "header_row: 2\nsheets: [Offre]\n")))
    assert mapping.target_for("NOM DU MODULE") == "title"
    assert mapping.target_for("credits") == "workload.ects"
    assert mapping.target_for("Notes internes") == "ignore"
    assert mapping.target_for("Code NSF") == "extensions.fr.nsf"
    assert mapping.target_for("other") is None
    assert mapping.header_row == 2
    assert mapping.sheets == ("Offre",)


@pytest.mark.parametrize(("text", "where", "says"), [
    ("columns:\n  ECTS: workload.ect\n", "columns.ECTS", "did you mean workload.ects"),
    ("columns:\n  ECTS: 5\n", "columns.ECTS", "expected a field path or a list"),
    ("columns:\n  ECTS: [workload.ects, workload.ect]\n", "columns.ECTS",
     "did you mean workload.ects"),
    ("columns:\n  ECTS: [ignore, workload.ects]\n", "columns.ECTS", "both ignored and mapped"),
    ("columns: {}\n", "columns", "should be non-empty"),
    ("colums:\n  ECTS: workload.ects\n", "(top level)", ""),
    ("columns:\n  ECTS: workload.ects\nheader_row: 0\n", "header_row", ""),
    ("columns:\n  ECTS: workload.ects\n  ects: workload.hours\n", "columns.ects", "twice"),
    ("columns:\n  ECTS: workload.ects\n  ECTS: workload.hours\n", "line 3", "duplicate key"),
    ("columns: [ECTS\n", "line", "invalid YAML"),
    ("- just a list\n", "(top level)", ""),
])
def test_invalid_mapping_is_a_config_error_naming_file_and_key(
        tmp_path: Path, text: str, where: str, says: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        ColumnMapping.load(path)
    message = info.value.one_line()
    assert str(path) in message
    assert where in message
    assert says in message
    assert "\n" not in message


def test_missing_mapping_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read mapping file"):
        ColumnMapping.load(tmp_path / "nope.yaml")
