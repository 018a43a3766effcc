"""Waivers: an approved, justified, dated exception to one rule for some records.

A waived finding stays in the report with status ``waived`` and its
justification. An expired waiver no longer applies (the finding returns) and
is reported, and so is a waiver that matched nothing. Failures, unverifiable
findings and elements withheld by the holder can be waived (a relying party may
accept a presentation without, say, the learner's name); findings to review
cannot (a person confirms those).
"""

from __future__ import annotations

import fnmatch
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mcqa.errors import ConfigError
from mcqa.model import Finding, Status, WaiverRef
from mcqa.model.report import WaiverNote


class Waiver(BaseModel):
    """One waiver entry."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(description="Rule id the waiver applies to.")
    records: str = Field(default="*", description="Glob over record id or source file.")
    justification: str = Field(min_length=10)
    approver: str = Field(min_length=2)
    expires: date | None = None

    def matches(self, finding: Finding) -> bool:
        """Same rule, and the record id or file matches the glob."""
        return finding.rule_id == self.rule and (
            fnmatch.fnmatchcase(finding.record_id, self.records)
            or fnmatch.fnmatchcase(finding.source_file, self.records)
        )


class WaiverFile(BaseModel):
    """The waivers file: ``waivers: [...]``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    waivers: tuple[Waiver, ...]


MAX_WAIVER_BYTES = 4 * 1024 * 1024
"""Largest waivers file read (thousands of waivers are a few hundred kB)."""


def load_waivers(path: Path) -> tuple[Waiver, ...]:
    """Read and validate a waivers YAML file (bounded: see :func:`mcqa._yaml.load_aux`)."""
    from mcqa._yaml import line_of, load_aux
    from mcqa.fsguard import display_name

    data, text = load_aux(path, what="waivers file", error=ConfigError,
                          limit=MAX_WAIVER_BYTES)
    try:
        return WaiverFile.model_validate(data).waivers
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = "/" + "/".join(str(p) for p in err["loc"])
        line = line_of(text, err["loc"]) if isinstance(data, dict) else None
        raise ConfigError(err["msg"][:200], file=display_name(path),
                          location=f"line {line} ({loc})" if line else loc,
                          hint="each waiver needs rule, records, justification, approver, "
                          "and optionally expires (YYYY-MM-DD)") from None


_WAIVABLE = (Status.FAIL, Status.UNVERIFIABLE, Status.WITHHELD)


def apply_waivers(findings: list[Finding], waivers: tuple[Waiver, ...], as_of: date,
                  used: set[int]) -> list[Finding]:
    """Mark failing, unverifiable or withheld findings covered by a live waiver as waived;
    note used waivers."""
    if not waivers:
        return findings
    out = []
    for f in findings:
        if f.status in _WAIVABLE:
            for i, w in enumerate(waivers):
                if w.matches(f):
                    used.add(i)
                    if w.expires is None or w.expires >= as_of:
                        f = f.model_copy(update={
                            "status": Status.WAIVED,
                            "waiver": WaiverRef(justification=w.justification,
                                                approver=w.approver,
                                                expires=w.expires.isoformat() if w.expires else None),
                        })
                    break
        out.append(f)
    return out


def waiver_notes(waivers: tuple[Waiver, ...], used: set[int], as_of: date) -> tuple[WaiverNote, ...]:
    """Unused and expired waivers, for the report."""
    notes = []
    for i, w in enumerate(waivers):
        expired = w.expires is not None and w.expires < as_of
        if i not in used or expired:
            notes.append(WaiverNote(rule=w.rule, records=w.records,
                                    status="expired" if expired else "unused",
                                    expires=w.expires.isoformat() if w.expires else None,
                                    approver=w.approver))
    return tuple(notes)
