"""Standalone HTML report (jinja2, autoescape on, no external assets)."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from mcqa.model.report import Report
from mcqa.render import fmt, labels
from mcqa.render._safe import href, terminal_safe
from mcqa.render._view import evidence, gaps, passes, where


@cache
def environment() -> jinja2.Environment:
    """Jinja environment with autoescape forced on for every template."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mcqa.render", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["clean"] = lambda s: terminal_safe(s, limit=5000)
    env.filters["href"] = href
    env.globals.update(gaps=gaps, evidence=evidence, passes=passes, where=where, L=labels, F=fmt)
    return env


def render_html(report: Report, *, show_passes: bool = True, **_: Any) -> str:
    """One page: summary, then per record gaps, evidence requests and passes (collapsed;
    in print a one-paragraph list of the passed rules)."""
    return environment().get_template("report.html.j2").render(
        report=report, show_passes=show_passes)
