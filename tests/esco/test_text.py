"""Tokenising for mapping: case-sensitive IT, boilerplate stop-words."""

from __future__ import annotations

from mcqa.esco.text import terms


def test_upper_case_it_is_ict() -> None:
    assert terms("Strong IT skills") == ["ict"]
    assert terms("use IT tools") == terms("use ICT tools")
    assert terms("make it work") == ["make"]  # the pronoun stays a stop-word
    assert "ict" not in terms("IT IS ESSENTIAL")  # all capitals: case says nothing


def test_skill_words_are_not_boilerplate() -> None:
    assert terms("knowledge management") == ["knowledg", "manag"]
    assert terms("assume responsibility") == ["assum", "responsibility"]
    assert terms("be able to demonstrate an understanding of") == []
