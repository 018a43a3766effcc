"""Office catalogues, acceptance round 4: what a ministry's own sheet holds besides records
and how it names things: totals and footnote rows below the data, a running-number column
headed "Lp." (also German for Leistungspunkte), a level named in a framework mcqa does not
model ("MECES 2 / EQF 6"), an awarding-body column without a provider column, numbered
outcomes after a lead-in on one line, grouped headings read by a key word, and language
levels ("GER B2") in a level column. Every row of each sheet is accounted for.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mcqa.loaders.catalogue.cells import language_level, level_cell, split_outcomes

from .conftest import records, run_loader
from .test_office_wording import _csv, _xlsx

HEAD = ["Titel", "Anbieter", "ECTS", "Stunden", "Land"]


def _notes(rec) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.message for i in rec.input_issues]


@pytest.mark.parametrize("label", ["Summe", "Gesamt", "TOTAL", "Total:", "Totale", "Razem",
                                   "Suma", "Totaal"])
def test_totals_row_is_not_a_record(tmp_path: Path, label: str) -> None:
    path = _csv(tmp_path / "k.csv", [
        HEAD,
        ["Datenanalyse", "Hochschule A", "5", "150 Std.", "DE"],
        ["Projektmanagement", "Hochschule A", "3", "90", "DE"],
        ["", "", "", "", ""],
        [label, "", "8", "240 Std.", ""],
    ], delimiter=";")
    items, stats = run_loader(path)
    recs = records(items)
    assert [r.title for r in recs] == ["Datenanalyse", "Projektmanagement"]
    assert (stats.data_rows, stats.records, stats.summary_rows) == (2, 2, 1)
    assert any("row 5 read as a total or a footnote" in m for m in _notes(recs[-1]))


def test_footnote_rows_below_the_data_are_named_once(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "k.xlsx", [
        HEAD,
        ["Datenanalyse", "Hochschule A", 5, 150, "DE"],
        ["Summe", None, 5, 150, None],
        ["Stand: 01.03.2025 \u2013 Änderungen vorbehalten"],
        ["* Angaben ohne Gewähr"],
        ["Source: Ministry register"],
        ["Nota: i prezzi sono IVA esclusa"],
    ])
    items, stats = run_loader(path)
    (rec,) = records(items)
    assert stats.summary_rows == 5
    notes = [m for m in _notes(rec) if "footnote" in m]
    assert notes == ["rows 3\u20137 read as totals or footnotes, not as records"]


def test_a_title_with_total_in_it_is_still_a_record(tmp_path: Path) -> None:
    path = _csv(tmp_path / "k.csv", [
        HEAD,
        ["Datenanalyse", "Hochschule A", "5", "150", "DE"],
        ["Total Quality Management", "Hochschule A", "4", "120", "DE"],
        ["Total", "Hochschule A", "4", "120", "DE"],  # text beside the label: a record
        ["Note: a row that is a record", "Hochschule A", "2", "60", "DE"],
    ], delimiter=";")
    items, stats = run_loader(path)
    assert [r.title for r in records(items)] == [
        "Datenanalyse", "Total Quality Management", "Total", "Note: a row that is a record"]
    assert stats.summary_rows == 0


def test_polish_lp_column_is_the_row_number(tmp_path: Path) -> None:
    path = _csv(tmp_path / "k.csv", [
        ["Lp.", "Nazwa", "Uczelnia", "Punkty ECTS", "Kraj"],
        ["1", "Programowanie", "Politechnika A", "5", "Polska"],
        ["2", "Bazy danych", "Politechnika A", "", "Polska"],
        ["3", "Sieci", "Politechnika A", "4", "Polska"],
    ], delimiter=";")
    items, _ = run_loader(path)
    recs = records(items)
    assert [r.workload.ects if r.workload else None for r in recs] == [5, None, 4]
    assert any("'Lp.' (A)" in m for m in _notes(recs[0]))


@pytest.mark.parametrize("heading", ["Nr.", "No.", "N°", "Nº", "#", "L.p."])
def test_row_number_headings(tmp_path: Path, heading: str) -> None:
    path = _csv(tmp_path / "k.csv", [
        [heading, "Title", "Provider", "ECTS", "Country"],
        ["1", "Data", "College A", "5", "Ireland"],
        ["2", "Cloud", "College A", "3", "Ireland"],
    ], delimiter=";")
    recs = records(run_loader(path)[0])
    assert [r.workload.ects if r.workload else None for r in recs] == [5, 3]


def test_german_lp_column_with_credits_stays_ects(tmp_path: Path) -> None:
    path = _csv(tmp_path / "k.csv", [
        ["Titel", "Anbieter", "LP", "Land"],
        ["Datenanalyse", "Hochschule A", "5", "DE"],
        ["Statistik", "Hochschule A", "10", "DE"],
        ["Ethik", "Hochschule A", "2,5", "DE"],
    ], delimiter=";")
    recs = records(run_loader(path)[0])
    assert [r.workload.ects if r.workload else None for r in recs] == [5, 10, 2.5]


@pytest.mark.parametrize(("cell", "want"), [
    ("MECES 2 / EQF 6", (6, "MECES 2")),
    ("MECES 3", (None, "MECES 3")),
    ("EQF 6", (6, None)),
])
def test_a_framework_named_in_the_cell_wins_over_the_heading(cell: str,
                                                             want: tuple[object, ...]) -> None:
    placed = dict(level_cell(cell, "level", "Nivel MECES/EQF", "ES"))
    assert (placed.get("level.eqf"), placed.get("level.nqf")) == want


def test_awarding_body_column_names_the_provider(tmp_path: Path) -> None:
    path = _csv(tmp_path / "k.csv", [
        ["Micro-credential Title", "Awarding Institution", "ECTS", "Country"],
        ["Sustainable Finance", "University of the Shannon", "5", "Ireland"],
    ], delimiter=";")
    (rec,) = records(run_loader(path)[0])
    assert rec.provider_name == rec.provider_id == "University of the Shannon"
    assert [b.name for b in rec.awarding_body] == ["University of the Shannon"]
    assert rec.provenance["provider.name"].locator == rec.provenance["awarding_body"].locator \
        == "B2"


@pytest.mark.parametrize(("text", "want"), [
    ("Learners will: 1. Explain roles 2. Plan inclusive teaching 3. Deliver a session",
     ["Explain roles", "Plan inclusive teaching", "Deliver a session"]),
    ("Die Teilnehmenden können: 1) Daten bereinigen 2) Analysen durchführen",
     ["Daten bereinigen", "Analysen durchführen"]),
    ("À l'issue de la formation : a) planifier un projet b) piloter les risques",
     ["planifier un projet", "piloter les risques"]),
    ("Apply ISO 9001 in 2 sites", ["Apply ISO 9001 in 2 sites"]),
])
def test_numbered_outcomes_after_a_lead_in_on_one_line(text: str, want: list[str]) -> None:
    assert split_outcomes(text) == want


@pytest.mark.parametrize(("parent", "child"), [
    ("Credit", "Total Student Effort (hrs)"), ("Omvang", "Studiepunten (EC)")])
def test_grouped_heading_read_by_a_key_word_is_not_reported_unread(
        tmp_path: Path, parent: str, child: str) -> None:
    path = _xlsx(tmp_path / "k.xlsx", [
        ["Title", "Provider", parent, None, "Country"],
        [None, None, "ECTS", child, None],
        ["Data", "College A", 5, 125, "Ireland"],
    ], merges=("C1:D1", "A1:A2", "B1:B2", "E1:E2"))
    (rec,) = records(run_loader(path)[0])
    assert not any("not understood; kept" in m for m in _notes(rec))
    assert rec.workload is not None and rec.workload.ects == 5


@pytest.mark.parametrize("cell", ["GER B2", "CECRL B1", "MCER A2", "QCER B1", "CEFR C1",
                                  "ESOKJ B2", "ERK B1"])
def test_language_levels_are_not_qualification_levels(tmp_path: Path, cell: str) -> None:
    assert language_level(cell)
    path = _csv(tmp_path / "k.csv", [
        ["Title", "Provider", "Level", "Country"],
        ["German for work", "College A", cell, "Ireland"],
    ], delimiter=";")
    (rec,) = records(run_loader(path)[0])
    assert rec.level is None or (rec.level.eqf is None and rec.level.nqf is None)
    assert any("language level (CEFR)" in m for m in _notes(rec))


@pytest.mark.parametrize("cell", ["EQF 6", "DQR 3", "Level 2", "Niveau 6 CEC"])
def test_qualification_levels_are_not_language_levels(cell: str) -> None:
    assert not language_level(cell)
