"""The one base class of mcqa's immutable data models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class FrozenModel(BaseModel):
    """Frozen and strict about unknown keys: records, findings and reports never change
    after construction, and a misspelt field is an error rather than silently ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")
