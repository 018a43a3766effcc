"""XLSX catalogues: merged cells, formulas, wrong types, empty rows, sheets, provenance."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from mcqa.errors import InputError
from mcqa.loaders import load_file
from mcqa.loaders.base import SourceDocument
from mcqa.loaders.catalogue import XlsxCatalogueLoader
from mcqa.model import CredentialRecord

from .conftest import issues_by_locator, records, run_loader

HEADERS = ["Course ID", "Title", "ECTS", "Provider", "Learning outcomes", "Issue date",
           "Notes"]


def _book(tmp_path: Path, rows: list[list[object]], *, sheet: str = "Offer",
          name: str = "cat.xlsx") -> tuple[Path, Workbook]:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path, wb


def test_values_types_and_provenance(tmp_path: Path) -> None:
    path, _ = _book(tmp_path, [
        ["Catalogue 2025"],
        HEADERS,
        ["C-1", "Data Analytics", 5, "Uni A", "Clean data\nModel data", datetime(2025, 6, 30),
         "n1"],
        ["C-2", True, "five", "Uni A", "One; Two", "not a date", 12.5],
    ])
    items, stats = run_loader(path)
    first, second = records(items)
    assert first.record_id == "C-1" and first.source_format == "xlsx"
    assert first.issue_date == "2025-06-30"
    assert [o.text for o in first.learning_outcomes] == ["Clean data", "Model data"]
    assert first.extensions == {"col.notes": "n1"}
    ects = first.provenance["workload.ects"]
    assert (ects.file, ects.locator, ects.kind) == ("cat.xlsx", "Offer!C3", "cell")
    assert first.provenance["learning_outcomes.1"].locator == "Offer!E3"
    assert first.provenance["provider.name"].locator == "Offer!D3"
    issues = issues_by_locator(second)
    assert "expected text" in issues["Offer!B4"]
    assert "expected a number" in issues["Offer!C4"]
    assert second.issue_date is None  # not read: an input issue, never a failed date rule
    assert "not a date I can read" in issues["Offer!F4"]
    assert second.extensions == {"col.notes": "12.5"}
    assert [o.text for o in second.learning_outcomes] == ["One", "Two"]
    assert stats.preamble_rows == 1 and stats.sheets_read == ["Offer"]


def test_formulas_are_reported_never_evaluated(tmp_path: Path) -> None:
    path, _ = _book(tmp_path, [HEADERS, ["C-1", "=CONCAT(\"A\",\"B\")", "=2+3", "Uni", None,
                                         None, None]])
    (record,) = records(run_loader(path)[0])
    issues = issues_by_locator(record)
    assert "formula" in issues["Offer!B2"] and "not evaluated" in issues["Offer!B2"]
    assert "formula" in issues["Offer!C2"]
    assert record.title is None and record.workload is None


def test_formula_like_text_cell_is_kept(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Title", "ECTS"])
    ws.append(["placeholder", 3])
    ws["A2"].value = '=HYPERLINK("http://x","y")'
    ws["A2"].data_type = "s"  # stored as text, as Excel does for '=... typed with a quote
    path = tmp_path / "cat.xlsx"
    wb.save(path)
    (record,) = records(run_loader(path)[0])
    assert record.title == '=HYPERLINK("http://x","y")'
    assert not record.input_issues


def test_error_cells(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Title", "ECTS"])
    ws.append(["A", 1])
    ws["B2"].value = "#DIV/0!"
    ws["B2"].data_type = "e"
    path = tmp_path / "cat.xlsx"
    wb.save(path)
    (record,) = records(run_loader(path)[0])
    assert "#DIV/0!" in issues_by_locator(record)["Sheet!B2"]


def test_merged_cells_reported_on_covered_rows(tmp_path: Path) -> None:
    path, wb = _book(tmp_path, [HEADERS, ["C-1", "A", 1, "Uni A"], ["C-2", "B", 2],
                                ["C-3", "C", 3]])
    ws = wb.active
    assert ws is not None
    ws.merge_cells("D2:D4")
    wb.save(path)
    first, second, third = records(run_loader(path)[0])
    assert first.provider_name == "Uni A" and not first.input_issues
    for record, cell in ((second, "Offer!D3"), (third, "Offer!D4")):
        assert record.provider_name is None
        message = issues_by_locator(record)[cell]
        assert "merged range D2:D4" in message and "D2" in message


def test_empty_rows_and_counts(tmp_path: Path) -> None:
    rows: list[list[object]] = [HEADERS]
    for i in range(1, 41):
        rows.append([] if i % 10 == 0 else [f"C-{i}", f"Course {i}", i % 6])
    rows.append([None, "   ", None])
    path, _ = _book(tmp_path, rows)
    items, stats = run_loader(path)
    assert len(items) == 36 == stats.data_rows == stats.records
    assert stats.empty_rows == 5
    assert records(items)[9].provenance["title"].locator == "Offer!B12"


def test_template_headers_with_label_row_and_dates(tmp_path: Path) -> None:
    path, _ = _book(tmp_path, [
        ["title", "workload.ects", "level.eqf", "quality_assurance.external_body",
         "learning_outcomes", "issue_date"],
        ["Title", "ECTS credits", "EQF level", "QA body", "Learning outcomes", "Issue date"],
        ["Solar PV", 5, 4, "QQI", "Install panels", date(2025, 1, 2)],
    ], sheet="Micro-credentials")
    items, stats = run_loader(path)
    (record,) = records(items)
    assert record.title == "Solar PV"
    assert record.level is not None and record.level.eqf == 4
    assert record.quality_assurance is not None
    assert record.quality_assurance.external_body == "QQI"
    assert record.issue_date == "2025-01-02"
    assert record.provenance["title"].locator == "'Micro-credentials'!A3"
    assert record.record_id == "cat.xlsx!Micro-credentials!row3"
    assert stats.repeated_header_rows == 1


def test_several_sheets_and_sheets_without_header(tmp_path: Path) -> None:
    wb = Workbook()
    info = wb.active
    assert info is not None
    info.title = "Instructions"
    info.append(["Fill in one row per micro-credential."])
    for name in ("Provider A", "Provider B"):
        ws = wb.create_sheet(name)
        ws.append(["Title", "Credits (ECTS)"])
        ws.append([f"{name} course", 3])
    path = tmp_path / "cat.xlsx"
    wb.save(path)
    items, stats = run_loader(path)
    assert [r.record_id for r in records(items)] == ["cat.xlsx!Provider A!row2",
                                                     "cat.xlsx!Provider B!row2"]
    assert stats.sheets_skipped == ["Instructions"]


def test_workbook_without_header_is_a_file_error(tmp_path: Path) -> None:
    path, _ = _book(tmp_path, [["a", "b"], [1, 2]])
    doc = SourceDocument(path, display="cat.xlsx")
    with pytest.raises(InputError, match="no header row found in any sheet"):
        list(XlsxCatalogueLoader().load(doc))


def test_damaged_and_legacy_files(tmp_path: Path) -> None:
    legacy = tmp_path / "old.xlsx"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    (problem,) = list(load_file(legacy, "old.xlsx"))
    assert "legacy Excel" in getattr(problem, "message", "")
    path, _ = _book(tmp_path, [["Title", "ECTS"], ["A", 1]])
    data = bytearray(path.read_bytes())
    data[len(data) // 2: len(data) // 2 + 200] = b"\x00" * 200
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(bytes(data))
    items = list(load_file(broken, "broken.xlsx"))
    assert items and all(not isinstance(i, CredentialRecord) or i.title == "A" for i in items)


def test_registry_detects_xlsx_by_content(tmp_path: Path) -> None:
    path, _ = _book(tmp_path, [["Title", "ECTS"], ["A", 1]], name="no-extension")
    (record,) = list(load_file(path, "cat"))
    assert isinstance(record, CredentialRecord) and record.source_format == "xlsx"


def test_mapping_header_row_and_sheets(tmp_path: Path) -> None:
    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = "Ignored"
    first.append(["Title", "ECTS"])
    first.append(["Not me", 1])
    ws = wb.create_sheet("Offre")
    ws.append(["Intitulé", "Valeur"])
    ws.append(["Module 1", 4])
    path = tmp_path / "cat.xlsx"
    wb.save(path)
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns:\n  Valeur: workload.ects\n  Intitulé: title\n"
                       "header_row: 1\nsheets: [Offre]\n", encoding="utf-8")
    (record,) = records(run_loader(path, mapping=mapping)[0])
    assert record.title == "Module 1" and record.provenance["title"].locator == "Offre!A2"
