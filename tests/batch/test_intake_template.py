"""`mcqa template`: dropdowns from vocabularies, citations, and a filled copy reads back."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from mcqa.intake_template import COLUMNS, build_template
from mcqa.loaders import load_file
from mcqa.model import CredentialRecord


def test_template_structure_and_determinism() -> None:
    data = build_template(["eu-2022"])
    assert data == build_template(["eu-2022"])
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Instructions", "Intake", "Lists"]
    ws = wb["Intake"]
    assert [c.value for c in ws[1]] == [c[0] for c in COLUMNS]
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert any("Lists!" in f for f in formulas) and len(formulas) >= 8
    text = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row)
    assert "EU-AI-M07" in text and "Council Recommendation 2022/C 243/02" in text


def test_filled_template_reads_back_without_mapping(tmp_path: Path) -> None:
    wb = load_workbook(io.BytesIO(build_template()))
    ws = wb["Intake"]
    header = [c.value for c in ws[1]]
    values = {"id": "urn:x:1", "provider.name": "Liffey Uni", "title": "Data ethics in practice",
              "issuer_country": "IE", "awarding_body.name": "University of the Liffey",
              "learning_outcomes": "Explain the ethical risks of data reuse in public services\n"
                                   "Apply a data-protection impact assessment to a project",
              "workload.ects": 5, "level.eqf": 6, "participation_form": "online"}
    for key, value in values.items():
        ws.cell(row=2, column=header.index(key) + 1, value=value)
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    items = list(load_file(path))
    assert len(items) == 1 and isinstance(items[0], CredentialRecord), items
    rec = items[0]
    assert rec.title == "Data ethics in practice" and rec.record_id == "urn:x:1"
    assert rec.workload is not None and rec.workload.ects == 5
    assert rec.level is not None and rec.level.eqf == 6
    assert len(rec.learning_outcomes) == 2
    ref = rec.source_of("title")
    assert ref is not None and ref.locator == "Intake!E2"


def test_template_takes_output_as_argument_or_with_o(tmp_path: Path) -> None:
    """`-o` writes the workbook like every other command; naming it twice, or not at all,
    is a usage error in the chosen language (exit 2), never a silent choice."""
    from click.testing import CliRunner

    from mcqa.cli import cli

    runner = CliRunner()
    assert runner.invoke(cli, ["template", "-o", str(tmp_path / "a.xlsx")]).exit_code == 0
    assert runner.invoke(cli, ["template", str(tmp_path / "b.xlsx")]).exit_code == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    twice = runner.invoke(cli, ["template", str(tmp_path / "c.xlsx"), "-o",
                                str(tmp_path / "d.xlsx"), "--lang", "de"])
    assert twice.exit_code == 2 and "genau einmal" in twice.output
    assert not (tmp_path / "c.xlsx").exists() and not (tmp_path / "d.xlsx").exists()
    assert runner.invoke(cli, ["template"]).exit_code == 2
