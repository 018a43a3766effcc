"""A small, hand-written term map: JSON keys as they really come -> one compact name.

Credentials arrive as compact JSON-LD (``title``), with prefixes (``elm:title``,
``dc:title``, ``ceterms:name``), or with full IRIs as keys
(``http://data.europa.eu/snb/model/elm/title``). Expanding them properly needs
their JSON-LD contexts, which mcqa never fetches; but every key we read is
determined by (namespace, local name), so a fixed table is enough to read them
all the same way. Terms whose compact key differs from the IRI's local name
(``eqfLevel`` = ``elm:EQFLevel``) are taken from the official ELM ``edc-ap``
context and listed in :data:`ALIASES`.

Also here: controlled-vocabulary tables (Europass modes, credit frameworks,
country and language authority codes) that loaders use to normalise values
without looking anything up on the network.
"""

from __future__ import annotations

import re
from functools import lru_cache

NAMESPACES: dict[str, str] = {
    "http://data.europa.eu/snb/model/elm/": "elm",
    "http://data.europa.eu/snb/model#": "elm",
    "http://data.europa.eu/snb/model/": "elm",
    "http://data.europa.eu/europass/model/credentials#": "elm",
    "http://purl.org/dc/terms/": "dc",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://www.w3.org/2004/02/skos/core#": "skos",
    "http://xmlns.com/foaf/0.1/": "foaf",
    "http://www.w3.org/ns/adms#": "adms",
    "http://www.w3.org/ns/org#": "org",
    "http://www.w3.org/ns/regorg#": "rov",
    "http://www.w3.org/ns/locn#": "locn",
    "http://www.w3.org/ns/person#": "person",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
    "https://www.w3.org/2018/credentials#": "cred",
    "https://w3id.org/credentials#": "cred",
    "http://data.europa.eu/snb/model/w3c/vc/": "vc",
    "https://w3id.org/openbadges#": "obi",
    "https://w3id.org/openbadges/extensions#": "extensions",
    "https://purl.imsglobal.org/spec/vc/ob/vocab.html#": "obi",
    "https://purl.imsglobal.org/spec/vc/clr/vocab.html#": "clr",
    "http://schema.org/": "schema",
    "https://schema.org/": "schema",
    "https://purl.org/ctdl/terms/": "ceterms",
    "http://purl.org/ctdl/terms/": "ceterms",
    "https://purl.org/ceterms/": "ceterms",
    "http://purl.org/ceterms/": "ceterms",
    "https://purl.org/ctdlasn/terms/": "ceasn",
    "http://purl.org/ctdlasn/terms/": "ceasn",
    "https://w3id.org/security#": "sec",
}
"""Namespace IRI -> conventional prefix (longest namespaces are tried first)."""

_NS_ORDER = sorted(NAMESPACES, key=len, reverse=True)

ALIASES: dict[tuple[str, str], str] = {
    ("elm", "contentUrl"): "contentURL",
    ("dc", "created"): "dateCreated",
    ("dc", "issued"): "dateIssued",
    ("dc", "modified"): "dateModified",
    ("dc", "type"): "dcType",
    ("elm", "eidasLegalIdentifier"): "eIDASIdentifier",
    ("elm", "subject"): "elmSubject",
    ("elm", "EQFLevel"): "eqfLevel",
    ("elm", "maxScore"): "maximumScore",
    ("elm", "minScore"): "minimumScore",
    ("elm", "NQFLevel"): "nqfLevel",
    ("elm", "ISCEDFCode"): "thematicArea",
    ("rdf", "type"): "type",
}
"""(prefix, IRI local name) -> compact key, where the official context renames a term."""

_PREFIXED = re.compile(r"^([A-Za-z][\w.-]*):([^/].*)$")
_URI_SCHEMES = frozenset({"http", "https", "urn", "did", "mailto", "data", "tag"})


def normalise_key(key: str) -> str:
    """The compact name a JSON key stands for (``elm:hasClaim`` -> ``hasClaim``).

    ``@type``/``@id`` are the same as ``type``/``id`` for our purposes: the
    Europass uploadable wrapper and compact JSON-LD use either.
    """
    if key in ("@type", "@id"):
        return key[1:]
    if key.startswith(("http://", "https://")):
        for ns in _NS_ORDER:
            if key.startswith(ns) and len(key) > len(ns):
                local = key[len(ns):]
                return ALIASES.get((NAMESPACES[ns], local), local)
        local = re.split(r"[#/]", key.rstrip("/#"))[-1]
        return local or key
    match = _PREFIXED.match(key)
    if match and match.group(1).lower() not in _URI_SCHEMES:
        prefix, local = match.group(1), match.group(2)
        return ALIASES.get((prefix, local), local)
    return key


def local_type(value: str) -> str:
    """Local name of a type value (``elm:LearningAchievement``, full IRI, or compact)."""
    return normalise_key(value) if isinstance(value, str) else ""


# --- Europass controlled vocabularies ------------------------------------------------

MODES: dict[str, str] = {
    "920fbb3cbe": "online",
    "9191af2ed9": "onsite",
    "e92d221e4d": "blended",
    "c_3a90b26d": "hybrid",
    "729f3bed4b": "work-based",
}
"""Europass learning-assessment (mode) concept id -> Annex I form of participation.

Scheme http://data.europa.eu/snb/learning-assessment/25831c2 ("Presential" is
Annex I's on-site).
"""

MODE_LABELS: dict[str, str] = {
    "online": "online",
    "presential": "onsite",
    "onsite": "onsite",
    "on-site": "onsite",
    "in person": "onsite",
    "in-person": "onsite",
    "face-to-face": "onsite",
    "blended": "blended",
    "hybrid": "hybrid",
    "workbased": "work-based",
    "work-based": "work-based",
    "work based": "work-based",
}
"""Free-text mode labels (lower case) -> Annex I form of participation."""

CREDIT_FRAMEWORKS: dict[str, str] = {
    "6fcec5c5af": "ECTS",
    "60b314e826": "ECVET",
}
"""Europass education-credit concept id -> credit system id."""

EU_LANGUAGES: dict[str, str] = {
    "BUL": "bg", "CES": "cs", "DAN": "da", "DEU": "de", "ELL": "el", "ENG": "en",
    "EST": "et", "FIN": "fi", "FRA": "fr", "GLE": "ga", "HRV": "hr", "HUN": "hu",
    "ITA": "it", "LAV": "lv", "LIT": "lt", "MLT": "mt", "NLD": "nl", "POL": "pl",
    "POR": "pt", "RON": "ro", "SLK": "sk", "SLV": "sl", "SPA": "es", "SWE": "sv",
    "NOR": "no", "ISL": "is", "TUR": "tr", "MKD": "mk", "SRP": "sr", "CAT": "ca",
    "EUS": "eu", "GLG": "gl", "UKR": "uk", "SQI": "sq", "BOS": "bs", "LTZ": "lb",
}
"""EU language authority code -> ISO 639-1 (the authority table's codes are ISO 639-2/B-ish)."""

EU_COUNTRIES: dict[str, str] = {
    "AUT": "AT", "BEL": "BE", "BGR": "BG", "HRV": "HR", "CYP": "CY", "CZE": "CZ",
    "DNK": "DK", "EST": "EE", "FIN": "FI", "FRA": "FR", "DEU": "DE", "GRC": "GR",
    "HUN": "HU", "IRL": "IE", "ITA": "IT", "LVA": "LV", "LTU": "LT", "LUX": "LU",
    "MLT": "MT", "NLD": "NL", "POL": "PL", "PRT": "PT", "ROU": "RO", "SVK": "SK",
    "SVN": "SI", "ESP": "ES", "SWE": "SE", "ISL": "IS", "LIE": "LI", "NOR": "NO",
    "CHE": "CH", "GBR": "GB", "TUR": "TR", "MKD": "MK", "ALB": "AL", "MNE": "ME",
    "SRB": "RS", "BIH": "BA", "XKX": "XK", "UKR": "UA", "MDA": "MD", "GEO": "GE",
    "ARM": "AM", "USA": "US", "CAN": "CA", "AUS": "AU", "NZL": "NZ", "ZAF": "ZA",
    "IND": "IN", "CHN": "CN", "JPN": "JP", "BRA": "BR", "MEX": "MX", "AND": "AD",
    "MCO": "MC", "SMR": "SM", "VAT": "VA", "FRO": "FO", "GRL": "GL",
}
"""EU country authority code (ISO 3166-1 alpha-3 based) -> alpha-2 used across mcqa."""

COUNTRY_NAMES: dict[str, str] = {
    "the netherlands": "NL", "netherlands": "NL", "nederland": "NL",
    "ireland": "IE", "italy": "IT", "spain": "ES", "germany": "DE", "france": "FR",
    "belgium": "BE", "slovenia": "SI", "sweden": "SE", "united states": "US",
    "united kingdom": "GB", "portugal": "PT", "poland": "PL", "austria": "AT",
}
"""A few country names seen in real samples (free-text addresses) -> alpha-2."""


def country_code(value: str) -> str | None:
    """Alpha-2 code from an EU authority URI, an alpha-2/alpha-3 code or a known name."""
    text = value.strip()
    if not text:
        return None
    if "/authority/country/" in text:
        text = text.rstrip("/").rsplit("/", 1)[-1]
    upper = text.upper()
    if len(upper) == 2 and upper.isalpha():
        return "GB" if upper == "UK" else upper
    if len(upper) == 3 and upper.isalpha():
        return EU_COUNTRIES.get(upper, upper)
    return COUNTRY_NAMES.get(text.lower()) or _country_by_name(text.casefold())


@lru_cache(maxsize=512)
def _country_by_name(name: str) -> str | None:
    """ISO 3166 name, official name or common name ("Japan", "Republic of Korea") -> alpha-2,
    from pycountry's list rather than a hand-kept table."""
    if len(name) > 80:
        return None
    import pycountry

    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if isinstance(value, str) and value.casefold() == name:
                return str(country.alpha_2)
    return None


def language_code(value: str) -> str | None:
    """ISO 639-1 from an EU language authority URI or a BCP 47 tag (``nl-NL`` -> ``nl``)."""
    text = value.strip()
    if not text:
        return None
    if "/authority/language/" in text:
        code = text.rstrip("/").rsplit("/", 1)[-1].upper()
        return EU_LANGUAGES.get(code, code.lower())
    primary = text.split("-")[0].split("_")[0].lower()
    if 2 <= len(primary) <= 3 and primary.isalpha():
        return primary
    return None


ESCO_PREFIX = "http://data.europa.eu/esco/"
"""ESCO concept URIs start with this (skills, occupations, qualifications)."""


def is_esco(uri: str) -> bool:
    """True for an ESCO concept URI (http or https)."""
    return uri.replace("https://", "http://", 1).startswith(ESCO_PREFIX)
