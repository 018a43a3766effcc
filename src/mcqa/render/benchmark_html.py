"""Benchmark as one self-contained HTML file with inline SVG charts.

Why inline SVG and no scripts: the file is mailed around ministries and
opened offline; it must show the same thing everywhere and load nothing.
Chart geometry (bar lengths, positions) is layout, computed here from the
Benchmark's numbers; no figure is recomputed. Jinja2 autoescaping covers
every value, and provider names are also stripped of control/bidi characters.
"""

from __future__ import annotations

from typing import Any

from mcqa.benchmarking import Benchmark
from mcqa.i18n import DEFAULT_LANG, localize_text
from mcqa.render import labels
from mcqa.render._jinja import environment
from mcqa.render.xlsx import bin_labels, group_key, group_name

BAR_W = 360
ROW_H = 22


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


def render_benchmark_html(bm: Benchmark, lang: str = DEFAULT_LANG, **_: Any) -> str:
    """The benchmark page in ``lang`` (deterministic: same Benchmark and language, same
    bytes)."""
    L = labels.for_lang(lang)
    key = {g.key: group_key(g.key, lang) for g in bm.groups}
    scores = _bars([(key[g.key], g.score, 100.0) for g in bm.groups])
    elements = _bars([(L.element(e.element), 100 * (e.share or 0.0), 100.0)
                      for e in bm.overall.elements])
    top = max(bm.overall.coverage_histogram or (0,)) or 1
    hist = _bars([(label, float(n), float(top)) for label, n in
                  zip(bin_labels(bm, lang), bm.overall.coverage_histogram, strict=True)])
    rules = sorted(bm.overall.fails_by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
    return environment(lang, keep_trailing_newline=False).get_template(
        "benchmark.html.j2").render(
        bm=bm, scores=scores, elements=elements, hist=hist, heat=heat_class, rules=rules[:40],
        steps=HEAT_STEPS, group=group_name(bm.group_by, lang), key=key,
        formula=_formula(bm, lang))


def _formula(bm: Benchmark, lang: str) -> str:
    return localize_text(bm.formula, lang) or bm.formula
