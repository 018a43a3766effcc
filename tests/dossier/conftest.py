"""Fixtures: a small ESCO index sliced from the real v1.1.1 CSV release in /work/shared."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest

ESCO_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "esco" / "v1.1.1"
EXAMPLE = Path("examples/ie-nfq8-elm-credential.json")
PINNED_PACK = "eu-2022"  # the live pack: golden dossiers change when the pack does
REVIEW = Path("tests/dossier/fixtures/review.yaml")
KEYWORDS = ("data", "statistic", "report", "visual", "regulation", "privacy", "python")


def _open(name: str) -> Iterator[dict[str, str]]:
    path = ESCO_DIR / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:  # type: ignore[operator]
        yield from csv.DictReader(fh)


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def build_slice(dest: Path) -> Path:
    """Skills whose label has one of KEYWORDS, occupations essential for the stated skills."""
    assert ESCO_DIR.is_dir(), f"ESCO release missing at {ESCO_DIR}"
    dest.mkdir(parents=True, exist_ok=True)
    skills = [r for r in _open("skills_en.csv.gz")
              if any(k in r["preferredLabel"].lower() for k in KEYWORDS)]
    uris = {r["conceptUri"] for r in skills}
    rels = [r for r in _open("occupationSkillRelations.csv.gz") if r["skillUri"] in uris]
    core = {"http://data.europa.eu/esco/skill/2b92a5b2-6758-4ee3-9fb4-b6387a55cc8f",
            "http://data.europa.eu/esco/skill/382c11ed-20d5-4ae7-b60e-15fec527fa6c"}
    occ_uris = sorted({r["occupationUri"] for r in rels if r["skillUri"] in core
                       and r["relationType"] == "essential"})[:40]
    occs = [r for r in _open("occupations_en.csv.gz") if r["conceptUri"] in set(occ_uris)]
    rels = [r for r in rels if r["occupationUri"] in set(occ_uris)]
    digital = [r for r in _open("digitalSkillsCollection_en.csv") if r["conceptUri"] in uris]
    _write(dest / "skills_en.csv", skills)
    _write(dest / "occupations_en.csv", occs)
    _write(dest / "occupationSkillRelations.csv", rels)
    if digital:
        _write(dest / "digitalSkillsCollection_en.csv", digital)
    return dest


@pytest.fixture(scope="session")
def esco_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SQLite ESCO index of the slice, built once per session with the import API."""
    from mcqa.esco import import_esco

    base = tmp_path_factory.mktemp("esco")
    db = base / "esco.sqlite"
    import_esco(build_slice(base / "csv"), db, version="v1.1.1")
    return db
