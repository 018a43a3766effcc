"""One Jinja environment per output language for the HTML renderers.

Why per language: a template's words go through ``_()`` / ``ngettext()`` /
``pgettext()`` (Jinja's i18n extension, new style: ``_("Page %(n)s", n=1)``) bound to
the language's gettext catalog, and ``L`` / ``F`` (phrases and figures) are bound to
the same language; one environment each keeps that binding fixed and cached, so a
German and a French document can be rendered side by side in one process.
Autoescaping is always on; input strings are also made inert by the ``clean`` filter.
"""

from __future__ import annotations

import re
from functools import cache

import jinja2
from markupsafe import Markup

from mcqa.i18n import check_lang
from mcqa.render import fmt, labels
from mcqa.render._safe import href, plain_safe, terminal_safe

__all__ = ["css_counter", "css_string", "css_text", "environment", "inert", "install_language"]


def css_string(text: str | None) -> Markup:
    """A quoted CSS string whose every non-alphanumeric character is a hex escape.

    Used for running page headers (``@top-left``); the result holds only
    ``[A-Za-z0-9 \\"]`` so it can neither close the string, the rule nor the
    ``<style>`` element, whatever the credential title contains.
    """
    clean = terminal_safe(text or "", limit=120)
    body = "".join(ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):06x}" for ch in clean)
    return Markup(f'"{body}"')


_CSS_SPECIAL = re.compile(r'[\\"<>\n\r\f]')


def css_text(text: str) -> Markup:
    """A quoted CSS string for a trusted phrase (mcqa's own words and their translations):
    backslash, quotes, angle brackets and line breaks escaped, the rest as written."""
    body = _CSS_SPECIAL.sub(lambda m: f"\\{ord(m.group(0)):06x}", text)
    return Markup(f'"{body}"')


_COUNTER = re.compile(r"%\((page|pages)\)s")


def css_counter(template: str) -> Markup:
    """CSS ``content`` for a translated "Page %(page)s of %(pages)s": the words as
    escaped strings, the placeholders as ``counter(page)`` / ``counter(pages)``, in the
    order the translation puts them."""
    parts: list[str] = []
    pos = 0
    for m in _COUNTER.finditer(template):
        if m.start() > pos:
            parts.append(css_text(template[pos:m.start()]))
        parts.append(f"counter({m.group(1)})")
        pos = m.end()
    if pos < len(template):
        parts.append(css_text(template[pos:]))
    return Markup(" ".join(parts))


def install_language(env: jinja2.Environment, lang: str) -> jinja2.Environment:
    """Bind ``env``'s ``_()``, ``ngettext()``, ``pgettext()`` (new style), ``L``, ``F`` and the
    ``pct``/``num``/``day``/``composed`` filters to ``lang`` (the web pages use this too)."""
    from mcqa.i18n import gettext_for, language_name, localize_text

    tr = gettext_for(lang)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=tr.gettext, ngettext=tr.ngettext, pgettext=tr.pgettext, newstyle=True)
    L = labels.for_lang(lang)
    F = fmt.for_lang(lang)
    env.filters["pct"] = lambda v: L.NOT_APPLICABLE if v is None else F.percent(v)
    env.filters["num"] = lambda x: (F.integer(x) if isinstance(x, int) else
                                    F.number(x) if isinstance(x, float) else str(x))
    env.filters["day"] = F.day
    env.filters["composed"] = lambda x: localize_text(x, lang) if isinstance(x, str) else x
    env.globals.update(L=L, F=F, lang=lang, language_name=language_name)
    return env


def inert(value: object) -> object:
    """Jinja ``finalize``: every string a template prints, input or not, without escape
    sequences, control, bidi or invisible characters (:func:`plain_safe`); markup stays
    markup. A value that reaches a template by a path that forgot ``clean`` (a user pack's
    citation, a waiver's reason) is inert all the same."""
    if isinstance(value, Markup):
        return Markup(plain_safe(str(value)))
    if isinstance(value, str):
        return plain_safe(value)
    return value


@cache
def environment(lang: str, *, keep_trailing_newline: bool = True) -> jinja2.Environment:
    """The environment of ``lang`` for the templates in ``mcqa/render/templates``."""
    check_lang(lang)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mcqa.render", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=keep_trailing_newline,
        extensions=["jinja2.ext.i18n"], finalize=inert,
    )
    install_language(env, lang)
    env.filters["clean"] = lambda s: terminal_safe(s, limit=5000)
    env.filters["safe_text"] = lambda v: terminal_safe(str(v), 200)
    env.filters["href"] = href
    env.globals.update(css_string=css_string, css_text=css_text, css_counter=css_counter,
                       Markup=Markup)
    return env
