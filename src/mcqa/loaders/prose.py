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

__all__ = ["CUE_ELEMENTS", "prose_cues", "prose_elements"]

CUE_ELEMENTS: tuple[str, ...] = ("learning_outcomes", "workload", "assessment_type",
                                 "participation_form", "quality_assurance", "level",
                                 "supervision_identity")
"""Elements a free text may be found to state from its cue words (the vocabulary's
"completion" entry is a cue *against* outcomes, not an element)."""

MIN_WORDS = 3
"""Shorter texts state an element only through where they sit (``base``)."""

DESCRIPTION_WORDS = 8
"""A description of the achievement this long may state its learning outcomes in prose
(or may be a topic list or a completion statement: a person decides, never a keyword
list). Shorter ones ("Successfully completed all modules.") are not asked about."""


def prose_elements(text: str | None, base: Iterable[str] = (), *,
                   title: str | None = None, describes: bool = False) -> tuple[str, ...]:
    """Elements ``text`` may state (see :func:`prose_cues`)."""
    return tuple(prose_cues(text, base, title=title, describes=describes))


def prose_cues(text: str | None, base: Iterable[str] = (), *, title: str | None = None,
               describes: bool = False) -> dict[str, str]:
    """Elements ``text`` may state, in :data:`CUE_ELEMENTS` order then ``base`` order;
    empty for blank text, placeholders and a repetition of the title. ``describes``: the
    text describes the achievement itself (its description or criteria), so when it is
    long enough it may state the learning outcomes even without a cue word."""
    """Elements ``text`` may state, each with the cue word found for it ("" when the element
    comes from where the text sits), in :data:`CUE_ELEMENTS` order then ``base`` order;
    empty for blank text, placeholders and a repetition of the title."""
    if not text or not text.strip() or non_answer(text) is not None:
        return {}
    base = tuple(base)
    if title is not None and normalise(text) == normalise(title):
        return {}
    found: dict[str, str] = {}
    words = len(text.split())
    cues = vocabulary("free-text-cues")
    if words >= MIN_WORDS:
        found.update(cues.search(text, CUE_ELEMENTS))
    if describes and words >= DESCRIPTION_WORDS and "learning_outcomes" not in found \
            and not _completion_statement(text):
        found = {"learning_outcomes": "", **found}
    for element in base:
        found.setdefault(element, "")
    return found


def _completion_statement(text: str) -> bool:
    """The text opens as a statement of award or completion ("Awarded for...",
    "Successfully completed all modules"): without an outcome cue it states none."""
    opening = " ".join(text.split()[:8])
    return bool(vocabulary("free-text-cues").search(opening, ("completion",)))
