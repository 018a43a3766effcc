"""Benchmark as one self-contained HTML file with inline SVG charts.

Why inline SVG and no scripts: the file is mailed around ministries and
opened offline; it must show the same thing everywhere and load nothing.
Chart geometry (bar lengths, positions) is layout, computed here from the
Benchmark's numbers; no figure is recomputed. Jinja2 autoescaping covers
every value, and provider names are also stripped of control/bidi characters.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from mcqa.benchmarking import Benchmark
from mcqa.render import fmt, labels
from mcqa.render._safe import href, terminal_safe

BAR_W = 360
ROW_H = 22


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("mcqa.render", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["safe_text"] = lambda v: terminal_safe(str(v), 200)
    env.filters["href"] = href
    env.filters["pct"] = lambda v: labels.NOT_APPLICABLE if v is None else fmt.percent(v)
    env.globals.update(L=labels, F=fmt)
    return env


def _bars(items: list[tuple[str, float, float]]) -> dict[str, Any]:
    """(label, value, max) → SVG rows with pixel widths."""
    rows = [{"label": label, "value": value, "y": i * ROW_H,
             "w": round(BAR_W * (value / top if top else 0), 1)}
            for i, (label, value, top) in enumerate(items)]
    return {"rows": rows, "height": len(rows) * ROW_H + 4, "bar_w": BAR_W}


HEAT_STEPS: tuple[tuple[float, str], ...] = ((1.0, "h5"), (0.9, "h4"), (0.75, "h3"),
                                             (0.5, "h2"), (0.25, "h1"), (0.0, "h0"))
"""Lower bound of each colour step (stepped, so 83 % and 100 % look different)."""


def heat_class(share: float | None) -> str:
    """CSS class of a heat-map cell: a colour step, or ``na`` when not applicable."""
    if share is None:
        return "na"
    return next(cls for bound, cls in HEAT_STEPS if share >= bound - 1e-9)


def render_benchmark_html(bm: Benchmark, **_: Any) -> str:
    """The benchmark page (deterministic: same Benchmark, same bytes)."""
    scores = _bars([(g.key, g.score, 100.0) for g in bm.groups])
    elements = _bars([(labels.element(e.element), 100 * (e.share or 0.0), 100.0)
                      for e in bm.overall.elements])
    top = max(bm.overall.coverage_histogram or (0,)) or 1
    hist = _bars([(label, float(n), float(top)) for label, n in
                  zip(bm.bins, bm.overall.coverage_histogram, strict=True)])
    rules = sorted(bm.overall.fails_by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
    return _env().get_template("benchmark.html.j2").render(
        bm=bm, scores=scores, elements=elements, hist=hist, heat=heat_class, rules=rules[:40],
        steps=HEAT_STEPS)
