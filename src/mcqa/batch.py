"""The batch engine: ministry-scale checking, streamed and spread over cores.

Why a separate module: :func:`mcqa.engine.build_report` is the reference
(pure, sequential, easy to reason about). Catalogues of 100k rows need three
more things, and they live here so the engine stays simple:

* **Streaming.** Items are pulled lazily from the loaders; at most
  ``jobs * IN_FLIGHT_PER_JOB`` chunks of records are in flight at any time,
  so loading never runs ahead of checking. :func:`check_paths` yields each
  result, or a reduction of it made in the worker (``project``), for callers
  that aggregate and drop them (benchmarks, the streamed JSON report);
  :func:`run_batch` keeps full results to build the
  :class:`~mcqa.model.report.Report`, whose size is then proportional to the
  number of findings (a Report is a value, not a stream).
* **Parallelism.** Chunks of records are checked in a
  :class:`~concurrent.futures.ProcessPoolExecutor` (the GIL makes threads
  useless for the rule engine). Chunks are consumed in submission order, so
  the output order never depends on scheduling. Small inputs (one chunk) are
  checked in-process: a pool costs more than it saves for ``mcqa check
  one.json``.
* **Isolation and accounting.** One record that breaks the engine becomes an
  input-error result, and a loader that crashes mid-file becomes one problem
  item for that file; everything else is still checked. :class:`BatchCounts`
  proves nothing was lost: items read == results reported, by outcome.

The results equal :func:`build_report` exactly (same findings, same order,
same waiver notes); ``tests/batch`` asserts it.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel, ConfigDict, Field, computed_field

from mcqa.engine import Context, pack_infos, record_result
from mcqa.engine.waivers import Waiver, waiver_notes
from mcqa.errors import InputError
from mcqa.i18n import DEFAULT_LANG, N_, NN_, _, ngettext
from mcqa.model import InputProblem, LoadItem, Severity, Skipped
from mcqa.model.load import Deferred, LoadUnit
from mcqa.model.report import RecordResult, RecordTally, Report, Summary, Totals
from mcqa.packs import RuleSet

__all__ = [
    "BatchCounts",
    "BatchOptions",
    "BatchResult",
    "check_batch",
    "check_each",
    "check_paths",
    "check_to_json",
    "check_to_stream",
    "default_jobs",
    "iter_items",
    "iter_results",
    "run_batch",
    "stream_json_report",
    "stream_report",
]

SKIPPED_EXAMPLES = 5
"""Files that are not credentials or catalogues named in the closing summary (the rest are
counted)."""

CHUNK_SIZE = 256
"""Records per task: large enough to amortise pickling, small enough to stream."""

IN_FLIGHT_PER_JOB = 3
"""Chunks queued per worker; bounds memory while keeping every core busy."""

WORKER_GC_THRESHOLD = 50_000
"""Allocations between young-generation collections in worker processes."""


def default_jobs() -> int:
    """All cores this process may use (affinity-aware on Linux)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class BatchCounts(BaseModel):
    """The closing count of a batch run: records read = records reported, by outcome.

    ``read_*`` are counted as items leave the loaders, ``reported`` and the
    outcome counts as results come back from the engine; :attr:`balanced` is
    the proof that no record was dropped or duplicated on the way.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    files: int = Field(description="Input files read.")
    read_records: int = Field(description="Records the loaders produced.")
    read_problems: int = Field(description="Unreadable records/files the loaders reported.")
    read_skipped: int = Field(default=0, description="Documents that are not "
                                                     "micro-credentials (JSON-LD contexts, "
                                                     "schemas, organisation profiles).")
    reported: int = Field(description="Results produced by the engine.")
    conforms: int
    gaps: int
    input_error: int = Field(description="Unreadable inputs plus records the engine could "
                                         "not check (isolated, not fatal).")
    skipped: int = Field(default=0, description="Reported as not a micro-credential.")
    engine_failures: int = Field(default=0, description="Records whose checking raised; "
                                                        "each is reported as an input error.")
    skipped_files: int = Field(default=0, description="Files in the folders given that are "
                               "not credentials or catalogues (PDFs, images, lock files...): "
                               "not read, never records.")
    skipped_examples: tuple[str, ...] = Field(default=(), description="The first few of them, "
                                              "with what they are.")
    excluded_files: int = Field(default=0, description="Files left out by --include/--exclude.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def read(self) -> int:
        """Every item read: records, problems and documents that are not micro-credentials."""
        return self.read_records + self.read_problems + self.read_skipped

    @computed_field  # type: ignore[prop-decorator]
    @property
    def balanced(self) -> bool:
        """read == reported == conforms + gaps + input_error + skipped."""
        return self.read == self.reported == (self.conforms + self.gaps + self.input_error
                                              + self.skipped)


@dataclass
class _Tally:
    """Mutable counters while the batch runs; frozen into :class:`BatchCounts`."""

    files: int = 0
    read_records: int = 0
    read_problems: int = 0
    read_skipped: int = 0
    reported: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: {
        "conforms": 0, "gaps": 0, "input_error": 0, "skipped": 0})
    engine_failures: int = 0
    used_waivers: set[int] = field(default_factory=set)
    skipped_files: int = 0
    skipped_examples: list[str] = field(default_factory=list)
    excluded_files: int = 0

    def skip(self, name: str, reason: str | None) -> None:
        """Count a file of a folder that is not read (``reason`` None: excluded by a glob)."""
        if reason is None:
            self.excluded_files += 1
            return
        self.skipped_files += 1
        if len(self.skipped_examples) < SKIPPED_EXAMPLES:
            self.skipped_examples.append(f"{name} ({reason})")

    def freeze(self) -> BatchCounts:
        return BatchCounts(files=self.files, read_records=self.read_records,
                           read_problems=self.read_problems,
                           read_skipped=self.read_skipped, reported=self.reported,
                           conforms=self.outcomes["conforms"], gaps=self.outcomes["gaps"],
                           input_error=self.outcomes["input_error"],
                           skipped=self.outcomes["skipped"],
                           engine_failures=self.engine_failures,
                           skipped_files=self.skipped_files,
                           skipped_examples=tuple(self.skipped_examples),
                           excluded_files=self.excluded_files)


@dataclass(frozen=True)
class BatchOptions:
    """How to run: worker count, chunking, progress display."""

    jobs: int | None = None
    """Worker processes; ``None`` = all cores, 1 = in-process."""
    chunk_size: int = CHUNK_SIZE
    progress: bool | None = None
    """Show a progress bar; ``None`` = only when stderr is a terminal."""
    on_advance: Callable[[int], None] | None = None
    """Called with the number of records just checked, in the process that reads (for a
    front end's own progress display, e.g. the web application's)."""


class BatchResult(BaseModel):
    """A report together with the proof that it accounts for every input."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    report: Report
    counts: BatchCounts


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


STREAMED_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".jsonl", ".ndjson"})
"""Catalogue formats read row by row in the main process (their rows are deferred);
every other file is one deferred unit, read whole by a worker."""


def iter_items(paths: Iterable[Path], options: Any = None,
               on_file: Callable[[str], None] | None = None, *,
               defer: bool = False,
               on_skip: Callable[[str, str | None], None] | None = None) -> Iterator[LoadUnit]:
    """Items of every file, like :func:`mcqa.loaders.load_paths`, but crash-isolated.

    A loader that raises something other than :class:`~mcqa.errors.InputError`
    (a bug, or a pathological file) ends that file with one problem item; the
    records it already yielded are kept and the next file is read.

    With ``defer`` the main process only reads: credential files become one
    :class:`Deferred` unit each and catalogue rows/lines one unit each, built
    by the worker that checks them.
    """
    from dataclasses import replace

    from mcqa.fsguard import is_stdin
    from mcqa.loaders import candidate_files, load_units, with_roots
    from mcqa.model.load import crash_problem

    paths = list(paths)
    opts = with_roots(options, paths)
    if defer:
        opts = replace(opts, defer=True)
    for path, display in candidate_files(paths, opts, on_skip):
        if on_file is not None:
            on_file(display)
        if defer and path.suffix.lower() not in STREAMED_SUFFIXES and not is_stdin(path):
            yield Deferred(display, "", partial(_whole_file, path, display, opts))
            continue
        try:
            yield from load_units(path, display, opts)
        except (Exception, MemoryError) as exc:
            yield crash_problem(display, "", exc)


def _whole_file(path: Path, display: str, options: Any) -> Iterator[LoadItem]:
    """Every item of one (non-catalogue) file, read in a worker."""
    from mcqa.loaders import load_file

    yield from load_file(path, display, options)


# ---------------------------------------------------------------------------
# Checking (runs in workers)
# ---------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(rules: RuleSet, ctx: Context, waivers: tuple[Waiver, ...],
                 project: Callable[[RecordResult], Any] | None) -> None:
    """Receive the rule set once per worker instead of once per chunk.

    Also tunes the cycle collector for this process, which only ever runs the
    checking loop: a record and its ~45 findings allocate hundreds of objects
    that reference counting frees, yet at CPython's default threshold (700
    allocations) the collector would run every few records and walk
    everything the worker inherited. Inherited objects are frozen out of
    collection and the threshold raised: reference cycles (rare here) are still
    collected, only less often, and peak memory stayed flat (bench_check).
    """
    import gc

    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, 20, 20)
    _WORKER.update(rules=rules, ctx=ctx, waivers=waivers, project=project)


def _safe_result(item: LoadItem, rules: RuleSet, ctx: Context,
                 waivers: tuple[Waiver, ...], used: set[int]) -> tuple[RecordResult, bool]:
    """``record_result`` with per-record isolation; the flag says it had to isolate."""
    try:
        return record_result(item, rules, ctx, waivers, used), False
    except Exception as exc:
        if isinstance(item, InputProblem):
            rid, src = item.record_id or f"{item.file}#{item.locator}", item.file
            fmt = None
        elif isinstance(item, Skipped):
            rid, src, fmt = f"{item.file}#{item.locator}", item.file, None
        else:
            rid, src, fmt = item.record_id, item.source_file, item.source_format
        return RecordResult(record_id=rid, source_file=src, source_format=fmt,
                            input_error=f"record could not be checked: "
                                        f"{type(exc).__name__}: {exc} — report this record "
                                        "to the mcqa maintainers"), True


@dataclass
class _ChunkDone:
    """What a worker sends back for one chunk: results (projected) with their outcomes,
    plus the accounting the main process adds up."""

    outcomes: list[str]
    results: list[Any]
    used: set[int]
    failures: int
    records: int
    problems: int
    skipped: int = 0


def _check_chunk(units: list[LoadUnit]) -> _ChunkDone:
    """Worker entry point."""
    return _check_with(units, _WORKER["rules"], _WORKER["ctx"], _WORKER["waivers"],
                       _WORKER["project"])


def _check_with(units: Sequence[LoadUnit], rules: RuleSet, ctx: Context,
                waivers: tuple[Waiver, ...],
                project: Callable[[RecordResult], Any] | None) -> _ChunkDone:
    done = _ChunkDone([], [], set(), 0, 0, 0)
    for unit in units:
        for item in (unit.items() if isinstance(unit, Deferred) else (unit,)):
            if isinstance(item, InputProblem):
                done.problems += 1
            elif isinstance(item, Skipped):
                done.skipped += 1
            else:
                done.records += 1
            res, failed = _safe_result(item, rules, ctx, waivers, done.used)
            done.failures += failed
            done.outcomes.append(res.outcome)
            done.results.append(res if project is None else project(res))
    return done


# ---------------------------------------------------------------------------
# Orchestration
# ---------------------------------------------------------------------------


def _chunks(units: Iterable[LoadUnit], size: int) -> Iterator[list[LoadUnit]]:
    chunk: list[LoadUnit] = []
    for unit in units:
        chunk.append(unit)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def iter_results(items: Iterable[LoadUnit], rules: RuleSet, *, as_of: date,
                 waivers: tuple[Waiver, ...] = (), services: dict[str, Any] | None = None,
                 options: BatchOptions | None = None, tally: _Tally | None = None,
                 advance: Callable[[int], None] | None = None) -> Iterator[RecordResult]:
    """Check ``items`` and yield results in input order, in bounded memory."""
    yield from iter_projected(items, rules, as_of=as_of, waivers=waivers, services=services,
                              options=options, tally=tally, advance=advance)


def iter_projected(items: Iterable[LoadUnit], rules: RuleSet, *, as_of: date,
                   waivers: tuple[Waiver, ...] = (), services: dict[str, Any] | None = None,
                   options: BatchOptions | None = None, tally: _Tally | None = None,
                   advance: Callable[[int], None] | None = None,
                   project: Callable[[RecordResult], Any] | None = None) -> Iterator[Any]:
    """Check ``items`` and yield ``project(result)`` (or the result) in input order.

    Uses worker processes when ``options.jobs`` allows more than one and the
    input is larger than one chunk. ``project`` runs where the record was
    checked: a module-level function that reduces a result to what the caller
    keeps (a JSON fragment, a few counts), so full results never cross
    processes. ``services`` and ``project`` must be picklable to be used with
    workers (otherwise pass ``jobs=1``).
    """
    opts = options or BatchOptions()
    jobs = opts.jobs or default_jobs()
    ctx = Context(as_of=as_of, services=services or {})
    t = tally if tally is not None else _Tally()
    chunks = _chunks(items, max(1, opts.chunk_size))

    def account(done: _ChunkDone) -> Iterator[Any]:
        t.used_waivers |= done.used
        t.engine_failures += done.failures
        t.read_records += done.records
        t.read_problems += done.problems
        t.read_skipped += done.skipped
        for outcome, res in zip(done.outcomes, done.results, strict=True):
            t.reported += 1
            t.outcomes[outcome] += 1
            yield res
        if advance is not None:
            advance(len(done.results))

    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None) if jobs > 1 else None
    if second is None:  # one chunk, or jobs == 1: no pool
        yield from account(_check_with(first, rules, ctx, waivers, project))
        for chunk in chunks:
            yield from account(_check_with(chunk, rules, ctx, waivers, project))
        return

    limit = jobs * IN_FLIGHT_PER_JOB
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                             initargs=(rules, ctx, waivers, project)) as pool:
        pending: deque[Future[_ChunkDone]] = deque()
        pending.append(pool.submit(_check_chunk, first))
        pending.append(pool.submit(_check_chunk, second))
        for chunk in chunks:
            while len(pending) >= limit:
                yield from account(pending.popleft().result())
            pending.append(pool.submit(_check_chunk, chunk))
        while pending:
            yield from account(pending.popleft().result())


class _Progress:
    """A rich progress bar on a terminal; nothing otherwise (logs stay clean)."""

    def __init__(self, enabled: bool) -> None:
        self._bar: Any = None
        self._task: Any = None
        if enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            self._bar = Progress(SpinnerColumn(), TextColumn("{task.description}", markup=False),
                                 BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=True)
            self._task = self._bar.add_task("checking", total=None)

    def __enter__(self) -> _Progress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def file(self, name: str) -> None:
        if self._bar is not None:
            from mcqa.render._safe import terminal_safe

            self._bar.update(self._task, description=terminal_safe(name, 60))

    def advance(self, n: int) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, n)


def check_paths(paths: Sequence[Path], rules: RuleSet, *, as_of: date,
                waivers: tuple[Waiver, ...] = (), services: dict[str, Any] | None = None,
                load_options: Any = None, options: BatchOptions | None = None,
                tally: _Tally, project: Callable[[RecordResult], Any] | None = None
                ) -> Iterator[Any]:
    """Read ``paths`` and yield each record's result (or ``project`` of it) in input order,
    with the progress bar on a terminal and files counted into ``tally``; with more
    than one worker the records are built where they are checked."""
    opts = options or BatchOptions()
    show = opts.progress if opts.progress is not None else sys.stderr.isatty()
    with _Progress(show) as bar:
        def on_file(name: str) -> None:
            tally.files += 1
            bar.file(name)

        advance = bar.advance
        if opts.on_advance is not None:
            hook = opts.on_advance

            def advance(n: int) -> None:
                bar.advance(n)
                hook(n)

        defer = (opts.jobs or default_jobs()) > 1
        yield from iter_projected(iter_items(paths, load_options, on_file, defer=defer,
                                             on_skip=tally.skip), rules,
                                  as_of=as_of, waivers=waivers, services=services,
                                  options=opts, tally=tally, advance=advance,
                                  project=project)


def run_batch(paths: Sequence[Path], rules: RuleSet, *, as_of: date,
              waivers: tuple[Waiver, ...] = (), load_options: Any = None,
              options: BatchOptions | None = None, mcqa_version: str,
              data_versions: dict[str, str] | None = None,
              services: dict[str, Any] | None = None) -> BatchResult:
    """Load, check in parallel and assemble a report equal to :func:`build_report`'s."""
    tally = _Tally()
    results = list(check_paths(paths, rules, as_of=as_of, waivers=waivers, services=services,
                               load_options=load_options, options=options, tally=tally))
    results.sort(key=lambda r: r.source_file)  # stable: records keep their order in the file
    report = Report(mcqa_version=mcqa_version, as_of=as_of.isoformat(),
                    packs=pack_infos(rules),
                    data_versions=dict(sorted((data_versions or {}).items())),
                    records=tuple(results),
                    waiver_notes=waiver_notes(waivers, tally.used_waivers, as_of))
    return BatchResult(report=report, counts=tally.freeze())


class StreamedRun(BaseModel):
    """What a streamed check leaves behind once its report is written."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    summary: Summary
    exit_codes: dict[str, int] = Field(description="Exit code per --fail-on severity.")
    input_errors: tuple[str, ...] = Field(description="Input-error messages, in order.")
    counts: BatchCounts
    data_versions: dict[str, str] = Field(default_factory=dict)


def _piece(res: RecordResult, fragment: Callable[[RecordResult], str]
           ) -> tuple[str, RecordTally, str | None]:
    """Worker-side projection for :func:`stream_report`: the record's fragment in the
    report's format, its counts and its input error."""
    return fragment(res), res.tally(), res.input_error


def stream_report(paths: Sequence[Path], rules: RuleSet, out: IO[str], *, fmt: str = "json",
                  render_options: dict[str, Any] | None = None, as_of: date,
                  waivers: tuple[Waiver, ...] = (), load_options: Any = None,
                  options: BatchOptions | None = None, mcqa_version: str,
                  data_versions: dict[str, str] | None = None,
                  services: dict[str, Any] | None = None) -> StreamedRun:
    """Check ``paths`` and write the report in ``fmt`` (a key of
    :data:`mcqa.render.STREAMS`) to ``out`` as records are checked.

    Byte-identical to rendering :func:`run_batch`'s report, in memory that does
    not grow with the catalogue: workers render each record's fragment and its
    counts, the main process writes and adds up.
    """
    from mcqa.render import get_stream

    stream_cls = get_stream(fmt)
    opts = render_options or {}
    tally = _Tally()
    totals = Totals()
    errors: list[str] = []
    head = Report(mcqa_version=mcqa_version, as_of=as_of.isoformat(), packs=pack_infos(rules),
                  data_versions=dict(sorted((data_versions or {}).items())), records=())
    writer = stream_cls(out, head, **opts)
    project = partial(_piece, fragment=stream_cls.fragment_maker(**opts))
    for fragment, record_tally, error in check_paths(
            paths, rules, as_of=as_of, waivers=waivers, services=services,
            load_options=load_options, options=options, tally=tally, project=project):
        writer.add(fragment)
        totals.add(record_tally)
        if error is not None:
            errors.append(error)
    summary = totals.summary()
    writer.close(waiver_notes(waivers, tally.used_waivers, as_of), summary)
    return StreamedRun(summary=summary,
                       exit_codes={s.value: totals.exit_code(s) for s in Severity},
                       input_errors=tuple(errors), counts=tally.freeze(),
                       data_versions=head.data_versions)


def stream_json_report(paths: Sequence[Path], rules: RuleSet, out: IO[str], *, as_of: date,
                       **kwargs: Any) -> StreamedRun:
    """:func:`stream_report` in JSON."""
    return stream_report(paths, rules, out, fmt="json", as_of=as_of, **kwargs)


@contextmanager
def _setup(packs: Sequence[str], waivers_file: Path | None, esco_db: Path | None,
           use_default_esco: bool, country: str | None = None, esco_lang: str | None = None
           ) -> Iterator[tuple[RuleSet, tuple[Waiver, ...], dict[str, Any]]]:
    """Rules, waivers, services and report identity shared by the library entry points;
    services (an ESCO index) are closed afterwards."""
    from mcqa import __version__
    from mcqa.api import data_versions, rule_services
    from mcqa.engine.waivers import load_waivers
    from mcqa.packs import resolve_packs

    rules = resolve_packs(packs or ("eu-2022",), country=country)
    waivers = load_waivers(waivers_file) if waivers_file else ()
    services = rule_services(rules, esco_db=esco_db, use_default_esco=use_default_esco,
                             esco_lang=esco_lang)
    try:
        yield rules, waivers, {"mcqa_version": __version__, "services": services,
                               "data_versions": data_versions(services)}
    finally:
        for service in services.values():
            service.close()


def check_batch(paths: Sequence[Path], packs: Sequence[str] = ("eu-2022",), *,
                as_of: date | None = None, waivers_file: Path | None = None,
                load_options: Any = None, options: BatchOptions | None = None,
                esco_db: Path | None = None, use_default_esco: bool = True,
                country: str | None = None, esco_lang: str | None = None) -> BatchResult:
    """Library entry point mirroring :func:`mcqa.api.check`, with counts and workers.
    ``esco_lang``: language of the ESCO labels in findings, where the index has it."""
    with _setup(packs, waivers_file, esco_db, use_default_esco, country,
                esco_lang) as (rules, waivers, ident):
        return run_batch(paths, rules, as_of=as_of or date.today(), waivers=waivers,
                         load_options=load_options, options=options, **ident)


def check_each(paths: Sequence[Path], on_result: Callable[[RecordResult], None],
               packs: Sequence[str] = ("eu-2022",), *, as_of: date | None = None,
               waivers_file: Path | None = None, load_options: Any = None,
               options: BatchOptions | None = None, esco_db: Path | None = None,
               use_default_esco: bool = True, esco_lang: str | None = None
               ) -> tuple[Report, Summary, BatchCounts]:
    """Check ``paths`` and hand each result to ``on_result`` in report order, keeping none:
    returns the report's head (no records; waiver notes set), its summary and the count.

    The head with the results put in as its records is :func:`check_batch`'s report.
    """
    with _setup(packs, waivers_file, esco_db, use_default_esco,
                esco_lang=esco_lang) as (rules, waivers, ident):
        day = as_of or date.today()
        tally = _Tally()
        totals = Totals()
        for res in check_paths(paths, rules, as_of=day, waivers=waivers,
                               services=ident["services"], load_options=load_options,
                               options=options, tally=tally):
            totals.add(res.tally())
            on_result(res)
        head = Report(mcqa_version=ident["mcqa_version"], as_of=day.isoformat(),
                      packs=pack_infos(rules), data_versions=dict(sorted(
                          ident["data_versions"].items())), records=(),
                      waiver_notes=waiver_notes(waivers, tally.used_waivers, day))
        return head, totals.summary(), tally.freeze()


def check_to_stream(paths: Sequence[Path], out: IO[str], packs: Sequence[str] = ("eu-2022",),
                    *, fmt: str = "json", render_options: dict[str, Any] | None = None,
                    as_of: date | None = None, waivers_file: Path | None = None,
                    load_options: Any = None, options: BatchOptions | None = None,
                    esco_db: Path | None = None, use_default_esco: bool = True,
                    country: str | None = None, esco_lang: str | None = None) -> StreamedRun:
    """:func:`check_batch` writing its report in ``fmt`` (json, text, md) to ``out`` as it
    goes (flat memory)."""
    with _setup(packs, waivers_file, esco_db, use_default_esco, country,
                esco_lang) as (rules, waivers, ident):
        return stream_report(paths, rules, out, fmt=fmt, render_options=render_options,
                             as_of=as_of or date.today(), waivers=waivers,
                             load_options=load_options, options=options, **ident)


def check_to_json(paths: Sequence[Path], out: IO[str], packs: Sequence[str] = ("eu-2022",),
                  **kwargs: Any) -> StreamedRun:
    """:func:`check_to_stream` in JSON."""
    return check_to_stream(paths, out, packs, fmt="json", **kwargs)


SKIPPED = NN_("skipped {n} file that is not a credential or catalogue: {names}",
              "skipped {n} files that are not credentials or catalogues: {names}")
MORE = N_("{names}, and {more} more")
EXCLUDED = NN_("{n} file left out by --include/--exclude",
               "{n} files left out by --include/--exclude")
NO_RECORDS_HINT = N_("give a folder or files holding credentials (ELM, Open Badges, CLR, CTDL, "
                     "descriptors) or catalogues (XLSX, CSV, JSON Lines) with data rows")


def skipped_line(counts: BatchCounts, lang: str = DEFAULT_LANG) -> str | None:
    """One line naming the files of the folders that were not read (in ``lang``), or
    ``None``."""
    parts = []
    if counts.skipped_files:
        more = counts.skipped_files - len(counts.skipped_examples)
        names = ", ".join(counts.skipped_examples)
        if more:
            names = _(MORE, lang, names=names, more=more)
        parts.append(ngettext(*SKIPPED, counts.skipped_files, lang, names=names))
    if counts.excluded_files:
        parts.append(ngettext(*EXCLUDED, counts.excluded_files, lang))
    return "; ".join(parts) or None


def no_records_error(paths: Sequence[Path], counts: BatchCounts, *,
                     unreadable_count: bool = True, lang: str = DEFAULT_LANG
                     ) -> InputError | None:
    """The error of a run that found nothing to check: an empty folder, a folder of PDFs
    and images (``None`` when some record was read). An unreadable file, or a document
    reported as not a micro-credential, already says why it gave no record, so it counts as
    something read unless ``unreadable_count`` is false (a benchmark of no record is
    nothing, whatever the reason). The hint is written in ``lang``; the message is
    translated where the error is shown."""
    if counts.read_records or (unreadable_count and (counts.read_problems
                                                     or counts.read_skipped)):
        return None
    names = ", ".join(str(p) for p in paths[:3]) + (" ..." if len(paths) > 3 else "")
    seen = skipped_line(counts, lang)
    hint = _(NO_RECORDS_HINT, lang)
    return InputError(f"no micro-credentials found in {names}",
                      hint=f"{seen}; {hint}" if seen else hint)


def nothing_to_read(paths: Sequence[Path], options: Any = None,
                    lang: str = DEFAULT_LANG) -> InputError | None:
    """The error for paths that hold no file that could be a credential or catalogue (an
    empty folder, a folder of PDFs and images), found before anything is written; stops
    looking at the first candidate."""
    from mcqa.loaders import candidate_files

    tally = _Tally()
    if next(iter(candidate_files(paths, options, tally.skip)), None) is not None:
        return None
    return no_records_error(paths, tally.freeze(), lang=lang)
