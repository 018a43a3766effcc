"""Terminal report with rich tables; every string from the input is made inert."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import partial
from typing import IO, TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from mcqa.i18n import DEFAULT_LANG, N_, NN_, localize_record, localize_text
from mcqa.model.report import RecordResult, Report, Summary, WaiverNote
from mcqa.render import labels
from mcqa.render._safe import terminal_safe as t
from mcqa.render._view import disclosed, evidence, gaps, passes, where

if TYPE_CHECKING:
    from mcqa.batch import BatchCounts

HEAD = N_("mcqa {version} — packs: {packs} — audit date {date}")
RECORDS = NN_("{n} record", "{n} records")
CONFORM = NN_("{n} conform", "{n} conform")
WITH_GAPS = NN_("{n} with gaps", "{n} with gaps")
INPUT_ERRORS = NN_("{n} input error", "{n} input errors")
SUMMARY = N_("{records}: {conform}, {gaps}, {errors}.")
WITHHELD = NN_("{n} with elements withheld by the holder (not disclosed in the presentation).",
               "{n} with elements withheld by the holder (not disclosed in the presentation).")
REVIEW = NN_("{n} needs review (elements stated only as free text).",
             "{n} need review (elements stated only as free text).")
SKIPPED = NN_("{n} skipped (not micro-credentials).", "{n} skipped (not micro-credentials).")
FAILURES = N_("Failures: {errors}, {warnings}, {infos}.")
FAILURE_ERRORS = NN_("{n} error", "{n} errors")
FAILURE_WARNINGS = NN_("{n} warning", "{n} warnings")
FAILURE_INFOS = NN_("{n} info", "{n} info")
WAIVER_STATES = {"unused": N_("unused"), "expired": N_("expired")}
WAIVER_NOTE = N_("waiver {status}: rule {rule} for {records} (approver {approver})")
WAIVER_NOTE_EXPIRED = N_("waiver {status}: rule {rule} for {records} (approver {approver}, "
                         "expired {date})")

_STATUS_STYLE = {"fail": "bold red", "error": "bold magenta", "waived": "yellow",
                 "unverifiable": "cyan", "pass": "green", "not_applicable": "dim",
                 "review": "bold yellow", "withheld": "bold blue"}
_OUTCOME_STYLE = {"conforms": "bold green", "gaps": "bold red", "input_error": "bold magenta",
                  "skipped": "dim"}


def _console(buf: io.StringIO, color: bool, width: int) -> Console:
    return Console(file=buf, width=width, color_system="standard" if color else None,
                   force_terminal=color, highlight=False, emoji=False, soft_wrap=not color)


def text_head(report: Report, *, color: bool = False, width: int = 120,
              lang: str = DEFAULT_LANG) -> str:
    """The report's first line: version, packs, audit date."""
    L = labels.for_lang(lang)
    buf = io.StringIO()
    packs = ", ".join(f"{p.id} {p.version}" for p in report.packs)
    console = _console(buf, color, width)
    console.print(Text(L.t(HEAD, version=report.mcqa_version, packs=packs,
                           date=L.F.day(report.as_of)), style="bold"))
    for p in report.packs:  # packs nobody asked for by name: say why they ran
        if p.applied != "requested":
            console.print(Text(f"  {p.id}: {t(localize_text(p.applied, lang))}", style="dim"))
    return buf.getvalue()


def text_record(rec: RecordResult, *, color: bool = False, width: int = 120,
                show_passes: bool = False, show_evidence: bool = True,
                lang: str = DEFAULT_LANG) -> str:
    """One record's block: outcome, counts, each gap with remedy, location and citation.

    Built as one rich Text and printed once: a print per line cost ~40 console
    passes per record, the bulk of writing a national catalogue's report.
    """
    L = labels.for_lang(lang)
    rec = localize_record(rec, lang)
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
    out.append(f"  {t(rec.title) or L.UNTITLED}", style="bold")
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
            present = L.t(N_("present"))
            for element, locator in disclosed(rec.findings):
                line(f"  {present:<8} {element:<20} {t(locator)}", "green")
        rows = gaps(rec.findings) + (passes(rec.findings) if show_passes else [])
        found, at, cites = L.t(N_("found:")), L.t(N_("at:")), L.t(N_("cites:"))
        pad = max(len(found), len(at), len(cites))
        for f in rows:
            line("  ")
            out.append(f"{L.status_word(f.status.value):<7}",
                       style=_STATUS_STYLE.get(f.status.value, ""))
            out.append(f" {L.severity(f.severity.value):<7} {f.rule_id:<12} {f.element or '-'}")
            line(f"      {t(f.message)}")
            if f.waiver:
                line("      " + L.t(N_("waived by {approver}: {justification}"),
                                    approver=t(f.waiver.approver),
                                    justification=t(f.waiver.justification)), "yellow")
            elif f.status.value in ("review", "withheld") and f.evidence_request:
                line(f"      ? {t(f.evidence_request)}", "italic")
            elif f.remedy and f.status.value != "pass":
                line(f"      → {t(f.remedy)}", "italic")
            if f.observed:
                line(f"      {found:<{pad}} {t(f.observed)}", "dim")
            line(f"      {at:<{pad}} {t(where(f, lang))}", "dim")
            conf = f" [{L.confidence(f.citation.confidence)}]" if f.citation.confidence else ""
            line(f"      {cites:<{pad}} {t(f.citation.display())}{conf}", "dim")
        if show_evidence:
            for f in evidence(rec.findings):
                line("  " + L.t(N_("evidence to request ({rule_id}): {request}"),
                                rule_id=f.rule_id, request=t(f.evidence_request)), "cyan")
    buf = io.StringIO()
    _console(buf, color, width).print(out)
    return buf.getvalue()


def record_counts(s: Summary, L: labels.Labels, phrases: Sequence[Any], sep: str) -> str:
    """The records sentence and, when non-zero, the withheld / needs-review / skipped
    counts joined by ``sep``. ``phrases`` are the renderer's own wording of (summary,
    records, conform, with gaps, input errors, withheld, review, skipped): the terminal
    writes sentences, Markdown one bold line."""
    summary, records, conform, gaps, errors, withheld, review, skipped = phrases
    text = L.t(summary, records=L.plural(records, s.records),
               conform=L.plural(conform, s.conforming), gaps=L.plural(gaps, s.with_gaps),
               errors=L.plural(errors, s.input_errors))
    for count, phrase in ((s.withheld, withheld), (s.needs_review, review),
                          (s.skipped, skipped)):
        if count:
            text += sep + L.plural(phrase, count)
    return text


def summary_sentences(s: Summary, lang: str = DEFAULT_LANG) -> str:
    """'12 records: 9 conform, 3 with gaps, 0 input errors. ... Failures: 13 errors, ...'"""
    L = labels.for_lang(lang)
    text = record_counts(s, L, (SUMMARY, RECORDS, CONFORM, WITH_GAPS, INPUT_ERRORS, WITHHELD,
                                REVIEW, SKIPPED), " ")
    fails = s.failures_by_severity
    return text + " " + L.t(FAILURES, errors=L.plural(FAILURE_ERRORS, fails["error"]),
                            warnings=L.plural(FAILURE_WARNINGS, fails["warning"]),
                            infos=L.plural(FAILURE_INFOS, fails["info"]))


def waiver_line(n: WaiverNote, lang: str = DEFAULT_LANG) -> str:
    """'waiver unused: rule EU-AI-M07 for urn:... (approver ...)'."""
    L = labels.for_lang(lang)
    status = L.pick(WAIVER_STATES, n.status)
    if n.status == "expired" and n.expires:
        return L.t(WAIVER_NOTE_EXPIRED, status=status, rule=t(n.rule), records=t(n.records),
                   approver=t(n.approver), date=L.F.day(n.expires))
    return L.t(WAIVER_NOTE, status=status, rule=t(n.rule), records=t(n.records),
               approver=t(n.approver))


def text_tail(summary: Summary, waiver_notes: tuple[WaiverNote, ...], *, color: bool = False,
              width: int = 120, lang: str = DEFAULT_LANG) -> str:
    """Closing summary line and the waivers that did not apply."""
    buf = io.StringIO()
    con = _console(buf, color, width)
    con.print(Text("\n" + summary_sentences(summary, lang), style="bold"))
    for n in waiver_notes:
        con.print(Text(waiver_line(n, lang), style="yellow"))
    return buf.getvalue()


def render_text(report: Report, *, color: bool = False, width: int = 120,
                show_passes: bool = False, show_evidence: bool = True,
                lang: str = DEFAULT_LANG, **_: Any) -> str:
    """Human gap report: per record, failures with citation and location."""
    parts = [text_head(report, color=color, width=width, lang=lang)]
    parts.extend(text_record(rec, color=color, width=width, show_passes=show_passes,
                             show_evidence=show_evidence, lang=lang) for rec in report.records)
    parts.append(text_tail(report.summary, report.waiver_notes, color=color, width=width,
                           lang=lang))
    return "".join(parts)


class TextReportStream:
    """Writes the text report record by record, byte-identical to :func:`render_text`:
    the head first, each block (from :meth:`fragment_maker`, run in batch workers)
    as it arrives, the summary at :meth:`close`."""

    def __init__(self, out: IO[str], head: Report, *, color: bool = False, width: int = 120,
                 lang: str = DEFAULT_LANG, **_: Any) -> None:
        self._out, self._color, self._width, self._lang = out, color, width, lang
        out.write(text_head(head, color=color, width=width, lang=lang))

    @staticmethod
    def fragment_maker(*, color: bool = False, width: int = 120, show_passes: bool = False,
                       lang: str = DEFAULT_LANG, **_: Any) -> Callable[[RecordResult], str]:
        """The picklable per-record renderer workers run."""
        return partial(text_record, color=color, width=width, show_passes=show_passes,
                       lang=lang)

    def add(self, fragment: str) -> None:
        """Write one record's block."""
        self._out.write(fragment)

    def close(self, waiver_notes: tuple[WaiverNote, ...], summary: Summary) -> None:
        """Write the summary and waiver notes."""
        self._out.write(text_tail(summary, waiver_notes, color=self._color, width=self._width,
                                  lang=self._lang))


CLOSING = N_("{read} read ({records}, {unreadable}{skipped_in}) = {reported} reported: "
             "{conform}, {gaps}, {errors}{skipped_out} — {verdict}")
CLOSING_RECORDS = NN_("{n} record", "{n} records")
CLOSING_UNREADABLE = NN_("{n} unreadable", "{n} unreadable")
CLOSING_NOT_MC = NN_("{n} not a micro-credential", "{n} not micro-credentials")
CLOSING_SKIPPED = NN_("{n} skipped", "{n} skipped")
BALANCED = N_("all accounted for")
MISMATCH = N_("MISMATCH — please report this")


def closing_line(counts: BatchCounts, lang: str = DEFAULT_LANG) -> str:
    """One line for standard error: the closing count an operator can check at a glance
    ("12 read (12 records, 0 unreadable) = 12 reported: ... — all accounted for")."""
    L = labels.for_lang(lang)
    skipped_in = (", " + L.plural(CLOSING_NOT_MC, counts.read_skipped)
                  if counts.read_skipped else "")
    skipped_out = (", " + L.plural(CLOSING_SKIPPED, counts.skipped)
                   if counts.skipped or counts.read_skipped else "")
    return L.t(CLOSING, read=L.F.integer(counts.read),
               records=L.plural(CLOSING_RECORDS, counts.read_records),
               unreadable=L.plural(CLOSING_UNREADABLE, counts.read_problems),
               skipped_in=skipped_in, reported=L.F.integer(counts.reported),
               conform=L.plural(CONFORM, counts.conforms),
               gaps=L.plural(WITH_GAPS, counts.gaps),
               errors=L.plural(INPUT_ERRORS, counts.input_error), skipped_out=skipped_out,
               verdict=L.t(BALANCED if counts.balanced else MISMATCH))
