"""Locate the bundled ``standards/`` data, in a wheel or in a source checkout.

In a wheel the folder is shipped as ``mcqa/standards``; in an editable
install or a checkout it is the top-level ``standards/`` folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from mcqa.errors import PackError


@cache
def standards_dir() -> Path:
    """Root of the bundled standards data (packs, frameworks, vocabularies)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "standards", here.parent.parent / "standards"):
        if (candidate / "packs").is_dir():
            return candidate
    raise PackError(
        "bundled standards data not found",
        file=str(here / "standards"),
        hint="reinstall mcqa; the wheel must contain mcqa/standards",
    )
