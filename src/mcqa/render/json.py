"""JSON report: the Report model as published by `mcqa schema report`.

Serialised by pydantic (fields in model order, 2-space indent, UTF-8): the
same bytes for the same report on every run, and fast enough to render a
national catalogue record by record. :class:`JsonReportStream` writes the
identical document without holding the records: its per-record pieces come
from :func:`record_fragment`, which batch workers run where each record was
checked.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import IO, Any

from mcqa.i18n import DEFAULT_LANG, localize_record, localize_report
from mcqa.model.report import RecordResult, Report, ReportTail, Summary, WaiverNote
from mcqa.render._safe import json_safe

_RECORDS_KEY = '  "records": []'


def report_dict(report: Report) -> dict[str, Any]:
    """Plain JSON-ready data of the report."""
    return report.model_dump(mode="json")


def render_json(report: Report, lang: str = DEFAULT_LANG, **_: Any) -> str:
    """Deterministic JSON (model field order, 2-space indent, UTF-8); messages in ``lang``,
    which the report names in ``lang``."""
    return json_safe(localize_report(report, lang).model_dump_json(indent=2)) + "\n"


def record_fragment(res: RecordResult, lang: str = DEFAULT_LANG) -> str:
    """One record as it appears inside the report's ``records`` list (indented 4), its
    messages in ``lang``.

    JSON text never holds a raw newline inside a string, so indenting every
    line is exact.
    """
    res = localize_record(res, lang)
    return "    " + json_safe(res.model_dump_json(indent=2)).replace("\n", "\n    ")


class JsonReportStream:
    """Writes a JSON report record by record, byte-identical to :func:`render_json`.

    The head (tool, versions, packs...) goes out first, each record fragment as
    it arrives, and waiver notes, summary and ``conforms`` at :meth:`close`:
    they come after ``records`` in the document, so nothing is buffered.
    """

    def __init__(self, out: IO[str], head: Report, lang: str = DEFAULT_LANG, **_: Any) -> None:
        if head.records:
            raise ValueError("the head of a streamed report has no records")
        head = localize_report(head, lang)
        text = json_safe(head.model_dump_json(indent=2,
                                              exclude={"waiver_notes", "summary", "conforms"}))
        cut = text.index(_RECORDS_KEY) + len(_RECORDS_KEY) - 1
        self._out = out
        self._out.write(text[:cut])
        self._count = 0

    @staticmethod
    def fragment_maker(lang: str = DEFAULT_LANG, **_: Any) -> Callable[[RecordResult], str]:
        """The picklable per-record renderer workers run."""
        return partial(record_fragment, lang=lang)

    def add(self, fragment: str) -> None:
        """Append one record fragment (from :func:`record_fragment`)."""
        self._out.write(",\n" if self._count else "\n")
        self._out.write(fragment)
        self._count += 1

    def close(self, waiver_notes: tuple[WaiverNote, ...], summary: Summary) -> None:
        """Write the tail; ``conforms`` follows from the summary."""
        conforms = summary.conforming == summary.records
        tail = ReportTail(waiver_notes=waiver_notes, summary=summary, conforms=conforms)
        inner = json_safe(tail.model_dump_json(indent=2))[2:-2]  # without the braces' lines
        self._out.write("\n  ]" if self._count else "]")
        self._out.write(",\n" + inner + "\n}\n")
