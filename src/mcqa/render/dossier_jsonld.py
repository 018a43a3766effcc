"""JSON-LD dossier built as an rdflib graph (ELM, ESCO, EQF, Dublin Core IRIs).

Every node has an IRI (no blank nodes), so the graph is the same on every run;
the serialisation is then normalised (nodes sorted by ``@id``, multi-values
sorted, keys sorted) so the bytes are the same too.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from mcqa.dossier.model import Dossier
from mcqa.render._safe import json_safe

ELM = Namespace("http://data.europa.eu/snb/model/elm/")
ESCO = Namespace("http://data.europa.eu/esco/model#")
EQF = "http://data.europa.eu/snb/eqf/"
MCQA = Namespace("https://mcqa.example.org/ns/dossier#")

CONTEXT: dict[str, Any] = {
    "elm": str(ELM), "esco": str(ESCO), "dcterms": str(DCTERMS), "skos": str(SKOS),
    "mcqa": str(MCQA), "xsd": str(XSD),
}


def _iri(value: str | None, fallback: str) -> URIRef:
    """The value when it is an absolute IRI without spaces, else a stable URN."""
    if value and ":" in value and not any(c.isspace() for c in value) and '"' not in value \
            and "<" not in value and ">" not in value:
        return URIRef(value)
    return URIRef(fallback)


def dossier_graph(d: Dossier) -> Graph:
    """The dossier as RDF: credential, specification, outcomes, skills, level, gaps, inputs."""
    g = Graph()
    key = hashlib.sha256(f"{d.identity.credential_id}|{d.target}|{d.as_of}".encode()).hexdigest()[:16]
    base = f"urn:mcqa:dossier:{key}"
    dos = URIRef(base)
    cred = _iri(d.identity.credential_id, f"{base}#credential")
    spec = URIRef(f"{base}#specification")
    g.add((dos, RDF.type, MCQA.RecognitionDossier))
    g.add((dos, MCQA.asOf, Literal(d.as_of, datatype=XSD.date)))
    g.add((dos, MCQA.target, Literal(d.target)))
    g.add((dos, DCTERMS.language, Literal(d.lang)))
    if d.target_framework is not None:
        g.add((dos, MCQA.targetFramework, Literal(d.target_framework)))
    if d.target_country is not None:
        g.add((dos, MCQA.targetCountry, Literal(d.target_country)))
    adv = URIRef(f"{base}#recognition-advice")
    g.add((dos, MCQA.recognitionAdvice, adv))
    g.add((adv, MCQA.advice, Literal(d.advice.advice)))
    g.add((adv, MCQA.rules, Literal(d.advice.rules)))
    for crit in d.advice.criteria:
        node = URIRef(f"{base}#criterion-{crit.id}")
        g.add((adv, MCQA.criterion, node))
        g.add((node, DCTERMS.title, Literal(crit.title)))
        g.add((node, MCQA.grade, Literal(crit.grade)))
        g.add((node, DCTERMS.description, Literal(crit.reason)))
        g.add((node, DCTERMS.source, URIRef(crit.source.url)))
    g.add((dos, DCTERMS.subject, cred))
    g.add((cred, RDF.type, ELM.EuropeanDigitalCredential))
    if d.identity.title:
        g.add((cred, DCTERMS.title, Literal(d.identity.title)))
    if d.identity.issue_date:
        g.add((cred, DCTERMS.issued, Literal(d.identity.issue_date)))
    for n, b in enumerate(d.identity.awarding_bodies):
        org = _iri(b.identifier, f"{base}#awarding-body-{n}")
        g.add((cred, ELM.awardingBody, org))
        g.add((org, RDF.type, ELM.Organisation))
        if b.name:
            g.add((org, ELM.legalName, Literal(b.name)))
    for c in d.identity.countries:
        g.add((cred, DCTERMS.spatial, Literal(c)))
    g.add((cred, ELM.specifiedBy, spec))
    g.add((spec, RDF.type, ELM.LearningAchievementSpecification))
    if d.level.stated_eqf is not None:
        g.add((spec, ELM.eqfLevel, URIRef(f"{EQF}{d.level.stated_eqf}")))
    lvl = URIRef(f"{base}#level-translation")
    g.add((dos, MCQA.levelTranslation, lvl))
    g.add((lvl, MCQA.path, Literal(d.level.path)))
    g.add((lvl, MCQA.outcome, Literal(d.level.outcome)))
    g.add((lvl, DCTERMS.description, Literal(d.level.explanation)))
    for e in d.level.eqf_levels:
        g.add((lvl, ELM.eqfLevel, URIRef(f"{EQF}{e}")))
    for c in d.level.candidates:
        g.add((lvl, MCQA.targetLevel, Literal(c)))
    if d.workload.ects is not None:
        cp = URIRef(f"{base}#credit-ects")
        g.add((spec, ELM.creditPoint, cp))
        g.add((cp, RDF.type, ELM.CreditPoint))
        g.add((cp, ELM.point, Literal(d.workload.ects.text)))
    if d.workload.hours is not None:
        g.add((spec, ELM.volumeOfLearning, Literal(d.workload.hours.text)))
    if d.workload.target is not None:
        g.add((dos, MCQA.targetCredit, Literal(d.workload.target.text)))
    for o in d.esco.outcomes:
        lo = URIRef(f"{base}#outcome-{o.index}")
        g.add((spec, ELM.learningOutcome, lo))
        g.add((lo, RDF.type, ELM.LearningOutcome))
        g.add((lo, DCTERMS.title, Literal(o.text)))
        g.add((lo, MCQA.textHash, Literal(o.text_hash)))
        for s in o.stated:
            uri = _iri(s.uri, f"{base}#outcome-{o.index}-invalid-skill")
            g.add((lo, ELM.relatedESCOSkill, uri))
            g.add((uri, MCQA.validation, Literal(s.check)))
            if s.label:
                g.add((uri, RDF.type, ESCO.Skill))
                g.add((uri, SKOS.prefLabel, Literal(s.label)))
        for n, sg in enumerate(o.suggested):
            sug = URIRef(f"{base}#outcome-{o.index}-suggestion-{n}")
            g.add((lo, MCQA.suggestedSkill, sug))
            g.add((sug, MCQA.skill, URIRef(sg.uri)))
            g.add((URIRef(sg.uri), SKOS.prefLabel, Literal(sg.label)))
            g.add((sug, MCQA.reviewStatus, Literal(sg.review_status)))
            if sg.score is not None:
                g.add((sug, MCQA.score, Literal(f"{sg.score:g}", datatype=XSD.decimal)))
            if sg.reviewer:
                g.add((sug, DCTERMS.contributor, Literal(sg.reviewer)))
    for occ in d.esco.occupations:
        o_iri = URIRef(occ.uri)
        g.add((dos, MCQA.relatedOccupation, o_iri))
        g.add((o_iri, RDF.type, ESCO.Occupation))
        g.add((o_iri, SKOS.prefLabel, Literal(occ.label)))
        if occ.isco_code:
            g.add((o_iri, ESCO.codeISCO, Literal(occ.isco_code)))
    for a in d.gaps.areas:
        area = URIRef(f"{base}#gap-{a.key}")
        g.add((dos, MCQA.gapArea, area))
        g.add((area, DCTERMS.title, Literal(a.title)))
        g.add((area, MCQA.verdict, Literal(a.verdict)))
        for it in a.items:
            f = URIRef(f"{base}#finding-{it.rule_id}")
            g.add((area, MCQA.finding, f))
            g.add((f, DCTERMS.identifier, Literal(it.rule_id)))
            g.add((f, MCQA.status, Literal(it.status)))
            g.add((f, DCTERMS.description, Literal(it.message)))
            g.add((f, DCTERMS.source, Literal(it.citation)))
    r = d.reproducibility
    g.add((dos, MCQA.mcqaVersion, Literal(r.mcqa_version)))
    for p in r.packs:
        g.add((dos, MCQA.pack, Literal(p)))
    if r.esco_release:
        g.add((dos, MCQA.escoRelease, Literal(r.esco_release)))
    for n, inp in enumerate(r.inputs):
        node = URIRef(f"{base}#input-{n}")
        g.add((dos, DCTERMS.requires, node))
        g.add((node, DCTERMS.title, Literal(inp.path)))
        g.add((node, MCQA.role, Literal(inp.role)))
        g.add((node, MCQA.sha256, Literal(inp.sha256)))
    return g


def _sort(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sort(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_sort(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def render_dossier_jsonld(d: Dossier, lang: str = "en", **_: Any) -> str:
    """Compact JSON-LD with a prefix context; nodes and values sorted for byte stability;
    sentences in ``lang``, which the dossier node names (``dcterms:language``)."""
    from mcqa.render.dossier_i18n import localize_dossier

    d = localize_dossier(d, lang)
    raw = json.loads(dossier_graph(d).serialize(format="json-ld", context=CONTEXT))
    nodes = raw.get("@graph", [raw] if "@id" in raw else [])
    nodes = sorted((_sort({k: v for k, v in n.items() if k != "@context"}) for n in nodes),
                   key=lambda n: n["@id"])
    return json_safe(json.dumps({"@context": CONTEXT, "@graph": nodes}, indent=2,
                                sort_keys=True, ensure_ascii=False)) + "\n"
