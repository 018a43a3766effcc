"""Country and language names in any supported language, to ISO codes.

A German catalogue says "Deutschland" or "Österreich", a French one "Irlande", a Polish one
"Polska"; Annex I asks for the issuer's country, and the rules judge ISO 3166 codes. The
official names come from pycountry (ISO 3166-1 and ISO 639, with the translations it ships
for every supported language); names it lacks (Holland, England, endonyms such as "Sverige")
come from ``standards/vocabularies/country-names.yaml``. A code stays as written (``EL``,
``UK`` and alpha-3 are judged by the rules); a name nothing knows stays as stated, so the
country rule reports it at its cell.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from mcqa.vocab import LANGUAGES, normalise, vocabulary

__all__ = ["country_code", "country_languages", "language_code"]


def _key(text: str) -> str:
    """Compare names without case, accents, punctuation or a leading article."""
    folded = unicodedata.normalize("NFKD", normalise(text))
    plain = "".join(c for c in folded if not unicodedata.combining(c)).replace("ß", "ss")
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    return " ".join(words)


def _translations(domain: str) -> list[object]:
    import gettext

    import pycountry

    found: list[object] = []
    for lang in LANGUAGES:
        if lang == "en":
            continue
        try:
            found.append(gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:  # pragma: no cover - pycountry always ships these
            continue
    return found


@cache
def _countries() -> dict[str, str]:
    import pycountry

    table: dict[str, str] = {}
    translations = _translations("iso3166-1")
    for country in pycountry.countries:
        names = {getattr(country, attr, None) for attr in ("name", "official_name",
                                                            "common_name")}
        for name in [n for n in names if n]:
            table.setdefault(_key(name), country.alpha_2)
            for tr in translations:
                table.setdefault(_key(tr.gettext(name)), country.alpha_2)  # type: ignore[attr-defined]
    for code, entry in vocabulary("country-names").entries.items():
        for term in entry.all_terms:
            table[_key(term)] = code
    return table


def country_code(text: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a country *name* in any supported language (or an
    endonym), ``None`` when ``text`` is not a name mcqa knows (codes included: they are
    kept as written)."""
    key = _key(text)
    if not key or len(key) > 80:
        return None
    hit = _countries().get(key)
    if hit is not None:
        return hit
    vocab = vocabulary("country-names")
    for code, entry in vocab.entries.items():
        if entry.patterns and entry.matches(text):
            return code
    return None


@cache
def _languages() -> dict[str, str]:
    import pycountry

    table: dict[str, str] = {}
    translations = _translations("iso639-3")
    for language in pycountry.languages:
        alpha_2 = getattr(language, "alpha_2", None)
        if not alpha_2:
            continue
        table[alpha_2] = alpha_2
        table.setdefault(language.alpha_3, alpha_2)
        for attr in ("bibliographic", "terminology"):
            code = getattr(language, attr, None)
            if code:
                table.setdefault(code, alpha_2)
        name = language.name
        table.setdefault(_key(name), alpha_2)
        for tr in translations:
            table.setdefault(_key(tr.gettext(name)), alpha_2)  # type: ignore[attr-defined]
    return table


def language_code(text: str) -> str | None:
    """ISO 639-1 code for a language code or name ("de", "DE-de", "deu", "Deutsch",
    "German", "allemand", "niemiecki"), ``None`` when unknown."""
    key = _key(text)
    if not key or len(key) > 60:
        return None
    table = _languages()
    hit = table.get(key)
    if hit is None and " " in key and len(key.split()) == 2 and len(key.split()[1]) == 2:
        hit = table.get(key.split()[0])  # de-DE, en GB
    return hit


@cache
def _country_languages() -> dict[str, tuple[str, ...]]:
    """``standards/country-languages.yaml``, validated once."""
    import json

    import jsonschema

    from mcqa._yaml import load_safe
    from mcqa.errors import PackError
    from mcqa.resources import standards_dir

    path = standards_dir() / "country-languages.yaml"
    data = load_safe(path.read_text(encoding="utf-8"))
    schema = json.loads((standards_dir() / "schemas" / "country-languages.schema.json")
                        .read_text(encoding="utf-8"))
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(schema).iter_errors(data))
    if error is not None:
        raise PackError(f"invalid country languages: {error.message}", file=str(path),
                        hint="see standards/schemas/country-languages.schema.json")
    return {code: tuple(langs) for code, langs in data["countries"].items()}


def country_languages(code: str) -> tuple[str, ...]:
    """Official languages (ISO 639-1) of a country code (``BE`` → nl, fr, de); empty when
    the country is not listed. Why: a record stating no language is read in its issuer's
    languages when a verb's form decides whether an outcome is a statement."""
    return _country_languages().get(code.upper(), ())
