"""Real spreadsheets from the shared corpus: load sensibly or fail in one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcqa.loaders import load_file
from mcqa.model import InputProblem

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "catalogues"
EDC = sorted((CORPUS / "edc-issuer-spreadsheets").glob("*.xlsx"))
EDUBADGES = CORPUS / "edubadges-award-csv" / "sample_direct_award.csv"


def test_corpus_present() -> None:
    assert len(EDC) == 3 and EDUBADGES.is_file()


@pytest.mark.parametrize("path", EDC, ids=lambda p: p.name)
def test_edc_issuer_workbooks_are_refused_clearly(path: Path) -> None:
    (problem,) = list(load_file(path, path.name))
    assert isinstance(problem, InputProblem)
    assert problem.message.startswith(f"{path.name}:'Europass Credentials'!A1: ")
    assert "Europass EDC Issuer bulk-issuing workbook" in problem.message
    assert "ELM JSON-LD" in problem.message
    assert "\n" not in problem.message


def test_edubadges_award_csv_is_refused_clearly() -> None:
    (problem,) = list(load_file(EDUBADGES, EDUBADGES.name))
    assert isinstance(problem, InputProblem)
    assert problem.message.startswith("sample_direct_award.csv:row 1: header row 1 has no "
                                      "title column")
    assert "list of awards to learners" in problem.message
    assert "Recipient mailadres → learner.identifier" in problem.message
    assert "--mapping" in problem.message and "\n" not in problem.message


def test_edubadges_award_csv_loads_with_a_mapping(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns:\n  Narrative (optional): title\n", encoding="utf-8")
    from mcqa.loaders.base import LoadOptions

    items = list(load_file(EDUBADGES, EDUBADGES.name, LoadOptions(mapping_file=mapping)))
    assert len(items) == 4  # four recipients, one item each
    first = items[0]
    assert not isinstance(first, InputProblem)
    assert first.title == "Lorum ipsum dolor set amet."
    assert first.learner is not None and first.learner.identifier == "john@example.org"
    assert first.grade is not None and first.grade.value == "ECTS8"
    assert first.extensions["col.recipient_eppn"] == "123456789@example.org"
