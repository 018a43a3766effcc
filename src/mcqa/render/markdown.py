"""Markdown report for issue trackers and QA minutes."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from typing import IO, Any

from mcqa.model.report import RecordResult, Report, Summary, WaiverNote
from mcqa.render import labels as L
from mcqa.render._safe import md_code, md_text
from mcqa.render._view import evidence, gaps, where

_md = md_text
"""Inert Markdown text (the shared output-safety layer); kept under this name for the
dossier renderer."""


def _head_lines(report: Report, summary: Summary) -> list[str]:
    s = summary
    return ["# mcqa gap report\n",
            f"mcqa {report.mcqa_version}, audit date {report.as_of}. Packs: "
            + ", ".join(f"{md_code(p.id)} {_md(p.version)} ({_md(p.source_document)}"
                        + ("" if p.applied == "requested" else f"; {_md(p.applied)}") + ")"
                        for p in report.packs)
            + "\n",
            f"**{s.records} records**: {s.conforming} conform, {s.with_gaps} with gaps, "
            f"{s.input_errors} input errors"
            + (f"; {s.withheld} with elements withheld by the holder (not disclosed in "
               f"the presentation)" if s.withheld else "")
            + (f"; {s.needs_review} need review (elements stated only as free text)"
               if s.needs_review else "")
            + (f"; {s.skipped} documents skipped (not micro-credentials)" if s.skipped else "")
            + ".\n"]


def md_record(rec: RecordResult) -> str:
    """One record's section: outcome, counts, gaps table, evidence requests."""
    if rec.skipped is not None:
        return f"\n- skipped {md_code(rec.record_id.rstrip('#'))}: {_md(rec.skipped)}"
    out = [f"\n## {_md(rec.title) or '(untitled)'} — "
           f"{L.outcome(rec.outcome, rec.failed_warnings)}\n",
           f"{md_code(rec.record_id)} from {md_code(rec.source_file)}"
           f"{' (' + rec.source_format + ')' if rec.source_format else ''}\n"]
    if rec.input_error:
        out.append(f"\n**Input error:** {_md(rec.input_error)}\n")
        return "\n".join(out)
    out.append(f"\n{L.counts_line(rec.counts)}.\n")
    rows = gaps(rec.findings)
    if rows:
        out.append("\n| Status | Severity | Rule | Element | Finding | Found | Remedy | Where "
                   "| Citation |")
        out.append("|---|---|---|---|---|---|---|---|---|")
        for f in rows:
            remedy = _md(f.remedy)
            if f.waiver:
                remedy = f"waived by {_md(f.waiver.approver)}: {_md(f.waiver.justification)}"
            elif f.status.value == "review":
                remedy = f"please confirm: {_md(f.evidence_request)}"
            elif f.status.value == "withheld":
                remedy = f"not disclosed by the holder: {_md(f.evidence_request)}"
            out.append(f"| {L.status(f.status.value)} | {f.severity.value} | {_md(f.rule_id)} | "
                       f"{_md(L.element(f.element)) if f.element else ''} | {_md(f.message)} | "
                       f"{md_code(f.observed)} | {remedy} | {md_code(where(f))} "
                       f"| {_md(f.citation.display())}"
                       f"{' [' + f.citation.confidence + ']' if f.citation.confidence else ''} |")
    ev = evidence(rec.findings)
    if ev:
        out.append("\n**Evidence to request**\n")
        out.extend(f"- {_md(f.rule_id)}: {_md(f.evidence_request)}" for f in ev)
    return "\n".join(out)


def _tail_lines(waiver_notes: tuple[WaiverNote, ...]) -> list[str]:
    if not waiver_notes:
        return []
    return ["\n## Waivers that did not apply\n",
            *(f"- {n.status}: {md_code(n.rule)} for {md_code(n.records)} "
              f"(approver {_md(n.approver)})" for n in waiver_notes)]


def render_markdown(report: Report, **_: Any) -> str:
    """One section per record: gaps table, then evidence requests."""
    lines = _head_lines(report, report.summary)
    lines.extend(md_record(rec) for rec in report.records)
    lines.extend(_tail_lines(report.waiver_notes))
    return "\n".join(lines) + "\n"


class MarkdownReportStream:
    """Writes the Markdown report record by record, byte-identical to
    :func:`render_markdown`. The summary comes before the records in this format,
    so sections wait in a temporary file until :meth:`close` knows it."""

    def __init__(self, out: IO[str], head: Report, **_: Any) -> None:
        self._out, self._head = out, head
        # closed in close(); an abandoned stream's file is deleted when collected
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")  # noqa: SIM115

    @staticmethod
    def fragment_maker(**_: Any) -> Callable[[RecordResult], str]:
        """The picklable per-record renderer workers run."""
        return md_record

    def add(self, fragment: str) -> None:
        """Keep one record's section until the summary is known."""
        self._spool.write("\n" + fragment)

    def close(self, waiver_notes: tuple[WaiverNote, ...], summary: Summary) -> None:
        """Write head and summary, the sections, the waiver notes."""
        self._out.write("\n".join(_head_lines(self._head, summary)))
        self._spool.seek(0)
        shutil.copyfileobj(self._spool, self._out, 1 << 20)
        self._spool.close()
        for line in _tail_lines(waiver_notes):
            self._out.write("\n" + line)
        self._out.write("\n")
