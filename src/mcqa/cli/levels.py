"""``mcqa levels`` (translate / list) and ``mcqa credits`` (convert).

Thin wrappers over :mod:`mcqa.frameworks`: every number shown comes with its
status, confidence and source, so a user can check a translation instead of
trusting it.
"""

from __future__ import annotations

import math
from typing import Any

import click

from mcqa.cli._common import dump_json, format_option
from mcqa.errors import ConfigError
from mcqa.frameworks import (
    CreditRange,
    Framework,
    Translation,
    convert,
    load_frameworks,
    translate,
)

_WEAKEST_ORDER = ("confirmed", "secondary", "unconfirmed")


def _columns(rows: list[list[str]], indent: str = "") -> str:
    """Left-aligned plain columns: stable output for pipes, tests and terminals alike."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        lines.append((indent + "  ".join(cells)).rstrip())
    return "\n".join(lines)


def _fmt(x: float) -> str:
    return f"{round(x, 2):g}"


@click.group()
def levels() -> None:
    """Qualification levels: translate between frameworks via the EQF, list frameworks."""


@levels.command("translate", short_help="Translate a level to another framework via the EQF.")
@click.argument("source")
@click.option("--to", "target", required=True, metavar="TARGET",
              help="Framework id (DE-DQR, EQF) or country code (DE, UK, GB-SCT).")
@format_option()
def translate_cmd(source: str, target: str, fmt: str | None) -> None:
    """Translate SOURCE (FRAMEWORK:LEVEL, e.g. IE-NFQ:8 or "UK-RQF:Entry 3") to TARGET."""
    result = translate(source, target)
    if fmt == "json":
        data = result.model_dump(mode="json")
        data["path"] = result.path()
        click.echo(dump_json(data), nl=False)
        return
    click.echo(_translation_text(result))


def _translation_text(result: Translation) -> str:
    lines = [result.path(), f"outcome: {result.outcome} (confidence: {result.confidence})",
             result.explanation]
    if result.chain:
        lines.append("")
        lines.append("steps:")
        for step in result.chain:
            year = str(step.year) if step.year else "year unknown"
            lines.append(f"  {step.display()}  [{step.status}, {year}, {step.confidence}]")
            lines.append(f"      source: {step.source.title} <{step.source.url}>")
            if step.note:
                lines.append(f"      note: {step.note}")
    return "\n".join(lines)


@levels.command("list", short_help="List frameworks, or one framework's levels.")
@click.argument("framework", required=False)
@format_option()
def list_cmd(framework: str | None, fmt: str | None) -> None:
    """List frameworks, or the levels of FRAMEWORK (id or country code) with their EQF mapping."""
    registry = load_frameworks()
    if framework is None:
        summary = [_summary(fw) for fw in registry]
        if fmt == "json":
            click.echo(dump_json(summary), nl=False)
            return
        rows = [["ID", "COUNTRY", "EQF LINK", "YEAR", "LEVELS", "WEAKEST", "VERSION"]]
        rows += [[s["id"], s["country"] or "-", s["eqf_relationship"], str(s["year"] or "-"),
                  str(s["levels"]), s["weakest_confidence"], s["data_version"]] for s in summary]
        click.echo(_columns(rows))
        return
    fw = registry.resolve(framework)
    if fmt == "json":
        click.echo(dump_json(fw.model_dump(mode="json")), nl=False)
        return
    click.echo(_framework_text(fw))


def _summary(fw: Framework) -> dict[str, Any]:
    confidences = [level.mapping.confidence for level in fw.levels]
    return {
        "id": fw.id, "title": fw.title, "country": fw.country, "countries": list(fw.countries),
        "eqf_relationship": fw.relationship.kind, "year": fw.relationship.year,
        "levels": len(fw.levels), "data_version": fw.data_version,
        "weakest_confidence": max(confidences, key=_WEAKEST_ORDER.index),
    }


def _framework_text(fw: Framework) -> str:
    rel = fw.relationship
    year = f" {rel.year}" if rel.year else ""
    head = [
        f"{fw.id}: {fw.title}",
        f"country: {fw.country or '-'}; lookup codes: {', '.join(fw.countries) or '-'}; "
        f"data version {fw.data_version}",
        f"EQF link: {rel.kind}{year} ({rel.confidence}; {rel.source.title} <{rel.source.url}>)",
    ]
    if rel.note:
        head.append(f"note: {rel.note}")
    rows = [["LEVEL", "EQF", "STATUS", "CONFIDENCE", "SOURCE", "LABEL"]]
    for level in fw.levels:
        m = level.mapping
        eqf = "/".join(str(e) for e in m.eqf_levels) or "-"
        label = level.label + (" (legacy)" if level.legacy else "")
        rows.append([level.code, eqf, m.status, m.confidence, m.source.id, label])
    sources = [f"  {s.id}: {s.title} <{s.url}>" for s in fw.sources]
    return "\n".join([*head, "", _columns(rows), "", "sources:", *sources])


@click.group()
def credits() -> None:
    """Credit systems: convert workload between credits and notional hours."""


@credits.command("convert", context_settings={"ignore_unknown_options": True})
@click.argument("amount")
@click.argument("unit")
@click.option("--to", "target", required=True, metavar="UNIT",
              help="Target unit: ECTS, UK, SCQF, CQFW, NZ, US-SCH, MQF-MY or hours.")
@format_option()
def convert_cmd(amount: str, unit: str, target: str, fmt: str | None) -> None:
    """Convert AMOUNT of UNIT (e.g. 10 ECTS, 7,5 ECTS, 120 hours) to another unit, as a
    range. AMOUNT may use a decimal comma and thousands separators (7,5; 1.500; 1 500)."""
    from mcqa.numbers import parse_number

    number = parse_number(amount)
    if number is None:
        try:
            number = float(amount)  # also 1e3, inf, nan: judged below
        except ValueError:
            raise ConfigError(f"AMOUNT {amount!r} is not a number",
                              hint="e.g. mcqa credits convert 7,5 ECTS --to hours") from None
    value = float(number)
    if not math.isfinite(value) or value < 0:
        raise ConfigError(f"AMOUNT {amount!r} is not allowed",
                          hint="give a finite number, zero or more")
    result = convert(value, unit, target)
    if fmt == "json":
        click.echo(dump_json(result.model_dump(mode="json")), nl=False)
        return
    click.echo(_credit_text(result))


def _credit_text(result: CreditRange) -> str:
    value = (_fmt(result.min) if math.isclose(result.min, result.max)
             else f"{_fmt(result.min)}-{_fmt(result.max)}")
    approx = "; approximate" if result.approximate else ""
    names = {"HOURS": "hours"}
    lines = [f"{_fmt(result.amount)} {names.get(result.from_unit, result.from_unit)} = {value} "
             f"{names.get(result.unit, result.unit)} "
             f"(confidence: {result.confidence}{approx})"]
    lines += [f"  {step}" for step in result.steps]
    if result.sources:
        lines.append("sources:")
        lines += [f"  {s.title} <{s.url}>" for s in result.sources]
    return "\n".join(lines)
