"""``mcqa packs list`` and ``mcqa rules show``."""

from __future__ import annotations

import sys

import click

from mcqa.cli._common import dump_json, emit, lang_option

_LANG = lang_option(help_text="Language of titles, messages and labels: en, de, fr, es, it, "
                              "nl, pl.")


def _fmt(fmt: str | None) -> str:
    return fmt or "text"


@click.group()
def packs() -> None:
    """Bundled rule packs."""


@packs.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_LANG
def list_packs(fmt: str, lang: str) -> None:
    """List bundled packs with version, rule count, jurisdiction and source."""
    from mcqa.api import pack_summaries
    from mcqa.i18n import _, ngettext

    rows = pack_summaries(lang)
    if fmt == "json":
        emit(dump_json(rows), None)
        return
    for r in rows:
        ext = _(" (extends {packs})", lang, packs=", ".join(r["extends"])) if r["extends"] else ""
        count = ngettext("{n} rule", "{n} rules", r["rules"], lang)
        click.echo(f"{r['id']:<15} {r['version']:<7} {count:>9}  {r['title']}{ext}")
        click.echo(f"{'':<15} " + _("jurisdiction: {value}", lang, value=r["jurisdiction"]))
        click.echo(f"{'':<15} " + _("source: {value}", lang, value=r["source"]))


@click.group()
def rules() -> None:
    """Rules of the bundled packs."""


@rules.command("show")
@click.argument("rule_id")
@click.option("--pack", "pack_ids", multiple=True, help="Limit the search to these packs.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_LANG
def show_rule(rule_id: str, pack_ids: tuple[str, ...], fmt: str, lang: str) -> None:
    """Show one rule: citation, check, message and remedy."""
    from mcqa.api import rule_detail

    data = rule_detail(rule_id, pack_ids, lang)
    if fmt == "json":
        emit(dump_json(data), None)
        return
    import yaml

    sys.stdout.write(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))
