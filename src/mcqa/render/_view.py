"""Selection and ordering shared by the human-readable renderers (no computation)."""

from __future__ import annotations

from mcqa.model import Finding, Status

ORDER = {Status.ERROR: 0, Status.FAIL: 1, Status.WITHHELD: 2, Status.REVIEW: 3,
         Status.UNVERIFIABLE: 4, Status.WAIVED: 5, Status.PASS: 6, Status.NOT_APPLICABLE: 7}
SEV = {"error": 0, "warning": 1, "info": 2}
NOT_GAPS = (Status.PASS, Status.NOT_APPLICABLE, Status.UNVERIFIABLE)
"""Statuses listed elsewhere (passes, evidence requests) or not at all; every other status
(failures, errors, findings to confirm, waivers, and one added later) is listed with the gaps."""


def gaps(findings: tuple[Finding, ...]) -> list[Finding]:
    """Failures, errors, elements withheld by the holder, findings to confirm (stated only
    as free text) and waivers, most severe first."""
    return sorted((f for f in findings if f.status not in NOT_GAPS),
                  key=lambda f: (ORDER.get(f.status, 2), SEV[f.severity.value], f.rule_id))


def evidence(findings: tuple[Finding, ...]) -> list[Finding]:
    """Unverifiable findings: the evidence an auditor should request."""
    return sorted((f for f in findings if f.status == Status.UNVERIFIABLE),
                  key=lambda f: f.rule_id)


def passes(findings: tuple[Finding, ...]) -> list[Finding]:
    """Passed rules, by id."""
    return sorted((f for f in findings if f.status == Status.PASS), key=lambda f: f.rule_id)


def where(f: Finding, lang: str = "en") -> str:
    """Where the engine looked, as ``file#pointer`` (absent marked, in ``lang``)."""
    from mcqa.i18n import localize_text

    text = f.location.display() if f.location else f.source_file
    return localize_text(text, lang) or text


def disclosed(findings: tuple[Finding, ...]) -> list[tuple[str, str]]:
    """(element, where its value was read) for every Annex I element some rule passed on,
    in Annex I order: for a wallet presentation, which disclosure each element came from."""
    from mcqa.model import ELEMENTS

    first: dict[str, str] = {}
    for f in sorted(findings, key=lambda f: f.rule_id):
        if f.status == Status.PASS and f.element and f.element not in first and f.location \
                and f.location.present and f.location.locator:
            first[f.element] = f.location.locator
    return [(e, first[e]) for e in ELEMENTS if e in first]
