"""Shared fixtures for loader tests: the shared corpus, and no network, ever."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
CREDENTIAL_FOLDERS = ("elm", "openbadges", "clr", "ctdl")


def corpus_samples() -> list[str]:
    """Every file SOURCES.md lists as kind ``sample`` in the credential folders (relative)."""
    found: list[str] = []
    for sources in sorted(CORPUS.glob("*/**/SOURCES.md")):
        rel = sources.parent.relative_to(CORPUS)
        if rel.parts[0] not in CREDENTIAL_FOLDERS:
            continue
        for line in sources.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.split("|")]
            if len(cells) > 5 and cells[2] == "sample" and not cells[1].startswith("file"):
                found.append(str(rel / cells[1]))
    return sorted(set(found))


class NetworkBlocked(AssertionError):
    """Raised by the socket guard: a loader tried to open a connection."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every loader test runs with outgoing connections refused."""

    def refuse(self: socket.socket, address: object) -> None:
        raise NetworkBlocked(f"network access attempted: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]
    yield


def slug(path: str) -> str:
    """Readable pytest id."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", path)[-90:]
