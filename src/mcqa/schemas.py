"""The published JSON Schemas: descriptor (record), report, pack."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from mcqa.packs import pack_schema
from mcqa.resources import standards_dir

__all__ = ["descriptor_schema", "pack_schema", "report_schema"]


@cache
def descriptor_schema() -> dict[str, Any]:
    """JSON Schema of the native descriptor format (`mcqa schema record`)."""
    with (standards_dir() / "schemas" / "descriptor.schema.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@cache
def report_schema() -> dict[str, Any]:
    """JSON Schema of the JSON report, generated from the Report model."""
    from mcqa.model.report import Report

    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://mcqa.invalid/schemas/report.schema.json"
    return schema
