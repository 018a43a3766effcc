"""Benchmark workbook (XLSX): ranking with native charts, a coverage heat map, findings.

Why write-only openpyxl: the findings sheet of a 100k-row catalogue has
about a million rows; the write-only writer streams them instead of keeping
a cell object per value. Layout only: every number comes from the
:class:`~mcqa.benchmarking.Benchmark`.

Safety: every cell whose text comes from input (provider names, record ids,
messages quoting values) goes through :func:`cell_safe` and is typed as a
string (``data_type = "s"``), so a provider called ``=HYPERLINK(...)`` stays
text. Determinism: workbook created/modified stamps are set from the audit
date and the zip entries get a fixed timestamp, so the same benchmark gives
byte-identical files.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.writer.excel import ExcelWriter

from mcqa.benchmarking import FAILURE_COLUMNS, Benchmark
from mcqa.i18n import DEFAULT_LANG, N_, NN_, localize_rule_text, localize_text
from mcqa.render import labels
from mcqa.render._safe import cell_safe

SHEETS = {"summary": N_("Summary"), "coverage": N_("Element coverage"),
          "rules": N_("Failures by rule"), "findings": N_("Findings")}
"""Sheet names (translated; at most 31 characters, checked by a test)."""
GROUPS = {"provider": N_("provider"), "file": N_("file"), "format": N_("format")}
SUMMARY_COLUMNS = (N_("rank"), None, N_("records"), N_("coverage"), N_("conforming"),
                   N_("score"), N_("errors"), N_("warnings"), N_("info"), N_("input errors"))
"""Summary headers; the second is the grouping (provider, file or format)."""
FAILURE_HEADERS = {"group": N_("group"), "record_id": N_("record id"), "title": N_("title"),
                   "source_file": N_("source file"), "rule_id": N_("rule id"),
                   "severity": N_("severity"), "element": N_("element"),
                   "message": N_("message"), "found": N_("found"), "remedy": N_("remedy"),
                   "citation": N_("citation"), "location": N_("location")}
BIN = N_("{low}-{high}%")
TRUNCATED = NN_("{n} further failure not listed (Excel row limit); see the JSON report",
                "{n} further failures not listed (Excel row limit); see the JSON report")
"""A bin of the per-record coverage histogram (0-10% ... 90-100%)."""


def group_name(group_by: str, lang: str) -> str:
    """'provider', 'file' or 'format' in ``lang``."""
    return labels.for_lang(lang).pick(GROUPS, group_by)


def bin_labels(bm: Benchmark, lang: str) -> list[str]:
    """The histogram's bins as ``lang`` writes them (deciles of coverage)."""
    L = labels.for_lang(lang)
    return [L.t(BIN, low=L.F.integer(i * 10), high=L.F.integer(i * 10 + 10))
            for i in range(len(bm.bins))]


def group_key(key: str, lang: str) -> str:
    """A group's name: data as written, or mcqa's own "(provider not stated)" translated."""
    return localize_text(key, lang) or key

_BOLD = Font(bold=True)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _text(ws: WriteOnlyWorksheet, value: str, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=cell_safe(value))
    cell.data_type = "s"
    if bold:
        cell.font = _BOLD
    return cell


def _plain_text(ws: WriteOnlyWorksheet, value: str) -> str | WriteOnlyCell:
    """Like :func:`_text` for the million-row findings sheet, without a cell object
    per value: openpyxl types a plain string as text unless it starts with ``=``
    (which :func:`cell_safe` never leaves) or equals an Excel error code."""
    safe = cell_safe(value)
    return _text(ws, value) if safe in ERROR_CODES else safe


def _header(ws: WriteOnlyWorksheet, names: Any) -> list[WriteOnlyCell]:
    return [_text(ws, str(n), bold=True) for n in names]


def _widths(ws: WriteOnlyWorksheet, widths: list[int]) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


PERCENT = "0.0%"
"""Excel number format of shares (0.984 shows as 98.4%)."""


def _pct(ws: WriteOnlyWorksheet, share: float | None) -> WriteOnlyCell | None:
    """A share as a number formatted as a percentage (None stays empty: not applicable)."""
    if share is None:
        return None
    cell = WriteOnlyCell(ws, value=share)
    cell.number_format = PERCENT
    return cell


def _sheet(name: str, lang: str) -> str:
    return labels.for_lang(lang).t(SHEETS[name])[:31]


def _summary(wb: Workbook, bm: Benchmark, lang: str) -> None:
    """Ranking table, formula and packs, the coverage distribution, and two bar charts
    whose ranges are counted from the rows as they are written (a test reads them back)."""
    L = labels.for_lang(lang)
    group = group_name(bm.group_by, lang)
    ws = wb.create_sheet(_sheet("summary", lang))
    _widths(ws, [6, 40, 10, 12, 12, 10, 10, 10, 10, 12])
    ws.freeze_panes = "A2"
    cols = [L.t(c) if c else group for c in SUMMARY_COLUMNS]
    ws.append(_header(ws, cols))
    row = 1
    for g in (*bm.groups, bm.overall):
        ws.append([g.rank or None, _text(ws, group_key(g.key, lang)), g.records,
                   _pct(ws, g.coverage),
                   _pct(ws, g.conforming_share), g.score, g.fails_by_severity["error"],
                   g.fails_by_severity["warning"], g.fails_by_severity["info"], g.input_errors])
        row += 1
    n = len(bm.groups)
    ws.append([])
    ws.append([None, _text(ws, L.t(N_("Score formula")), bold=True),
               _text(ws, localize_text(bm.formula, lang) or bm.formula)])
    ws.append([None, _text(ws, L.t(N_("As of")), bold=True), _text(ws, L.F.day(bm.as_of))])
    row += 3
    for p in bm.packs:
        ws.append([None, _text(ws, L.t(N_("Pack")), bold=True), _text(ws, f"{p.id} {p.version}"),
                   _text(ws, p.source_url)])
        row += 1
    if n:
        chart = BarChart()
        chart.type = "bar"
        chart.title = L.t(N_("Score by {group} (0-100)"), group=group)
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 100
        chart.add_data(Reference(ws, min_col=6, min_row=1, max_row=n + 1), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=2, min_row=2, max_row=n + 1))
        chart.height, chart.width = max(7.5, 0.6 * n), 18
        ws.add_chart(chart, "L2")
    # distribution of per-record coverage, overall, with its own chart
    ws.append([])
    ws.append([None, _text(ws, L.t(N_("per-record coverage")), bold=True),
               _text(ws, L.t(N_("records")), True)])
    head = row + 2
    for label, count in zip(bin_labels(bm, lang), bm.overall.coverage_histogram, strict=True):
        ws.append([None, _text(ws, label), count])
    hist = BarChart()
    hist.title = L.t(N_("Records by mandatory-element coverage"))
    hist.add_data(Reference(ws, min_col=3, min_row=head, max_row=head + len(bm.bins)),
                  titles_from_data=True)
    hist.set_categories(Reference(ws, min_col=2, min_row=head + 1,
                                  max_row=head + len(bm.bins)))
    ws.add_chart(hist, "L30")


def _heatmap(wb: Workbook, bm: Benchmark, lang: str) -> None:
    L = labels.for_lang(lang)
    ws = wb.create_sheet(_sheet("coverage", lang))
    ws.freeze_panes = "B2"
    _widths(ws, [40] + [14] * len(bm.elements))
    ws.append(_header(ws, [group_name(bm.group_by, lang), *(L.element(e) for e in bm.elements)]))
    rows = (*bm.groups, bm.overall)
    for g in rows:
        ws.append([_text(ws, group_key(g.key, lang)), *(_pct(ws, e.share) for e in g.elements)])
    last = get_column_letter(len(bm.elements) + 1)
    ws.conditional_formatting.add(
        f"B2:{last}{len(rows) + 1}",
        ColorScaleRule(start_type="num", start_value=0, start_color="F8696B",
                       mid_type="num", mid_value=0.5, mid_color="FFEB84",
                       end_type="num", end_value=1, end_color="63BE7B"))
    ws.append([])
    ws.append([_text(ws, L.t(N_("Share of records (where applicable) whose element-presence "
                                "rule EU-AI-M01..M11 passed; empty = not applicable to any "
                                "record.")))])


def _by_rule(wb: Workbook, bm: Benchmark, lang: str) -> None:
    L = labels.for_lang(lang)
    ws = wb.create_sheet(_sheet("rules", lang))
    ws.freeze_panes = "B2"
    rules = sorted(bm.overall.fails_by_rule)
    _widths(ws, [40] + [12] * len(rules))
    ws.append(_header(ws, [group_name(bm.group_by, lang), *rules]))
    ws.append([_text(ws, L.t(N_("rule name")), bold=True),
               *(_text(ws, bm.rule_names.get(r, "")) for r in rules)])
    for g in (*bm.groups, bm.overall):
        ws.append([_text(ws, group_key(g.key, lang)), *(g.fails_by_rule.get(r, 0) for r in rules)])


_COL = {name: i for i, name in enumerate(FAILURE_COLUMNS)}


def _localized_row(row: tuple[str, ...], lang: str) -> tuple[str, ...]:
    """A failure row with its words in ``lang``: group, severity, element, message, found
    and remedy (record data, rule ids, citations and locations as they are)."""
    L = labels.for_lang(lang)
    out = list(row)
    rule = row[_COL["rule_id"]]
    out[_COL["group"]] = group_key(row[_COL["group"]], lang)
    out[_COL["severity"]] = L.severity(row[_COL["severity"]]) if row[_COL["severity"]] else ""
    out[_COL["element"]] = L.element(row[_COL["element"]]) if row[_COL["element"]] else ""
    for name in ("message", "remedy"):
        out[_COL[name]] = localize_rule_text(rule, row[_COL[name]], lang) or ""
    out[_COL["found"]] = localize_text(row[_COL["found"]], lang) or ""
    return tuple(out)


def _findings(wb: Workbook, bm: Benchmark, lang: str) -> None:
    L = labels.for_lang(lang)
    ws = wb.create_sheet(_sheet("findings", lang))
    ws.freeze_panes = "A2"
    _widths(ws, [30, 30, 40, 30, 14, 10, 18, 70, 30, 60, 50, 40])
    last = bm.failures_listed + 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(FAILURE_COLUMNS))}{last}"
    ws.append(_header(ws, [L.t(FAILURE_HEADERS[c]) for c in FAILURE_COLUMNS]))
    translate = lang != DEFAULT_LANG  # English rows are the source text: a million skipped
    for row in bm.iter_failures():
        ws.append([_plain_text(ws, v) for v in (_localized_row(row, lang) if translate
                                                else row)])
    if bm.failures_truncated:
        ws.append([_text(ws, L.plural(TRUNCATED, bm.failures_truncated))])


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose entries all carry one fixed time, so that the same
    benchmark gives byte-identical workbooks. openpyxl writes through it directly
    (each part compressed once, sheets streamed from their temporary files)."""

    def _entry(self, name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o600 << 16
        return entry

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any,
                 *args: Any, **kwargs: Any) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._entry(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        with open(filename, "rb") as src, self.open(self._entry(arcname or filename), "w") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def workbook_bytes(wb: Any) -> bytes:
    """A workbook saved with fixed zip entry times and without the clock's "modified"
    stamp: the same content gives the same bytes (reports, templates)."""
    from openpyxl.writer.excel import ExcelWriter

    buf = io.BytesIO()
    ExcelWriter(wb, _FixedTimeZip(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return buf.getvalue()


def render_benchmark_xlsx(bm: Benchmark, lang: str = DEFAULT_LANG, **_: Any) -> bytes:
    """The benchmark workbook as bytes (Summary, Element coverage, Failures by rule,
    Findings), every word in ``lang``."""
    wb = Workbook(write_only=True)
    stamp = datetime.fromisoformat(bm.as_of + "T00:00:00") if len(bm.as_of) == 10 else \
        datetime(2000, 1, 1)
    wb.properties.creator = "mcqa"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.title = labels.for_lang(lang).t(N_("mcqa benchmark by {group}"),
                                                  group=group_name(bm.group_by, lang))
    wb.properties.language = lang
    _summary(wb, bm, lang)
    _heatmap(wb, bm, lang)
    _by_rule(wb, bm, lang)
    _findings(wb, bm, lang)
    buf = io.BytesIO()
    # ExcelWriter rather than wb.save(): save() stamps "modified" with the clock
    ExcelWriter(wb, _FixedTimeZip(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return buf.getvalue()
