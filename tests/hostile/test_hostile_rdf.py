"""Hostile RDF where mcqa really parses RDF: SHACL shape files and JSON-LD contexts (`--shapes`).

Credentials are JSON and never reach an RDF parser unless SHACL validation is asked for; then
rdflib parses the shape files (Turtle, RDF/XML, JSON-LD) and the credential as JSON-LD, and
rdflib fetches whatever a JSON-LD ``@context``/``@import`` or an RDF/XML entity points to.
Each case runs the CLI in the offline child of ``test_hostile_inputs`` (no network, 1 GB,
20 s) and asserts the SHACL part says why it could not run, while the pack still runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.loaders.test_annex1_and_robustness import CONTEXTS, SHAPES

from .test_hostile_inputs import _LOL_DTD, _XXE_DTD, ELM_SAMPLE, SECRET, _secret_file, run_mcqa

OFFICIAL = list(CONTEXTS)

_RDF_BODY = (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
             b'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
             b"<ex:p>&x;</ex:p></rdf:Description></rdf:RDF>")


def _rdf(dtd: bytes, entity: bytes = b"&x;", pad: bytes = b"") -> bytes:
    return b'<?xml version="1.0"?>' + pad + dtd + _RDF_BODY.replace(b"&x;", entity)


# shape file name -> (content, what the SHACL finding must say)
SHAPE_FILES: dict[str, tuple[bytes, str]] = {
    "xxe.rdf": (_rdf(_XXE_DTD), "declares a DTD"),
    "entity-bomb.rdf": (_rdf(_LOL_DTD.replace(b"<!DOCTYPE w", b"<!DOCTYPE r"), b"&j;"),
                        "declares a DTD"),
    "small-entity-bomb.rdf": (_rdf(_LOL_DTD.replace(b"<!DOCTYPE w", b"<!DOCTYPE r"), b"&f;"),
                              "declares a DTD"),  # 1 MB: below expat's guard, slow in rdflib
    "dtd-after-comment.rdf": (_rdf(_XXE_DTD, pad=b"<!--" + b" " * 100_000 + b"-->"),
                              "declares a DTD"),
    "utf16-xxe.rdf": (_rdf(_XXE_DTD).replace(b'<?xml version="1.0"?>', b"").decode()
                      .encode("utf-16"), "declares a DTD"),
    "broken.ttl": (b"@prefix ex: <http://example.org/> .\nex:a ex:b ", "cannot parse SHACL shapes"),
    "remote.jsonld": (json.dumps({"@context": "https://evil.example/shapes.jsonld",
                                  "@id": "http://example.org/s"}).encode(),
                      "refers to JSON-LD context https://evil.example/shapes.jsonld"),
    "file.jsonld": (json.dumps({"@context": {"@import": "file:///etc/passwd"},
                                "@id": "http://example.org/s"}).encode(),
                    "refers to JSON-LD context file:///etc/passwd"),
}


def _context_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "ctx"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps(CONTEXTS))
    return folder


def _shacl(tmp_path: Path, credential: bytes, shapes: Path) -> tuple[dict[str, Any], list[Any]]:
    (tmp_path / "cred.json").write_bytes(credential)
    _context_dir(tmp_path)
    proc = run_mcqa("check", "cred.json", "--format", "json", "--output", "report.json",
                    "--as-of", "2026-01-01", "--shapes", str(shapes), "--context-dir", "ctx",
                    cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 1, proc.stderr[-2000:]  # gaps; 99 = network attempted
    raw = (tmp_path / "report.json").read_text(encoding="utf-8")
    assert SECRET not in raw and "root:x:0:0" not in raw
    report = json.loads(raw)
    (record,) = report["records"]
    assert sum(f["pack_id"] == "eu-2022" for f in record["findings"]) > 30  # the pack still ran
    return record, [f for f in record["findings"] if f["pack_id"] == "shacl"]


@pytest.mark.parametrize("name", sorted(SHAPE_FILES))
def test_hostile_shape_file(tmp_path: Path, name: str) -> None:
    content, expected = SHAPE_FILES[name]
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    (shapes / f"edc-generic-full{Path(name).suffix}").write_bytes(content)
    _, shacl = _shacl(tmp_path, ELM_SAMPLE.read_bytes(), shapes)
    (finding,) = shacl
    assert finding["rule_id"] == "SHACL-RUN" and finding["status"] == "unverifiable"
    assert expected in finding["message"], finding["message"]


def _elm(context: object, deep: object = None) -> bytes:
    data = json.loads(ELM_SAMPLE.read_text(encoding="utf-8"))
    data["credential"]["@context"] = context
    if deep is not None:
        node = data["credential"]["credentialSubject"]
        for _ in range(60):
            node["x"] = {}
            node = node["x"]
        node.update(deep)
    return json.dumps(data).encode()


# credential -> the context URL the finding must name (never fetched)
CREDENTIALS: dict[str, tuple[bytes | None, str]] = {
    "remote": (None, "https://evil.example/ctx.jsonld"),
    "file": (None, "file:///etc/passwd"),
    "local-secret": (None, "SECRET_FILE"),
    "import": (None, "https://evil.example/import.jsonld"),
    "deep": (None, "https://evil.example/deep.jsonld"),
}


def _credential(name: str) -> tuple[bytes, str]:
    url = CREDENTIALS[name][1]
    if name == "local-secret":
        url = _secret_file()
    if name == "import":
        return _elm([*OFFICIAL, {"@import": url}]), url
    if name == "deep":
        return _elm(OFFICIAL, {"@context": url, "y": "z"}), url
    return _elm([*OFFICIAL, url]), url


@pytest.mark.parametrize("name", sorted(CREDENTIALS))
def test_hostile_context_is_named_not_fetched(tmp_path: Path, name: str) -> None:
    credential, url = _credential(name)
    _, shacl = _shacl(tmp_path, credential, SHAPES)
    (finding,) = shacl
    assert finding["rule_id"] == "SHACL-context" and finding["status"] == "unverifiable"
    assert f"JSON-LD context {url} is not available locally" in finding["message"]


def test_official_contexts_still_validate(tmp_path: Path) -> None:
    """The same run with only the official contexts gives real SHACL results (the guard is
    not what makes the cases above pass)."""
    _, shacl = _shacl(tmp_path, _elm(OFFICIAL, {"y": "z"}), SHAPES)
    assert [f["rule_id"] for f in shacl] == ["SHACL-EuropeanDigitalCredential-cred_issuer"]
