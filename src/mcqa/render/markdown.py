"""Markdown report for issue trackers and QA minutes."""

from __future__ import annotations

from typing import Any

from mcqa.model.report import Report
from mcqa.render._safe import terminal_safe
from mcqa.render._view import evidence, gaps, where


def _md(text: str | None) -> str:
    """Inert Markdown table cell: no control chars, pipes, HTML or line breaks."""
    s = terminal_safe(text or "")
    for ch, rep in (("\\", "\\\\"), ("|", "\\|"), ("<", "&lt;"), (">", "&gt;"),
                    ("`", "\\`"), ("[", "\\["), ("]", "\\]"), ("*", "\\*"), ("_", "\\_")):
        s = s.replace(ch, rep)
    return " ".join(s.split())


def render_markdown(report: Report, **_: Any) -> str:
    """One section per record: gaps table, then evidence requests."""
    out = ["# mcqa gap report\n",
           f"mcqa {report.mcqa_version}, audit date {report.as_of}. Packs: "
           + ", ".join(f"`{p.id}` {p.version} ({_md(p.source_document)})" for p in report.packs)
           + "\n"]
    s = report.summary
    out.append(f"**{s.records} records**: {s.conforming} conform, {s.with_gaps} with gaps, "
               f"{s.input_errors} input errors.\n")
    for rec in report.records:
        out.append(f"\n## {_md(rec.title) or '(untitled)'} — {rec.outcome.replace('_', ' ')}\n")
        out.append(f"`{_md(rec.record_id)}` from `{_md(rec.source_file)}`"
                   f"{' (' + rec.source_format + ')' if rec.source_format else ''}\n")
        if rec.input_error:
            out.append(f"\n**Input error:** {_md(rec.input_error)}\n")
            continue
        c = rec.counts
        out.append(f"\n{c['pass']} passed, {c['fail']} failed, {c['unverifiable']} need "
                   f"evidence, {c['waived']} waived, {c['not_applicable']} not applicable.\n")
        rows = gaps(rec.findings)
        if rows:
            out.append("\n| Status | Severity | Rule | Element | Finding | Remedy | Where | Citation |")
            out.append("|---|---|---|---|---|---|---|---|")
            for f in rows:
                remedy = _md(f.remedy)
                if f.waiver:
                    remedy = f"waived by {_md(f.waiver.approver)}: {_md(f.waiver.justification)}"
                out.append(f"| {f.status.value} | {f.severity.value} | {f.rule_id} | "
                           f"{f.element or ''} | {_md(f.message)} | {remedy} | `{_md(where(f))}` "
                           f"| {_md(f.citation.display())} |")
        ev = evidence(rec.findings)
        if ev:
            out.append("\n**Evidence to request**\n")
            out.extend(f"- {f.rule_id}: {_md(f.evidence_request)}" for f in ev)
    if report.waiver_notes:
        out.append("\n## Waivers that did not apply\n")
        out.extend(f"- {n.status}: `{_md(n.rule)}` for `{_md(n.records)}` "
                   f"(approver {_md(n.approver)})" for n in report.waiver_notes)
    return "\n".join(out) + "\n"
