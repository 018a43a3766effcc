"""Standalone HTML report (jinja2, autoescape on, no external assets), in any language."""

from __future__ import annotations

from typing import Any

import jinja2

from mcqa.i18n import DEFAULT_LANG, localize_report
from mcqa.model.report import Report
from mcqa.render._jinja import environment as _environment
from mcqa.render._view import evidence, gaps, passes, where
from mcqa.render.text import WAIVER_STATES


def environment(lang: str = DEFAULT_LANG) -> jinja2.Environment:
    """The Jinja environment of ``lang`` with the report's helpers."""
    env = _environment(lang)
    env.globals.update(gaps=gaps, evidence=evidence, passes=passes, where=where,
                       WAIVER_STATES=WAIVER_STATES)
    return env


def render_html(report: Report, *, show_passes: bool = True, lang: str = DEFAULT_LANG,
                **_: Any) -> str:
    """One page: summary, then per record gaps, evidence requests and passes (collapsed;
    in print a one-paragraph list of the passed rules)."""
    return environment(lang).get_template("report.html.j2").render(
        report=localize_report(report, lang), show_passes=show_passes)
