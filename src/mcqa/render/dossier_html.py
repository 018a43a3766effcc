"""Single-file HTML dossier with print CSS (jinja2 autoescape, no scripts, no assets)."""

from __future__ import annotations

from typing import Any

from mcqa.dossier.model import Dossier
from mcqa.i18n import DEFAULT_LANG
from mcqa.render import labels
from mcqa.render._jinja import css_string, environment
from mcqa.render.dossier_i18n import localize_dossier

__all__ = ["css_string", "render_dossier_html", "workload_text"]


def render_dossier_html(dossier: Dossier, lang: str = DEFAULT_LANG, **_: Any) -> str:
    """The dossier as one self-contained HTML page in ``lang``, ready to print to PDF."""
    d = localize_dossier(dossier, lang)
    template = environment(lang).get_template("dossier.html.j2")
    return template.render(d=d, workload_text=workload_text(d, lang))


def workload_text(d: Dossier, lang: str = DEFAULT_LANG) -> str:
    """'5 ECTS (125 hours)' from the workload element (or 'not stated')."""
    L = labels.for_lang(lang)
    row = next((e for e in d.elements if e.key == "workload"), None)
    return (L.value("workload", row.data) if row is not None and row.present else "") \
        or L.NOT_STATED
