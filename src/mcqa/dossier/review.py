"""Reviewer decisions on suggested ESCO mappings, kept in a small YAML file.

A suggestion from the mapper is only a suggestion. A recognition officer
accepts or rejects it once, in a file that lives beside the credential, and
every later dossier shows the mapping as reviewed. Outcomes are addressed by
index *or* by a hash of their text, so a decision survives reordering of the
outcomes when the hash is used.

Format::

    decisions:
      - outcome: 2            # 0-based index, or
        outcome_hash: 3f9a... # text_hash() of the outcome text (prefix of >= 8 chars)
        skill: http://data.europa.eu/esco/skill/...
        decision: accept      # accept | reject
        reviewer: M. Keane
        date: 2025-10-01
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mcqa.errors import InputError


def text_hash(text: str) -> str:
    """SHA-256 (hex) of the outcome text with case and whitespace normalised."""
    norm = " ".join(text.split()).casefold()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


class ReviewDecision(BaseModel):
    """One accept/reject of one skill for one learning outcome."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: int | None = Field(default=None, ge=0, description="0-based outcome index.")
    outcome_hash: str | None = Field(default=None, min_length=8, pattern="^[0-9a-f]+$")
    skill: str = Field(min_length=1)
    decision: Literal["accept", "reject"]
    reviewer: str = Field(min_length=1)
    date: str

    @model_validator(mode="after")
    def _addressed(self) -> ReviewDecision:
        if self.outcome is None and self.outcome_hash is None:
            raise ValueError("give outcome (index) or outcome_hash")
        date.fromisoformat(self.date)
        return self

    def matches(self, index: int, hashed: str) -> bool:
        """True when this decision is about outcome ``index`` with text hash ``hashed``."""
        if self.outcome_hash is not None:
            return hashed.startswith(self.outcome_hash)
        return self.outcome == index

    def label(self) -> str:
        """Short description for 'unmatched decision' notes."""
        where = f"hash {self.outcome_hash}" if self.outcome_hash else f"index {self.outcome}"
        return f"{self.decision} {self.skill} for outcome {where} by {self.reviewer} ({self.date})"


def parse_decisions(data: Any, file: str = "<decisions>") -> tuple[ReviewDecision, ...]:
    """Validate already-parsed YAML data; errors name the entry and the field."""
    items = data.get("decisions") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError("review file has no 'decisions' list", file=file,
                         hint="write 'decisions:' followed by a list of entries")
    out: list[ReviewDecision] = []
    for i, raw in enumerate(items):
        if isinstance(raw, dict) and isinstance(raw.get("date"), date):
            raw = {**raw, "date": raw["date"].isoformat()}
        try:
            out.append(ReviewDecision.model_validate(raw))
        except (ValidationError, ValueError) as exc:
            first = exc.errors()[0] if isinstance(exc, ValidationError) else {"msg": str(exc),
                                                                              "loc": ()}
            field = ".".join(str(p) for p in first["loc"]) or "entry"
            raise InputError(f"decision {i}: {field}: {first['msg']}", file=file,
                             location=f"/decisions/{i}",
                             hint="each entry needs outcome or outcome_hash, skill, decision "
                             "(accept|reject), reviewer and date (YYYY-MM-DD)") from None
    return tuple(out)


MAX_REVIEW_BYTES = 4 * 1024 * 1024
"""Largest review file read."""


def load_decisions(path: Path, display: str | None = None) -> tuple[ReviewDecision, ...]:
    """Read a review file; unreadable or invalid files raise :class:`InputError` naming
    it as ``display`` (default: the path), bounded and with file and line (see
    :func:`mcqa._yaml.load_aux`)."""
    from mcqa._yaml import load_aux
    from mcqa.fsguard import display_name

    data, _text = load_aux(path, what="review file", error=InputError, limit=MAX_REVIEW_BYTES)
    return parse_decisions(data, display or display_name(path))


def dump_decisions(decisions: Sequence[ReviewDecision]) -> str:
    """The review file holding ``decisions``, in the format :func:`load_decisions` reads
    (fields in model order, unset ones left out), so a dossier can be rebuilt from it."""
    items = [d.model_dump(exclude_none=True) for d in decisions]
    header = ("# mcqa review decisions on suggested ESCO mappings; pass with\n"
              "# `mcqa dossier CREDENTIAL --to TARGET --review THIS_FILE`\n")
    body: str = yaml.safe_dump({"decisions": items}, sort_keys=False, allow_unicode=True,
                               width=100)
    return header + body
