"""Free text that may state Annex I elements: which elements a prose field speaks about.

Loaders call :func:`prose_elements` for every description, narrative, note,
free-text duration or endorsement they meet. It returns the elements the text
may state — those given by where the text sits (a free-text duration *is* a
workload statement; an endorsement by a QA body *is* evidence of external QA)
plus those whose cue words occur in it (``standards/vocabularies/
free-text-cues.yaml``, all supported languages). The engine turns a failed
presence rule into a *review* finding quoting such text, never a pass: no
keyword list can tell outcomes from a topic list reliably, a person can.
"""

from __future__ import annotations

from collections.abc import Iterable

from mcqa.model.nonanswers import non_answer
from mcqa.vocab import normalise, vocabulary

__all__ = ["CUE_ELEMENTS", "prose_elements"]

CUE_ELEMENTS: tuple[str, ...] = ("learning_outcomes", "workload", "assessment_type",
                                 "participation_form", "quality_assurance", "level",
                                 "supervision_identity")
"""Elements a free text may be found to state from its cue words."""

MIN_WORDS = 3
"""Shorter texts state an element only through where they sit (``base``)."""


def prose_elements(text: str | None, base: Iterable[str] = (), *,
                   title: str | None = None) -> tuple[str, ...]:
    """Elements ``text`` may state, in :data:`CUE_ELEMENTS` order then ``base`` order;
    empty for blank text, placeholders and a repetition of the title."""
    if not text or not text.strip() or non_answer(text) is not None:
        return ()
    base = tuple(base)
    if title is not None and normalise(text) == normalise(title):
        return ()
    found: list[str] = []
    if len(text.split()) >= MIN_WORDS:
        found.extend(vocabulary("free-text-cues").search(text, CUE_ELEMENTS))
    found.extend(e for e in base if e not in found)
    return tuple(found)
