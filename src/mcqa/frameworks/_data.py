"""Read a bundled YAML data file and validate it against its JSON Schema.

Every failure becomes a one-line :class:`~mcqa.errors.PackError` naming the
file and the location (JSON pointer and, when known, the line), because the
person who has to act is whoever edited the data file.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from mcqa._yaml import line_of, load_safe
from mcqa.errors import PackError
from mcqa.resources import standards_dir


@cache
def _validator(schema_name: str) -> jsonschema.Draft202012Validator:
    path = standards_dir() / "schemas" / schema_name
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PackError(f"cannot read schema: {exc}", file=str(path),
                        hint="reinstall mcqa; the schema ships with it") from None
    return jsonschema.Draft202012Validator(schema)


def pointer(path: Any) -> str:
    """JSON pointer for a jsonschema/instance path."""
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in path]
    return "/" + "/".join(parts) if parts else "/"


def location(text: str, path: list[Any]) -> str:
    """``/json/pointer (line N)`` for messages."""
    line = line_of(text, path)
    return f"{pointer(path)} (line {line})" if line else pointer(path)


def _message(error: jsonschema.ValidationError) -> str:
    """jsonschema's message, except for ``not``, where it would dump the whole object."""
    forbidden = error.validator_value
    if error.validator == "not" and isinstance(forbidden, dict) and "required" in forbidden:
        keys = ", ".join(repr(k) for k in forbidden["required"])
        status = error.instance.get("status") if isinstance(error.instance, dict) else None
        when = f" when status is {status!r}" if status else ""
        return f"{keys} must not be given{when}"
    return error.message


def load_yaml(path: Path, schema_name: str) -> tuple[dict[str, Any], str]:
    """Parse ``path`` and validate it; returns the data and the raw text (for locations)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PackError(f"cannot read data file: {exc.strerror}", file=str(path)) from None
    try:
        data = load_safe(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise PackError(f"invalid YAML: {problem}", file=str(path), location=where,
                        hint="fix the YAML syntax") from None
    if not isinstance(data, dict):
        raise PackError("expected a YAML mapping at the top level", file=str(path), location="/")
    error = jsonschema.exceptions.best_match(_validator(schema_name).iter_errors(data))
    if error is not None:
        raise PackError(
            f"schema violation: {_message(error)}",
            file=str(path),
            location=location(text, list(error.absolute_path)),
            hint=f"see standards/schemas/{schema_name}",
        )
    return data, text
