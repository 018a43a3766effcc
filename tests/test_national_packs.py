"""National and profile packs through the CLI: exit codes, cited findings, pack listing."""

from __future__ import annotations

import json
from datetime import date
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


# --------------------------------------------------------------- European national packs
EU_NATIONAL = ["es-rd822", "es-vet-grado-a", "nl-hbo-wo-mc", "ee-adult-ed", "at-mc", "fi-fineec",
               "fr-registers"]
EXTENDED = {"nz-nzqa": "1.1.0", "uk-qaa": "1.1.0", "my-mqa": "1.2.0", "au-nmf": "1.2.0"}
NEW_RULES = {"NZ-MC-10", "NZ-MC-11", "NZ-MC-12", "UK-QAA-05", "UK-QAA-06", "MY-MQA-05",
             "MY-MQA-06", "MY-MQA-07", "AU-NMF-06"}


def _check(path: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    code, out = _invoke(["check", str(path), "--as-of", "2026-01-01", "--format", "json", *args])
    return code, _findings(out)


def _one(findings: list[dict[str, object]], rule: str) -> dict[str, object]:
    hits = [f for f in findings if f["rule_id"] == rule]
    assert len(hits) == 1, rule
    return hits[0]


def _variant(tmp_path: Path, example: str, patch: dict[str, object]) -> Path:
    data = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    path = tmp_path / example
    path.write_text(yaml.safe_dump(deep_merge(data, patch), allow_unicode=True), encoding="utf-8")
    return path


def test_spanish_15_ects_fails_es_rd822_citing_the_article() -> None:
    code, findings = _check(EXAMPLES / "es-microcredencial-ciberseguridad.yaml", "--pack",
                            "es-rd822")
    assert code == 1
    hit = _one(findings, "ES-MC-02")
    assert hit["status"] == "fail" and hit["severity"] == "error"
    assert "15 ECTS; allowed (0, 15)" in str(hit["observed"])
    citation = hit["citation"]
    assert isinstance(citation, dict)
    assert "822/2021" in citation["document"] and "Art. 37.8" in citation["locator"]
    assert citation["url"] == "https://www.boe.es/buscar/act.php?id=BOE-A-2021-15781"
    assert citation["confidence"] == "confirmed-mirror"
    code, out = _invoke(["check", str(EXAMPLES / "es-microcredencial-ciberseguridad.yaml"),
                         "--pack", "es-rd822", "--as-of", "2026-01-01"])
    assert "ES-MC-02" in out and "Art. 37.8" in out and "[confirmed-mirror]" in out


def test_spanish_under_15_ects_passes(tmp_path: Path) -> None:
    path = _variant(tmp_path, "es-microcredencial-ciberseguridad.yaml",
                    {"workload": {"ects": 12, "hours": 300, "credit_amount": 12}})
    code, findings = _check(path, "--pack", "es-rd822")
    assert code == 0
    assert _one(findings, "ES-MC-02")["status"] == "pass"


def test_dutch_2_ec_badge_fails_nl_pack() -> None:
    code, findings = _check(EXAMPLES / "nl-edubadge-circulair-bouwen.yaml", "--pack",
                            "nl-hbo-wo-mc")
    assert code == 1
    hit = _one(findings, "NL-MC-02")
    assert hit["status"] == "fail" and hit["severity"] == "error"
    assert "2 ECTS; allowed [3, 30]" in str(hit["observed"])
    assert _one(findings, "NL-MC-01")["status"] == "not_applicable"


def test_dutch_2_ec_outside_the_platform_is_a_guideline_warning(tmp_path: Path) -> None:
    path = _variant(tmp_path, "nl-edubadge-circulair-bouwen.yaml", {"extensions": None})
    code, findings = _check(path, "--pack", "nl-hbo-wo-mc")
    assert code == 0  # a guideline is not an error
    hit = _one(findings, "NL-MC-01")
    assert hit["status"] == "fail" and hit["severity"] == "warning"
    assert _one(findings, "NL-MC-02")["status"] == "not_applicable"
    code, _ = _check(path, "--pack", "nl-hbo-wo-mc", "--fail-on", "warning")
    assert code == 1


def test_austrian_20_ects_gets_the_at_mc_warning() -> None:
    code, findings = _check(EXAMPLES / "at-microcredential-digitale-lehre.yaml", "--pack", "at-mc")
    assert code == 0
    hit = _one(findings, "AT-MC-01")
    assert hit["status"] == "fail" and hit["severity"] == "warning"
    assert "20 ECTS; allowed [3, 15]" in str(hit["observed"])


def test_finnish_60_ects_fails_fi_fineec() -> None:
    code, findings = _check(EXAMPLES / "fi-mikrotutkinto-tekoaly-sote.yaml", "--pack", "fi-fineec")
    assert code == 1
    hit = _one(findings, "FI-MC-01")
    assert hit["status"] == "fail" and hit["severity"] == "error"
    assert "60 ECTS; allowed [1, 59]" in str(hit["observed"])


@pytest.mark.parametrize(("pack", "example"), [
    ("es-vet-grado-a", "es-fp-grado-a-fotovoltaica.yaml"),
    ("ee-adult-ed", "ee-mikrokvalifikatsioon-andmeanalyys.yaml"),
    ("fr-registers", "fr-bloc-rncp-analyse-donnees.yaml"),
])
def test_conforming_national_examples(pack: str, example: str) -> None:
    code, findings = _check(EXAMPLES / example, "--pack", pack)
    assert code == 0
    own = [f for f in findings if f["pack_id"] == pack]
    assert own and all(f["status"] == "pass" for f in own), [f["rule_id"] for f in own]


def test_packs_list_shows_jurisdiction_source_and_rule_count() -> None:
    code, out = _invoke(["packs", "list", "--format", "json"])
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    expected_country = {"es-rd822": "ES", "es-vet-grado-a": "ES", "nl-hbo-wo-mc": "NL",
                        "ee-adult-ed": "EE", "at-mc": "AT", "fi-fineec": "FI", "fr-registers": "FR"}
    for pack, country in expected_country.items():
        row = rows[pack]
        own = [r for p, r in resolve_packs([pack]).rules if p.meta.id == pack]
        assert row["jurisdiction"] == country and row["rules"] == len(own) > 0
        assert row["source"] and row["url"].startswith("http") and row["extends"] == ["eu-2022"]
    code, text = _invoke(["packs", "list"])
    block = text.split("es-rd822", 1)[1].split("\n", 3)
    assert block[0].split()[1] == "9" and "jurisdiction: ES" in block[1] and "source:" in block[2]


def test_severity_follows_confidence() -> None:
    """[C]/[C-m] may be errors; secondary facts at most warnings; unconfirmed facts no rule
    (every rule of the national packs, the older ones included: their unconfirmed info
    rules were dropped in au-nmf 1.2.0 and my-mqa 1.2.0)."""
    for pack in [*EU_NATIONAL, *EXTENDED, "ie-microcreds"]:
        for owner, rule in resolve_packs([pack]).rules:
            if owner.meta.id != pack:
                continue
            confidence = rule.citation.confidence
            assert confidence is not None or pack not in EU_NATIONAL, rule.id
            assert confidence != "unconfirmed", rule.id
            if rule.severity.value == "error":
                assert confidence in ("confirmed", "confirmed-mirror", None), rule.id
            if confidence == "secondary":
                assert rule.severity.value != "error", rule.id


def test_extended_packs_have_new_versions() -> None:
    for pack, version in EXTENDED.items():
        assert resolve_packs([pack]).packs[-1].meta.version == version


def test_guideline_packs_say_they_are_not_law() -> None:
    docs = (REPO / "docs" / "packs.md").read_text(encoding="utf-8")
    for pack in ("nl-hbo-wo-mc", "at-mc", "fi-fineec"):
        meta = next(p.meta for p in resolve_packs([pack]).packs if p.meta.id == pack)
        assert "not law" in meta.title or "not statute" in meta.title, pack
        header = (REPO / "standards" / "packs" / f"{pack}.yaml").read_text(encoding="utf-8")
        assert "NOT LAW" in header or "NOT STATUTE" in header, pack
        section = docs.split(f"### `{pack}`", 1)[1].split("\n### ", 1)[0]
        assert "not law" in section.lower() or "not statute" in section.lower(), pack


# ----------------------------------------------------------------------- --country
def test_country_auto_adds_each_records_national_packs() -> None:
    code, out = _invoke(["check", str(EXAMPLES), "--country", "auto", "--as-of", "2026-01-01",
                         "--format", "json"])
    assert code == 1
    report = json.loads(out)
    applied = {p["id"]: p["applied"] for p in report["packs"]}
    assert applied["eu-2022"] == "requested"
    assert applied["es-rd822"] == "--country auto: records awarded in ES"
    by_record = {r["record_id"]: r["findings"] for r in report["records"]}
    packs_of = {rid: {f["pack_id"] for f in fs} for rid, fs in by_record.items()}
    assert packs_of["urn:mcqa:example:es-duero-microcredencial-ciberseguridad"] == {
        "eu-2022", "es-rd822", "es-vet-grado-a", "mcqa"}
    assert packs_of["urn:mcqa:example:de-hs-rhein-cloud-security"] == {"eu-2022", "mcqa"}
    assert "nz-nzqa" in packs_of["urn:mcqa:example:nz-te-awa-solar-pv"]
    note = {rid: next(f for f in fs if f["rule_id"] == "MCQA-COUNTRY")
            for rid, fs in by_record.items()}
    es = note["urn:mcqa:example:es-duero-microcredencial-ciberseguridad"]
    assert es["status"] == "pass" and "es-rd822, es-vet-grado-a" in es["message"]
    de = note["urn:mcqa:example:de-hs-rhein-cloud-security"]
    assert de["status"] == "not_applicable" and "DE" in de["message"]
    # the Spanish example fails its own statute only when the national pack is on
    es_rule = next(f for f in by_record["urn:mcqa:example:es-duero-microcredencial-ciberseguridad"]
                   if f["rule_id"] == "ES-MC-02")
    assert es_rule["status"] == "fail"


def test_country_auto_text_report_says_why_packs_ran() -> None:
    code, out = _invoke(["check", str(EXAMPLES / "at-microcredential-digitale-lehre.yaml"),
                         "--country", "auto", "--as-of", "2026-01-01"])
    assert code == 0
    assert "  at-mc: --country auto: records awarded in AT" in out
    assert "AT-MC-01" in out


def test_country_code_adds_that_countrys_packs_for_every_record() -> None:
    code, findings = _check(EXAMPLES / "de-cloud-security.yaml", "--country", "ES")
    assert code == 0
    assert {f["pack_id"] for f in findings} == {"eu-2022", "es-rd822", "es-vet-grado-a"}
    # its title says "Microcredential", so the Spanish university rules judge it (5 ECTS);
    # it is no VET Grado A offer
    assert _one(findings, "ES-MC-02")["status"] == "pass"
    assert all(f["status"] == "not_applicable" for f in findings
               if f["pack_id"] == "es-vet-grado-a")


def test_country_that_is_no_country_is_a_usage_error() -> None:
    code, _ = _invoke(["check", str(EXAMPLES / "de-cloud-security.yaml"), "--country", "Spain"])
    assert code == 2


def test_check_country_and_dossier_target_choose_the_same_packs() -> None:
    from mcqa.dossier import build_dossier, country_packs, load_record

    rec = load_record(EXAMPLES / "es-microcredencial-ciberseguridad.yaml")
    dossier = build_dossier(rec, "ES", as_of=date(2026, 1, 1))
    assert dossier.gaps.country_packs == ("es-rd822", "es-vet-grado-a")
    assert country_packs("ES") == country_packs("ESP") == ["es-rd822", "es-vet-grado-a"]
    check_packs = {p.meta.id for p in resolve_packs(["eu-2022"], country="ES").packs}
    assert {name.split()[0] for name in dossier.reproducibility.packs} == check_packs


def test_docs_tables_match_the_packs() -> None:
    """docs/packs.md lists every rule of every pack but eu-2022 with its severity and confidence."""
    docs = (REPO / "docs" / "packs.md").read_text(encoding="utf-8")
    stale = []
    for pack in available_packs():
        if pack == "eu-2022":
            continue  # documented in the README
        for owner, rule in resolve_packs([pack]).rules:
            if owner.meta.id != pack:
                continue
            row = (f"| {rule.id} | `{rule.name}` | {rule.element or '—'} | {rule.severity.value} "
                   f"| {rule.citation.confidence} |")
            if row not in docs:
                stale.append(row)
    assert not stale, "\n".join(stale)
