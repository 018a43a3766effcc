"""``mcqa esco`` through click's CliRunner: output formats and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from mcqa.cli import cli
from mcqa.cli._common import run_cli

from .conftest import DB_DESIGNER, DB_SKILL


def invoke(argv: list[str]) -> tuple[int, str, str]:
    """Run ``mcqa`` on the real group with its error-to-exit-code mapping."""

    def entry() -> None:
        run_cli(cli, argv)

    res = CliRunner().invoke(click.Command("mcqa", callback=entry), [], catch_exceptions=False)
    return res.exit_code, res.stdout, res.stderr


def test_import_json_and_attribution(slice_v111: Path, tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    code, out, _ = invoke(["esco", "import", str(slice_v111), "--db", str(db), "--format",
                           "json"])
    assert code == 0
    data = json.loads(out)
    assert data["esco_version"] == "v1.1.1" and data["counts"]["skill"] > 600
    assert "ESCO classification of the European Commission" in data["attribution"]
    code, out, _ = invoke(["esco", "import", str(slice_v111), "--db", str(db), "--format",
                           "text"])
    assert code == 0 and "European Commission" in out and "Imported ESCO v1.1.1" in out


def test_import_errors(tmp_path: Path) -> None:
    code, _, err = invoke(["esco", "import", str(tmp_path / "nope"), "--db",
                           str(tmp_path / "x.sqlite")])
    assert code == 2 and "no such file" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_search_show_map_validate(slice_db: Path, tmp_path: Path) -> None:
    db = ["--db", str(slice_db)]
    code, out, _ = invoke(["esco", "search", "database scheme", "--top", "3", *db,
                           "--format", "json"])
    assert code == 0 and json.loads(out)["results"][0]["uri"] == DB_SKILL
    code, out, _ = invoke(["esco", "search", "database scheme", *db, "--format", "text"])
    assert code == 0 and "design database scheme" in out

    code, out, _ = invoke(["esco", "show", DB_SKILL, *db, "--format", "json"])
    data = json.loads(out)
    assert code == 0 and data["info"]["type"] == "skill"
    assert any(o["uri"] == DB_DESIGNER and o["relation"] == "essential" and
               o["isco_code"] == "2521" for o in data["occupations"])
    code, out, _ = invoke(["esco", "show", DB_DESIGNER, *db, "--format", "text"])
    assert code == 0 and "essential" in out and "ISCO group: 2521" in out
    code, _, err = invoke(["esco", "show", DB_SKILL + "x", *db])
    assert code == 1 and "not in ESCO" in err

    texts = tmp_path / "outcomes.txt"
    texts.write_text("Design a database scheme\n\nUse SQL to query a database\n")
    code, out, _ = invoke(["esco", "map", str(texts), *db, "--format", "json",
                           "--occupations"])
    data = json.loads(out)
    assert code == 0 and len(data["results"]) == 2
    first = data["results"][0]["suggestions"][0]
    assert first["uri"] == DB_SKILL and first["decision"] in {"accept", "review"}
    assert first["reason"] and "occupations" in data
    code, out, _ = invoke(["esco", "map", "Design a database scheme", *db, "--format", "text",
                           "--top", "2"])
    assert code == 0 and "design database scheme" in out
    code, _, err = invoke(["esco", "map", "x", *db, "--top", "0"])
    assert code == 2 and "--top" in err

    code, out, _ = invoke(["esco", "validate", DB_SKILL, *db, "--format", "json"])
    assert code == 0 and json.loads(out)["results"][0]["status"] == "ok"
    code, out, _ = invoke(["esco", "validate", DB_SKILL, DB_DESIGNER, *db, "--format", "text"])
    assert code == 1 and "not_a_skill" in out


def test_missing_index_is_exit_2(tmp_path: Path) -> None:
    code, _, err = invoke(["esco", "search", "x", "--db", str(tmp_path / "none.sqlite")])
    assert code == 2 and "mcqa esco import" in err
