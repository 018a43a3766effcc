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


def _line_of(node: yaml.Node | None, path: list[Any]) -> int | None:
    """1-based line of the YAML node at ``path`` (or of its nearest existing parent)."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def location(text: str, path: list[Any]) -> str:
    """``/json/pointer (line N)`` for messages."""
    try:
        line = _line_of(yaml.compose(text), path)
    except yaml.YAMLError:  # pragma: no cover - text already parsed once
        line = None
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


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when available: ~10x faster start-up than pure Python."""


def load_yaml(path: Path, schema_name: str) -> tuple[dict[str, Any], str]:
    """Parse ``path`` and validate it; returns the data and the raw text (for locations)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PackError(f"cannot read data file: {exc.strerror}", file=str(path)) from None
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)
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
