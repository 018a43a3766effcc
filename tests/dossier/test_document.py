"""The dossier and the reports as documents: summary, formatted values, targets without
framework data, PDF page counts and text (WeasyPrint, pypdf)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from mcqa.cli import cli
from mcqa.dossier import dossier_for_file
from mcqa.render.dossier_html import render_dossier_html
from mcqa.render.dossier_md import render_dossier_md
from mcqa.render.pdf import render_dossier_pdf

from .conftest import EXAMPLE, PINNED_PACK, REVIEW

EU_EEA = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
          "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS",
          "LI", "NO"]


SIX_EXAMPLES = [f"examples/{n}" for n in (
    "de-cloud-security.yaml", "fr-mooc-gaps.yaml", "gr-green-skills-gaps.yaml",
    "ie-data-analytics-nfq8.yaml", "ie-nfq8-elm-credential.json", "nz-solar-install.yaml")]
"""The six examples the issue measured the printed gap report on."""


def _pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


@pytest.fixture(scope="module")
def bundled(esco_db: Path):  # type: ignore[no-untyped-def]
    return dossier_for_file(EXAMPLE, "DE", esco_db=esco_db, review=REVIEW,
                            packs=[PINNED_PACK], as_of=date(2025, 10, 1))


def test_bundled_dossier_pdf_has_at_most_five_pages(bundled) -> None:  # type: ignore[no-untyped-def]
    data = render_dossier_pdf(bundled)
    assert data == render_dossier_pdf(bundled)  # deterministic bytes
    pages, text = _pdf_text(data)
    assert pages <= 5, f"{pages} pages"
    first = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    for needle in ("Responsible Data Analytics for Public Services",
                   "Corrib Technological University", "IE-NFQ 8 → EQF 6 → DE-DQR 6",
                   "5 ECTS (125 hours)", "Recognition advice: Recognise",
                   "Quality assurance", "Identification of the", "Most important gaps",
                   "CONFORMS, with 1 warning", "Page 1 of"):
        assert needle in first, needle
    assert "EQF 6 · IE-NFQ 8" in text and f"Page {pages} of {pages}" in text
    assert "did:example" in first and "readkong" not in text


def test_dossier_with_the_full_esco_index_still_prints_to_five_pages(
        tmp_path: Path) -> None:
    """With the whole English ESCO release installed the dossier gains suggestions,
    reasons and related occupations; it must still fit five pages, and the release is
    written as a reader reads it, not as a JSON object."""
    from mcqa.esco import import_esco

    from .conftest import ESCO_DIR

    db = tmp_path / "esco.sqlite"
    import_esco(ESCO_DIR, db, version="v1.1.1")
    dossier = dossier_for_file(EXAMPLE, "DE", esco_db=db, packs=[PINNED_PACK],
                               as_of=date(2025, 10, 1), esco_lang="de")
    assert dossier.reproducibility.esco_release == "ESCO v1.1.1 (en)"
    assert dossier.reproducibility.esco_counts["skill"] == 13896
    pages, text = _pdf_text(render_dossier_pdf(dossier, lang="de"))
    assert pages <= 5, f"{pages} pages"
    assert "ESCO v1.1.1 (en): 13.896 Fähigkeiten, 3.007 Berufe" in text.replace("\n", " ")
    assert '{"' not in text
    md = render_dossier_md(dossier, lang="de")
    assert "ESCO v1.1.1 (en): 13.896 Fähigkeiten, 3.007 Berufe" in md


def test_document_values_are_formatted_and_sources_numbered(bundled) -> None:  # type: ignore[no-untyped-def]
    html = render_dossier_html(bundled)
    assert "credit_amount:" not in html and "eqf: 6" not in html
    assert "learning_outcomes</td>" not in html and "Notional workload" in html
    assert "read as “supervised online with identity verification”" in html
    assert [n.n for n in bundled.notes] == list(range(1, len(bundled.notes) + 1))
    assert all(e.note for e in bundled.elements if e.present)
    assert all(o.relevance > 0.5 and o.via_labels for o in bundled.esco.occupations)
    skill = next(s for o in bundled.esco.outcomes for s in o.stated if s.label)
    assert f'<a href="{skill.uri}">{skill.label}</a>' in html
    md = render_dossier_md(bundled)
    notes = md.split("## Notes")[1].split("## Reproducibility")[0]
    assert "\\_" not in notes and "_" in notes and "5 ECTS (125 hours)" in md


def test_substantial_differences_only_with_evidence(bundled) -> None:  # type: ignore[no-untyped-def]
    areas = {a.key: a for a in bundled.gaps.areas}
    assert "other" not in areas
    assert all(it.status in ("fail", "error") for a in areas.values() for it in a.items)
    # "Online assessment, proctored, with photo-ID check" states supervision and an identity
    # check: the Annex I category, no gap to map since the acceptance round of issue #19
    assert "EU-AI-O02a" not in bundled.gaps.mapped
    assert not any(it.rule_id == "EU-AI-O02a" for a in areas.values() for it in a.items)
    assert {r.rule_id for r in bundled.gaps.evidence_requests} >= {"EU-AII-P03", "EU-AII-P10"}
    # quality assurance is stated internally ("programme validation") and externally (QQI):
    # no gap left there since issue #19, so nothing conditions the recognition
    assert bundled.advice.advice == "recognise"
    assert len(bundled.key_gaps) == 2


def test_an_unconfirmed_level_translation_is_a_question_not_a_difference() -> None:
    """EQF 6 -> NL-NLQF 6 is unconfirmed in mcqa's data (the digest found no primary text
    for the one-to-one table). That is no difference shown by the credential: the level
    area asks the evaluator to verify, and the advice is conditional, not 'substantial
    differences'. A level with no counterpart stays a possible difference."""
    d = dossier_for_file(Path("examples/de-cloud-security.yaml"), "NL",
                         use_default_esco=False, as_of=date(2026, 1, 1))
    assert d.level.outcome == "unconfirmed"
    level = next(a for a in d.gaps.areas if a.key == "level")
    assert level.verdict == "evidence needed"
    assert any("unconfirmed" in n for n in level.notes)
    assert d.advice.advice == "recognise_with_conditions"
    assert d.advice.differences == () and "Level" in d.advice.conditions


@pytest.mark.parametrize("code", EU_EEA)
def test_every_eu_eea_country_is_a_target(code: str) -> None:
    d = dossier_for_file(EXAMPLE, code, use_default_esco=False, packs=[PINNED_PACK],
                         as_of=date(2025, 10, 1))
    assert d.target_country == code and d.level.eqf_levels == (6,)
    if d.target_framework is None:
        assert d.target_note and "no qualifications-framework data" in d.target_note
        assert d.level.outcome == "no_target_framework"
        assert d.workload.target is not None and d.workload.target.unit == "ECTS"


def test_greece_as_el_or_gr_gets_every_section_and_says_so(tmp_path: Path) -> None:
    for code in ("GR", "EL"):
        out = tmp_path / f"{code}.html"
        res = CliRunner().invoke(cli, ["dossier", str(EXAMPLE), "--to", code, "--no-esco",
                                       "--as-of", "2025-10-01", "-o", str(out)])
        assert res.exit_code == 0, res.output
        html = out.read_text(encoding="utf-8")
        assert "mcqa holds no qualifications-framework data for GR" in html
        for section in ("Recognition advice", "1. Annex I elements", "2. Level and workload",
                        "3. Substantial differences", "4. Evidence to request",
                        "5. Learning outcomes", "Notes", "Reproducibility"):
            assert section in html, section


def test_cli_dossier_pdf_and_unknown_target(tmp_path: Path) -> None:
    out = tmp_path / "d.pdf"
    res = CliRunner().invoke(cli, ["dossier", str(EXAMPLE), "--to", "IE-NFQ", "--no-esco",
                                   "--as-of", "2025-10-01", "--format", "pdf", "-o", str(out)])
    assert res.exit_code == 0, res.output
    pages, text = _pdf_text(out.read_bytes())
    assert 1 <= pages <= 5 and "Recognition advice" in text
    res = CliRunner().invoke(cli, ["dossier", str(EXAMPLE), "--to", "XX", "--no-esco"])
    assert res.exit_code != 0


def test_gap_report_of_the_six_examples_prints_to_six_pages(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    res = CliRunner().invoke(cli, ["check", *SIX_EXAMPLES, "--format", "pdf", "--as-of",
                                   "2026-01-01", "-o", str(out)])
    assert res.exit_code == 1, res.output
    pages, text = _pdf_text(out.read_bytes())
    assert pages <= 6, f"{pages} pages"
    assert "EU-AI-M05a" in text and "EU-\nAI" not in text and "rules passed" in text
    assert "CONFORMS, with" in text and "Found: 2031-01-01" in text
