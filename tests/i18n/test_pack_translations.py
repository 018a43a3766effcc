"""Every bundled rule has every text in every language, keeps what must not change, and
every translation file is valid. The run-time fallback to English is silent only because
these tests keep it from ever being needed."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from mcqa.i18n import DEFAULT_LANG, LANGUAGES, pack_meta_text, pack_text
from mcqa.i18n import packs as tp
from mcqa.i18n.pseudo import invariants
from mcqa.packs import available_packs

PACKS = tuple(available_packs())
OTHER = tuple(lang for lang in LANGUAGES if lang != DEFAULT_LANG)


def _texts() -> list[tuple[str, str, str]]:
    return [(pid, rule.id, field) for pid in PACKS for rule in tp._pack(pid).rules
            for field in tp.RULE_FIELDS[1:] if tp.english_text(pid, rule.id, field)]


def test_nothing_is_missing() -> None:
    gaps = tp.missing_translations()
    assert not gaps, (f"{len(gaps)} pack texts untranslated (python scripts/i18n.py missing):\n"
                      + "\n".join(map(str, gaps[:60])))


def test_no_translation_is_stale() -> None:
    stale = tp.stale_translations()
    assert not stale, ("English texts changed since their translations were checked; update "
                       "every language, then run python scripts/i18n.py lock:\n"
                       + "\n".join(stale[:60]))


def test_nothing_is_left_over() -> None:
    orphans = tp.orphan_translations()
    assert not orphans, "translations of rules or texts the packs no longer have:\n" + "\n".join(
        map(str, orphans))


@pytest.mark.parametrize("path", tp.translation_files(), ids=lambda p: p.name)
def test_translation_file_is_valid(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, tp.translation_schema())
    pack, lang = re.fullmatch(r"(.+)\.([a-z]{2})\.yaml", path.name).groups()  # type: ignore[union-attr]
    assert pack in PACKS and lang in LANGUAGES
    assert (data["pack"], data["lang"]) == (pack, lang)
    if lang == DEFAULT_LANG:
        assert all(set(entry) == {"title"} for entry in data["rules"].values()), (
            "the English file holds only titles: the pack itself is the English text")


def test_every_pack_and_language_has_a_file() -> None:
    expected = {f"{pid}.{lang}.yaml" for pid in PACKS for lang in LANGUAGES}
    assert expected <= {p.name for p in tp.translation_files()}


def test_translations_keep_placeholders_numbers_urls_and_ids() -> None:
    bad = []
    for pid, rid, field in _texts():
        english = invariants(tp.english_text(pid, rid, field))
        for lang in OTHER:
            got = invariants(pack_text(pid, rid, field, lang))
            if got != english:
                bad.append(f"{pid}.{lang} {rid}.{field}: {english} != {got}")
    assert not bad, "\n".join(bad)


def test_sentences_are_translated_not_copied() -> None:
    copied = [f"{pid}.{lang} {rid}.{field}" for pid, rid, field in _texts() for lang in OTHER
              if len(tp.english_text(pid, rid, field)) > 40
              and pack_text(pid, rid, field, lang) == tp.english_text(pid, rid, field)]
    assert not copied, "English left in translations:\n" + "\n".join(copied)


def test_pack_titles_translated() -> None:
    for pid in PACKS:
        english = pack_meta_text(pid, "title", "en")
        for lang in OTHER:
            assert pack_meta_text(pid, "title", lang) != english, (pid, lang)


def test_english_is_the_pack_itself() -> None:
    for pid, rid, field in _texts():
        rule = tp.rule_of(pid, rid)
        assert rule is not None
        value = (getattr(rule.free_text, field.split(".")[1]) if field.startswith("free_text")
                 else getattr(rule, field))
        assert pack_text(pid, rid, field, "en") == value


def test_missing_key_falls_back_to_english_and_is_listed(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    src = tp.translation_file("eu-2022", "de")
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    del data["rules"]["EU-AI-M01"]["remedy"]
    data["rules"]["EU-AI-M02"]["message"] = tp.STUB_PREFIX + "The micro-credential has ..."
    target = tmp_path / "packs" / "i18n"
    target.mkdir(parents=True)
    (target / src.name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(tp, "i18n_dir", lambda: target)
    tp._load.cache_clear()
    try:
        english = tp.english_text("eu-2022", "EU-AI-M01", "remedy")
        assert pack_text("eu-2022", "EU-AI-M01", "remedy", "de") == english
        assert pack_text("eu-2022", "EU-AI-M02", "message", "de") == tp.english_text(
            "eu-2022", "EU-AI-M02", "message")
        gaps = {str(g) for g in tp.missing_translations(("eu-2022",), ("de",))}
        assert gaps == {"eu-2022.de.yaml: EU-AI-M01.remedy", "eu-2022.de.yaml: EU-AI-M02.message"}
    finally:
        tp._load.cache_clear()


def test_invalid_translation_file_is_a_pack_error(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from mcqa.errors import PackError

    target = tmp_path / "i18n"
    target.mkdir()
    (target / "eu-2022.fr.yaml").write_text("pack: eu-2022\nlang: fr\nrules:\n  EU-AI-M01:\n"
                                            "    mesage: typo\n", encoding="utf-8")
    monkeypatch.setattr(tp, "i18n_dir", lambda: target)
    tp._load.cache_clear()
    try:
        with pytest.raises(PackError, match=r"eu-2022\.fr\.yaml"):
            pack_text("eu-2022", "EU-AI-M01", "message", "fr")
    finally:
        tp._load.cache_clear()


def test_a_text_the_rule_lacks_stays_empty() -> None:
    rule = next(r for r in tp._pack("eu-2022").rules if not r.evidence)
    assert pack_text("eu-2022", rule.id, "evidence", "de") == ""


def test_pseudo_locale_covers_every_text() -> None:
    from mcqa.i18n.pseudo import OPEN

    for pid, rid, field in _texts()[:50]:
        assert pack_text(pid, rid, field, "qps").startswith(OPEN)
