"""The one base class of mcqa's immutable data models, and their fast constructor."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict


class FrozenModel(BaseModel):
    """Frozen and strict about unknown keys: records, findings and reports never change
    after construction, and a misspelt field is an error rather than silently ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")


M = TypeVar("M", bound=BaseModel)


def trusted_maker(cls: type[M]) -> Callable[[dict[str, Any]], M]:
    """A constructor of ``cls`` instances from field values that are already valid,
    without validation.

    For the two hot paths of a national run (findings copied from per-rule
    templates, provenance written by loaders from their own strings): what
    ``model_construct`` does, minus its per-field default handling, so the
    dict passed must hold every field. Tests compare such instances with
    validated ones. Every instance gets the same fields-set object: all fields
    are given, pydantic copies that set before it changes one (``model_copy``)
    and frozen models refuse assignment, so sharing it is safe and saves a set
    per finding.
    """
    new = cls.__new__
    setattr_ = object.__setattr__
    fields_set = set(cls.model_fields)

    def make(data: dict[str, Any]) -> M:
        obj = new(cls)
        setattr_(obj, "__dict__", data)
        setattr_(obj, "__pydantic_fields_set__", fields_set)
        setattr_(obj, "__pydantic_extra__", None)
        setattr_(obj, "__pydantic_private__", None)
        return obj

    return make
