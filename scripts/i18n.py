"""Maintain mcqa's translations: gettext catalogs, pack translation files, the glossary.

    python scripts/i18n.py extract    # program strings -> src/mcqa/locale/mcqa.pot
    python scripts/i18n.py update     # merge the template into every language's mcqa.po
    python scripts/i18n.py compile    # mcqa.po -> mcqa.mo (shipped in the wheel)
    python scripts/i18n.py missing    # pack texts and program strings still to translate
    python scripts/i18n.py stub       # add missing pack keys as "[en] <English>" to fill in
    python scripts/i18n.py lock       # record the English texts the translations now match
    python scripts/i18n.py glossary   # docs/glossary.md from standards/i18n/terms.yaml
    python scripts/i18n.py stats      # per language: rule texts and program strings
    python scripts/i18n.py fill F.yaml   # catalogs from a translator file (msgid: {lang: text})
    python scripts/i18n.py merge-from DIR  # empty msgstr from DIR/<lang>.po, then update, compile

After a merge that adds rules or strings: ``extract``, ``update``, ``missing`` (or
``stub``), translate, ``compile``. ``tests/i18n`` fails until nothing is missing.
Output is deterministic (sorted, fixed header dates), so the files diff cleanly.
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
LOCALE_DIR = REPO / "src" / "mcqa" / "locale"
POT = LOCALE_DIR / "mcqa.pot"
GLOSSARY = REPO / "docs" / "glossary.md"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "NN_": (1, 2), "NC_": ((1, "c"), 2)}
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


ERRORS = ("McqaError", "InputError", "UnsupportedFormatError", "InputLimitError", "PackError",
          "ConfigError", "DataStoreError", "RenderError", "JobError")
CARRIERS: dict[str, tuple[int | str, ...]] = {
    **dict.fromkeys(ERRORS, (0, "hint")),      # message and hint of every McqaError
    "error": (0, "hint"),                          # an McqaError class passed in (fsguard, _yaml)
    "Outcome": (2, "evidence"),                    # an operator's reason and evidence request
    "issue": (2,),                                 # RecordBuilder.issue(path, locator, message)
    "_issue": (4,),                                # non-answers: the input issue's message
    "InputIssue": ("message",),
    "InputProblem": ("message",),
    "Skipped": ("reason",),
}
"""Calls whose arguments are English texts a reader sees later (positions or keywords):
the constructor is the mark, so an error message needs no wrapper. Literals and f-strings
are extracted as templates (an f-string's expressions become named placeholders) with
the comment ``composed``: renderers match the finished text back to them
(:func:`mcqa.i18n.localize_text`)."""
RENDERING = ("src/mcqa/render/", "src/mcqa/cli/", "src/mcqa/web/", "src/mcqa/i18n/")
"""Where ``N_`` marks labels a renderer translates itself; elsewhere (engine, dossier
builder, loaders) an ``N_`` text is composed and matched like a carrier's."""
COMPOSED = "composed"
PYTHON_FORMAT_IN = ("src/mcqa/web/templates/", "src/mcqa/render/templates/")


def _name(node: ast.AST) -> str:
    """A placeholder name for an f-string expression: ``exc.strerror`` -> ``strerror``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return "kind" if node.attr == "__name__" else node.attr
    if isinstance(node, ast.Subscript):
        return _name(node.value)
    if isinstance(node, ast.Call):
        if node.args:
            return _name(node.args[0])
        return _name(node.func)
    for child in ast.iter_child_nodes(node):
        name = _name(child)
        if name != "value":
            return name
    return "value"


def _templates(node: ast.AST) -> list[str]:
    """The English templates a text argument can produce (both branches of ``a if c
    else b``); [] when it is not built from literals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value.replace("{", "{{").replace("}", "}}")]
    if isinstance(node, ast.JoinedStr):
        out: list[str] = []
        names: dict[str, int] = {}
        for part in node.values:
            if isinstance(part, ast.Constant):
                out.append(str(part.value).replace("{", "{{").replace("}", "}}"))
            elif isinstance(part, ast.FormattedValue):
                base = _name(part.value)
                names[base] = names.get(base, 0) + 1
                out.append("{" + (base if names[base] == 1 else f"{base}{names[base]}") + "}")
        return ["".join(out)]
    if isinstance(node, ast.IfExp):
        return _templates(node.body) + _templates(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [t for value in node.values for t in _templates(value)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _templates(node.left), _templates(node.right)
        return [a + b for a in left for b in right] if left and right else []
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format" and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)):
        return [node.func.value.value]
    return []


_WORDS = re.compile(r"[A-Za-z]{2,}")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _worth(template: str) -> bool:
    """A template with words of its own (not a lone placeholder, path or code): two words,
    or one word of three letters or more beside a placeholder ("expected {formats}")."""
    literal = _PLACEHOLDER.sub("", template)
    words = _WORDS.findall(literal)
    return len(words) >= 2 or (len(words) == 1 and len(words[0]) >= 3
                               and bool(_PLACEHOLDER.search(template)))


def _callee(node: ast.Call) -> str:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return ""


Found = tuple[int, "str | tuple[str, str]", bool, "str | None"]
"""(line, message or (singular, plural), composed, context)."""


def extract_python(path: Path) -> Iterator[Found]:
    """Every marked string of a Python module: the arguments of ``_``, ``N_``,
    ``pgettext`` and ``ngettext``, and of the CARRIERS."""
    rel = path.relative_to(REPO).as_posix()
    rendering = rel.startswith(RENDERING)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
    # NN_ pairs are composed (matched back by localize_text) below the renderers, and
    # wherever a module composes a count sentence in English with english_form().
    counts_composed = not rendering or any(
        isinstance(n, ast.Call) and _callee(n) == "english_form" for n in ast.walk(tree))
    constants: dict[str, ast.AST] = {}  # module-level NAME = "text": a carrier may name it
    for stmt in tree.body:
        if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)):
            constants[stmt.targets[0].id] = stmt.value
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _callee(node)
        if name in ("_", "N_") and isinstance(node.func, ast.Name) and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield node.lineno, arg.value, name == "N_" and not rendering, None
        elif name in ("pgettext", "NC_") and len(node.args) >= 2:
            ctx, arg = node.args[0], node.args[1]
            if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in (ctx, arg)):
                yield node.lineno, str(arg.value), False, str(ctx.value)  # type: ignore[attr-defined]
        elif name in ("ngettext", "NN_") and len(node.args) >= 2:
            one, many = node.args[0], node.args[1]
            if all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                   for a in (one, many)):
                yield (node.lineno, (str(one.value), str(many.value)),  # type: ignore[attr-defined]
                       name == "NN_" and counts_composed, None)
        elif name in CARRIERS:
            for where in CARRIERS[name]:
                if isinstance(where, int):
                    args = [node.args[where]] if len(node.args) > where else []
                else:
                    args = [k.value for k in node.keywords if k.arg == where]
                for arg in args:
                    if isinstance(arg, ast.Name) and arg.id in constants:
                        arg = constants[arg.id]
                    for text in _templates(arg):
                        if _worth(text):
                            yield node.lineno, text, True, None


def _jinja_files() -> list[Path]:
    return sorted(p for folder in PYTHON_FORMAT_IN for p in (REPO / folder).glob("*.j2"))


def extract_jinja(path: Path) -> Iterator[Found]:
    """``_()``, ``ngettext()``, ``pgettext()`` and ``{% trans %}`` in a template, read with
    the options the environments use."""
    from jinja2.ext import babel_extract

    options = {"trim_blocks": "true", "lstrip_blocks": "true", "silent": "false"}
    with path.open("rb") as fh:
        for lineno, func, message, _comments in babel_extract(
                fh, ("_", "gettext", "ngettext", "pgettext"), [], options):
            if func == "pgettext" and isinstance(message, tuple) and len(message) >= 2:
                yield lineno, str(message[1]), False, str(message[0])  # (ctx, msg[, kwargs])
            elif isinstance(message, tuple):
                texts = tuple(m for m in message if isinstance(m, str) and m)
                if len(texts) == 2:
                    yield lineno, (texts[0], texts[1]), False, None
                elif texts:
                    yield lineno, texts[0], False, None
            elif message:
                yield lineno, message, False, None


def extracted() -> Catalog:
    """The program's strings as the code marks them now (the template)."""
    catalog = _new_catalog()
    sources = [(p, extract_python) for p in sorted((REPO / "src" / "mcqa").rglob("*.py"))]
    sources += [(p, extract_jinja) for p in _jinja_files()]
    from mcqa.i18n import recognition

    rules = recognition.rules_file()
    for text in recognition.texts():  # data in standards/, translated in the catalogs
        flags = ("python-brace-format",) if _PLACEHOLDER.search(text) else ()
        where = (rules.relative_to(REPO).as_posix(), 0) if rules.is_relative_to(REPO) else (
            rules.name, 0)
        if catalog.get(text, context=recognition.CONTEXT) is None:
            catalog.add(text, None, [where], flags=flags, context=recognition.CONTEXT,
                        auto_comments=["recognition advice (standards/recognition)"])
    for path, extract in sources:
        rel = path.relative_to(REPO).as_posix()
        for lineno, message, composed, context in extract(path):
            flags: tuple[str, ...] = ()
            text = message if isinstance(message, str) else message[0]
            if "%" in text and rel.endswith(".j2"):
                flags = ("python-format",)
            elif _PLACEHOLDER.search(text):
                flags = ("python-brace-format",)
            existing = catalog.get(text, context=context)
            comments = [COMPOSED] if composed else []
            if existing is not None:
                existing.locations.append((rel, lineno))
                if composed and COMPOSED not in existing.auto_comments:
                    existing.auto_comments.append(COMPOSED)
                continue
            catalog.add(message, None, [(rel, lineno)], auto_comments=comments, flags=flags,
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


def cmd_fill(args: argparse.Namespace) -> int:
    """Fill catalogs from translator files: YAML mappings ``msgid: {de: ..., fr: ...}``
    (a plural msgid is its singular; its value per language is the list of forms; a
    message in a context is keyed ``context\x04msgid``).
    Only strings the template has are filled; the rest are listed as unknown."""
    import yaml

    batch: dict[str, dict[str, Any]] = {}
    for name in args.files:
        data = yaml.safe_load(Path(name).read_text(encoding="utf-8")) or {}
        batch.update({str(k): v for k, v in data.items()})
    known: set[str] = set()
    for lang in _languages():
        path = LOCALE_DIR / lang / "LC_MESSAGES" / "mcqa.po"
        catalog = read_catalog(lang)
        filled = 0
        for msg in catalog:
            key = msg.id if isinstance(msg.id, str) else (msg.id[0] if msg.id else "")
            if msg.context:  # a message in a context is keyed "context\x04msgid", as in .mo
                key = f"{msg.context}\x04{key}"
            if not key or key not in batch or lang not in batch[key]:
                continue
            known.add(key)
            value = batch[key][lang]
            if isinstance(msg.id, tuple):
                forms = value if isinstance(value, list) else [value]
                msg.string = tuple(str(f) for f in forms)
            else:
                msg.string = str(value)
            msg.flags.discard("fuzzy")
            filled += 1
        _write_po(path, catalog)
        print(f"{lang}: filled {filled}")
    for key in sorted(set(batch) - known):
        print(f"unknown msgid (not in the catalogs; run extract and update): {key!r}")
    return 0


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text) + re.findall(r"%\(\w+\)s", text))


def merge_catalog(target: Catalog, source: Catalog) -> tuple[int, list[str]]:
    """Fill the empty translations of ``target`` from ``source``: the same msgid (both
    forms for a plural) in the same msgctxt, never a fuzzy entry and never a near match;
    a translation already in ``target`` is kept. Returns (filled, problems): a candidate
    whose placeholders differ from the English, or whose plural forms are incomplete, is
    left out and named."""
    filled, problems = 0, []
    for msg in target:
        if not msg.id:
            continue
        strings = msg.string if isinstance(msg.string, (list, tuple)) else [msg.string]
        if all(strings) and not msg.fuzzy:
            continue
        cand = source.get(msg.id, context=msg.context)
        if cand is None or cand.fuzzy or cand.id != msg.id:
            continue
        forms = list(cand.string) if isinstance(cand.string, (list, tuple)) else [cand.string]
        if not any(forms):
            continue
        label = f"{msg.context + ' | ' if msg.context else ''}{msg.id!r}"
        if not all(forms) or (isinstance(msg.id, tuple) and len(forms) != target.num_plurals):
            problems.append(f"{label}: {len(forms)} plural forms, "
                            f"{target.num_plurals} expected (some empty)")
            continue
        english = list(msg.id) if isinstance(msg.id, tuple) else [msg.id]
        allowed = [_placeholders(e) for e in english]  # a singular may drop {n}, as English
        wrong = [f for f in forms if _placeholders(f) not in allowed]
        if wrong:
            problems.append(f"{label}: placeholders differ from the English in {wrong[0]!r}")
            continue
        msg.string = tuple(forms) if isinstance(msg.id, tuple) else forms[0]
        msg.flags.discard("fuzzy")
        filled += 1
    return filled, problems


def cmd_merge_from(args: argparse.Namespace) -> int:
    """Fill every language's empty msgstr from ``DIR/<lang>.po`` (translators' copies),
    exact matches only; then update and compile. A language without a file is left as
    it is."""
    src_dir = Path(args.dir)
    cmd_update(args)
    problems_total = 0
    for lang in _languages():
        path = src_dir / f"{lang}.po"
        if not path.is_file():
            print(f"{lang}: no {path}, left as it is")
            continue
        with path.open("rb") as fh:
            source = read_po(fh, locale=lang, domain="mcqa")
        catalog = read_catalog(lang)
        filled, problems = merge_catalog(catalog, source)
        _write_po(LOCALE_DIR / lang / "LC_MESSAGES" / "mcqa.po", catalog)
        print(f"{lang}: filled {filled} from {path}, {len(untranslated(catalog))} still missing")
        for problem in problems:
            print(f"  left out {problem}")
        problems_total += len(problems)
    cmd_update(args)
    cmd_compile(args)
    return 1 if problems_total else 0


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
    fill = sub.add_parser("fill", help="fill the catalogs from translator YAML files")
    fill.add_argument("files", nargs="+")
    fill.set_defaults(fn=cmd_fill)
    merge = sub.add_parser("merge-from", help="fill empty msgstr from DIR/<lang>.po, exact "
                           "msgid and msgctxt matches only; then update and compile")
    merge.add_argument("dir")
    merge.set_defaults(fn=cmd_merge_from)
    args = parser.parse_args(argv)
    result: int = args.fn(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
