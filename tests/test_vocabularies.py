"""Every bundled vocabulary is valid, covers every supported language, and its patterns
stay fast on long input."""

from __future__ import annotations

import time

import pytest

from mcqa.model.nonanswers import non_answer
from mcqa.vocab import LANGUAGES, available_vocabularies, normalise, vocabulary

VOCABS = available_vocabularies()


def test_there_are_vocabularies() -> None:
    assert "non-answers" in VOCABS


@pytest.mark.parametrize("name", VOCABS)
def test_vocabulary_covers_every_language(name: str) -> None:
    vocab = vocabulary(name)
    for key, entry in vocab.entries.items():
        if not entry.terms:
            continue  # a patterns-only entry is language-neutral
        missing = [lang for lang in LANGUAGES if not entry.terms.get(lang)]
        assert not missing, f"{name}: entry {key!r} has no terms in {missing}"


@pytest.mark.parametrize("name", VOCABS)
def test_patterns_are_linear_on_long_input(name: str) -> None:
    hostile = ["a" * 100_000 + "!", "x " * 50_000, "1" * 100_000, "see " + "a" * 100_000]
    for entry in vocabulary(name).entries.values():
        for text in hostile:
            start = time.perf_counter()
            entry.matches(text)
            assert time.perf_counter() - start < 0.5


def test_normalise_compares_like_a_reader() -> None:
    assert normalise("  TBD. ") == "tbd"
    assert normalise("À  compléter") == "à compléter"
    assert normalise("---") == ""


@pytest.mark.parametrize(("text", "element"), [
    ("string", None), ("Lorem ipsum dolor sit amet", None), ("TBD", None),
    ("Achievement 1", None), ("some legal name", None), ("Title of your learning achievement",
                                                        None),
    ("à compléter", None), ("noch offen", None), ("do uzupełnienia", None),
    ("full-time", "participation_form"), ("Teilzeit", "participation_form"),
    ("Overall Assessment", "assessment_type"), ("urn:assesmentType:1", "assessment_type"),
    ("siehe Modulhandbuch", "learning_outcomes"), ("voir la fiche", "learning_outcomes"),
    ("ver guía docente", "assessment_type"),
])
def test_non_answers(text: str, element: str | None) -> None:
    assert non_answer(text, element) is not None


@pytest.mark.parametrize(("text", "element"), [
    ("Digital micro-credential creation", None), ("Some Aspects of Chemistry", None),
    ("Online", "participation_form"), ("Blended learning", "participation_form"),
    ("Written examination", "assessment_type"),
    ("http://data.europa.eu/snb/assessment/0f4ad3b3d0", "assessment_type"),
    ("Configure access policies following least privilege", "learning_outcomes"),
    ("Test automation with Selenium", None), ("University of Example", None),
])
def test_real_values_are_not_non_answers(text: str, element: str | None) -> None:
    assert non_answer(text, element) is None
