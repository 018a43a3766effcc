"""The benchmark generator: deterministic, every language and layout loads row for row,
and its catalogues look like real ones (most rows complete, gaps at realistic rates)."""

from __future__ import annotations

import importlib.util
from collections import Counter
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from mcqa.batch import BatchOptions, check_batch
from mcqa.loaders.base import SourceDocument
from mcqa.loaders.jsonl import JsonLinesLoader
from mcqa.model import CredentialRecord

from .conftest import run_loader

GEN = Path(__file__).resolve().parents[2] / "benchmarks" / "gen_catalogue.py"
DESIGNED_ISSUES = ("expected a number, got 'ten'", "is not a real calendar date",
                   "is not a date I can read", "cell holds a formula")
"""Input issues the generator plants on purpose; any other would be a false error."""


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_catalogue", GEN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_deterministic(gen: ModuleType, tmp_path: Path) -> None:
    for seed, name in ((7, "a"), (7, "b"), (8, "c")):
        gen.main(["--rows", "200", "--format", "csv", "--seed", str(seed),
                  "--out", str(tmp_path / f"{name}.csv")])
    a, b, c = ((tmp_path / f"{n}.csv").read_bytes() for n in "abc")
    assert a == b and a != c


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl"])
def test_generated_catalogue_loads_row_for_row(gen: ModuleType, tmp_path: Path,
                                               fmt: str) -> None:
    rows = list(gen.rows(400, 12, 3))
    expected = sum(r is not None for r in rows)
    out = tmp_path / f"cat.{fmt}"
    gen.main(["--rows", "400", "--providers", "12", "--seed", "3", "--format", fmt,
              "--out", str(out)])
    if fmt == "jsonl":
        items = list(JsonLinesLoader().load(SourceDocument(out, display=out.name)))
    else:
        items, stats = run_loader(out)
        assert stats.empty_rows == 400 - expected
    assert len(items) == expected
    recs = [i for i in items if isinstance(i, CredentialRecord)]
    assert len(recs) == expected
    assert len({r.provider_id for r in recs}) == 12
    titles = [r.title or "" for r in recs]
    assert any(t.startswith("=HYPERLINK(") for t in titles)  # kept as text
    assert sum(r.quality_assurance is None for r in recs) > 0
    assert sum(r.workload is not None and r.workload.ects is None for r in recs) > 0
    assert sum(bool(r.input_issues) for r in recs) > 0  # "ten" ECTS etc.


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "it", "nl", "pl"])
@pytest.mark.parametrize(("fmt", "layout"), [("csv", "grouped"), ("xlsx", "flat")])
def test_every_language_reads_without_false_errors(gen: ModuleType, tmp_path: Path,
                                                   lang: str, fmt: str, layout: str) -> None:
    out = tmp_path / f"cat.{fmt}"
    gen.main(["--rows", "300", "--providers", "6", "--seed", "11", "--format", fmt,
              "--lang", lang, "--layout", layout, "--out", str(out)])
    items, stats = run_loader(out)
    recs = [i for i in items if isinstance(i, CredentialRecord)]
    assert len(recs) == len(items) == stats.data_rows > 280
    for rec in recs:
        for issue in rec.input_issues:
            assert issue.severity == "info" or any(d in issue.message for d in DESIGNED_ISSUES), \
                issue
        assert rec.issuer_country and len(rec.issuer_country[0]) == 2  # names read to codes
        assert rec.language in (lang, None)
    stated = [r for r in recs if r.workload is not None and r.workload.ects is not None]
    assert any(not float(r.workload.ects).is_integer() for r in stated)  # 7,5 / 2,5 read


def test_gap_rates_look_like_a_real_catalogue(gen: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "cat.csv"
    gen.main(["--rows", "1500", "--providers", "20", "--seed", "5", "--format", "csv",
              "--lang", "de", "--layout", "grouped", "--out", str(out)])
    result = check_batch([out], as_of=date(2026, 1, 1),
                         options=BatchOptions(jobs=1, progress=False))
    fails: Counter[str] = Counter()
    for rec in result.report.records:
        fails.update(f.rule_id for f in rec.findings if f.status.value == "fail")
    n = result.counts.read_records
    rate = {rule: fails[rule] / n for rule in fails}
    assert result.counts.read_problems == 0 and n > 1400
    # no rule fails on (nearly) every row any more; each gap stays near its planted rate
    assert max(rate.values()) < 0.35, rate
    for rule, (low, high) in {"EU-AII-P01a": (0.05, 0.25), "EU-AII-P01b": (0.05, 0.25),
                              "EU-AII-P09a": (0.05, 0.2), "EU-AI-O02": (0.08, 0.25),
                              "EU-AI-M06a": (0.01, 0.08), "EU-AI-M09a": (0.005, 0.05),
                              "EU-AI-M08": (0.04, 0.14)}.items():
        assert low <= rate.get(rule, 0.0) <= high, (rule, rate.get(rule))
    assert fails["EU-AI-M10a"] == 0 and fails["EU-AI-O02a"] == 0 and fails["EU-AI-M04"] == 0
    assert result.counts.conforms > 0.8 * n


def test_excel_style_workbook_reads_like_the_openpyxl_one(gen: ModuleType,
                                                          tmp_path: Path) -> None:
    """The Excel-like layout (shared strings, dimension, merged group headers) the
    throughput benchmark also measures holds the same catalogue: same records, values,
    cells and input issues."""
    dumps = []
    for style in ("openpyxl", "excel"):
        out = tmp_path / f"{style}.xlsx"
        gen.main(["--rows", "300", "--providers", "9", "--seed", "5", "--format", "xlsx",
                  "--xlsx-style", style, "--layout", "grouped", "--lang", "it",
                  "--out", str(out)])
        items, _ = run_loader(out)
        dumps.append([i.model_dump(exclude={"source_file", "provenance"}) |
                      {"cells": sorted((k, v.locator) for k, v in i.provenance.items())}
                      for i in items if isinstance(i, CredentialRecord)])
    assert len(dumps[0]) > 250 and dumps[0] == dumps[1]
