"""Reviewer decisions on suggested ESCO mappings, kept in a small YAML file.

A suggestion from the mapper is only a suggestion. A recognition officer
accepts or rejects it once, in a file that lives beside the credential, and
every later dossier shows the mapping as reviewed.

Why outcomes are numbered as displayed and may be quoted: a reviewer reads
"LO3" in the dossier and writes ``outcome: 3``. Counting from 0 (format 1 of
this file) made that decision land silently on LO4. Now a number outside the
credential's outcomes, or a quote that is not in the numbered outcome's text,
is an error naming the review file and line; a decision is never applied to
another outcome. ``outcome_hash`` (a prefix of :func:`text_hash`) still
addresses an outcome by its text, so a decision survives reordering.

Format::

    version: 2
    decisions:
      - outcome: 3                        # as numbered in the dossier (LO3)
        quote: "Deliver visual presentation"  # optional: words of that outcome
        skill: http://data.europa.eu/esco/skill/...
        decision: accept                  # accept | reject
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

from mcqa._yaml import line_of
from mcqa.errors import InputError
from mcqa.marks import N_, NN_, english_form

REVIEW_VERSION = 2
"""Format of review files: 2 numbers outcomes from 1, as the dossier shows them."""

_HINT = ("each entry needs outcome (1 = LO1, as numbered in the dossier) or outcome_hash, "
         "skill, decision (accept|reject), reviewer and date (YYYY-MM-DD); quote is optional")


def text_hash(text: str) -> str:
    """SHA-256 (hex) of the outcome text with case and whitespace normalised."""
    return hashlib.sha256(_norm(text).encode("utf-8")).hexdigest()


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


OUTCOME_BEYOND = NN_(
    "decision for outcome {outcome}, but the credential has {n} learning outcome (LO1)",
    "decision for outcome {outcome}, but the credential has {n} learning outcomes (LO1-LO{n})")
"""A decision numbered beyond the outcomes (one count sentence, plural by language)."""

class ReviewDecision(BaseModel):
    """One accept/reject of one skill for one learning outcome."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: int | None = Field(default=None, ge=1,
                                description="Outcome number as displayed: 1 is LO1.")
    outcome_hash: str | None = Field(default=None, min_length=8, pattern="^[0-9a-f]+$")
    quote: str | None = Field(default=None, min_length=3,
                              description="Words of the outcome; must occur in its text.")
    skill: str = Field(min_length=1)
    decision: Literal["accept", "reject"]
    reviewer: str = Field(min_length=1)
    date: str
    file: str = Field(default="<decisions>", description="Review file (for errors).")
    line: int | None = Field(default=None, description="Line of the entry in the file.")

    @model_validator(mode="after")
    def _addressed(self) -> ReviewDecision:
        if self.outcome is None and self.outcome_hash is None:
            raise ValueError("give outcome (1 = LO1) or outcome_hash")
        date.fromisoformat(self.date)
        return self

    def where(self) -> str:
        """``line N`` of the entry (for error locations)."""
        return f"line {self.line}" if self.line else "/decisions"

    def target(self, texts: Sequence[str]) -> int | None:
        """0-based index of the outcome this decision is about, checked against ``texts``.

        ``None`` when an ``outcome_hash`` matches no outcome (reported as unmatched).
        Raises :class:`InputError` (file and line) for a number outside the outcomes or
        a quote that is not in the numbered outcome, so it can never land elsewhere.
        """
        if self.outcome is not None:
            if self.outcome > len(texts):
                raise InputError(
                    english_form(OUTCOME_BEYOND, len(texts)).format(
                        outcome=self.outcome, n=len(texts)),
                    file=self.file, location=self.where(),
                    hint="outcomes are numbered as in the dossier, from 1")
            index = self.outcome - 1
        else:
            assert self.outcome_hash is not None
            found = [i for i, t in enumerate(texts) if text_hash(t).startswith(self.outcome_hash)]
            if not found:
                return None
            index = found[0]
        if self.quote is not None and _norm(self.quote) not in _norm(texts[index]):
            raise InputError(
                f"quote {self.quote[:60]!r} is not in LO{index + 1} "
                f"({texts[index][:60]!r}...)", file=self.file, location=self.where(),
                hint="check the outcome number against the dossier, or correct the quote")
        return index

    def label(self) -> str:
        """Short description for 'unmatched decision' notes."""
        where = f"hash {self.outcome_hash}" if self.outcome_hash else f"LO{self.outcome}"
        return f"{self.decision} {self.skill} for outcome {where} by {self.reviewer} ({self.date})"


def parse_decisions(data: Any, file: str = "<decisions>", text: str | None = None
                    ) -> tuple[ReviewDecision, ...]:
    """Validate already-parsed YAML data; errors name the file, the entry and its line."""
    def line(*path: Any) -> str | None:
        n = line_of(text, path) if text is not None else None
        return f"line {n}" if n else None

    if not isinstance(data, dict) or not isinstance(data.get("decisions"), list):
        raise InputError("review file has no 'decisions' list", file=file,
                         hint="write 'version: 2' and 'decisions:' followed by a list of entries")
    if data.get("version") != REVIEW_VERSION:
        raise InputError(
            "review file has no 'version: 2': format 1 counted outcomes from 0, so its "
            "numbers would land on the wrong outcome", file=file, location=line("version"),
            hint="renumber the outcomes as the dossier shows them (LO1 = 1), optionally add "
            "a quote, and add 'version: 2'")
    out: list[ReviewDecision] = []
    for i, raw in enumerate(data["decisions"]):
        if isinstance(raw, dict) and isinstance(raw.get("date"), date):
            raw = {**raw, "date": raw["date"].isoformat()}
        n = line_of(text, ("decisions", i)) if text is not None else None
        try:
            if isinstance(raw, dict) and {"file", "line"} & set(raw):
                raise ValueError("'file' and 'line' are set by mcqa, not in the review file")
            entry = ReviewDecision.model_validate(raw)
        except (ValidationError, ValueError) as exc:
            first = exc.errors()[0] if isinstance(exc, ValidationError) else {"msg": str(exc),
                                                                              "loc": ()}
            field = ".".join(str(p) for p in first["loc"]) or "entry"
            raise InputError(f"decision {i + 1}: {field}: {first['msg']}", file=file,
                             location=f"line {n}" if n else f"/decisions/{i}",
                             hint=_HINT) from None
        out.append(entry.model_copy(update={"file": file, "line": n}))
    return tuple(out)


MAX_REVIEW_BYTES = 4 * 1024 * 1024
"""Largest review file read."""


def load_decisions(path: Path, display: str | None = None) -> tuple[ReviewDecision, ...]:
    """Read a review file; unreadable or invalid files raise :class:`InputError` naming
    it as ``display`` (default: the path), bounded and with file and line (see
    :func:`mcqa._yaml.load_aux`)."""
    from mcqa._yaml import load_aux
    from mcqa.fsguard import display_name

    data, text = load_aux(path, what=N_("review file"), error=InputError, limit=MAX_REVIEW_BYTES,
                          display=display)
    return parse_decisions(data, display or display_name(path), text)


def dump_decisions(decisions: Sequence[ReviewDecision]) -> str:
    """The review file holding ``decisions``, in the format :func:`load_decisions` reads
    (``version: 2``, fields in model order, unset ones and mcqa's own file/line left out),
    so a dossier can be rebuilt from it."""
    items = [d.model_dump(exclude_none=True, exclude={"file", "line"}) for d in decisions]
    header = ("# mcqa review decisions on suggested ESCO mappings; pass with\n"
              "# `mcqa dossier CREDENTIAL --to TARGET --review THIS_FILE`\n"
              "# outcome: numbered as the dossier shows them (1 = LO1)\n")
    body: str = yaml.safe_dump({"version": REVIEW_VERSION, "decisions": items},
                               sort_keys=False, allow_unicode=True, width=100)
    return header + body
