"""Throughput, peak memory and cold start of ``mcqa check`` at ministry scale.

Usage::

    python benchmarks/bench_check.py [--sizes 10000,100000] [--million]
        [--formats jsonl,xlsx,xlsx-excel,csv] [--modes count,benchmark,check,text] [--jobs 2]
        [--shacl 50] [--lang de] [--layout grouped]

Catalogues come from benchmarks/gen_catalogue.py (realistic rows, 40
providers, fixed seed) and are cached in ``$TMPDIR/mcqa-bench``. Each
(format, size) is checked in its own child process exactly as
``mcqa check CAT --format json -o report.json`` does (streamed JSON report,
EU pack, ``--jobs``), so ``ru_maxrss`` is that run's peak: the main process
and the largest worker are printed separately, and their sum with one
worker per job is the upper bound for the whole run.

The SHACL reference point validates N copies of the EC's Annex I sample
credential (../shared/corpus) with pyshacl against the official ELM shapes,
then checks the same N files with mcqa, and prints the ratio.

Targets (issue #7): >= 5,000 records/s JSONL and >= 2,000 rows/s XLSX on 2
cores, <= 500 MB flat from 10k to 1M rows, cold start <= 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE = CORPUS / "elm/elm-support-samples/AA-Annex1-MC-unsigned.json"
SHAPES = CORPUS / "elm/european-learning-model/shapes"
CONTEXTS = {
    "https://www.w3.org/2018/credentials/v1":
        CORPUS / "vc-contexts/official-copies-via-conform-ed/vc-data-model-v1.context.json",
    "http://data.europa.eu/snb/model/context/edc-ap":
        CORPUS / "elm/european-learning-model/context/edc-ap-context.jsonld",
}


def catalogue(fmt: str, size: int, folder: Path, lang: str = "en",
              layout: str = "flat") -> Path:
    """The cached synthetic catalogue of ``size`` rows in ``fmt``: ``jsonl``, ``xlsx``
    (openpyxl write-only: inline strings, no dimension), ``xlsx-excel`` (laid out as
    Excel saves it: shared strings; needs the ``bench`` extra) or ``csv``; headers and
    values in ``lang``, one header row or a grouped two-row header (``layout``). The
    generator's version is part of the cache key, so a changed generator is never
    measured with an old file."""
    import hashlib

    style = ["--xlsx-style", "excel"] if fmt == "xlsx-excel" else []
    tag = hashlib.sha256((HERE / "gen_catalogue.py").read_bytes()).hexdigest()[:8]
    stem = f"catalogue-{size}-{lang}-{layout}-{tag}"
    path = folder / (f"{stem}.excel.xlsx" if style else f"{stem}.{fmt}")
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "gen_catalogue.py"), "--rows", str(size),
                        "--providers", "40", "--format", fmt.split("-")[0], *style,
                        "--lang", lang, "--layout", layout, "--out", str(path)], check=True)
    return path


def child(path: str, jobs: int, mode: str) -> None:
    """Run one job in this process; print one JSON line.

    ``count``: load and check every record, keep only the totals and the
    closing count (the checking throughput, no report written). ``check``:
    ``mcqa check CAT --format json -o report.json`` (every finding, passes
    included, streamed); ``text``: the same with the default text report
    (gaps only, streamed). ``benchmark``: ``mcqa benchmark CAT -o x.xlsx``
    (per-provider figures plus up to 1,048,575 failure rows in the workbook).
    """
    from datetime import date

    from mcqa.batch import BatchOptions

    day = date(2026, 1, 1)
    opts = BatchOptions(jobs=jobs, progress=False)
    folder = Path(tempfile.gettempdir()) / "mcqa-bench"
    t0 = time.perf_counter()
    if mode == "count":
        from mcqa.batch import _Tally, check_paths
        from mcqa.model.report import RecordResult, Totals
        from mcqa.packs import resolve_packs

        out = Path(path)
        tally, totals = _Tally(), Totals()
        for t in check_paths([out], resolve_packs(["eu-2022"]), as_of=day, options=opts,
                             tally=tally, project=RecordResult.tally):
            totals.add(t)
        counts = tally.freeze()
        assert totals.records == counts.reported
    elif mode in ("check", "text"):
        from mcqa.batch import check_to_stream

        fmt = "json" if mode == "check" else "text"
        out = folder / f"report.{fmt}"
        with out.open("w", encoding="utf-8") as fh:
            run = check_to_stream([Path(path)], fh, fmt=fmt, as_of=day, options=opts)
        counts = run.counts
    else:
        from mcqa.benchmarking import run_benchmark
        from mcqa.render.xlsx import render_benchmark_xlsx

        out = folder / "benchmark.xlsx"
        bench, counts = run_benchmark([Path(path)], as_of=day, options=opts)
        out.write_bytes(render_benchmark_xlsx(bench))
    secs = time.perf_counter() - t0
    main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"records": counts.reported, "secs": secs, "main_mb": main_mb,
                      "worker_mb": worker_mb, "balanced": counts.balanced,
                      "out_mb": out.stat().st_size / 2**20 if mode != "count" else 0.0}))


def cold_start() -> float:
    """Best of 5 wall times of ``mcqa check one.yaml`` in a fresh interpreter.

    With Python's bytecode cache allowed, as an installed package has it
    (pip compiles it): PYTHONDONTWRITEBYTECODE, set in some sandboxes, would make
    every run recompile every module and measure the sandbox instead.
    """
    import os

    one = ROOT / "examples" / "ie-data-analytics-nfq8.yaml"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    best = float("inf")
    for _ in range(6):  # the first run may write the cache
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "mcqa", "check", str(one)],
                              capture_output=True, check=False, env=env)
        if done.returncode not in (0, 1):
            raise SystemExit(f"cold start run failed: {done.stderr.decode()[:300]}")
        best = min(best, time.perf_counter() - t0)
    return best


def shacl_reference(n: int, jobs: int, folder: Path) -> None:
    """pyshacl on n ELM credentials vs mcqa check on the same files."""
    if not SAMPLE.exists():
        print("SHACL reference skipped: ../shared/corpus not found")
        return
    from datetime import date

    from mcqa.batch import BatchOptions, check_batch
    from mcqa.loaders.shacl import shacl_findings

    creds = folder / f"elm-{n}"
    shutil.rmtree(creds, ignore_errors=True)
    creds.mkdir()
    for i in range(n):
        shutil.copy(SAMPLE, creds / f"cred-{i:03d}.json")
    ctx = folder / "ctx"
    ctx.mkdir(exist_ok=True)
    (ctx / "manifest.json").write_text(json.dumps({k: str(v) for k, v in CONTEXTS.items()}))
    files = sorted(creds.iterdir())
    shacl_findings(files[0], files[0].name, "warm-up", SHAPES, ctx)  # shapes parsed once
    t0 = time.perf_counter()
    for f in files:
        shacl_findings(f, f.name, f.stem, SHAPES, ctx)
    shacl_rate = n / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    res = check_batch([creds], as_of=date(2026, 1, 1),
                      options=BatchOptions(jobs=jobs, progress=False))
    mcqa_rate = res.counts.reported / (time.perf_counter() - t0)
    print(f"SHACL reference, {n} ELM credentials (EC Annex I sample): pyshacl "
          f"{shacl_rate:.1f} credentials/s (1 core); mcqa check {mcqa_rate:.0f}/s "
          f"(--jobs {jobs}) = {mcqa_rate / shacl_rate:.0f}x")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--formats", default="jsonl,xlsx,xlsx-excel")
    ap.add_argument("--million", action="store_true", help="also 1,000,000 rows")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--shacl", type=int, default=50, metavar="N")
    ap.add_argument("--modes", default="count,benchmark,check,text")
    ap.add_argument("--lang", default="en", help="language of the generated catalogues")
    ap.add_argument("--layout", default="flat", choices=("flat", "grouped"))
    ap.add_argument("--child", nargs=3, metavar=("PATH", "JOBS", "MODE"))
    args = ap.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.child[2])
        return
    sizes = [int(s) for s in args.sizes.split(",")] + ([1_000_000] if args.million else [])
    folder = Path(tempfile.gettempdir()) / "mcqa-bench"
    folder.mkdir(exist_ok=True)
    print(f"{'job':<10}{'format':<11}{'rows':>9}{'seconds':>9}{'rows/s':>8}{'main MB':>9}"
          f"{'worker MB':>10}{'sum MB':>8}{'out MB':>8}  balanced")
    for mode in args.modes.split(","):
        for fmt in args.formats.split(","):
            for size in sizes:
                path = catalogue(fmt, size, folder, args.lang, args.layout)
                out = subprocess.run([sys.executable, __file__, "--child", str(path),
                                      str(args.jobs), mode],
                                     capture_output=True, text=True, check=True)
                r = json.loads(out.stdout.strip().splitlines()[-1])
                total = r["main_mb"] + args.jobs * r["worker_mb"]
                print(f"{mode:<10}{fmt:<11}{r['records']:>9}{r['secs']:>9.1f}"
                      f"{r['records'] / r['secs']:>8.0f}{r['main_mb']:>9.0f}"
                      f"{r['worker_mb']:>10.0f}{total:>8.0f}{r['out_mb']:>8.1f}  {r['balanced']}")
    if args.shacl:
        shacl_reference(args.shacl, args.jobs, folder)
    print(f"cold start mcqa check one.yaml (best of 6, bytecode cached): {cold_start():.2f} s")


if __name__ == "__main__":
    main()
