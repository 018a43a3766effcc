"""The report: findings per record plus everything needed to reproduce them.

Counts, ``conforms`` and the exit code are computed here and only here;
renderers read them, the CLI uses :meth:`Report.exit_code`.
"""

from __future__ import annotations

from collections import Counter
from typing import Literal, NamedTuple

from pydantic import Field, computed_field

from mcqa.model.base import FrozenModel as _Frozen
from mcqa.model.finding import Finding, Severity, Status


class PackInfo(_Frozen):
    """Which pack (and version) produced findings."""

    id: str
    version: str
    title: str
    source_document: str
    source_url: str
    applied: str = Field(default="requested",
                         description="Why the pack ran: 'requested', 'extended by <pack>', "
                                     "'--country <code>', or '--country auto: records "
                                     "awarded in <codes>'.")


class WaiverNote(_Frozen):
    """A waiver that did not apply as written: never used, or expired."""

    rule: str
    records: str
    status: Literal["unused", "expired"]
    expires: str | None = None
    approver: str


class RecordResult(_Frozen):
    """All findings for one record, the input error that stood in for it, or the note
    that the document is not a micro-credential (``skipped``)."""

    record_id: str
    source_file: str
    source_format: str | None = None
    title: str | None = None
    provider_id: str | None = None
    provider_name: str | None = None
    record_kind: str | None = None
    parent_id: str | None = None
    input_error: str | None = Field(default=None, description="Set when the record was unreadable.")
    skipped: str | None = Field(default=None, description="Set when the document is not a "
                                "micro-credential: what it is. Not checked, not an error.")
    findings: tuple[Finding, ...] = ()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def outcome(self) -> Outcome:
        """conforms: no unwaived error-severity failure; input_error: unreadable;
        skipped: not a micro-credential. Findings needing review and elements withheld by
        the holder never make gaps."""
        if self.skipped is not None:
            return "skipped"
        if self.input_error is not None:
            return "input_error"
        gaps = False
        for f in self.findings:  # one pass: this runs for every record of a national run
            status = f.status
            if status == Status.ERROR:
                return "input_error"
            if status == Status.FAIL and f.severity == Severity.ERROR:
                gaps = True
        return "gaps" if gaps else "conforms"

    @property
    def failed_warnings(self) -> int:
        """Failed rules of severity warning ("CONFORMS, with 3 warnings"); not serialised."""
        return sum(1 for f in self.findings
                   if f.status == Status.FAIL and f.severity == Severity.WARNING)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def counts(self) -> dict[str, int]:
        """Findings of this record by status."""
        c = Counter(f.status.value for f in self.findings)
        return {s.value: c[s.value] for s in Status}

    def failed_by_severity(self) -> dict[str, int]:
        """Unwaived failures of this record by severity (for "CONFORMS, with 3 warnings")."""
        c = Counter(f.severity.value for f in self.findings if f.status == Status.FAIL)
        return {s.value: c[s.value] for s in Severity}

    def tally(self) -> RecordTally:
        """What the report totals need of this record (see :class:`Totals`).

        One pass over the findings (this runs once per record of a national run);
        the outcome follows from the counts exactly as :attr:`outcome` defines it.
        """
        statuses = [0] * len(_STATUS_INDEX)
        failed = [0] * len(_SEVERITY_INDEX)
        fail = Status.FAIL
        for f in self.findings:
            status = f.status
            statuses[_STATUS_INDEX[status]] += 1
            if status == fail:
                failed[_SEVERITY_INDEX[f.severity]] += 1
        if self.skipped is not None:
            outcome = "skipped"
        elif self.input_error is not None or statuses[_STATUS_INDEX[Status.ERROR]]:
            outcome = "input_error"
        elif failed[_SEVERITY_INDEX[Severity.ERROR]]:
            outcome = "gaps"
        else:
            outcome = "conforms"
        return RecordTally(outcome, tuple(statuses), tuple(failed))


Outcome = Literal["conforms", "gaps", "input_error", "skipped"]
"""A record's verdict; ``skipped`` documents are not micro-credentials and are not counted
as records."""


_STATUS_INDEX = {s: i for i, s in enumerate(Status)}
_REVIEW = _STATUS_INDEX[Status.REVIEW]
_WITHHELD = _STATUS_INDEX[Status.WITHHELD]
_SEVERITY_INDEX = {s: i for i, s in enumerate(Severity)}


class RecordTally(NamedTuple):
    """One record reduced to counts: outcome, findings per status, failures per severity
    (both in enum order). Small enough to send between processes by the million."""

    outcome: str
    statuses: tuple[int, ...]
    failed: tuple[int, ...]


class Totals:
    """Running totals over record results: everything :class:`Summary`, ``conforms``
    and the exit code need, without keeping the records.

    :class:`Report` computes its summary through this class too, so a streamed
    run and an in-memory report cannot disagree.
    """

    def __init__(self) -> None:
        self.records = 0
        self.outcomes: Counter[str] = Counter()
        self.statuses = [0] * len(Status)
        self.failed = [0] * len(Severity)

        self.needs_review = 0
        self.withheld = 0

    def add(self, tally: RecordTally) -> None:
        """Count one record (or skipped document) in."""
        self.outcomes[tally.outcome] += 1
        if tally.outcome == "skipped":
            return
        self.records += 1
        for i, n in enumerate(tally.statuses):
            self.statuses[i] += n
        for i, n in enumerate(tally.failed):
            self.failed[i] += n
        if tally.statuses[_REVIEW]:
            self.needs_review += 1
        if tally.statuses[_WITHHELD]:
            self.withheld += 1

    def summary(self) -> Summary:
        """The report's :class:`Summary`."""
        return Summary(
            records=self.records,
            conforming=self.outcomes["conforms"],
            with_gaps=self.outcomes["gaps"],
            input_errors=self.outcomes["input_error"],
            needs_review=self.needs_review,
            withheld=self.withheld,
            skipped=self.outcomes["skipped"],
            findings_by_status={s.value: n for s, n in zip(Status, self.statuses, strict=True)},
            failures_by_severity={s.value: n for s, n in zip(Severity, self.failed, strict=True)},
        )

    @property
    def conforms(self) -> bool:
        """Every record readable, none with an unwaived error-severity failure."""
        return self.outcomes["conforms"] == self.records

    def exit_code(self, fail_on: Severity = Severity.ERROR) -> int:
        """0 conforms; 1 failures at or above ``fail_on``; 2 unreadable input."""
        if self.outcomes["input_error"]:
            return 2
        failing = any(n for s, n in zip(Severity, self.failed, strict=True)
                      if s.rank >= fail_on.rank)
        return 1 if failing else 0


class Summary(_Frozen):
    """Counts over the whole report (records in = records out)."""

    records: int = Field(description="Micro-credential records (skipped documents excluded).")
    conforming: int
    with_gaps: int
    input_errors: int
    needs_review: int = Field(default=0, description="Records with at least one finding that "
                              "needs review (an element stated only as free text); they are "
                              "also counted as conforming or with gaps.")
    withheld: int = Field(default=0, description="Records (wallet presentations) in which the "
                          "holder withheld at least one checked element; they are also "
                          "counted as conforming or with gaps.")
    skipped: int = Field(default=0, description="Documents that are not micro-credentials.")
    findings_by_status: dict[str, int]
    failures_by_severity: dict[str, int]


class Report(_Frozen):
    """The result of checking some inputs against some packs on a given date."""

    tool: Literal["mcqa"] = "mcqa"
    report_version: Literal["1"] = "1"
    mcqa_version: str
    as_of: str = Field(description="Audit date used for date rules (ISO 8601).")
    lang: str = Field(default="en", description="Language of the messages, remedies and "
                      "evidence requests (ISO 639-1: en, de, fr, es, it, nl, pl); keys, rule "
                      "ids, statuses and identifiers are the same in every language.")
    packs: tuple[PackInfo, ...]
    data_versions: dict[str, str] = Field(default_factory=dict)
    records: tuple[RecordResult, ...]
    waiver_notes: tuple[WaiverNote, ...] = ()

    def totals(self) -> Totals:
        """The records counted into :class:`Totals`."""
        totals = Totals()
        for r in self.records:
            totals.add(r.tally())
        return totals

    @computed_field  # type: ignore[prop-decorator]
    @property
    def summary(self) -> Summary:
        """Counts by outcome, status and failed severity."""
        return self.totals().summary()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def conforms(self) -> bool:
        """True when every record is readable and has no unwaived error-severity failure
        (skipped documents are not records)."""
        return all(r.outcome in ("conforms", "skipped") for r in self.records)

    def exit_code(self, fail_on: Severity = Severity.ERROR) -> int:
        """0 conforms; 1 failures at or above ``fail_on``; 2 unreadable input."""
        return self.totals().exit_code(fail_on)


class ReportTail(_Frozen):
    """The fields a report ends with, for writers that stream the records first
    (same names and order as in :class:`Report`'s JSON)."""

    waiver_notes: tuple[WaiverNote, ...] = ()
    summary: Summary
    conforms: bool
