"""Importing ESCO: CSV layouts of v1.1.1 and v1.2.x, zip, Turtle/RDF-XML, idempotence, errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mcqa.errors import DataStoreError, InputError
from mcqa.esco import EscoIndex, import_esco, read_release

from .conftest import DB_DESIGNER, DB_SKILL, SQL_SKILL, V111, turtle_from_csv

OBSOLETE = "http://data.europa.eu/esco/skill/00000000-0000-4000-8000-0000000000aa"


def _table_counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'concept_fts_%'")]
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    conn.close()
    return counts


def test_csv_v111_layout(index: EscoIndex) -> None:
    assert index.version == "v1.1.1"
    assert index.language == "en"
    info = index.resolve(DB_SKILL)
    assert info is not None and info.type == "skill" and info.status == "released"
    assert info.preferred_label == "design database scheme"
    assert info.skill_type == "skill/competence" and info.reuse_level
    occ = index.resolve(DB_DESIGNER)
    assert occ is not None and occ.type == "occupation" and occ.isco_group == "2521"
    detail = index.detail(SQL_SKILL)
    assert detail is not None
    assert "digital" in detail.collections
    assert any(b["label"] == "query languages" for b in detail.broader)
    isco = index.resolve("http://data.europa.eu/esco/isco/C2521")
    assert isco is not None and isco.type == "isco-group"


def test_csv_v120_zip_layout(zip_v120: Path, tmp_path: Path) -> None:
    db = tmp_path / "v120.sqlite"
    counts = import_esco(zip_v120, db)
    index = EscoIndex.open(db)
    assert index.version == "v1.2.0"
    assert counts["occupation_skill"] > 0 and counts["skill-group"] == 640
    links = index.occupations_for([DB_SKILL])
    assert any(o.uri == DB_DESIGNER and o.relation == "essential" for o in links)
    assert index.detail(DB_SKILL) is not None


def test_reimport_is_idempotent(slice_v111: Path, tmp_path: Path) -> None:
    db = tmp_path / "esco.sqlite"
    import_esco(slice_v111, db)
    first = _table_counts(db)
    import_esco(slice_v111, db)
    assert _table_counts(db) == first
    assert first["concept"] > 600
    assert not list(tmp_path.glob(".*.tmp"))


def test_turtle_import_with_obsolete(slice_v111: Path, tmp_path: Path) -> None:
    ttl = tmp_path / "esco.ttl"
    ttl.write_text(turtle_from_csv(slice_v111, OBSOLETE, DB_SKILL), encoding="utf-8")
    db = tmp_path / "ttl.sqlite"
    counts = import_esco(ttl, db, version="v1.1.1")
    assert counts["skill"] == 302 and counts["occupation"] == 1
    index = EscoIndex.open(db)
    info = index.resolve(DB_SKILL)
    assert info is not None and info.preferred_label == "design database scheme"
    assert info.skill_type == "skill/competence"
    assert "Design" in info.description or "database" in info.description
    (check,) = index.validate_skill_uris([OBSOLETE])
    assert check.status == "obsolete" and check.replaced_by == DB_SKILL
    assert index.occupations_for([DB_SKILL])[0].isco_code == "2521"


def test_rdfxml_import_and_xxe_refused(slice_v111: Path, tmp_path: Path) -> None:
    import rdflib

    graph = rdflib.Graph().parse(data=turtle_from_csv(slice_v111, OBSOLETE, DB_SKILL),
                                 format="turtle")
    rdf = tmp_path / "esco.rdf"
    rdf.write_bytes(graph.serialize(format="xml", encoding="utf-8"))
    assert read_release(rdf).concepts[DB_SKILL].pref == "design database scheme"
    evil = tmp_path / "evil.rdf"
    evil.write_text(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">&x;</rdf:RDF>')
    with pytest.raises(InputError, match="entities"):
        read_release(evil)


def test_ntriples_import(slice_v111: Path, tmp_path: Path) -> None:
    import rdflib

    graph = rdflib.Graph().parse(data=turtle_from_csv(slice_v111, OBSOLETE, DB_SKILL),
                                 format="turtle")
    nt = tmp_path / "esco.nt"
    nt.write_text(graph.serialize(format="nt"), encoding="utf-8")
    assert len([c for c in read_release(nt).concepts.values() if c.kind == "skill"]) == 302


def test_bad_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_release(tmp_path / "missing")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no skills"):
        read_release(empty)
    bad = tmp_path / "badcols"
    bad.mkdir()
    (bad / "skills_en.csv").write_text("uri,label\nx,y\n")
    with pytest.raises(InputError, match="missing column"):
        read_release(bad)
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix x: <http://x/> . x:a x:b ")
    with pytest.raises(InputError, match="RDF syntax"):
        read_release(broken)
    with pytest.raises(DataStoreError, match="esco import"):
        EscoIndex.open(tmp_path / "none.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(DataStoreError):
        EscoIndex.open(junk)


def test_full_v111_import_counts(full_db: Path, tmp_path: Path) -> None:
    """The whole official package imports (its speed is measured by
    benchmarks/esco_benchmark.py, not asserted here: a shared CI machine makes timed tests
    flaky)."""
    counts = import_esco(V111, tmp_path / "again.sqlite")
    assert counts["skill"] == 13896 and counts["occupation"] == 3007
    assert counts["occupation_skill"] == 123855


def test_language_option_skips_other_language_packs(slice_v111: Path, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "two-languages"
    shutil.copytree(slice_v111, folder)
    (folder / "skills_de.csv").write_text("conceptUri,bevorzugt\nx,y\n", encoding="utf-8")
    data = read_release(folder, language="en")
    assert data.language == "en" and DB_SKILL in data.concepts
    with pytest.raises(InputError, match=r"skills_de\.csv"):
        read_release(folder)


def test_csv_field_limit_is_restored(slice_v111: Path) -> None:
    import csv

    before = csv.field_size_limit()
    read_release(slice_v111)
    assert csv.field_size_limit() == before


def test_index_content_is_deterministic_across_processes(slice_v111: Path, tmp_path: Path
                                                         ) -> None:
    """String hashing differs per process; the stored mapping tables must not."""
    import hashlib
    import os
    import subprocess
    import sys

    digests = []
    for seed in ("1", "2"):
        db = tmp_path / f"seed{seed}.sqlite"
        code = ("import sys; from pathlib import Path; from mcqa.esco import import_esco; "
                "import_esco(Path(sys.argv[1]), Path(sys.argv[2]))")
        subprocess.run([sys.executable, "-c", code, str(slice_v111), str(db)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        conn = sqlite3.connect(db)
        digest = hashlib.sha256()
        for table in ("map_posting", "map_skill", "map_assoc", "concept", "label"):
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
                digest.update(repr(row).encode())
        conn.close()
        digests.append(digest.hexdigest())
    assert digests[0] == digests[1]
