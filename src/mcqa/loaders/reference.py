"""Documents that travel with credentials but are not micro-credentials.

Folders of credentials hold JSON-LD contexts, JSON Schemas and similar
reference files. Checking them as micro-credentials would report eleven
"missing" elements, and calling them unreadable would make the run fail;
both are wrong. This loader, tried before the credential formats, recognises
them from their content (never their name) and yields one
:class:`~mcqa.model.Skipped` item each: reported as "not a micro-credential",
counted in the closing count, never checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mcqa.errors import UnsupportedFormatError
from mcqa.loaders._common import peek
from mcqa.loaders.base import SourceDocument
from mcqa.model import LoadItem, Skipped

_CONTEXT_KEYS = frozenset({"@context", "@version", "@protected", "$comment", "comment"})
_VOCAB_TYPES = frozenset({"Class", "Property", "ObjectProperty", "DatatypeProperty",
                          "Ontology", "Concept", "ConceptScheme", "NodeShape",
                          "PropertyShape"})
_VOCAB_EXTRA = frozenset({"Restriction", "Datatype", "AnnotationProperty", "FunctionalProperty",
                          "TransitiveProperty", "SymmetricProperty", "List", "Shape"})
_STATUS_LISTS = frozenset({"BitstringStatusListCredential", "StatusList2021Credential",
                           "RevocationList2020Credential", "1EdTechRevocationList"})
_CREDENTIAL_KEYS = frozenset({"type", "@type", "credentialSubject", "recipient", "badge",
                              "issuer", "id", "@id", "@graph"})


def _local(value: Any) -> str:
    return str(value).rsplit("/", 1)[-1].rsplit("#", 1)[-1].rsplit(":", 1)[-1]


def reference_kind(data: Any) -> str | None:
    """What a parsed JSON document is, when it is a known kind of non-credential."""
    if not isinstance(data, dict) or not data:
        return None
    context = data.get("@context")
    if isinstance(context, (dict, list)):
        rest = set(data) - _CONTEXT_KEYS
        if not rest:
            return "a JSON-LD context"
        if all(":" in k for k in rest) and not rest & _CREDENTIAL_KEYS:
            return "a JSON-LD context with extension metadata"
        graph = data.get("@graph")
        if rest == {"@graph"} and isinstance(graph, list) and graph:
            kinds = {_local(t) for n in graph[:2000] if isinstance(n, dict) for t in _types(n)}
            if kinds and kinds <= _VOCAB_TYPES | _VOCAB_EXTRA:
                return "a JSON-LD vocabulary (classes, properties or shapes)"
    types = {_local(t) for t in _types(data)}
    if types & _STATUS_LISTS:
        return "a credential status (revocation) list"
    if set(data) <= {"narrative", "id", "type", "@context"} and "narrative" in data \
            and not types - {"Criteria"}:
        return "an Open Badges criteria document"
    schema = data.get("$schema")
    if isinstance(schema, str) and "json-schema.org" in schema:
        title = data.get("title")
        named = f" ({title})" if isinstance(title, str) and 0 < len(title) <= 80 else ""
        return f"a JSON Schema{named}"
    return None


def _types(node: dict[str, Any]) -> list[Any]:
    raw = node.get("type", node.get("@type"))
    return raw if isinstance(raw, list) else [raw] if raw is not None else []


TURTLE_CREDENTIAL = "turtle-credential"
"""Kind returned for a credential written in Turtle: read as an input problem with advice,
never skipped (it is a micro-credential mcqa cannot read, not a reference document)."""
_CREDENTIAL_INSTANCE = re.compile(
    r"(?:\ba|rdf:type)\s+[A-Za-z0-9_-]{0,20}:?(?:EuropeanDigitalCredential|VerifiableCredential|"
    r"OpenBadgeCredential|AchievementCredential)\b|credentialSubject|hasClaim")
"""A node *typed* as a credential (``a elm:EuropeanDigitalCredential``), or the properties
only a credential has; an ontology merely declares those classes."""


QDR_LEARNING_OPPORTUNITIES = "qdr-learning-opportunities"
"""Kind returned for a Europass QDR learning-opportunity and qualification upload (XML):
an input problem with advice, never skipped. Unlike an accreditation upload, it describes
learning opportunities and qualifications, which may be micro-credentials mcqa cannot
read in this syntax; skipping it would hide them."""
_QDR_LOQ = "data.europa.eu/snb/model/ap/loq"


def text_reference_kind(head: bytes, suffix: str) -> str | None:
    """What a non-JSON file is, from its first bytes: RDF (Turtle) ontologies, shapes and
    vocabularies, XML Schemas, Europass QDR accreditation uploads, Markdown notes."""
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    lowered = text.lower()
    if text.startswith(("@prefix", "@base", "PREFIX", "prefix ")):
        if any(m in text for m in ("owl:Ontology", "sh:NodeShape", "sh:PropertyShape",
                                    "sh:ValidationReport", "sh:ValidationResult")):
            return "an RDF (Turtle) document: an ontology, SHACL shapes or a validation report"
        if _CREDENTIAL_INSTANCE.search(text):
            return TURTLE_CREDENTIAL
        return "an RDF (Turtle) document without a credential"
    if text.startswith("<"):
        if "<xs:schema" in text or "<xsd:schema" in text:
            return "an XML Schema (XSD)"
        if "<Accreditations" in text:
            return "a Europass QDR accreditation upload file (XML)"
        if _QDR_LOQ in text:
            return QDR_LEARNING_OPPORTUNITIES
        return None
    if suffix in (".md", ".markdown", ".rst") and not lowered.startswith(("{", "[")):
        return "a documentation file"
    return None


class ReferenceDocumentLoader:
    """JSON-LD contexts and JSON Schemas: skipped with a note, never checked.

    Detected by: a document holding only ``@context`` (and extension metadata), a
    ``$schema`` naming json-schema.org, a JSON-LD vocabulary, a status list, a bare criteria
    document; Turtle ontologies and shapes, XML Schemas, QDR accreditation uploads, Markdown
    notes. Records: none; one skipped item. (A Turtle credential or a QDR upload of
    learning opportunities is recognised here too, and reported as an input problem that
    says what it is.)
    """

    name = "reference"
    label = "reference document"

    def matches(self, doc: SourceDocument) -> bool:
        """A context, schema, vocabulary or similar reference document, by content."""
        return self._kind(doc) is not None

    def _kind(self, doc: SourceDocument) -> str | None:
        head = doc.head
        if head.lstrip()[:1] in (b"{", b"["):
            env = peek(doc)
            return reference_kind(env.data) if env is not None and env.prefix == "" else None
        return text_reference_kind(head, doc.path.suffix.lower())

    def load(self, doc: SourceDocument) -> Iterator[LoadItem]:
        """One skipped item naming what the document is (a Turtle credential is an input
        problem with advice instead: it is a credential, in a syntax mcqa does not read)."""
        kind = self._kind(doc)
        if kind == TURTLE_CREDENTIAL:
            raise UnsupportedFormatError(
                "a credential written in Turtle (RDF); mcqa reads ELM and Open Badges "
                "credentials as JSON-LD", file=doc.display,
                hint="export the credential as JSON-LD (as the Europass issuer and wallet do) "
                     "or convert it with an RDF tool, then check that file")
        if kind == QDR_LEARNING_OPPORTUNITIES:
            raise UnsupportedFormatError(
                "a Europass QDR upload of learning opportunities and qualifications (XML); "
                "mcqa reads them as ELM JSON-LD", file=doc.display,
                hint="export the learning opportunities or qualifications as ELM JSON-LD "
                     "(one file each, as Europass publishes them), then check those files")
        yield Skipped(file=doc.display, reason=kind or "a reference document")


__all__ = ["ReferenceDocumentLoader", "reference_kind", "text_reference_kind"]


_W3C_VC_CONTEXTS = ("https://www.w3.org/2018/credentials", "https://www.w3.org/ns/credentials")
_ACHIEVEMENT_KEYS = frozenset({
    "achievement", "achievements", "hasAchievement", "hasClaim", "achieved", "claim",
    "learningAchievement", "learningOutcome", "learningOutcomes", "hasLearningOutcome",
    "result", "results", "creditsEarned", "creditPoint", "assertions", "badge", "source",
    "verifiableCredential"})
"""Subject properties that carry an achievement or learning in some credential format:
a credential with any of them is one mcqa cannot read (an input problem), never skipped."""


def plain_credential_kind(data: Any) -> str | None:
    """A well-formed W3C verifiable credential of no micro-credential type (only
    ``VerifiableCredential``) whose subject states no achievement or learning (a person's
    name and a sentence, a named membership): what it is, or ``None``."""
    if isinstance(data, dict) and isinstance(data.get("vc"), dict):
        data = data["vc"]  # a VC-JWT payload
    if not isinstance(data, dict):
        return None
    context = data.get("@context")
    contexts = context if isinstance(context, list) else [context]
    if not any(isinstance(c, str) and c.startswith(_W3C_VC_CONTEXTS) for c in contexts):
        return None
    types = {_local(t) for t in _types(data)}
    if types != {"VerifiableCredential"} or not data.get("issuer"):
        return None
    subjects = data.get("credentialSubject")
    subjects = subjects if isinstance(subjects, list) else [subjects]
    if not subjects or not all(isinstance(s, dict) and s for s in subjects):
        return None
    keys = sorted({k for s in subjects for k in s if k not in ("id", "type", "@id", "@type")})
    if set(keys) & _ACHIEVEMENT_KEYS:
        return None
    states = ", ".join(keys[:6]) + (", ..." if len(keys) > 6 else "") or "nothing"
    return ("a verifiable credential of no micro-credential type (type VerifiableCredential "
            f"only) whose subject states no achievement or learning (it states: {states})")


class PlainCredentialLoader:
    """W3C verifiable credentials that no format loader read and that award no learning:
    skipped with a note, never checked. Tried last, so a credential any format reads is
    read by it, and one whose subject carries an achievement mcqa cannot read stays an
    input problem.
    """

    name = "plain-vc"
    label = "verifiable credential (not a micro-credential)"

    def matches(self, doc: SourceDocument) -> bool:
        """A plain W3C VC without achievement or learning content."""
        return self._kind(doc) is not None

    def _kind(self, doc: SourceDocument) -> str | None:
        if doc.head.lstrip()[:1] not in (b"{", b"["):
            return None
        env = peek(doc)
        return plain_credential_kind(env.data) if env is not None else None

    def load(self, doc: SourceDocument) -> Iterator[LoadItem]:
        """One skipped item naming what the credential is."""
        yield Skipped(file=doc.display, reason=self._kind(doc) or "a verifiable credential")
