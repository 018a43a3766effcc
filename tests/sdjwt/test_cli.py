"""The commands a QA office runs on a wallet presentation, as a new user would run them."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sdjwt.conftest import SD, b64, parts, unb64
from tests.test_cli import _invoke


@pytest.fixture
def in_fixtures() -> Iterator[None]:
    old = Path.cwd()
    os.chdir(SD)
    try:
        yield
    finally:
        os.chdir(old)


@pytest.mark.usefixtures("in_fixtures")
def test_check_reports_every_element_present_missing_or_withheld_with_its_disclosure() -> None:
    code, out, err = _invoke(["check", "wallet-presentation.txt", "--pack", "webuild-mc",
                              "--trust", "keys/", "--as-of", "2026-08-01"])
    assert code == 0, err  # withheld elements never make GAPS
    assert "present  title                disclosure 12 at /title" in out
    assert "withheld error   EU-AI-M09    assessment_type" in out
    assert "at:    wallet-presentation.txt#JWT payload/_sd" in out
    assert "withheld by the holder" in out
    code, out, _ = _invoke(["check", "wallet-presentation.txt", "--pack", "webuild-mc",
                            "--trust", "keys/", "--as-of", "2026-08-01", "--format", "json"])
    report = json.loads(out)
    statuses = {f["rule_id"]: f["status"] for f in report["records"][0]["findings"]}
    assert statuses["WB-MC-T02"] == "pass"  # signature verified with keys/issuer.jwk
    assert statuses["EU-AI-M09"] == statuses["WB-MC-M10"] == "withheld"
    assert statuses["EU-AI-M02"] == statuses["WB-MC-M06"] == "pass"
    assert report["summary"]["withheld"] == 1


@pytest.mark.usefixtures("in_fixtures")
def test_without_trust_the_signature_rule_needs_evidence_and_gaps_are_missing() -> None:
    code, out, _ = _invoke(["check", "webuild-gaps.txt", "--pack", "webuild-mc",
                            "--as-of", "2026-08-01", "--format", "json"])
    assert code == 1
    statuses = {f["rule_id"]: f["status"] for f in json.loads(out)["records"][0]["findings"]}
    assert statuses["WB-MC-T02"] == "unverifiable"
    assert statuses["EU-AI-M10"] == statuses["WB-MC-M11"] == statuses["WB-MC-M02"] == "fail"


def test_a_tampered_disclosure_is_an_input_error_naming_it(tmp_path: Path) -> None:
    p = parts("wallet-presentation.txt")
    index = next(i for i, d in enumerate(p[1:-1], 1) if unb64(d)[1:2] == ["title"])
    salt, name, _ = unb64(p[index])
    p[index] = b64(json.dumps([salt, name, "A better title"]).encode())
    path = tmp_path / "tampered.txt"
    path.write_text("~".join(p))
    code, _out, err = _invoke(["check", str(path), "--pack", "webuild-mc", "--as-of",
                               "2026-08-01"])
    assert code == 2
    assert f"disclosure {index} (claim 'title') matches no digest" in err


@pytest.mark.usefixtures("in_fixtures")
def test_inspect_shows_the_reconstructed_claims_and_disclosures() -> None:
    code, out, _ = _invoke(["inspect", "wallet-presentation.txt", "--format", "json",
                            "--trust", "keys"])
    assert code == 0
    data = json.loads(out)
    (p,) = data["sd_jwt"]
    assert p["claims"]["title"] == "Responsible Use of Learning Analytics"
    assert "typeOfAssessment" not in p["claims"]
    assert {"number": 12, "claim": "title", "path": "/title"}.items() <= next(
        d for d in p["disclosures"] if d["claim"] == "title").items()
    assert p["undisclosed"][0]["at"] == "JWT payload/_sd"
    assert data["records"][0]["signature"]["verified"] is True
    code, text, _ = _invoke(["inspect", "wallet-presentation.txt", "--format", "text"])
    assert "claims rebuilt from the issuer JWT and the disclosures" in text
    assert "withheld by the" in text  # (the table wraps the rest)


def test_a_bad_trust_folder_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "junk.pem").write_text("not a certificate")
    code, _out, err = _invoke(["check", str(SD / "webuild-complete.txt"), "--trust",
                               str(tmp_path)])
    assert code == 2 and "junk.pem" in err
