"""SD-JWT VC credential types: the registry (``standards/sd-jwt-vc/types.yaml``) and the
mapping of each type's disclosed claims to a :class:`~mcqa.model.CredentialRecord`.

Mappings read the reconstructed claims through :class:`~mcqa.loaders._common.J`, so every
value carries its JSON pointer in the claims; the loader turns pointers into locators that
name the disclosure (``disclosure 3 at /title``) or the issuer-signed payload
(``JWT payload/iss``). Where an element is absent, the mapping records the claim(s) it
looked at (``m.looked``); the loader decides from those pointers whether the holder
withheld the element. An element a type defines no claim for is looked for at
:data:`NO_CLAIM` (never withheld: there is nothing to withhold).

* ``webuild``: WE BUILD Micro-credential Attestation (flat claims, camelCase); every
  rulebook claim is also kept as ``extensions.webuild.<claim>`` for the ``webuild-mc`` pack.
* ``eudi-learning``: the EUDI reference issuer's Learning Credential (flat, snake_case).
* ``ob3``: DC4EU/SUNET MicroCredential, whose claims are Open Badges 3.0 shaped: read by
  the Open Badges 3.0 mapping.
* ``elm``: DC4EU/SUNET ELM Credential, an ELM credential under ``elm``: read by the ELM
  mapping.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from mcqa.errors import PackError
from mcqa.loaders._common import IdIndex, J, Mapper, duration_hours, is_duration
from mcqa.loaders.base import SourceDocument
from mcqa.loaders.terms import MODE_LABELS, country_code, language_code
from mcqa.model import (
    CredentialRecord,
    Grade,
    Learner,
    LearningOutcome,
    Level,
    Organisation,
    QualityAssurance,
    Stackability,
    Workload,
)
from mcqa.resources import standards_dir

FORMAT = "sd-jwt-vc"
NO_CLAIM = "(the credential type defines no claim for this)"


@dataclass(frozen=True)
class CredentialType:
    """One SD-JWT VC type mcqa maps (an entry of ``types.yaml``)."""

    id: str
    title: str
    mapping: str
    vct: tuple[str, ...]
    source: dict[str, str]
    sd: dict[tuple[str | None, ...], str]
    """Claim path -> ``always`` | ``allowed`` | ``never``."""

    def policy(self, path: tuple[str | None, ...]) -> str:
        """The type's selective-disclosure policy for a claim (``allowed`` when unlisted);
        array indexes match a ``null`` in the listed path."""
        for listed, sd in self.sd.items():
            if len(listed) == len(path) and all(a is None or a == b
                                                for a, b in zip(listed, path, strict=True)):
                return sd
        return "allowed"


@dataclass(frozen=True)
class Registry:
    """Types by vct, and the vcts that are not micro-credentials."""

    types: dict[str, CredentialType]
    skip: dict[str, str]


@cache
def registry() -> Registry:
    """The bundled registry, validated against its schema once per process."""
    import json

    import jsonschema

    path = standards_dir() / "sd-jwt-vc" / "types.yaml"
    schema_path = standards_dir() / "schemas" / "sd-jwt-vc-types.schema.json"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)
    except (OSError, yaml.YAMLError, jsonschema.ValidationError) as exc:
        raise PackError(f"SD-JWT VC type registry unusable: {exc}", file=str(path),
                        hint="reinstall mcqa; see standards/schemas/sd-jwt-vc-types.schema.json"
                        ) from None
    types: dict[str, CredentialType] = {}
    for entry in data["types"]:
        t = CredentialType(entry["id"], entry["title"], entry["mapping"], tuple(entry["vct"]),
                           dict(entry["source"]),
                           {tuple(c["path"]): c["sd"] for c in entry["claims"]})
        for vct in t.vct:
            types[vct] = t
    skip = {vct: e["reason"] for e in data["not_micro_credentials"] for vct in e["vct"]}
    return Registry(types, skip)


# --- shared helpers -------------------------------------------------------------------------

def _text(node: J | None) -> tuple[str, str] | None:
    if node is None:
        return None
    found = node.text_at()
    return found if found and found[0] else None


def _strings(node: J | None) -> list[tuple[str, str]]:
    if node is None:
        return []
    return [f for f in (x.text_at() for x in node.items()) if f and f[0]]


def _epoch_iso(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 4e10:
        return dt.datetime.fromtimestamp(value, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return None


_EQF = re.compile(r"^\s*(?:EQF[\s_-]*(?:level[\s_-]*)?)?([1-8])\s*$", re.I)


def eqf_level(value: Any) -> int | None:
    """EQF level from ``6``, ``"6"``, ``"EQF-6"``, ``"EQF level 6"``; ``None`` otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= 8 else None
    if isinstance(value, str):
        m = _EQF.match(value)
        return int(m.group(1)) if m else None
    return None


_AMOUNT = re.compile(r"^\s*(\d{1,6}(?:[.,]\d{1,4})?)\s*(ects|ects credits|credits|hours|h|hrs)\s*$",
                     re.I)


def workload_of(text: str) -> Workload | None:
    """A workload from ``"5 ECTS"``, ``"120 hours"`` or an ISO 8601 duration in hours
    (``PT120H``); ``None`` for calendar durations (``"12 months"``) and other text."""
    m = _AMOUNT.match(text)
    if m:
        amount = float(m.group(1).replace(",", "."))
        if m.group(2).lower().startswith(("ects", "credit")):
            return Workload(ects=amount, credit_system="ECTS", credit_amount=amount)
        return Workload(hours=amount)
    if is_duration(text):
        hours = duration_hours(text)
        if hours is not None:
            return Workload(hours=hours, duration=text.strip().upper())
    return None


def _learner(m: Mapper, root: J, given: str, family: str, ident: str | None) -> None:
    parts = [(n, _text(root.get(n))) for n in (given, family)]
    name = " ".join(f[0] for _, f in parts if f) or None
    id_node = root.get(ident) if ident else None
    identifier = id_node.scalar() if id_node is not None else None
    if name or identifier:
        first = next((f[1] for _, f in parts if f), id_node.ptr if id_node is not None else "")
        m.set("learner", Learner(name=name, identifier=identifier), first)
        for n, f in parts:
            if f:
                m.source(f"learner.name.{n}", f[1])
        if id_node is not None and identifier:
            m.source("learner.identifier", id_node.ptr)
    ptrs = [f"/{given}", f"/{family}"] + ([f"/{ident}"] if ident else [])
    m.looked("learner", *ptrs)


def _simple(m: Mapper, root: J, element: str, claim: str, transform: Any = None) -> J | None:
    node = root.get(claim)
    found = _text(node)
    if found:
        m.set(element, transform(found[0]) if transform else found[0], found[1])
        return node
    m.looked(element, f"/{claim}")
    return None


def _issue_date(m: Mapper, root: J, claim: str) -> None:
    node = root.get(claim)
    if node is not None and node.scalar():
        m.set("issue_date", node.scalar(), node.ptr)
        return
    iat = root.get("iat")
    when = _epoch_iso(iat.v) if iat is not None else None
    if when and iat is not None:  # the JWT's own issuance time states the date of issuing
        m.set("issue_date", when, iat.ptr)
        return
    m.looked("issue_date", f"/{claim}", "/iat")


def _outcomes(m: Mapper, root: J, claim: str) -> None:
    found = _strings(root.get(claim))
    if found:
        m.set("learning_outcomes", tuple(LearningOutcome(text=t) for t, _ in found), f"/{claim}")
        for i, (_, ptr) in enumerate(found):
            m.source(f"learning_outcomes.{i}.text", ptr)
    else:
        m.looked("learning_outcomes", f"/{claim}")


def _audit(m: Mapper, root: J) -> None:
    """Validity from ``exp``, and a record id when the credential states none (the loader
    names the presentation then)."""
    m.b.fields.setdefault("record_id", f"{m.b.source_file}#JWT payload")
    exp = root.get("exp")
    until = _epoch_iso(exp.v) if exp is not None else None
    if until and exp is not None and not m.has("valid_until"):
        m.set("valid_until", until, exp.ptr)


def _nothing(m: Mapper, *elements: str) -> None:
    for element in elements:
        if not m.has(element):
            m.looked(element, NO_CLAIM)


# --- WE BUILD ------------------------------------------------------------------------------

def snake_case(name: str) -> str:
    """``issuerCountry`` -> ``issuer_country``, ``nationalID`` -> ``national_id``: extension
    keys are lower-case dotted names, like every pack path."""
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def _webuild_extensions(m: Mapper, root: J, t: CredentialType) -> None:
    """Every rulebook claim that is a value (or list of values) as ``webuild.<claim>``
    (claim names in snake case: ``webuild.issuer_country``)."""
    for path in t.sd:
        if None in path or path[0] in ("cnf", "status"):
            continue
        key = "webuild." + ".".join(snake_case(str(p)) for p in path)
        node: J | None = root
        for step in path:
            node = node.get(str(step)) if node is not None else None
        value = node.v if node is not None else None
        if isinstance(value, list):
            items = [str(x) if isinstance(x, bool | int | float) else x for x in value
                     if isinstance(x, str | bool | int | float) and not isinstance(x, dict)]
            value = "; ".join(str(x) for x in items) if items else None
        if isinstance(value, str | bool | int | float) and value != "" and node is not None:
            m.ext(key, value, node.ptr)
        elif not isinstance(value, dict):
            m.looked(f"extensions.{key}", "/" + "/".join(str(p) for p in path))


def map_webuild(doc: SourceDocument, root: J, t: CredentialType) -> CredentialRecord:
    """WE BUILD ``VerifiableMicroCredential`` claims (rulebook section 3) -> record."""
    m = Mapper(doc, FORMAT)
    _learner(m, root, "givenName", "familyName", "nationalID")
    _simple(m, root, "title", "title")
    country = root.get("issuerCountry")
    code = country_code(country.scalar() or "") if country is not None else None
    if code and country is not None:
        m.set("issuer_country", (code,), country.ptr)
    else:
        m.looked("issuer_country", "/issuerCountry")
    _webuild_body(m, root)
    _issue_date(m, root, "issuanceDate")
    _outcomes(m, root, "learningOutcomes")
    summary = root.get("learningOutcomeSummary")
    m.prose("learningOutcomeSummary", summary, ("learning_outcomes",))
    _webuild_workload(m, root)
    _webuild_level(m, root)
    _simple(m, root, "assessment_type", "typeOfAssessment")
    _simple(m, root, "participation_form", "formOfParticipation",
            lambda v: MODE_LABELS.get(v.lower(), v))
    _webuild_qa(m, root)
    entry = _strings(root.get("entryRequirements"))
    if entry:
        m.set("prerequisites", "; ".join(t for t, _ in entry), "/entryRequirements")
    else:
        m.looked("prerequisites", "/entryRequirements")
    _simple(m, root, "supervision_identity", "idVerificationMethod")
    grade = root.get("grade")
    if grade is not None and grade.scalar():
        scheme = root.get("gradingScheme")
        m.set("grade", Grade(value=grade.scalar() or "",
                             scheme=scheme.scalar() if scheme is not None else None), grade.ptr)
    else:
        m.looked("grade", "/grade")
    stack = root.get("stackable")
    towards = _text(root.get("partOfQualification"))
    if stack is not None and isinstance(stack.v, bool):
        m.set("stackability", Stackability(mode="stackable" if stack.v else "stand-alone",
                                           towards=towards[0] if towards else None), stack.ptr)
    elif towards:
        m.set("stackability", Stackability(mode="stackable", towards=towards[0]), towards[1])
    else:
        m.looked("stackability", "/stackable", "/partOfQualification")
    _simple(m, root, "further_info", "additionalNote")
    lang = root.get("languageOfAssessment")
    code = language_code(lang.scalar() or "") if lang is not None else None
    if code and lang is not None:
        m.set("language", code, lang.ptr)
    field = root.get("fieldOfEducation")
    if field is not None and field.scalar() and re.fullmatch(r"\d{2,4}", field.scalar() or ""):
        m.set("isced_f", field.scalar(), field.ptr)
    ident = root.get("identifier") or root.get("jti")
    if ident is not None and ident.scalar():
        m.b.fields["record_id"] = ident.scalar()
    _webuild_extensions(m, root, t)
    _audit(m, root)
    return m.build()


def _webuild_body(m: Mapper, root: J) -> None:
    name = _text(root.get("awardingBody"))
    ident = root.get("awardingBodyIdentifier")
    home = root.get("awardingBodyHomepage")
    if name or (ident is not None and ident.scalar()):
        org = Organisation(name=name[0] if name else None,
                           identifier=ident.scalar() if ident is not None else None,
                           url=home.scalar() if home is not None else None)
        m.set("awarding_body", (org,), name[1] if name else ident.ptr)  # type: ignore[union-attr]
        if name:
            m.source("awarding_body.0.name", name[1])
        m.b.fields["provider_name"] = org.name
        m.b.fields["provider_id"] = org.identifier or org.name
    else:
        m.looked("awarding_body", "/awardingBody", "/awardingBodyIdentifier")


def _webuild_workload(m: Mapper, root: J) -> None:
    wl = root.get("notionalWorkload")
    value = wl.get("value") if wl is not None else None
    unit = wl.get("unit") if wl is not None else None
    amount = value.number() if value is not None else None
    unit_text = (unit.scalar() or "").strip().lower() if unit is not None else ""
    if amount is not None and value is not None and unit_text in ("ects", "ects credits"):
        m.set("workload", Workload(ects=amount, credit_system="ECTS", credit_amount=amount),
              value.ptr)
        m.source("workload.ects", value.ptr)
    elif amount is not None and value is not None and unit_text in ("hours", "hour", "h"):
        m.set("workload", Workload(hours=amount), value.ptr)
        m.source("workload.hours", value.ptr)
    elif amount is not None and value is not None:
        m.set("workload", Workload(credit_amount=amount,
                                   credit_system=(unit.scalar() if unit is not None else None)),
              value.ptr)
        m.source("workload.credit_amount", value.ptr)
    else:
        m.looked("workload", "/notionalWorkload/value" if wl is not None else "/notionalWorkload")


def _webuild_level(m: Mapper, root: J) -> None:
    level = root.get("level")
    eqf = eqf_level(level.v) if level is not None else None
    nqf = _text(root.get("nationalQualificationsFrameworkLevel"))
    if eqf is not None and level is not None:
        m.set("level", Level(eqf=eqf, nqf=nqf[0] if nqf else None), level.ptr)
        m.source("level.eqf", level.ptr)
    elif nqf:
        m.set("level", Level(nqf=nqf[0]), nqf[1])
    else:
        m.looked("level", "/level", "/nationalQualificationsFrameworkLevel")
        descriptor = root.get("educationLevelDescriptor")
        m.prose("educationLevelDescriptor", descriptor, ("level",))


def _webuild_qa(m: Mapper, root: J) -> None:
    qa = _text(root.get("qualityAssurance"))
    acc = root.get("accreditation")
    agent = _text(acc.get("accreditingAgent")) if acc is not None else None
    review = acc.get("reviewDate") if acc is not None else None
    title = _text(acc.get("title")) if acc is not None else None
    if qa or agent or title:
        m.set("quality_assurance", QualityAssurance(
            description=qa[0] if qa else (title[0] if title else None),
            external=title[0] if title and qa else None,
            external_body=agent[0] if agent else None,
            review_date=review.scalar() if review is not None else None,
        ), qa[1] if qa else acc.ptr)  # type: ignore[union-attr]
    else:
        m.looked("quality_assurance", "/qualityAssurance", "/accreditation")


# --- EUDI Learning Credential --------------------------------------------------------------

def map_eudi_learning(doc: SourceDocument, root: J, t: CredentialType) -> CredentialRecord:
    """EUDI reference issuer ``urn:eu.europa.ec.eudi:learning:credential:1`` -> record."""
    m = Mapper(doc, FORMAT)
    _learner(m, root, "given_name", "family_name", "learner_identification")
    _simple(m, root, "title", "achievement_title")
    country = root.get("issuing_country")
    code = country_code(country.scalar() or "") if country is not None else None
    if code and country is not None:
        m.set("issuer_country", (code,), country.ptr)
    else:
        m.looked("issuer_country", "/issuing_country")
    body = _text(root.get("issuing_authority"))
    iss = root.get("iss")
    if body:
        org = Organisation(name=body[0], identifier=iss.scalar() if iss is not None else None)
        m.set("awarding_body", (org,), body[1])
        m.source("awarding_body.0.name", body[1])
        m.b.fields["provider_name"] = org.name
        m.b.fields["provider_id"] = org.identifier or org.name
    else:
        m.looked("awarding_body", "/issuing_authority")
    _issue_date(m, root, "date_of_issuance")
    expiry = root.get("date_of_expiry")
    if expiry is not None and expiry.scalar():
        m.set("valid_until", expiry.scalar(), expiry.ptr)
    _outcomes(m, root, "learning_outcomes")
    _eudi_workload(m, root)
    level = root.get("level_of_learning_experience")
    eqf = eqf_level(level.v) if level is not None else None
    if eqf is not None and level is not None:
        m.set("level", Level(eqf=eqf), level.ptr)
        m.source("level.eqf", level.ptr)
    else:
        m.looked("level", "/level_of_learning_experience")
    qa = _strings(root.get("types_of_quality_assurance"))
    if qa:
        m.set("quality_assurance", QualityAssurance(description="; ".join(q for q, _ in qa)),
              "/types_of_quality_assurance")
    else:
        m.looked("quality_assurance", "/types_of_quality_assurance")
    pre = _strings(root.get("prerequisites_to_enroll"))
    if pre:
        m.set("prerequisites", "; ".join(p for p, _ in pre), "/prerequisites_to_enroll")
    else:
        m.looked("prerequisites", "/prerequisites_to_enroll")
    grade = root.get("assessment_grade")
    if grade is not None and grade.scalar():
        m.set("grade", Grade(value=grade.scalar() or ""), grade.ptr)
    else:
        m.looked("grade", "/assessment_grade")
    stack = root.get("integration_stackability_options")
    if stack is not None and isinstance(stack.v, bool):
        m.set("stackability", Stackability(mode="stackable" if stack.v else "stand-alone"),
              stack.ptr)
    else:
        m.looked("stackability", "/integration_stackability_options")
    langs = _strings(root.get("language_of_classes"))
    code = language_code(langs[0][0]) if langs else None
    if code:
        m.set("language", code, langs[0][1])
    m.prose("achievement_description", root.get("achievement_description"))
    ident = root.get("jti")
    if ident is not None and ident.scalar():
        m.b.fields["record_id"] = ident.scalar()
    _nothing(m, "assessment_type", "participation_form", "supervision_identity",
             "further_info")
    _audit(m, root)
    return m.build()


def _eudi_workload(m: Mapper, root: J) -> None:
    points = root.get("credit_received_points")
    framework = root.get("credit_received_framework")
    amount = points.number() if points is not None else None
    if amount is not None and points is not None:
        system = (framework.scalar() or "").strip() if framework is not None else ""
        ects = system.upper() == "ECTS"
        m.set("workload", Workload(ects=amount if ects else None, credit_amount=amount,
                                   credit_system="ECTS" if ects else (system or None)),
              points.ptr)
        m.source("workload.credit_amount", points.ptr)
        return
    study = root.get("expected_study_time")
    text = _text(study)
    workload = workload_of(text[0]) if text else None
    if workload is not None and text:
        m.set("workload", workload, text[1])
        return
    if text and study is not None:  # "12 months": a calendar duration, not a workload
        m.prose("expected_study_time", study, ("workload",))
    m.looked("workload", "/expected_study_time", "/credit_received_points")


# --- OB 3.0- and ELM-shaped claims ---------------------------------------------------------

def map_ob3_claims(doc: SourceDocument, root: J, t: CredentialType) -> CredentialRecord:
    """DC4EU/SUNET MicroCredential: OB 3.0 claims at the top level (Open Badges mapping)."""
    from mcqa.loaders.ob3 import map_ob3

    fallbacks = {k: root.v[k] for k in ("iss", "sub", "jti", "nbf", "iat")
                 if isinstance(root.v, dict) and k in root.v}
    return map_ob3(doc, root, "", None, fallbacks, FORMAT)


def map_elm_claims(doc: SourceDocument, root: J, t: CredentialType
                   ) -> list[CredentialRecord]:
    """DC4EU/SUNET ELM Credential: an ELM credential under ``elm`` (ELM mapping; one record
    per top-level achievement when it claims several)."""
    from mcqa.loaders.elm import map_credentials

    elm = root.get("elm")
    cred = elm if elm is not None and elm.is_obj else J({}, "/elm")
    records = map_credentials(doc, cred, IdIndex(root), "", None, FORMAT)
    assert all(isinstance(r, CredentialRecord) for r in records)
    return [r for r in records if isinstance(r, CredentialRecord)]


Mapping = Callable[[SourceDocument, J, CredentialType],
                   "CredentialRecord | list[CredentialRecord]"]
MAPPINGS: dict[str, Mapping] = {"webuild": map_webuild, "eudi-learning": map_eudi_learning,
                                "ob3": map_ob3_claims, "elm": map_elm_claims}


__all__ = ["FORMAT", "MAPPINGS", "NO_CLAIM", "CredentialType", "Registry", "eqf_level",
           "registry", "workload_of"]
