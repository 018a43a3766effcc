"""Resolve rule paths (``workload.ects``, ``learning_outcomes[*].text``) in a record.

A path yields one ``(concrete_path, value)`` pair, or one per list item when a
segment ends in ``[*]``. ``extensions`` keys are dotted themselves
(``extensions.nz.nzsced``): the rest of the path is tried as one key first.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from pydantic import BaseModel

MISSING: Any = None


@cache
def _segments(path: str) -> tuple[tuple[str, bool], ...]:
    out = []
    for part in path.split("."):
        star = part.endswith("[*]")
        out.append((part[:-3] if star else part, star))
    return tuple(out)


def _get(obj: Any, key: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, BaseModel):
        return getattr(obj, key, None)
    if isinstance(obj, dict):
        return obj.get(key)
    return None


def resolve(obj: Any, path: str) -> list[tuple[str, Any]]:
    """All ``(concrete_path, value)`` pairs for ``path`` (value ``None`` when absent)."""
    segs = _segments(path)
    results: list[tuple[str, Any]] = [("", obj)]
    for i, (name, star) in enumerate(segs):
        nxt: list[tuple[str, Any]] = []
        for prefix, cur in results:
            here = f"{prefix}.{name}" if prefix else name
            if isinstance(cur, dict) and name not in cur:
                rest = ".".join(n for n, _ in segs[i:])
                if rest in cur:  # dotted extension key
                    return [(f"{prefix}.{rest}" if prefix else rest, cur[rest])]
            value = _get(cur, name)
            if star:
                items = value if isinstance(value, (list, tuple)) else []
                nxt.extend((f"{here}.{j}", item) for j, item in enumerate(items))
            else:
                nxt.append((here, value))
        results = nxt
    return results


Resolver = Callable[[Any], list[tuple[str, Any]]]


@cache
def resolver(path: str) -> Resolver:
    """:func:`resolve` bound to ``path``, with a fast lane for plain attribute paths.

    Most rule paths are one or two plain names on pydantic models
    (``title``, ``workload.ects``); those skip the general walk. Anything
    else (lists, dicts, dotted extension keys) takes :func:`resolve`.
    """
    segs = _segments(path)
    if any(star for _, star in segs) or len(segs) > 2:
        return lambda obj: resolve(obj, path)
    if len(segs) == 1:
        name = segs[0][0]

        def one(obj: Any) -> list[tuple[str, Any]]:
            if isinstance(obj, BaseModel):
                return [(path, getattr(obj, name, None))]
            return resolve(obj, path)

        return one
    first, second = segs[0][0], segs[1][0]

    def two(obj: Any) -> list[tuple[str, Any]]:
        if isinstance(obj, BaseModel):
            mid = getattr(obj, first, None)
            if mid is None or isinstance(mid, BaseModel):
                return [(path, getattr(mid, second, None) if mid is not None else None)]
        return resolve(obj, path)

    return two
