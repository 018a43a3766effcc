"""``mcqa benchmark``, ``mcqa template`` and ``mcqa diff``: ministry-scale commands.

Thin: each command parses options, calls one library function and writes
the rendered bytes. Heavy imports (openpyxl, jinja2) happen inside.
"""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import click

from mcqa.cli._common import emit, guard_output, lang_option, warn, written_files


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--group-by", type=click.Choice(["provider", "file", "format"]),
              default="provider", show_default=True, help="What to compare.")
@click.option("--pack", "packs", multiple=True, metavar="ID|FILE",
              help="Rule pack id or file (repeatable; default eu-2022).")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "html", "json"]), default=None,
              help="Output format (default: from the --output extension).")
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="File to write.")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Audit date (default: today).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores).")
@click.option("--mapping", "mapping_file", type=click.Path(path_type=Path, exists=True,
              dir_okay=False), help="Column mapping YAML for spreadsheet catalogues.")
@click.option("--esco-db", type=click.Path(path_type=Path, dir_okay=False),
              help="ESCO index for ESCO rules (--pack esco); default: the installed one, if "
                   "any (as `mcqa check`).")
@click.option("--no-esco", is_flag=True,
              help="Do not use the installed ESCO index (ESCO rules are then unverifiable).")
@click.option("--waivers", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="YAML file of approved waivers (as for `mcqa check`).")
@click.option("--include", "include", multiple=True, metavar="GLOB",
              help="Folders: read only files matching GLOB (name or relative path; repeatable).")
@click.option("--exclude", "exclude", multiple=True, metavar="GLOB",
              help="Folders: skip files matching GLOB (name or relative path; repeatable).")
@click.option("--date-order", type=click.Choice(["dmy", "mdy", "ymd"]), default=None,
              help="Catalogues: order of a date column whose every date could be day-first or "
                   "month-first (default: day-first, with a note per such column).")
@lang_option(help_text="Language of the workbook or page (sheet names, headers, chart "
                       "titles, messages), of errors and of the closing count: en, de, fr, "
                       "es, it, nl, pl.")
def benchmark(inputs: tuple[Path, ...], group_by: str, packs: tuple[str, ...], fmt: str | None,
              output: Path, as_of: str | None, jobs: int | None,
              mapping_file: Path | None, esco_db: Path | None, no_esco: bool,
              waivers: Path | None, date_order: str | None, include: tuple[str, ...],
              exclude: tuple[str, ...], lang: str) -> None:
    """Compare providers on Annex I coverage, findings and a documented score."""
    from mcqa.batch import BatchOptions
    from mcqa.benchmarking import run_benchmark
    from mcqa.cli.check import _as_of
    from mcqa.errors import ConfigError
    from mcqa.loaders import LoadOptions
    from mcqa.render.text import closing_line

    guard_output(output, inputs, packs, mapping_file, esco_db, waivers)
    fmt = fmt or {".xlsx": "xlsx", ".html": "html", ".htm": "html", ".json": "json"}.get(
        output.suffix.lower())
    if fmt is None:
        raise ConfigError(f"cannot tell the format from {output.name!r}",
                          hint="use --format xlsx|html|json or an .xlsx/.html/.json name")
    from mcqa.batch import nothing_to_read

    load_options = LoadOptions(mapping_file=mapping_file, date_order=date_order,
                               include=include, exclude=exclude, written=written_files(output))
    nothing = nothing_to_read(list(inputs), load_options, lang)
    if nothing is not None:
        raise nothing
    bm, counts = run_benchmark(list(inputs), packs or ("eu-2022",),
                               group_by=group_by,  # type: ignore[arg-type]
                               as_of=_as_of(as_of),
                               load_options=load_options,
                               options=BatchOptions(jobs=jobs), list_failures=fmt == "xlsx",
                               esco_db=esco_db, use_default_esco=not no_esco,
                               waivers_file=waivers)
    from mcqa.cli.check import _closing

    # before writing: no workbook for a run that read no micro-credential
    _closing(list(inputs), counts, lang, unreadable_count=False)
    data: str | bytes
    with _writing(output, bm.failures_listed if fmt == "xlsx" else 0, lang):
        from mcqa.api import render_benchmark

        data = render_benchmark(bm, fmt, lang=lang)
        emit(data, output)
    warn(closing_line(counts, lang))
    sys.exit(2 if counts.input_error else 0)


def _writing(output: Path, rows: int, lang: str = "en") -> AbstractContextManager[Any]:
    """A spinner on a terminal while the report is written (a national workbook takes
    a while after the progress bar ends); nothing otherwise."""
    if not sys.stderr.isatty():
        return nullcontext()
    from rich.console import Console
    from rich.text import Text

    from mcqa.i18n import _, ngettext
    from mcqa.render._safe import terminal_safe

    name = terminal_safe(output.name, 60)
    text = (ngettext("writing {name} ({n} failure row)", "writing {name} ({n} failure rows)",
                     rows, lang, name=name) if rows else _("writing {name}", lang, name=name))
    # Text, not a str: a file name like "[bold].xlsx" must not be read as rich markup
    return Console(stderr=True).status(Text(text))


@click.command()
@click.argument("output", type=click.Path(path_type=Path, dir_okay=False), required=False)
@click.option("--output", "-o", "output_option", type=click.Path(path_type=Path, dir_okay=False),
              help="The workbook to write (the same as OUTPUT, as -o is for every other "
                   "command).")
@click.option("--pack", "packs", multiple=True, metavar="ID|FILE",
              help="Packs whose elements and citations shape the template (default eu-2022).")
@lang_option(help_text="Language of the instructions, column descriptions, sheet names and "
                       "dropdown messages: en, de, fr, es, it, nl, pl (the field names of "
                       "row 1 stay as mcqa reads them).")
def template(output: Path | None, output_option: Path | None, packs: tuple[str, ...],
             lang: str) -> None:
    """Write an XLSX intake template (dropdowns from vocabularies) to OUTPUT (or -o FILE)."""
    from mcqa.i18n import _
    from mcqa.intake_template import build_template

    if (output is None) == (output_option is None):
        raise click.UsageError(_("name the workbook to write once: mcqa template intake.xlsx "
                                 "(or -o intake.xlsx)", lang))
    output = output if output is not None else output_option
    assert output is not None
    guard_output(output, packs, option="OUTPUT")
    emit(build_template(packs or ("eu-2022",), lang=lang), output)


@click.command()
@click.argument("old", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text",
              show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False))
@lang_option()
def diff(old: Path, new: Path, fmt: str, output: Path | None, lang: str) -> None:
    """Compare two JSON reports: new, fixed, persisting and waived findings."""
    from mcqa.diff import diff_reports, load_report, render_diff

    guard_output(output, old, new)
    result = diff_reports(load_report(old), load_report(new))
    emit(render_diff(result, fmt, lang), output)
    _exit(result)


def _exit(result: Any) -> None:
    sys.exit(1 if result.totals.get("new", 0) else 0)
