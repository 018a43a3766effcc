"""Selection and ordering shared by the human-readable renderers (no computation)."""

from __future__ import annotations

from mcqa.model import Finding, Status

ORDER = {Status.ERROR: 0, Status.FAIL: 1, Status.REVIEW: 2, Status.UNVERIFIABLE: 3,
         Status.WAIVED: 4, Status.PASS: 5, Status.NOT_APPLICABLE: 6}
SEV = {"error": 0, "warning": 1, "info": 2}
NOT_GAPS = (Status.PASS, Status.NOT_APPLICABLE, Status.UNVERIFIABLE)
"""Statuses listed elsewhere (passes, evidence requests) or not at all; every other status
(failures, errors, findings to confirm, waivers, and one added later) is listed with the gaps."""


def gaps(findings: tuple[Finding, ...]) -> list[Finding]:
    """Failures, errors, findings to confirm (stated only as free text) and waivers,
    most severe first."""
    return sorted((f for f in findings if f.status not in NOT_GAPS),
                  key=lambda f: (ORDER.get(f.status, 2), SEV[f.severity.value], f.rule_id))


def evidence(findings: tuple[Finding, ...]) -> list[Finding]:
    """Unverifiable findings: the evidence an auditor should request."""
    return sorted((f for f in findings if f.status == Status.UNVERIFIABLE),
                  key=lambda f: f.rule_id)


def passes(findings: tuple[Finding, ...]) -> list[Finding]:
    """Passed rules, by id."""
    return sorted((f for f in findings if f.status == Status.PASS), key=lambda f: f.rule_id)


def where(f: Finding) -> str:
    """Where the engine looked, as ``file#pointer`` (absent marked)."""
    return f.location.display() if f.location else f.source_file
