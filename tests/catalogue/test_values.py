"""Cell values as European offices write them: numbers, dates, levels, countries,
languages and outcome lists, read to normalised values (or one input issue on the cell)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from mcqa.frameworks.leveltext import level_refs
from mcqa.iso_names import country_code, language_code
from mcqa.loaders.catalogue.cells import (
    country_parts,
    level_cell,
    number_cell,
    number_cells,
    quantity,
    split_outcomes,
    workload_cell,
)
from mcqa.loaders.catalogue.dates import decide_order, read_date
from mcqa.numbers import parse_number

from .conftest import issues_by_locator, records, run_loader


@pytest.mark.parametrize(("text", "number"), [
    ("5", 5), ("7,5", 7.5), ("7.5", 7.5), ("0,25", 0.25), ("1.500", 1500), ("1,500", 1500),
    ("1 500", 1500), ("1\u00a0500,5", 1500.5), ("1\u202f500", 1500), ("1.234,5", 1234.5),
    ("1,234.5", 1234.5), ("12.345,67", 12345.67), ("1.234.567", 1234567), ("1'500", 1500),
    ("-2,5", -2.5), ("123456,5", 123456.5),
    ("abc", None), ("", None), ("1.234.5", None), ("1.234,567.8", None), ("7,5,3", None),
])
def test_parse_number(text: str, number: float | None) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize(("text", "target", "expected"), [
    ("7,5 ECTS", "workload.ects", ("workload.ects", 7.5)),
    ("5 ECTS-Punkte", "workload.ects", ("workload.ects", 5)),
    ("2,5 LP", "workload.ects", ("workload.ects", 2.5)),
    ("6 CFU", "workload.ects", ("workload.ects", 6)),
    ("4 punkty ECTS", "workload.ects", ("workload.ects", 4)),
    ("120 Std.", "workload.hours", ("workload.hours", 120)),
    ("1.500 h", "workload.hours", ("workload.hours", 1500)),
    ("28 u", "workload.hours", ("workload.hours", 28)),
    ("30 godz.", "workload.hours", ("workload.hours", 30)),
    ("125 h", "workload.ects", ("workload.hours", 125)),  # the unit wins over the column
    ("fünf", "workload.ects", ("workload.ects", "fünf")),  # the reader reports it
])
def test_number_cells(text: str, target: str, expected: tuple[str, object]) -> None:
    assert number_cell(text, target) == expected


@pytest.mark.parametrize(("text", "target", "expected"), [
    ("3 Wochen à 25 Std.", "workload.hours", [("workload.hours", 75)]),
    ("3 Tage à 8 Std.", "workload", [("workload.hours", 24)]),
    ("5 sesiones de 4 horas", "workload.hours", [("workload.hours", 20)]),
    ("10 spotkań po 3 godz.", "workload.hours", [("workload.hours", 30)]),
    ("4 x 6 h", "workload.hours", [("workload.hours", 24)]),
    ("80 UE", "workload.hours", [("workload.hours", 60)]),          # 45-minute units
    ("30 godz. dydaktycznych", "workload.hours", [("workload.hours", 22.5)]),
    ("15 credits (7.5 ECTS)", "workload.credit_amount",
     [("workload.credit_amount", 15), ("workload.ects", 7.5)]),
    ("10 CP", "workload.ects", [("workload.ects", 10)]),          # the ECTS column's credits
    ("5 ECTS à 25 h", "workload.hours", [("workload.ects", 5), ("workload.hours", 25)]),
    ("4 Wochen Vollzeit (160 Std.)", "workload.hours", [("workload.hours", 160)]),
])
def test_number_cells_with_products_and_several_units(text: str, target: str,
                                                      expected: list[tuple[str, object]]) -> None:
    if target == "workload":
        assert workload_cell(text) == (expected, False)
    else:
        assert number_cells(text, target) == expected


@pytest.mark.parametrize("text", ["Sans niveau spécifique", "nie dotyczy", "kein Niveau",
                                  "No level", "niet van toepassing"])
def test_level_cell_saying_no_level_applies(text: str) -> None:
    assert level_cell(text, "level") == [("level.not_applicable", True)]


@pytest.mark.parametrize(("text", "items"), [
    ("Die Teilnehmenden können nach Abschluss des Kurses\n\u2013 Lieferketten analysieren,\n"
     "\u2013 Maßnahmen bewerten.", ["Lieferketten analysieren,", "Maßnahmen bewerten."]),
    ("Die Teilnehmenden\n1. wenden die DSGVO an,\n2. erstellen ein Verzeichnis.",
     ["wenden die DSGVO an,", "erstellen ein Verzeichnis."]),
    ("Analyse data\n- clean records\n- report", ["Analyse data", "clean records", "report"]),
])
def test_lead_in_without_colon_above_bullets(text: str, items: list[str]) -> None:
    assert split_outcomes(text) == items


def test_quantity_needs_a_workload_unit() -> None:
    assert quantity("5 apples") is None
    assert quantity("12,5") == (12.5, None)


@pytest.mark.parametrize(("text", "placements", "bare"), [
    ("10 ECTS / 250 h", [("workload.ects", 10), ("workload.hours", 250)], False),
    ("7,5 LP (187,5 Std.)", [("workload.ects", 7.5), ("workload.hours", 187.5)], False),
    ("4 crediti ECTS, 100 ore", [("workload.ects", 4), ("workload.hours", 100)], False),
    ("6 Wochen", [("workload.duration", "6 Wochen")], False),
    ("5", [], True),
])
def test_workload_cells(text: str, placements: list[tuple[str, object]], bare: bool) -> None:
    assert workload_cell(text) == (placements, bare)


@pytest.mark.parametrize(("text", "expected"), [
    ("EQF-Niveau 6", [("EQF", "6")]), ("NLQF 5", [("NL-NLQF", "5")]), ("6 (licence)", [(None, "6")]),
    ("PRK 6", [("PL-PQF", "6")]), ("DQR-Niveau 4", [("DE-DQR", "4")]),
    ("MECU 3", [("ES-MECU", "3")]), ("Niveau 6 (CEC)", [("EQF", "6")]), ("NFQ Level 8", [("IE-NFQ", "8")]),
    ("poziom 6 PRK", [("PL-PQF", "6")]), ("NLQF Entry", [("NL-NLQF", "Entry")]),
    ("Bachelor", []), ("", []),
])
def test_level_refs(text: str, expected: list[tuple[str | None, str | None]]) -> None:
    assert level_refs(text) == expected


def test_an_alias_two_frameworks_share_needs_the_country() -> None:
    assert level_refs("livello QNQ 5") == [(None, "5")]
    assert level_refs("livello QNQ 5", "IT") == [("IT-QNQ", "5")]
    assert level_refs("QNQ 5", "PT") == [("PT-QNQ", "5")]


def test_level_text_with_several_frameworks() -> None:
    assert level_refs("DQR/EQR 6") == [("DE-DQR", "6"), ("EQF", "6")]
    assert level_refs("Level 6 EQF / Level 7 NFQ") == [("EQF", "6"), ("IE-NFQ", "7")]


@pytest.mark.parametrize(("value", "target", "placements"), [
    ("EQF-Niveau 6", "level", [("level.eqf", 6)]),
    ("NLQF 5", "level", [("level.framework", "NL-NLQF"), ("level.nqf", "5")]),
    ("6 (licence)", "level", [("level.nqf", "6")]),
    ("6", "level", [("level.nqf", "6")]),
    ("6", "level.eqf", [("level.eqf", 6)]),
    (6, "level.eqf", [("level.eqf", 6)]),
    ("EQF 6", "level.eqf", [("level.eqf", 6)]),
    ("Niveau 5", "level.eqf", [("level.eqf", 5)]),
    ("6 (Bachelor)", "level.eqf", [("level.eqf", 6)]),
    ("DQR/EQR 6", "level", [("level.eqf", 6), ("level.framework", "DE-DQR"), ("level.nqf", "6")]),
    ("PRK 6", "level.nqf", [("level.framework", "PL-PQF"), ("level.nqf", "6")]),
    ("Bachelor", "level", [("level.nqf", "Bachelor")]),
])
def test_level_cells(value: object, target: str, placements: list[tuple[str, object]]) -> None:
    assert sorted(level_cell(value, target)) == sorted(placements)


@pytest.mark.parametrize(("name", "code"), [
    ("Deutschland", "DE"), ("España", "ES"), ("Österreich", "AT"), ("Nederland", "NL"),
    ("Polska", "PL"), ("Irlande", "IE"), ("Italia", "IT"), ("Belgique", "BE"), ("België", "BE"),
    ("Holland", "NL"), ("Sverige", "SE"), ("Reino Unido", "GB"), ("Niemcy", "DE"),
    ("Francia", "FR"), ("Frankreich", "FR"), ("Paesi Bassi", "NL"), ("Hiszpania", "ES"),
    ("nowhere land", None),
])
def test_country_names_in_every_language(name: str, code: str | None) -> None:
    assert country_code(name) == code


def test_country_cells_keep_codes_and_unknown_names() -> None:
    assert country_parts("Deutschland; Österreich") == ["DE", "AT"]
    assert country_parts("EL, UK") == ["EL", "UK"]
    assert country_parts("Atlantis") == ["Atlantis"]


@pytest.mark.parametrize(("name", "code"), [
    ("Deutsch", "de"), ("German", "de"), ("allemand", "de"), ("niemiecki", "de"),
    ("de-DE", "de"), ("deu", "de"), ("Englisch", "en"), ("français", "fr"), ("Nederlands", "nl"),
    ("polski", "pl"), ("italiano", "it"), ("español", "es"), ("Klingon-ish", None),
])
def test_language_names(name: str, code: str | None) -> None:
    assert language_code(name) == code


@pytest.mark.parametrize(("text", "iso"), [
    ("01.03.2025", "2025-03-01"), ("1.3.2025", "2025-03-01"), ("01/03/2025", "2025-03-01"),
    ("1-3-2025", "2025-03-01"), ("2025-03-01", "2025-03-01"), ("2025/03/01", "2025-03-01"),
    ("01. 03. 2025", "2025-03-01"), ("25.12.24", "2024-12-25"),
    ("1. März 2025", "2025-03-01"), ("1er mars 2025", "2025-03-01"),
    ("1 de marzo de 2025", "2025-03-01"), ("1 marzo 2025", "2025-03-01"),
    ("1 maart 2025", "2025-03-01"), ("1 marca 2025 r.", "2025-03-01"),
    ("March 1, 2025", "2025-03-01"), ("1st March 2025", "2025-03-01"),
    ("2025-03-01T09:30:00Z", "2025-03-01"), ("45717", "2025-03-01"), (45717, "2025-03-01"),
])
def test_dates_are_read_day_first(text: object, iso: str) -> None:
    assert read_date(text, "dmy") == (iso, None)


@pytest.mark.parametrize(("text", "says"), [
    ("soon", "not a date I can read"), ("2025", "a year, not a date"),
    ("31/02/2025", "not a real calendar date"), ("12/25/2025", "does not fit this column"),
    (12.5, "a number, not a date"), ("x" * 100, "too long"),
])
def test_unreadable_dates_say_why(text: object, says: str) -> None:
    iso, problem = read_date(text, "dmy")
    assert iso is None and problem is not None and says in problem


def test_date_order_is_decided_per_column() -> None:
    assert decide_order([(2, "01/03/2025"), (3, "13/04/2025")], None, "F").order == "dmy"
    assert decide_order([(2, "03/25/2025"), (3, "01/04/2025")], None, "F").order == "mdy"
    ambiguous = decide_order([(2, "01/03/2025"), (3, "05/04/2025")], None, "F (Datum)")
    assert (ambiguous.order, ambiguous.note_row) == ("dmy", 2)
    assert ambiguous.note is not None and "--date-order mdy" in ambiguous.note
    chosen = decide_order([(2, "01/03/2025")], "mdy", "F")
    assert (chosen.order, chosen.note) == ("mdy", None)


@pytest.mark.parametrize(("cell", "outcomes"), [
    ("Analyse data\nBuild models", ["Analyse data", "Build models"]),
    ("On completion, learners can:\n• Analyse data\n• Build models",
     ["Analyse data", "Build models"]),
    ("Die Teilnehmenden können:\n- Daten analysieren\n\u2013 Modelle bauen",
     ["Daten analysieren", "Modelle bauen"]),
    ("Die Teilnehmenden können: Daten analysieren; Modelle bauen",
     ["Daten analysieren", "Modelle bauen"]),
    ("W1: zna zasady BHP; U1: stosuje procedury", ["zna zasady BHP", "stosuje procedury"]),
    ("K_W01 \u2013 zna zasady\nK_U01 \u2013 stosuje procedury", ["zna zasady", "stosuje procedury"]),
    ("1. Analyser des données 2. Présenter les résultats",
     ["Analyser des données", "Présenter les résultats"]),
    ("• Analizzare i dati • Presentare i risultati", ["Analizzare i dati", "Presentare i risultati"]),
    ("a) Configure access; b) Audit logs", ["Configure access", "Audit logs"]),
    ("Explain why: costs rise", ["Explain why: costs rise"]),
])
def test_outcome_cells_are_split(cell: str, outcomes: list[str]) -> None:
    assert split_outcomes(cell) == outcomes


HOSTILE = ["1" * 100_000 + "x", " " * 100_000 + "x", "1." * 50_000 + "x", "1 " * 50_000,
           "a" * 100_000 + "\u00a0", "W" * 100_000 + "1:", "- " * 50_000 + "x",
           "1/" * 50_000 + "x", "1.1.1" * 20_000, ";" * 100_000 + "a", "• " * 50_000,
           "A1: " * 25_000 + "x", "1) " * 33_000 + "x"]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_value_readers_are_linear_on_long_cells(text: str) -> None:
    started = time.perf_counter()
    parse_number(text)
    quantity(text)
    number_cell(text, "workload.hours")
    workload_cell(text)
    level_cell(text, "level")
    read_date(text, "dmy")
    split_outcomes(text)
    country_parts(text[:1000])
    assert time.perf_counter() - started < 2.0


def _sheet(tmp_path: Path, rows: list[list[object]], merges: tuple[str, ...] = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Angebot"
    for row in rows:
        ws.append(row)
    for span in merges:
        ws.merge_cells(span)
    path = tmp_path / "cat.xlsx"
    wb.save(path)
    return path


def test_two_row_merged_header(tmp_path: Path) -> None:
    path = _sheet(tmp_path, [
        ["Weiterbildungskatalog 2025 — Stand: 01.02.2025"],
        ["Bitte je Angebot eine Zeile ausfüllen."],
        ["Titel", "Workload", None, "Level", None, "Anbieter"],
        [None, "ECTS", "Hours", "EQF", "NQF", None],
        ["Datenanalyse", "7,5", 200, 6, "DQR 6", "HS Nord"],
        ["Cloud-Sicherheit", 5, "125", "EQF 5", "5", "HS Nord"],
    ], merges=("B3:C3", "D3:E3", "A3:A4", "F3:F4"))
    items, stats = run_loader(path)
    first, second = records(items)
    assert first.workload is not None and (first.workload.ects, first.workload.hours) == (7.5, 200)
    assert first.level is not None
    assert (first.level.eqf, first.level.framework, first.level.nqf) == (6, "DE-DQR", "6")
    assert second.level is not None and (second.level.eqf, second.level.nqf) == (5, "5")
    assert first.provenance["workload.hours"].locator == "Angebot!C5"
    assert not first.input_issues and not second.input_issues
    assert stats.preamble_rows == 2 and stats.data_rows == 2


def test_a_sub_header_may_narrow_an_ungrouped_column(tmp_path: Path) -> None:
    """'Niveau' (one column, not merged) over 'EQR' beside 'Umfang' merged over 'ECTS |
    Stunden': the second row is a header, 'EQR' makes the level an EQF level, no phantom
    record."""
    path = _sheet(tmp_path, [
        ["Titel", "Anbieter", "Umfang", None, "Niveau"],
        [None, None, "ECTS", "Stunden", "EQR"],
        ["Datenanalyse", "HS Nord", "7,5", "187,5", "EQR-Niveau 6"],
    ], merges=("C1:D1",))
    items, stats = run_loader(path)
    (record,) = records(items)
    assert record.workload is not None
    assert (record.workload.ects, record.workload.hours) == (7.5, 187.5)
    assert record.level is not None and (record.level.eqf, record.level.nqf) == (6, None)
    assert not record.input_issues and stats.data_rows == 1


def test_a_word_row_that_changes_a_column_s_field_is_data(tmp_path: Path) -> None:
    """Under an ungrouped column, a cell naming an unrelated field is data, not a header."""
    path = _sheet(tmp_path, [
        ["Titel", "Umfang", None, "Anbieter"],
        [None, "ECTS", "Stunden", "Titel"],
    ], merges=("B1:C1",))
    (record,) = records(run_loader(path)[0])
    assert record.provider_id == "Titel" and "extensions.col.column_c" in record.provenance


def test_two_row_header_in_csv_with_blank_extended_cells(tmp_path: Path) -> None:
    path = tmp_path / "cat.csv"
    path.write_text("Titel;Arbeitsaufwand;;Niveau;\n;ECTS;Stunden;EQF;NQF\n"
                    "Kurs A;5;125;6;6\n", encoding="utf-8")
    (record,) = records(run_loader(path)[0])
    assert record.workload is not None and (record.workload.ects, record.workload.hours) == (5, 125)
    assert record.level is not None and (record.level.eqf, record.level.nqf) == (6, "6")


def test_sub_headers_nothing_can_name_are_kept_with_one_note(tmp_path: Path) -> None:
    path = _sheet(tmp_path, [
        ["Titel", "ECTS", "Zeitraum", None],
        [None, None, "von", "bis"],
        ["Kurs A", 5, "März", "Juni"],
        ["Kurs B", 3, "April", "Mai"],
    ], merges=("C1:D1",))
    first, second = records(run_loader(path)[0])
    assert first.extensions == {"col.zeitraum_von": "März", "col.zeitraum_bis": "Juni"}
    (note,) = first.input_issues
    assert note.severity == "info" and note.locator == "Angebot!1:1"
    assert "header rows 1-2" in note.message and "'Zeitraum' over 'von'" in note.message
    assert not second.input_issues


def test_a_data_row_under_the_header_is_not_taken_for_a_sub_header(tmp_path: Path) -> None:
    path = tmp_path / "cat.csv"
    path.write_text("Titel;ECTS;;Stunden\n;5;x;125\nKurs B;3;;75\n", encoding="utf-8")
    first, second = records(run_loader(path)[0])
    assert first.title is None and first.workload is not None and first.workload.ects == 5
    assert second.title == "Kurs B"


def test_dates_in_a_catalogue_column(tmp_path: Path) -> None:
    path = tmp_path / "cat.csv"
    path.write_text("Titel;Ausstellungsdatum\nA;01.03.2025\nB;05.04.2025\nC;bald\n",
                    encoding="utf-8")
    a, b, c = records(run_loader(path)[0])
    assert (a.issue_date, b.issue_date, c.issue_date) == ("2025-03-01", "2025-04-05", None)
    (note,) = a.input_issues
    assert note.severity == "info" and note.locator == "B2" and "day-first" in note.message
    assert not b.input_issues
    assert "not a date I can read" in issues_by_locator(c)["B4"]


def test_month_first_column_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "cat.csv"
    path.write_text("Title,Issue date\nA,03/01/2025\nB,12/25/2025\n", encoding="utf-8")
    a, b = records(run_loader(path)[0])
    assert (a.issue_date, b.issue_date) == ("2025-03-01", "2025-12-25")
    assert not a.input_issues and not b.input_issues


def test_a_duration_column_with_hours_states_the_workload(tmp_path: Path) -> None:
    path = tmp_path / "cat.csv"
    path.write_text("Intitulé;Durée\nA;35 heures\nB;6 semaines\nC;12\n", encoding="utf-8")
    a, b, c = records(run_loader(path)[0])
    assert a.workload is not None and (a.workload.hours, a.workload.duration) == (35, None)
    assert b.workload is not None and b.workload.duration == "6 semaines"
    assert c.workload is not None and (c.workload.hours, c.workload.duration) == (None, "12")
