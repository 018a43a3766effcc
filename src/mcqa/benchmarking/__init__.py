"""Benchmarking: compare providers (or files, formats) on Annex I coverage and findings.

Why from findings, not record values: the element-presence rules
EU-AI-M01..EU-AI-M11 already encode what "present" means for each mandatory
element (e.g. a level is present when EQF, NQF or QF-EHEA is stated *or* the
provider says none applies; learner and issue date are not applicable to a
programme specification). Re-deriving presence from record values would
create a second, diverging definition. So an element counts as

* **present** when its presence rule passed (or was waived), or when the element is
  stated only as free text (status *review*: the benefit of the doubt, because calling
  a stated element missing is the worse error); these are also counted separately
  per element and group as *needs review*,
* **absent** when it failed (or could not be evaluated),
* **withheld** (left out of the denominator, counted per element and group) when the holder
  of a wallet presentation did not disclose it: it is neither present nor missing,
* **not applicable** (left out of the denominator) when the rule did not apply.

An unreadable record counts as all eleven elements absent: a ministry must
see that it received nothing usable.

Score (0-100, also in docs/benchmark.md and every report)::

    score = 100 x (0.7 x mandatory_coverage + 0.3 x conforming_share)

``mandatory_coverage`` = present / applicable over all records of the group;
``conforming_share`` = records with no unwaived error-severity failure and
no input error / records. Ranking: score descending, then more records, then
name. The builder consumes results one at a time, so a 100k-row catalogue is
benchmarked in bounded memory (plus the optional failure listing).
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import Field, PrivateAttr

from mcqa.batch import BatchCounts, BatchOptions
from mcqa.marks import N_
from mcqa.model import MANDATORY_ELEMENTS, Severity, Status
from mcqa.model.base import FrozenModel as _Frozen
from mcqa.model.report import PackInfo, RecordResult

__all__ = [
    "FAILURE_COLUMNS",
    "FORMULA",
    "READ_RULE",
    "Benchmark",
    "BenchmarkBuilder",
    "ElementCoverage",
    "GroupBy",
    "GroupStats",
    "benchmark_results",
    "run_benchmark",
]

GroupBy = Literal["provider", "file", "format"]

PRESENCE_RULE = re.compile(r"^EU-AI-M(0[1-9]|1[01])$")
"""The eleven element-presence rules of the eu-2022 pack (sub-rules like M03a excluded)."""

W_COVERAGE, W_CONFORMING = 0.7, 0.3
FORMULA = N_("score = 100 x ({coverage} x mandatory_coverage + {conforming} x "
             "conforming_share); mandatory_coverage = Annex I mandatory elements present / "
             "applicable (presence rules EU-AI-M01..M11; unreadable records count as all "
             "absent); conforming_share = records without unwaived error-severity failures or "
             "input errors / records").format(coverage=W_COVERAGE, conforming=W_CONFORMING)

BINS: tuple[str, ...] = tuple(f"{i * 10}-{i * 10 + 10}%" for i in range(10))
"""Histogram bins of per-record coverage; the last bin includes 100%."""

FAILURE_COLUMNS: tuple[str, ...] = ("group", "record_id", "title", "source_file", "rule_id",
                                    "severity", "element", "message", "found", "remedy",
                                    "citation", "location")
READ_RULE = "MCQA-READ"
"""The rule id of the failure row an unreadable record gets."""
MAX_FAILURE_ROWS = 1_048_575
"""Excel's row limit minus the header: failures beyond it are counted, not listed."""

UNKNOWN = N_("(provider not stated)")




class ElementCoverage(_Frozen):
    """How often one mandatory element is present in a group."""

    element: str
    present: int
    review: int = Field(default=0, description="Of ``present``: stated only as free text, "
                                               "to be confirmed by a person.")
    withheld: int = Field(default=0, description="Not disclosed by the holder (not in "
                                                 "``present`` nor ``applicable``).")
    applicable: int
    share: float | None = Field(description="present / applicable, 4 decimals; None if 0/0.")


class GroupStats(_Frozen):
    """Everything the benchmark says about one provider (or file/format), or overall."""

    key: str
    records: int
    input_errors: int
    conforming: int
    needs_review: int = Field(default=0, description="Records with an element stated only "
                                                     "as free text.")
    withheld: int = Field(default=0, description="Records with an element withheld by the "
                                                 "holder (wallet presentations).")
    coverage: float = Field(description="Mandatory elements present / applicable.")
    conforming_share: float
    score: float = Field(description="See FORMULA; 0-100, 1 decimal.")
    rank: int = Field(description="1 = best; 0 for the overall row.")
    elements: tuple[ElementCoverage, ...]
    fails_by_severity: dict[str, int]
    fails_by_rule: dict[str, int]
    coverage_histogram: tuple[int, ...] = Field(description="Records per BINS bin.")


class Benchmark(_Frozen):
    """The comparison across groups, ready for rendering."""

    group_by: GroupBy
    as_of: str
    packs: tuple[PackInfo, ...]
    formula: str = FORMULA
    bins: tuple[str, ...] = BINS
    elements: tuple[str, ...] = MANDATORY_ELEMENTS
    groups: tuple[GroupStats, ...] = Field(description="Ranked, best first.")
    overall: GroupStats
    skipped: int = Field(default=0, description="Documents that are not micro-credentials "
                                                "(not counted in any group).")
    failures: tuple[tuple[str, ...], ...] = Field(
        default=(), description="One row per failed finding, columns FAILURE_COLUMNS "
                                "(empty when the rows were spooled to disk; see iter_failures).")
    failures_truncated: int = Field(default=0, description="Failures not listed (row limit).")
    rule_names: dict[str, str] = Field(default_factory=dict,
                                       description="Rule id -> dotted name, for failed rules.")
    _spool: FailureSpool | None = PrivateAttr(default=None)

    @property
    def failures_listed(self) -> int:
        """How many failure rows :meth:`iter_failures` yields."""
        return self._spool.count if self._spool is not None else len(self.failures)

    def iter_failures(self) -> Iterator[tuple[str, ...]]:
        """Failure rows in report order: group, file, record, rule, location."""
        if self._spool is not None:
            yield from self._spool.rows()
        else:
            yield from self.failures


class FailureSpool:
    """Failure rows on disk (a private temporary SQLite database), read back sorted.

    A national catalogue can have a million failures; holding them as Python
    tuples would cost gigabytes, SQLite keeps them in a temporary file and
    sorts them there. Ties keep insertion order (``rowid``), as a stable sort
    would; text compares by code point in both (UTF-8 byte order).
    """

    _FLUSH = 5000

    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # "" = temporary on-disk database, deleted on close
        self._db.execute("CREATE TABLE f (k TEXT, rid TEXT, title TEXT, src TEXT, rule TEXT, "
                         "sev TEXT, el TEXT, msg TEXT, found TEXT, remedy TEXT, cite TEXT, "
                         "loc TEXT)")
        self._buffer: list[tuple[str, ...]] = []
        self.count = 0

    def add(self, row: tuple[str, ...]) -> None:
        """Keep one row (columns FAILURE_COLUMNS)."""
        self._buffer.append(row)
        self.count += 1
        if len(self._buffer) >= self._FLUSH:
            self._flush()

    def _flush(self) -> None:
        self._db.executemany("INSERT INTO f VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             self._buffer)
        self._buffer.clear()

    def rows(self) -> Iterator[tuple[str, ...]]:
        """Every row, sorted by group, file, record, rule and location."""
        self._flush()
        yield from self._db.execute("SELECT * FROM f ORDER BY k, src, rid, rule, loc, rowid")


def _ratio(num: int, den: int) -> float:
    return round(num / den, 4) if den else 0.0


@dataclass
class _Acc:
    records: int = 0
    input_errors: int = 0
    conforming: int = 0
    needs_review: int = 0
    withheld_records: int = 0
    present: Counter[str] = field(default_factory=Counter)
    review: Counter[str] = field(default_factory=Counter)
    withheld: Counter[str] = field(default_factory=Counter)
    applicable: Counter[str] = field(default_factory=Counter)
    severity: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    hist: list[int] = field(default_factory=lambda: [0] * len(BINS))

    def stats(self, key: str, rank: int) -> GroupStats:
        present, applicable = sum(self.present.values()), sum(self.applicable.values())
        coverage = _ratio(present, applicable)
        conf = _ratio(self.conforming, self.records)
        score = round(100 * (W_COVERAGE * coverage + W_CONFORMING * conf), 1)
        return GroupStats(
            key=key, records=self.records, input_errors=self.input_errors,
            conforming=self.conforming, needs_review=self.needs_review,
            withheld=self.withheld_records, coverage=coverage,
            conforming_share=conf, score=score, rank=rank,
            elements=tuple(ElementCoverage(
                element=e, present=self.present[e], review=self.review[e],
                withheld=self.withheld[e], applicable=self.applicable[e],
                share=round(self.present[e] / self.applicable[e], 4)
                if self.applicable[e] else None) for e in MANDATORY_ELEMENTS),
            fails_by_severity={s.value: self.severity[s.value] for s in Severity},
            fails_by_rule=dict(sorted(self.rules.items())),
            coverage_histogram=tuple(self.hist))


class RecordDigest(NamedTuple):
    """What the benchmark needs of one record result, and nothing more.

    Made where the record was checked (a batch worker), so the 40-odd
    findings of a record never cross processes: only its presence sets and
    its failures do.
    """

    record_id: str
    title: str | None
    source_file: str
    source_format: str | None
    provider_id: str | None
    provider_name: str | None
    outcome: str
    input_error: str | None
    present: frozenset[str]
    applicable: frozenset[str]
    review: frozenset[str]
    withheld: frozenset[str]
    failures: tuple[tuple[str, str, str, str, str, str, str, str, str], ...]
    """(rule id, severity, element, message, found, remedy, citation, location, rule name)
    per failed finding."""


@lru_cache(maxsize=1024)
def _is_presence(rule_id: str) -> bool:
    return PRESENCE_RULE.match(rule_id) is not None


def digest(res: RecordResult) -> RecordDigest:
    """Reduce a record result to its :class:`RecordDigest`."""
    present: set[str] = set()
    applicable: set[str] = set(MANDATORY_ELEMENTS) if res.input_error is not None else set()
    review: set[str] = set()
    withheld: set[str] = set()
    failures: list[tuple[str, str, str, str, str, str, str, str, str]] = []
    for f in res.findings:
        if f.element and _is_presence(f.rule_id):
            if f.status in (Status.PASS, Status.WAIVED, Status.REVIEW):
                present.add(f.element)
                applicable.add(f.element)
                if f.status == Status.REVIEW:
                    review.add(f.element)
            elif f.status in (Status.FAIL, Status.ERROR):
                applicable.add(f.element)
            elif f.status == Status.WITHHELD:
                withheld.add(f.element)
        if f.status == Status.FAIL:
            failures.append((f.rule_id, f.severity.value, f.element or "", f.message,
                             f.observed or "", f.remedy or "", f.citation.display(),
                             f.location.display() if f.location else "", f.title))
    return RecordDigest(res.record_id, res.title, res.source_file, res.source_format,
                        res.provider_id, res.provider_name, res.outcome, res.input_error,
                        frozenset(present), frozenset(applicable), frozenset(review),
                        frozenset(withheld - present - applicable), tuple(failures))


class BenchmarkBuilder:
    """Accumulates record results one at a time; :meth:`finish` makes the Benchmark."""

    def __init__(self, group_by: GroupBy = "provider", *, list_failures: bool = True) -> None:
        self.group_by: GroupBy = group_by
        self.list_failures = list_failures
        self._groups: dict[str, _Acc] = {}
        self._overall = _Acc()
        self._failures = FailureSpool()
        self._truncated = 0
        self._names: dict[str, str] = {}
        self._skipped = 0

    def key(self, res: RecordDigest) -> str:
        """The group a record belongs to."""
        if self.group_by == "file":
            return res.source_file
        if self.group_by == "format":
            return res.source_format or "(unreadable)"
        return res.provider_name or res.provider_id or UNKNOWN

    def add(self, res: RecordResult | RecordDigest) -> None:
        """Count one record into its group and into the overall figures."""
        d = res if isinstance(res, RecordDigest) else digest(res)
        if d.outcome == "skipped":  # not a micro-credential: in no group
            self._skipped += 1
            return
        key = self.key(d)
        accs = (self._groups.setdefault(key, _Acc()), self._overall)
        for rule_id, severity, element, message, found, remedy, cite, where, name in d.failures:
            for acc in accs:
                acc.severity[severity] += 1
                acc.rules[rule_id] += 1
            if name:
                self._names.setdefault(rule_id, name)
            if self.list_failures:
                self._list(key, d, rule_id, severity, element, message, found, remedy, cite,
                           where)
        if d.input_error is not None and self.list_failures:
            self._list(key, d, READ_RULE, "error", "", d.input_error, "", "", "",
                       d.source_file)
        share = len(d.present) / len(d.applicable) if d.applicable else 1.0
        bin_ = min(int(share * 10), len(BINS) - 1)
        for acc in accs:
            acc.records += 1
            acc.input_errors += d.outcome == "input_error"
            acc.conforming += d.outcome == "conforms"
            acc.needs_review += bool(d.review)
            acc.present.update(d.present)
            acc.review.update(d.review)
            acc.withheld_records += bool(d.withheld)
            acc.withheld.update(d.withheld)
            acc.applicable.update(d.applicable)
            acc.hist[bin_] += 1

    def _list(self, key: str, res: RecordDigest, *cols: str) -> None:
        if self._failures.count < MAX_FAILURE_ROWS:
            self._failures.add((key, res.record_id, res.title or "", res.source_file, *cols))
        else:
            self._truncated += 1

    def finish(self, *, as_of: str, packs: tuple[PackInfo, ...]) -> Benchmark:
        """Rank the groups and freeze everything into a :class:`Benchmark`."""
        unranked = [acc.stats(k, 0) for k, acc in self._groups.items()]
        unranked.sort(key=lambda g: (-g.score, -g.records, g.key))
        ranked: list[GroupStats] = []
        for i, g in enumerate(unranked):
            same = ranked and ranked[-1].score == g.score
            ranked.append(g.model_copy(update={"rank": ranked[-1].rank if same else i + 1}))
        bm = Benchmark(group_by=self.group_by, as_of=as_of, packs=packs,
                       groups=tuple(ranked), overall=self._overall.stats("overall", 0),
                       failures_truncated=self._truncated, skipped=self._skipped,
                       rule_names=dict(sorted(self._names.items())))
        bm._spool = self._failures
        return bm


def benchmark_results(results: Iterable[RecordResult], *, group_by: GroupBy = "provider",
                      as_of: str, packs: tuple[PackInfo, ...],
                      list_failures: bool = True) -> Benchmark:
    """Benchmark of already-checked results (a Report's records or a batch stream)."""
    builder = BenchmarkBuilder(group_by, list_failures=list_failures)
    for res in results:
        builder.add(res)
    return builder.finish(as_of=as_of, packs=packs)


def run_benchmark(paths: Sequence[Path], packs: Sequence[str] = ("eu-2022",), *,
                  group_by: GroupBy = "provider", as_of: date | None = None,
                  load_options: Any = None, options: BatchOptions | None = None,
                  list_failures: bool = True, esco_db: Path | None = None,
                  use_default_esco: bool = True, waivers_file: Path | None = None
                  ) -> tuple[Benchmark, BatchCounts]:
    """Check ``paths`` with the batch engine and benchmark the results as they stream by.

    No Report is kept: each result is counted into the builder and dropped,
    so memory stays flat however large the catalogue (except the optional
    failure listing for the findings sheet). ESCO rules use ``esco_db``, else the
    installed index, exactly as ``mcqa check`` does (one record, one verdict).
    """
    from mcqa.api import rule_services
    from mcqa.batch import _Tally, check_paths
    from mcqa.engine import pack_infos
    from mcqa.engine.waivers import load_waivers
    from mcqa.packs import resolve_packs

    day = as_of or date.today()
    rules = resolve_packs(packs or ("eu-2022",))
    waivers = load_waivers(waivers_file) if waivers_file is not None else ()
    builder = BenchmarkBuilder(group_by, list_failures=list_failures)
    tally = _Tally()
    services = rule_services(rules, esco_db=esco_db, use_default_esco=use_default_esco)
    try:
        for d in check_paths(paths, rules, as_of=day, waivers=waivers, services=services,
                             load_options=load_options, options=options, tally=tally,
                             project=digest):
            builder.add(d)
    finally:
        for service in services.values():
            service.close()
    return builder.finish(as_of=day.isoformat(), packs=pack_infos(rules)), tally.freeze()
