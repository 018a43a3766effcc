"""Maintain mcqa's translations: gettext catalogs, pack translation files, the glossary.

    python scripts/i18n.py extract    # program strings -> src/mcqa/locale/mcqa.pot
    python scripts/i18n.py update     # merge the template into every language's mcqa.po
    python scripts/i18n.py compile    # mcqa.po -> mcqa.mo (shipped in the wheel)
    python scripts/i18n.py missing    # pack texts and program strings still to translate
    python scripts/i18n.py stub       # add missing pack keys as "[en] <English>" to fill in
    python scripts/i18n.py lock       # record the English texts the translations now match
    python scripts/i18n.py glossary   # docs/glossary.md from standards/i18n/terms.yaml
    python scripts/i18n.py stats      # per language: rule texts and program strings

After a merge that adds rules or strings: ``extract``, ``update``, ``missing`` (or
``stub``), translate, ``compile``. ``tests/i18n`` fails until nothing is missing.
Output is deterministic (sorted, fixed header dates), so the files diff cleanly.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
LOCALE_DIR = REPO / "src" / "mcqa" / "locale"
POT = LOCALE_DIR / "mcqa.pot"
GLOSSARY = REPO / "docs" / "glossary.md"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
"""Header dates are fixed: the catalogs change only when their messages do."""

sys.path.insert(0, str(REPO / "src"))


def _languages() -> tuple[str, ...]:
    from mcqa.i18n import DEFAULT_LANG, LANGUAGES

    return tuple(lang for lang in LANGUAGES if lang != DEFAULT_LANG)


def _new_catalog(locale: str | None = None) -> Catalog:
    return Catalog(locale=locale, domain="mcqa", project="mcqa", version="",
                   copyright_holder="mcqa contributors", msgid_bugs_address="",
                   creation_date=FIXED_DATE, revision_date=FIXED_DATE, fuzzy=False)


def extracted() -> Catalog:
    """The program's strings as the code marks them now (the template)."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    catalog = _new_catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
            str(REPO), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def _write_po(path: Path, catalog: Catalog) -> None:
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, sort_output=True, include_lineno=False,
             ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())


def read_catalog(lang: str) -> Catalog:
    """The ``mcqa.po`` of ``lang``."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "mcqa.po"
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain="mcqa")


def untranslated(catalog: Catalog) -> list[str]:
    """msgids of ``catalog`` without a complete (non-fuzzy) translation."""
    out = []
    for msg in catalog:
        if not msg.id:
            continue
        strings = msg.string if isinstance(msg.string, (list, tuple)) else [msg.string]
        if msg.fuzzy or not all(strings):
            out.append(msg.id if isinstance(msg.id, str) else msg.id[0])
    return sorted(out)


def cmd_extract(_: argparse.Namespace) -> int:
    _write_po(POT, extracted())
    print(f"wrote {POT.relative_to(REPO)} ({len(extracted())} messages)")
    return 0


def cmd_update(_: argparse.Namespace) -> int:
    template = extracted()
    for lang in _languages():
        path = LOCALE_DIR / lang / "LC_MESSAGES" / "mcqa.po"
        catalog = read_catalog(lang) if path.exists() else _new_catalog(lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.revision_date = FIXED_DATE
        catalog.creation_date = FIXED_DATE
        _write_po(path, catalog)
        print(f"updated {path.relative_to(REPO)}: {len(untranslated(catalog))} untranslated")
    return 0


def compiled_bytes(lang: str) -> bytes:
    """The ``.mo`` the ``.po`` of ``lang`` compiles to (fuzzy entries left out)."""
    buf = io.BytesIO()
    write_mo(buf, read_catalog(lang), use_fuzzy=False)
    return buf.getvalue()


def cmd_compile(_: argparse.Namespace) -> int:
    for lang in _languages():
        path = LOCALE_DIR / lang / "LC_MESSAGES" / "mcqa.mo"
        path.write_bytes(compiled_bytes(lang))
        print(f"compiled {path.relative_to(REPO)}")
    return 0


def _pack_gaps() -> list[Any]:
    from mcqa.i18n.packs import missing_translations

    return missing_translations()


def cmd_missing(_: argparse.Namespace) -> int:
    from mcqa.i18n.packs import orphan_translations, stale_translations

    gaps = _pack_gaps()
    for gap in gaps:
        print(f"missing  {gap}")
    stale = stale_translations()
    for key in stale:
        print(f"stale    {key} (English changed: check every language, then run lock)")
    for orphan in orphan_translations():
        print(f"orphan   {orphan}")
    template = {m.id for m in extracted() if m.id}
    count = len(gaps) + len(stale)
    for lang in _languages():
        catalog = read_catalog(lang)
        known = {m.id for m in catalog if m.id}
        for msgid in sorted(str(m) for m in template - known):
            print(f"missing  {lang}/mcqa.po: {msgid!r} (run update)")
            count += 1
        for msgid in untranslated(catalog):
            print(f"missing  {lang}/mcqa.po: {msgid!r}")
            count += 1
    print(f"{count} missing")
    return 1 if count else 0


def cmd_stub(_: argparse.Namespace) -> int:
    """Add every missing pack key as ``[en] <English text>`` to its translation file."""
    import yaml

    from mcqa.i18n.packs import STUB_PREFIX, english_text, pack_meta_text, translation_file

    by_file: dict[Path, list[Any]] = {}
    for gap in _pack_gaps():
        by_file.setdefault(translation_file(gap.pack, gap.lang), []).append(gap)
    for path, gaps in by_file.items():
        data: dict[str, Any] = (yaml.safe_load(path.read_text(encoding="utf-8"))
                                if path.exists() else {})
        data.setdefault("pack", gaps[0].pack)
        data.setdefault("lang", gaps[0].lang)
        rules = data.setdefault("rules", {})
        for gap in gaps:
            if not gap.rule:
                data[gap.field] = STUB_PREFIX + pack_meta_text(gap.pack, gap.field, "en")
                continue
            entry = rules.setdefault(gap.rule, {})
            text = STUB_PREFIX + english_text(gap.pack, gap.rule, gap.field)
            head, _, tail = gap.field.partition(".")
            if tail:
                entry.setdefault(head, {})[tail] = text
            else:
                entry[head] = text
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100),
                        encoding="utf-8")
        print(f"stubbed {len(gaps)} keys in {path.relative_to(REPO)}")
    return 0


def cmd_lock(_: argparse.Namespace) -> int:
    """Record the current English texts as translated (run after translating them)."""
    import yaml

    from mcqa.i18n.packs import LOCK_FILE, english_digests, i18n_dir, missing_translations

    gaps = missing_translations()
    if gaps:
        print(f"{len(gaps)} keys are still missing; translate them first (run missing)")
        return 1
    path = i18n_dir() / LOCK_FILE
    head = ("# Digests of the English pack texts the translations in this folder match.\n"
            "# Written by `python scripts/i18n.py lock` after translating; a test fails when\n"
            "# an English text changes and its translations have not been checked again.\n")
    body = yaml.safe_dump({"texts": english_digests()}, sort_keys=True, width=200)
    path.write_text(head + body, encoding="utf-8")
    print(f"wrote {path.relative_to(REPO)}")
    return 0


def glossary_markdown() -> str:
    """docs/glossary.md as generated from standards/i18n/terms.yaml."""
    from mcqa.i18n.terms import MCQA_SOURCE, glossary, sources, terms_data

    data = terms_data()
    langs = list(data["languages"])
    kinds = {"annex1-mandatory": "Annex I, mandatory element",
             "annex1-optional": "Annex I, optional element",
             "annex2-principle": "Annex II principle", "term": "key term"}
    srcs = sources()
    numbers = {sid: i for i, sid in enumerate(srcs, start=1)}
    lines = [
        "# Glossary: Annex I elements and key terms in seven languages",
        "",
        "<!-- generated by `python scripts/i18n.py glossary` from standards/i18n/terms.yaml;"
        " edit the YAML, not this file -->",
        "",
        "Every human-facing output of mcqa names the Annex I elements and policy terms as this",
        "table does. Where the wording was read in an official text (or a faithful copy of it)",
        "the cell cites that source by number; **\u2020** marks mcqa's own translation: the",
        "official text in that language could not be read in a stored copy (the Annexes of",
        "Council Recommendation 2022/C 243/02 were outside every copy available), so the",
        "wording follows the terminology the confirmed sources use and should be checked",
        "against the Official Journal before it is relied on in a legal document.",
        "For Annex I elements the short label (used as a heading) comes first, the policy",
        "wording after the dash.",
        "",
        "| term | kind | " + " | ".join(langs) + " |",
        "|---|---|" + "---|" * len(langs),
    ]
    for item in glossary().values():
        cells = []
        for lang in langs:
            entry = item.entries.get(lang)
            if entry is None:
                cells.append("")
                continue
            text = entry["text"]
            if entry.get("label") and entry["label"] != text:
                text = f"**{entry['label']}** \u2013 {text}"
            mark = " \u2020" if entry["source"] == MCQA_SOURCE else f" [{numbers[entry['source']]}]"
            note = f" ({entry['note']})" if entry.get("note") else ""
            cells.append((text + mark + note).replace("|", "\\|"))
        lines.append(f"| `{item.id}` | {kinds[item.kind]} | " + " | ".join(cells) + " |")
    lines += ["", "## Sources", ""]
    for sid, src in srcs.items():
        lines.append(f"{numbers[sid]}. [{src.lang}] {src.title}. <{src.url}> \u2014 read: "
                     f"{src.read}; confidence: {src.confidence}.")
    lines += ["", "\u2020 mcqa's own translation (see above).", ""]
    per_lang = {lang: sum(1 for t in glossary().values()
                          if t.entries.get(lang, {}).get("source") == MCQA_SOURCE)
                for lang in langs}
    lines += ["## Own translations per language", "",
              "| " + " | ".join(langs) + " |", "|" + "---|" * len(langs),
              "| " + " | ".join(str(per_lang[lang]) for lang in langs) + " |",
              "", f"of {len(glossary())} terms.", ""]
    return "\n".join(lines)


def cmd_glossary(_: argparse.Namespace) -> int:
    GLOSSARY.write_text(glossary_markdown(), encoding="utf-8")
    print(f"wrote {GLOSSARY.relative_to(REPO)}")
    return 0


def stats() -> dict[str, dict[str, int]]:
    """Per language: rule texts translated (title included), pack texts, program strings."""
    from mcqa.i18n.packs import PACK_FIELDS, _pack, missing_translations, required_fields
    from mcqa.packs import available_packs

    out: dict[str, dict[str, int]] = {}
    template = [m for m in extracted() if m.id]
    gaps = missing_translations()
    for lang in ("en", *_languages()):
        needed = sum(len(required_fields(pid, r.id, lang))
                     for pid in available_packs() for r in _pack(pid).rules)
        if lang != "en":
            needed += sum(1 for pid in available_packs() for f in PACK_FIELDS
                          if getattr(_pack(pid).meta, f))
        missing = sum(1 for g in gaps if g.lang == lang)
        strings = len(template)
        if lang == "en":
            untrans = 0
        else:
            catalog = read_catalog(lang)
            known = {m.id for m in catalog if m.id}
            untrans = len(untranslated(catalog)) + sum(1 for m in template if m.id not in known)
        out[lang] = {"pack_texts": needed - missing, "pack_texts_missing": missing,
                     "program_strings": strings - untrans, "program_strings_missing": untrans}
    return out


def cmd_stats(_: argparse.Namespace) -> int:
    print(f"{'lang':<5} {'pack texts':>10} {'missing':>8} {'strings':>8} {'missing':>8}")
    for lang, row in stats().items():
        print(f"{lang:<5} {row['pack_texts']:>10} {row['pack_texts_missing']:>8} "
              f"{row['program_strings']:>8} {row['program_strings_missing']:>8}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name, fn in (("extract", cmd_extract), ("update", cmd_update), ("compile", cmd_compile),
                     ("missing", cmd_missing), ("stub", cmd_stub), ("lock", cmd_lock),
                     ("glossary", cmd_glossary),
                     ("stats", cmd_stats)):
        sub.add_parser(name).set_defaults(fn=fn)
    args = parser.parse_args(argv)
    result: int = args.fn(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
