"""In-memory form of one ESCO release, as read from CSV or RDF, before it is stored.

Both readers produce this, so the SQLite writer and the mapper index builder
have one input shape whatever the download format was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ConceptKind = Literal["skill", "occupation", "skill-group", "isco-group"]

SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
OCCUPATION_PREFIX = "http://data.europa.eu/esco/occupation/"
ISCO_PREFIX = "http://data.europa.eu/esco/isco/"


@dataclass
class Concept:
    """One ESCO concept with the fields mcqa uses (labels already stripped)."""

    uri: str
    kind: ConceptKind
    pref: str
    alt: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    description: str = ""
    status: str = "released"
    replaced_by: str | None = None
    skill_type: str = ""
    reuse_level: str = ""
    code: str = ""
    isco_group: str = ""


@dataclass
class Dataset:
    """A whole release: concepts plus the relations between them."""

    language: str = "en"
    version: str = "unknown"
    source: str = ""
    concepts: dict[str, Concept] = field(default_factory=dict)
    occupation_skill: set[tuple[str, str, str]] = field(default_factory=set)
    """(occupation URI, skill URI, essential|optional)."""
    skill_skill: set[tuple[str, str, str]] = field(default_factory=set)
    """(skill URI, related skill URI, relation type)."""
    broader: set[tuple[str, str]] = field(default_factory=set)
    """(concept URI, broader concept URI)."""
    collections: set[tuple[str, str]] = field(default_factory=set)
    """(concept URI, collection name such as ``digital`` or ``green``)."""
    translations: dict[str, Translation] = field(default_factory=dict)
    """Labels in other languages, by language code (from language packages)."""

    def add(self, concept: Concept) -> None:
        """Add or merge a concept (a later file may only add labels)."""
        old = self.concepts.get(concept.uri)
        if old is None:
            self.concepts[concept.uri] = concept
            return
        for name in ("pref", "description", "skill_type", "reuse_level", "code", "isco_group",
                     "replaced_by"):
            if not getattr(old, name) and getattr(concept, name):
                setattr(old, name, getattr(concept, name))
        if concept.status != "released":
            old.status = concept.status
        old.alt.extend(a for a in concept.alt if a not in old.alt)
        old.hidden.extend(h for h in concept.hidden if h not in old.hidden)


@dataclass
class Translation:
    """The labels of one further language, attached to the base release's concepts by URI."""

    language: str
    concepts: dict[str, Concept] = field(default_factory=dict)
    """URI -> concept with the labels (and description) in ``language``."""
    versions: list[str] = field(default_factory=list)
    """ESCO release(s) of the language package(s) read, e.g. ``v1.1.1``."""
    sources: list[str] = field(default_factory=list)
    dropped: int = 0
    """Concepts of the package that the base release does not have (other release)."""
