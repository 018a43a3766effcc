"""Throughput, peak memory and cold start of ``mcqa check`` at ministry scale.

Usage: ``python benchmarks/bench_check.py [--sizes 10000,100000] [--million] [--jobs N]``.
Each (format, size) runs in its own child process so ``ru_maxrss`` is that
run's peak. Catalogues come from benchmarks/gen_catalogue.py when present,
otherwise from the simple generator below (CSV and XLSX; JSONL needs the
JSON Lines loader). Targets: >= 5,000 records/s JSONL, >= 2,000 rows/s
XLSX on 2 cores, <= 500 MB, cold start <= 0.5 s.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["id", "kind", "title", "provider.name", "issuer_country", "workload.ects",
          "level.eqf", "assessment_type", "participation_form", "learning_outcomes",
          "quality_assurance.description"]


def _row(n: int) -> list[str]:
    return [f"rec-{n:07d}", "specification", f"Course {n}" if n % 7 else "",
            f"Provider {n % 40}", ["IE", "DE", "FR", ""][n % 4], str(n % 10 or 5),
            str(n % 8 + 1), "written exam" if n % 2 else "", "online",
            "Analyse data; explain results", "ISO 9001" if n % 6 else ""]


def generate(fmt: str, size: int, folder: Path) -> Path:
    """A catalogue of ``size`` rows in ``fmt`` (csv|xlsx|jsonl)."""
    path = folder / f"cat-{size}.{fmt}"
    if path.exists():
        return path
    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(HEADER)
            w.writerows(_row(n) for n in range(size))
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Catalogue")
        ws.append(HEADER)
        for n in range(size):
            ws.append(_row(n))
        wb.save(path)
    else:
        with path.open("w", encoding="utf-8") as fh:
            for n in range(size):
                fh.write(json.dumps(dict(zip(HEADER, _row(n), strict=True))) + "\n")
    return path


def child(path: str, jobs: int) -> None:
    """Run one check in this process and print records, seconds, peak RSS (MB)."""
    from datetime import date

    from mcqa.batch import BatchOptions, check_batch

    t0 = time.perf_counter()
    res = check_batch([Path(path)], as_of=date(2026, 1, 1),
                      options=BatchOptions(jobs=jobs, progress=False))
    secs = time.perf_counter() - t0
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(json.dumps({"records": res.counts.reported, "secs": secs, "rss_mb": peak,
                      "balanced": res.counts.balanced}))


def cold_start(folder: Path) -> float:
    """Best of 5 wall times of ``mcqa check one.yaml`` in a fresh interpreter."""
    one = Path(__file__).resolve().parents[1] / "examples" / "ie-data-analytics-nfq8.yaml"
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", "from mcqa.cli import main; main()",
                               "check", str(one)], capture_output=True, check=False)
        if done.returncode not in (0, 1):
            raise SystemExit(f"cold start run failed: {done.stderr.decode()[:300]}")
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--formats", default="csv,xlsx")
    ap.add_argument("--million", action="store_true")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--child", nargs=2, metavar=("PATH", "JOBS"))
    args = ap.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    sizes = [int(s) for s in args.sizes.split(",")] + ([1_000_000] if args.million else [])
    folder = Path(tempfile.gettempdir()) / "mcqa-bench"
    folder.mkdir(exist_ok=True)
    print(f"{'format':<7}{'rows':>9}{'seconds':>10}{'rows/s':>10}{'peak MB':>10}  balanced")
    for fmt in args.formats.split(","):
        for size in sizes:
            path = generate(fmt, size, folder)
            out = subprocess.run([sys.executable, __file__, "--child", str(path),
                                  str(args.jobs)], capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{fmt:<7}{r['records']:>9}{r['secs']:>10.1f}{r['records'] / r['secs']:>10.0f}"
                  f"{r['rss_mb']:>10.0f}  {r['balanced']}")
    print(f"cold start mcqa check one.yaml (best of 5): {cold_start(folder):.2f} s")


if __name__ == "__main__":
    main()
