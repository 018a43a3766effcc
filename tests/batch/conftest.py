"""Fixtures for the batch engine, benchmark and pipeline outputs: a mixed catalogue."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import AS_OF, REPO

EXAMPLES = REPO / "examples"

HEADER = ["id", "kind", "title", "provider.id", "provider.name", "issuer_country",
          "workload.ects", "level.eqf", "assessment_type", "participation_form",
          "learning_outcomes", "quality_assurance.description"]


def write_catalogue(path: Path, rows: int, *, offset: int = 0) -> Path:
    """A CSV catalogue with deliberate gaps and bad values spread over five providers."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for n in range(offset, offset + rows):
            w.writerow([
                f"rec-{n:05d}", "specification",
                f"Course number {n}" if n % 7 else "",
                f"prov-{n % 5}", f"Provider {n % 5}",
                ["IE", "DE", "XX", ""][n % 4],
                str(n % 10) if n % 3 else "abc",
                str(n % 9), "written exam" if n % 2 else "", "online",
                "Analyse data; explain results" if n % 5 else "",
                "ISO 9001 certified" if n % 6 else "",
            ])
    return path


@pytest.fixture(scope="session")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 rows: several chunks, so the worker pool is really used."""
    return write_catalogue(tmp_path_factory.mktemp("cat") / "catalogue.csv", 600)


__all__ = ["AS_OF", "EXAMPLES", "HEADER", "write_catalogue"]
