"""JSON report: the Report model as published by `mcqa schema report`."""

from __future__ import annotations

import json
from typing import Any

from mcqa.model.report import Report


def report_dict(report: Report) -> dict[str, Any]:
    """Plain JSON-ready data of the report."""
    return report.model_dump(mode="json")


def render_json(report: Report, **_: Any) -> str:
    """Deterministic JSON (sorted keys, 2-space indent, UTF-8)."""
    return json.dumps(report_dict(report), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
