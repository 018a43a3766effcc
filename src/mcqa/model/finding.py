"""Findings: one rule applied to one record, with its verdict and its evidence."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mcqa.model.record import SourceRef


class Severity(StrEnum):
    """How much a failed rule matters; ordered error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """3 for error, 2 for warning, 1 for info (for thresholds and sorting)."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Status(StrEnum):
    """Outcome of a rule on a record. Passes are kept: a dossier needs evidence.

    ``review``: the element has no structured value, but the credential states
    something about it in free text (a description, a criteria narrative, an
    endorsement). The finding quotes that text and asks a person to confirm;
    it is neither a pass nor a failure, and never makes a record GAPS: telling a
    provider an element is missing when the credential states it in prose is the
    worst mistake an auditing tool can make.

    ``withheld``: the element is selectively disclosable (SD-JWT VC) and the holder did not
    disclose it in this presentation: the issuer-signed credential holds undisclosed
    digests where it would be. The finding names that digest location and asks for a
    presentation that discloses it; it is neither "missing" nor a pass, and never makes
    a record GAPS (the credential may well state it).
    """

    PASS = "pass"
    FAIL = "fail"
    REVIEW = "review"
    WITHHELD = "withheld"
    NOT_APPLICABLE = "not_applicable"
    UNVERIFIABLE = "unverifiable"
    WAIVED = "waived"
    ERROR = "error"


class Citation(BaseModel):
    """Where the rule comes from: document, annex/article locator, URL."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    document: str
    locator: str
    url: str | None = None
    confidence: Literal["confirmed", "confirmed-mirror", "secondary", "unconfirmed"] | None = Field(
        default=None,
        description="How firmly the source text was confirmed: confirmed (read in the official "
        "text), confirmed-mirror (the official wording read in a faithful mirror of the "
        "gazette), secondary (a summary by another body), unconfirmed.",
    )

    def display(self) -> str:
        """``document, locator``."""
        return f"{self.document}, {self.locator}"


class WaiverRef(BaseModel):
    """The waiver that turned a failure into ``waived``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    justification: str
    approver: str
    expires: str | None = None


class Finding(BaseModel):
    """The verdict of one rule on one record, stamped with its context by the engine."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    record_id: str
    source_file: str
    rule_id: str
    pack_id: str
    pack_version: str
    element: str | None = Field(default=None, description="Annex I element key, if any.")
    severity: Severity
    status: Status
    title: str = Field(default="", description="Short name of the rule.")
    message: str = Field(description="What was found (for a pass: what was confirmed).")
    remedy: str | None = Field(default=None, description="What to change; empty on pass.")
    evidence_request: str | None = Field(
        default=None, description="For unverifiable, review and withheld findings: what "
                                  "evidence to ask for, what the auditor should confirm, or "
                                  "what to ask the holder to disclose."
    )
    citation: Citation
    location: SourceRef | None = Field(default=None, description="Where the engine looked.")
    observed: str | None = Field(default=None, description="The value judged, abbreviated.")
    waiver: WaiverRef | None = None

    def sort_key(self) -> tuple[str, str, str, str, str]:
        """Deterministic order: file, record, pack, rule, location."""
        loc = self.location.locator if self.location else ""
        return (self.source_file, self.record_id, self.pack_id, self.rule_id, loc)
