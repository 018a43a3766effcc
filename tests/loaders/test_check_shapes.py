"""`mcqa check --shapes`: SHACL results appear as findings next to the pack's findings."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from .conftest import CORPUS
from .test_annex1_and_robustness import CONTEXTS, SHAPES


def test_check_with_shapes_adds_shacl_findings(tmp_path: Path) -> None:
    from mcqa.cli import cli

    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "manifest.json").write_text(json.dumps(CONTEXTS))
    sample = CORPUS / "elm/elm-support-samples/AA-Annex1-MC-unsigned.json"
    args = ["check", str(sample), "--format", "json", "--as-of", "2026-01-01",
            "--shapes", str(SHAPES), "--context-dir", str(ctx)]
    res = CliRunner().invoke(cli, args)
    report = json.loads(res.stdout)
    assert any(p["id"] == "shacl" for p in report["packs"])
    shacl = [f for f in report["records"][0]["findings"] if f["pack_id"] == "shacl"]
    assert [f["rule_id"] for f in shacl] == ["SHACL-EuropeanDigitalCredential-cred_issuer"]
    assert shacl[0]["status"] == "fail" and shacl[0]["citation"]["document"].startswith("ELM SHACL")
    eu = [f for f in report["records"][0]["findings"] if f["pack_id"] == "eu-2022"]
    assert len(eu) > 30  # the pack still runs alongside

    plain = json.loads(CliRunner().invoke(cli, args[:6]).stdout)
    assert all(f["pack_id"] != "shacl" for f in plain["records"][0]["findings"])


def test_shacl_findings_do_not_depend_on_the_working_directory(tmp_path: Path,
                                                               monkeypatch: object) -> None:
    """Pattern 8 of the verdicts issue: the official context types ``dateModified`` as
    ``@id``, so a date there is a relative IRI; it must resolve against a fixed base, never
    against the current directory (which changed the report and leaked a local path)."""
    from mcqa.loaders.shacl import shacl_findings

    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "manifest.json").write_text(json.dumps(CONTEXTS))
    cred = json.loads((CORPUS / "elm/elm-support-samples/AA-Annex1-MC-unsigned.json")
                      .read_text(encoding="utf-8"))
    claims = cred["credential"]["credentialSubject"]["hasClaim"]
    claim = claims[0] if isinstance(claims, list) else claims
    claim["specifiedBy"]["dateModified"] = "2025-01-01T00:00:00Z"
    sample = tmp_path / "cred.json"
    sample.write_text(json.dumps(cred), encoding="utf-8")
    runs = []
    for cwd in (tmp_path, ctx):
        monkeypatch.chdir(cwd)  # type: ignore[attr-defined]
        found = shacl_findings(sample, "cred.json", "rid", SHAPES, ctx)
        runs.append([f.model_dump_json() for f in found])
    assert runs[0] == runs[1]
    text = "".join(runs[0])
    assert "dc_modified" in text  # the datatype violation is reported...
    assert str(tmp_path) not in text and "file:" not in text  # ...without a local path
