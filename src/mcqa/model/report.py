"""The report: findings per record plus everything needed to reproduce them.

Counts, ``conforms`` and the exit code are computed here and only here;
renderers read them, the CLI uses :meth:`Report.exit_code`.
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

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


class WaiverNote(_Frozen):
    """A waiver that did not apply as written: never used, or expired."""

    rule: str
    records: str
    status: Literal["unused", "expired"]
    expires: str | None = None
    approver: str


class RecordResult(_Frozen):
    """All findings for one record, or the input error that stood in for it."""

    record_id: str
    source_file: str
    source_format: str | None = None
    title: str | None = None
    provider_id: str | None = None
    provider_name: str | None = None
    record_kind: str | None = None
    parent_id: str | None = None
    input_error: str | None = Field(default=None, description="Set when the record was unreadable.")
    findings: tuple[Finding, ...] = ()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def outcome(self) -> Literal["conforms", "gaps", "input_error"]:
        """conforms: no unwaived error-severity failure; input_error: unreadable."""
        if self.input_error is not None or any(f.status == Status.ERROR for f in self.findings):
            return "input_error"
        if any(f.status == Status.FAIL and f.severity == Severity.ERROR for f in self.findings):
            return "gaps"
        return "conforms"


    @computed_field  # type: ignore[prop-decorator]
    @property
    def counts(self) -> dict[str, int]:
        """Findings of this record by status."""
        c = Counter(f.status.value for f in self.findings)
        return {s.value: c[s.value] for s in Status}


class Summary(_Frozen):
    """Counts over the whole report (records in = records out)."""

    records: int
    conforming: int
    with_gaps: int
    input_errors: int
    findings_by_status: dict[str, int]
    failures_by_severity: dict[str, int]


class Report(_Frozen):
    """The result of checking some inputs against some packs on a given date."""

    tool: Literal["mcqa"] = "mcqa"
    report_version: Literal["1"] = "1"
    mcqa_version: str
    as_of: str = Field(description="Audit date used for date rules (ISO 8601).")
    packs: tuple[PackInfo, ...]
    data_versions: dict[str, str] = Field(default_factory=dict)
    records: tuple[RecordResult, ...]
    waiver_notes: tuple[WaiverNote, ...] = ()

    @computed_field  # type: ignore[prop-decorator]
    @property
    def summary(self) -> Summary:
        """Counts by outcome, status and failed severity."""
        outcomes = Counter(r.outcome for r in self.records)
        statuses: Counter[str] = Counter()
        failed: Counter[str] = Counter()
        for r in self.records:
            for f in r.findings:
                statuses[f.status.value] += 1
                if f.status == Status.FAIL:
                    failed[f.severity.value] += 1
        return Summary(
            records=len(self.records),
            conforming=outcomes["conforms"],
            with_gaps=outcomes["gaps"],
            input_errors=outcomes["input_error"],
            findings_by_status={s.value: statuses[s.value] for s in Status},
            failures_by_severity={s.value: failed[s.value] for s in Severity},
        )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def conforms(self) -> bool:
        """True when every record is readable and has no unwaived error-severity failure."""
        return all(r.outcome == "conforms" for r in self.records)

    def exit_code(self, fail_on: Severity = Severity.ERROR) -> int:
        """0 conforms; 1 failures at or above ``fail_on``; 2 unreadable input."""
        if any(r.outcome == "input_error" for r in self.records):
            return 2
        for r in self.records:
            for f in r.findings:
                if f.status == Status.FAIL and f.severity.rank >= fail_on.rank:
                    return 1
        return 0
