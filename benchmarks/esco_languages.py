"""ESCO mapping in other languages: description-to-label retrieval, R@1 / R@5 / MRR.

There is no gold set of French or German learning outcomes mapped to ESCO, so this
measures a proxy on real ESCO data (/work/shared/esco): every skill of the translated
skill collections (digital, green, transversal, ...) that has a description in the
language is a query; its description is the text, the skill itself the answer. The
index is built from the English v1.1.1 base plus the language packages, with **every
description left out** (else a description would find itself), so only labels can
match, as for a real learning outcome.

Rows:
* ``xx lexical, xx labels``: the text mapped against the labels of its own language
  (what ``mcqa esco map`` does for a text in ``xx``);
* ``en lexical`` / ``en learned``: the English descriptions of the same skills against
  the English labels, for reference;
* ``xx text, en labels``: the text forced against the English labels
  (``--text-lang en``): what mapping without languages would do.

Candidate pools differ: French and Spanish have labels for ~13,700 skills (the complete
v1.0.x lists), German, Dutch and Polish only for the ~2,200-2,400 skills of the
collections, so their recall is measured among fewer candidates.

Usage: ``python benchmarks/esco_languages.py [--per-language 300] [--langs fr,de]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "esco"
sys.path.insert(0, str(ROOT / "src"))

from mcqa.esco import EscoIndex, Mapper  # noqa: E402
from mcqa.esco.csvpkg import read_label_package  # noqa: E402
from mcqa.esco.importer import add_language_package, read_release  # noqa: E402
from mcqa.esco.store import write_index  # noqa: E402

PACKAGES: dict[str, list[str]] = {
    "fr": ["v1.1.1-fr", "v1.0.x-fr"],
    "de": ["v1.2.0-de"],
    "es": ["v1.2.0-es", "v1.0.x-es"],
    "nl": ["v1.1.1-nl"],
    "pl": ["v1.2.1-pl"],
}
"""Language packages per language; the first one's collections give the queries."""


def queries(lang: str, base_uris: set[str], per_language: int) -> list[tuple[str, str]]:
    """(skill URI, description) pairs: every k-th described skill of the collections."""
    data = read_label_package(SHARED / PACKAGES[lang][0], lang)
    found = sorted((uri, c.description) for uri, c in data.concepts.items()
                   if c.kind == "skill" and c.description and uri in base_uris)
    step = max(1, len(found) // per_language)
    return found[::step][:per_language]


def score(mapper: Mapper, pairs: list[tuple[str, str]]) -> tuple[float, float, float, float]:
    """R@1, R@5, MRR@10 and milliseconds per text."""
    started = time.perf_counter()
    results = mapper.map_many([text for _uri, text in pairs], top=10)
    ms = 1000 * (time.perf_counter() - started) / max(1, len(pairs))
    r1 = r5 = mrr = 0.0
    for (uri, _text), found in zip(pairs, results, strict=True):
        ranked = [s.uri for s in found]
        if uri in ranked:
            rank = ranked.index(uri) + 1
            r1 += rank == 1
            r5 += rank <= 5
            mrr += 1 / rank
    n = max(1, len(pairs))
    return r1 / n, r5 / n, mrr / n, ms


def main() -> None:
    """Build the description-free index, run every row, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-language", type=int, default=300)
    parser.add_argument("--langs", default=",".join(PACKAGES))
    args = parser.parse_args()
    langs = [code for code in args.langs.split(",") if code]
    started = time.perf_counter()
    data = read_release(SHARED / "v1.1.1", version="v1.1.1")
    english = {uri: c.description for uri, c in data.concepts.items() if c.kind == "skill"}
    for code in langs:
        for folder in PACKAGES[code]:
            add_language_package(data, SHARED / folder)
    for concept in data.concepts.values():
        concept.description = ""
    for trans in data.translations.values():
        for concept in trans.concepts.values():
            concept.description = ""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "esco.sqlite"
        write_index(data, db)
        print(f"index: English v1.1.1 + {', '.join(langs)}, descriptions left out, built in "
              f"{time.perf_counter() - started:.1f} s")
        index = EscoIndex.open(db)
        held = {info.code: info.counts.get("skill", 0) for info in index.languages}
        print(f"{'rows':<28} {'skills':>7} {'texts':>6} {'R@1':>6} {'R@5':>6} {'MRR':>6} "
              f"{'ms/text':>8}")

        def row(name: str, mapper: Mapper, pairs: list[tuple[str, str]], pool: int) -> None:
            r1, r5, mrr, ms = score(mapper, pairs)
            print(f"{name:<28} {pool:>7,} {len(pairs):>6} {r1:>6.3f} {r5:>6.3f} {mrr:>6.3f} "
                  f"{ms:>8.1f}")

        for code in langs:
            pairs = queries(code, set(english), args.per_language)
            row(f"{code} lexical, {code} labels", Mapper(index, text_lang=code), pairs,
                held[code])
            row(f"{code} text, en labels", Mapper(index, text_lang="en", ranker="lexical"),
                pairs, held["en"])
            en_pairs = [(uri, english[uri]) for uri, _t in pairs if english.get(uri)]
            row("  same skills, en lexical", Mapper(index, text_lang="en", ranker="lexical"),
                en_pairs, held["en"])
            learned = Mapper(index, text_lang="en")
            if learned.ranker == "learned":
                row("  same skills, en learned", learned, en_pairs, held["en"])
        index.close()


if __name__ == "__main__":
    main()
