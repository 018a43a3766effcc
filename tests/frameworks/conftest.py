"""Shared helpers for the framework tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mcqa.resources import standards_dir


@pytest.fixture
def fw_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled framework folder, safe to break."""
    target = tmp_path / "frameworks"
    shutil.copytree(standards_dir() / "frameworks", target)
    return target
