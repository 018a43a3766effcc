"""Helpers for the "no English leaks" tests: what a pseudo-locale output may contain
in plain English (the allow-list), and the leaks that remain once it is taken out.

The allow-list is narrow and comes from the data, never from the program: values read
from the input (titles, names, quoted values, file names, record ids), rule ids, URLs,
and citations of English-language documents (a rule's document and locator, a pack's
source document, sources of frameworks and recognition rules). Everything else a
reader sees must have gone through a translation lookup, which brackets it.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterable
from typing import Any

from mcqa.i18n import english_leaks

_TAGS = re.compile(r"<style.*?</style>|<[^>]+>", re.S)


def strip_html(text: str) -> str:
    """Visible text of an HTML page (tags and the style sheet dropped, entities decoded)."""
    return _html.unescape(_TAGS.sub(" ", text))


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def report_data(report: Any) -> set[str]:
    """The strings of an (English) report that are data, not program text."""
    out: set[str] = set()
    for p in report.packs:
        out.update(filter(None, (p.source_document, p.source_url, p.title if p.id not in
                                 _bundled() else None)))
    for rec in report.records:
        out.update(filter(None, (rec.record_id, rec.source_file, rec.title, rec.provider_name,
                                 rec.provider_id)))
        for f in rec.findings:
            out.update(filter(None, (f.record_id, f.source_file, f.observed,
                                     f.citation.document, f.citation.locator,
                                     f.citation.display(), f.citation.url)))
            if f.location is not None:
                loc = f.location
                out.update(filter(None, (loc.locator, loc.file, f"{loc.file}#{loc.locator}",
                                         f"{loc.file}!{loc.locator}")))
            if f.waiver is not None:
                out.update((f.waiver.approver, f.waiver.justification))
    return out


def _bundled() -> set[str]:
    from mcqa.packs import available_packs

    return set(available_packs())


def leaks(output: str, allowed: Iterable[str]) -> list[str]:
    """English runs left in ``output`` (a pseudo-locale rendering) once every allowed
    data string is taken out (longest first, so a title is not cut by a shorter value)."""
    from mcqa.render._safe import md_text, terminal_safe

    text = output
    for item in sorted({a for a in allowed if a and len(a) > 2}, key=len, reverse=True):
        for form in {item, _html.escape(item, quote=False), md_text(item),
                     terminal_safe(item, limit=len(item) + 1)}:
            text = text.replace(form, " ")
    return english_leaks(text)


def data_of(model: Any) -> set[str]:
    """Every string of a pydantic model's dump (for data-only models such as a record)."""
    return set(_strings(model.model_dump(mode="json")))
