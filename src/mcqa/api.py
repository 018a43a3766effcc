"""The typed library API the CLI is a thin layer over.

>>> from mcqa.api import check
>>> report = check([Path("examples")], packs=["eu-2022"])
>>> report.conforms, report.summary.records
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcqa import __version__
from mcqa.engine import build_report
from mcqa.engine.waivers import Waiver
from mcqa.errors import ConfigError
from mcqa.loaders import Limits, LoadOptions
from mcqa.marks import N_
from mcqa.model import LoadItem, Severity, Status
from mcqa.model.report import RecordResult, Report, Summary
from mcqa.packs import RuleSet
from mcqa.vocab import LANGUAGES

if TYPE_CHECKING:
    from mcqa.batch import BatchCounts
    from mcqa.benchmarking import Benchmark, GroupBy
    from mcqa.dossier import Dossier, ReviewDecision
    from mcqa.frameworks import CreditRange, Translation

__all__ = [
    "DEFAULT_PACKS",
    "LANGUAGES",
    "CheckedHead",
    "Limits",
    "LoadOptions",
    "Progress",
    "RecordResult",
    "Report",
    "Severity",
    "Status",
    "Summary",
    "benchmark",
    "benchmark_formats",
    "benchmark_unreadable",
    "check",
    "check_each",
    "check_items",
    "check_language",
    "convert_credits",
    "credit_units",
    "data_versions",
    "dossier",
    "dossier_formats",
    "dossier_language",
    "dossier_targets",
    "error_text",
    "esco_map",
    "esco_search",
    "esco_show",
    "esco_status",
    "estimate_records",
    "framework_summaries",
    "localized_record",
    "localized_report",
    "pack_rules",
    "pack_summaries",
    "parse_amount",
    "read_review",
    "record_from_json",
    "render_benchmark",
    "render_dossier",
    "render_report",
    "report_formats",
    "report_from_json",
    "report_schema",
    "review_decisions",
    "review_file",
    "rule_detail",
    "rule_services",
    "translate_level",
    "with_shacl",
]

DEFAULT_PACKS = ("eu-2022",)

LANGUAGE_NOTE_MULTI = N_("{country} has several official languages ({languages}); the dossier "
                         "is in English. Choose one with --lang, e.g. --lang {example}.")
LANGUAGE_NOTE_OTHER = N_("mcqa does not write {languages} yet; the dossier for {country} is in "
                         "English. Choose another language with --lang (en, de, fr, es, it, "
                         "nl, pl).")

PROGRESS_CHUNK = 50
"""Records per chunk when a progress callback watches: the callback runs once per chunk."""

Progress = Callable[[int, "int | None"], None]
"""``progress(done, total)``: records checked so far and the estimated total (``None``
when the input gives no cheap estimate). Called from the process that checks."""


def data_versions(services: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Versions of bundled data other than packs (frameworks, credit systems), if present,
    and of the data each service consults (``esco``: the imported ESCO release)."""
    versions: dict[str, str] = {}
    try:
        from mcqa.frameworks import framework_data_versions
    except ImportError:
        pass
    else:
        versions.update(framework_data_versions())
    for name, service in (services or {}).items():
        version = getattr(service, "data_version", None)
        if isinstance(version, str):
            versions[name] = version
    return versions


def rule_services(rules: RuleSet, *, esco_db: Path | None = None,
                  use_default_esco: bool = True, esco_lang: str | None = None
                  ) -> dict[str, Any]:
    """The services the active rules consult, opened only when some rule needs them.

    ``esco``: the index at ``esco_db``, else the installed default one (unless
    ``use_default_esco`` is false); with neither, ESCO rules are unverifiable.
    An explicit ``esco_db`` is opened even when no rule needs it, so a mistyped
    path is an error (:class:`~mcqa.errors.DataStoreError`), never silently ignored.
    ``esco_lang``: the language of the ESCO labels findings show, where the index has it.
    """
    from mcqa.engine.operators import expr_services
    from mcqa.esco.service import SERVICE_NAME, open_esco_service

    needed: set[str] = set()
    for _pack, rule in rules.rules:
        needed |= expr_services(rule.check) | expr_services(rule.applies_when)
    services: dict[str, Any] = {}
    if esco_db is not None or SERVICE_NAME in needed:
        esco = open_esco_service(esco_db, use_default=use_default_esco, lang=esco_lang)
        if esco is not None and SERVICE_NAME in needed:
            services[SERVICE_NAME] = esco
    return services


def check_items(items: Iterable[LoadItem], rules: RuleSet, *, as_of: date | None = None,
                waivers: tuple[Waiver, ...] = (), services: dict[str, Any] | None = None
                ) -> Report:
    """Check already-loaded items against a resolved rule set."""
    return build_report(items, rules, as_of=as_of or date.today(), waivers=waivers,
                        services=services, mcqa_version=__version__,
                        data_versions=data_versions(services))


def check(paths: Sequence[Path], packs: Sequence[str] = DEFAULT_PACKS, *,
          as_of: date | None = None, waivers_file: Path | None = None,
          options: LoadOptions | None = None, esco_db: Path | None = None,
          use_default_esco: bool = True, country: str | None = None,
          esco_lang: str | None = None) -> Report:
    """Load every credential under ``paths`` and check it against ``packs``.

    The same streaming path as ``mcqa check`` (:func:`mcqa.batch.check_batch`), in-process
    and without a progress bar; use ``check_batch`` directly for workers and counts.
    ESCO rules use ``esco_db``, else the installed index (see :func:`rule_services`).
    ``country`` adds national packs: a country code adds that country's packs, ``"auto"``
    each record's awarding-body country's packs (see :func:`mcqa.packs.resolve_packs`).
    ``esco_lang``: language of the ESCO labels in findings, where the index holds it.
    """
    from mcqa.batch import BatchOptions, check_batch

    return check_batch(paths, packs or DEFAULT_PACKS, as_of=as_of, waivers_file=waivers_file,
                       load_options=options, options=BatchOptions(jobs=1, progress=False),
                       esco_db=esco_db, use_default_esco=use_default_esco,
                       country=country, esco_lang=esco_lang).report


def with_shacl(report: Report, shapes_dir: Path, context_dir: Path | None = None) -> Report:
    """Add SHACL conformance findings (official ELM shapes the user downloaded) to ELM records.

    Each SHACL result becomes a finding of pseudo-pack ``shacl``; a credential that cannot be
    validated (e.g. its context is not available locally) gets one ``unverifiable`` finding
    instead, so nothing is silently skipped.
    """
    from mcqa.errors import McqaError
    from mcqa.loaders.shacl import shacl_findings
    from mcqa.model import Citation, Finding, Severity, SourceRef, Status
    from mcqa.model.report import PackInfo

    records = []
    versions: set[str] = set()
    for rec in report.records:
        if rec.input_error is not None or rec.source_format != "elm":
            records.append(rec)
            continue
        try:
            extra = shacl_findings(Path(rec.source_file), rec.source_file, rec.record_id,
                                   shapes_dir, context_dir)
        except McqaError as exc:
            extra = [Finding(
                record_id=rec.record_id, source_file=rec.source_file, rule_id="SHACL-RUN",
                pack_id="shacl", pack_version="-", severity=Severity.WARNING,
                status=Status.UNVERIFIABLE, title="shacl.not-run",
                message=f"SHACL validation could not run: {exc.one_line()}",
                remedy="Provide the shapes and JSON-LD contexts locally (--shapes, "
                       "--context-dir).",
                evidence_request="Validate the credential with the official ELM validator "
                                 "and attach the result.",
                citation=Citation(document="ELM SHACL shapes", locator=str(shapes_dir.name)),
                location=SourceRef(file=rec.source_file, locator=""))]
        versions.update(f.pack_version for f in extra if f.pack_version != "-")
        findings = sorted((*rec.findings, *extra), key=Finding.sort_key)
        records.append(rec.model_copy(update={"findings": tuple(findings)}))
    shacl_pack = PackInfo(id="shacl", version=",".join(sorted(versions)) or "-",
                          title="Official ELM/EDC SHACL shapes (user-supplied)",
                          source_document=f"SHACL shapes in {shapes_dir.name}",
                          source_url="https://github.com/european-commission-empl/European-Learning-Model")
    packs = tuple(sorted((*report.packs, shacl_pack), key=lambda p: p.id))
    return report.model_copy(update={"records": tuple(records), "packs": packs})


# ---------------------------------------------------------------------------
# Façades for front ends (the CLI and the web application share these)
# ---------------------------------------------------------------------------


def check_language(lang: str) -> str:
    """``lang`` when every output can be written in it (or the ``qps`` pseudo-locale of
    the tests), else a ConfigError naming the choices: a front end never passes an
    unsupported language on silently."""
    from mcqa.i18n import check_lang

    return check_lang(lang)


def error_text(exc: ConfigError | Exception, lang: str) -> str:
    """An mcqa error's one line in ``lang``: message and hint translated, file and location
    as they are (other exceptions: their text)."""
    from mcqa.errors import McqaError
    from mcqa.i18n import localize_error

    return localize_error(exc, lang) if isinstance(exc, McqaError) else str(exc)


def localized_record(res: RecordResult, lang: str) -> RecordResult:
    """One record's result with its messages in ``lang`` (same findings, same order)."""
    from mcqa.i18n import localize_record

    return localize_record(res, lang)


def localized_report(report: Report, lang: str) -> Report:
    """A report (or a report's head, without records) in ``lang``: pack titles and
    messages translated, counts and order the same."""
    from mcqa.i18n import localize_report

    return localize_report(report, lang)


def dossier_language(target: str, lang: str | None = None) -> tuple[str, str | None]:
    """The language of a dossier for ``target`` and a note for the reader, or None.

    ``lang`` when given; otherwise the main language of the target country
    (``standards/i18n/languages.yaml``: DE, AT -> de, FR -> fr). A country with several
    official languages (BE, CH, LU), or whose language mcqa does not write yet, gets
    English and a note saying so and how to choose; a target that is no country (EQF,
    QF-EHEA) gets English.
    """
    if lang is not None:
        return check_language(lang), None
    from babel import Locale

    from mcqa.dossier.builder import resolve_target
    from mcqa.i18n.locale import languages_data

    _fw, country = resolve_target(target)
    entry = languages_data()["countries"].get(country or "")
    if entry is None:
        return "en", None
    default = entry["default"]
    if default in LANGUAGES:
        return default, None
    names = ", ".join(Locale.parse(code).get_display_name("en") or code
                      for code in entry["official"])
    supported = [c for c in entry["official"] if c in LANGUAGES]
    if supported:  # several official languages, some of them written by mcqa
        return "en", LANGUAGE_NOTE_MULTI.format(country=country, languages=names,
                                                example=supported[0])
    return "en", LANGUAGE_NOTE_OTHER.format(country=country, languages=names)


def estimate_records(paths: Sequence[Path], options: LoadOptions | None = None) -> int | None:
    """A cheap estimate of how many records ``paths`` hold, for progress bars only
    (never for counts): see :func:`mcqa.loaders.estimate.estimate_records`."""
    from mcqa.loaders.estimate import estimate_records as _estimate

    return _estimate(paths, options)


class CheckedHead:
    """What :func:`check_each` returns once every record was handed on: the report
    without its records (identity, packs, waiver notes), the summary and the
    closing count."""

    def __init__(self, head: Report, summary: Summary, counts: BatchCounts) -> None:
        self.head = head
        self.summary = summary
        self.counts = counts


def check_each(paths: Sequence[Path], on_result: Callable[[RecordResult], None],
               packs: Sequence[str] = DEFAULT_PACKS, *, as_of: date | None = None,
               options: LoadOptions | None = None, jobs: int | None = 1,
               progress: Progress | None = None, esco_db: Path | None = None,
               use_default_esco: bool = True, lang: str = "en") -> CheckedHead:
    """Check ``paths`` and hand each record's result to ``on_result`` in report order,
    keeping none of them: for front ends that store or render records one by one.

    The records, followed by the returned head's waiver notes and summary, are exactly
    the report :func:`check` builds.
    """
    from mcqa.batch import CHUNK_SIZE, BatchOptions
    from mcqa.batch import check_each as _each

    check_language(lang)
    total = estimate_records(paths, options) if progress is not None else None
    advance = None
    if progress is not None:
        done = [0]
        progress(0, total)

        def advance(n: int) -> None:
            done[0] += n
            progress(done[0], max(total, done[0]) if total is not None else None)

    head, summary, counts = _each(
        paths, on_result, packs or DEFAULT_PACKS, as_of=as_of, load_options=options,
        options=BatchOptions(jobs=jobs, progress=False, on_advance=advance,
                             chunk_size=PROGRESS_CHUNK if progress else CHUNK_SIZE),
        esco_db=esco_db, use_default_esco=use_default_esco, esco_lang=lang)
    return CheckedHead(head, summary, counts)


def record_from_json(text: str | bytes) -> RecordResult:
    """A record result read back from its JSON (as in a JSON report's ``records``)."""
    import json

    data = json.loads(text)
    for computed in ("outcome", "counts"):
        data.pop(computed, None)
    return RecordResult.model_validate(data)


def report_from_json(text: str | bytes) -> Report:
    """A report read back from a JSON report (``mcqa check --format json``)."""
    import json

    data = json.loads(text)
    for computed in ("summary", "conforms"):
        data.pop(computed, None)
    for rec in data.get("records", ()):
        for computed in ("outcome", "counts"):
            rec.pop(computed, None)
    return Report.model_validate(data)


def report_schema() -> dict[str, Any]:
    """The JSON Schema of the JSON report (``mcqa schema report``)."""
    from mcqa.schemas import report_schema as _schema

    return _schema()


REPORT_FORMATS: dict[str, tuple[str, str]] = {
    "json": ("application/json", ".json"),
    "md": ("text/markdown; charset=utf-8", ".md"),
    "html": ("text/html; charset=utf-8", ".html"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "sarif": ("application/sarif+json", ".sarif"),
    "text": ("text/plain; charset=utf-8", ".txt"),
    "junit": ("application/xml", ".xml"),
}
"""Report formats a front end can offer: media type and file suffix."""


def report_formats() -> dict[str, tuple[str, str]]:
    """Format name -> (media type, file suffix) of every report download."""
    return dict(REPORT_FORMATS)


def render_report(report: Report, fmt: str, *, lang: str = "en", **options: Any) -> str | bytes:
    """``report`` in ``fmt`` (a key of :func:`report_formats`), by the same renderers as
    ``mcqa check --format``; ``xlsx`` is the benchmark workbook of the report's records
    grouped by file (summary, heat map, findings sheet)."""
    check_language(lang)
    if fmt == "xlsx":
        from mcqa.benchmarking import benchmark_results
        from mcqa.render.xlsx import render_benchmark_xlsx

        bm = benchmark_results(report.records, group_by="file", as_of=report.as_of,
                               packs=report.packs)
        return render_benchmark_xlsx(bm, lang=lang)
    if fmt not in REPORT_FORMATS:
        raise ConfigError(f"unknown format {fmt!r}", hint=f"use one of: {', '.join(REPORT_FORMATS)}")
    from mcqa.render import get_renderer

    out: str | bytes = get_renderer(fmt)(report, lang=lang, **options)
    return out


# --- benchmark --------------------------------------------------------------------------

BENCHMARK_FORMATS: dict[str, tuple[str, str]] = {
    "xlsx": REPORT_FORMATS["xlsx"],
    "html": REPORT_FORMATS["html"],
    "json": REPORT_FORMATS["json"],
}


def benchmark_formats() -> dict[str, tuple[str, str]]:
    """Format name -> (media type, file suffix) of the benchmark outputs."""
    return dict(BENCHMARK_FORMATS)


def benchmark(paths: Sequence[Path], packs: Sequence[str] = DEFAULT_PACKS, *,
              group_by: GroupBy = "provider", as_of: date | None = None,
              options: LoadOptions | None = None, jobs: int | None = None,
              progress: Progress | None = None, list_failures: bool = True
              ) -> tuple[Benchmark, BatchCounts]:
    """Compare providers (or files, formats) of ``paths``, as ``mcqa benchmark``."""
    from mcqa.batch import CHUNK_SIZE, BatchOptions
    from mcqa.benchmarking import run_benchmark

    advance = None
    if progress is not None:
        total = estimate_records(paths, options)
        done = [0]
        progress(0, total)

        def advance(n: int) -> None:
            done[0] += n
            progress(done[0], max(total, done[0]) if total is not None else None)

    return run_benchmark(list(paths), packs or DEFAULT_PACKS, group_by=group_by, as_of=as_of,
                         load_options=options,
                         options=BatchOptions(jobs=jobs, on_advance=advance,
                                              progress=False if progress else None,
                                              chunk_size=PROGRESS_CHUNK if progress
                                              else CHUNK_SIZE),
                         list_failures=list_failures)


def benchmark_unreadable(failures: Iterable[Sequence[str]], limit: int = 5
                         ) -> list[dict[str, str]]:
    """The first ``limit`` records a benchmark could not read, each a dict of
    ``FAILURE_COLUMNS`` (its ``message`` says why), from its failure rows
    (:meth:`Benchmark.iter_failures`)."""
    from mcqa.benchmarking import FAILURE_COLUMNS, READ_RULE

    found: list[dict[str, str]] = []
    for row in failures:
        item = dict(zip(FAILURE_COLUMNS, row, strict=False))
        if item.get("rule_id") == READ_RULE:
            found.append(item)
            if len(found) >= limit:
                break
    return found


def render_benchmark(bm: Benchmark, fmt: str, *, lang: str = "en") -> str | bytes:
    """The benchmark in ``fmt`` (``xlsx``, ``html`` or ``json``), as ``mcqa benchmark``."""
    check_language(lang)
    if fmt == "xlsx":
        from mcqa.render.xlsx import render_benchmark_xlsx

        return render_benchmark_xlsx(bm, lang=lang)
    if fmt == "html":
        from mcqa.render.benchmark_html import render_benchmark_html

        return render_benchmark_html(bm, lang=lang)
    if fmt == "json":
        import json

        from mcqa.render._safe import json_safe

        data = bm.model_dump(mode="json")
        data["lang"] = lang
        return json_safe(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"
    raise ConfigError(f"unknown format {fmt!r}", hint=f"use one of: {', '.join(BENCHMARK_FORMATS)}")


# --- dossier ----------------------------------------------------------------------------

DOSSIER_FORMATS: dict[str, tuple[str, str, str]] = {
    "html": ("mcqa.render.dossier_html:render_dossier_html", "text/html; charset=utf-8",
             ".html"),
    "pdf": ("mcqa.render.dossier_pdf:render_dossier_pdf", "application/pdf", ".pdf"),
    "jsonld": ("mcqa.render.dossier_jsonld:render_dossier_jsonld", "application/ld+json",
               ".jsonld"),
    "md": ("mcqa.render.dossier_md:render_dossier_md", "text/markdown; charset=utf-8", ".md"),
    "json": ("mcqa.render.dossier_json:render_dossier_json", "application/json", ".json"),
}
"""Dossier format -> (renderer, media type, suffix); a renderer whose module (or the
optional library it needs) is not installed is not offered."""


def dossier_formats() -> dict[str, tuple[str, str]]:
    """Format name -> (media type, suffix) of the dossier formats this installation has."""
    return {fmt: (media, suffix) for fmt, (_t, media, suffix) in DOSSIER_FORMATS.items()
            if _dossier_renderer(fmt) is not None}


@cache
def _dossier_renderer(fmt: str) -> Callable[..., str | bytes] | None:
    """The render function of ``fmt``, or ``None`` when it (or the optional library it
    needs, e.g. for PDF) is not installed."""
    import importlib

    module, func = DOSSIER_FORMATS[fmt][0].split(":")
    try:
        render: Callable[..., str | bytes] = getattr(importlib.import_module(module), func)
    except (ImportError, OSError):  # OSError: a PDF library whose system libraries are missing
        return None
    return render


def render_dossier(d: Dossier, fmt: str, *, lang: str = "en") -> str | bytes:
    """The dossier in ``fmt`` (a key of :func:`dossier_formats`), as ``mcqa dossier``."""
    check_language(lang)
    render = _dossier_renderer(fmt) if fmt in DOSSIER_FORMATS else None
    if render is None:
        raise ConfigError(f"dossier format {fmt!r} is not available in this installation",
                          hint=f"use one of: {', '.join(dossier_formats())}")
    return render(d, lang=lang)


def dossier(path: Path, target: str, *, display: str | None = None,
            review: Path | None = None, review_display: str | None = None,
            packs: Sequence[str] = DEFAULT_PACKS, as_of: date | None = None,
            record_id: str | None = None, options: LoadOptions | None = None,
            esco_db: Path | None = None, use_default_esco: bool = True,
            lang: str = "en", waivers: Path | None = None,
            lang_note: str | None = None) -> Dossier:
    """The recognition dossier of the credential in ``path`` for ``target``, as
    ``mcqa dossier``. ``display`` and ``review_display`` are the names shown (and
    hashed under) in place of the paths, for front ends that keep inputs under
    generated names. ``lang_note`` (from :func:`dossier_language`) is printed in the
    dossier: why it is in English although the target country has another language."""
    from mcqa.dossier import dossier_for_file

    check_language(lang)
    d = dossier_for_file(path, target, esco_db=esco_db, use_default_esco=use_default_esco,
                         review=review, packs=packs or DEFAULT_PACKS, as_of=as_of,
                         record_id=record_id, options=options, display=display,
                         review_display=review_display, waivers=waivers, esco_lang=lang)
    return d.model_copy(update={"lang_note": lang_note}) if lang_note else d


def review_decisions(data: Sequence[Mapping[str, Any]], source: str) -> tuple[ReviewDecision, ...]:
    """Reviewer decisions from plain data (e.g. a form), validated as a review file's
    entries; errors name ``source`` and the entry."""
    from mcqa.dossier import parse_decisions
    from mcqa.dossier.review import REVIEW_VERSION

    return parse_decisions({"version": REVIEW_VERSION, "decisions": [dict(d) for d in data]},
                           source)


def read_review(path: Path, display: str | None = None) -> tuple[ReviewDecision, ...]:
    """The decisions of a review file (``mcqa dossier --review``)."""
    from mcqa.dossier import load_decisions

    return load_decisions(path, display)


def review_file(decisions: Sequence[ReviewDecision]) -> str:
    """The YAML review file holding ``decisions`` (read back by ``--review``)."""
    from mcqa.dossier.review import dump_decisions

    return dump_decisions(decisions)


def dossier_targets() -> list[tuple[str, str]]:
    """(code, title) of every target a dossier can be built for: country codes that
    resolve to a framework, then framework ids."""
    from mcqa.frameworks import load_frameworks

    reg = load_frameworks()
    by_code = {code: reg.resolve(code).title for code in reg.country_codes()}
    return [*sorted(by_code.items()), *((fw.id, fw.title) for fw in reg)]


# --- packs and rules --------------------------------------------------------------------


def pack_summaries(lang: str = "en") -> list[dict[str, Any]]:
    """Every bundled pack: id, version, title (in ``lang``), jurisdiction, extends, rules
    (count), source document and URL."""
    from mcqa.i18n import check_lang, pack_meta_text
    from mcqa.packs import available_packs, resolve_packs

    check_lang(lang)
    rows: list[dict[str, Any]] = []
    for pid in available_packs():
        rs = resolve_packs((pid,))
        pack = next(p for p in rs.packs if p.meta.id == pid)
        rows.append({
            "id": pid, "version": pack.meta.version, "title": pack_meta_text(pid, "title", lang),
            "jurisdiction": pack.meta.jurisdiction, "extends": list(pack.meta.extends),
            "rules": len(pack.rules), "source": pack.meta.source.document,
            "url": pack.meta.source.url})
    return rows


def pack_rules(pack_id: str, lang: str = "en") -> list[dict[str, Any]]:
    """The rules a pack defines itself (not those it extends), as plain data, with their
    texts and a human ``title`` in ``lang``."""
    from mcqa.i18n import check_lang
    from mcqa.i18n.packs import localized_rule
    from mcqa.packs import available_packs, resolve_packs

    check_lang(lang)
    if pack_id not in available_packs():
        raise ConfigError(f"no pack {pack_id!r}", hint="see `mcqa packs list`")
    rs = resolve_packs((pack_id,))
    return [{"pack": pack.meta.id, "pack_version": pack.meta.version,
             **localized_rule(pack_id, rule.model_dump(mode="json", exclude_none=True), lang)}
            for pack, rule in rs.rules if pack.meta.id == pack_id]


def rule_detail(rule_id: str, packs: Sequence[str] = (), lang: str = "en") -> dict[str, Any]:
    """One rule as plain data (pack, citation, check, title, message, remedy) with its
    texts in ``lang``, by id or alias."""
    from mcqa.i18n import check_lang
    from mcqa.i18n.packs import localized_rule, rule_of
    from mcqa.packs import available_packs, resolve_packs

    check_lang(lang)
    rs = resolve_packs(tuple(packs) or tuple(available_packs()))
    hit = rs.get(rule_id)
    if hit is None:
        raise ConfigError(f"no rule {rule_id!r}", hint="see `mcqa packs list`; ids look like "
                          "EU-AI-M07")
    pack, rule = hit
    data = rule.model_dump(mode="json", exclude_none=True)
    if pack.meta.id in available_packs() and rule_of(pack.meta.id, rule.id) is not None:
        data = localized_rule(pack.meta.id, data, lang)
    return {"pack": pack.meta.id, "pack_version": pack.meta.version, "lang": lang, **data}


# --- levels and credits -----------------------------------------------------------------


def translate_level(source: str, target: str) -> Translation:
    """Translate ``FRAMEWORK:LEVEL`` to a framework or country via the EQF, with the cited
    chain (``mcqa levels translate``)."""
    from mcqa.frameworks import translate

    return translate(source, target)


def convert_credits(amount: float, unit: str, target: str) -> CreditRange:
    """Convert a workload between credit units and hours, as a cited range
    (``mcqa credits convert``)."""
    import math

    from mcqa.frameworks import convert

    if not math.isfinite(amount) or amount < 0:
        raise ConfigError(f"amount {amount!r} is not allowed",
                          hint="give a finite number, zero or more")
    return convert(amount, unit, target)


def parse_amount(text: str) -> float:
    """An amount as a person types it, in any European way (``7,5``; ``1.500``;
    ``1 500``; ``7.5``), as ``mcqa credits convert`` reads it; ConfigError otherwise."""
    from mcqa.numbers import parse_number

    number = parse_number(text)
    if number is None:
        try:
            number = float(text)  # also 1e3, inf, nan: convert_credits refuses those
        except ValueError:
            raise ConfigError(f"amount {text!r} is not a number",
                              hint="give a finite number, zero or more") from None
    return float(number)


def credit_units() -> list[str]:
    """Credit units (and ``HOURS``) a workload can be converted between."""
    from mcqa.frameworks import load_credit_systems

    return load_credit_systems().ids()


def framework_summaries() -> list[dict[str, Any]]:
    """id, title, country and levels (code, label, EQF) of every framework."""
    from mcqa.frameworks import load_frameworks

    return [{"id": fw.id, "title": fw.title, "country": fw.country,
             "relationship": fw.relationship.kind,
             "levels": [{"code": lv.code, "label": lv.label,
                         "eqf": list(lv.mapping.eqf_levels)} for lv in fw.levels]}
            for fw in load_frameworks()]


# --- ESCO -------------------------------------------------------------------------------


def esco_status(db: Path | None = None) -> dict[str, Any]:
    """The installed (or given) ESCO index: path, installed, release, language, counts, and
    ``languages``: every language whose labels it holds (code, base, release, counts)."""
    from mcqa.esco import EscoIndex, default_db_path

    path = db or default_db_path()
    status: dict[str, Any] = {"db": str(path), "installed": path.is_file()}
    if status["installed"]:
        index = EscoIndex.open(path)
        try:
            status.update(version=index.version, language=index.language,
                          counts=dict(index.counts),
                          languages=[info.to_dict() for info in index.languages])
        finally:
            index.close()
    return status


def esco_search(text: str, *, top: int = 10, kind: str | None = None,
                db: Path | None = None) -> list[dict[str, Any]]:
    """Full-text search of ESCO labels (``mcqa esco search``)."""
    from mcqa.esco import EscoIndex

    if not 1 <= top <= 1000:
        raise ConfigError(f"top must be between 1 and 1000, got {top}", hint="e.g. 10")
    index = EscoIndex.open(db)
    try:
        return [h.to_dict() for h in index.search(text, top=top, kind=kind)]
    finally:
        index.close()


def esco_map(texts: Sequence[str], *, top: int = 5, db: Path | None = None,
             lang: str | None = None, text_lang: str | None = None,
             ranker: str = "auto") -> list[dict[str, Any]]:
    """Ranked ESCO skills for each text (``mcqa esco map``): per text its language
    (``text_lang``, else detected) and suggestions, labels in ``lang`` where the index
    holds it. Raises :class:`mcqa.esco.mapper.TextLanguageError` (a ConfigError) when a
    text is in a language whose labels the index lacks."""
    from mcqa.esco import EscoIndex, Mapper

    if not 1 <= top <= 1000:
        raise ConfigError(f"top must be between 1 and 1000, got {top}", hint="e.g. 5")
    index = EscoIndex.open(db)
    try:
        mapper = Mapper(index, ranker=ranker, lang=lang, text_lang=text_lang)
        found = mapper.map_many(list(texts), top=top)
        return [{"text": t, "text_lang": mapper.text_language(t), "labels_lang": mapper.lang,
                 "suggestions": [s.to_dict() for s in sug]}
                for t, sug in zip(texts, found, strict=True)]
    finally:
        index.close()


def esco_show(uri: str, db: Path | None = None, lang: str | None = None
              ) -> dict[str, Any] | None:
    """Labels, type, hierarchy and relations of one ESCO URI, or ``None`` if unknown; its
    labels and description in ``lang`` where the index holds them."""
    from mcqa.esco import EscoIndex

    index = EscoIndex.open(db)
    try:
        detail = index.detail(uri, lang)
        return None if detail is None else {"esco_version": index.version, **detail.to_dict()}
    finally:
        index.close()
