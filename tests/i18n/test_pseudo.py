"""The pseudo-locale keeps what must survive and makes every untranslated run visible."""

from __future__ import annotations

from mcqa.i18n import english_leaks, pseudo
from mcqa.i18n.pseudo import CLOSE, OPEN, invariants, protected_spans


def test_pseudo_keeps_placeholders_urls_ids_and_code() -> None:
    text = "See https://example.org/x for EU-AI-M04 ({n} ECTS); run `mcqa esco map`."
    out = pseudo(text)
    assert out.startswith(OPEN) and out.endswith(CLOSE)
    for span in ("https://example.org/x", "EU-AI-M04", "{n}", "ECTS", "`mcqa esco map`"):
        assert span in out
    assert "See" not in out and "for" not in out
    assert protected_spans(out[1:-1]) == protected_spans(text)


def test_leaks_are_found_outside_brackets_only() -> None:
    assert english_leaks(pseudo("The date of issuing is missing.")) == []
    assert english_leaks("EU-AI-M05 | " + pseudo("x") + " The date is missing") == [
        "The date is missing"]
    assert english_leaks("EU-AI-M05 2026-12-04 https://x.org/a ECTS") == []


def test_invariants() -> None:
    assert invariants("1 ECTS = 25-30 hours, see EU-AI-M07a") == sorted(
        ["1", "25", "30", "EU-AI-M07a"])
    assert invariants("1,000 h") == invariants("1.000 Std.")
