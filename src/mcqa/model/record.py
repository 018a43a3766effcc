"""The normalised credential record every loader produces and every rule reads.

The 16 element keys of Annex I of Council Recommendation 2022/C 243/02 are the
field names below (11 mandatory, 5 optional). Other tools rely on these exact
keys, so they never change. Audit fields (ids, provider, language, ISCED-F,
validity, signature) sit beside them.

Provenance: ``CredentialRecord.provenance`` maps a dotted field path
(``title``, ``workload.ects``, ``learning_outcomes.2.text``) to a
:class:`SourceRef` naming the file and the exact location (JSON pointer, RDF
node, ``sheet!cell``) the value came from, or where the loader looked and
found nothing (``present=False``). A finding can therefore always say where
it looked.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from mcqa.marks import N_
from mcqa.model.base import FrozenModel as _Frozen

MANDATORY_ELEMENTS: tuple[str, ...] = (
    "learner",
    "title",
    "issuer_country",
    "awarding_body",
    "issue_date",
    "learning_outcomes",
    "workload",
    "level",
    "assessment_type",
    "participation_form",
    "quality_assurance",
)
"""Annex I mandatory elements, in the Recommendation's order."""

OPTIONAL_ELEMENTS: tuple[str, ...] = (
    "prerequisites",
    "supervision_identity",
    "grade",
    "stackability",
    "further_info",
)
"""Annex I optional elements, in the Recommendation's order."""

ELEMENTS: tuple[str, ...] = MANDATORY_ELEMENTS + OPTIONAL_ELEMENTS
"""All 16 element keys; also the vocabulary of ``element`` in rule packs."""

LocatorKind = Literal["json-pointer", "rdf-node", "cell", "line", "none"]




class SourceRef(_Frozen):
    """Where a value came from, or where a loader looked for it."""

    file: str = Field(description="Input file as given on the command line (never absolutised).")
    locator: str = Field(description="JSON pointer, RDF node IRI, sheet!cell or line number.")
    kind: LocatorKind = Field(default="json-pointer", description="How to read `locator`.")
    present: bool = Field(default=True, description="False: the loader looked here, found nothing.")

    def display(self) -> str:
        """``file#locator`` (``(absent)`` appended when nothing was found)."""
        sep = "!" if self.kind == "cell" and "!" not in self.locator else "#"
        text = f"{self.file}{sep}{self.locator}" if self.locator else self.file
        return text if self.present else N_("{location} (absent)").format(location=text)


class Learner(_Frozen):
    """Identification of the learner (Annex I: mandatory)."""

    name: str | None = None
    identifier: str | None = Field(default=None, description="Any learner id: national id, email, DID.")


class Organisation(_Frozen):
    """An awarding body or issuer."""

    name: str | None = None
    identifier: str | None = Field(default=None, description="Registration, VAT, URI or other id.")
    legal_identifier: str | None = Field(default=None, description="Legal registration/VAT id.")
    url: str | None = None
    country: str | None = Field(default=None, description="Country code or EU authority URI.")


class LearningOutcome(_Frozen):
    """One learning outcome statement and the ESCO skills it cites."""

    text: str
    esco_skills: tuple[str, ...] = Field(default=(), description="ESCO concept URIs stated for it.")
    other_skills: tuple[str, ...] = Field(default=(), description="Non-ESCO skill URIs (DigComp...).")


class Workload(_Frozen):
    """Notional workload (Annex I: in ECTS wherever possible)."""

    ects: float | None = Field(default=None, description="ECTS credits, when stated or given as such.")
    hours: float | None = Field(default=None, description="Notional learning hours.")
    credit_system: str | None = Field(default=None, description="Credit system id: ECTS, UK, NZ...")
    credit_amount: float | None = Field(default=None, description="Amount in `credit_system` units.")
    duration: str | None = Field(default=None, description="Stated calendar duration (ISO 8601).")


class Level(_Frozen):
    """Level of the learning experience (Annex I: EQF and/or QF-EHEA, if applicable)."""

    eqf: int | None = Field(default=None, description="EQF level as stated (not derived).")
    framework: str | None = Field(default=None, description="Framework id, e.g. IE-NFQ, DE-DQR.")
    nqf: str | None = Field(default=None, description="Level code in `framework`, e.g. '8', 'Entry 3'.")
    qf_ehea_cycle: str | None = Field(default=None, description="short|first|second|third")
    not_applicable: bool = Field(default=False, description="Provider states level does not apply.")


class QualityAssurance(_Frozen):
    """Type of quality assurance underpinning the credential (Annex I: mandatory)."""

    description: str | None = Field(default=None, description="Type of QA, as stated.")
    internal: str | None = Field(default=None, description="Internal QA arrangements.")
    external: str | None = Field(default=None, description="External QA arrangements.")
    external_body: str | None = Field(default=None, description="Agency/accreditor/certifier.")
    review_date: str | None = Field(default=None, description="Last review of the offer (ISO date).")
    results_url: str | None = Field(default=None, description="Published QA methods/results.")


class Grade(_Frozen):
    """Grade achieved (Annex I: optional)."""

    value: str
    scheme: str | None = None


class Stackability(_Frozen):
    """Integration / stackability options (Annex I: optional)."""

    mode: str = Field(description="stand-alone | stackable | integrated | as stated")
    towards: str | None = Field(default=None, description="Credential it stacks towards.")


class Signature(_Frozen):
    """Whether the credential is signed and how, and whether mcqa verified that signature.

    *Signed* is read from the credential; *verified* only ever comes from keys or
    certificates the user supplied locally (``--trust DIR``): mcqa fetches no key, issuer
    metadata, status list or trust list.
    """

    signed: bool = False
    method: str | None = Field(default=None,
                               description="embedded-proof | jws | jades | jwt | sd-jwt")
    verified: bool | None = Field(
        default=None, description="True: a locally supplied key or certificate verified the "
        "signature; False: keys were supplied and none verified it; None: not verified "
        "(no keys supplied, or a format mcqa does not verify).")
    verification: str | None = Field(
        default=None, description="What verified the signature (key file, certificate "
        "subject), or why it was not verified.")


Scalar = str | int | float | bool


class Statement(_Frozen):
    """Free text in which a credential may state Annex I elements it gives no structured
    value for (a description, a criteria narrative, a note, a free-text duration, an
    endorsement by a quality-assurance body).

    Loaders collect these; presence rules that allow it turn a would-be failure into a
    *review* finding quoting the text, so that prose is never reported as "missing".
    """

    elements: tuple[str, ...] = Field(description="Annex I element keys the text may state.")
    text: str = Field(description="The text as stated (whole; reports shorten it).")
    field: str = Field(description="Where such text lives in the format, e.g. "
                                   "'achievement.description' or 'endorsement'.")
    cues: tuple[tuple[str, str], ...] = Field(
        default=(), description="(element, cue word found) pairs, so that a quote can show "
                                "the part of a long text that concerns the element.")


class InputIssue(_Frozen):
    """A value the loader could not use; the record is still checked without it."""

    path: str = Field(description="Dotted field path the value was meant for.")
    locator: str = Field(description="Where in the file (JSON pointer, sheet!cell...).")
    message: str = Field(description="What is wrong and what to do, one line.")
    severity: Literal["warning", "info"] = Field(
        default="warning", description="warning: the value was not used (or was repaired); "
        "info: a note on how the file was read (its encoding, the order of its dates).")


RecordKind = Literal["credential", "specification"]


class CredentialRecord(_Frozen):
    """A micro-credential normalised from any input format; what rules see."""

    # --- identity and audit fields -------------------------------------------------
    record_id: str = Field(description="Stable id: credential id, or file#pointer when none.")
    source_file: str = Field(description="Input file as given.")
    source_format: str = Field(description="native | elm | ob3 | ob2 | clr | ctdl | csv | xlsx ...")
    provider_id: str | None = None
    provider_name: str | None = None
    language: str | None = Field(default=None, description="Language code of the description.")
    isced_f: str | None = Field(default=None, description="ISCED-F 2013 field code (2-4 digits).")
    valid_until: str | None = Field(default=None, description="Validity/expiry date, ISO 8601.")
    signature: Signature = Field(default_factory=Signature)
    parent_id: str | None = Field(default=None, description="Enclosing record, e.g. its CLR.")
    record_kind: RecordKind = Field(
        default="credential",
        description="credential: issued to a learner; specification: a programme/catalogue "
        "description (no learner, no issue date).",
    )

    # --- Annex I mandatory ----------------------------------------------------------
    learner: Learner | None = None
    title: str | None = None
    issuer_country: tuple[str, ...] = ()
    awarding_body: tuple[Organisation, ...] = ()
    issue_date: str | None = Field(default=None, description="As stated; rules check validity.")
    learning_outcomes: tuple[LearningOutcome, ...] = ()
    workload: Workload | None = None
    level: Level | None = None
    assessment_type: str | None = None
    participation_form: str | None = None
    quality_assurance: QualityAssurance | None = None

    # --- Annex I optional -----------------------------------------------------------
    prerequisites: str | None = None
    supervision_identity: str | None = None
    grade: Grade | None = None
    stackability: Stackability | None = None
    further_info: str | None = None

    # --- beyond Annex I -------------------------------------------------------------
    withheld: tuple[str, ...] = Field(
        default=(), description="Record paths (Annex I element keys, or extensions.* keys) "
        "the holder did not disclose: selectively disclosable claims whose digests are in "
        "the issuer-signed credential but whose disclosures were not presented. Provenance "
        "under withheld.<path> names the digest location. Never 'missing'.")
    statements: tuple[Statement, ...] = Field(
        default=(), description="Free text that may state elements without a structured "
        "value; provenance under statements.N.")
    unavailable: tuple[str, ...] = Field(
        default=(), description="Annex I elements held by a linked document mcqa did not read "
        "(an OB 2.0 BadgeClass or Issuer given only by URL): not known, so never 'missing'.")
    extensions: dict[str, Scalar] = Field(
        default_factory=dict,
        description="National/profile fields by dotted key, e.g. nz.nzsced, nz.review_years.",
    )
    input_issues: tuple[InputIssue, ...] = Field(
        default=(), description="Values present in the file but unusable (wrong type...)."
    )
    provenance: dict[str, SourceRef] = Field(
        default_factory=dict, description="Dotted field path -> where it was read."
    )

    def source_of(self, path: str) -> SourceRef | None:
        """Provenance of ``path`` or of its nearest recorded ancestor."""
        probe = path
        while probe:
            ref = self.provenance.get(probe)
            if ref is not None:
                return ref
            if "." not in probe:
                break
            probe = probe.rsplit(".", 1)[0]
        return None

    def element_value(self, element: str) -> Any:
        """Value of one of the 16 Annex I elements (``None``/empty when absent)."""
        if element not in ELEMENTS:
            raise KeyError(element)
        return getattr(self, element)
