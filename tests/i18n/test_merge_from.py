"""``scripts/i18n.py merge-from``: translators' copies fill the empty strings of the
catalogs, exact msgid and msgctxt matches only, never a fuzzy entry, plural forms kept."""

from __future__ import annotations

import io

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from tests.i18n.test_catalogs import i18n_script


def _catalog(entries: list[tuple[object, object, str | None, bool]], lang: str = "pl") -> Catalog:
    cat = i18n_script._new_catalog(lang)
    for msgid, msgstr, ctx, fuzzy in entries:
        cat.add(msgid, msgstr, context=ctx, flags=("fuzzy",) if fuzzy else ())
    buf = io.BytesIO()  # through the .po format, as the files are read
    write_po(buf, cat)
    buf.seek(0)
    return read_po(buf, locale=lang)


def test_merge_fills_exact_matches_only() -> None:
    target = _catalog([
        ("Workload", "", None, False),
        ("Level", "", "recognition", False),
        (("{n} rule", "{n} rules"), ("", "", ""), None, False),
        ("Already done", "Gotowe", None, False),
        ("Near miss", "", None, False),
        ("Fuzzy one", "", None, False),
        ("Broken {n}", "", None, False),
        (("{n} file", "{n} files"), ("", "", ""), None, False),
        (("{x}, with 1 warning", "{x}, with {n} warnings"), ("", "", ""), None, False),
    ])
    source = _catalog([
        ("Workload", "Nakład pracy", None, False),
        ("Level", "Poziom", "recognition", False),
        (("{n} rule", "{n} rules"), ("{n} reguła", "{n} reguły", "{n} reguł"), None, False),
        ("Already done", "Inaczej", None, False),
        ("Near miss.", "Prawie", None, False),
        ("Fuzzy one", "Niepewne", None, True),
        ("Broken {n}", "Zepsute", None, False),
        (("{n} file", "{n} files"), ("{n} plik", "", ""), None, False),
        (("{x}, with 1 warning", "{x}, with {n} warnings"),
         ("{x}, z 1 ostrzeżeniem", "{x}, z {n} ostrzeżeniami", "{x}, z {n} ostrzeżeniami"),
         None, False),
    ])
    filled, problems = i18n_script.merge_catalog(target, source)
    assert filled == 4  # a singular without {n}, as the English one, is fine
    get = target.get
    assert get("Workload").string == "Nakład pracy"
    assert get("Level", context="recognition").string == "Poziom"
    assert get("{n} rule").string == ("{n} reguła", "{n} reguły", "{n} reguł")
    assert get("Already done").string == "Gotowe"  # a translation already there is kept
    assert get("Near miss").string == ""  # no near matches
    assert get("Fuzzy one").string == ""  # never from a fuzzy entry
    assert get("Broken {n}").string == ""
    assert get("{n} file").string == ("", "", "")
    assert len(problems) == 2 and "placeholders" in problems[0] + problems[1]


def test_context_must_match() -> None:
    target = _catalog([("Level", "", "recognition", False), ("Level", "", None, False)], "de")
    source = _catalog([("Level", "Niveau", None, False)], "de")
    assert i18n_script.merge_catalog(target, source) == (1, [])
    assert target.get("Level").string == "Niveau"
    assert target.get("Level", context="recognition").string == ""
