"""Texts the lower floors composed in English, shown in the reader's language.

The engine, the loaders and the dossier builder never format for a reader: they write
English sentences ("Not verified: no ESCO index is available ...", "placeholder, not a
value", an error's message and hint). Each such sentence is built from a template the
code marks (``N_("...{reason}.").format(...)``, or a message or hint given to an
``McqaError``, an operator's reason, a loader's input issue: see ``CARRIERS`` in
``scripts/i18n.py``). Extraction puts the templates into the gettext catalog with the
comment ``composed``; here the finished English text is matched back to its template,
the template is translated, and the values that filled it are put back (themselves
translated when they are composed texts too, unchanged when they are data: file names,
values, identifiers). A text that matches nothing is returned as it is.

Why match finished text instead of carrying keys in the models: a report, dossier or
error keeps one canonical English form (the JSON an English run writes does not change,
a stored report can be rendered later in any language), and the engine stays free of
anything that knows about readers. The catalog test guarantees every template has a
translation; the pseudo-locale test shows any composed text that escaped marking.
"""

from __future__ import annotations

import dataclasses
import re
import string
from dataclasses import dataclass
from functools import cache, lru_cache

from mcqa.errors import McqaError
from mcqa.i18n.locale import DEFAULT_LANG, LOCALE_DIR, check_lang, format_decimal, gettext_for

__all__ = ["COMPOSED", "composed_messages", "fill_template", "localize_error", "localize_text",
           "match_template"]

COMPOSED = "composed"
"""The extracted comment marking a message the lower floors compose (matched here)."""

_FIELD = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class _Template:
    msgid: str
    pattern: re.Pattern[str]
    names: tuple[str, ...]
    literal: int
    key: str
    forms: tuple[str, str] | None = None
    """For one form of a plural message (``NN_`` composed with ``english_form``): both
    English forms, translated with the count found in the ``{n}`` field."""


def _compile(msgid: str) -> _Template | None:
    parts: list[str] = []
    names: list[str] = []
    literal = 0
    chunks: list[str] = []
    for text, field, _spec, _conv in string.Formatter().parse(msgid):
        if text:
            chunks.append(text)
            literal += len(text.strip())
            parts.append("".join(r"\s+" if seg.isspace() else re.escape(seg)
                                 for seg in re.split(r"(\s+)", text) if seg))
        if field is not None:
            names.append(field)
            parts.append(f"(?P<g{len(names)}>.*?)")
    if not names:
        return None
    key = max((c.strip() for c in chunks), key=len, default="")
    if len(key) < 3:
        return None  # a template that is nearly all placeholders would match anything
    return _Template(msgid, re.compile("".join(parts), re.DOTALL), tuple(names), literal, key)


@cache
def composed_messages() -> tuple[dict[str, str], tuple[_Template, ...]]:
    """The composed texts of the catalog template (``mcqa.pot``): those without
    placeholders (matched whole: the English text -> its msgid, whose literal braces
    are doubled as in every template) and the templates (matched with their values)."""
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / "mcqa.pot").open("rb") as fh:
        catalog = read_po(fh)
    plain: dict[str, str] = {}
    templates: list[_Template] = []
    for msg in catalog:
        if not msg.id or COMPOSED not in msg.auto_comments:
            continue
        if isinstance(msg.id, (tuple, list)):  # a count sentence: match either English form
            forms = (str(msg.id[0]), str(msg.id[1]))
            for form in dict.fromkeys(forms):
                compiled = _compile(form)
                if compiled is not None and "n" in compiled.names:
                    templates.append(dataclasses.replace(compiled, forms=forms))
            continue
        if not isinstance(msg.id, str):
            continue
        compiled = _compile(msg.id)
        if compiled is not None:
            templates.append(compiled)
        elif not any(field is not None for _t, field, _s, _c in
                     string.Formatter().parse(msg.id)):
            plain[_unescape(msg.id)] = msg.id
    templates.sort(key=lambda t: (-t.literal, t.msgid))
    return plain, tuple(templates)


def _unescape(template: str) -> str:
    """A template without fields as the text it stands for (``{{`` -> ``{``)."""
    return "".join(text for text, _f, _s, _c in string.Formatter().parse(template))


def fill_template(translation: str, values: dict[str, str]) -> str:
    """``translation`` with each ``{name}`` replaced by ``values[name]`` as it is (no format
    specs: the values are finished text)."""
    out: list[str] = []
    for text, field, _spec, _conv in string.Formatter().parse(translation):
        out.append(text)
        if field is not None:
            out.append(values.get(field, "{" + field + "}"))
    return "".join(out)


@lru_cache(maxsize=4096)
def _compiled(template: str) -> _Template | None:
    return _compile(template)


def match_template(template: str, text: str) -> dict[str, str] | None:
    """The values that fill ``template`` (``{name}`` fields) to give ``text``, or None.

    For texts built from templates kept as data (recognition reasons): the caller knows
    the English template and translates the values it recovers as it sees fit.
    """
    tpl = _compiled(template)
    if tpl is None:
        return {} if template == text else None
    m = tpl.pattern.fullmatch(text)
    if m is None:
        return None
    return {name: m.group(f"g{i}") for i, name in enumerate(tpl.names, start=1)}


def _count(tpl: _Template, m: re.Match[str]) -> int | None:
    """The count in the ``{n}`` field of a matched plural form ("1,234" as English
    writes it), or None when it is not a whole number."""
    text = m.group(f"g{tpl.names.index('n') + 1}").replace(",", "")
    return int(text) if text.isdigit() else None


def _fill(translation: str, names: tuple[str, ...], values: list[str]) -> str:
    return fill_template(translation, dict(zip(names, values, strict=True)))


def _match(text: str, lang: str) -> str | None:
    plain, templates = composed_messages()
    translate = gettext_for(lang).gettext
    if text in plain:
        return _unescape(translate(plain[text]))
    for tpl in templates:
        if tpl.key not in text:
            continue
        m = tpl.pattern.fullmatch(text)
        if m is None:
            continue
        if tpl.forms is not None:
            found = _count(tpl, m)
            if found is None:
                continue
            values = [format_decimal(found, lang, digits=0) if name == "n" else
                      _localized(m.group(f"g{i}"), lang) or m.group(f"g{i}")
                      for i, name in enumerate(tpl.names, start=1)]
            return _fill(gettext_for(lang).ngettext(*tpl.forms, found), tpl.names, values)
        values = [_localized(m.group(f"g{i}"), lang) or m.group(f"g{i}")
                  for i in range(1, len(tpl.names) + 1)]
        return _fill(translate(tpl.msgid), tpl.names, values)
    return None


_HINT = " \u2014 "
_WHERE = ": "
_LISTS = ("; ", ", ")


@lru_cache(maxsize=1 << 16)
def _localized(text: str, lang: str) -> str | None:
    """``text`` in ``lang``, or None when no composed text or template matches it.

    Besides a whole match, two compositions of :meth:`McqaError.one_line` are taken
    apart: ``message — hint`` (each part translated) and ``file:location: message``
    (the location kept as it is, the message translated).
    """
    if not text or not any(ch.isalpha() for ch in text):
        return None
    found = _match(text, lang)
    if found is not None:
        return found
    start = text.find(_HINT)
    while start > 0:
        head, tail = text[:start], text[start + len(_HINT):]
        head_t, tail_t = _localized(head, lang), _localized(tail, lang)
        if head_t is not None or tail_t is not None:
            return f"{head_t or head}{_HINT}{tail_t or tail}"
        start = text.find(_HINT, start + 1)
    start = text.find(_WHERE)
    while start > 0:
        rest = _match(text[start + len(_WHERE):], lang)
        if rest is not None:
            return text[:start + len(_WHERE)] + rest
        start = text.find(_WHERE, start + 1)
    for sep in _LISTS:  # "5 ECTS, 125 hours": a list of composed parts
        if sep in text:
            parts = text.split(sep)
            done = [_localized(p, lang) for p in parts]
            if any(d is not None for d in done):
                return sep.join(d or p for d, p in zip(done, parts, strict=True))
    return None


def localize_text(text: str | None, lang: str) -> str | None:
    """A text composed in English below the renderers, in ``lang`` (see the module
    docstring); unchanged in English, and when it is not a composed text (data)."""
    if not text or check_lang(lang) == DEFAULT_LANG:
        return text
    return _localized(text, lang) or text


def localize_error(exc: McqaError, lang: str) -> str:
    """:meth:`McqaError.one_line` in ``lang``: message and hint translated, the file
    and location as they are."""
    if check_lang(lang) == DEFAULT_LANG:
        return exc.one_line()
    where = ""
    if exc.file:
        where = exc.file + (f":{exc.location}" if exc.location else "") + ": "
    text = where + (localize_text(exc.message, lang) or "")
    if exc.hint:
        text += _HINT + (localize_text(exc.hint, lang) or "")
    return " ".join(text.split())
