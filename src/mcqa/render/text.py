"""Terminal report with rich tables; every string from the input is made inert."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.text import Text

from mcqa.model.report import Report
from mcqa.render._safe import terminal_safe as t
from mcqa.render._view import evidence, gaps, passes, where

_STATUS_STYLE = {"fail": "bold red", "error": "bold magenta", "waived": "yellow",
                 "unverifiable": "cyan", "pass": "green", "not_applicable": "dim"}
_OUTCOME = {"conforms": ("CONFORMS", "bold green"), "gaps": ("GAPS", "bold red"),
            "input_error": ("INPUT ERROR", "bold magenta")}


def render_text(report: Report, *, color: bool = False, width: int = 120,
                show_passes: bool = False, show_evidence: bool = True, **_: Any) -> str:
    """Human gap report: per record, failures with citation and location."""
    buf = io.StringIO()
    con = Console(file=buf, width=width, color_system="standard" if color else None,
                  force_terminal=color, highlight=False, emoji=False, soft_wrap=not color)
    packs = ", ".join(f"{p.id} {p.version}" for p in report.packs)
    con.print(Text(f"mcqa {report.mcqa_version} — packs: {packs} — audit date {report.as_of}",
                   style="bold"))
    for rec in report.records:
        label, style = _OUTCOME[rec.outcome]
        head = Text()
        head.append(f"\n{label}", style=style)
        head.append(f"  {t(rec.title) or '(untitled)'}", style="bold")
        head.append(f"\n  {t(rec.record_id)} — {t(rec.source_file)}"
                    f"{' (' + rec.source_format + ')' if rec.source_format else ''}")
        con.print(head)
        if rec.input_error:
            con.print(Text(f"  {t(rec.input_error)}", style="magenta"))
            continue
        c = rec.counts
        con.print(Text(f"  {c['pass']} passed, {c['fail']} failed, {c['unverifiable']} need "
                       f"evidence, {c['waived']} waived, {c['not_applicable']} not applicable"
                       + (f", {c['error']} rule errors" if c["error"] else "")))
        rows = gaps(rec.findings) + (passes(rec.findings) if show_passes else [])
        for f in rows:
            line = Text("  ")
            line.append(f"{f.status.value:<7}", style=_STATUS_STYLE[f.status.value])
            line.append(f" {f.severity.value:<7} {f.rule_id:<12} {f.element or '-'}")
            con.print(line)
            con.print(Text(f"      {t(f.message)}"))
            if f.waiver:
                con.print(Text(f"      waived by {t(f.waiver.approver)}: "
                               f"{t(f.waiver.justification)}", style="yellow"))
            elif f.remedy and f.status.value != "pass":
                con.print(Text(f"      → {t(f.remedy)}", style="italic"))
            if f.observed:
                con.print(Text(f"      found: {t(f.observed)}", style="dim"))
            con.print(Text(f"      at:    {t(where(f))}", style="dim"))
            con.print(Text(f"      cites: {t(f.citation.display())}", style="dim"))
        if show_evidence:
            for f in evidence(rec.findings):
                con.print(Text(f"  evidence to request ({f.rule_id}): {t(f.evidence_request)}",
                               style="cyan"))
    s = report.summary
    con.print(Text(f"\n{s.records} records: {s.conforming} conform, {s.with_gaps} with gaps, "
                   f"{s.input_errors} input errors. Failures: {s.failures_by_severity['error']} "
                   f"error, {s.failures_by_severity['warning']} warning, "
                   f"{s.failures_by_severity['info']} info.", style="bold"))
    for n in report.waiver_notes:
        expired = f", expired {n.expires}" if n.status == "expired" and n.expires else ""
        con.print(Text(f"waiver {n.status}: rule {t(n.rule)} for {t(n.records)} "
                       f"(approver {t(n.approver)}{expired})", style="yellow"))
    return buf.getvalue()
