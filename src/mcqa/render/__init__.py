"""Renderers: a finished Report in, text or bytes out. Renderers never compute.

They select, order, escape and lay out; counts and verdicts come from the
Report. ``RENDERERS`` maps a format name to a callable. ``STREAMS`` maps the
formats that can also be written record by record (for national catalogues,
in flat memory) to a :class:`ReportStream` writing the same bytes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any, Protocol

from mcqa.errors import ConfigError

if TYPE_CHECKING:
    from mcqa.model.report import RecordResult, Report, Summary, WaiverNote

# format -> "module:function(report, **options) -> str | bytes"
RENDERERS: dict[str, str] = {
    "text": "mcqa.render.text:render_text",
    "json": "mcqa.render.json:render_json",
    "md": "mcqa.render.markdown:render_markdown",
    "html": "mcqa.render.html:render_html",
    "sarif": "mcqa.render.sarif:render_sarif",
    "junit": "mcqa.render.junit:render_junit",
}

PRINTED: dict[str, str] = {
    "pdf": "mcqa.render.pdf:render_report_pdf",
}
"""Formats rendered to bytes through a print engine (optional extra; slower): kept apart
from :data:`RENDERERS`, whose every format returns text."""


def get_renderer(fmt: str) -> Callable[..., Any]:
    """The render function for ``fmt``, or a ConfigError listing the valid ones."""
    target = RENDERERS.get(fmt) or PRINTED.get(fmt)
    if target is None:
        raise ConfigError(f"unknown format {fmt!r}",
                          hint=f"use one of: {', '.join([*RENDERERS, *PRINTED])}")
    module, func = target.split(":")
    try:
        return getattr(importlib.import_module(module), func)  # type: ignore[no-any-return]
    except ModuleNotFoundError:
        raise ConfigError(f"format {fmt!r} is not available in this build",
                          hint=f"use one of: {', '.join(RENDERERS)}") from None


class ReportStream(Protocol):
    """A report written piece by piece: made with the output and the report's head
    (identity, packs, no records), fed each record's fragment, closed with the
    totals. The bytes equal the format's renderer on the whole report."""

    def __init__(self, out: IO[str], head: Report, **options: Any) -> None: ...

    @staticmethod
    def fragment_maker(**options: Any) -> Callable[[RecordResult], str]:
        """The per-record renderer (picklable: batch workers run it)."""
        ...

    def add(self, fragment: str) -> None:
        """Take one record's fragment, in report order."""
        ...

    def close(self, waiver_notes: tuple[WaiverNote, ...], summary: Summary) -> None:
        """Finish the document."""
        ...


STREAMS: dict[str, str] = {
    "json": "mcqa.render.json:JsonReportStream",
    "text": "mcqa.render.text:TextReportStream",
    "md": "mcqa.render.markdown:MarkdownReportStream",
}


def get_stream(fmt: str) -> type[ReportStream]:
    """The streaming writer for ``fmt`` (a key of :data:`STREAMS`)."""
    module, name = STREAMS[fmt].split(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]
