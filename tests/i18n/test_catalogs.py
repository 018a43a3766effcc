"""The gettext catalogs are current (every marked string extracted), complete (every
string translated in every language), compiled (the shipped .mo is the .po) and keep
their placeholders."""

from __future__ import annotations

import gettext
import importlib.util
import io
import re
import string

import pytest

from mcqa.errors import ConfigError
from mcqa.i18n import DEFAULT_LANG, LANGUAGES, _, gettext_for, ngettext
from mcqa.i18n.locale import LOCALE_DIR
from tests.conftest import REPO

spec = importlib.util.spec_from_file_location("i18n_script", REPO / "scripts" / "i18n.py")
assert spec and spec.loader
i18n_script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(i18n_script)

OTHER = tuple(lang for lang in LANGUAGES if lang != DEFAULT_LANG)


@pytest.fixture(scope="module")
def template() -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in i18n_script.extracted() if m.id}


def _ids(catalog: object) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}  # type: ignore[attr-defined]


def test_template_is_current(template: set[str]) -> None:
    from babel.messages.pofile import read_po

    with i18n_script.POT.open("rb") as fh:
        pot = _ids(read_po(fh))
    assert pot == template, ("mcqa.pot is stale: run python scripts/i18n.py extract "
                             f"(new: {sorted(template - pot)}, gone: {sorted(pot - template)})")


@pytest.mark.parametrize("lang", OTHER)
def test_catalog_is_current(lang: str, template: set[str]) -> None:
    catalog = i18n_script.read_catalog(lang)
    have = _ids(catalog)
    assert template <= have, f"{lang}: run python scripts/i18n.py update ({sorted(template - have)})"
    assert not have - template, f"{lang}: obsolete strings, run update ({sorted(have - template)})"


@pytest.mark.parametrize("lang", OTHER)
def test_catalog_is_complete(lang: str) -> None:
    """Every msgid has a translation: a missing one falls back to English at run time,
    so it is reported here, never silently."""
    missing = i18n_script.untranslated(i18n_script.read_catalog(lang))
    assert not missing, (f"{lang}: {len(missing)} untranslated strings (python scripts/i18n.py "
                         f"missing lists them): {missing[:20]}")


@pytest.mark.parametrize("lang", OTHER)
def test_compiled_catalog_is_current(lang: str) -> None:
    shipped = LOCALE_DIR / lang / "LC_MESSAGES" / "mcqa.mo"
    assert shipped.exists(), f"run python scripts/i18n.py compile ({shipped})"
    fresh = gettext.GNUTranslations(io.BytesIO(i18n_script.compiled_bytes(lang)))
    with shipped.open("rb") as fh:
        old = gettext.GNUTranslations(fh)
    assert old._catalog == fresh._catalog, f"{lang}: mcqa.mo is stale: run compile"  # type: ignore[attr-defined]


_PERCENT = re.compile(r"%\((\w+)\)s")


def _fields(text: str) -> list[str]:
    """The placeholders of a message: ``{name}`` (Python) and ``%(name)s`` (templates)."""
    braces = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    return sorted(braces + _PERCENT.findall(text))


@pytest.mark.parametrize("lang", OTHER)
def test_translations_keep_placeholders(lang: str) -> None:
    for msg in i18n_script.read_catalog(lang):
        if not msg.id:
            continue
        ids = [msg.id] if isinstance(msg.id, str) else list(msg.id)
        strings = [msg.string] if isinstance(msg.string, str) else list(msg.string)
        wanted = [_fields(i) for i in ids]  # a plural's singular may drop {n}, as in English
        for text in strings:
            if text:  # an empty string is missing, reported by the completeness test
                assert _fields(text) in wanted, (lang, msg.id, text)


def test_lookup_in_each_language() -> None:
    assert _("Not applicable to this record.", "de") == "Für diesen Datensatz nicht anwendbar."
    assert _("source: {value}", "fr", value="X") == "source : X"
    assert ngettext("{n} rule", "{n} rules", 1, "pl") == "1 reguła"
    assert ngettext("{n} rule", "{n} rules", 3, "pl") == "3 reguły"
    assert ngettext("{n} rule", "{n} rules", 5, "pl") == "5 reguł"
    assert ngettext("{n} rule", "{n} rules", 2, "en") == "2 rules"
    for lang in OTHER:
        assert _("Not applicable to this record.", lang) != "Not applicable to this record."


def test_pseudo_locale_and_unknown_language() -> None:
    assert _("source: {value}", "qps", value="EU").startswith("\u27e6")
    assert gettext_for("qps").gettext("x y") != "x y"
    with pytest.raises(ConfigError, match="not available"):
        gettext_for("xx")


def test_cli_prints_pack_data_in_the_chosen_language() -> None:
    import json

    from click.testing import CliRunner

    from mcqa.cli import cli

    runner = CliRunner()
    res = runner.invoke(cli, ["rules", "show", "EU-AI-M07", "--lang", "fr", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["lang"] == "fr" and data["id"] == "EU-AI-M07"
    assert data["message"] == "La charge de travail théorique n'est indiquée ni en crédits ni en heures."
    assert data["title"] == "Charge de travail indiquée"
    assert data["citation"]["document"].startswith("Council Recommendation")  # citations stay as cited
    res = runner.invoke(cli, ["packs", "list", "--lang", "de"])
    assert res.exit_code == 0
    assert " Regeln  Empfehlung des Rates zu Microcredentials" in res.output
    assert "Rechtsraum: EU" in res.output and "(erweitert eu-2022)" in res.output
    english = runner.invoke(cli, ["packs", "list"]).output
    assert " rules  EU Council Recommendation" in english and "jurisdiction: EU" in english
    res = runner.invoke(cli, ["packs", "list", "--lang", "xx"])
    assert res.exit_code == 2
