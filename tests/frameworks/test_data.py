"""Every data file validates against its JSON Schema and matches the digest table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from mcqa.frameworks import load_frameworks
from mcqa.resources import standards_dir

from .expected import EXPECTED, RELATIONSHIP

FRAMEWORK_FILES = sorted((standards_dir() / "frameworks").glob("*.yaml"))


def _schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((standards_dir() / "schemas" / name).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@pytest.mark.parametrize("path", FRAMEWORK_FILES, ids=lambda p: p.stem)
def test_framework_file_validates(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(_schema("framework.schema.json"))
                  .iter_errors(data))
    assert errors == []
    assert data["id"] == path.stem


def test_credit_systems_file_validates() -> None:
    data = yaml.safe_load((standards_dir() / "credit-systems.yaml").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(_schema("credit-systems.schema.json"))
    assert list(validator.iter_errors(data)) == []


def test_schema_rejects_a_number_for_a_level_without_eqf() -> None:
    """The schema itself forbids turning not_referenced into a number."""
    data = yaml.safe_load((standards_dir() / "frameworks" / "UK-SCQF.yaml").read_text())
    data["levels"][0]["eqf"]["level"] = 1
    validator = jsonschema.Draft202012Validator(_schema("framework.schema.json"))
    assert list(validator.iter_errors(data))


def test_every_framework_has_an_expected_table() -> None:
    assert sorted(p.stem for p in FRAMEWORK_FILES) == sorted(EXPECTED)
    national = [fid for fid, (kind, _) in RELATIONSHIP.items() if kind != "self"
                and fid not in ("QF-EHEA", "ASEAN-AQRF")]
    assert len(national) >= 20


@pytest.mark.parametrize("fid", sorted(EXPECTED))
def test_level_codes_match_digest(fid: str) -> None:
    fw = load_frameworks().get(fid)
    assert sorted(fw.level_codes()) == sorted(EXPECTED[fid])


@pytest.mark.parametrize("fid", sorted(RELATIONSHIP))
def test_relationship_kind_and_year(fid: str) -> None:
    rel = load_frameworks().get(fid).relationship
    assert (rel.kind, rel.year) == RELATIONSHIP[fid]
    assert rel.source.url.startswith(("http://", "https://"))


def test_every_mapping_cites_a_source_with_url() -> None:
    for fw in load_frameworks():
        for level in fw.levels:
            assert level.mapping.source.title
            assert level.mapping.source.url.startswith(("http://", "https://"))


def test_eqf_levels_carry_uri_and_descriptors() -> None:
    eqf = load_frameworks().get("EQF")
    for n, level in enumerate(eqf.levels, start=1):
        assert level.uri == f"http://data.europa.eu/snb/eqf/{n}"
        assert level.descriptors is not None
        assert level.descriptors.knowledge and level.descriptors.skills
        assert level.descriptors.responsibility_autonomy
        # levels 6-8 checked against the Commission tool, 1-5 not (digest 4.1)
        assert level.descriptors.confidence == ("confirmed" if n >= 6 else "unconfirmed")


def test_docs_list_every_framework_and_credit_system() -> None:
    from mcqa.frameworks import load_credit_systems

    doc = Path(__file__).resolve().parents[2] / "docs" / "frameworks.md"
    text = doc.read_text(encoding="utf-8")
    for fid in load_frameworks().ids():
        assert f"| `{fid}` |" in text
    for sid in load_credit_systems().ids():
        assert f"| `{sid}` |" in text
