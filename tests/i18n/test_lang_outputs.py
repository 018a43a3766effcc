"""Outputs in a language are deterministic, and a dossier takes its language from the
target country (data in standards/i18n/languages.yaml), saying so when it cannot."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import REPO
from tests.test_cli import _invoke

DOSSIER = str(REPO / "examples" / "ie-nfq8-elm-credential.json")


def test_same_inputs_and_language_give_the_same_bytes() -> None:
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "mcqa", "check", "examples", "--lang", "de",
                               "--format", "html", "--as-of", "2026-01-01"], cwd=REPO, env=env,
                              capture_output=True, timeout=120, check=False)
        assert done.returncode in (0, 1), done.stderr
        runs.append(done.stdout)
    assert runs[0] == runs[1] and b'<html lang="de">' in runs[0]


def _dossier(*args: str) -> tuple[dict[str, object], str]:
    code, out, err = _invoke(["dossier", DOSSIER, "--no-esco", "--as-of", "2025-10-01",
                              "--format", "json", *args])
    assert code == 0, err
    return json.loads(out), err


def test_dossier_language_follows_the_target_country() -> None:
    assert _dossier("--to", "DE")[0]["lang"] == "de"
    assert _dossier("--to", "AT")[0]["lang"] == "de"
    assert _dossier("--to", "FR")[0]["lang"] == "fr"
    assert _dossier("--to", "DE", "--lang", "pl")[0]["lang"] == "pl"
    data, _err = _dossier("--to", "EQF")
    assert data["lang"] == "en" and data["lang_note"] is None


def test_multilingual_country_gets_english_and_a_note() -> None:
    data, err = _dossier("--to", "BE")
    assert data["lang"] == "en"
    note = str(data["lang_note"])
    assert "BE has several official languages (Dutch, French, German)" in note
    assert "--lang nl" in note and note in err
    code, out, _ = _invoke(["dossier", DOSSIER, "--no-esco", "--to", "BE", "--format", "md",
                            "--as-of", "2025-10-01"])
    assert code == 0 and f"> {note}" in out.replace("\\-", "-")
