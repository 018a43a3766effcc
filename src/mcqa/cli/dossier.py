"""``mcqa dossier``: a recognition dossier for one credential and one target."""

from __future__ import annotations

from pathlib import Path

import click

from mcqa.api import DOSSIER_FORMATS
from mcqa.cli._common import emit, guard_output, lang_option, warn
from mcqa.cli.check import _as_of


@click.command()
@click.argument("credential", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--to", "target", required=True, metavar="TARGET",
              help="Target country or framework: DE, IE-NFQ, NZ-NZQF ...")
@click.option("--esco-db", type=click.Path(path_type=Path, dir_okay=False),
              help="ESCO index from `mcqa esco import` (default: the installed one, if any).")
@click.option("--no-esco", is_flag=True, help="Do not use the installed ESCO index.")
@click.option("--review", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="YAML file of reviewer accept/reject decisions on ESCO mappings.")
@click.option("--pack", "packs", multiple=True, metavar="ID|FILE",
              help="Rule pack id or file (repeatable; default eu-2022). Packs whose "
              "jurisdiction is the target country are added.")
@click.option("--record", "record_id", metavar="ID", help="Credential id when the file holds several.")
@click.option("--waivers", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="YAML file of approved waivers (as for `mcqa check`).")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Audit date (default: today).")
@click.option("--format", "fmt", type=click.Choice(list(DOSSIER_FORMATS)), default="html",
              show_default=True, help="Dossier format (pdf needs the `pdf` extra).")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write here instead of standard output.")
@lang_option(default=None, help_text="Language of the dossier (en, de, fr, es, it, nl, pl); "
             "default: the main language of the target country (--to DE: de, --to FR: fr). "
             "A country with several official languages (BE, CH, LU) gets English and a note.")
def dossier(credential: Path, target: str, esco_db: Path | None, no_esco: bool,
            review: Path | None, packs: tuple[str, ...], record_id: str | None,
            waivers: Path | None, as_of: str | None, fmt: str, output: Path | None,
            lang: str | None) -> None:
    """Recognition dossier for CREDENTIAL in the target country or framework.

    A decision summary with graded recognition advice, the Annex I elements
    with numbered sources, the level chain, workload conversions, substantial
    differences with their evidence, evidence to request, ESCO skills, and the
    hashes needed to reproduce it.
    """
    from mcqa.api import dossier as build
    from mcqa.api import dossier_language, render_dossier
    from mcqa.cli._common import _CHOSEN
    from mcqa.i18n import _

    guard_output(output, credential, esco_db, review, packs, waivers)
    chosen, note = dossier_language(target, lang)
    _CHOSEN["lang"] = chosen  # errors from here on are in the dossier's language
    if note:
        warn(_("note: {message}", chosen, message=note))
    result = build(credential, target, esco_db=esco_db, use_default_esco=not no_esco,
                   review=review, packs=packs or (), as_of=_as_of(as_of), record_id=record_id,
                   waivers=waivers, lang=chosen, lang_note=note)
    emit(render_dossier(result, fmt, lang=chosen), output)
