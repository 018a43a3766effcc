"""Composed English texts the translators' review made whole: count sentences (an ``NN_``
pair composed with ``english_form``) and a template whose literal braces are doubled in
the msgid are both found again by ``localize_text`` (the pseudo-locale shows the match)."""

from __future__ import annotations

from mcqa.i18n import english_leaks, localize_text
from mcqa.loaders.sdjwt.trust import TOO_MANY_FILES
from mcqa.marks import english_form


def test_count_sentence_takes_the_form_for_its_count() -> None:
    one = english_form(TOO_MANY_FILES, 1).format(n=1, most=0)
    many = english_form(TOO_MANY_FILES, 2001).format(n=2001, most=1000)
    assert (one, many) == ("1 file, above 0", "2001 files, above 1000")
    shown_one, shown_many = localize_text(one, "qps"), localize_text(many, "qps")
    assert shown_one and shown_one.startswith("⟦") and "2" not in shown_one
    assert shown_many and shown_many.startswith("⟦") and "2,001" in shown_many
    assert not english_leaks(shown_one) and not english_leaks(shown_many)


def test_count_sentence_with_english_thousands_separator_is_matched() -> None:
    text = "archive holds 1,234 files; at most 1,000 files per upload"
    shown = localize_text(text, "qps")
    assert shown and shown != text and not english_leaks(shown)


def test_literal_braces_in_a_composed_text_are_matched() -> None:
    text = 'a JWK or a JWK set {"keys": [...]}'
    shown = localize_text(text, "qps")
    assert shown and shown != text and "{{" not in shown
    german = localize_text(text, "de")
    assert german and german != text and '{"keys": [...]}' in german


def test_whole_sentence_per_value_is_matched() -> None:
    for text in ("IE-NFQ 8 sits below EQF level 1, so it has no DE-DQR equivalent.",
                 "QF-EHEA second cycle",
                 "the key-binding JWT is not signed (alg: missing)"):
        shown = localize_text(text, "qps")
        assert shown and shown != text and not english_leaks(shown), text
