"""Terminal report with rich tables; every string from the input is made inert."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from typing import IO, Any

from rich.console import Console
from rich.text import Text

from mcqa.model.report import RecordResult, Report, Summary, WaiverNote
from mcqa.render import labels as L
from mcqa.render._safe import terminal_safe as t
from mcqa.render._view import disclosed, evidence, gaps, passes, where

_STATUS_STYLE = {"fail": "bold red", "error": "bold magenta", "waived": "yellow",
                 "unverifiable": "cyan", "pass": "green", "not_applicable": "dim",
                 "review": "bold yellow", "withheld": "bold blue"}
_OUTCOME_STYLE = {"conforms": "bold green", "gaps": "bold red", "input_error": "bold magenta",
                  "skipped": "dim"}


def _console(buf: io.StringIO, color: bool, width: int) -> Console:
    return Console(file=buf, width=width, color_system="standard" if color else None,
                   force_terminal=color, highlight=False, emoji=False, soft_wrap=not color)


def text_head(report: Report, *, color: bool = False, width: int = 120) -> str:
    """The report's first line: version, packs, audit date."""
    buf = io.StringIO()
    packs = ", ".join(f"{p.id} {p.version}" for p in report.packs)
    console = _console(buf, color, width)
    console.print(Text(
        f"mcqa {report.mcqa_version} — packs: {packs} — audit date {report.as_of}", style="bold"))
    for p in report.packs:  # packs nobody asked for by name: say why they ran
        if p.applied != "requested":
            console.print(Text(f"  {p.id}: {t(p.applied)}", style="dim"))
    return buf.getvalue()


def text_record(rec: RecordResult, *, color: bool = False, width: int = 120,
                show_passes: bool = False, show_evidence: bool = True) -> str:
    """One record's block: outcome, counts, each gap with remedy, location and citation.

    Built as one rich Text and printed once: a print per line cost ~40 console
    passes per record, the bulk of writing a national catalogue's report.
    """
    label = L.outcome(rec.outcome, rec.failed_warnings)
    style = _OUTCOME_STYLE.get(rec.outcome, "bold")
    out = Text()
    if rec.skipped is not None:
        where_ = rec.record_id if not rec.record_id.endswith("#") else rec.source_file
        out.append(f"\n{label}", style=style)
        out.append(f"  {t(where_)} — {t(rec.skipped)}", style="dim")
        buf = io.StringIO()
        _console(buf, color, width).print(out)
        return buf.getvalue()
    out.append(f"\n{label}", style=style)
    out.append(f"  {t(rec.title) or '(untitled)'}", style="bold")
    out.append(f"\n  {t(rec.record_id)} — {t(rec.source_file)}"
               f"{' (' + rec.source_format + ')' if rec.source_format else ''}")

    def line(text: str, style: str = "") -> None:
        out.append("\n")
        out.append(text, style=style)

    if rec.input_error:
        line(f"  {t(rec.input_error)}", "magenta")
    else:
        line(f"  {L.counts_line(rec.counts)}")
        if rec.source_format == "sd-jwt-vc":  # a presentation: say where each element came from
            for element, locator in disclosed(rec.findings):
                line(f"  present  {element:<20} {t(locator)}", "green")
        rows = gaps(rec.findings) + (passes(rec.findings) if show_passes else [])
        for f in rows:
            line("  ")
            out.append(f"{f.status.value:<7}", style=_STATUS_STYLE.get(f.status.value, ""))
            out.append(f" {f.severity.value:<7} {f.rule_id:<12} {f.element or '-'}")
            line(f"      {t(f.message)}")
            if f.waiver:
                line(f"      waived by {t(f.waiver.approver)}: {t(f.waiver.justification)}",
                     "yellow")
            elif f.status.value in ("review", "withheld") and f.evidence_request:
                line(f"      ? {t(f.evidence_request)}", "italic")
            elif f.remedy and f.status.value != "pass":
                line(f"      → {t(f.remedy)}", "italic")
            if f.observed:
                line(f"      found: {t(f.observed)}", "dim")
            line(f"      at:    {t(where(f))}", "dim")
            conf = f" [{f.citation.confidence}]" if f.citation.confidence else ""
            line(f"      cites: {t(f.citation.display())}{conf}", "dim")
        if show_evidence:
            for f in evidence(rec.findings):
                line(f"  evidence to request ({f.rule_id}): {t(f.evidence_request)}", "cyan")
    buf = io.StringIO()
    _console(buf, color, width).print(out)
    return buf.getvalue()


def text_tail(summary: Summary, waiver_notes: tuple[WaiverNote, ...], *, color: bool = False,
              width: int = 120) -> str:
    """Closing summary line and the waivers that did not apply."""
    buf = io.StringIO()
    con = _console(buf, color, width)
    s = summary
    review = (f" {s.needs_review} need review (elements stated only as free text)."
              if s.needs_review else "")
    skipped = f" {s.skipped} skipped (not micro-credentials)." if s.skipped else ""
    withheld = (f" {s.withheld} with elements withheld by the holder (not disclosed in the "
                f"presentation)." if s.withheld else "")
    con.print(Text(f"\n{s.records} records: {s.conforming} conform, {s.with_gaps} with gaps, "
                   f"{s.input_errors} input errors.{withheld}{review}{skipped} Failures: "
                   f"{s.failures_by_severity['error']} error, "
                   f"{s.failures_by_severity['warning']} warning, "
                   f"{s.failures_by_severity['info']} info.", style="bold"))
    for n in waiver_notes:
        expired = f", expired {n.expires}" if n.status == "expired" and n.expires else ""
        con.print(Text(f"waiver {n.status}: rule {t(n.rule)} for {t(n.records)} "
                       f"(approver {t(n.approver)}{expired})", style="yellow"))
    return buf.getvalue()


def render_text(report: Report, *, color: bool = False, width: int = 120,
                show_passes: bool = False, show_evidence: bool = True, **_: Any) -> str:
    """Human gap report: per record, failures with citation and location."""
    parts = [text_head(report, color=color, width=width)]
    parts.extend(text_record(rec, color=color, width=width, show_passes=show_passes,
                             show_evidence=show_evidence) for rec in report.records)
    parts.append(text_tail(report.summary, report.waiver_notes, color=color, width=width))
    return "".join(parts)


class TextReportStream:
    """Writes the text report record by record, byte-identical to :func:`render_text`:
    the head first, each block (from :meth:`fragment_maker`, run in batch workers)
    as it arrives, the summary at :meth:`close`."""

    def __init__(self, out: IO[str], head: Report, *, color: bool = False, width: int = 120,
                 **_: Any) -> None:
        self._out, self._color, self._width = out, color, width
        out.write(text_head(head, color=color, width=width))

    @staticmethod
    def fragment_maker(*, color: bool = False, width: int = 120, show_passes: bool = False,
                       **_: Any) -> Callable[[RecordResult], str]:
        """The picklable per-record renderer workers run."""
        return partial(text_record, color=color, width=width, show_passes=show_passes)

    def add(self, fragment: str) -> None:
        """Write one record's block."""
        self._out.write(fragment)

    def close(self, waiver_notes: tuple[WaiverNote, ...], summary: Summary) -> None:
        """Write the summary and waiver notes."""
        self._out.write(text_tail(summary, waiver_notes, color=self._color, width=self._width))
