"""CLI: ``mcqa levels`` and ``mcqa credits`` through click's CliRunner and the real entry point."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mcqa.cli import cli, main
from mcqa.errors import ConfigError


def _ok(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.output


def _exit_code(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run through ``main`` (run_cli), which maps McqaError to its exit code."""
    with pytest.raises(SystemExit) as exc:
        main(args)
    code = exc.value.code
    assert isinstance(code, int)
    return code, capsys.readouterr().err


def test_translate_text_shows_chain_and_sources() -> None:
    out = _ok(["levels", "translate", "IE-NFQ:8", "--to", "DE-DQR"])
    assert out.splitlines()[0] == "IE-NFQ 8 → EQF 6 → DE-DQR 6"
    assert "outcome: mapped" in out
    assert "source: Europass: compare qualifications" in out
    assert "https://www.cedefop.europa.eu/" in out


def test_translate_no_mapping_sentence() -> None:
    out = _ok(["levels", "translate", "NZ-NZQF:8", "--to", "IE-NFQ"])
    assert "outcome: no_mapping" in out
    assert "so it has no IE-NFQ equivalent." in out


def test_translate_json_parses_and_is_sorted() -> None:
    out = _ok(["levels", "translate", "UK-RQF:Entry 3", "--to", "IE", "--format", "json"])
    data = json.loads(out)
    assert data["outcome"] == "mapped_range"
    assert [c["level"] for c in data["candidates"]] == ["1", "2"]
    assert data["path"] == "UK-RQF Entry 3 → EQF 1 → IE-NFQ 1 | 2"
    assert list(data) == sorted(data)


def test_list_all_and_one() -> None:
    out = _ok(["levels", "list"])
    assert out.splitlines()[0].split()[:3] == ["ID", "COUNTRY", "EQF"]
    assert any(line.startswith("NZ-NZQF ") and "comparison_only" in line
               for line in out.splitlines())
    one = _ok(["levels", "list", "GB-SCT"])
    assert one.startswith("UK-SCQF: Scottish Credit and Qualifications Framework")
    data = json.loads(_ok(["levels", "list", "--format", "json"]))
    assert len(data) == 27 and {"id", "data_version", "eqf_relationship"} <= set(data[0])
    fw = json.loads(_ok(["levels", "list", "EQF", "--format", "json"]))
    assert fw["levels"][5]["uri"] == "http://data.europa.eu/snb/eqf/6"


def test_credits_convert_text_and_json() -> None:
    out = _ok(["credits", "convert", "10", "ECTS", "--to", "hours"])
    assert out.splitlines()[0] == "10 ECTS = 250-300 hours (confidence: confirmed)"
    data = json.loads(_ok(["credits", "convert", "20", "uk", "--to", "ects", "--format",
                           "json"]))
    assert (data["min"], data["max"], data["unit"]) == (10.0, 10.0, "ECTS")


@pytest.mark.parametrize("args", [
    ["levels", "translate", "IE-NFQ:11", "--to", "DE"],
    ["levels", "translate", "XX:1", "--to", "DE"],
    ["levels", "list", "Atlantis"],
    ["credits", "convert", "10", "furlongs", "--to", "hours"],
    ["credits", "convert", "-5", "ECTS", "--to", "hours"],
    ["credits", "convert", "nan", "ECTS", "--to", "hours"],
    ["credits", "convert", "ten", "ECTS", "--to", "hours"],
])
def test_user_mistakes_exit_2_with_one_line(args: list[str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert isinstance(result.exception, ConfigError)
    code, err = _exit_code(args, capsys)
    assert code == 2
    assert err.startswith("mcqa: error: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_unknown_level_lists_valid_levels(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _exit_code(["levels", "translate", "UK-RQF:Entry 9", "--to", "EQF"], capsys)
    assert code == 2 and "valid levels: Entry 1, Entry 2, Entry 3, 1," in err


def test_missing_option_is_usage_error() -> None:
    result = CliRunner().invoke(cli, ["levels", "translate", "IE-NFQ:8"])
    assert result.exit_code == 2


def test_success_exit_code_through_main(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = _exit_code(["levels", "translate", "EQF:6", "--to", "EQF"], capsys)
    assert code == 0
