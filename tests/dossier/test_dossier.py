"""Recognition dossier: goldens, JSON-LD round trip, inert markup, review decisions, browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from mcqa.cli import cli
from mcqa.dossier import build_dossier, dossier_for_file, load_record
from mcqa.errors import ConfigError
from mcqa.render.dossier_html import render_dossier_html
from mcqa.render.dossier_jsonld import dossier_graph, render_dossier_jsonld
from tests.conftest import REPO
from tests.test_reports_golden import make_reports

from .conftest import EXAMPLE, PINNED_PACK, REVIEW

AS_OF = "2025-10-01"
EVIL_TITLE = "<script>alert(1)</script>Evil <img src=x onerror=alert(2)> \"</style>"


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_golden_dossiers(esco_db: Path, tmp_path: Path) -> None:
    """reports/dossier-ie-nfq8-de.* as scripts/make_reports.py writes them (German: the
    target country's language)."""
    for path in make_reports.build_dossiers(tmp_path, esco_db):
        golden = REPO / "reports" / path.name
        assert path.read_bytes() == golden.read_bytes(), (
            f"{golden.name} drifted; review and run python scripts/make_reports.py")
    assert '<html lang="de">' in (REPO / "reports" / "dossier-ie-nfq8-de.html").read_text(
        encoding="utf-8")


def test_dossier_content(esco_db: Path) -> None:
    d = dossier_for_file(EXAMPLE, "DE", esco_db=esco_db, review=REVIEW, packs=[PINNED_PACK],
                         as_of=date.fromisoformat(AS_OF))
    assert [e.key for e in d.elements][:2] == ["learner", "title"] and len(d.elements) == 16
    assert d.level.path == "IE-NFQ 8 → EQF 6 → DE-DQR 6" and d.level.outcome == "mapped"
    assert d.workload.ects is not None and d.workload.ects.text == "5 ECTS"
    checks = {s.uri.rsplit("/", 1)[1]: s.check for o in d.esco.outcomes for s in o.stated}
    assert checks["00000000-0000-4000-8000-000000000000"] == "unknown"
    assert checks["2b92a5b2-6758-4ee3-9fb4-b6387a55cc8f"] == "ok"
    reviewed = {s.uri.rsplit("/", 1)[1]: (s.review_status, s.reviewer)
                for o in d.esco.outcomes for s in o.suggested if s.review_status != "unreviewed"}
    who = "M. Keane (recognition officer)"
    assert reviewed == {"c3e36d05-8ae8-447f-bb2b-6f9409f85389": ("accepted", who),
                        "3d3ee5c3-4286-457f-9f76-1704011f7e11": ("rejected", who)}
    # occupations only above the relevance threshold: in this slice none needs more than
    # half of the four confirmed skills as essential
    assert all(o.isco_code and o.relevance > d.esco.occupation_threshold
               for o in d.esco.occupations)
    roles = [f.role for f in d.reproducibility.inputs]
    # Bundled packs are identified by id and version; only user-supplied files are hashed.
    assert roles == ["credential", "review decisions"]
    assert any(p.startswith("eu-2022") for p in d.reproducibility.packs)
    assert all(re.fullmatch("[0-9a-f]{64}", f.sha256) for f in d.reproducibility.inputs)


def test_nz_target_has_ranges_and_comparison_note() -> None:
    d = dossier_for_file(EXAMPLE, "NZ-NZQF", use_default_esco=False, packs=[PINNED_PACK],
                         as_of=date.fromisoformat(AS_OF))
    assert d.workload.target is not None and d.workload.target.text == "12.5-15 NZ"
    assert d.level.outcome == "comparison_only"
    level_area = next(a for a in d.gaps.areas if a.key == "level")
    assert level_area.verdict == "possible substantial difference"
    assert d.advice.advice == "substantial_differences" and "Level" in d.advice.differences


def test_without_esco_says_so() -> None:
    d = dossier_for_file(EXAMPLE, "IE-NFQ", use_default_esco=False, packs=[PINNED_PACK],
                         as_of=date.fromisoformat(AS_OF))
    assert not d.esco.performed and "not performed" in d.esco.statement
    assert "ESCO mapping was not performed" in render_dossier_html(d)


def test_jsonld_round_trip(esco_db: Path) -> None:
    d = dossier_for_file(EXAMPLE, "DE", esco_db=esco_db, review=REVIEW, packs=[PINNED_PACK],
                         as_of=date.fromisoformat(AS_OF))
    text = render_dossier_jsonld(d)
    parsed = Graph().parse(data=text, format="json-ld")
    assert isomorphic(parsed, dossier_graph(d))
    assert any(str(o) == "http://data.europa.eu/snb/eqf/6" for o in parsed.objects())
    assert text == render_dossier_jsonld(d)


def _evil_dossier(tmp_path: Path) -> tuple[Path, str]:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    claim = data["credentialSubject"]["hasClaim"][0]
    claim["title"]["en"] = EVIL_TITLE
    claim["specifiedBy"]["learningOutcome"][2]["title"]["en"] = "<img src=x onerror=alert(3)>LO"
    src = tmp_path / "evil.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    d = dossier_for_file(src, "DE", use_default_esco=False, packs=[PINNED_PACK],
                         as_of=date.fromisoformat(AS_OF))
    return src, render_dossier_html(d)


def test_injected_markup_is_inert(tmp_path: Path) -> None:
    _src, html = _evil_dossier(tmp_path)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    for box in ("@top-left{content:", "@top-right{content:"):
        header = style.split(box, 1)[1].split(";", 1)[0]
        assert "<" not in style and re.fullmatch(r'"[A-Za-z0-9\\]*"', header), header


def test_unknown_target_and_determinism() -> None:
    rec = load_record(EXAMPLE)
    with pytest.raises(ConfigError, match="unknown framework or country"):
        build_dossier(rec, "XX", packs=[PINNED_PACK], as_of=date(2025, 10, 1))
    a = build_dossier(rec, "DE", packs=[PINNED_PACK], as_of=date(2025, 10, 1))
    b = build_dossier(rec, "DE", packs=[PINNED_PACK], as_of=date(2025, 10, 1))
    assert a == b and a.as_of == "2025-10-01"


CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.mark.browser
def test_browser_renders_and_prints(tmp_path: Path, esco_db: Path) -> None:
    assert shutil.which(CHROMIUM), (f"{CHROMIUM} not found: install it with "
                                    "`apt-get update && apt-get install -y chromium`")
    d = dossier_for_file(EXAMPLE, "DE", esco_db=esco_db, review=REVIEW, packs=[PINNED_PACK],
                         as_of=date.fromisoformat(AS_OF))
    page = tmp_path / "dossier.html"
    page.write_text(render_dossier_html(d), encoding="utf-8")
    _src, evil = _evil_dossier(tmp_path)
    evil_page = tmp_path / "evil.html"
    evil_page.write_text(evil, encoding="utf-8")

    def run(*args: str) -> str:
        proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                              capture_output=True, text=True, timeout=60, check=False)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout

    dom = run("--dump-dom", page.as_uri())
    text = re.sub(r"<[^>]+>", " ", dom.split("<body", 1)[1])
    text = " ".join(text.split())
    assert "Responsible Data Analytics for Public Services" in text
    assert "Recognition advice: Recognise" in text
    assert "IE-NFQ 8 → EQF 6 → DE-DQR 6" in text and "EQF 6" in text
    assert "Learning outcomes and ESCO skills" in text and "perform data analysis" in text
    assert 'aria-label="ESCO skills"' in dom
    evil_dom = run("--dump-dom", evil_page.as_uri())
    assert "<script" not in evil_dom.lower() and "<img" not in evil_dom.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in evil_dom
    pdf = tmp_path / "dossier.pdf"
    run("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))
    print(f"printed PDF pages: {pages}")
    assert 1 <= pages <= 5
