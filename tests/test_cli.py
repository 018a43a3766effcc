"""CLI behaviour through click's runner: every exit code, one-line errors, JSON schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from tests.conftest import REPO

EXAMPLES = REPO / "examples"


def _invoke(argv: list[str]) -> tuple[int, str, str]:
    runner = CliRunner()
    from mcqa.cli import cli
    from mcqa.cli._common import run_cli

    def entry() -> None:
        run_cli(cli, argv)

    import click

    cmd = click.Command("mcqa", callback=entry)
    res = runner.invoke(cmd, [], catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def test_exit_0_when_conforming() -> None:
    code, out, _ = _invoke(["check", str(EXAMPLES / "ie-data-analytics-nfq8.yaml"),
                            "--as-of", "2026-01-01"])
    assert code == 0
    assert "CONFORMS" in out


def test_exit_1_on_gaps_and_report_names_rule_citation_location() -> None:
    code, out, _ = _invoke(["check", str(EXAMPLES), "--as-of", "2026-01-01"])
    assert code == 1
    assert "EU-AI-M09a" in out and "Council Recommendation" in out
    assert "fr-mooc-gaps.yaml#/assessment_type" in out


def test_fail_on_warning_raises_exit() -> None:
    path = str(EXAMPLES / "gr-green-skills-gaps.yaml")
    assert _invoke(["check", path, "--as-of", "2026-01-01"])[0] == 0
    assert _invoke(["check", path, "--as-of", "2026-01-01", "--fail-on", "warning"])[0] == 1


def test_exit_2_on_malformed_record_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("mcqa: 1\ntitle: [unclosed\n", encoding="utf-8")
    code, out, err = _invoke(["check", str(bad), "--format", "json"])
    assert code == 2
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and str(bad) in lines[0] and "line" in lines[0]
    assert "Traceback" not in err
    assert json.loads(out)["summary"]["input_errors"] == 1


def test_exit_2_on_malformed_pack_names_file_and_line(tmp_path: Path) -> None:
    pack = tmp_path / "my-pack.yaml"
    pack.write_text(
        "pack: {id: my-pack, version: 1.0.0, title: Mine, jurisdiction: XX,\n"
        "       source: {document: Doc, url: 'https://x.example', date: '2024'}}\n"
        "rules:\n"
        "  - id: MY-1\n    name: x.y\n    severity: fatal\n"
        "    citation: {document: Doc, locator: s1}\n"
        "    check: {op: present, path: title}\n    message: Missing.\n    remedy: Add it.\n",
        encoding="utf-8")
    code, _, err = _invoke(["check", str(EXAMPLES), "--pack", str(pack)])
    assert code == 2
    assert "my-pack.yaml:line 6" in err and "severity" in err
    assert len(err.strip().splitlines()) == 1


def test_exit_2_on_unknown_operator(tmp_path: Path) -> None:
    pack = tmp_path / "p.yaml"
    pack.write_text(
        "pack: {id: p, version: 1.0.0, title: Mine, jurisdiction: XX,\n"
        "       source: {document: Doc, url: 'https://x.example', date: '2024'}}\n"
        "rules:\n"
        "  - id: P-1\n    name: x\n    severity: error\n"
        "    citation: {document: Doc, locator: s1}\n"
        "    check: {op: eval, path: title}\n    message: Missing.\n    remedy: Add it.\n",
        encoding="utf-8")
    code, _, err = _invoke(["check", str(EXAMPLES), "--pack", str(pack)])
    assert code == 2 and "unknown operator 'eval'" in err and "present" in err


def test_exit_2_on_missing_path_and_bad_option() -> None:
    assert _invoke(["check", "no/such/file.json"])[0] == 2
    assert _invoke(["check", str(EXAMPLES), "--as-of", "yesterday"])[0] == 2
    assert _invoke(["check", str(EXAMPLES), "--pack", "no-such-pack"])[0] == 2


def test_exit_3_on_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import mcqa.render

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(mcqa.render, "get_renderer", boom)
    monkeypatch.setattr(mcqa.render, "get_stream", boom)
    for fmt in ("text", "html"):  # streamed and whole-report formats
        code, _, err = _invoke(["check", str(EXAMPLES), "--format", fmt])
        assert code == 3 and "internal error" in err and "Traceback" not in err


def test_json_report_validates_against_published_schema() -> None:
    code, out, _ = _invoke(["check", str(EXAMPLES), "--format", "json", "--as-of", "2026-01-01"])
    assert code == 1
    schema_code, schema_out, _ = _invoke(["schema", "report"])
    assert schema_code == 0
    jsonschema.validate(json.loads(out), json.loads(schema_out))


def test_schema_record_validates_examples() -> None:
    import yaml

    _, out, _ = _invoke(["schema", "record"])
    schema = json.loads(out)
    for path in sorted(EXAMPLES.glob("*.yaml")):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_packs_list_and_rules_show() -> None:
    code, out, _ = _invoke(["packs", "list", "--format", "json"])
    assert code == 0 and any(p["id"] == "eu-2022" for p in json.loads(out))
    code, out, _ = _invoke(["rules", "show", "EU-AI-M07", "--format", "json"])
    data = json.loads(out)
    assert code == 0 and data["citation"]["document"].startswith("Council Recommendation")
    assert _invoke(["rules", "show", "NOPE-1"])[0] == 2


@pytest.mark.parametrize("fmt", ["md", "html", "json", "text"])
def test_output_file_written(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    code, stdout, _ = _invoke(["check", str(EXAMPLES), "--format", fmt, "-o", str(out),
                               "--as-of", "2026-01-01"])
    assert code == 1 and out.stat().st_size > 500 and stdout == ""


def test_max_file_bytes_limit_is_configurable(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text((EXAMPLES / "de-cloud-security.yaml").read_text(encoding="utf-8"),
                   encoding="utf-8")
    code, _, err = _invoke(["check", str(big), "--max-file-bytes", "100"])
    assert code == 2 and "above the limit of 100" in err and "--max-file-bytes" in err
    assert _invoke(["check", str(big), "--max-file-bytes", "1000000", "--as-of",
                    "2026-01-01"])[0] == 0


def test_broken_pipe_is_quiet_and_not_a_verdict() -> None:
    """`mcqa … | head` (or `| grep -q`): no traceback, and an exit code that is neither
    "conforms" nor "gaps" — the shell's SIGPIPE convention, 141."""
    import subprocess
    import sys

    # 0.8 MB of JSON: more than a pipe buffer holds, so the writer must meet the closed end
    code = ("import sys; from mcqa.cli import main; "
            f"sys.argv = ['mcqa', 'check', {str(REPO / 'examples')!r}, '--format', 'json']; "
            "main()")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipe" not in err
