"""Read ESCO as SKOS RDF (Turtle, RDF/XML, N-Triples) through rdflib, offline and XXE-safe.

The official RDF dump uses the ESCO model vocabulary (``esco:Skill``,
``esco:Occupation``, ``esco:isEssentialSkillFor``...) over SKOS, with
descriptions either as plain literals or as ``esco:NodeLiteral`` nodes, and
labels either as SKOS literals or SKOS-XL label nodes; all are accepted.
RDF/XML is screened for DOCTYPE entity declarations before rdflib sees it,
and data is handed to rdflib as bytes so it never fetches anything.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mcqa.errors import InputError
from mcqa.esco.dataset import (
    ISCO_PREFIX,
    OCCUPATION_PREFIX,
    SKILL_PREFIX,
    Concept,
    ConceptKind,
    Dataset,
)

ESCO = "http://data.europa.eu/esco/model#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SKOSXL = "http://www.w3.org/2008/05/skos-xl#"
DCT = "http://purl.org/dc/terms/"
ISOTHES = "http://purl.org/iso25964/skos-thes#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL_VERSION = "http://www.w3.org/2002/07/owl#versionInfo"

_TYPES: dict[str, ConceptKind] = {
    ESCO + "Skill": "skill",
    ESCO + "Occupation": "occupation",
    ESCO + "SkillGroup": "skill-group",
    ESCO + "ISCOGroup": "isco-group",
}
_RELATIONS: dict[str, tuple[bool, str]] = {  # predicate -> (subject is the skill?, relation)
    ESCO + "isEssentialSkillFor": (True, "essential"),
    ESCO + "isOptionalSkillFor": (True, "optional"),
    ESCO + "hasEssentialSkill": (False, "essential"),
    ESCO + "hasOptionalSkill": (False, "optional"),
}
_FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt",
            ".rdf": "xml", ".xml": "xml", ".owl": "xml"}
_XML_ENTITY = re.compile(rb"<!ENTITY|<!DOCTYPE[^>]*(SYSTEM|PUBLIC)", re.IGNORECASE)


def rdf_format(path: Path) -> str | None:
    """rdflib parser name for ``path`` by suffix (``.gz`` not supported), else None."""
    return _FORMATS.get(path.suffix.lower())


def read_rdf(path: Path, language: str = "en") -> Dataset:
    """Parse one RDF file into a :class:`Dataset` (labels in ``language`` only)."""
    import rdflib  # heavy; only for RDF imports

    fmt = rdf_format(path)
    if fmt is None:
        raise InputError("unknown RDF file type", file=str(path),
                         hint="use .ttl, .nt or .rdf/.xml")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from None
    if fmt == "xml" and _XML_ENTITY.search(data):
        raise InputError("RDF/XML declares DTD entities; refused (no external entities)",
                         file=str(path), hint="remove the DOCTYPE/ENTITY declarations")
    graph = rdflib.Graph()
    try:
        graph.parse(data=data, format=fmt, publicID="urn:mcqa:esco-import")
    except Exception as exc:  # rdflib raises many unrelated types for bad syntax
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"RDF syntax error: {first[:200]}", file=str(path),
                         hint=f"check that the file is valid {fmt}") from None
    return _dataset(graph, path, language)


def _dataset(graph: Any, path: Path, language: str) -> Dataset:
    import rdflib

    assert isinstance(graph, rdflib.Graph)
    out = Dataset(language=language, source=str(path))
    uri = rdflib.URIRef

    def text_of(node: Any) -> tuple[str, str | None] | None:
        """(text, language) of a literal, a NodeLiteral or a SKOS-XL label node."""
        if isinstance(node, rdflib.Literal):
            return str(node), node.language
        for pred in (ESCO + "nodeLiteral", SKOSXL + "literalForm"):
            value = graph.value(node, uri(pred))
            if isinstance(value, rdflib.Literal):
                lang = graph.value(node, uri(ESCO + "language"))
                return str(value), value.language or (str(lang) if lang else None)
        return None

    def texts(subject: Any, *preds: str) -> list[str]:
        found: list[str] = []
        for pred in preds:
            for obj in graph.objects(subject, uri(pred)):
                item = text_of(obj)
                if item and (item[1] is None or item[1].split("-")[0] == language):
                    value = " ".join(item[0].split())
                    if value and value not in found:
                        found.append(value)
        return found

    kinds: dict[Any, ConceptKind] = {}
    for type_uri, kind in _TYPES.items():
        for subject in graph.subjects(uri(RDF_TYPE), uri(type_uri)):
            kinds.setdefault(subject, kind)
    for subject in graph.subjects(uri(RDF_TYPE), uri(SKOS + "Concept")):
        text = str(subject)
        if subject not in kinds:
            if text.startswith(OCCUPATION_PREFIX):
                kinds[subject] = "occupation"
            elif text.startswith(ISCO_PREFIX):
                kinds[subject] = "isco-group"
            elif text.startswith(SKILL_PREFIX):
                kinds[subject] = "skill"

    for subject, kind in kinds.items():
        if not isinstance(subject, rdflib.URIRef):
            continue
        prefs = texts(subject, SKOS + "prefLabel", SKOSXL + "prefLabel")
        status = graph.value(subject, uri(ISOTHES + "status"))
        replaced = graph.value(subject, uri(DCT + "isReplacedBy"))
        skill_type = graph.value(subject, uri(ESCO + "skillType"))
        reuse = graph.value(subject, uri(ESCO + "skillReuseLevel"))
        code = graph.value(subject, uri(SKOS + "notation")) or graph.value(
            subject, uri(ESCO + "code"))
        stype = str(skill_type).rstrip("/").rsplit("/", 1)[-1] if skill_type else ""
        out.add(Concept(
            uri=str(subject), kind=kind, pref=prefs[0] if prefs else "",
            alt=texts(subject, SKOS + "altLabel", SKOSXL + "altLabel"),
            hidden=texts(subject, SKOS + "hiddenLabel", SKOSXL + "hiddenLabel"),
            description=" ".join(texts(subject, DCT + "description", SKOS + "definition")[:1]),
            status=str(status).strip().lower() if status else "released",
            replaced_by=str(replaced) if replaced else None,
            skill_type="skill/competence" if stype == "skill" else stype,
            reuse_level=str(reuse).rstrip("/").rsplit("/", 1)[-1] if reuse else "",
            code=str(code) if code else "",
        ))
        for broader in graph.objects(subject, uri(SKOS + "broader")):
            out.broader.add((str(subject), str(broader)))
            if kind == "occupation" and str(broader).startswith(ISCO_PREFIX + "C"):
                out.concepts[str(subject)].isco_group = str(broader)[len(ISCO_PREFIX) + 1:]
        if kind == "isco-group" and not out.concepts[str(subject)].code:
            out.concepts[str(subject)].code = str(subject)[len(ISCO_PREFIX) + 1:]
    for pred, (skill_first, relation) in _RELATIONS.items():
        for s, o in graph.subject_objects(uri(pred)):
            skill, other = (str(s), str(o)) if skill_first else (str(o), str(s))
            if other.startswith(OCCUPATION_PREFIX) or kinds.get(
                    rdflib.URIRef(other)) == "occupation":
                out.occupation_skill.add((other, skill, relation))
            else:
                out.skill_skill.add((skill, other, relation))
    for value in graph.objects(None, uri(OWL_VERSION)):
        out.version = str(value)
        break
    return out
