"""The benchmark generator: deterministic, and every format loads row for row."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from mcqa.loaders.base import SourceDocument
from mcqa.loaders.jsonl import JsonLinesLoader
from mcqa.model import CredentialRecord

from .conftest import run_loader

GEN = Path(__file__).resolve().parents[2] / "benchmarks" / "gen_catalogue.py"


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


def test_excel_style_workbook_reads_like_the_openpyxl_one(gen: ModuleType,
                                                          tmp_path: Path) -> None:
    """The Excel-like layout (shared strings, dimension) the throughput benchmark also
    measures holds the same catalogue: same records, values, cells and input issues."""
    dumps = []
    for style in ("openpyxl", "excel"):
        out = tmp_path / f"{style}.xlsx"
        gen.main(["--rows", "300", "--providers", "9", "--seed", "5", "--format", "xlsx",
                  "--xlsx-style", style, "--out", str(out)])
        items, _ = run_loader(out)
        dumps.append([i.model_dump(exclude={"source_file", "provenance"}) |
                      {"cells": sorted((k, v.locator) for k, v in i.provenance.items())}
                      for i in items if isinstance(i, CredentialRecord)])
    assert len(dumps[0]) > 250 and dumps[0] == dumps[1]
