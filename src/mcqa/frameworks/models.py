"""Frozen data models for qualification frameworks and their EQF mappings.

A mapping never hides uncertainty: every :class:`LevelMapping` keeps the
``status`` the data gives (referenced, range, comparison_only, unconfirmed,
below_eqf, not_referenced, unknown), a ``confidence`` and the source it rests
on, so a rule or a dossier can say how sure it is and why.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mcqa.model.base import FrozenModel as _Frozen

Confidence = Literal["confirmed", "secondary", "unconfirmed"]
MappingStatus = Literal[
    "referenced", "range", "below_eqf", "not_referenced", "comparison_only", "unconfirmed",
    "unknown",
]
RelationshipKind = Literal["self", "referenced", "compatible", "comparison_only", "none"]

CONFIDENCE_ORDER: tuple[Confidence, ...] = ("confirmed", "secondary", "unconfirmed")
"""Strongest first; the weakest link decides the confidence of a chain."""

NUMBERED_STATUSES: frozenset[str] = frozenset(
    {"referenced", "range", "comparison_only", "unconfirmed"}
)
"""Statuses that carry at least one EQF level number."""


def weakest(values: list[Confidence] | tuple[Confidence, ...]) -> Confidence:
    """Weakest confidence of ``values`` (``confirmed`` when empty: nothing was assumed)."""
    return max(values, key=CONFIDENCE_ORDER.index, default="confirmed")




class SourceInfo(_Frozen):
    """A cited source: what a user opens to check a fact."""

    id: str = Field(description="Short id, unique within its data file.")
    title: str
    url: str


class LevelMapping(_Frozen):
    """How one framework level relates to the EQF, exactly as the data states it."""

    framework: str
    level: str
    status: MappingStatus
    eqf_levels: tuple[int, ...] = Field(
        default=(), description="Empty for below_eqf/not_referenced/unknown; several for range."
    )
    confidence: Confidence
    source: SourceInfo
    year: int | None = Field(default=None, description="Year of the referencing/comparison.")
    note: str | None = None

    @property
    def eqf(self) -> int | None:
        """The single EQF level, or ``None`` when there is none or a range."""
        return self.eqf_levels[0] if len(self.eqf_levels) == 1 else None

    def agrees_with(self, stated_eqf: int) -> bool | None:
        """Whether a stated EQF level fits this mapping.

        ``False`` for levels that sit below or outside the EQF (no EQF level
        may be claimed for them); ``None`` when the mapping is unknown, so a
        rule can report "cannot check" rather than a false verdict.
        """
        if self.status == "unknown":
            return None
        return stated_eqf in self.eqf_levels


class Descriptors(_Frozen):
    """Short own-words summary of an EQF level (knowledge / skills / responsibility)."""

    knowledge: str
    skills: str
    responsibility_autonomy: str
    confidence: Confidence
    source: SourceInfo


class Level(_Frozen):
    """One level of a framework."""

    code: str = Field(description="As written in the framework: '8', 'Entry 3', 'first'.")
    label: str
    uri: str | None = None
    legacy: bool = Field(default=False, description="Former level; never a translation target.")
    descriptors: Descriptors | None = None
    mapping: LevelMapping


class EqfRelationship(_Frozen):
    """How a whole framework relates to the EQF."""

    kind: RelationshipKind
    year: int | None
    first_year: int | None = None
    references: str | None = Field(default=None, description="Other reference framework (AQRF).")
    confidence: Confidence
    source: SourceInfo
    note: str | None = None


class Framework(_Frozen):
    """A qualifications framework loaded from ``standards/frameworks/<id>.yaml``."""

    id: str
    title: str
    country: str | None
    countries: tuple[str, ...] = ()
    data_version: str
    relationship: EqfRelationship
    sources: tuple[SourceInfo, ...]
    levels: tuple[Level, ...]
    notes: str | None = None
    aliases: tuple[str, ...] = Field(default=(), description="Names and abbreviations in use.")
    file: str = Field(default="", exclude=True, description="File read from (messages only).")

    def level_codes(self) -> list[str]:
        """Level codes in framework order (for listings and error messages)."""
        return [level.code for level in self.levels]

    def find_level(self, code: str) -> Level | None:
        """Level by code, ignoring case, spaces and a leading 'level'."""
        key = level_key(code)
        for level in self.levels:
            if level_key(level.code) == key:
                return level
        return None


def level_key(code: str) -> str:
    """Normalise a level code so 'Entry 3', 'entry3' and 'Level 6'/'6' match."""
    key = "".join(code.split()).casefold()
    if key.startswith("level") and len(key) > len("level"):
        key = key[len("level"):]
    return key
