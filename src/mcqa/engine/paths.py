"""Resolve rule paths (``workload.ects``, ``learning_outcomes[*].text``) in a record.

A path yields one ``(concrete_path, value)`` pair, or one per list item when a
segment ends in ``[*]``. ``extensions`` keys are dotted themselves
(``extensions.nz.nzsced``): the rest of the path is tried as one key first.
"""

from __future__ import annotations

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
