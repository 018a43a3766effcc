"""Europass ELM v3 / European Digital Credentials (EDC) -> :class:`CredentialRecord`.

Reads the shapes EDCs really come in, all without a JSON-LD processor:
VC 1.1 and VC 2.0 envelopes; unsigned, embedded ``proof``, JAdES-sealed
``{payload, signatures}`` and compact JWT; the EDC Issuer "uploadable"
``{"credential": ...}`` wrapper (no ``@context``); DC4EU's ``{"elm": ...}``;
flattened ``@graph`` documents; prefixed keys and full IRIs as keys.

The micro-credential is the credential's main claim (first
``LearningAchievement`` in ``credentialSubject.hasClaim``) and its
specification (``specifiedBy``: Qualification / LearningAchievementSpecification);
a credential claiming several achievements at the top level gives one record per
achievement (:func:`map_credentials`).
Each Annex I element is read with its JSON pointer; where an element is
absent the places looked at are recorded, so a finding can say where mcqa
looked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
    last_segment,
    type_names,
    unwrap,
)
from mcqa.loaders.base import SourceDocument
from mcqa.loaders.terms import (
    CREDIT_FRAMEWORKS,
    MODE_LABELS,
    MODES,
    country_code,
    is_esco,
    language_code,
)
from mcqa.model import (
    Grade,
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
from mcqa.vocab import vocabulary

ELM_CONTEXT_MARKERS = ("data.europa.eu/snb", "ec.europa.eu/credentials", "everisdx.io/datamodel")
"""Substrings of ``@context`` URLs used by ELM/EDC (official, DC4EU pilot, EDC test builds)."""

ELM_CREDENTIAL_TYPES = frozenset({
    "EuropeanDigitalCredential", "EuropassCredential", "EuropassEDC",
})
ACCREDITATION_TYPES = frozenset({"Accreditation"})
CLAIM_KEYS = ("hasClaim", "achieved", "hasPart")


def _is_elm(data: object) -> bool:
    if not isinstance(data, dict):
        return False
    urls = context_urls(data.get("@context"))
    if any(m in u for u in urls for m in ELM_CONTEXT_MARKERS):
        return True
    types = type_names(data)
    if types & (ELM_CREDENTIAL_TYPES | ACCREDITATION_TYPES):
        return True
    raw_type = data.get("type")
    if isinstance(raw_type, str) and "data.europa.eu/europass" in raw_type:
        return True
    subject = J(data).first("credentialSubject")
    if subject is not None and subject.get("hasClaim") is not None:
        return True
    graph = data.get("@graph")
    if isinstance(graph, list):
        for node in graph[:500]:
            if type_names(node) & (ELM_CREDENTIAL_TYPES | ACCREDITATION_TYPES):
                return True
            if isinstance(node, dict) and any(
                isinstance(k, str) and k.startswith("elm:") for k in node
            ):
                return True
            raw = node.get("@type") if isinstance(node, dict) else None
            for t in raw if isinstance(raw, list) else [raw]:
                if isinstance(t, str) and (t.startswith("elm:") or "data.europa.eu/snb" in t):
                    return True
    return False


class ElmLoader(EnvelopeLoader):
    """Europass ELM v3 / EDC credentials (JSON-LD, uploadable, JAdES, JWT).

    Detected by: ELM context URL, EDC type, ``hasClaim`` subject, or ELM ``@graph`` nodes.
    Records: one per credential (ELM files hold one credential), or one per top-level
    achievement when the credential claims several.
    """

    name = "elm"
    label = "ELM"
    recognise = staticmethod(_is_elm)

    def _load(self, doc: SourceDocument) -> Iterator[LoadItem]:
        env = unwrap(doc)
        root = env.root
        if _is_accreditation(root):
            yield Skipped(file=doc.display, locator=env.prefix or "",
                          reason="a Europass accreditation (quality-assurance) record; it is "
                                 "evidence for the credentials that refer to it")
            return
        cred = _find_credential(root, doc, env.prefix)
        index = IdIndex(root)
        yield from map_credentials(doc, cred, index, env.prefix, env.method, self.name)


def _is_accreditation(root: J) -> bool:
    """An ELM Accreditation document (QDR upload or EDC accreditation sample)."""
    if not root.is_obj or root.get("credentialSubject") is not None:
        return False
    nodes = [root, *(n for n in root.each("@graph") if n.is_obj)]
    if any(n.get("credentialSubject") is not None for n in nodes):
        return False
    raw = [x.v for n in nodes for t in [n.get("type")] if t is not None for x in t.items()
           if isinstance(x.v, str)]
    return root.get("accreditedOrganization") is not None or any(
        "accreditation" in t.lower() for t in raw)


def _find_credential(root: J, doc: SourceDocument, prefix: str) -> J:
    """The credential node: the document itself, or the credential inside ``@graph``."""
    if not root.is_obj:
        raise InputError("ELM document is not a JSON object", file=doc.display,
                         hint="provide one credential per file")
    candidates = [root]
    graph = root.get("@graph")
    if graph is not None:
        candidates = [n for n in graph.items() if n.is_obj]
    for node in candidates:
        if node.get("credentialSubject") is not None:
            return node
    raw_types: list[str] = []
    for node in candidates:
        type_node = node.get("type")
        if type_node is not None:
            raw_types.extend(x.v for x in type_node.items() if isinstance(x.v, str))
    if root.get("accreditedOrganization") is not None or any(
        "accreditation" in t.lower() for t in raw_types
    ):
        raise InputError(
            "this is an ELM accreditation (quality-assurance) record, not a credential",
            file=doc.display, location=prefix or "/",
            hint="check the credential that refers to this accreditation instead",
        )
    raise InputError(
        "ELM document has no credentialSubject, so no learner or claim can be read",
        file=doc.display, location=prefix or "/",
        hint="provide a European Digital Credential (VerifiableCredential with credentialSubject)",
    )


# --- helpers --------------------------------------------------------------------------

def concept_code(node: J | None) -> str | None:
    """A concept's code: last segment of its id, else its ``notation``."""
    if node is None:
        return None
    ident = node.id()
    if ident and ("/" in ident or "#" in ident):
        return last_segment(ident)
    notation = node.get("notation")
    if notation is not None and notation.scalar():
        return notation.scalar()
    return ident


def concept_label(node: J | None) -> str | None:
    """A concept's preferred label (English preferred), else its notation or id."""
    if node is None:
        return None
    if isinstance(node.v, str):
        return node.v.strip() or None
    label = node.get("prefLabel", "title", "name")
    if label is not None and label.text():
        return label.text()
    notation = node.get("notation")
    if notation is not None and notation.scalar():
        return notation.scalar()
    return node.id()


def eqf_of(node: J | None) -> int | None:
    """EQF level from ``http://data.europa.eu/snb/eqf/6``, a notation, a number or a label."""
    if node is None:
        return None
    candidates: list[str] = []
    if isinstance(node.v, int | float | str) and not isinstance(node.v, bool):
        candidates.append(str(node.v))
    else:
        ident = node.id()
        if ident:
            candidates.append(last_segment(ident) if "/eqf/" in ident else ident)
        for term in ("notation", "prefLabel"):
            child = node.get(term)
            if child is not None:
                text = child.text()
                if text:
                    candidates.append(text)
    for text in candidates:
        match = re.fullmatch(r"(?<!\s)\s*+(?:EQF\s*+(?:level)?\s*+)?([1-8])(?:\.0)?\s*+", text, re.I)
        if match:
            return int(match.group(1))
        match = re.search(r"\blevel\s*+([1-8])\b", text, re.I)
        if match:
            return int(match.group(1))
    return None


def nqf_of(node: J | None) -> tuple[str | None, str | None]:
    """(framework, level) from an NQF concept: ``IE NQF Level 6`` -> (``IE-NFQ``, ``6``);
    framework names and abbreviations come from the framework data (their ``aliases``)."""
    from mcqa.frameworks.names import parse_level_text

    label = concept_label(node)
    if not label:
        return None, None
    named = parse_level_text(label)
    if named is not None and named.framework is not None:
        return named.framework, named.level
    # linear: the rest of the label is taken whole and stripped, not matched lazily
    match = re.match(r"^\s*+([A-Z]{2})[\s-]++([A-Za-z]{2,8})\s++level\s++(\S.*)", label,
                     re.I | re.S)
    if match:
        return f"{match.group(1).upper()}-{match.group(2).upper()}", match.group(3).rstrip()
    match = re.search(r"level\s++(\S.*)", label, re.I | re.S)
    if match:
        return None, match.group(1).rstrip()
    return None, label


def participation_of(mode: J) -> str | None:
    """Annex I form of participation from a Europass mode concept (id, notation or label)."""
    code = concept_code(mode)
    if code and code in MODES:
        return MODES[code]
    label = concept_label(mode)
    if label:
        return MODE_LABELS.get(label.strip().lower(), label)
    return None


def _org(node: J, index: IdIndex) -> Organisation:
    name = node.get("legalName", "prefLabel", "name", "altLabel")
    legal = index.first(node, "registration", "eIDASIdentifier", "vatIdentifier",
                        "taxIdentifier", "legalIdentifier")
    homepage = index.first(node, "homepage", "homePage", "url")
    url = None
    if homepage is not None:
        target = homepage.get("contentURL")
        url = (target.scalar() if target is not None else None) or homepage.id()
    countries = _org_countries(node, index)
    # An ELM node id ("urn:epass:org:1", a URL minted for the graph) names the node, not the
    # organisation: identity is stated by registration / eID / VAT ids and the homepage.
    # A DID is an identifier the organisation controls, so it counts.
    ident = node.id()
    ident = ident if ident and ident.startswith("did:") else None
    return Organisation(
        name=name.text() if name is not None else None,
        identifier=ident,
        legal_identifier=(legal.get("notation").scalar()  # type: ignore[union-attr]
                          if legal is not None and legal.get("notation") is not None
                          else (legal.id() if legal is not None else None)),
        url=url,
        country=countries[0][0] if countries else None,
    )


def _org_countries(node: J, index: IdIndex) -> list[tuple[str, str]]:
    """(alpha-2, pointer) for an organisation: registered address, then legal ids' spatial."""
    found: list[tuple[str, str]] = []
    for loc in index.each(node, "location"):
        for addr in index.each(loc, "address"):
            cc = addr.get("countryCode")
            code = country_code(concept_code(cc) or "") if cc is not None else None
            if code and cc is not None:
                found.append((code, cc.ptr))
        spatial = loc.get("spatial")
        code = country_code(concept_code(spatial) or "") if spatial is not None else None
        if code and spatial is not None:
            found.append((code, spatial.ptr))
    if not found:
        for term in ("registration", "eIDASIdentifier", "legalIdentifier", "vatIdentifier"):
            for legal in index.each(node, term):
                spatial = legal.get("spatial")
                code = country_code(concept_code(spatial) or "") if spatial is not None else None
                if code and spatial is not None:
                    found.append((code, spatial.ptr))
    return found


def _texts(nodes: list[J]) -> list[tuple[str, str]]:
    out = []
    for n in nodes:
        found = n.text_at()
        if found:
            out.append(found)
    return out


# --- mapping --------------------------------------------------------------------------

def map_credentials(doc: SourceDocument, cred: J, index: IdIndex, prefix: str,
                    method: str | None, fmt: str = "elm") -> list[LoadItem]:
    """The records of one ELM credential: one, or one per top-level achievement.

    A credential whose subject claims several learning achievements at the top level (a
    transcript listing four programmes, each with its own specification, credits and
    assessments) states several achievements of the same learner: each is judged on its
    own, like each achievement of a CLR, with id ``<credential id>#claim-N`` (N its
    position in ``hasClaim``) and the credential as ``parent_id``. Activities,
    assessments and entitlements claimed beside them stay supporting claims of each."""
    subject = index.first(cred, "credentialSubject")
    claims = _claims(subject, index)
    achievements = [(n, c) for n, c in enumerate(claims)
                    if "LearningAchievement" in c.types()]
    if len(achievements) < 2:
        return [map_credential(doc, cred, index, prefix, method, fmt)]
    return [map_credential(doc, cred, index, prefix, method, fmt, main=(n, claim))
            for n, claim in achievements]


def map_credential(doc: SourceDocument, cred: J, index: IdIndex, prefix: str,
                   method: str | None, fmt: str = "elm", *,
                   main: tuple[int, J] | None = None) -> LoadItem:
    """Map one ELM credential object to a record (pointers prefixed by ``prefix``);
    ``main``: the top-level claim (position, claim) this record is about, when the
    credential claims several achievements (see :func:`map_credentials`)."""
    m = Mapper(doc, fmt, prefix)
    cred_id = cred.id()
    base_id = cred_id or f"{doc.display}#{m.loc(cred.ptr)}"
    m.b.fields["record_id"] = base_id if main is None else f"{base_id}#claim-{main[0]}"
    if main is not None:
        m.b.fields["parent_id"] = base_id
    proof_method = embedded_proof_method(cred)
    sig_method = method or proof_method
    m.b.fields["signature"] = Signature(signed=sig_method is not None, method=sig_method)
    if sig_method is not None:
        m.source("signature", cred.get("proof").ptr if proof_method and not method  # type: ignore[union-attr]
                 else cred.ptr)

    subject = index.first(cred, "credentialSubject")
    claims = _claims(subject, index)
    claim = _main_claim(claims) if main is None else main[1]
    spec = index.first(claim, "specifiedBy") if claim is not None else None
    sub_ptr = subject.ptr if subject is not None else f"{cred.ptr}/credentialSubject"
    claim_ptr = claim.ptr if claim is not None else f"{sub_ptr}/hasClaim/0"
    spec_ptr = spec.ptr if spec is not None else f"{claim_ptr}/specifiedBy"
    for schema in cred.each("credentialSchema"):
        if schema.id():
            m.ext("elm.credential_schema", schema.id(), schema.ptr)
            break
    for profile in cred.each("credentialProfiles", "credentialProfile"):
        if profile.id():
            m.ext("elm.credential_profile", profile.id(), profile.ptr)
            label = concept_label(profile)
            if label and label != profile.id():
                m.ext("elm.credential_profile_label", label, profile.ptr)
            break
    if claim is not None and claim.types():
        m.ext("elm.claim_type", sorted(claim.types())[0], claim.ptr)
    if len(claims) > 1:
        m.ext("elm.claim_count", len(claims), f"{sub_ptr}/hasClaim")

    _learner(m, subject, sub_ptr)
    _title(m, claim, spec, cred, claim_ptr, spec_ptr)
    bodies = _awarding_body(m, claim, index, claim_ptr, cred)
    _issuer_country(m, cred, index, bodies, claim, claim_ptr)
    _issue_date(m, cred, claim, claim_ptr)
    # the other claims support this one; other top-level achievements are records of their own
    siblings = [c for c in claims if c.ptr != (claim.ptr if claim is not None else None)
                and (main is None or "LearningAchievement" not in c.types())]
    _outcomes(m, spec, claim, index, spec_ptr)
    _workload(m, spec, claim, index, spec_ptr, claim_ptr, siblings)
    _level(m, spec, claim, index, spec_ptr)
    _assessment(m, claim, index, claim_ptr, siblings)
    _participation(m, spec, claim, index, spec_ptr, siblings)
    _quality_assurance(m, spec, claim, cred, index, bodies, spec_ptr)
    _prose(m, spec, claim, siblings, index)
    _prerequisites(m, spec, index, spec_ptr)
    _stackability(m, spec, claim, index, spec_ptr, claim_ptr)
    _further_info(m, spec, claim, index, spec_ptr)
    _audit(m, cred, spec, index, spec_ptr)
    return m.build()


def _claims(subject: J | None, index: IdIndex) -> list[J]:
    if subject is None:
        return []
    for term in CLAIM_KEYS:
        found = [c for c in index.each(subject, term) if c.is_obj]
        if found:
            return found
    return []


def _main_claim(claims: list[J]) -> J | None:
    for claim in claims:
        if "LearningAchievement" in claim.types():
            return claim
    return claims[0] if claims else None


def _learner(m: Mapper, subject: J | None, sub_ptr: str) -> None:
    if subject is None:
        m.looked("learner", sub_ptr)
        return
    name: str | None = None
    full = subject.get("fullName")
    if full is not None:
        name = full.text()
    if not name:
        parts = [p.text() for p in (subject.get("givenName"), subject.get("familyName"))
                 if p is not None]
        name = " ".join(p for p in parts if p) or None
    ident: str | None = None
    for term in ("nationalID", "identifier"):
        node = subject.first(term)
        if node is not None:
            notation = node.get("notation")
            ident = (notation.scalar() if notation is not None else None) or node.id()
            if ident:
                break
    ident = ident or subject.id()
    if not ident:
        email = subject.path("contactPoint", "emailAddress")
        ident = email.id() if email is not None else None
    if name or ident:
        m.set("learner", Learner(name=name, identifier=ident), subject.ptr)
    else:
        m.looked("learner", subject.ptr)


def _title(m: Mapper, claim: J | None, spec: J | None, cred: J,
           claim_ptr: str, spec_ptr: str) -> None:
    for node in (claim, spec):
        if node is None:
            continue
        title = node.get("title")
        found = title.text_at() if title is not None else None
        if found:
            m.set("title", found[0], found[1])
            return
    display = cred.path("displayParameter", "title")
    found = display.text_at() if display is not None else None
    if found:
        m.set("title", found[0], found[1])
        return
    m.looked("title", f"{claim_ptr}/title", f"{spec_ptr}/title")


def _awarding_body(m: Mapper, claim: J | None, index: IdIndex, claim_ptr: str,
                   cred: J) -> list[J]:
    bodies: list[J] = []
    awarded = index.first(claim, "awardedBy") if claim is not None else None
    if awarded is not None:
        bodies = [b for b in index.each(awarded, "awardingBody") if b.is_obj]
    source_ptr = awarded.get("awardingBody").ptr if awarded is not None and awarded.get(  # type: ignore[union-attr]
        "awardingBody") is not None else None
    if not bodies:
        issuer = index.first(cred, "issuer")
        if issuer is not None and issuer.is_obj and len(issuer.v) > 2:
            bodies = [issuer]
            source_ptr = issuer.ptr
    if bodies and source_ptr is not None:
        orgs = tuple(_org(b, index) for b in bodies)
        m.set("awarding_body", orgs, source_ptr)
        for i, b in enumerate(bodies):
            name = b.get("legalName", "prefLabel", "name")
            if name is not None:
                m.source(f"awarding_body.{i}.name", (name.text_at() or ("", name.ptr))[1])
        first = orgs[0]
        m.b.fields["provider_name"] = first.name
        m.b.fields["provider_id"] = first.legal_identifier or first.identifier or bodies[0].id()
    else:
        m.looked("awarding_body", f"{claim_ptr}/awardedBy/awardingBody", f"{cred.ptr}/issuer")
    return bodies


def _issuer_country(m: Mapper, cred: J, index: IdIndex, bodies: list[J],
                    claim: J | None, claim_ptr: str) -> None:
    """Annex I's country of the issuer is the awarding body's country; the organisation
    that sealed the credential (``issuer``, often a test sealer or a national service) is
    recorded beside it (``extensions["sealer.country"]``), so signed and unsigned copies agree."""
    issuer = index.first(cred, "issuer")
    sealer: list[tuple[str, str]] = []
    if issuer is not None and issuer.is_obj:
        sealer = _org_countries(issuer, index)
    found: list[tuple[str, str]] = []
    for body in bodies:
        found.extend(_org_countries(body, index))
    if not found and claim is not None:
        awarded = index.first(claim, "awardedBy")
        loc = index.first(awarded, "location") if awarded is not None else None
        if loc is not None:
            for node in [loc.get("spatial"), *(a.get("countryCode") for a in index.each(loc,
                                                                                        "address"))]:
                code = country_code(concept_code(node) or "") if node is not None else None
                if code and node is not None:
                    found.append((code, node.ptr))
    if not found and not bodies:
        found = sealer  # the issuer is the only organisation named: it awards
    body_ids = {b.id() for b in bodies if b.id()}
    if sealer and not (issuer is not None and issuer.id() in body_ids):
        m.ext("sealer.country", sealer[0][0], sealer[0][1])  # a separate sealing organisation
    if found:
        codes = dedupe([c for c, _ in found])
        m.set("issuer_country", codes, found[0][1])
    else:
        issuer_ptr = issuer.ptr if issuer is not None else f"{cred.ptr}/issuer"
        m.looked("issuer_country",
                 f"{claim_ptr}/awardedBy/awardingBody/0/location/0/address/0/countryCode",
                 f"{issuer_ptr}/location/0/address/0/countryCode")


def _issue_date(m: Mapper, cred: J, claim: J | None, claim_ptr: str) -> None:
    for term in ("issued", "issuanceDate", "validFrom"):
        node = cred.get(term)
        if node is not None and node.scalar():
            m.set("issue_date", node.scalar(), node.ptr)
            return
    if claim is not None:
        date = claim.path("awardedBy", "awardingDate")
        if date is not None and date.scalar():
            m.set("issue_date", date.scalar(), date.ptr)
            return
    if m.prefix.startswith("JWT"):
        m.looked("issue_date", f"{cred.ptr}/issued", f"{cred.ptr}/issuanceDate")
        return
    m.looked("issue_date", f"{cred.ptr}/issued", f"{cred.ptr}/issuanceDate",
             f"{cred.ptr}/validFrom", f"{claim_ptr}/awardedBy/awardingDate")


def _outcomes(m: Mapper, spec: J | None, claim: J | None, index: IdIndex, spec_ptr: str) -> None:
    outcomes: list[LearningOutcome] = []
    ptrs: list[str] = []
    skill_ptrs: dict[str, str] = {}  # record path of each ESCO link -> its pointer
    source_node: J | None = None
    for node in (spec, claim):
        if node is None:
            continue
        items = list(index.each(node, "learningOutcome"))
        if items:
            source_node = node.get("learningOutcome")
            for lo in items:
                text_node = lo.get("title", "description", "prefLabel") if lo.is_obj else lo
                found = text_node.text_at() if text_node is not None else None
                if not found:
                    continue
                esco: list[str] = []
                other: list[str] = []
                where: dict[str, str] = {}
                for term in ("relatedESCOSkill", "relatedSkill"):
                    for skill in lo.each(term):
                        uri = skill.id()
                        if uri:
                            (esco if is_esco(uri) else other).append(uri)
                            where.setdefault(uri, skill.ptr)
                esco_t = dedupe(esco)
                for j, uri in enumerate(esco_t):  # ESCO findings point at the very link
                    skill_ptrs[f"learning_outcomes.{len(outcomes)}.esco_skills.{j}"] = where[uri]
                outcomes.append(LearningOutcome(text=found[0], esco_skills=esco_t,
                                                other_skills=dedupe(other)))
                ptrs.append(found[1])
            break
    if not outcomes and spec is not None:
        summary = spec.get("learningOutcomeSummary")
        found = summary.text_at() if summary is not None else None
        if found:
            outcomes.append(LearningOutcome(text=found[0]))
            ptrs.append(found[1])
            source_node = summary
    if outcomes and source_node is not None:
        m.set("learning_outcomes", tuple(outcomes), source_node.ptr)
        for i, p in enumerate(ptrs):
            m.source(f"learning_outcomes.{i}.text", p)
        for path, p in skill_ptrs.items():
            m.source(path, p)
    else:
        m.looked("learning_outcomes", f"{spec_ptr}/learningOutcome")


def _workload(m: Mapper, spec: J | None, claim: J | None, index: IdIndex,
              spec_ptr: str, claim_ptr: str, siblings: list[J] | None = None) -> None:
    fields: dict[str, object] = {}
    first_ptr: str | None = None
    credits: list[J] = []
    for node, term in ((spec, "creditPoint"), (claim, "creditReceived"), (spec, "ECTSCredit")):
        if node is not None:
            credits = index.each(node, term)
            if credits:
                break
    parts: list[tuple[float, str | None, str]] = []
    if not credits and claim is not None:
        parts = _part_credits(claim, index)
    if parts and len({system for _, system, _ in parts}) == 1:
        # a transcript: no total, but every part (course, module) states its credits in
        # one system; the achievement's workload is their sum
        total = round(sum(amount for amount, _, _ in parts), 4)
        system, ptr = parts[0][1], parts[0][2]
        fields.update(credit_system=system, credit_amount=total)
        m.source("workload.credit_amount", ptr)
        if system == "ECTS":
            fields["ects"] = total
            m.source("workload.ects", ptr)
        first_ptr = ptr
    for cp in credits:
        if not cp.is_obj:
            amount = cp.number()
            if amount is not None:
                fields.update(credit_system="ECTS", credit_amount=amount, ects=amount)
                m.source("workload.ects", cp.ptr)
                first_ptr = first_ptr or cp.ptr
            continue
        point = cp.get("point")
        amount = point.number() if point is not None else None
        system = _credit_system(cp)
        if amount is None or point is None:
            continue
        if "credit_amount" not in fields:
            fields.update(credit_system=system, credit_amount=amount)
            m.source("workload.credit_amount", point.ptr)
            first_ptr = first_ptr or point.ptr
        if system == "ECTS" and "ects" not in fields:
            fields["ects"] = amount
            m.source("workload.ects", point.ptr)
    # notional hours: the specification's volume of learning, the claim's own workload (a
    # LearningActivity), then the learning activities claimed beside the achievement
    volumes: list[J | None] = [spec.get("volumeOfLearning") if spec is not None else None,
                               claim.get("workload") if claim is not None else None]
    for other in siblings or ():
        other_spec = index.first(other, "specifiedBy")
        volumes += [other.get("workload"),
                    other_spec.get("volumeOfLearning", "workload") if other_spec is not None
                    else None]
    for volume in volumes:
        if volume is None or not volume.scalar():
            continue
        text = volume.scalar() or ""
        if is_duration(text) and duration_hours(text) is None:
            # a volume of learning in days or weeks ("P60D") is a calendar length, not
            # notional hours (never 24 hours a day): kept as stated and quoted for an
            # auditor to confirm; in years or months it is no workload at all
            if calendar_days(text):
                m.prose(volume.ptr.rsplit("/", 1)[-1], volume, ("workload",))
            if "duration" not in fields:
                fields["duration"] = text
                m.source("workload.duration", volume.ptr)
                first_ptr = first_ptr or volume.ptr
            continue
        hours = duration_hours(text) if is_duration(text) else volume.number()
        if hours is not None:
            fields["hours"] = hours
            m.source("workload.hours", volume.ptr)
            first_ptr = first_ptr or volume.ptr
            break
    for term in ("duration", "maximumDuration"):
        dur = spec.get(term) if spec is not None else None
        if dur is not None and dur.scalar():
            fields["duration"] = dur.scalar()
            m.source("workload.duration", dur.ptr)
            first_ptr = first_ptr or dur.ptr
            break
    if first_ptr is not None:
        m.set("workload", Workload.model_validate(fields), first_ptr)
    else:
        m.looked("workload", f"{spec_ptr}/creditPoint", f"{spec_ptr}/volumeOfLearning",
                 f"{claim_ptr}/creditReceived")


def _credit_system(cp: J) -> str | None:
    """The credit system of an ELM ``creditPoint``: its framework's code or label, ECTS
    when either names it ("ects", "European Credit Transfer System")."""
    framework = cp.get("framework")
    code = concept_code(framework)
    label = concept_label(framework) or ""
    return CREDIT_FRAMEWORKS.get(code or "") or (
        "ECTS" if "ects" in (code or "").lower() or "european credit transfer" in label.lower()
        or label.strip().lower() == "ects"
        else (code or label or None))


def _part_credits(claim: J, index: IdIndex) -> list[tuple[float, str | None, str]]:
    """Credits of the claim's parts (``hasPart``): each part's specified ``creditPoint``,
    else the ``creditReceived`` on the part itself, as (amount, system, pointer)."""
    found: list[tuple[float, str | None, str]] = []
    for part in index.each(claim, "hasPart"):
        if not part.is_obj:
            continue
        part_spec = index.first(part, "specifiedBy")
        holders = [(part_spec, "creditPoint"), (part, "creditReceived")]
        for holder, term in holders:
            cps = [c for c in index.each(holder, term) if c.is_obj] if holder is not None else []
            point = cps[0].get("point") if cps else None
            amount = point.number() if point is not None else None
            if amount is not None and point is not None:
                found.append((amount, _credit_system(cps[0]), point.ptr))
                break
    return found


def _level(m: Mapper, spec: J | None, claim: J | None, index: IdIndex, spec_ptr: str) -> None:
    eqf: int | None = None
    eqf_ptr: str | None = None
    framework: str | None = None
    nqf: str | None = None
    nqf_ptr: str | None = None
    for node in (spec, claim):
        if node is None:
            continue
        e = index.first(node, "eqfLevel")
        if eqf is None and e is not None:
            eqf = eqf_of(e)
            eqf_ptr = e.ptr if eqf is not None else None
        n = index.first(node, "nqfLevel")
        if nqf is None and n is not None:
            framework, nqf = nqf_of(n)
            nqf_ptr = n.ptr if nqf is not None else None
    if eqf is None and nqf is None:
        m.looked("level", f"{spec_ptr}/eqfLevel", f"{spec_ptr}/nqfLevel")
        return
    m.set("level", Level(eqf=eqf, framework=framework, nqf=nqf), eqf_ptr or nqf_ptr or spec_ptr)
    if eqf_ptr:
        m.source("level.eqf", eqf_ptr)
    if nqf_ptr:
        m.source("level.nqf", nqf_ptr)


def _assessment(m: Mapper, claim: J | None, index: IdIndex, claim_ptr: str,
                siblings: list[J] | None = None) -> None:
    """Assessments proving the claim, then those proving its parts (``hasPart``), then
    LearningAssessment claims beside it. Generic titles and opaque codes are no type."""
    assessments = [a for a in index.each(claim, "provenBy") if a.is_obj] if claim else []
    if claim is not None and not assessments:
        for part in index.each(claim, "hasPart"):
            assessments.extend(a for a in index.each(part, "provenBy") if a.is_obj)
    if not assessments:
        assessments = [c for c in siblings or () if "LearningAssessment" in c.types()]
    types: list[tuple[str, str]] = []
    unnamed: J | None = None
    supervision: tuple[str, str] | None = None
    grade: tuple[Grade, str] | None = None
    for a in assessments:
        aspec = index.first(a, "specifiedBy")
        for holder in (a, aspec):
            if holder is None:
                continue
            for dc in holder.each("dcType"):
                label = concept_label(dc)
                if label:
                    types.append((label, dc.ptr))
        if not types:
            title = a.get("title") or (aspec.get("title") if aspec is not None else None)
            found = title.text_at() if title is not None else None
            if found and _names_assessment(found[0]):
                types.append(found)
            elif found and unnamed is None:
                unnamed = title  # the name of the assessed unit ("History semester 3")
        verification = a.get("idVerification") or (
            aspec.get("idVerification") if aspec is not None else None)
        if supervision is None and verification is not None:
            label = concept_label(verification)
            if label:
                supervision = (label, verification.ptr)
        g = a.get("grade")
        if grade is None and g is not None:
            found = g.text_at()
            if found:
                scheme_node = index.first(aspec, "gradingScheme") if aspec is not None else None
                scheme = scheme_node.get("title", "prefLabel") if scheme_node is not None else None
                grade = (Grade(value=found[0],
                               scheme=scheme.text() if scheme is not None else None), found[1])
    stated = [(t, p) for t, p in types if non_answer(t, "assessment_type") is None]
    if stated:
        m.set("assessment_type", "; ".join(dedupe([t for t, _ in stated])), stated[0][1])
    elif types:
        m.set("assessment_type", types[0][0], types[0][1])  # reported as a non-answer
    else:
        m.looked("assessment_type", f"{claim_ptr}/provenBy/0/specifiedBy/dcType")
        if unnamed is not None:  # an assessment is there, its type only perhaps in its name
            m.prose("provenBy.title", unnamed, ("assessment_type",))
    if supervision:
        m.set("supervision_identity", supervision[0], supervision[1])
    else:
        m.looked("supervision_identity", f"{claim_ptr}/provenBy/0/idVerification")
    if grade:
        m.set("grade", grade[0], grade[1])
    else:
        m.looked("grade", f"{claim_ptr}/provenBy/0/grade")


def _names_assessment(title: str) -> bool:
    """An assessment's title states its type only when it names a way of assessing
    ("Written Exam", "Digital artefact assessment", "Teilnahme"); the name of the course
    or subject assessed ("History semester 3") does not."""
    return bool(vocabulary("assessment-types").match(title)
                or vocabulary("free-text-cues").search(title, ("assessment_type",)))


def _participation(m: Mapper, spec: J | None, claim: J | None, index: IdIndex,
                   spec_ptr: str, siblings: list[J] | None = None) -> None:
    holders: list[J] = [x for x in (spec,) if x is not None]
    activities = list(index.each(claim, "influencedBy")) if claim is not None else []
    activities += [c for c in siblings or () if "LearningActivity" in c.types()]
    for activity in activities:
        aspec = index.first(activity, "specifiedBy")
        if aspec is not None:
            holders.append(aspec)
    for holder in holders:
        modes = holder.each("mode")
        forms = [(participation_of(x), x.ptr) for x in modes]
        forms = [(f, p) for f, p in forms if f]
        if forms:
            values = dedupe([f for f, _ in forms if f])
            m.set("participation_form", " + ".join(values), forms[0][1])
            break
    else:
        m.looked("participation_form", f"{spec_ptr}/mode")
    setting = spec.get("learningSetting") if spec is not None else None
    if setting is not None:
        m.ext("elm.learning_setting", concept_label(setting), setting.ptr)


def _real(text: str | None) -> bool:
    """A stated text that is not a placeholder ("some legal name", "Title title ...")."""
    return bool(text and text.strip()) and non_answer(text or "") is None


def _quality_assurance(m: Mapper, spec: J | None, claim: J | None, cred: J, index: IdIndex,
                       bodies: list[J], spec_ptr: str) -> None:
    places: list[J] = [x for x in (spec, claim) if x is not None] + bodies
    places.extend(e for e in index.each(cred, "evidence") if e.is_obj)
    issuer = index.first(cred, "issuer")
    if issuer is not None and issuer.is_obj:
        places.append(issuer)
    for holder in places:
        accreditations = [a for a in index.each(holder, "accreditation") if a.is_obj]
        if not accreditations:
            continue
        a = accreditations[0]
        dc_type = a.first("dcType")
        title = a.get("title")
        body = index.first(a, "accreditingAgent", "accreditingBody")
        body_name = body.get("legalName", "prefLabel", "name") if body is not None else None
        report = a.first("report", "homepage", "landingPage")
        report_url = None
        if report is not None:
            target = report.get("contentURL")
            report_url = (target.scalar() if target is not None else None) or report.id()
        review = a.get("reviewDate", "dateIssued", "issued")
        title_text = title.text() if title is not None else None
        body_text = body_name.text() if body_name is not None else None
        type_label = concept_label(dc_type)
        if not _real(type_label) and not _real(title_text) and not _real(body_text) \
                and (title_text or body_text):
            # an accreditation whose title and accrediting body are placeholders ("Title
            # title", "some legal name") and that states no type is no evidence of quality
            # assurance; with a real type ("Program License") it is, and the placeholders
            # are reported as such (mcqa.model.nonanswers) instead of read as its name
            continue
        qa = QualityAssurance(
            description=type_label or title_text or a.id(),
            external="accreditation" if a.id() or title is not None else None,
            external_body=body_text,
            review_date=review.scalar() if review is not None else None,
            results_url=report_url,
        )
        m.set("quality_assurance", qa, a.ptr)
        if a.id():
            m.ext("elm.accreditation", a.id(), a.ptr)
        return
    profile = cred.first("credentialProfiles", "credentialProfile")
    label = (concept_label(profile) or "") if profile is not None else ""
    if profile is not None and "accredited" in label.lower():
        m.set("quality_assurance",
              QualityAssurance(description=f"credential profile: {label}"), profile.ptr)
        return
    m.looked("quality_assurance", f"{spec_ptr}/accreditation",
             f"{spec_ptr.rsplit('/specifiedBy', 1)[0]}/awardedBy/awardingBody/0/accreditation")


def _prose(m: Mapper, spec: J | None, claim: J | None, siblings: list[J],
           index: IdIndex) -> None:
    """ELM free text: descriptions of the achievement and its specification (may state
    outcomes), their additional notes, and the descriptions of sibling claims."""
    for node, field in ((claim, "claim.description"), (spec, "specifiedBy.description")):
        if node is None:
            continue
        m.prose(field, node.get("description"), describes=True)
    for node in (claim, spec):
        if node is None:
            continue
        for note in index.each(node, "additionalNote"):
            m.prose("additionalNote", note)
    for other in siblings:
        m.prose("hasClaim.description", other.get("description"))


def _prerequisites(m: Mapper, spec: J | None, index: IdIndex, spec_ptr: str) -> None:
    req = index.first(spec, "entryRequirement", "prerequisite") if spec is not None else None
    found = req.text_at() if req is not None else None
    if found:
        m.set("prerequisites", found[0], found[1])
    else:
        m.looked("prerequisites", f"{spec_ptr}/entryRequirement")


def _stackability(m: Mapper, spec: J | None, claim: J | None, index: IdIndex,
                  spec_ptr: str, claim_ptr: str) -> None:
    for node, term, mode in ((claim, "entitlesTo", "stackable"), (spec, "entitlesTo", "stackable"),
                             (spec, "isPartOf", "integrated"), (claim, "isPartOf", "integrated")):
        target = index.first(node, term) if node is not None else None
        if target is None:
            continue
        title = target.get("title", "name") if target.is_obj else None
        towards = (title.text() if title is not None else None) or target.id()
        m.set("stackability", Stackability(mode=mode, towards=towards), target.ptr)
        return
    m.looked("stackability", f"{claim_ptr}/entitlesTo", f"{spec_ptr}/isPartOf")


def _further_info(m: Mapper, spec: J | None, claim: J | None, index: IdIndex,
                  spec_ptr: str) -> None:
    for node in (spec, claim):
        if node is None:
            continue
        for term in ("homepage", "supplementaryDocument"):
            page = index.first(node, term)
            if page is None:
                continue
            url = page.get("contentURL")
            value = (url.scalar() if url is not None else None) or page.id()
            if value:
                m.set("further_info", value, url.ptr if url is not None else page.ptr)
                return
        notes = _texts(index.each(node, "additionalNote"))
        if notes:
            m.set("further_info", notes[0][0], notes[0][1])
            return
    m.looked("further_info", f"{spec_ptr}/homepage", f"{spec_ptr}/additionalNote")


def _audit(m: Mapper, cred: J, spec: J | None, index: IdIndex, spec_ptr: str) -> None:
    area = spec.first("thematicArea") if spec is not None else None
    code = concept_code(area) if area is not None else None
    if code and code.isdigit():
        m.set("isced_f", code, area.ptr)  # type: ignore[union-attr]
    lang_node = spec.first("language") if spec is not None else None
    if lang_node is None:
        lang_node = cred.path("displayParameter", "primaryLanguage|language")
    code = None
    if lang_node is not None:
        raw = lang_node.id() or (lang_node.get("notation").scalar()  # type: ignore[union-attr]
                                 if lang_node.get("notation") is not None else None)
        code = language_code(raw) if raw else None
    if code and lang_node is not None:
        m.set("language", code, lang_node.ptr)
    for term in ("expirationDate", "validUntil", "expiryDate"):
        node = cred.get(term)
        if node is not None and node.scalar():
            m.set("valid_until", node.scalar(), node.ptr)
            break
    # ESCO skills stated outside learning outcomes, for rules that want all of them.
    if spec is not None:
        extra = [s.id() for s in spec.each("relatedESCOSkill", "relatedSkill")]
        esco = [u for u in extra if u and is_esco(u)]
        if esco:
            m.ext("elm.esco_skills", " ".join(dedupe(esco)), f"{spec_ptr}/relatedESCOSkill")
