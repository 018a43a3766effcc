"""The one base class of mcqa's immutable data models, and their fast constructor."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict


class FrozenModel(BaseModel):
    """Frozen and strict about unknown keys: records, findings and reports never change
    after construction, and a misspelt field is an error rather than silently ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")


M = TypeVar("M", bound=BaseModel)


def trusted(cls: type[M], data: dict[str, Any]) -> M:
    """An instance of ``cls`` from field values that are already valid, without validation.

    For the two hot paths of a national run (findings copied from per-rule
    templates, provenance written by loaders from their own strings): what
    ``model_construct`` does, minus its per-field default handling, so ``data``
    must hold every field. Tests compare such instances with validated ones.
    """
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", data)
    object.__setattr__(obj, "__pydantic_fields_set__", set(data))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj
