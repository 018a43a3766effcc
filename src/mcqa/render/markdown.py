"""Markdown report for issue trackers and QA minutes."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from functools import partial
from typing import IO, Any

from mcqa.i18n import DEFAULT_LANG, N_, NN_, localize_record, localize_text
from mcqa.model.report import RecordResult, Report, Summary, WaiverNote
from mcqa.render import labels
from mcqa.render._safe import md_code, md_text
from mcqa.render._view import evidence, gaps, where
from mcqa.render.text import WAIVER_STATES, record_counts

TITLE = N_("mcqa gap report")
HEAD = N_("mcqa {version}, audit date {date}. Packs: {packs}")
RECORDS = NN_("**{n} record**", "**{n} records**")
SUMMARY = N_("{records}: {conform}, {gaps}, {errors}")
CONFORM = NN_("{n} conform", "{n} conform")
WITH_GAPS = NN_("{n} with gaps", "{n} with gaps")
INPUT_ERRORS = NN_("{n} input error", "{n} input errors")
WITHHELD = NN_("{n} with elements withheld by the holder (not disclosed in the presentation)",
               "{n} with elements withheld by the holder (not disclosed in the presentation)")
REVIEW = NN_("{n} needs review (elements stated only as free text)",
             "{n} need review (elements stated only as free text)")
SKIPPED = NN_("{n} document skipped (not a micro-credential)",
              "{n} documents skipped (not micro-credentials)")
COLUMNS = (N_("Status"), N_("Severity"), N_("Rule"), N_("Element"), N_("Finding"), N_("Found"),
           N_("Remedy"), N_("Where"), N_("Citation"))

_md = md_text
"""Inert Markdown text (the shared output-safety layer); kept under this name for the
dossier renderer."""


def _head_lines(report: Report, summary: Summary, lang: str = DEFAULT_LANG) -> list[str]:
    L = labels.for_lang(lang)
    s = summary
    packs = ", ".join(f"{md_code(p.id)} {_md(p.version)} ({_md(p.source_document)}"
                      + ("" if p.applied == "requested"
                         else f"; {_md(localize_text(p.applied, lang))}") + ")"
                      for p in report.packs)
    line = record_counts(s, L, (SUMMARY, RECORDS, CONFORM, WITH_GAPS, INPUT_ERRORS, WITHHELD,
                                REVIEW, SKIPPED), "; ")
    return [f"# {L.t(TITLE)}\n",
            L.t(HEAD, version=report.mcqa_version, date=L.F.day(report.as_of), packs=packs)
            + "\n",
            line + ".\n"]


def md_record(rec: RecordResult, lang: str = DEFAULT_LANG) -> str:
    """One record's section: outcome, counts, gaps table, evidence requests."""
    L = labels.for_lang(lang)
    rec = localize_record(rec, lang)
    if rec.skipped is not None:
        return "\n- " + L.t(N_("skipped {record}: {reason}"),
                            record=md_code(rec.record_id.rstrip("#")), reason=_md(rec.skipped))
    fmt = f" ({rec.source_format})" if rec.source_format else ""
    out = [f"\n## {_md(rec.title) or L.UNTITLED} — "
           f"{L.outcome(rec.outcome, rec.failed_warnings)}\n",
           L.t(N_("{record} from {file}"), record=md_code(rec.record_id),
               file=md_code(rec.source_file)) + f"{fmt}\n"]
    if rec.input_error:
        out.append(f"\n**{L.t(N_('Input error:'))}** {_md(rec.input_error)}\n")
        return "\n".join(out)
    out.append(f"\n{L.counts_line(rec.counts)}.\n")
    rows = gaps(rec.findings)
    if rows:
        out.append("\n| " + " | ".join(L.t(c) for c in COLUMNS) + " |")
        out.append("|---|---|---|---|---|---|---|---|---|")
        for f in rows:
            remedy = _md(f.remedy)
            if f.waiver:
                remedy = L.t(N_("waived by {approver}: {justification}"),
                             approver=_md(f.waiver.approver),
                             justification=_md(f.waiver.justification))
            elif f.status.value == "review":
                remedy = L.t(N_("please confirm: {request}"), request=_md(f.evidence_request))
            elif f.status.value == "withheld":
                remedy = L.t(N_("not disclosed by the holder: {request}"),
                             request=_md(f.evidence_request))
            conf = f" [{L.confidence(f.citation.confidence)}]" if f.citation.confidence else ""
            out.append(f"| {L.status(f.status.value)} | {L.severity(f.severity.value)} | "
                       f"{_md(f.rule_id)} | "
                       f"{_md(L.element(f.element)) if f.element else ''} | {_md(f.message)} | "
                       f"{md_code(f.observed)} | {remedy} | {md_code(where(f, lang))} "
                       f"| {_md(f.citation.display())}{conf} |")
    ev = evidence(rec.findings)
    if ev:
        out.append(f"\n**{L.t(N_('Evidence to request'))}**\n")
        out.extend(f"- {_md(f.rule_id)}: {_md(f.evidence_request)}" for f in ev)
    return "\n".join(out)


def _tail_lines(waiver_notes: tuple[WaiverNote, ...], lang: str = DEFAULT_LANG) -> list[str]:
    if not waiver_notes:
        return []
    L = labels.for_lang(lang)
    return [f"\n## {L.t(N_('Waivers that did not apply'))}\n",
            *("- " + L.t(N_("{status}: {rule} for {records} (approver {approver})"),
                         status=L.pick(WAIVER_STATES, n.status), rule=md_code(n.rule),
                         records=md_code(n.records), approver=_md(n.approver))
              for n in waiver_notes)]


def render_markdown(report: Report, lang: str = DEFAULT_LANG, **_: Any) -> str:
    """One section per record: gaps table, then evidence requests."""
    lines = _head_lines(report, report.summary, lang)
    lines.extend(md_record(rec, lang) for rec in report.records)
    lines.extend(_tail_lines(report.waiver_notes, lang))
    return "\n".join(lines) + "\n"


class MarkdownReportStream:
    """Writes the Markdown report record by record, byte-identical to
    :func:`render_markdown`. The summary comes before the records in this format,
    so sections wait in a temporary file until :meth:`close` knows it."""

    def __init__(self, out: IO[str], head: Report, lang: str = DEFAULT_LANG, **_: Any) -> None:
        self._out, self._head, self._lang = out, head, lang
        # closed in close(); an abandoned stream's file is deleted when collected
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")  # noqa: SIM115

    @staticmethod
    def fragment_maker(lang: str = DEFAULT_LANG, **_: Any) -> Callable[[RecordResult], str]:
        """The picklable per-record renderer workers run."""
        return partial(md_record, lang=lang)

    def add(self, fragment: str) -> None:
        """Keep one record's section until the summary is known."""
        self._spool.write("\n" + fragment)

    def close(self, waiver_notes: tuple[WaiverNote, ...], summary: Summary) -> None:
        """Write head and summary, the sections, the waiver notes."""
        self._out.write("\n".join(_head_lines(self._head, summary, self._lang)))
        self._spool.seek(0)
        shutil.copyfileobj(self._spool, self._out, 1 << 20)
        self._spool.close()
        for line in _tail_lines(waiver_notes, self._lang):
            self._out.write("\n" + line)
        self._out.write("\n")
