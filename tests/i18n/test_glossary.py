"""The glossary covers every Annex I element and key term in every language, cites a
source for every wording, and docs/glossary.md is generated from the data."""

from __future__ import annotations

import importlib.util

from mcqa.i18n import LANGUAGES, element_label, term
from mcqa.i18n.terms import MCQA_SOURCE, glossary, sources
from mcqa.model import ELEMENTS
from tests.conftest import REPO

spec = importlib.util.spec_from_file_location("i18n_script", REPO / "scripts" / "i18n.py")
assert spec and spec.loader
i18n_script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(i18n_script)


def test_every_term_in_every_language() -> None:
    for item in glossary().values():
        missing = [lang for lang in LANGUAGES if lang not in item.entries]
        assert not missing, (item.id, missing)


def test_every_annex_element_has_a_label() -> None:
    for element in ELEMENTS:
        labels = {lang: element_label(element, lang) for lang in LANGUAGES}
        assert len(set(labels.values())) > 1, element


def test_sources_are_cited_and_in_their_language() -> None:
    known = sources()
    for item in glossary().values():
        for lang, entry in item.entries.items():
            if entry["source"] != MCQA_SOURCE:
                assert known[entry["source"]].lang == lang, (item.id, lang)


def test_policy_terms() -> None:
    assert term("micro-credential", "fr") == "microcertification"
    assert term("learning_outcomes", "de") == "Lernergebnisse"
    assert element_label("workload", "nl") == "Nominale studielast"


def test_glossary_doc_is_generated() -> None:
    doc = (REPO / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert doc == i18n_script.glossary_markdown(), "run python scripts/i18n.py glossary"


def test_english_labels_are_the_renderers_element_names() -> None:
    """Renderers name the Annex I elements in English today (render/labels.py); the
    glossary's English labels are the same words, so switching renderers to
    ``element_label`` leaves English output unchanged."""
    from mcqa.render.labels import ELEMENTS as RENDERED

    assert {e: element_label(e, "en") for e in ELEMENTS} == RENDERED
