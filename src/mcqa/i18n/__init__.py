"""Translations: a low floor that renderers consult, never the engine.

Three kinds of text reach a reader, and each has its place here:

* the program's own strings (headings, labels, counts): gettext catalogs managed with
  Babel, through :func:`gettext_for` and :func:`_`;
* rule-pack texts (messages, remedies, evidence requests): translation files beside
  the packs, through :func:`pack_text`, and whole findings or reports through
  :func:`localize_finding` / :func:`localize_report`;
* policy terms (Annex I element names, EQF, recognition): the glossary, through
  :func:`term` and :func:`element_label`.

Numbers, dates and percentages are formatted for the reader by Babel
(:func:`format_number`, :func:`format_date`, :func:`format_percent`). See
``docs/i18n.md`` for the workflow (extract, update, compile, check).
"""

from __future__ import annotations

from mcqa.i18n.findings import (
    localize_finding,
    localize_record,
    localize_report,
    localize_rule_text,
)
from mcqa.i18n.locale import (
    DEFAULT_LANG,
    LANGUAGES,
    N_,
    NC_,
    NN_,
    _,
    check_lang,
    format_date,
    format_decimal,
    format_number,
    format_percent,
    gettext_for,
    language_name,
    ngettext,
    pgettext,
)
from mcqa.i18n.packs import missing_translations, pack_meta_text, pack_text
from mcqa.i18n.pseudo import PSEUDO, english_leaks, pseudo
from mcqa.i18n.terms import element_label, term
from mcqa.i18n.text import localize_error, localize_text

__all__ = [
    "DEFAULT_LANG",
    "LANGUAGES",
    "NC_",
    "NN_",
    "N_",
    "PSEUDO",
    "_",
    "check_lang",
    "element_label",
    "english_leaks",
    "format_date",
    "format_decimal",
    "format_number",
    "format_percent",
    "gettext_for",
    "language_name",
    "localize_error",
    "localize_finding",
    "localize_record",
    "localize_report",
    "localize_rule_text",
    "localize_text",
    "missing_translations",
    "ngettext",
    "pack_meta_text",
    "pack_text",
    "pgettext",
    "pseudo",
    "term",
]
