"""``mcqa check``: the gap report."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from mcqa.cli._common import emit, guard_output, lang_option, warn, written_files
from mcqa.errors import ConfigError
from mcqa.marks import N_
from mcqa.model import Severity

ESCO_UNUSED = N_("note: --esco-db is unused, no active rule checks ESCO (add --pack esco)")
INPUT_ERROR = N_("input error: {message}")


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--as-of {value!r} is not a date", hint="use YYYY-MM-DD") from None


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--pack", "packs", multiple=True, metavar="ID|FILE",
              help="Rule pack id or pack file (repeatable; default eu-2022).")
@click.option("--format", "fmt",
              type=click.Choice(["text", "json", "md", "html", "pdf", "sarif", "junit"]),
              default="text", show_default=True,
              help="Report format (pdf: the HTML report printed to A4; needs the `pdf` extra).")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report here instead of standard output.")
@click.option("--waivers", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="YAML file of approved waivers.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error",
              show_default=True, help="Lowest severity of failure that makes the exit code 1.")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
              help="Audit date for date rules (default: today).")
@click.option("--show-passes", is_flag=True, help="List passed rules too (text format).")
@click.option("--context-dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Local JSON-LD contexts (never fetched from the network).")
@click.option("--mapping", "mapping_file", type=click.Path(path_type=Path, exists=True,
              dir_okay=False), help="Column mapping YAML for spreadsheet catalogues.")
@click.option("--include", "include", multiple=True, metavar="GLOB",
              help="Folders: read only files matching GLOB (name or relative path; repeatable).")
@click.option("--exclude", "exclude", multiple=True, metavar="GLOB",
              help="Folders: skip files matching GLOB (name or relative path; repeatable).")
@click.option("--date-order", type=click.Choice(["dmy", "mdy", "ymd"]), default=None,
              help="Catalogues: order of a date column whose every date could be day-first or "
                   "month-first (default: day-first, with a note per such column).")
@click.option("--shapes", "shapes_dir", type=click.Path(path_type=Path, file_okay=False,
              exists=True), help="Folder of official ELM/EDC SHACL shapes: adds conformance "
              "findings for ELM credentials (needs the `shacl` extra).")
@click.option("--trust", "trust_dir", type=click.Path(path_type=Path, file_okay=False,
              exists=True), help="Folder of issuer public keys (JWK) and X.509 certificates: "
              "verifies SD-JWT VC signatures (x5c chains too). Nothing is fetched; without it "
              "signatures are reported as not verified.")
@click.option("--max-file-bytes", type=click.IntRange(min=1), default=None, metavar="N",
              help="Refuse input files larger than N bytes (default 64 MiB).")
@click.option("--max-unzipped-bytes", type=click.IntRange(min=1), default=None, metavar="N",
              help="Refuse XLSX workbooks whose zip members declare more than N bytes "
                   "uncompressed in total (default 1 GiB; zip-bomb guard).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for large inputs (default: all cores). Prints the "
                   "closing count (records read = reported) on standard error.")
@click.option("--baseline", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Previous JSON report: print new/fixed/persisting/waived findings "
                   "on standard error.")
@click.option("--esco-db", type=click.Path(path_type=Path, dir_okay=False),
              help="ESCO index from `mcqa esco import` for ESCO rules (--pack esco); "
                   "default: the installed one, if any.")
@click.option("--no-esco", is_flag=True,
              help="Do not use the installed ESCO index (ESCO rules are then unverifiable).")
@click.option("--country", metavar="CODE|auto",
              help="Add national packs: a country code (ES, NL ...) adds that country's packs "
                   "for every record; 'auto' adds, per record, the packs of its awarding "
                   "body's country. The report says which packs ran and why.")
@lang_option(help_text="Language of the report (every format: messages, remedies, headings, "
                       "figures and dates), of errors and of the closing count: en, de, fr, "
                       "es, it, nl, pl. JSON, SARIF and JUnit keep their keys and rule ids "
                       "and name the language.")
def check(paths: tuple[Path, ...], packs: tuple[str, ...], fmt: str, output: Path | None,
          waivers: Path | None, fail_on: str, as_of: str | None, show_passes: bool,
          context_dir: Path | None, mapping_file: Path | None, jobs: int | None,
          baseline: Path | None, shapes_dir: Path | None,
          max_file_bytes: int | None, max_unzipped_bytes: int | None, esco_db: Path | None,
          no_esco: bool, country: str | None, trust_dir: Path | None,
          date_order: str | None, include: tuple[str, ...], exclude: tuple[str, ...],
          lang: str) -> None:
    """Check micro-credentials in PATHS (files or folders) against rule packs.

    Every finding names the rule, the element, the citation and where mcqa
    looked (JSON pointer or sheet!cell).
    """
    from mcqa.batch import BatchOptions, check_batch
    from mcqa.i18n import _, localize_text
    from mcqa.loaders import Limits, LoadOptions
    from mcqa.render import get_renderer
    from mcqa.render.text import closing_line

    guard_output(output, paths, packs, waivers, mapping_file, baseline, esco_db, shapes_dir,
                 context_dir, trust_dir)
    if baseline is not None:  # checked whole before the run, not after the report is out
        from mcqa.diff import load_report

        for _record in load_report(baseline).records():
            pass
    changed = {name: value for name, value in (("max_file_bytes", max_file_bytes),
                                               ("max_unzipped_bytes", max_unzipped_bytes))
               if value is not None}
    limits = Limits(**changed)
    if trust_dir is not None:  # a bad key file is a configuration error, before any input
        from mcqa.loaders.sdjwt.trust import load_trust_store

        load_trust_store(str(trust_dir))
    options = LoadOptions(context_dir=context_dir, mapping_file=mapping_file, limits=limits,
                          trust_dir=trust_dir, trust_time=_as_of(as_of), date_order=date_order,
                          include=include, exclude=exclude, written=written_files(output))
    from mcqa.batch import nothing_to_read

    nothing = nothing_to_read(list(paths), options, lang)
    if nothing is not None:  # an empty folder: say so before writing an empty report
        raise nothing
    color = fmt == "text" and output is None and sys.stdout.isatty()
    width = shutil.get_terminal_size().columns if color else 120
    if fmt in ("json", "text", "md") and shapes_dir is None and baseline is None:
        _check_streamed(list(paths), packs, output, _as_of(as_of), waivers, options, jobs,
                        Severity(fail_on), esco_db, not no_esco, fmt,
                        {"color": color, "width": width, "show_passes": show_passes,
                         "lang": lang}, country)
    result = check_batch(list(paths), packs or ("eu-2022",), as_of=_as_of(as_of),
                         waivers_file=waivers, load_options=options,
                         options=BatchOptions(jobs=jobs), esco_db=esco_db,
                         use_default_esco=not no_esco, country=country, esco_lang=lang)
    _closing(list(paths), result.counts, lang)
    report = result.report
    if esco_db is not None and "esco" not in report.data_versions:
        warn(_(ESCO_UNUSED, lang))
    if shapes_dir is not None:
        from mcqa.api import with_shacl

        report = with_shacl(report, shapes_dir, context_dir)
    renderer: Callable[..., str | bytes] = get_renderer(fmt)
    emit(renderer(report, color=color, width=width,
                  show_passes=show_passes or fmt in ("html", "pdf"), lang=lang), output)
    for rec in report.records:
        if rec.input_error:
            warn(_(INPUT_ERROR, lang, message=localize_text(rec.input_error, lang)))
    if jobs is not None or sys.stderr.isatty():
        warn(closing_line(result.counts, lang))
    if baseline is not None:
        from mcqa.diff import diff_reports, load_report, render_diff

        click.echo(render_diff(diff_reports(load_report(baseline), report), "text", lang),
                   err=True, nl=False)
    sys.exit(report.exit_code(Severity(fail_on)))


def _check_streamed(paths: list[Path], packs: tuple[str, ...], output: Path | None,
                    as_of: date | None, waivers: Path | None, options: Any, jobs: int | None,
                    fail_on: Severity, esco_db: Path | None, use_default_esco: bool,
                    fmt: str, render_options: dict[str, Any], country: str | None) -> None:
    """JSON, text or Markdown written record by record: the same bytes, in memory that
    stays flat for catalogues of any size (SHACL and --baseline need the whole report
    instead)."""
    from mcqa.batch import BatchOptions, check_to_stream
    from mcqa.cli._common import output_stream
    from mcqa.i18n import _, localize_text
    from mcqa.render.text import closing_line

    lang = render_options.get("lang", "en")
    with output_stream(output) as out:
        run = check_to_stream(paths, out, packs or ("eu-2022",), fmt=fmt,
                              render_options=render_options, as_of=as_of,
                              waivers_file=waivers, load_options=options,
                              options=BatchOptions(jobs=jobs), esco_db=esco_db,
                              use_default_esco=use_default_esco, country=country,
                              esco_lang=lang)
        _closing(paths, run.counts, lang)  # inside: no report file is left for a run of nothing
    if esco_db is not None and "esco" not in run.data_versions:
        warn(_(ESCO_UNUSED, lang))
    for message in run.input_errors:
        warn(_(INPUT_ERROR, lang, message=localize_text(message, lang)))
    if jobs is not None or sys.stderr.isatty():
        warn(closing_line(run.counts, lang))
    sys.exit(run.exit_codes[fail_on.value])


def _closing(paths: list[Path], counts: Any, lang: str, *, unreadable_count: bool = True
             ) -> None:
    """The files of the folders that were not read, said once; and a run that found no
    micro-credential at all is an input error (exit 2), not an empty success."""
    from mcqa.batch import no_records_error, skipped_line
    from mcqa.i18n import _

    line = skipped_line(counts, lang)
    if line:
        warn(_("note: {message}", lang, message=line))
    error = no_records_error(paths, counts, unreadable_count=unreadable_count, lang=lang)
    if error is not None:
        raise error
