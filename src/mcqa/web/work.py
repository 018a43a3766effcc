"""The jobs worker processes run (see :mod:`mcqa.web.jobs`): plain functions over
:mod:`mcqa.api` whose arguments and results cross the process boundary by pickle.

Imported once by the forkserver, so each job starts with mcqa loaded. Every
function takes ``progress(done, total)`` first and reads its inputs from the
request's temporary folder; nothing here writes anywhere else.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from mcqa import api
from mcqa.errors import ConfigError
from mcqa.web.uploads import Upload, expand_archives

ProgressFn = Callable[[int, "int | None"], None]


@dataclass(frozen=True)
class RecordRow:
    """One record of a checked upload, reduced to what the report page lists and filters."""

    index: int
    record_id: str
    title: str | None
    source_file: str
    outcome: str
    record_kind: str | None
    counts: dict[str, int]
    facets: frozenset[int]
    """Indexes into :attr:`CheckResult.facets` of this record's findings (small ints, so a
    national result unpickles in the web process without holding it up)."""


@dataclass
class CheckResult:
    """A checked upload: the report's head and each record as compressed JSON (the
    exact fragment the JSON report holds), plus the rows the page lists."""

    head: api.Report
    summary: api.Summary
    counts: dict[str, Any]
    blobs: list[bytes] = field(default_factory=list)
    rows: list[RecordRow] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    lang: str = "en"
    facets: list[tuple[str, str, str]] = field(default_factory=list)
    """Every (element or "", severity, status) met in the findings: what filters match."""


def _day(as_of: str | None) -> date | None:
    if not as_of:
        return None
    try:
        return date.fromisoformat(as_of)
    except ValueError:
        raise ConfigError(f"audit date {as_of!r} is not a date", hint="use YYYY-MM-DD") from None


def _inputs(uploads: list[Upload], folder: Path, limits: api.Limits
            ) -> tuple[list[Path], api.LoadOptions, list[str]]:
    files = expand_archives(uploads, folder, limits)
    if not files:
        raise ConfigError("no file was uploaded", hint="choose one or more files")
    options = api.LoadOptions(limits=limits,
                              display_names=tuple((str(u.path), u.name) for u in files))
    return [u.path for u in files], options, [u.name for u in files]


def check(progress: ProgressFn, *, uploads: list[Upload], folder: Path, packs: list[str],
          as_of: str | None, lang: str, limits: api.Limits, esco_db: Path | None
          ) -> CheckResult:
    """Check the uploads; keep each record as its compressed JSON fragment."""
    from mcqa.render.json import record_fragment

    paths, options, names = _inputs(uploads, folder, limits)
    blobs: list[bytes] = []
    rows: list[RecordRow] = []
    facets: dict[tuple[str, str, str], int] = {}

    def keep(res: api.RecordResult) -> None:
        blobs.append(zlib.compress(record_fragment(res).encode("utf-8"), 6))
        rows.append(RecordRow(
            index=len(rows), record_id=res.record_id, title=res.title,
            source_file=res.source_file, outcome=res.outcome, record_kind=res.record_kind,
            counts={k: v for k, v in res.counts.items() if v},
            facets=frozenset(facets.setdefault((f.element or "", f.severity.value,
                                                f.status.value), len(facets))
                             for f in res.findings)))

    done = api.check_each(paths, keep, packs, as_of=_day(as_of), options=options,
                          progress=progress, esco_db=esco_db, lang=lang)
    return CheckResult(head=done.head, summary=done.summary,
                       counts=done.counts.model_dump(mode="json"), blobs=blobs, rows=rows,
                       files=names, lang=lang, facets=list(facets))


def json_pieces(result: CheckResult, lang: str = "en") -> Any:
    """The JSON report of ``result`` piece by piece in ``lang``, byte-identical to
    ``render_json`` of the whole report (head, each stored fragment, tail)."""
    from mcqa.render.json import JsonReportStream, record_fragment

    class _Out:
        def __init__(self) -> None:
            self.parts: list[str] = []

        def write(self, text: str) -> int:
            self.parts.append(text)
            return len(text)

    out = _Out()
    stream = JsonReportStream(out, result.head, lang=lang)  # type: ignore[arg-type]
    yield "".join(out.parts)
    for blob in result.blobs:
        out.parts.clear()
        text = zlib.decompress(blob).decode("utf-8")
        if lang != "en":  # the stored fragments are the English report's
            text = record_fragment(api.record_from_json(text), lang)
        stream.add(text)
        yield "".join(out.parts)
    out.parts.clear()
    stream.close(result.head.waiver_notes, result.summary)
    yield "".join(out.parts)


def render_report(progress: ProgressFn, *, result: CheckResult, fmt: str, lang: str) -> bytes:
    """The whole report in ``fmt`` and ``lang``, by the renderers ``mcqa check`` uses."""
    text = "".join(json_pieces(result))
    report = api.report_from_json(text)
    del text
    out = api.render_report(report, fmt, lang=lang)
    return out if isinstance(out, bytes) else out.encode("utf-8")


@dataclass
class BenchmarkResult:
    """A benchmark and its three downloads, rendered where it was computed in the
    language asked for (the workbook's failure rows live in a temporary database that
    cannot cross processes), and the failure rows compressed, so that the downloads can be
    rendered again in another language."""

    benchmark: Any
    counts: dict[str, Any]
    files: list[str]
    downloads: dict[str, bytes]
    lang: str = "en"
    failures: bytes = b""
    unreadable: list[dict[str, str]] = field(default_factory=list)
    """The first records that could not be read, with the reason."""


def benchmark(progress: ProgressFn, *, uploads: list[Upload], folder: Path, packs: list[str],
              group_by: str, as_of: str | None, lang: str, limits: api.Limits
              ) -> BenchmarkResult:
    """Benchmark the uploads; render XLSX, HTML and JSON at once."""
    paths, options, names = _inputs(uploads, folder, limits)
    if group_by not in ("provider", "file", "format"):
        raise ConfigError(f"cannot group by {group_by!r}", hint="provider, file or format")
    bm, counts = api.benchmark(paths, packs, group_by=group_by,  # type: ignore[arg-type]
                               as_of=_day(as_of), options=options, jobs=1, progress=progress)
    downloads: dict[str, bytes] = {}
    for fmt in api.benchmark_formats():
        out = api.render_benchmark(bm, fmt, lang=lang)
        downloads[fmt] = zlib.compress(out if isinstance(out, bytes) else out.encode("utf-8"))
    import json

    failures = list(bm.iter_failures())
    rows = zlib.compress(json.dumps(failures).encode("utf-8"), 6)
    plain = bm.model_copy()
    plain._spool = None
    return BenchmarkResult(benchmark=plain, counts=counts.model_dump(mode="json"), files=names,
                           downloads=downloads, lang=lang, failures=rows,
                           unreadable=api.benchmark_unreadable(failures))


def render_benchmark(progress: ProgressFn, *, result: BenchmarkResult, fmt: str,
                     lang: str) -> bytes:
    """One benchmark download in another language than it was first rendered in."""
    import json

    rows = tuple(tuple(r) for r in json.loads(zlib.decompress(result.failures)))
    bm = result.benchmark.model_copy(update={"failures": rows})
    out = api.render_benchmark(bm, fmt, lang=lang)
    return out if isinstance(out, bytes) else out.encode("utf-8")


@dataclass
class DossierResult:
    """A dossier, the decisions it was built with (as plain data, for the next round of
    review) and the review file (exact bytes) that reproduces it."""

    dossier: Any
    decisions: list[dict[str, Any]]
    review_yaml: str
    credential_name: str


def dossier(progress: ProgressFn, *, credential: Upload, folder: Path, target: str,
            packs: list[str], as_of: str | None, decisions: list[dict[str, Any]],
            review_upload: Upload | None, esco_db: Path | None, lang: str,
            limits: api.Limits) -> DossierResult:
    """Build the dossier of one credential with the reviewer's decisions so far (an
    uploaded review file first, then the decisions made in the browser, later ones
    replacing earlier ones on the same outcome and skill)."""
    chosen = list(api.read_review(review_upload.path, review_upload.name)
                  if review_upload is not None else ())
    chosen += api.review_decisions(decisions, "the review form")
    merged: dict[tuple[Any, ...], Any] = {}
    for decision in chosen:
        key = (decision.outcome, decision.outcome_hash, decision.skill)
        merged.pop(key, None)
        merged[key] = decision
    final = list(merged.values())
    review_text = api.review_file(final)
    review_path = folder / "review.yaml"
    review_path.write_text(review_text, encoding="utf-8")
    options = api.LoadOptions(limits=limits)
    d = api.dossier(credential.path, target, display=credential.name,
                    review=review_path if final else None, review_display="review.yaml",
                    packs=packs, as_of=_day(as_of), options=options, esco_db=esco_db,
                    use_default_esco=True, lang=lang)
    return DossierResult(dossier=d, decisions=[x.model_dump(exclude_none=True) for x in final],
                         review_yaml=review_text if final else "",
                         credential_name=credential.name)


def render_dossier(progress: ProgressFn, *, dossier: Any, fmt: str, lang: str) -> bytes:
    """One dossier download."""
    out = api.render_dossier(dossier, fmt, lang=lang)
    return out if isinstance(out, bytes) else out.encode("utf-8")
