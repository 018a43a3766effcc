"""The README's German catalogue example shows mcqa's real output."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO
from tests.test_cli import _invoke

MARKER = "<!-- readme-de-example:"


def test_readme_shows_the_real_output_of_the_german_catalogue(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    after = readme[readme.index(MARKER):]
    shown = re.search(r"```text\n(.*?)```", after, re.S)
    assert shown is not None
    code, out, _ = _invoke(["check", "docs/examples/weiterbildung-de.csv",
                            "--as-of", "2026-01-01"])
    assert code == 1
    assert out == shown.group(1)
    csv_text = (REPO / "docs/examples/weiterbildung-de.csv").read_text(encoding="utf-8")
    assert f"```text\n{csv_text}```" in readme
