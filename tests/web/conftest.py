"""Fixtures for the web application: an in-process test client, a real server on a
loopback port for the browser tests, a small ESCO index and catalogues."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
ARTEFACTS = REPO / "tmp" / "artefacts"
N_EXAMPLES = len(list(EXAMPLES.iterdir()))
"""Each bundled example file holds one credential."""


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "page has no CSRF field"
    return found.group(1)


def example_files() -> list[tuple[str, tuple[str, bytes]]]:
    """The bundled examples as multipart ``files`` entries."""
    return [("files", (p.name, p.read_bytes())) for p in sorted(EXAMPLES.iterdir())]


@pytest.fixture(scope="session")
def esco_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small ESCO index with the skills the IE example's outcomes need."""
    from mcqa.esco import import_esco
    from tests.dossier.conftest import build_slice

    folder = build_slice(tmp_path_factory.mktemp("esco-slice") / "pkg")
    db = tmp_path_factory.mktemp("esco-db") / "esco.sqlite"
    import_esco(folder, db)
    return db


@pytest.fixture(scope="session")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1,500-row XLSX catalogue from the benchmark generator (a few seconds to check:
    long enough for the progress display to poll)."""
    out = tmp_path_factory.mktemp("cat") / "catalogue.xlsx"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "gen_catalogue.py"), "--rows",
                    "1500", "--format", "xlsx", "--out", str(out)], check=True,
                   capture_output=True)
    return out


@pytest.fixture(scope="session")
def client(esco_db: Path) -> Iterator[Any]:
    """An in-process client of a default (loopback, unprotected) app."""
    from starlette.testclient import TestClient

    from mcqa.web import Settings, create_app

    app = create_app(Settings(workers=2, esco_db=esco_db, timeout=60))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def free_port() -> int:
    """An unused loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(esco_db: Path) -> Iterator[str]:
    """``mcqa serve`` on a loopback port, as a user starts it; its base URL."""
    port = free_port()
    mcqa = str(Path(sys.executable).parent / "mcqa")
    proc = subprocess.Popen([mcqa, "serve", "--port",
                             str(port), "--esco-db", str(esco_db), "--timeout", "60",
                             "--max-unzipped-bytes", str(64 * 1024 * 1024)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(proc.stderr.read().decode() if proc.stderr
                                       else "") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
