"""CTDL (Credential Engine) JSON-LD -> :class:`CredentialRecord`.

CTDL describes *offers* (credentials, courses, learning programmes) rather
than issued credentials, so learner and issue date are normally absent and
recorded as looked-for. Read: registry ``@graph`` documents (one record per
credential / learning-opportunity node, organisations and other nodes are
followed by ``@id``), single objects, older ``purl.org/ceterms`` records, and
CTDL embedded in a Verifiable Credential (``credentialSubject.achievement``).

Mapped: ``ceterms:name``; ``ownedBy``/``offeredBy`` (awarding body, its
address country); ``creditValue`` (QuantitativeValue) and the older
``creditUnitValue``/``creditHourValue``; ``estimatedDuration`` (ISO 8601);
``teaches``/``requires`` competencies (ESCO targets kept); EQF alignments;
``deliveryType`` (online/in person/blended); ``assessmentMethodType``;
``accreditedBy``/``approvedBy``/``recognizedBy`` (quality assurance);
``entryCondition``/``requires`` (prerequisites); ``isPartOf``; ``subjectWebpage``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from mcqa.errors import InputError
from mcqa.loaders._common import (
    EnvelopeLoader,
    IdIndex,
    J,
    Mapper,
    calendar_days,
    context_urls,
    dedupe,
    duration_hours,
    embedded_proof_method,
    is_duration,
    problem,
    unwrap,
)
from mcqa.loaders.base import SourceDocument
from mcqa.loaders.terms import country_code, is_esco, language_code
from mcqa.model import (
    CredentialRecord,
    Learner,
    LearningOutcome,
    Level,
    LoadItem,
    Organisation,
    QualityAssurance,
    Signature,
    Skipped,
    Stackability,
    Workload,
)
from mcqa.model.nonanswers import non_answer

CTDL_CONTEXT_MARKERS = ("credreg.net/ctdl", "purl.org/ctdl", "purl.org/ceterms",
                        "credreg.net/ctdlasn")
RECORD_TYPE = re.compile(
    r"(Degree|Certificate|Diploma|Credential|Badge|Certification|License|Doctorate|"
    r"GeneralEducationDevelopment|Course|LearningOpportunityProfile|LearningProgram)$"
)
NOT_RECORD_TYPE = re.compile(r"(Organization|CredentialType|QualificationsFramework|"
                             r"CompetencyFramework|AlignmentMap|ProgressionModel|ConceptScheme)$")
"""Types that make a CTDL resource something other than a credential or learning offer
(``CredentialOrganization`` ends in "Credential"... "Organization" decides first)."""
SKIP_KINDS = (  # most specific first: a framework document also names its organisation
    ("QualificationsFramework", "a CTDL qualifications framework"),
    ("CompetencyFramework", "a CTDL-ASN competency framework"),
    ("AlignmentMap", "a CTDL alignment map between frameworks"),
    ("ProgressionModel", "a CTDL progression model (framework levels)"),
    ("ConceptScheme", "a CTDL concept scheme"),
    ("AssessmentProfile", "a CTDL assessment profile (an examination), not a credential or "
                          "learning opportunity"),
    ("Organization", "a CTDL organisation profile"),
    ("Competency", "CTDL competencies"),
)
EDUCATION_LEVELS = frozenset({
    "SecondaryLevel", "PostSecondaryLevel", "LowerDivisionLevel", "UpperDivisionLevel",
    "AssociatesDegreeLevel", "BachelorsDegreeLevel", "GraduateLevel", "MastersDegreeLevel",
    "PostBaccalaureateLevel", "PostMastersLevel", "DoctoralDegreeLevel", "ProfessionalLevel",
})
"""CTDL AudienceLevel concepts that name a stage of education (a level), unlike proficiency
concepts such as BeginnerLevel or AdvancedLevel."""
RESERVED_EXAMPLE_HOSTS = re.compile(r"(^|\.)example\.(com|org|net|edu)$|\.example$")
"""RFC 2606 example domains: a link there is a placeholder, never evidence."""
DELIVERY = {"onlineonly": "online", "inperson": "onsite", "blendeddelivery": "blended",
            "inpersononly": "onsite", "blended": "blended", "online": "online"}


def _ctdl_keys(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    if any(isinstance(k, str) and k.startswith(("ceterms:", "ceasn:")) for k in value):
        return True
    raw = value.get("@type", value.get("type"))
    types = raw if isinstance(raw, list) else [raw]
    return any(isinstance(t, str) and t.startswith("ceterms:") for t in types)


def is_ctdl(data: object) -> bool:
    """CTDL context URL, or ``ceterms:`` keys/types at the top, in ``@graph`` or a VC subject."""
    if isinstance(data, list):  # registry exports: a JSON array of records
        return any(is_ctdl(x) for x in data[:50] if isinstance(x, dict))
    if not isinstance(data, dict):
        return False
    if any(m in u for u in context_urls(data.get("@context")) for m in CTDL_CONTEXT_MARKERS):
        return True
    if _ctdl_keys(data):
        return True
    graph = data.get("@graph")
    if isinstance(graph, list) and any(_ctdl_keys(n) for n in graph[:50]):
        return True
    subject = J(data).first("credentialSubject")
    ach = subject.first("achievement") if subject is not None else None
    return ach is not None and _ctdl_keys(ach.v)


def _is_record(node: J) -> bool:
    types = node.types()
    return node.is_obj and any(RECORD_TYPE.search(t) for t in types) and not any(
        NOT_RECORD_TYPE.search(t) for t in types)


class CtdlLoader(EnvelopeLoader):
    """Credential Engine CTDL JSON-LD: one record per credential or learning opportunity.

    Detected by: CTDL context or ``ceterms:`` terms.
    Records: records for each credential / learning-opportunity node.
    """

    name = "ctdl"
    label = "CTDL"
    recognise = staticmethod(is_ctdl)

    def _load(self, doc: SourceDocument) -> Iterator[LoadItem]:
        env = unwrap(doc)
        root = env.root
        index = IdIndex(root)
        vc: J | None = None
        nodes: list[J] = []
        if isinstance(root.v, list):
            nodes = [n for n in root.items() if _is_record(n)]
        elif root.get("@graph") is not None:
            nodes = [n for n in root.each("@graph") if _is_record(n)]
        elif root.get("credentialSubject") is not None:
            vc = root
            for subject in root.each("credentialSubject"):
                nodes.extend(a for a in index.each(subject, "achievement") if _is_record(a))
        elif _is_record(root):
            nodes = [root]
        if not nodes:
            members = root.items() if isinstance(root.v, list) else root.each("@graph")
            if vc is not None:
                members = [a for subject in root.each("credentialSubject")
                           for a in index.each(subject, "achievement")]
            kinds = sorted(root.types() | {t for n in members for t in n.types()})
            for marker, reason in SKIP_KINDS:
                if any(marker in k for k in kinds):
                    yield Skipped(file=doc.display, locator=env.prefix or "",
                                  reason=f"{reason} ({', '.join(kinds[:4])})")
                    return
            raise InputError(
                f"CTDL document describes {', '.join(kinds[:5]) or 'no typed resource'}, "
                "not a credential or learning opportunity",
                file=doc.display, location=env.prefix or "/",
                hint="check the credential, course or learning programme record instead",
            )
        for node in nodes[: doc.options.limits.max_records_per_file]:
            try:
                yield map_ctdl(doc, node, index, env.prefix, vc)
            except InputError as exc:
                yield problem(doc, node.ptr, exc, node.id())


def _alignment_text(node: J) -> tuple[str, str] | None:
    for term in ("targetNodeName", "competencyLabel", "competencyText", "name",
                 "targetNodeDescription", "description"):
        child = node.get(term)
        found = child.text_at() if child is not None else None
        if found:
            return found
    return node.text_at() if not node.is_obj else None


def _org(node: J, index: IdIndex) -> tuple[Organisation, tuple[str, str] | None]:
    name = node.get("name")
    country: tuple[str, str] | None = None
    for addr in index.each(node, "address", "availableAt"):
        cc = addr.get("addressCountry")
        code = country_code(cc.text() or "") if cc is not None else None
        if code and cc is not None:
            country = (code, cc.ptr)
            break
    web = node.get("subjectWebpage")
    return Organisation(
        name=name.text() if name is not None else None,
        identifier=node.id(),
        url=web.scalar() if web is not None else None,
        country=country[0] if country else None,
    ), country


def map_ctdl(doc: SourceDocument, node: J, index: IdIndex, prefix: str,
             vc: J | None) -> CredentialRecord:
    """Map one CTDL resource (optionally inside a VC) to a record."""
    m = Mapper(doc, "ctdl", prefix)
    ctid = node.get("ctid")
    m.b.fields["record_id"] = node.id() or (ctid.scalar() if ctid is not None else None) or (
        f"{doc.display}#{m.loc(node.ptr)}")
    proof = embedded_proof_method(vc) if vc is not None else None
    m.b.fields["signature"] = Signature(signed=proof is not None, method=proof)
    kind = sorted(t for t in node.types() if RECORD_TYPE.search(t))
    m.ext("ctdl.type", kind[0] if kind else None, node.ptr)
    if ctid is not None:
        m.ext("ctdl.ctid", ctid.scalar(), ctid.ptr)
    ptr = node.ptr
    # learner / issue date: only when wrapped in a VC; otherwise the resource describes an
    # offer (a credential type, course or programme): a specification, not an award
    subject = vc.first("credentialSubject") if vc is not None else None
    if vc is None:
        m.b.fields["record_kind"] = "specification"
    if subject is not None and subject.id():
        m.set("learner", Learner(identifier=subject.id()), subject.ptr)
    else:
        m.looked("learner", "/credentialSubject" if vc is not None else ptr)
    date = None
    if vc is not None:
        date = vc.get("issuanceDate", "validFrom", "issued")
    if date is not None and date.scalar():
        m.set("issue_date", date.scalar(), date.ptr)
    else:
        m.looked("issue_date", "/issuanceDate" if vc is not None else f"{ptr}/dateEffective")
    effective = node.get("dateEffective")
    if effective is not None:
        m.ext("ctdl.date_effective", effective.scalar(), effective.ptr)
    name = node.get("name")
    found = name.text_at() if name is not None else None
    if found:
        m.set("title", found[0], found[1])
    else:
        m.looked("title", f"{ptr}/ceterms:name")
    # awarding body
    bodies: list[tuple[Organisation, tuple[str, str] | None]] = []
    body_ptr: str | None = None
    for term in ("ownedBy", "offeredBy"):
        refs = node.each(term)
        orgs = [index.deref(r) for r in refs]
        got = [_org(o, index) for o in orgs if o is not None and o.is_obj]
        ids = [r.id() for r in refs if r is not None]
        if got or ids:
            bodies = got or [(Organisation(identifier=i), None) for i in ids if i]
            body_ptr = node.get(term).ptr  # type: ignore[union-attr]
            break
    if not bodies and vc is not None and vc.get("issuer") is not None:
        issuer = index.deref(vc.get("issuer"))
        if issuer is not None:
            bodies = [_org(issuer, index)] if issuer.is_obj else [
                (Organisation(identifier=issuer.id()), None)]
            body_ptr = vc.get("issuer").ptr  # type: ignore[union-attr]
    if bodies and body_ptr is not None:
        m.set("awarding_body", tuple(o for o, _ in bodies), body_ptr)
        m.b.fields["provider_name"] = bodies[0][0].name
        m.b.fields["provider_id"] = bodies[0][0].identifier
        countries = [c for _, c in bodies if c]
        if countries:
            m.b.set("issuer_country", dedupe([c for c, _ in countries]), countries[0][1])
        else:
            m.looked("issuer_country", f"{body_ptr}/0/ceterms:address/0/ceterms:addressCountry")
    else:
        m.looked("awarding_body", f"{ptr}/ceterms:ownedBy", f"{ptr}/ceterms:offeredBy")
        m.looked("issuer_country", f"{ptr}/ceterms:ownedBy")
    _outcomes(m, node, index, ptr)
    _workload(m, node, index, ptr)
    _level(m, node, index, ptr)
    _misc(m, node, index, ptr)
    if not m.has("quality_assurance"):
        _qa_from_graph(m, node, index, [o for o, _ in bodies])
    _prose(m, node, index)
    return m.build()


_QA_TERMS = ("accreditedBy", "approvedBy", "recognizedBy", "regulatedBy")
_QA_INVERSE = {"accredits": "accredited by", "approves": "approved by",
               "recognizes": "recognized by", "regulates": "regulated by"}


def _qa_from_graph(m: Mapper, node: J, index: IdIndex, bodies: list[Organisation]) -> None:
    """External QA stated one step away: on the awarding body (``accreditedBy``...) or by a
    QA organisation in the document that ``accredits`` the credential or its awarding body."""
    targets = {t for t in (node.id(), *(b.identifier for b in bodies)) if t}
    for body in bodies:
        ref = index.deref(J(body.identifier)) if body.identifier else None
        if ref is None or not ref.is_obj:
            continue
        for term in _QA_TERMS:
            refs = ref.each(term)
            if refs:
                _set_qa(m, term.replace("By", " by"), index.deref(refs[0]) or refs[0],
                        ref.get(term))
                return
    for other in index.all_nodes():
        for term, how in _QA_INVERSE.items():
            if any(r.id() in targets for r in other.each(term)):
                _set_qa(m, how, other, other.get(term))
                return


def _set_qa(m: Mapper, how: str, org: J, at: J | None) -> None:
    name = org.get("name") if org.is_obj else None
    body = (name.text() if name is not None else None) or org.id()
    m.set("quality_assurance", QualityAssurance(description=how, external=how,
                                                external_body=body), (at or org).ptr)


def _prose(m: Mapper, node: J, index: IdIndex) -> None:
    """CTDL prose: the resource's description (may state outcomes), what its condition
    profiles and duration profiles say in words."""
    m.prose("ceterms:description", node.get("description"), describes=True)
    for term in ("requires", "recommends", "isPreparationFor"):
        for cond in index.each(node, term):
            if cond.is_obj:
                m.prose(f"ceterms:{term}/description", cond.get("description"))
                for target in index.each(cond, "targetAssessment"):
                    if target.is_obj:
                        m.prose("targetAssessment", target.get("description"),
                                ("assessment_type",))
    for dur in index.each(node, "estimatedDuration"):
        if dur.is_obj:
            m.prose("estimatedDuration/description", dur.get("description"), ("workload",))
    for item in index.each(node, "estimatedCost"):
        if item.is_obj:
            m.prose("estimatedCost/description", item.get("description"))


def _outcomes(m: Mapper, node: J, index: IdIndex, ptr: str) -> None:
    outcomes: list[LearningOutcome] = []
    ptrs: list[str] = []
    source: str | None = None
    for term in ("teaches", "learningOutcome"):
        for item in index.each(node, term):
            found = _alignment_text(item)
            if not found:
                continue
            target = item.get("targetNode") if item.is_obj else None
            uri = (target.scalar() if target is not None else None) or (
                item.id() if item.is_obj else None) or ""
            outcomes.append(LearningOutcome(text=found[0],
                                            esco_skills=(uri,) if is_esco(uri) else (),
                                            other_skills=() if is_esco(uri) or not uri.startswith(
                                                "http") else (uri,)))
            ptrs.append(found[1])
            source = source or node.get(term).ptr  # type: ignore[union-attr]
    if not outcomes:
        for item in index.each(node, "requires"):
            comps = index.each(item, "targetCompetency") if "ConditionProfile" in item.types() \
                else [item] if "Competency" in item.types() else []
            for comp in comps:
                found = _alignment_text(comp)
                if found:
                    outcomes.append(LearningOutcome(text=found[0]))
                    ptrs.append(found[1])
                    source = source or node.get("requires").ptr  # type: ignore[union-attr]
    if outcomes and source:
        m.set("learning_outcomes", tuple(outcomes), source)
        for i, p in enumerate(ptrs):
            m.source(f"learning_outcomes.{i}.text", p)
    else:
        m.looked("learning_outcomes", f"{ptr}/ceterms:teaches", f"{ptr}/ceterms:requires")


def _workload(m: Mapper, node: J, index: IdIndex, ptr: str) -> None:
    fields: dict[str, object] = {}
    first: str | None = None
    holders = [node, *index.each(node, "requires")]
    for holder in holders:
        for cv in holder.each("creditValue"):
            value = cv.get("value", "minValue") if cv.is_obj else cv
            amount = value.number() if value is not None else None
            if amount is None or value is None:
                continue
            unit = cv.get("creditUnitType", "unitText") if cv.is_obj else None
            unit_text = ""
            if unit is not None:
                u = unit.first("creditUnitType", "unitText") or unit
                target = u.get("targetNode") if u.is_obj else None
                label = _alignment_text(u)
                unit_text = (target.scalar() if target is not None else None) or (
                    label[0] if label else "") or ""
            system = "ECTS" if "ects" in unit_text.lower() else (unit_text or None)
            fields.update(credit_amount=amount, credit_system=system)
            if system == "ECTS":
                fields["ects"] = amount
                m.source("workload.ects", value.ptr)
            m.source("workload.credit_amount", value.ptr)
            first = first or value.ptr
            break
        if first:
            break
        old = holder.get("creditUnitValue", "creditHourValue")
        if old is not None and old.number() is not None:
            unit = holder.get("creditUnitTypeDescription", "creditHourType")
            unit_text = (unit.text() or "") if unit is not None else ""
            fields.update(credit_amount=old.number(), credit_system=unit_text or None)
            m.source("workload.credit_amount", old.ptr)
            first = old.ptr
            break
    for dur in index.each(node, "estimatedDuration"):
        for term in ("exactDuration", "maximumDuration", "minimumDuration"):
            d = dur.get(term)
            text = d.scalar() if d is not None else None
            if text and is_duration(text) and d is not None:
                fields["duration"] = text
                m.source("workload.duration", d.ptr)
                # CTDL's estimated duration is the time to complete: only hours of study
                # ("PT40H") state a workload; days or weeks ("P5D", "P2W") are a calendar
                # length whose hours are not stated (an auditor confirms them), and years
                # or months are no workload at all
                if calendar_days(text):
                    m.prose("estimatedDuration", d, ("workload",))
                else:
                    hours = duration_hours(text)
                    if hours is not None and "hours" not in fields:
                        fields["hours"] = hours
                        m.source("workload.hours", d.ptr)
                first = first or d.ptr
                break
        if "duration" in fields:
            break
    if first:
        m.set("workload", Workload.model_validate(fields), first)
    else:
        m.looked("workload", f"{ptr}/ceterms:creditValue", f"{ptr}/ceterms:estimatedDuration")


def _level(m: Mapper, node: J, index: IdIndex, ptr: str) -> None:
    for term in ("hasLevel", "audienceLevelType", "jurisdiction"):
        for item in index.each(node, term):
            text = " ".join(filter(None, [
                item.id() or "", *(x.scalar() or "" for x in (
                    item.get("framework"), item.get("targetNode"), item.get("frameworkName"))
                    if x is not None and x.scalar()),
                *(x.text() or "" for x in (item.get("targetNodeName"), item.get("name"))
                  if x is not None)]))
            if "eqf" in text.lower():
                match = re.search(r"(?:level\s*|/)([1-8])\b", text, re.I)
                if match:
                    m.set("level", Level(eqf=int(match.group(1))), item.ptr)
                    return
    # a level in another framework (ceterms:atLevel: a level of a named framework), or the
    # audience level the offer is designed for (CTDL AudienceLevel concepts such as
    # "Bachelors Degree Level"): stated levels, not EQF ones
    for term in ("atLevel", "audienceLevelType"):
        level_item = index.first(node, term)
        if level_item is None or not level_item.is_obj:
            continue
        item = level_item
        if term == "audienceLevelType":
            target = item.get("targetNode")
            code = ((target.scalar() or "") if target is not None else "").split(":")[-1]
            if code not in EDUCATION_LEVELS:
                continue  # "Beginner Level" is proficiency, not a level of education
        label = item.get("targetNodeName") or item.get("targetName") or item.get("name")
        found = label.text_at() if label is not None else None
        if not found:
            continue
        fw = item.get("frameworkName")
        if term == "audienceLevelType":
            m.ext("ctdl.audience_level", found[0], found[1])
        elif fw is not None and fw.text():
            m.ext("ctdl.level_framework", fw.text(), fw.ptr)
        m.set("level", Level(nqf=found[0]), item.ptr)
        m.source("level.nqf", found[1])
        return
    m.looked("level", f"{ptr}/ceterms:hasLevel", f"{ptr}/ceterms:audienceLevelType")


def _misc(m: Mapper, node: J, index: IdIndex, ptr: str) -> None:
    # how the offer is assessed: on the resource itself, else on the assessments its
    # condition profiles require (ceterms:requires[].ceterms:targetAssessment)
    holders = [node]
    for cond in index.each(node, "requires"):
        holders.extend(a for a in index.each(cond, "targetAssessment") if a.is_obj)
    found: list[tuple[str, str]] = []
    for holder in holders:
        methods = [_alignment_text(x) for x in holder.each("assessmentMethodType")]
        found = [x for x in methods if x]
        desc = holder.get("assessmentMethodDescription")
        described = desc.text_at() if desc is not None else None
        if not found and described:
            found = [described]
        if not found and holder is not node:
            name = holder.get("name")
            named = name.text_at() if name is not None else None
            found = [named] if named else []
        found = [f for f in found if non_answer(f[0], "assessment_type") is None] or found
        if found:
            break
    if found:
        m.set("assessment_type", "; ".join(dedupe([f[0] for f in found])), found[0][1])
    else:
        m.looked("assessment_type", f"{ptr}/ceterms:assessmentMethodType")
    forms: list[tuple[str, str]] = []
    for item in node.each("deliveryType"):
        target = item.get("targetNode") if item.is_obj else item
        code = (target.scalar() or "") if target is not None else ""
        code = code or ""
        key = code.split(":")[-1].lower()
        label = _alignment_text(item)
        value = DELIVERY.get(key) or (label[0] if label else None)
        if value:
            forms.append((value, item.ptr))
    online = node.first("availableOnlineAt")
    host = urlsplit(online.scalar() or "").hostname or "" if online is not None else ""
    if not forms and host and not RESERVED_EXAMPLE_HOSTS.search(host):
        forms.append(("online", online.ptr))  # type: ignore[union-attr]  # taken online
    if forms:
        m.set("participation_form", " + ".join(dedupe([f for f, _ in forms])), forms[0][1])
    else:
        m.looked("participation_form", f"{ptr}/ceterms:deliveryType")
    for term in ("accreditedBy", "approvedBy", "recognizedBy", "regulatedBy"):
        refs = node.each(term)
        if not refs:
            continue
        org = index.deref(refs[0])
        name = org.get("name") if org is not None and org.is_obj else None
        m.set("quality_assurance", QualityAssurance(
            description=term.replace("By", " by"),
            external=term.replace("By", " by"),
            external_body=(name.text() if name is not None else None) or refs[0].id(),
        ), node.get(term).ptr)  # type: ignore[union-attr]
        break
    else:
        m.looked("quality_assurance", f"{ptr}/ceterms:accreditedBy", f"{ptr}/ceterms:approvedBy")
    for term in ("entryCondition", "prerequisite"):
        for item in index.each(node, term):
            for field in ("condition", "description", "name"):
                child = item.get(field)
                found2 = child.text_at() if child is not None else None
                if found2:
                    m.set("prerequisites", found2[0], found2[1])
                    break
            if m.has("prerequisites"):
                break
        if m.has("prerequisites"):
            break
    else:
        m.looked("prerequisites", f"{ptr}/ceterms:entryCondition")
    part = index.first(node, "isPartOf")
    if part is not None:
        title = part.get("name") if part.is_obj else None
        m.set("stackability", Stackability(
            mode="integrated", towards=(title.text() if title is not None else None) or part.id()),
            part.ptr)
    else:
        m.looked("stackability", f"{ptr}/ceterms:isPartOf")
    web = node.get("subjectWebpage")
    if web is not None and web.scalar():
        m.set("further_info", web.scalar(), web.ptr)
    else:
        m.looked("further_info", f"{ptr}/ceterms:subjectWebpage")
    lang = node.first("inLanguage")
    lang_code = language_code(lang.scalar() or "") if lang is not None else None
    if lang_code and lang is not None:
        m.set("language", lang_code, lang.ptr)
    for element in ("supervision_identity", "grade"):
        m.looked(element, ptr)


__all__ = ["CtdlLoader", "is_ctdl", "map_ctdl"]
