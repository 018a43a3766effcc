"""Helpers for catalogue-intake tests: run a loader on a file written in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mcqa.loaders.base import LoadOptions, SourceDocument
from mcqa.loaders.catalogue import CsvCatalogueLoader, IntakeStats, XlsxCatalogueLoader
from mcqa.model import CredentialRecord, InputProblem, LoadItem

Loaded = tuple[list[LoadItem], IntakeStats]


def run_loader(path: Path, mapping: Path | None = None, **kw: Any) -> Loaded:
    """Detect (must match) and load ``path`` with the catalogue loader for its content."""
    options = LoadOptions(mapping_file=mapping, **kw)
    doc = SourceDocument(path, display=path.name, options=options)
    loader: XlsxCatalogueLoader | CsvCatalogueLoader
    loader = XlsxCatalogueLoader() if path.suffix == ".xlsx" else CsvCatalogueLoader()
    assert loader.matches(doc), f"{path.name} not detected as {loader.name}"
    items = list(loader.load(doc))
    assert loader.last_stats is not None
    return items, loader.last_stats


@pytest.fixture
def load_catalogue() -> Callable[..., Loaded]:
    """The :func:`run_loader` helper as a fixture."""
    return run_loader


def records(items: list[LoadItem]) -> list[CredentialRecord]:
    """Only the records, asserting there are no problems."""
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert not problems, problems
    return [i for i in items if isinstance(i, CredentialRecord)]


def issues_by_locator(record: CredentialRecord) -> dict[str, str]:
    """locator → message of a record's input issues."""
    return {i.locator: i.message for i in record.input_issues}
