"""Load test of ``mcqa serve`` on the loopback address: N people upload a catalogue at
once while a monitor measures ``/health``.

Starts the server as a user would (``mcqa serve --port P``), generates the catalogue
with ``gen_catalogue.py``, then runs ``--users`` concurrent clients, each uploading it
once to ``/check`` (or ``/benchmark``) and following the redirect to the result page,
while another thread requests ``/health`` every 50 ms. Every loop is bounded in
requests and time; only 127.0.0.1 is contacted; the server is stopped at the end.
Prints per-user times, the results (records reported) and health latency
percentiles.

    python benchmarks/bench_web.py --users 8 --rows 2000
"""

from __future__ import annotations

import argparse
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, proc: subprocess.Popen[bytes], seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("server did not start") from None
            time.sleep(0.1)
    raise SystemExit("server did not start in time")


def _user(base: str, catalogue: Path, page: str, out: list[dict[str, float | int | str]],
          timeout: float) -> None:
    started = time.perf_counter()
    with httpx.Client(base_url=base, timeout=timeout) as client:
        form = client.get(f"/{page}")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        job = re.search(r'name="job" value="([^"]+)"', form.text)
        assert token and job
        with catalogue.open("rb") as fh:
            r = client.post(f"/{page}", data={"csrf_token": token[1], "job": job[1],
                                              "pack": "eu-2022", "lang": "en"},
                            files=[("files", (catalogue.name, fh.read()))],
                            follow_redirects=True)
        elapsed = time.perf_counter() - started
        records = re.search(r'<span class="big">([\d,]+)</span> records', r.text)
        out.append({"status": r.status_code, "seconds": elapsed,
                    "records": int(records[1].replace(",", "")) if records else -1})


def _monitor(base: str, stop: threading.Event, latencies: list[float], limit: int) -> None:
    with httpx.Client(base_url=base, timeout=5) as client:
        while not stop.is_set() and len(latencies) < limit:
            t = time.perf_counter()
            r = client.get("/health")
            if r.status_code == 200:
                latencies.append((time.perf_counter() - t) * 1000)
            time.sleep(0.05)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--users", type=int, default=8)
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--format", choices=["xlsx", "csv", "jsonl"], default="xlsx")
    ap.add_argument("--page", choices=["check", "benchmark"], default="check")
    ap.add_argument("--timeout", type=float, default=600.0, help="Per-request time limit.")
    args = ap.parse_args()
    if not 1 <= args.users <= 32:
        raise SystemExit("--users must be between 1 and 32")
    with tempfile.TemporaryDirectory() as tmp:
        catalogue = Path(tmp) / f"catalogue.{args.format}"
        subprocess.run([sys.executable, str(HERE / "gen_catalogue.py"), "--rows",
                        str(args.rows), "--format", args.format, "--out", str(catalogue)],
                       check=True, capture_output=True)
        port = _free_port()
        mcqa = str(Path(sys.executable).parent / "mcqa")
        proc = subprocess.Popen([mcqa, "serve", "--port", str(port), "--timeout",
                                 str(args.timeout)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait(port, proc)
            idle: list[float] = []
            _monitor(base, threading.Event(), idle, 20)
            results: list[dict[str, float | int | str]] = []
            latencies: list[float] = []
            stop = threading.Event()
            monitor = threading.Thread(target=_monitor, args=(base, stop, latencies, 20_000))
            users = [threading.Thread(target=_user, args=(base, catalogue, args.page, results,
                                                          args.timeout))
                     for _ in range(args.users)]
            started = time.perf_counter()
            monitor.start()
            for u in users:
                u.start()
            for u in users:
                u.join(args.timeout + 30)
            wall = time.perf_counter() - started
            stop.set()
            monitor.join(10)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    expected = {r["records"] for r in results if r["status"] == 200}
    ok = [r for r in results if r["status"] == 200 and int(r["records"]) > 0
          and len(expected) == 1]
    times = sorted(float(r["seconds"]) for r in results)
    lat = sorted(latencies)

    def pct(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")

    print(f"mcqa serve, {args.users} users each uploading a {args.rows:,}-row {args.format} "
          f"catalogue to /{args.page} at once (loopback)")
    print(f"  results: {len(ok)}/{args.users} complete ({', '.join(map(str, expected))} "
          "records each, as the generator's rows make them); "
          f"wall {wall:.1f} s; per user min {times[0]:.1f} s, median "
          f"{statistics.median(times):.1f} s, max {times[-1]:.1f} s" if times else
          "  results: none")
    print(f"  /health idle: median {statistics.median(idle):.1f} ms")
    print(f"  /health under load ({len(lat)} requests): median {pct(lat, .5):.1f} ms, "
          f"p95 {pct(lat, .95):.1f} ms, p99 {pct(lat, .99):.1f} ms, max {lat[-1]:.1f} ms; "
          f"{sum(x >= 100 for x in lat)} at or above 100 ms")
    if len(ok) != args.users:
        raise SystemExit(f"only {len(ok)} of {args.users} users got their results: {results}")


if __name__ == "__main__":
    main()
