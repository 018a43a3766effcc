"""ESCO in several languages, with the real translated files in ../shared/esco.

The English base is the v1.1.1 slice of ``conftest``; French labels come from the real
v1.1.1 French package (digital collection, occupations, skill groups) plus a
``skills_fr.csv`` sliced from the complete v1.0.x French list (in the official CSV
layout); German from the real v1.2.0 German package, another release (matched by URI).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from mcqa.errors import InputError
from mcqa.esco import EscoIndex, Mapper, import_esco
from mcqa.esco.languages import analyzer, detect_language
from mcqa.esco.mapper import TextLanguageError

from .conftest import DB_DESIGNER, DB_SKILL, SHARED, read, write
from .test_cli_esco import invoke

FR_DB_SKILL = "concevoir un schéma de base de données"
DE_DB_SKILL = "Datenbankschema konzipieren"


def _uris(slice_dir: Path, name: str) -> set[str]:
    return {r["conceptUri"] for r in read(slice_dir / name)[1]}


@pytest.fixture(scope="session")
def fr_package(slice_v111: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A French package folder sliced to the base's concepts plus 50 others."""
    out = tmp_path_factory.mktemp("fr") / "ESCO dataset - v1.1.1 - fr"
    out.mkdir()
    skills = _uris(slice_v111, "skills_en.csv")
    header, rows = read(SHARED / "v1.0.x-fr" / "skills_fr.csv.gz")
    write(out / "skills_fr.csv", header, [r for r in rows if r["conceptUri"] in skills])
    header, rows = read(SHARED / "v1.1.1-fr" / "digitalSkillsCollection_fr.csv")
    extra = [r for r in rows if r["conceptUri"] not in skills][:50]  # not in the base
    write(out / "digitalSkillsCollection_fr.csv", header,
          [r for r in rows if r["conceptUri"] in skills] + extra)
    occupations = _uris(slice_v111, "occupations_en.csv")
    header, rows = read(SHARED / "v1.1.1-fr" / "occupations_fr.csv.gz")
    write(out / "occupations_fr.csv", header, [r for r in rows if r["conceptUri"] in occupations])
    return out


@pytest.fixture(scope="session")
def de_zip(slice_v111: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real German v1.2.0 digital collection and occupations (sliced), as a zip."""
    folder = tmp_path_factory.mktemp("de")
    occupations = _uris(slice_v111, "occupations_en.csv")
    header, rows = read(SHARED / "v1.2.0-de" / "occupations_de.csv.gz")
    write(folder / "occupations_de.csv", header,
          [r for r in rows if r["conceptUri"] in occupations])
    header, rows = read(SHARED / "v1.2.0-de" / "digitalSkillsCollection_de.csv")
    write(folder / "digitalSkillsCollection_de.csv", header, rows)
    target = folder / "ESCO dataset - v1.2.0 - classification - de - csv.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(folder.glob("*.csv")):
            zf.write(file, f"de/{file.name}")
    return target


@pytest.fixture(scope="session")
def multi_db(slice_v111: Path, fr_package: Path, de_zip: Path,
             tmp_path_factory: pytest.TempPathFactory) -> Path:
    """English base + French + German labels in one index."""
    db = tmp_path_factory.mktemp("multi") / "esco.sqlite"
    import_esco([slice_v111, fr_package, de_zip], db)
    return db


@pytest.fixture()
def multi(multi_db: Path) -> Iterator[EscoIndex]:
    ix = EscoIndex.open(multi_db)
    yield ix
    ix.close()


def test_languages_and_release_mismatch_recorded(multi: EscoIndex) -> None:
    langs = {info.code: info for info in multi.languages}
    assert list(langs) == ["en", "de", "fr"]
    assert langs["en"].base and not langs["fr"].base
    assert langs["fr"].version == "v1.1.1" and langs["de"].version == "v1.2.0"
    assert langs["fr"].counts["dropped"] == 50  # the 50 skills the base does not have
    assert langs["fr"].counts["skill"] > 0.95 * multi.counts["skill"]  # v1.0.x list
    assert langs["de"].counts["occupation"] > 0
    assert langs["de"].counts["dropped"] > 0  # v1.2.0 skills new since v1.1.1


def test_labels_in_output_language_with_fallback(multi: EscoIndex) -> None:
    assert multi.label(DB_SKILL, "fr") == FR_DB_SKILL
    assert multi.label(DB_SKILL, "de") == DE_DB_SKILL
    assert multi.label(DB_SKILL, "en") == "design database scheme"
    assert multi.label(DB_SKILL, "pl") == "design database scheme"  # not held: base
    fr = multi.localized(multi.resolve(DB_SKILL), "fr")  # type: ignore[arg-type]
    assert fr.preferred_label == FR_DB_SKILL and fr.description.startswith("Élaborer")
    assert multi.label(DB_DESIGNER, "fr") != multi.label(DB_DESIGNER, "en")


def test_french_text_mapped_against_french_labels(multi: EscoIndex) -> None:
    mapper = Mapper(multi, text_lang="fr")
    found = mapper.map("Concevoir le schéma d'une base de données relationnelle", top=5)
    assert DB_SKILL in [s.uri for s in found]
    hit = next(s for s in found if s.uri == DB_SKILL)
    assert hit.label == "design database scheme"  # labels shown in the base language
    assert hit.matched_label == FR_DB_SKILL  # matched against the French label
    assert hit.ranker == "lexical"
    shown = Mapper(multi, text_lang="fr", lang="fr").map(
        "Concevoir le schéma d'une base de données relationnelle", top=5)
    assert FR_DB_SKILL in [s.label for s in shown]


def test_language_detected_per_text(multi: EscoIndex) -> None:
    mapper = Mapper(multi, lang="de")
    texts = ["Concevoir le schéma d'une base de données relationnelle pour l'entreprise",
             "design the scheme of a relational database for the company"]
    assert [mapper.text_language(t) for t in texts] == ["fr", "en"]
    results = mapper.map_many(texts, top=5)
    for found in results:
        assert DB_SKILL in [s.uri for s in found]
        assert DE_DB_SKILL in [s.label for s in found]


def test_stop_word_detection_without_py3langid(monkeypatch: pytest.MonkeyPatch) -> None:
    import mcqa.esco.languages as languages

    monkeypatch.setattr(languages, "_langid", lambda _pool: None)
    found = detect_language("Être capable de concevoir le schéma d'une base de données")
    assert (found.language, found.method) == ("fr", "stop-words")
    assert detect_language("Python").language is None  # too short to tell


def test_french_text_on_english_only_index_is_refused(index: EscoIndex) -> None:
    mapper = Mapper(index)
    with pytest.raises(TextLanguageError, match=r"French .* holds labels in en only"):
        mapper.map("Concevoir le schéma d'une base de données relationnelle et la gérer")
    with pytest.raises(TextLanguageError):
        Mapper(index, text_lang="fr").map("base de données")
    assert mapper.map("design a relational database scheme")  # English still maps


def test_analyzer_meets_word_forms() -> None:
    fr = analyzer("fr")
    assert set(fr("développer des logiciels")) & set(fr("développement logiciel")) == {
        "developp", "logiciel"}
    # stop-words (boilerplate too) out, plural and singular meet, accents folded
    assert fr("Les compétences de l'apprenant en bases de données") == ["bas", "don"]
    assert fr("base de donnée") == ["bas", "don"]
    de = analyzer("de")
    assert de("Datenbanken")[0] == de("Datenbank")[0] == "datenbank"


def test_package_language_must_be_clear(slice_v111: Path, tmp_path: Path) -> None:
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for code in ("fr", "nl"):
        header, rows = read(SHARED / f"v1.1.1-{code}" / f"researchSkillsCollection_{code}.csv")
        write(mixed / f"researchSkillsCollection_{code}.csv", header, rows)
    with pytest.raises(InputError, match="cannot tell the language"):
        import_esco([slice_v111, mixed], tmp_path / "x.sqlite")
    assert not (tmp_path / "x.sqlite").exists()


def test_cli_import_status_map(slice_v111: Path, fr_package: Path, de_zip: Path,
                               tmp_path: Path) -> None:
    db = tmp_path / "esco.sqlite"
    code, out, err = invoke(["esco", "import", str(slice_v111), str(fr_package),
                             str(de_zip), "--db", str(db), "--format", "text"])
    assert code == 0, err
    assert "+ fr labels (v1.1.1)" in out
    assert "release v1.2.0 is not the base's v1.1.1" in out
    code, out, err = invoke(["esco", "status", "--db", str(db), "--format", "json"])
    assert [lang["code"] for lang in json.loads(out)["languages"]] == ["en", "de", "fr"]
    code, out, err = invoke(["esco", "map", "Concevoir un schéma de base de données",
                             "--db", str(db), "--lang", "de", "--format", "json"])
    assert code == 0, err
    result = json.loads(out)["results"][0]
    assert result["text_lang"] == "fr"
    assert DE_DB_SKILL in [s["label"] for s in result["suggestions"]]


def test_cli_warns_on_language_not_in_index(slice_db: Path) -> None:
    code, _out, err = invoke(["esco", "map", "--db", str(slice_db), "--format", "text",
                              "Zarządzanie zespołem programistów i analiza danych"])
    assert code == 2
    assert "Polish (pl, detected)" in err and "holds labels in en only" in err


def test_dossier_and_check_use_output_language(multi_db: Path) -> None:
    from mcqa.dossier import dossier_for_file

    example = Path(__file__).resolve().parents[2] / "examples" / "ie-nfq8-elm-credential.json"
    d = dossier_for_file(example, "IE", esco_db=multi_db, esco_lang="fr")
    index = EscoIndex.open(multi_db)
    try:
        labels = [s.label for o in d.esco.outcomes for s in o.suggested]
        assert labels, "the example's outcomes get suggestions"
        assert all(s.label == index.label(s.uri, "fr") for o in d.esco.outcomes
                   for s in o.suggested)
        assert any(index.label(s.uri, "fr") != index.label(s.uri, "en")
                   for o in d.esco.outcomes for s in o.suggested)
    finally:
        index.close()


def test_api_esco_map(multi_db: Path) -> None:
    from mcqa import api

    found = api.esco_map(["Concevoir un schéma de base de données"], db=multi_db, lang="fr")
    assert found[0]["text_lang"] == "fr" and found[0]["labels_lang"] == "fr"
    assert FR_DB_SKILL in [s["label"] for s in found[0]["suggestions"]]
    with pytest.raises(TextLanguageError):
        api.esco_map(["Datenbankschema konzipieren und pflegen"], db=multi_db,
                     text_lang="pl")


def test_index_claiming_a_language_without_its_tables(multi_db: Path, tmp_path: Path) -> None:
    import shutil
    import sqlite3

    from mcqa.errors import DataStoreError

    db = tmp_path / "esco.sqlite"
    shutil.copy(multi_db, db)
    conn = sqlite3.connect(db)
    conn.execute("DROP TABLE map_posting_fr")
    conn.commit()
    conn.close()
    index = EscoIndex.open(db)
    try:
        with pytest.raises(DataStoreError, match="lacks the fr mapping tables"):
            Mapper(index, text_lang="fr").map("Concevoir un schéma de base de données")
    finally:
        index.close()


def test_show_in_another_language(multi_db: Path) -> None:
    code, out, err = invoke(["esco", "show", DB_SKILL, "--db", str(multi_db), "--lang", "de",
                             "--format", "text"])
    assert code == 0, err
    assert out.startswith(DE_DB_SKILL) and "Entwickeln eines Datenbankschemas" in out
    code, out, _ = invoke(["esco", "show", DB_SKILL, "--db", str(multi_db), "--format", "text"])
    assert out.startswith("design database scheme")


def test_map_says_when_output_labels_are_not_held(slice_db: Path) -> None:
    code, out, err = invoke(["esco", "map", "design a relational database scheme", "--db",
                             str(slice_db), "--lang", "fr", "--format", "text"])
    assert code == 0
    assert "holds no fr labels; labels are shown in en" in err
    assert "design database scheme" in out
