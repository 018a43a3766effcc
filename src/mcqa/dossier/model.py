"""The typed recognition dossier: everything a recognition officer needs, already decided.

Renderers (HTML, Markdown, JSON, JSON-LD) only lay these models out, so every
number, verdict and sentence is computed once, here or in the builder, and the
four formats can never disagree.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from mcqa.model.base import FrozenModel as _Frozen

DOSSIER_VERSION: Literal["2"] = "2"
"""2: recognition advice, summary, numbered source notes, 1-based review files."""

Grade = Literal["strong", "substantial", "weak", "none"]
Advice = Literal["recognise", "recognise_with_conditions", "substantial_differences"]


class SourceRef(_Frozen):
    """A cited document: what a reader opens to check a statement."""

    title: str
    url: str


class SourceNote(_Frozen):
    """A numbered note at the end of the dossier: where a value was read, or a source."""

    n: int = Field(description="1-based note number, as printed.")
    kind: Literal["credential", "source"]
    text: str = Field(description="file#pointer for the credential; a title for a source.")
    url: str | None = None


class Party(_Frozen):
    """An organisation named by the credential (issuer or awarding body)."""

    name: str | None = None
    identifier: str | None = None
    legal_identifier: str | None = None
    country: str | None = None
    url: str | None = None


class Identity(_Frozen):
    """Section 1: who issued what to whom, limited to what the credential itself discloses."""

    credential_id: str
    title: str | None
    source_file: str
    source_format: str
    record_kind: str
    learner_name: str | None = Field(default=None, description="As disclosed; never looked up.")
    learner_identifier: str | None = None
    issuer: Party | None = None
    awarding_bodies: tuple[Party, ...] = ()
    countries: tuple[str, ...] = ()
    issue_date: str | None = None
    valid_until: str | None = None
    signed: bool = False
    signature_method: str | None = None
    signature_note: str = Field(description="What mcqa did (and did not do) about signatures.")


class ElementRow(_Frozen):
    """Section 2: one Annex I element, its value and where it was read (or looked for)."""

    key: str
    mandatory: bool
    present: bool
    value: str = Field(description="Value as text ('' when absent).")
    data: Any = Field(default=None, description="The value as JSON (for formatting).")
    mapped: str | None = Field(default=None, description="Annex I category read from free "
                               "text (supervision and identity verification).")
    source: str = Field(description="file#pointer or sheet!cell; '(absent)' when only looked for.")
    note: int | None = Field(default=None, description="Number of the source note.")


class LevelStep(_Frozen):
    """One hop of the level translation chain and the table row it rests on."""

    display: str
    status: str
    confidence: str
    source_title: str
    source_url: str
    year: int | None = None
    note: str | None = None
    source_note: int | None = None


class LevelSection(_Frozen):
    """Section 3: stated level and its translation to the target framework."""

    stated: str = Field(description="Stated level(s) as text, or 'not stated'.")
    stated_eqf: int | None = None
    source_level: str | None = Field(default=None, description="FRAMEWORK:LEVEL translated from.")
    target_framework: str | None = Field(description="None: no framework data for the target.")
    outcome: str = Field(description="mapped | mapped_range | comparison_only | unconfirmed | "
                                     "no_mapping | no_target_framework")
    path: str = Field(description="Compact chain, e.g. 'IE-NFQ 8 → EQF 6 → DE-DQR 6'.")
    candidates: tuple[str, ...] = ()
    eqf_levels: tuple[int, ...] = ()
    confidence: str | None = None
    steps: tuple[LevelStep, ...] = ()
    explanation: str
    notes: tuple[str, ...] = ()


class Amount(_Frozen):
    """A workload amount; ``min == max`` when the sources give one number."""

    min: float
    max: float
    unit: str
    confidence: str = "confirmed"
    approximate: bool = False
    stated: bool = Field(default=False, description="True: read from the credential, not derived.")
    text: str = Field(description="'5 ECTS' or '125-150 hours' (no rounding beyond 2 places).")


class WorkloadSection(_Frozen):
    """Section 4: stated workload, ECTS, hours and the target country's credit unit."""

    stated: str = Field(description="As stated, or 'not stated'.")
    ects: Amount | None = None
    hours: Amount | None = None
    target_unit: str | None = Field(default=None, description="Credit system id of the target.")
    target: Amount | None = None
    steps: tuple[str, ...] = ()
    sources: tuple[str, ...] = Field(default=(), description="'title <url>' of sources used.")
    notes: tuple[str, ...] = ()
    inconsistent: bool = Field(default=False, description="Stated hours and credits disagree.")


ReviewStatus = Literal["unreviewed", "accepted", "rejected"]


class StatedSkill(_Frozen):
    """An ESCO URI the credential states, validated and resolved against the index."""

    uri: str
    check: str = Field(description="ok | unknown | obsolete | not_a_skill | malformed")
    message: str = ""
    label: str | None = None
    concept_type: str | None = None
    skill_type: str | None = None
    reuse_level: str | None = None
    collections: tuple[str, ...] = ()


class SuggestedSkill(_Frozen):
    """A skill proposed for an outcome that states none; a reviewer decides, not mcqa."""

    uri: str
    label: str
    score: float | None = Field(description="Mapper score; None when added by a reviewer.")
    method: str
    esco_version: str
    mapper_decision: str | None = Field(default=None, description="accept | review (threshold).")
    reason: str | None = Field(default=None, description="Why the mapper proposed it: matched "
                               "label, meaning similarity, occupation evidence, model score.")
    review_status: ReviewStatus = "unreviewed"
    reviewer: str | None = None
    review_date: str | None = None


class OutcomeMapping(_Frozen):
    """One learning outcome with its stated and suggested ESCO skills."""

    index: int
    text: str
    text_hash: str = Field(description="Stable id for review files (sha256 of normalised text).")
    source: str
    stated: tuple[StatedSkill, ...] = ()
    suggested: tuple[SuggestedSkill, ...] = ()


class OccupationRow(_Frozen):
    """An ESCO occupation reached through the credential's skills."""

    uri: str
    label: str
    isco_code: str
    relation: str
    relevance: float = Field(default=0.0, description="Share of the confirmed skills it needs as essential.")
    via: tuple[str, ...] = Field(description="Skill URIs that link to it.")
    via_labels: tuple[str, ...] = ()


class EscoSection(_Frozen):
    """Section 5: learning outcomes → ESCO; ``performed`` is False without an index."""

    performed: bool
    statement: str = Field(description="One sentence: what was done, or why not.")
    release: str | None = None
    language: str | None = None
    method: str | None = None
    outcomes: tuple[OutcomeMapping, ...] = ()
    occupations: tuple[OccupationRow, ...] = ()
    occupation_threshold: float = Field(default=0.5, description="Occupations are listed "
                                        "only above this relevance.")
    unmatched_decisions: tuple[str, ...] = Field(
        default=(), description="Review decisions that matched no outcome (reported, not dropped).")


class FactRow(_Frozen):
    """Section 6: one delivery fact (assessment, QA, stackability...) with its source."""

    label: str
    value: str
    source: str


class GapItem(_Frozen):
    """One finding relevant to recognition, with its rule and citation."""

    rule_id: str
    pack_id: str
    element: str | None
    severity: str
    status: str
    message: str
    remedy: str | None = None
    found: str | None = Field(default=None, description="The value judged, abbreviated.")
    citation: str
    citation_url: str | None = None
    where: str


class GapArea(_Frozen):
    """A Lisbon Recognition Convention 'substantial difference' area and what bears on it."""

    key: str
    title: str
    verdict: Literal["possible substantial difference", "evidence needed",
                     "no substantial difference found"]
    items: tuple[GapItem, ...] = ()
    notes: tuple[str, ...] = ()


class EvidenceRequest(_Frozen):
    """What to ask the issuer for, from an UNVERIFIABLE finding."""

    rule_id: str
    request: str
    citation: str


class GapsSection(_Frozen):
    """Section 7: checklist of likely substantial differences and evidence requests."""

    packs: tuple[str, ...]
    country_packs: tuple[str, ...] = Field(description="Packs whose jurisdiction is the target.")
    country_pack_note: str
    areas: tuple[GapArea, ...]
    other: tuple[GapItem, ...] = Field(default=(), description="Failed rules that are no "
                                       "substantial difference (information, form).")
    mapped: tuple[str, ...] = Field(default=(), description="Free-text values read as an "
                                    "Annex I category instead of flagged.")
    evidence_requests: tuple[EvidenceRequest, ...] = ()


class EvidenceFact(_Frozen):
    """One fact a criterion was graded on (labels come from the renderer)."""

    fact: str
    value: str


class CriterionAdvice(_Frozen):
    """One Micro-evaluator criterion, its grade and why."""

    id: str
    title: str
    grade: Grade
    reason: str
    evidence: tuple[EvidenceFact, ...] = ()
    source: SourceRef


class RecognitionAdvice(_Frozen):
    """Graded advice along the seven criteria, and the overall advice (Lisbon terms)."""

    advice: Advice
    differences: tuple[str, ...] = Field(default=(), description="The substantial differences.")
    conditions: tuple[str, ...] = Field(default=(), description="Criteria graded weak or none.")
    criteria: tuple[CriterionAdvice, ...]
    rules: str = Field(description="Rule data id and version.")
    sources: tuple[SourceRef, ...]


class CheckVerdict(_Frozen):
    """The record's verdict against the packs, with counts by status (any status)."""

    outcome: str
    counts: dict[str, int]
    failed_by_severity: dict[str, int]


class InputFile(_Frozen):
    """An input file and its SHA-256, so a reader can prove which bytes were assessed."""

    role: str
    path: str
    sha256: str


class Reproducibility(_Frozen):
    """Section 8: versions and hashes needed to rebuild the dossier byte for byte."""

    mcqa_version: str
    as_of: str
    packs: tuple[str, ...] = Field(description="'id version'.")
    data_versions: dict[str, str] = Field(description="Framework files and credit systems.")
    esco_release: str | None = Field(default=None, description="'ESCO v1.1.1 (en)'.")
    esco_counts: dict[str, int] = Field(
        default_factory=dict, description="Concepts in the ESCO index used, by type.")
    inputs: tuple[InputFile, ...] = ()


class Dossier(_Frozen):
    """A recognition dossier for one credential and one target country or framework."""

    tool: Literal["mcqa"] = "mcqa"
    dossier_version: Literal["2"] = DOSSIER_VERSION
    target: str = Field(description="Target as given, e.g. DE or IE-NFQ.")
    target_framework: str | None
    target_country: str | None
    target_note: str | None = Field(default=None, description="Set when mcqa holds no "
                                    "framework data for the target country.")
    as_of: str
    lang: str = Field(default="en", description="Language of the sentences (ISO 639-1); "
                      "keys, codes, rule ids and identifiers are the same in every language.")
    lang_note: str | None = Field(default=None, description="Set when the target country's "
                                  "language was not chosen (several official languages, or "
                                  "one mcqa does not write): why the dossier is in English.")
    identity: Identity
    verdict: CheckVerdict
    advice: RecognitionAdvice
    key_gaps: tuple[GapItem, ...] = Field(default=(), description="Up to three, most "
                                          "important first (for the summary).")
    elements: tuple[ElementRow, ...]
    level: LevelSection
    workload: WorkloadSection
    esco: EscoSection
    delivery: tuple[FactRow, ...]
    gaps: GapsSection
    notes: tuple[SourceNote, ...] = ()
    reproducibility: Reproducibility
