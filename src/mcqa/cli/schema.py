"""``mcqa schema record|report|pack``: the published JSON Schemas."""

from __future__ import annotations

import click

from mcqa.cli._common import dump_json, emit


@click.command()
@click.argument("which", type=click.Choice(["record", "report", "pack"]))
def schema(which: str) -> None:
    """Print the JSON Schema of a descriptor (record), a JSON report, or a rule pack."""
    from mcqa.schemas import descriptor_schema, pack_schema, report_schema

    data = {"record": descriptor_schema, "report": report_schema, "pack": pack_schema}[which]()
    emit(dump_json(data), None)
