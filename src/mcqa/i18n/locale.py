"""Program strings and locale formatting: gettext catalogs and Babel, in one place.

The program's own sentences (headings, labels, closing counts) are marked in the
code with :func:`_` (translate now) or :func:`N_` (mark only, translate later) and
kept in gettext catalogs under ``mcqa/locale/<lang>/LC_MESSAGES/mcqa.po``, managed
with Babel (``python scripts/i18n.py extract|update|compile``; see ``docs/i18n.md``).
Numbers, dates and percentages are written by Babel's CLDR data for the language
("7,5" in German, "4 décembre 2026" in French). Nothing here decides *which*
language: the caller passes ``lang``, so one process can write a German dossier and
a French report side by side.

``qps`` is the pseudo-locale: every string comes back transformed (accented, in
brackets, placeholders kept) so a rendered output shows at a glance, and a test
proves, that no English sentence bypassed translation.
"""

from __future__ import annotations

import gettext as _gettext
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from babel import Locale
from babel import dates as _dates
from babel import numbers as _numbers

from mcqa.errors import ConfigError
from mcqa.i18n.pseudo import PSEUDO, pseudo
from mcqa.marks import N_, NC_, NN_
from mcqa.resources import standards_dir
from mcqa.vocab import LANGUAGES

__all__ = [
    "DEFAULT_LANG",
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "NC_",
    "NN_",
    "N_",
    "PSEUDO",
    "Translations",
    "_",
    "check_lang",
    "format_date",
    "format_decimal",
    "format_number",
    "format_percent",
    "gettext_for",
    "language_name",
    "languages_data",
    "ngettext",
    "pgettext",
]

DEFAULT_LANG = "en"
"""The source language of every string (and the fallback of every lookup)."""

DOMAIN = "mcqa"
"""The gettext domain: ``mcqa.po`` / ``mcqa.mo``."""

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
"""Where the compiled catalogs live (inside the package, so the wheel ships them)."""


class Translations(Protocol):
    """What :func:`gettext_for` returns: the two lookups of :mod:`gettext`."""

    def gettext(self, message: str, /) -> str:
        """``message`` in the language (the message itself when untranslated)."""

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        """The singular or plural form for ``n`` in the language."""

    def pgettext(self, context: str, message: str, /) -> str:
        """``message`` in the language, in ``context`` (one English word, two meanings)."""


class _Pseudo:
    """The pseudo-locale: every message transformed, so untranslated text stands out."""

    def gettext(self, message: str, /) -> str:
        return pseudo(message)

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return pseudo(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str, /) -> str:
        return pseudo(message)


def check_lang(lang: str) -> str:
    """``lang`` when mcqa has translations for it (or it is the pseudo-locale), else a
    :class:`ConfigError` naming the choices."""
    if lang in LANGUAGES or lang == PSEUDO:
        return lang
    raise ConfigError(f"language {lang!r} is not available",
                      hint=f"choose one of: {', '.join(LANGUAGES)}")


@cache
def gettext_for(lang: str) -> Translations:
    """The compiled catalog of ``lang`` (English for ``en``; the pseudo-locale for ``qps``).

    A catalog that is missing falls back to the English text; the test suite, not
    the run, guarantees every supported language has a complete, current catalog.
    """
    check_lang(lang)
    if lang == PSEUDO:
        return _Pseudo()
    if lang == DEFAULT_LANG:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang],
                                fallback=True)


def _(message: str, lang: str = DEFAULT_LANG, /, **params: Any) -> str:
    """``message`` in ``lang``, with ``{name}`` placeholders filled from ``params``.

    Placeholders are filled after translation, so a translator may move them.
    """
    text = gettext_for(lang).gettext(message)
    return text.format(**params) if params else text


def pgettext(context: str, message: str, lang: str = DEFAULT_LANG, /, **params: Any) -> str:
    """``message`` in ``lang`` as meant in ``context`` ("error" as a severity, "error" as a
    finding status), placeholders filled as in :func:`_`."""
    text = gettext_for(lang).pgettext(context, message)
    return text.format(**params) if params else text


def ngettext(singular: str, plural: str, n: int, lang: str = DEFAULT_LANG, /,
             **params: Any) -> str:
    """The form of ``singular``/``plural`` for ``n`` in ``lang``; ``{n}`` and ``params``
    filled in (``{n}`` as written in ``lang``: "1.234" in German)."""
    text = gettext_for(lang).ngettext(singular, plural, n)
    return text.format(n=format_decimal(n, lang, digits=0) if isinstance(n, int) else n,
                       **params)


@cache
def languages_data() -> dict[str, Any]:
    """``standards/i18n/languages.yaml``, schema-checked: per language its CLDR locale
    and date style, per target country its official languages and dossier default."""
    from mcqa.frameworks._data import load_yaml

    data, _path = load_yaml(standards_dir() / "i18n" / "languages.yaml",
                            "languages.schema.json")
    return data


def _settings(lang: str) -> dict[str, str]:
    code = DEFAULT_LANG if lang == PSEUDO else check_lang(lang)
    entry: dict[str, str] = languages_data()["languages"][code]
    return entry


def language_name(lang: str) -> str:
    """The language's own name ("Deutsch", "Polski"), for language selectors."""
    return _settings(lang)["name"]


@cache
def _locale(lang: str) -> Locale:
    """The Babel locale of ``lang`` (English's for the pseudo-locale): ``en_150`` for
    English (English in Europe), not US English; see languages.yaml."""
    return Locale.parse(_settings(lang)["cldr"])


def format_number(value: float | int, lang: str = DEFAULT_LANG) -> str:
    """A number as a reader of ``lang`` writes it: ``7.5`` -> "7,5" (de), "7.5" (en);
    integers get grouping ("12 345" in French). Never rounds away a stated value."""
    return _numbers.format_decimal(value, locale=_locale(lang), decimal_quantization=False)


def format_decimal(value: float | int, lang: str = DEFAULT_LANG, *, digits: int = 1) -> str:
    """A number rounded to at most ``digits`` decimals, in ``lang``'s notation (for
    shares and averages computed by mcqa, not for values a credential states)."""
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    return _numbers.format_decimal(value, format=pattern, locale=_locale(lang))


def format_percent(value: float, lang: str = DEFAULT_LANG, *, digits: int = 0) -> str:
    """A share (0.125) as a percentage in ``lang``: "13 %" (de, fr), "13%" (en)."""
    locale = _locale(lang)
    pattern = _numbers.parse_pattern(locale.percent_formats[None].pattern)
    pattern.frac_prec = (digits, digits)
    return str(pattern.apply(value, locale))


def format_date(value: date | datetime | str, lang: str = DEFAULT_LANG, *,
                style: str | None = None) -> str:
    """A calendar date in ``lang``: "4. Dezember 2026", "4 décembre 2026", "4 grudnia 2026";
    "2026-12-04" in English (the language's ``date`` style in languages.yaml unless
    ``style`` is given). ISO strings (``2026-12-04``, date-times too) are accepted; a
    string that is no ISO date is returned as it is (a value as the credential states it)."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        value = value.date()
    chosen = style or _settings(lang)["date"]
    if chosen == "iso":
        return value.isoformat()
    return _dates.format_date(value, format=chosen, locale=_locale(lang))
