"""Single-file HTML dossier with print CSS (jinja2 autoescape, no scripts, no assets)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from mcqa.dossier.model import Dossier
from mcqa.render import fmt, labels
from mcqa.render._safe import terminal_safe
from mcqa.render.html import environment


def css_string(text: str | None) -> Markup:
    """A quoted CSS string whose every non-alphanumeric character is a hex escape.

    Used for the running page header (``@top-center``); the result holds only
    ``[A-Za-z0-9 \\"]`` so it can neither close the string, the rule nor the
    ``<style>`` element, whatever the credential title contains.
    """
    clean = terminal_safe(text or "", limit=120)
    body = "".join(ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):06x}" for ch in clean)
    return Markup(f'"{body}"')


def render_dossier_html(dossier: Dossier, **_: Any) -> str:
    """The dossier as one self-contained HTML page, ready to print to PDF."""
    env = environment()
    template = env.get_template("dossier.html.j2")
    return template.render(d=dossier, css_string=css_string, L=labels, F=fmt,
                           workload_text=workload_text(dossier))


def workload_text(d: Dossier) -> str:
    """'5 ECTS (125 hours)' from the workload element (or 'not stated')."""
    row = next((e for e in d.elements if e.key == "workload"), None)
    return (labels.value("workload", row.data) if row is not None and row.present else "") \
        or labels.NOT_STATED
