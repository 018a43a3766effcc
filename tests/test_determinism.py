"""Same input, same bytes: every report format is identical across PYTHONHASHSEED values.

Set and dict iteration order of strings changes with the hash seed, so an output that
depends on it differs between two processes. Each seed runs in its own child process over
one mixed folder (descriptors, ELM, OB2, OB3, CLR, CTDL, CSV/XLSX/JSON Lines catalogues,
an unreadable file) and writes every report renderer's output and the benchmark in XLSX,
HTML and JSON; the CLI writes one more JSON report. All must match byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SHARED

SEEDS = ("1", "4242")
CORPUS = SHARED / "corpus"
SAMPLES = (
    "elm/elm-support-samples/AA-Annex1-MC-unsigned.json",
    "openbadges/ob3-spec-examples-json/Basic_OpenBadgeCredential.json",
    "openbadges/1edtech-dc-public-validator/ob2/basic-assertion.json",
    "clr/1edtech-dc-public-validator/simple.json",
    "ctdl/credentialengine-ingest-examples/Credential__1__Credential-1.json",
)

_RENDER_ALL = """
import sys
from datetime import date
from pathlib import Path
from mcqa.api import check
from mcqa.benchmarking import benchmark_results
from mcqa.cli._common import dump_json
from mcqa.render import RENDERERS, get_renderer
from mcqa.render.benchmark_html import render_benchmark_html
from mcqa.render.xlsx import render_benchmark_xlsx

out = Path(sys.argv[1])
report = check([Path(sys.argv[2])], as_of=date(2026, 1, 1))
for fmt in RENDERERS:
    (out / f"report.{fmt}").write_text(get_renderer(fmt)(report, show_passes=True),
                                       encoding="utf-8")
bm = benchmark_results(report.records, as_of="2026-01-01", packs=report.packs)
(out / "benchmark.xlsx").write_bytes(render_benchmark_xlsx(bm))
(out / "benchmark.html").write_text(render_benchmark_html(bm), encoding="utf-8")
(out / "benchmark.json").write_text(dump_json(bm.model_dump(mode="json")), encoding="utf-8")
"""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    shutil.copytree(REPO / "examples", folder / "examples")
    for rel in SAMPLES:
        shutil.copy(CORPUS / rel, folder / rel.replace("/", "__"))
    for fmt in ("csv", "xlsx", "jsonl"):
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "gen_catalogue.py"), "--rows",
                        "60", "--providers", "9", "--seed", "5", "--format", fmt, "--out",
                        str(folder / f"catalogue.{fmt}")], check=True, capture_output=True)
    (folder / "broken.json").write_text('{"mcqa": 1, "title": ')
    return folder


def _run(seed: str, inputs: Path, out: Path) -> dict[str, bytes]:
    out.mkdir()
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONUTF8": "1"}
    subprocess.run([sys.executable, "-c", _RENDER_ALL, str(out), str(inputs)], env=env,
                   check=True, capture_output=True, timeout=300)
    cli = subprocess.run([sys.executable, "-m", "mcqa", "check", str(inputs), "--format", "json",
                          "--as-of", "2026-01-01", "--jobs", "2"], env=env,
                         capture_output=True, timeout=300, check=False)
    assert cli.returncode == 2, cli.stderr[-2000:]  # gaps and one unreadable file
    (out / "cli.json").write_bytes(cli.stdout)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_outputs_identical_across_hash_seeds(inputs: Path, tmp_path: Path) -> None:
    runs = {seed: _run(seed, inputs, tmp_path / seed) for seed in SEEDS}
    first = runs[SEEDS[0]]
    assert {"report.json", "report.md", "report.html", "report.sarif", "report.junit",
            "report.text", "benchmark.xlsx", "benchmark.html", "benchmark.json",
            "cli.json"} <= set(first)
    report = first["report.json"].decode()
    for fmt in ("elm", "ob2", "ob3", "clr", "ctdl", "native", "csv", "xlsx", "jsonl"):
        assert f'"source_format": "{fmt}"' in report, fmt
    assert '"input_errors": 1' in report
    for seed in SEEDS[1:]:
        for name, data in first.items():
            assert runs[seed][name] == data, f"{name} differs between seeds {SEEDS[0]} and {seed}"
