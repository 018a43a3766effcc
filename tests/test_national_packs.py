"""National and profile packs through the CLI: exit codes, cited findings, pack listing."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from mcqa.packs import available_packs, resolve_packs
from tests.conftest import REPO, base_descriptor, deep_merge

EXAMPLES = REPO / "examples"
NEW_PACKS = ["etf-2022", "emc-cmf", "nz-nzqa", "au-nmf", "my-mqa", "uk-qaa", "ie-microcreds"]


def _invoke(argv: list[str]) -> tuple[int, str]:
    from mcqa.cli import cli
    from mcqa.cli._common import run_cli

    def entry() -> None:
        run_cli(cli, argv)

    res = CliRunner().invoke(click.Command("mcqa", callback=entry), [], catch_exceptions=False)
    return res.exit_code, res.stdout


def _findings(out: str) -> list[dict[str, object]]:
    report = json.loads(out)
    return [f for r in report["records"] for f in r["findings"]]


def test_nz_60_credits_fails_with_nzqa_citation() -> None:
    code, out = _invoke(["check", str(EXAMPLES / "nz-solar-install.yaml"), "--pack", "nz-nzqa",
                         "--as-of", "2026-01-01", "--format", "json"])
    assert code == 1
    failed = [f for f in _findings(out) if f["status"] == "fail"]
    hit = next(f for f in failed if f["rule_id"] == "NZ-MC-01")
    assert hit["severity"] == "error"
    citation = hit["citation"]
    assert isinstance(citation, dict)
    assert "NZQA" in citation["document"] and "1 to 40 credits" in citation["locator"]
    assert citation["url"].startswith("https://www2.nzqa.govt.nz/")
    assert "60 NZ" in str(hit["observed"])


def test_nz_60_credits_text_report_names_rule_and_source() -> None:
    code, out = _invoke(["check", str(EXAMPLES / "nz-solar-install.yaml"), "--pack", "nz-nzqa",
                         "--as-of", "2026-01-01"])
    assert code == 1
    assert "NZ-MC-01" in out and "NZQA" in out and "1 to 40 credits" in out


def test_nz_within_limit_conforms(tmp_path: Path) -> None:
    data = yaml.safe_load((EXAMPLES / "nz-solar-install.yaml").read_text(encoding="utf-8"))
    data["workload"] = {"hours": 300, "credit_system": "NZ", "credit_amount": 30}
    path = tmp_path / "nz-30.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, out = _invoke(["check", str(path), "--pack", "nz-nzqa", "--as-of", "2026-01-01"])
    assert code == 0, out


@pytest.mark.parametrize(("pack", "rule"), [("ie-microcreds", "IE-MC-02"),
                                            ("etf-2022", "ETF-RC-01b")])
def test_nfq8_claimed_as_eqf7_is_a_cited_inconsistency(tmp_path: Path, pack: str,
                                                        rule: str) -> None:
    data = deep_merge(base_descriptor(), {"level": {"eqf": 7, "framework": "IE-NFQ", "nqf": "8"}})
    path = tmp_path / "nfq8-eqf7.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    code, out = _invoke(["check", str(path), "--pack", pack, "--as-of", "2026-01-01",
                         "--format", "json", "--fail-on", "warning"])
    assert code == 1
    hit = next(f for f in _findings(out) if f["rule_id"] == rule)
    assert hit["status"] == "fail" and hit["severity"] == "warning"
    assert "IE-NFQ 8 -> EQF 6" in str(hit["observed"]) and "stated EQF 7" in str(hit["observed"])
    citation = hit["citation"]
    assert isinstance(citation, dict) and citation["url"] and citation["confidence"] == "confirmed"


def test_nfq8_eqf6_is_consistent(tmp_path: Path) -> None:
    path = tmp_path / "nfq8-eqf6.yaml"
    path.write_text(yaml.safe_dump(base_descriptor()), encoding="utf-8")
    code, out = _invoke(["check", str(path), "--pack", "ie-microcreds", "--as-of", "2026-01-01",
                         "--format", "json"])
    assert code == 0
    hit = next(f for f in _findings(out) if f["rule_id"] == "IE-MC-02")
    assert hit["status"] == "pass"


def test_packs_list_lists_every_pack() -> None:
    code, out = _invoke(["packs", "list"])
    assert code == 0
    listed = {line.split()[0] for line in out.splitlines() if line and not line[0].isspace()}
    assert {"eu-2022", *NEW_PACKS} <= listed
    assert "(extends eu-2022)" in next(ln for ln in out.splitlines() if ln.startswith("etf-2022"))


def test_extends_decisions() -> None:
    """EU-member profiles extend eu-2022; non-EU and consortium profiles stand alone."""
    for pack in NEW_PACKS:
        assert pack in available_packs()
        extended = {p.meta.id for p in resolve_packs([pack]).packs} - {pack}
        expected = {"eu-2022"} if pack in ("etf-2022", "ie-microcreds") else set()
        assert extended == expected, pack


def test_packs_combine_without_rule_id_clashes() -> None:
    rules = resolve_packs(["eu-2022", *NEW_PACKS])
    ids = [rule.id for _, rule in rules.rules]
    assert len(ids) == len(set(ids))


def test_unconfirmed_citations_are_never_errors() -> None:
    for pack in NEW_PACKS:
        for _, rule in resolve_packs([pack]).rules:
            if rule.citation.confidence == "unconfirmed":
                assert rule.severity.value in ("info", "warning"), rule.id
            if pack == "my-mqa":
                assert rule.severity.value == "info", rule.id
