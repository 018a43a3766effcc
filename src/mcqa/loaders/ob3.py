"""Open Badges 3.0 (OpenBadgeCredential / AchievementCredential) -> :class:`CredentialRecord`.

OB 3.0 has no native fields for most Annex I elements, so issuers use the
``Achievement`` object plus extensions. Read here, besides the core
(``achievement.name``, ``issuer``, ``validFrom``/``issuanceDate``, ``result``):

* the Dutch edubadges/SURF ``EducredentialAchievement`` extension
  (``ECTS``, ``SBU`` study-load hours, ``assessmentType``,
  ``participationType``, ``identityChecked``, ``supervisionType``,
  ``learningOutcome``);
* ``alignment`` entries: ESCO targets become learning outcomes with their
  ESCO URI, ``ext:EQF`` / EQF URLs the EQF level, ``ext:QualityAssurance``
  the quality assurance;
* ``creditsAvailable`` (OB 3.0 core, no unit: credit system left unknown
  unless the issuer says ECTS).

The mapping functions are shared with the CLR 2.0 loader, whose embedded
credentials and achievements are OB 3.0 objects.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from mcqa.loaders._common import (
    EnvelopeLoader,
    J,
    Mapper,
    calendar_days,
    context_urls,
    duration_hours,
    embedded_proof_method,
    is_duration,
    last_segment,
    type_names,
    unwrap,
)
from mcqa.loaders.base import SourceDocument
from mcqa.loaders.terms import MODE_LABELS, country_code, is_esco, language_code
from mcqa.model import (
    CredentialRecord,
    Grade,
    Learner,
    LearningOutcome,
    Level,
    LoadItem,
    Organisation,
    QualityAssurance,
    Signature,
    Skipped,
    Workload,
)
from mcqa.model.nonanswers import non_answer

OB3_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"})
OB3_CONTEXT_MARKERS = ("purl.imsglobal.org/spec/ob/v3p0", "imsglobal.github.io/openbadges",
                       "w3id.org/openbadges/v3")


def is_ob3(data: object) -> bool:
    """OB 3.0 credential type or context, and not a CLR."""
    if not isinstance(data, dict):
        return False
    types = type_names(data)
    if "ClrCredential" in types:
        return False
    if types & OB3_TYPES:
        return True
    urls = context_urls(data.get("@context"))
    return any(m in u for u in urls for m in OB3_CONTEXT_MARKERS) and (
        "credentialSubject" in data
    )


class Ob3Loader(EnvelopeLoader):
    """Open Badges 3.0 credentials as JSON, JWT (VC-JWT/JOSE) or embedded proof.

    Detected by: ``OpenBadgeCredential``/``AchievementCredential`` type or OB 3.0 context.
    Records: one record (an OB 3.0 file holds one credential).
    """

    name = "ob3"
    label = "Open Badges 3.0"
    recognise = staticmethod(is_ob3)

    def _load(self, doc: SourceDocument) -> Iterator[LoadItem]:
        env = unwrap(doc)
        types = env.root.types()
        if "EndorsementCredential" in types and not types & {"OpenBadgeCredential",
                                                              "AchievementCredential"}:
            yield Skipped(file=doc.display, locator=env.prefix or "",
                          reason="an Open Badges 3.0 EndorsementCredential (one party's "
                                 "endorsement of an organisation or achievement)")
            return
        yield map_ob3(doc, env.root, env.prefix, env.method, env.claims, self.name)


def _iso_from_epoch(value: object) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 4e10:
        return dt.datetime.fromtimestamp(value, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return None


def map_ob3(doc: SourceDocument, cred: J, prefix: str, method: str | None,
            claims: dict[str, object] | None = None, fmt: str = "ob3",
            parent_id: str | None = None) -> CredentialRecord:
    """Map one OB 3.0 credential (pointers relative to ``prefix``)."""
    m = Mapper(doc, fmt, prefix)
    claims = claims or {}
    cred_id = cred.id() or (str(claims["jti"]) if isinstance(claims.get("jti"), str) else None)
    m.b.fields["record_id"] = cred_id or f"{doc.display}#{m.loc(cred.ptr)}"
    if parent_id:
        m.b.fields["parent_id"] = parent_id
    proof = embedded_proof_method(cred)
    sig = method or proof
    m.b.fields["signature"] = Signature(signed=sig is not None, method=sig)
    if sig is not None:
        proof_node = cred.get("proof")
        m.source("signature", proof_node.ptr if proof and not method and proof_node else cred.ptr)
    subject = cred.first("credentialSubject")
    achievement = subject.get("achievement") if subject is not None else None
    if achievement is not None and isinstance(achievement.v, list):
        listed = achievement.items()
        achievement = listed[0] if listed else None
    issuer = cred.get("issuer")
    _core(m, cred, subject, achievement, issuer, claims)
    return m.build()


def map_achievement(doc: SourceDocument, achievement: J, fmt: str, parent: J,
                    parent_id: str | None, prefix: str) -> CredentialRecord:
    """Map an achievement listed without its own credential (CLR ``achievement``)."""
    m = Mapper(doc, fmt, prefix)
    ident = achievement.id()
    m.b.fields["record_id"] = ident or f"{doc.display}#{m.loc(achievement.ptr)}"
    if parent_id:
        m.b.fields["parent_id"] = parent_id
    m.b.fields["signature"] = Signature(signed=False)
    subject = parent.first("credentialSubject")
    issuer = achievement.get("creator") or parent.get("issuer")
    _core(m, parent, subject, achievement, issuer, {}, own_credential=False)
    return m.build()


def _core(m: Mapper, cred: J, subject: J | None, ach: J | None, issuer: J | None,
          claims: dict[str, object], *, own_credential: bool = True) -> None:
    """Map the core fields. ``own_credential``: ``cred`` is this achievement's credential
    (its name may stand in for the achievement's); false for a CLR's listed achievements,
    whose ``cred`` is the enclosing CLR."""
    sub_ptr = subject.ptr if subject is not None else f"{cred.ptr}/credentialSubject"
    ach_ptr = ach.ptr if ach is not None else f"{sub_ptr}/achievement"
    if ach is not None and ach.is_obj:
        if ach.types():
            m.ext("ob.achievement_type_class", sorted(ach.types())[-1], ach.ptr)
        kind = ach.get("achievementType")
        if kind is not None and kind.scalar():
            m.ext("ob.achievement_type", kind.scalar(), kind.ptr)
    # learner
    if subject is not None:
        name = subject.get("name")
        ident = subject.id()
        if not ident:
            ident_obj = subject.first("identifier")
            hashed = ident_obj.get("identityHash") if ident_obj is not None else None
            ident = hashed.scalar() if hashed is not None else None
        if not ident and isinstance(claims.get("sub"), str):
            ident = str(claims["sub"])
        learner_name = name.text() if name is not None else None
        if learner_name or ident:
            m.set("learner", Learner(name=learner_name, identifier=ident), subject.ptr)
    if not m.has("learner"):
        m.looked("learner", sub_ptr)
    # title: the achievement's name, else the credential's; a placeholder name ("Achievement
    # 1") gives way to a real one, and is reported when it is all there is
    candidates = [n.text_at() for n in (ach.get("name") if ach is not None and ach.is_obj
                                        else None,
                                        cred.get("name") if own_credential else None)
                  if n is not None]
    named = [c for c in candidates if c]
    found = next((c for c in named if non_answer(c[0]) is None), named[0] if named else None)
    if found:
        m.set("title", found[0], found[1])
    else:
        m.looked("title", f"{ach_ptr}/name", f"{cred.ptr}/name")
    # awarding body + country
    _issuer(m, cred, issuer, claims)
    # issue date
    for node in (cred.get("validFrom"), cred.get("issuanceDate"), cred.get("awardedDate")):
        if node is not None and node.scalar():
            m.set("issue_date", node.scalar(), node.ptr)
            break
    else:
        when = _iso_from_epoch(claims.get("nbf")) or _iso_from_epoch(claims.get("iat"))
        if when:
            m.set("issue_date", when, "/nbf")
        else:
            m.looked("issue_date", f"{cred.ptr}/validFrom", f"{cred.ptr}/issuanceDate")
    _achievement_fields(m, ach, ach_ptr)
    _prose(m, cred, ach, issuer)
    # grade
    results = subject.each("result") if subject is not None else []
    for res in results:
        value = res.get("value", "achievedLevel")
        if value is not None and value.scalar():
            scheme = res.get("resultDescription")
            m.set("grade", Grade(value=value.scalar() or "",
                                 scheme=scheme.scalar() if scheme is not None else None),
                  value.ptr)
            break
    else:
        m.looked("grade", f"{sub_ptr}/result")
    for term in ("validUntil", "expirationDate"):
        node = cred.get(term)
        if node is not None and node.scalar():
            m.set("valid_until", node.scalar(), node.ptr)
            break


def _prose(m: Mapper, cred: J, ach: J | None, issuer: J | None) -> None:
    """Free text where OB 3.0 issuers describe what the structured fields leave out: the
    achievement's description and criteria narrative, result descriptions, endorsements
    (evidence of external quality assurance: the endorser is named) and the issuer's own
    description. Most specific first: a review finding quotes the first that fits."""
    a = ach if ach is not None and ach.is_obj else None
    if a is not None:
        m.prose("achievement.description", a.get("description"), describes=True)
        criteria = a.get("criteria")
        if criteria is not None and criteria.is_obj:
            m.prose("criteria.narrative", criteria.get("narrative"))
        for rd in a.each("resultDescription"):
            if rd.is_obj:
                m.prose("resultDescription.name", rd.get("name"))
    for holder in (a, cred, issuer if issuer is not None and issuer.is_obj else None):
        if holder is None:
            continue
        for end in holder.each("endorsement"):
            endorsement(m, end)
    if issuer is not None and issuer.is_obj:
        m.prose("issuer.description", issuer.get("description"))


def endorsement(m: Mapper, end: J) -> None:
    """An OB endorsement as free text on quality assurance, naming the endorser."""
    if not end.is_obj:
        return
    who = end.get("issuer")
    name = None
    if who is not None:
        name = who.text() if who.is_obj else who.scalar()
    subject = end.first("credentialSubject")
    comment = subject.get("endorsementComment") if subject is not None else None
    comment_text = comment.text() if comment is not None else None
    if not name and not comment_text:
        return
    text = f"Endorsed by {name or 'an unnamed endorser'}" + (f": {comment_text}"
                                                             if comment_text else "")
    m.prose("endorsement", end, ("quality_assurance",), text=text)


def _issuer(m: Mapper, cred: J, issuer: J | None, claims: dict[str, object]) -> None:
    if issuer is None and isinstance(claims.get("iss"), str):
        m.set("awarding_body", (Organisation(identifier=str(claims["iss"])),), "/iss")
        m.looked("issuer_country", f"{cred.ptr}/issuer/address/addressCountryCode")
        return
    if issuer is None:
        m.looked("awarding_body", f"{cred.ptr}/issuer")
        m.looked("issuer_country", f"{cred.ptr}/issuer/address/addressCountryCode")
        return
    if isinstance(issuer.v, str):
        profile = _local_profile(m, issuer.v)
        if profile is None:
            m.set("awarding_body", (Organisation(identifier=issuer.v),), issuer.ptr)
            m.b.fields["provider_id"] = issuer.v
            m.looked("issuer_country", f"{issuer.ptr}/address/addressCountryCode")
            return
        issuer = profile  # the issuer's profile, read from a file next to the credential
    name = issuer.get("name")
    url = issuer.get("url")
    legal = None
    for other in issuer.each("otherIdentifier"):
        kind = other.get("identifierType")
        if kind is not None and (kind.scalar() or "").lower() in (
            "ext:eidasidentifier", "registrationnumber", "taxidentificationnumber",
            "legalidentifier", "ext:legalidentifier"
        ):
            value = other.get("identifier")
            legal = value.scalar() if value is not None else None
            break
    address = issuer.get("address")
    cc_node = address.get("addressCountryCode", "addressCountry", "countryCode", "country") \
        if address is not None else None
    code = country_code(cc_node.scalar() or "") if cc_node is not None else None
    if code is None and address is not None:
        alt = address.get("addressCountry")
        if alt is not None and country_code(alt.scalar() or ""):
            code, cc_node = country_code(alt.scalar() or ""), alt
    org = Organisation(
        name=name.text() if name is not None else None,
        identifier=issuer.id(),
        legal_identifier=legal,
        url=url.scalar() if url is not None else None,
        country=code,
    )
    m.set("awarding_body", (org,), issuer.ptr)
    if name is not None:
        m.source("awarding_body.0.name", name.ptr)
    m.b.fields["provider_name"] = org.name
    m.b.fields["provider_id"] = legal or org.identifier
    if code and cc_node is not None:
        m.set("issuer_country", (code,), cc_node.ptr)
    else:
        m.looked("issuer_country", f"{issuer.ptr}/address/addressCountryCode")


def _local_profile(m: Mapper, ident: str) -> J | None:
    """The issuer profile a credential names only by URL or DID, when that profile is a
    JSON file in the credential's own folder (never fetched). Its pointers read
    ``file#/pointer``."""
    from mcqa.loaders.ob2 import _neighbour_index

    if m.doc is None or m.doc.path is None:
        return None
    found = _neighbour_index(str(m.doc.path.resolve().parent), False).get(ident.strip())
    if found is None:
        return None
    name, data = found
    node = J(data, f"{name}#")
    return node if node.is_obj and node.get("name") is not None else None


def _alignments(ach: J) -> list[J]:
    return [a for a in ach.each("alignment") if a.is_obj]


def _alignment_kind(a: J) -> str:
    kind = a.get("targetType")
    framework = a.get("targetFramework")
    url = a.get("targetUrl")
    text = " ".join(x.scalar() or "" for x in (kind, framework) if x is not None).lower()
    target = (url.scalar() or "") if url is not None else ""
    if is_esco(target) or "esco" in text:
        return "esco"
    if "eqf" in text or "/snb/eqf/" in target:
        return "eqf"
    if "qualityassurance" in text.replace(" ", "").replace("-", ""):
        return "qa"
    if kind is not None and (kind.scalar() or "").split(":")[-1].lower() in _COMPETENCY_TYPES:
        return "competency"
    return "other"


_COMPETENCY_TYPES = frozenset({"cfitem", "competency", "skill", "competencyitem", "ceasn",
                               "competencydefinition", "learningoutcome"})
"""``targetType`` values of OB alignments that name a competency (CASE items, CTDL-ASN)."""


def _is_statement(text: str) -> bool:
    """A competency worded as something the learner does (an opening action verb, or an
    outcome cue), rather than the name of a programme or topic."""
    from mcqa.vocab import vocabulary

    return bool(vocabulary("free-text-cues").search(text, ("learning_outcomes",)))


def _achievement_fields(m: Mapper, ach: J | None, ach_ptr: str) -> None:
    a = ach if ach is not None and ach.is_obj else None
    # learning outcomes: explicit extension texts, then ESCO alignments
    outcomes: list[LearningOutcome] = []
    ptrs: list[str] = []
    src: str | None = None
    if a is not None:
        for lo in a.each("learningOutcome", "learningOutcomes", "LearningOutcome"):
            found = lo.text_at() if not lo.is_obj else (
                (lo.get("text", "name", "description") or lo).text_at())
            if found:
                outcomes.append(LearningOutcome(text=found[0]))
                ptrs.append(found[1])
                src = src or lo.ptr
        for al in _alignments(a):
            kind = _alignment_kind(al)
            if kind not in ("esco", "competency"):
                continue
            url = al.get("targetUrl")
            uri = url.scalar() if url is not None else None
            text = (al.get("targetName") or al.get("targetDescription"))
            found = text.text_at() if text is not None else None
            if not uri or not found:
                continue
            if kind == "esco":
                outcomes.append(LearningOutcome(text=found[0], esco_skills=(uri,)))
            elif _is_statement(found[0]):
                # a competency of another framework (CASE, DigComp...) worded as what the
                # learner can do is a learning outcome; a catalogue entry's name is not
                outcomes.append(LearningOutcome(text=found[0], other_skills=(uri,)))
            else:
                continue
            ptrs.append(found[1])
            src = src or al.ptr
    if outcomes and src is not None:
        m.set("learning_outcomes", tuple(outcomes), src.rsplit("/", 1)[0] if src[-1].isdigit()
              else src)
        for i, p in enumerate(ptrs):
            m.source(f"learning_outcomes.{i}.text", p)
    else:
        m.looked("learning_outcomes", f"{ach_ptr}/learningOutcome", f"{ach_ptr}/alignment")
    _workload(m, a, ach_ptr)
    _level(m, a, ach_ptr)
    _simple(m, a, ach_ptr)
    _qa(m, a, ach_ptr)


def _workload(m: Mapper, a: J | None, ach_ptr: str) -> None:
    fields: dict[str, object] = {}
    first: str | None = None
    if a is not None:
        ects = a.get("ECTS", "ects", "ectsCredits")
        if ects is not None and ects.number() is not None:
            fields.update(ects=ects.number(), credit_system="ECTS", credit_amount=ects.number())
            m.source("workload.ects", ects.ptr)
            first = ects.ptr
        credits = a.get("creditsAvailable")
        if credits is not None and credits.number() is not None and "credit_amount" not in fields:
            fields["credit_amount"] = credits.number()
            m.source("workload.credit_amount", credits.ptr)
            first = first or credits.ptr
        for term in ("SBU", "studyLoad", "StudyLoad", "TimeInvestment", "timeInvestment"):
            hours = a.get(term)
            if hours is None:
                continue
            value = hours.number()
            if value is None and hours.scalar() and is_duration(hours.scalar() or ""):
                value = duration_hours(hours.scalar() or "")
                if value is None and calendar_days(hours.scalar() or ""):
                    # days or weeks: a calendar length, not hours of study; quoted for review
                    m.prose(term, hours, ("workload",))
            if value is not None:
                fields["hours"] = value
                m.source("workload.hours", hours.ptr)
                first = first or hours.ptr
                break
    if first is not None:
        m.set("workload", Workload.model_validate(fields), first)
    else:
        m.looked("workload", f"{ach_ptr}/creditsAvailable", f"{ach_ptr}/ECTS")


def _level(m: Mapper, a: J | None, ach_ptr: str) -> None:
    if a is not None:
        direct = a.get("EQF", "eqfLevel", "eqf")
        if direct is not None and direct.number() is not None:
            level = int(direct.number() or 0)
            if 1 <= level <= 8:
                m.set("level", Level(eqf=level), direct.ptr)
                return
        for al in _alignments(a):
            if _alignment_kind(al) != "eqf":
                continue
            for term in ("targetCode", "targetName", "targetUrl"):
                node = al.get(term)
                text = node.scalar() if node is not None else None
                if not text:
                    continue
                if term == "targetUrl" and "/snb/eqf/" in text:
                    text = last_segment(text)
                match = re.search(r"\b([1-8])\b", text)
                if match and node is not None:
                    m.set("level", Level(eqf=int(match.group(1))), node.ptr)
                    m.source("level.eqf", node.ptr)
                    return
    m.looked("level", f"{ach_ptr}/alignment", f"{ach_ptr}/EQF")


def _simple(m: Mapper, a: J | None, ach_ptr: str) -> None:
    def text_of(*terms: str) -> tuple[str, str] | None:
        node = a.get(*terms) if a is not None else None
        return node.text_at() if node is not None else None

    found = text_of("assessmentType", "assessment") or _assessed_result(a)
    if found:
        m.set("assessment_type", found[0], found[1])
    else:
        m.looked("assessment_type", f"{ach_ptr}/assessmentType")
    found = text_of("participationType", "participationForm", "mode")
    if found:
        m.set("participation_form", MODE_LABELS.get(found[0].lower(), found[0]), found[1])
    else:
        m.looked("participation_form", f"{ach_ptr}/participationType")
    sup = text_of("supervisionType", "supervision")
    checked = a.get("identityChecked") if a is not None else None
    if sup:
        value = sup[0]
        if checked is not None and isinstance(checked.v, bool):
            value += "; identity checked" if checked.v else "; identity not checked"
        m.set("supervision_identity", value, sup[1])
    elif checked is not None and isinstance(checked.v, bool):
        m.set("supervision_identity",
              "identity checked" if checked.v else "identity not checked", checked.ptr)
    else:
        m.looked("supervision_identity", f"{ach_ptr}/supervisionType", f"{ach_ptr}/identityChecked")
    found = text_of("prerequisites", "entryRequirement", "enrollmentRequirements")
    if found:
        m.set("prerequisites", found[0], found[1])
    else:
        m.looked("prerequisites", f"{ach_ptr}/prerequisites")
    m.looked("stackability", f"{ach_ptr}/related")
    criteria = a.get("criteria") if a is not None else None
    url = criteria.get("id") if criteria is not None else None
    if url is not None and (url.scalar() or "").startswith(("http://", "https://")):
        m.set("further_info", url.scalar(), url.ptr)
    else:
        m.looked("further_info", f"{ach_ptr}/criteria/id")
    lang = a.get("inLanguage") if a is not None else None
    code = language_code(lang.scalar() or "") if lang is not None else None
    if code and lang is not None:
        m.set("language", code, lang.ptr)
    field = a.get("fieldOfStudy") if a is not None else None
    if field is not None and field.scalar():
        m.ext("ob.field_of_study", field.scalar(), field.ptr)
    code_node = a.get("humanCode") if a is not None else None
    if code_node is not None and code_node.scalar():
        m.ext("ob.human_code", code_node.scalar(), code_node.ptr)


def _assessed_result(a: J | None) -> tuple[str, str] | None:
    """A result description that names the assessment it grades ("Final Project Grade",
    "Written exam score"): the achievement's structured statement of how it was assessed."""
    if a is None:
        return None
    from mcqa.vocab import vocabulary

    cues = vocabulary("free-text-cues")
    for rd in a.each("resultDescription"):
        name = rd.get("name") if rd.is_obj else None
        found = name.text_at() if name is not None else None
        if found and cues.search(found[0], ("assessment_type",)) \
                and non_answer(found[0], "assessment_type") is None:
            return found
    return None


def _qa(m: Mapper, a: J | None, ach_ptr: str) -> None:
    if a is not None:
        for al in _alignments(a):
            if _alignment_kind(al) != "qa":
                continue
            name = al.get("targetName")
            desc = al.get("targetDescription")
            url = al.get("targetUrl")
            code = al.get("targetCode")
            m.set("quality_assurance", QualityAssurance(
                description=(name.text() if name is not None else None),
                external=(desc.text() if desc is not None else None),
                results_url=url.scalar() if url is not None else None,
            ), al.ptr)
            if code is not None and code.scalar():
                m.ext("ob.qa_code", code.scalar(), code.ptr)
            return
    m.looked("quality_assurance", f"{ach_ptr}/alignment")


__all__ = ["Ob3Loader", "endorsement", "is_ob3", "map_achievement", "map_ob3"]
