"""Fixtures: small ESCO packages sliced from the real CSVs in /work/shared/esco."""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from mcqa.esco import EscoIndex, import_esco

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "esco"
V111 = SHARED / "v1.1.1"
V120 = SHARED / "v1.2.0"

DB_SKILL = "http://data.europa.eu/esco/skill/6c08403c-a5bb-4868-b8c2-b7d039c0e511"
"""'design database scheme' (v1.1.1)."""
SQL_SKILL = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"
DB_DESIGNER = "http://data.europa.eu/esco/occupation/8d9ec84d-cf2d-4179-87bc-335cda54a427"


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a (possibly gzipped) ESCO CSV."""
    opener = gzip.open if path.suffix == ".gz" else open
    previous = csv.field_size_limit(2**31 - 1)
    try:
        with opener(path, "rt", encoding="utf-8", newline="") as fh:  # type: ignore[operator]
            reader = csv.DictReader(fh)
            return list(reader.fieldnames or []), list(reader)
    finally:
        csv.field_size_limit(previous)


def write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """Write rows as an ESCO-style CSV (RFC 4180, multi-line cells)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _slice(out: Path, layout: str) -> Path:
    """A coherent slice: database-designer skills + 600 others, their occupations, relations."""
    out.mkdir()
    sh, skills = read(V111 / "skills_en.csv.gz")
    _, rel = read(V111 / "occupationSkillRelations.csv.gz")
    occ_src = V111 if layout == "v1.1.1" else V120
    oh, occupations = read(occ_src / "occupations_en.csv.gz")
    keep_occ = {DB_DESIGNER} | {o["conceptUri"] for o in occupations[:40]}
    rel = [r for r in rel if r["occupationUri"] in keep_occ]
    keep_skill = {r["skillUri"] for r in rel} | {s["conceptUri"] for s in skills[:600]}
    keep_skill |= {DB_SKILL, SQL_SKILL}
    skills = [s for s in skills if s["conceptUri"] in keep_skill]
    labels = {s["conceptUri"]: s["preferredLabel"] for s in skills}
    rel = [r for r in rel if r["skillUri"] in labels]
    occupations = [o for o in occupations if o["conceptUri"] in keep_occ]
    occ_labels = {o["conceptUri"]: o["preferredLabel"] for o in occupations}
    write(out / "skills_en.csv", sh, skills)
    write(out / "occupations_en.csv", oh, occupations)
    suffix = "" if layout == "v1.1.1" else "_en"
    if layout == "v1.1.1":
        write(out / "occupationSkillRelations.csv",
              ["occupationUri", "relationType", "skillType", "skillUri"], rel)
    else:  # v1.2.x English package: label columns added, `_en` suffix
        for r in rel:
            r["occupationLabel"] = occ_labels.get(r["occupationUri"], "")
            r["skillLabel"] = labels[r["skillUri"]]
        write(out / "occupationSkillRelations_en.csv",
              ["occupationUri", "occupationLabel", "relationType", "skillType", "skillUri",
               "skillLabel"], rel)
    src = V111 if layout == "v1.1.1" else V120
    for name in ("skillGroups_en.csv", "ISCOGroups_en.csv", "skillsHierarchy_en.csv",
                 "digitalSkillsCollection_en.csv", "transversalSkillsCollection_en.csv"):
        header, rows = read(src / name)
        write(out / name, header, rows)
    header, rows = read(src / f"broaderRelationsSkillPillar{suffix}.csv.gz")
    write(out / f"broaderRelationsSkillPillar{suffix}.csv", header,
          [r for r in rows if r["conceptUri"] in labels or r["conceptType"] == "SkillGroup"])
    header, rows = read(src / f"skillSkillRelations{suffix}.csv"
                        if layout != "v1.1.1" else src / "skillSkillRelations.csv.gz")
    write(out / f"skillSkillRelations{suffix}.csv", header,
          [r for r in rows if r["originalSkillUri"] in labels])
    return out


@pytest.fixture(scope="session")
def slice_v111(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Folder in the v1.1.1 English-package layout (relation files without ``_en``)."""
    return _slice(tmp_path_factory.mktemp("pkg") / "ESCO dataset - v1.1.1", "v1.1.1")


@pytest.fixture(scope="session")
def zip_v120(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Zip in the v1.2.x layout (``_en`` everywhere, labelled relation file, subfolder)."""
    folder = _slice(tmp_path_factory.mktemp("pkg120") / "v1.2.0-csv", "v1.2.0")
    target = folder.parent / "ESCO dataset - v1.2.0 - classification - en - csv.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(folder.iterdir()):
            zf.write(file, f"esco/{file.name}")
    return target


@pytest.fixture(scope="session")
def slice_db(slice_v111: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the v1.1.1 slice."""
    db = tmp_path_factory.mktemp("db") / "esco.sqlite"
    import_esco(slice_v111, db)
    return db


@pytest.fixture()
def index(slice_db: Path) -> Iterator[EscoIndex]:
    """Open index of the slice."""
    ix = EscoIndex.open(slice_db)
    yield ix
    ix.close()


@pytest.fixture(scope="session")
def full_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The complete official English v1.1.1 package, imported once."""
    db = tmp_path_factory.mktemp("full") / "esco.sqlite"
    import_esco(V111, db)
    return db


def turtle_from_csv(slice_dir: Path, obsolete_uri: str, replacement: str) -> str:
    """SKOS/ESCO-model Turtle for the slice, plus one obsolete skill (made up for the test)."""
    import rdflib
    from rdflib.namespace import DCTERMS, RDF, SKOS

    esco = rdflib.Namespace("http://data.europa.eu/esco/model#")
    thes = rdflib.Namespace("http://purl.org/iso25964/skos-thes#")
    g = rdflib.Graph()
    g.bind("esco", esco)
    g.bind("skos", SKOS)
    _, skills = read(slice_dir / "skills_en.csv")
    db_skill = next(x for x in skills if x["conceptUri"] == DB_SKILL)
    for n, s in enumerate([*skills[:300], db_skill]):
        node = rdflib.URIRef(s["conceptUri"])
        g.add((node, RDF.type, esco.Skill))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.prefLabel, rdflib.Literal(s["preferredLabel"].strip(), lang="en")))
        g.add((node, SKOS.prefLabel, rdflib.Literal("etiqueta", lang="es")))
        for alt in s["altLabels"].split("\n"):
            if alt.strip():
                g.add((node, SKOS.altLabel, rdflib.Literal(alt.strip(), lang="en")))
        desc = rdflib.URIRef(f"http://example.org/literal/{n}")
        g.add((node, DCTERMS.description, desc))
        g.add((desc, esco.nodeLiteral, rdflib.Literal(s["description"])))
        g.add((desc, esco.language, rdflib.Literal("en")))
        g.add((node, esco.skillType, rdflib.URIRef(
            "http://data.europa.eu/esco/skill-type/"
            + ("knowledge" if s["skillType"] == "knowledge" else "skill"))))
        g.add((node, esco.skillReuseLevel, rdflib.URIRef(
            f"http://data.europa.eu/esco/skill-reuse-level/{s['reuseLevel']}")))
        g.add((node, thes.status, rdflib.Literal("released")))
    old = rdflib.URIRef(obsolete_uri)
    g.add((old, RDF.type, esco.Skill))
    g.add((old, SKOS.prefLabel, rdflib.Literal("design old database schemes", lang="en")))
    g.add((old, thes.status, rdflib.Literal("obsolete")))
    g.add((old, DCTERMS.isReplacedBy, rdflib.URIRef(replacement)))
    occ = rdflib.URIRef(DB_DESIGNER)
    g.add((occ, RDF.type, esco.Occupation))
    g.add((occ, SKOS.prefLabel, rdflib.Literal("database designer", lang="en")))
    g.add((occ, SKOS.broader, rdflib.URIRef("http://data.europa.eu/esco/isco/C2521")))
    g.add((occ, esco.hasEssentialSkill, rdflib.URIRef(DB_SKILL)))
    isco = rdflib.URIRef("http://data.europa.eu/esco/isco/C2521")
    g.add((isco, RDF.type, esco.ISCOGroup))
    g.add((isco, SKOS.prefLabel, rdflib.Literal("Database designers and administrators",
                                                 lang="en")))
    buf = io.StringIO(g.serialize(format="turtle"))
    return buf.getvalue()
