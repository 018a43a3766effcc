"""CSV catalogues: encodings, delimiters, hostile cells, provenance, counts."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from mcqa.errors import InputError
from mcqa.loaders import load_file
from mcqa.loaders.base import Limits, SourceDocument
from mcqa.loaders.catalogue import CsvCatalogueLoader
from mcqa.model import CredentialRecord, InputProblem

from .conftest import issues_by_locator, records, run_loader

HEADER = "ID;Course title;ECTS;EQF level;Provider;Learning outcomes;Internal notes\n"
ROWS = (
    'C1;Data Analytics;5;6;Uni A;"Clean data.\nBuild models.";keep me\n'
    "C2;Cloud Security;2,5 ECTS;EQF 5;Uni B;Harden servers; Audit logs;\n"
)


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "cat.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if encoding != "raw" else text.encode("latin-1"))
    return path


def test_semicolon_utf8_values_and_provenance(tmp_path: Path) -> None:
    items, stats = run_loader(_csv(tmp_path, HEADER + ROWS))
    first, second = records(items)
    assert (first.record_id, first.title, first.record_kind) == ("C1", "Data Analytics",
                                                                  "specification")
    assert first.workload is not None and first.workload.ects == 5
    assert first.level is not None and first.level.eqf == 6
    assert (first.provider_id, first.provider_name) == ("Uni A", "Uni A")
    assert [o.text for o in first.learning_outcomes] == ["Clean data.", "Build models."]
    assert first.extensions == {"col.internal_notes": "keep me"}
    assert first.source_format == "csv"
    ref = first.provenance["workload.ects"]
    assert (ref.file, ref.locator, ref.kind) == ("cat.csv", "C2", "cell")
    assert ref.display() == "cat.csv!C2"
    assert first.provenance["learning_outcomes.1"].locator == "F2"
    assert first.provenance["title"].locator == "B2"
    absent = first.provenance["quality_assurance"]
    assert (absent.present, absent.locator) == (False, "2:2")
    assert second.workload is not None and second.workload.ects == 2.5
    assert second.level is not None and second.level.eqf == 5
    # the unquoted ';' split the outcome into the next column: kept, not lost
    assert second.extensions == {"col.internal_notes": "Audit logs"}
    assert stats.data_rows == stats.records == 2


@pytest.mark.parametrize(("encoding", "prefix"), [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
])
def test_encodings_with_bom(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = "Titre,Crédits ECTS,Niveau EQF,Pays\nÉconomie circulaire,3,5,FR\n"
    path = tmp_path / "cat.csv"
    path.write_bytes(prefix + text.encode(encoding))
    (record,) = records(run_loader(path)[0])
    assert record.title == "Économie circulaire"
    assert record.issuer_country == ("FR",)
    assert not record.input_issues


def test_tab_delimited(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Title\tECTS\tHours\nA, B and C\t5\t125\n")
    (record,) = records(run_loader(path)[0])
    assert record.title == "A, B and C"
    assert record.workload is not None and record.workload.hours == 125


def test_windows_1252_is_one_note_per_file(tmp_path: Path) -> None:
    path = tmp_path / "cat.csv"
    path.write_bytes(("Titel;ECTS;Anbieter\nEinführung;5;Hochschule Köln\n"
                      "Übung € 2;3;Universität Lüneburg\n").encode("cp1252"))
    first, second = records(run_loader(path)[0])
    assert (first.title, second.title) == ("Einführung", "Übung € 2")
    assert second.provider_name == "Universität Lüneburg"
    (note,) = first.input_issues
    assert (note.locator, note.severity) == ("A2", "info")
    assert "not valid UTF-8" in note.message and "read as Windows-1252" in note.message
    assert not second.input_issues


@pytest.mark.parametrize("above", ["", "Katalog der Weiterbildungen (Stand: März)\n"])
def test_windows_1252_note_from_a_heading_or_a_note_above_reaches_the_first_record(
        tmp_path: Path, above: str) -> None:
    """The first accented cell may be a heading ("Intitulé") or a notes row above it: the
    file's one note then goes on the first record (it was lost with the header row)."""
    path = tmp_path / "cat.csv"
    path.write_bytes((above + "Intitulé;ECTS;Organisme\nSoudure;2;Greta Nord\n"
                      "Gestion;3;Greta Sud\n").encode("cp1252"))
    first, second = records(run_loader(path)[0])
    (note,) = first.input_issues
    assert note.severity == "info" and "read as Windows-1252" in note.message
    assert note.locator == "A1"  # the first accented cell: the heading or the note above
    assert not second.input_issues


def test_utf16_without_bom_is_a_clear_file_error(tmp_path: Path) -> None:
    path = tmp_path / "cat.csv"
    path.write_bytes("Title,ECTS\nA,5\n".encode("utf-16-le"))
    doc = SourceDocument(path, display="cat.csv")
    loader = CsvCatalogueLoader()
    assert loader.matches(doc)
    with pytest.raises(InputError, match="UTF-16 text without a byte-order mark"):
        list(loader.load(doc))


def test_nul_bytes_removed_and_reported(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Title,ECTS\nDa\x00ta,5\n")
    (record,) = records(run_loader(path)[0])
    assert record.title == "Data"
    assert "NUL" in issues_by_locator(record)["A2"]


def test_formula_like_text_is_kept_as_text(tmp_path: Path) -> None:
    path = _csv(tmp_path, 'Title,ECTS,Notes\n"=HYPERLINK(""http://x"",""y"")",5,=1+1\n')
    (record,) = records(run_loader(path)[0])
    assert record.title == '=HYPERLINK("http://x","y")'
    assert record.extensions["col.notes"] == "=1+1"
    assert not record.input_issues


def test_wrong_types_are_input_issues_on_the_cell(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Title,ECTS,EQF level,Hours\nA,ten,9.5,lots\n")
    (record,) = records(run_loader(path)[0])
    issues = issues_by_locator(record)
    assert "expected a number" in issues["B2"]
    assert "whole number" in issues["C2"]
    assert "expected a number" in issues["D2"]
    assert record.title == "A"


def test_banner_rows_empty_rows_and_repeated_headers(tmp_path: Path) -> None:
    text = ("Catalogue 2025,,\n,,\nTitle,ECTS,Provider\nA,5,P\n,,\n  ,\t,\n"
            "Title,ECTS,Provider\nB,6,P\n")
    items, stats = run_loader(_csv(tmp_path, text))
    a, b = records(items)
    assert (a.record_id, b.record_id) == ("cat.csv!row4", "cat.csv!row8")
    assert a.provenance["title"].locator == "A4"
    assert (stats.empty_rows, stats.repeated_header_rows, stats.preamble_rows) == (2, 1, 1)


def test_ragged_rows_keep_extra_cells(tmp_path: Path) -> None:
    (record,) = records(run_loader(_csv(tmp_path, "Title,ECTS\nA,5,extra,more\n"))[0])
    assert record.extensions == {"col.column_c": "extra", "col.column_d": "more"}


def test_mapping_file_for_unusual_headers(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns:\n  Nom du module: title\n  Valeur: workload.ects\n"
                       "  Secret: ignore\n  Code NSF: extensions.fr.nsf\n", encoding="utf-8")
    path = _csv(tmp_path, "Nom du module,Valeur,Secret,Code NSF,Pays\nM1,4,x,326,FR\n")
    (record,) = records(run_loader(path, mapping=mapping)[0])
    assert record.title == "M1"
    assert record.workload is not None and record.workload.ects == 4
    assert record.extensions == {"fr.nsf": "326"}
    assert record.issuer_country == ("FR",)
    assert record.provenance["extensions.fr.nsf"].locator == "D2"


def test_no_header_row_is_a_file_error(tmp_path: Path) -> None:
    path = _csv(tmp_path, "a,b,c\n1,2,3\n4,5,6\n")
    doc = SourceDocument(path, display="cat.csv")
    loader = CsvCatalogueLoader()
    assert loader.matches(doc)
    with pytest.raises(InputError, match="no header row found") as info:
        list(loader.load(doc))
    assert "--mapping" in info.value.one_line()


def test_quoting_error_is_one_problem_and_the_rest_continue(tmp_path: Path) -> None:
    big = "x" * 1_000_001  # above the default max_text_chars: the csv module refuses it
    path = _csv(tmp_path, f"Title,ECTS\nA,1\n{big},2\nC,3\n")
    items, stats = run_loader(path)
    assert [type(i).__name__ for i in items] == ["CredentialRecord", "InputProblem",
                                                 "CredentialRecord"]
    problem = items[1]
    assert isinstance(problem, InputProblem)
    assert problem.locator == "3:3" and "cat.csv:row 3" in problem.message
    assert stats.data_rows == 3 and stats.problems == 1


def test_overlong_cell_is_an_issue(tmp_path: Path) -> None:
    path = _csv(tmp_path, f"Title,ECTS,Notes\nA,1,{'y' * 50}\n")
    (record,) = records(run_loader(path, limits=Limits(max_text_chars=40))[0])
    assert "longer than 40" in issues_by_locator(record)["C2"]
    assert "col.notes" not in record.extensions


def test_row_limit(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Title,ECTS\nA,1\nB,2\nC,3\n")
    doc = SourceDocument(path, display="cat.csv")
    doc.options = doc.options.__class__(limits=Limits(max_records_per_file=2))
    with pytest.raises(InputError, match="more than 2 rows"):
        list(CsvCatalogueLoader().load(doc))


def test_registry_detects_csv_and_counts_rows(tmp_path: Path) -> None:
    lines = ["Title,ECTS,EQF level"] + [f"Course {i},{i % 7},{i % 9}" for i in range(1, 301)]
    lines[50] = ",,"
    path = _csv(tmp_path, "\n".join(lines) + "\n")
    items = list(load_file(path, "cat.csv"))
    assert len(items) == 299
    assert all(isinstance(i, CredentialRecord) for i in items)
    eqf_issues = [i for i in items if isinstance(i, CredentialRecord)
                  and any(x.path.startswith("level") for x in i.input_issues)]
    assert len(eqf_issues) == 0  # 0..8 are whole numbers; range checks belong to rules
    zero = [i for i in items if isinstance(i, CredentialRecord) and i.input_issues]
    assert len(zero) == 42  # rows with ECTS 0 (i % 7 == 0): 'stated as 0' notes
    assert all(x.path == "workload.ects" for i in zero for x in i.input_issues)
