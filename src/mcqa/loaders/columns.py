"""Column-name recognition and mapping files for spreadsheet catalogues.

Ministries receive catalogues from dozens of providers, each with its own
header wording and language. Rather than demand one template, the catalogue
loader recognises the common names (English, French, German, Spanish,
Dutch), compared after :func:`normalize_header` so that case, accents,
spacing, punctuation and camelCase do not matter. Headers that are mcqa's own
field paths (``title``, ``workload.ects``, as written by ``mcqa template``)
are recognised directly. Anything else can be mapped explicitly with a
mapping file (:class:`ColumnMapping`); columns still unknown are kept as
``col.<name>`` extensions so no value is silently lost.

A *target* is a descriptor field path (dotted). A few targets are "smart":
``workload`` and ``level`` take a value with its unit or framework
(``5 ECTS``, ``120 h``, ``EQF 6``) and are split by the catalogue loader.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from mcqa.errors import ConfigError

# ---------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------

TEXT_TARGETS: tuple[str, ...] = (
    "id", "kind", "title", "language", "isced_f", "valid_until", "issue_date",
    "assessment_type", "participation_form", "prerequisites", "supervision_identity",
    "further_info", "provider.id", "provider.name", "learner.name", "learner.identifier",
    "awarding_body.name", "awarding_body.identifier", "awarding_body.legal_identifier",
    "awarding_body.url", "awarding_body.country", "workload.credit_system", "workload.duration",
    "level.framework", "level.nqf", "level.qf_ehea_cycle", "quality_assurance.description",
    "quality_assurance.internal", "quality_assurance.external", "quality_assurance.external_body",
    "quality_assurance.review_date", "quality_assurance.results_url", "grade.value",
    "grade.scheme", "stackability.mode", "stackability.towards",
)
"""Targets holding one text value."""

NUMBER_TARGETS: tuple[str, ...] = (
    "workload.ects", "workload.hours", "workload.credit_amount", "level.eqf",
)
"""Targets holding a number; a trailing unit (``5 ECTS``, ``120 h``) is accepted."""

BOOL_TARGETS: tuple[str, ...] = ("level.not_applicable",)

LIST_TARGETS: tuple[str, ...] = ("learning_outcomes", "issuer_country", "awarding_body")
"""Targets that may hold several values: one cell split on new lines or ``;``,
and several columns (``Learning outcome 1``, ``Learning outcome 2``) append."""

SMART_TARGETS: tuple[str, ...] = ("workload", "level")
"""Targets whose value carries its own unit or framework; split by the loader."""

ALIASES: dict[str, str] = {
    "provider": "provider.name",
    "learner": "learner.name",
    "quality_assurance": "quality_assurance.description",
    "grade": "grade.value",
    "stackability": "stackability.mode",
}
"""Element keys used as headers that stand for one of their sub-fields."""

TARGETS: frozenset[str] = frozenset(
    TEXT_TARGETS + NUMBER_TARGETS + BOOL_TARGETS + LIST_TARGETS + SMART_TARGETS
)
"""Every field path a column may be mapped to (besides ``extensions.<name>``)."""

IGNORE = "ignore"
"""Mapping-file target that drops a column on purpose."""

EXTENSION_PREFIX = "extensions."


def canonical_target(path: str) -> str | None:
    """The target a field path stands for, or ``None`` when it is not one."""
    path = path.strip()
    if path in TARGETS:
        return path
    if path in ALIASES:
        return ALIASES[path]
    if path.startswith(EXTENSION_PREFIX) and _EXT_KEY.fullmatch(path[len(EXTENSION_PREFIX):]):
        return path
    return None


_EXT_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}")

# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NOISE = frozenset({
    "optional", "required", "mandatory", "obligatoire", "facultatif", "optionnel",
    "obligatorio", "opcional", "pflicht", "pflichtfeld", "verpflichtend", "verplicht",
    "optioneel", "facultatief", "req", "opt",
})


def normalize_header(text: Any) -> str:
    """Header text reduced for comparison: ``"Crédits (ECTS)*"`` → ``"credits ects"``.

    Accents are stripped, camelCase split, punctuation folded to spaces and
    marker words such as "(optional)" dropped, because providers decorate
    headers freely and the meaning is in the remaining words.
    """
    raw = str(text) if text is not None else ""
    raw = _CAMEL.sub(" ", raw[:200])
    decomposed = unicodedata.normalize("NFKD", raw)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    stripped = stripped.replace("ß", "ss")
    words = [w for w in _NON_ALNUM.sub(" ", stripped).split() if w not in _NOISE]
    return " ".join(words)


def extension_key(header: Any, fallback: str) -> str:
    """``col.<name>`` key for an unrecognised column (``fallback`` when the header is blank)."""
    name = normalize_header(header).replace(" ", "_")[:60] or fallback.lower()
    return f"col.{name}"


# ---------------------------------------------------------------------------
# Synonyms (normalised with normalize_header at import)
# ---------------------------------------------------------------------------

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": (
        "id", "identifier", "course id", "course code", "code", "programme code", "program code",
        "module code", "credential id", "record id", "reference", "ref", "offer id",
        "kurs id", "kursnummer", "kennung", "modulnummer", "code de la formation", "identifiant",
        "code formation", "codigo", "codigo del curso", "identificador", "cursuscode",
        "code opleiding", "opleidingscode", "kenmerk",
    ),
    "title": (
        "title", "name", "course", "course title", "course name", "programme", "program",
        "programme title", "program title", "programme name", "program name", "module",
        "module title", "module name", "micro credential", "micro credential title",
        "micro credential name", "microcredential", "microcredential title", "credential title",
        "credential name", "qualification title", "training title", "title of the course",
        "name of the micro credential", "titel", "kurstitel", "kursname", "bezeichnung",
        "titel des kurses", "name des kurses", "titel der micro credential", "titre",
        "intitule", "intitule de la formation", "titre de la formation", "nom de la formation",
        "nom du cours", "formation", "titulo", "titulo del curso", "nombre del curso",
        "nombre", "curso", "denominacion", "naam", "titel van de cursus", "cursusnaam",
        "naam opleiding", "naam van de opleiding", "opleiding", "cursus",
    ),
    "provider.name": (
        "provider", "provider name", "training provider", "education provider",
        "course provider", "institution", "institution name", "organisation", "organization",
        "organisation name", "organization name", "university", "school", "anbieter",
        "anbietername", "bildungsanbieter", "einrichtung", "hochschule", "bildungseinrichtung",
        "prestataire", "organisme", "organisme de formation", "etablissement", "fournisseur",
        "proveedor", "institucion", "centro", "entidad", "centro de formacion", "aanbieder",
        "naam aanbieder", "instelling", "onderwijsinstelling", "opleider",
    ),
    "provider.id": (
        "provider id", "provider code", "institution id", "institution code",
        "organisation id", "organization id", "organisation code", "erasmus code", "pic",
        "anbieter id", "anbieternummer", "code etablissement", "identifiant etablissement",
        "uai", "codigo del centro", "codigo centro", "brin", "aanbieder id", "instellingscode",
    ),
    "awarding_body": (
        "awarding body", "awarding bodies", "awarding institution", "awarding organisation",
        "awarding organization", "issuer", "issuing body", "issuing institution", "issued by",
        "awarded by", "certifying body", "certification body", "verliehen von",
        "ausstellende stelle", "aussteller", "ausstellende einrichtung",
        "zertifizierende stelle", "organisme certificateur", "certificateur", "delivre par",
        "organisme de delivrance", "entidad emisora", "emisor", "expedido por",
        "organismo certificador", "uitgevende instantie", "uitgever", "verstrekt door",
        "certificerende instantie",
    ),
    "awarding_body.url": ("awarding body url", "issuer url", "awarding body website"),
    "awarding_body.identifier": ("awarding body id", "issuer id", "awarding body identifier"),
    "awarding_body.legal_identifier": (
        "awarding body legal id", "legal identifier", "vat", "vat number", "legal id",
        "company number", "ust id", "numero de tva", "siret", "cif", "nif", "kvk",
        "kvk nummer", "btw nummer",
    ),
    "awarding_body.country": ("awarding body country",),
    "issuer_country": (
        "country", "countries", "issuer country", "country of issuer", "country of the issuer",
        "issuing country", "country code", "country region", "land", "staat",
        "land des ausstellers", "pays", "pays de delivrance", "pais", "pais emisor",
        "land van uitgifte",
    ),
    "issue_date": (
        "issue date", "date of issue", "issued on", "issuance date", "date issued",
        "award date", "date awarded", "awarding date", "ausstellungsdatum", "ausgestellt am",
        "verleihungsdatum", "date de delivrance", "date d emission", "date de delivrance du",
        "fecha de emision", "fecha de expedicion", "uitgiftedatum", "datum van uitgifte",
        "datum uitgifte",
    ),
    "valid_until": (
        "valid until", "valid to", "expiry date", "expiration date", "expires", "expiry",
        "validity", "gultig bis", "ablaufdatum", "gultigkeit", "valable jusqu au",
        "date d expiration", "validite", "valido hasta", "fecha de caducidad",
        "fecha de expiracion", "geldig tot", "vervaldatum", "geldigheid",
    ),
    "learning_outcomes": (
        "learning outcomes", "learning outcome", "outcomes", "intended learning outcomes",
        "los", "lo", "ilos", "learning objectives", "competences", "competencies",
        "lernergebnisse", "lernergebnis", "lernziele", "kompetenzen", "qualifikationsziele",
        "acquis d apprentissage", "resultats d apprentissage", "acquis de la formation",
        "competences visees", "objectifs pedagogiques", "resultados de aprendizaje",
        "resultado de aprendizaje", "competencias", "leerresultaten", "leeruitkomsten",
        "leerdoelen", "competenties", "beoogde leerresultaten",
    ),
    "workload.ects": (
        "ects", "ects credits", "credits ects", "ects credit", "ects points", "ects punkte",
        "ects leistungspunkte", "leistungspunkte", "lp", "ects lp", "credits ects",
        "nombre de credits ects", "credits europeens", "creditos ects", "ects creditos",
        "studiepunten", "ects studiepunten", "ects punten", "ec", "ects workload",
        "workload ects", "workload in ects", "credit ects",
    ),
    "workload.credit_amount": (
        "credits", "credit", "credit value", "credit points", "cp", "punkte", "kreditpunkte",
        "credits nombre", "nombre de credits", "creditos", "numero de creditos",
    ),
    "workload.credit_system": (
        "credit system", "credit scheme", "credit framework", "kreditsystem",
        "systeme de credits", "sistema de creditos", "studiepuntensysteem",
    ),
    "workload.hours": (
        "hours", "learning hours", "notional hours", "notional learning hours", "study hours",
        "workload hours", "workload in hours", "total hours", "duration hours",
        "duration in hours", "hours of learning", "total learning hours", "stunden",
        "arbeitsstunden", "lernstunden", "zeitaufwand in stunden", "workload stunden",
        "zeitstunden", "heures", "nombre d heures", "volume horaire", "duree en heures",
        "horas", "numero de horas", "horas totales", "horas lectivas", "uren",
        "aantal uren", "studie uren", "studiebelasting in uren", "studielast in uren",
    ),
    "workload.duration": (
        "duration", "length", "course length", "course duration", "dauer", "kursdauer",
        "duree", "duree de la formation", "duracion", "duur", "looptijd",
    ),
    "workload": (
        "workload", "study load", "notional workload", "volume of learning", "arbeitsaufwand",
        "arbeitsbelastung", "workload gesamt", "charge de travail", "volume de travail",
        "carga de trabajo", "carga lectiva", "studielast", "studiebelasting",
    ),
    "level.eqf": (
        "eqf", "eqf level", "level eqf", "eqf niveau", "niveau eqf", "eqr", "eqr niveau",
        "eqr stufe", "dqr eqr", "niveau cec", "cec", "nivel eqf", "nivel mec", "mec",
        "eqf nivel", "european qualifications framework level",
    ),
    "level.nqf": (
        "nqf", "nqf level", "national level", "national qualifications framework level",
        "nfq", "nfq level", "dqr", "dqr niveau", "dqr stufe", "niveau dqr", "niveau rncp",
        "niveau national", "nivel nacional", "nivel mecu", "nlqf", "nlqf niveau",
        "nlqf level", "niveau nlqf",
    ),
    "level.framework": (
        "framework", "qualifications framework", "qualification framework", "qf",
        "referenzrahmen", "qualifikationsrahmen", "cadre de certification",
        "cadre national des certifications", "marco de cualificaciones", "kwalificatieraamwerk",
    ),
    "level.qf_ehea_cycle": ("qf ehea", "qf ehea cycle", "bologna cycle", "cycle", "ehea cycle"),
    "level": (
        "level", "niveau", "stufe", "nivel", "level of learning", "qualification level",
        "learning level", "niveau de qualification", "nivel de cualificacion",
    ),
    "assessment_type": (
        "assessment", "assessment type", "type of assessment", "assessment method",
        "assessment methods", "assessment form", "examination", "exam", "evaluation",
        "prufung", "prufungsform", "prufungsart", "art der prufung", "leistungsnachweis",
        "modalites d evaluation", "type d evaluation", "mode d evaluation",
        "modalite d evaluation", "evaluacion", "tipo de evaluacion", "metodo de evaluacion",
        "sistema de evaluacion", "toetsing", "toetsvorm", "beoordeling", "type toetsing",
        "wijze van toetsing",
    ),
    "participation_form": (
        "mode of delivery", "delivery mode", "delivery", "mode", "format", "learning mode",
        "mode of learning", "form of participation", "participation form", "study mode",
        "delivery format", "mode of study", "lernform", "durchfuhrungsform",
        "veranstaltungsform", "format der veranstaltung", "modalite", "mode de formation",
        "modalite de formation", "format de la formation", "modalite pedagogique",
        "modalidad", "modalidad de imparticion", "formato", "leervorm", "onderwijsvorm",
        "vorm",
    ),
    "quality_assurance.description": (
        "quality assurance", "qa", "quality", "type of quality assurance",
        "quality assurance type", "quality assurance arrangements", "accreditation",
        "qualitatssicherung", "akkreditierung", "assurance qualite", "garantie de qualite",
        "accreditation qualite", "garantia de calidad", "aseguramiento de la calidad",
        "acreditacion", "kwaliteitszorg", "kwaliteitsborging", "accreditatie",
    ),
    "quality_assurance.external_body": (
        "qa body", "quality assurance body", "accreditation body", "accrediting body",
        "accreditor", "quality agency", "external qa body", "accreditation agency",
        "akkreditierungsagentur", "akkreditierungsstelle", "agence d accreditation",
        "organisme d accreditation", "agencia de calidad", "agencia de acreditacion",
        "accreditatieorgaan",
    ),
    "quality_assurance.internal": ("internal quality assurance", "internal qa"),
    "quality_assurance.external": ("external quality assurance", "external qa"),
    "quality_assurance.review_date": (
        "qa review date", "last review", "review date", "date of last review",
        "last qa review",
    ),
    "quality_assurance.results_url": (
        "qa url", "quality assurance url", "qa report", "qa report url", "qa results",
    ),
    "prerequisites": (
        "prerequisites", "prerequisite", "entry requirements", "admission requirements",
        "requirements", "entry level", "voraussetzungen", "zugangsvoraussetzungen",
        "teilnahmevoraussetzungen", "prerequis", "pre requis", "conditions d admission",
        "conditions d acces", "requisitos", "requisitos previos", "requisitos de acceso",
        "toelatingseisen", "vooropleiding", "voorkennis", "instroomeisen", "toelatingsvoorwaarden",
    ),
    "supervision_identity": (
        "supervision", "identity verification", "supervision and identity verification",
        "supervision identity verification", "proctoring", "invigilation", "aufsicht",
        "identitatsprufung", "surveillance", "verification d identite", "supervision et identite",
        "verificacion de identidad", "supervision e identidad", "toezicht",
        "identiteitscontrole",
    ),
    "grade.value": (
        "grade", "mark", "result", "ergebnis", "calificacion", "nota", "cijfer", "resultaat",
    ),
    "grade.scheme": (
        "grading scheme", "grading scale", "grading system", "notenskala", "bewertungsschema",
        "bareme", "echelle de notation", "escala de calificacion", "beoordelingsschaal",
    ),
    "stackability.mode": (
        "stackability", "stackable", "integration", "stackability options",
        "integration stackability options", "stapelbarkeit", "kombinierbarkeit",
        "empilabilite", "capitalisation", "apilabilidad", "stapelbaarheid",
    ),
    "stackability.towards": (
        "stacks towards", "counts towards", "leads to", "part of", "anrechenbar auf",
        "menant a", "conduce a", "leidt tot",
    ),
    "further_info": (
        "url", "website", "web", "link", "more information", "further information",
        "homepage", "course url", "course page", "course website", "info", "weitere informationen",
        "webseite", "mehr informationen", "plus d informations", "site web", "site internet",
        "lien", "informacion adicional", "mas informacion", "sitio web", "enlace",
        "pagina web", "meer informatie", "verdere informatie",
    ),
    "language": (
        "language", "languages", "language of instruction", "teaching language",
        "sprache", "unterrichtssprache", "kurssprache", "langue", "langue d enseignement",
        "langue de la formation", "idioma", "lengua", "idioma de imparticion", "taal",
        "voertaal", "onderwijstaal",
    ),
    "isced_f": (
        "isced", "isced f", "isced f code", "isced code", "isced field", "iscedf",
        "isced f 2013", "isced 2013", "field of education", "field of education isced",
        "isced fachgebiet", "domaine isced", "campo isced", "isced veld",
    ),
    "learner.name": (
        "learner", "learner name", "student", "student name", "participant", "recipient",
        "recipient name", "name of learner", "teilnehmer", "teilnehmername", "lernende",
        "apprenant", "nom de l apprenant", "estudiante", "participante", "alumno",
        "deelnemer", "naam deelnemer", "naam student",
    ),
    "learner.identifier": (
        "learner id", "student id", "student number", "learner identifier", "recipient email",
        "recipient id", "email", "e mail", "recipient mailadres", "mailadres", "recipient eppn",
        "eppn", "matrikelnummer", "numero etudiant", "identifiant apprenant",
        "numero de estudiante", "studentnummer",
    ),
    "kind": ("kind", "record kind"),
}


def _build_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for target, names in _SYNONYMS.items():
        for name in names:
            key = normalize_header(name)
            if key in table and table[key] != target:  # pragma: no cover - table bug
                raise AssertionError(f"synonym {name!r} maps to {table[key]} and {target}")
            table[key] = target
    return table


SYNONYMS: dict[str, str] = _build_table()
"""Normalised header → target. Exposed for documentation and tests."""

# Linear in the header's length (tests/hostile/test_regex_budget.py): possessive runs, and
# the trailing number found from its own start rather than by backtracking over ".*".
_PATH_IN_BRACKETS = re.compile(r"[\[(]\s*+([A-Za-z_][A-Za-z0-9_.-]*+)\s*+[\])]\s*+$")
_PATH_PREFIX = re.compile(r"^\s*+([A-Za-z_][A-Za-z0-9_.-]*+)\s*+(?:[:|\u2013\u2014]|(?<=\s)-\s)")
_TRAILING_NUMBER = re.compile(r"(?<=\D)\d{1,2}$")


def _field_path(raw: str) -> str | None:
    """A field path written in the header: the whole cell, its first line,
    ``Label [path]`` / ``Label (path)``, or ``path: Label`` (``mcqa template`` style)."""
    text = raw.strip()
    candidates = [text, text.split("\n", 1)[0].strip()]
    for pattern in (_PATH_IN_BRACKETS, _PATH_PREFIX):
        match = pattern.search(text.split("\n", 1)[0])
        if match:
            candidates.append(match.group(1))
    for candidate in candidates:
        target = canonical_target(candidate)
        if target is not None:
            return target
    return None


@lru_cache(maxsize=4096)
def recognise(header: str) -> str | None:
    """Target for a header cell, or ``None`` when the name is not recognised.

    Order: an explicit field path (``workload.ects``) first, then the synonym
    table; a trailing number is allowed on list targets (``Learning outcome 3``).
    """
    if not header:
        return None
    path = _field_path(header)
    if path is not None:
        return path
    key = normalize_header(header)
    if key in SYNONYMS:
        return SYNONYMS[key]
    numbered = _TRAILING_NUMBER.search(key)
    if numbered:
        base = SYNONYMS.get(key[:numbered.start()].strip())
        if base in LIST_TARGETS:
            return base
    return None


# ---------------------------------------------------------------------------
# Mapping files
# ---------------------------------------------------------------------------

MAPPING_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "mcqa catalogue column mapping",
    "type": "object",
    "additionalProperties": False,
    "required": ["columns"],
    "properties": {
        "mcqa-mapping": {"const": 1},
        "columns": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"minLength": 1, "maxLength": 200},
            "additionalProperties": {
                "type": "string",
                "anyOf": [
                    {"enum": sorted(TARGETS | set(ALIASES) | {IGNORE})},
                    {"pattern": r"^extensions\.[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}$"},
                ],
            },
        },
        "header_row": {"type": "integer", "minimum": 1, "maximum": 1000},
        "sheets": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    },
}
"""JSON Schema of a mapping file (also printed in docs/catalogue-intake.md)."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys (a silently overwritten mapping is a trap)."""


def _construct_unique(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise ConfigError(f"duplicate key {str(key)[:60]!r}",
                              location=f"line {key_node.start_mark.line + 1}",
                              hint="list each column once")
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique)


@dataclass(frozen=True)
class ColumnMapping:
    """An explicit header → target table from a ``--mapping`` file."""

    file: str
    columns: dict[str, str]
    """Normalised header → target (or ``ignore``)."""
    header_row: int | None = None
    sheets: tuple[str, ...] | None = None

    def target_for(self, header: str) -> str | None:
        """Mapped target of ``header`` (``ignore`` included), ``None`` when not listed."""
        return self.columns.get(normalize_header(header))

    @classmethod
    def load(cls, path: Path) -> ColumnMapping:
        """Read and validate a mapping file; any problem is a :class:`ConfigError`."""
        try:
            stat = path.stat()
        except OSError as exc:
            raise ConfigError(f"cannot read mapping file: {exc.strerror}", file=str(path),
                              hint="check the --mapping path") from None
        return _load_mapping(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _load_mapping(file: str, _mtime: int, size: int) -> ColumnMapping:
    """Cached per (path, mtime): a batch of 1000 files reads the mapping once."""
    from mcqa._yaml import line_of, load_aux
    from mcqa.fsguard import display_name

    data, text = load_aux(Path(file), what="mapping file", error=ConfigError,
                          limit=1_000_000, loader=_UniqueKeyLoader, max_nodes=100_000)
    file = display_name(file)
    validator = jsonschema.Draft202012Validator(MAPPING_SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path)))
    if errors:
        error = _schema_error(file, errors[0])
        line = line_of(text, list(errors[0].path))
        if line is not None:
            error = ConfigError(error.message, file=file,
                                location=f"line {line} ({error.location})", hint=error.hint)
        raise error
    assert isinstance(data, dict)
    columns: dict[str, str] = {}
    for header, target in data["columns"].items():
        key = normalize_header(header)
        where = f"line {line_of(text, ['columns', header])} (columns.{header!s:.60})"
        if not key:
            raise ConfigError("column header has no letters or digits", file=file,
                              location=where, hint="give the header text")
        if key in columns:
            raise ConfigError(f"column {header!s:.60} is listed twice (headers are compared "
                              "ignoring case, accents and punctuation)", file=file,
                              location=where, hint="keep one entry")
        canonical = IGNORE if target == IGNORE else canonical_target(target)
        assert canonical is not None  # guaranteed by the schema
        columns[key] = canonical
    sheets = tuple(data["sheets"]) if "sheets" in data else None
    return ColumnMapping(file=file, columns=columns, header_row=data.get("header_row"),
                         sheets=sheets)


def _schema_error(file: str, error: jsonschema.ValidationError) -> ConfigError:
    where = ".".join(str(p) for p in error.path) or "(top level)"
    value = error.instance
    if len(error.path) == 2 and error.path[0] == "columns" and isinstance(value, str):
        close = difflib.get_close_matches(value, sorted(TARGETS | set(ALIASES)), n=1)
        hint = f"did you mean {close[0]}?" if close else (
            "use a field path such as title, workload.ects, level.eqf, extensions.<name> "
            "or ignore")
        return ConfigError(f"{value[:60]!r} is not a field mcqa can map a column to",
                           file=file, location=where, hint=hint)
    if error.validator == "additionalProperties" and not error.path:
        return ConfigError(f"unknown key: {error.message[:120]}", file=file, location=where,
                           hint="allowed keys: columns, header_row, sheets, mcqa-mapping")
    return ConfigError(error.message[:200], file=file, location=where,
                       hint="see docs/catalogue-intake.md for the mapping file format")
