"""Shared test helpers: repository paths and fixture-record construction."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = REPO / "tests" / "fixtures"
AS_OF = date(2026, 1, 1)


def deep_merge(base: Any, patch: Any) -> Any:
    """Merge ``patch`` over ``base``; ``None`` in the patch deletes the key."""
    if not isinstance(base, dict) or not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def base_descriptor() -> dict[str, Any]:
    """The complete conforming credential all rule fixtures start from."""
    with (FIXTURES / "rules" / "base.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def make_record(patch: dict[str, Any] | None = None, file: str = "fixture.yaml") -> Any:
    """A CredentialRecord from the base descriptor with ``patch`` merged over it.

    A ``_record`` key in the patch sets record fields directly (for fields a
    descriptor cannot express, such as ``source_format`` or ``signature``).
    """
    from mcqa.loaders.native import record_from_mapping
    from mcqa.model import CredentialRecord

    patch = dict(patch or {})
    direct = patch.pop("_record", None)
    data = deep_merge(base_descriptor(), patch)
    rec = record_from_mapping(data, file, "native", "", file)
    assert isinstance(rec, CredentialRecord), rec
    if direct:
        rec = CredentialRecord.model_validate({**rec.model_dump(), **direct})
    return rec


@pytest.fixture
def as_of() -> date:
    """Fixed audit date so date rules are reproducible."""
    return AS_OF
