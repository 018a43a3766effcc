"""Multilingual vocabularies: knowledge that differs per language, kept as data.

Each file in ``standards/vocabularies/`` is one vocabulary (placeholders and
non-answers, free-text cues, forms of participation, ...), validated against
``standards/schemas/vocabulary.schema.json`` when first used. A vocabulary has
entries; each entry has terms per language (matched whole, after
:func:`normalise`) and optional language-neutral patterns (matched whole, on
normalised text of bounded length). Adding a language or a term is a data
change, never a code change; ``tests/test_vocabularies.py`` fails when a
vocabulary lacks one of :data:`LANGUAGES`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from mcqa._yaml import load_safe
from mcqa.errors import PackError
from mcqa.resources import standards_dir

__all__ = ["LANGUAGES", "Entry", "Vocabulary", "WordIndex", "available_vocabularies",
           "normalise", "vocabulary", "word_index", "words_of"]

LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it", "nl", "pl")
"""Languages every vocabulary (and every translated output) must cover."""

MAX_MATCH_CHARS = 300
"""Patterns are only tried on texts up to this length (normalised): non-answers and
vocabulary values are short, and the bound keeps every pattern's cost linear-small."""

_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = " \t.,;:!?·•-\u2013\u2014*\"'\u201c\u201d\u201e«»()[]"


def normalise(text: str) -> str:
    """Casefolded, NFC, single-spaced, without surrounding punctuation: how vocabulary
    terms and input values are compared ("  TBD. " and "tbd" are the same term)."""
    folded = unicodedata.normalize("NFC", text).casefold()
    return _SPACE.sub(" ", folded).strip(_EDGE_PUNCT)


MAX_SEARCH_CHARS = 20_000
"""``search`` vocabularies look at most at this many characters of a text (a description
states its workload or assessment early; a 60 MB field is not searched whole)."""


@dataclass(frozen=True)
class Entry:
    """One entry: a key (e.g. an element or a canonical value) and how it is written."""

    key: str
    terms: Mapping[str, frozenset[str]]
    """Normalised terms per language."""
    patterns: tuple[re.Pattern[str], ...]
    all_terms: frozenset[str]
    finder: re.Pattern[str] | None = None
    """For ``search`` vocabularies: every term as whole words, one alternation."""

    def search(self, text: str) -> str | None:
        """The first term (as whole words) or pattern found anywhere in ``text``, as
        written there; ``None`` when none occurs."""
        norm = normalise(text[:MAX_SEARCH_CHARS])
        if self.finder is not None:
            hit = self.finder.search(norm)
            if hit:
                return hit.group(0)
        for pattern in self.patterns:
            found = pattern.search(norm)
            if found:
                return found.group(0)
        return None

    def matches(self, text: str, lang: str | None = None) -> bool:
        """The whole (normalised) text is one of the terms, or matches a pattern."""
        return self.matches_normalised(normalise(text), lang)

    def matches_normalised(self, norm: str, lang: str | None = None) -> bool:
        """:meth:`matches` for text already passed through :func:`normalise` (a vocabulary
        looking at several entries normalises once)."""
        terms = self.terms[lang] if lang is not None and lang in self.terms else self.all_terms
        if norm in terms:
            return True
        if len(norm) > MAX_MATCH_CHARS:
            return False
        return any(p.fullmatch(norm) for p in self.patterns)


@dataclass(frozen=True)
class Vocabulary:
    """A loaded vocabulary: entries by key, in file order."""

    id: str
    title: str
    entries: Mapping[str, Entry]
    mode: str = "whole"

    def search(self, text: str, keys: Iterable[str] | None = None) -> dict[str, str]:
        """For ``search`` vocabularies: entry key -> the cue found in ``text``."""
        found: dict[str, str] = {}
        for key in keys if keys is not None else self.entries:
            entry = self.entries.get(key)
            if entry is not None:
                cue = entry.search(text)
                if cue is not None:
                    found[key] = cue
        return found

    def entry(self, key: str) -> Entry | None:
        """The entry for ``key``, if the vocabulary has one."""
        return self.entries.get(key)

    def match(self, text: str, keys: Iterable[str] | None = None,
              lang: str | None = None) -> str | None:
        """Key of the first entry (of ``keys``, default all) whose terms or patterns the
        whole text matches; ``lang`` restricts terms to one language (patterns always
        apply)."""
        norm = normalise(text)
        for key in keys if keys is not None else self.entries:
            entry = self.entries.get(key)
            if entry is not None and entry.matches_normalised(norm, lang):
                return key
        return None

    def terms(self, key: str, lang: str | None = None) -> frozenset[str]:
        """Normalised terms of an entry, in one language or all."""
        entry = self.entries.get(key)
        if entry is None:
            return frozenset()
        return entry.terms.get(lang, frozenset()) if lang else entry.all_terms


@cache
def _schema() -> dict[str, Any]:
    with (standards_dir() / "schemas" / "vocabulary.schema.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def available_vocabularies() -> tuple[str, ...]:
    """Ids of the bundled vocabularies (file stems), sorted."""
    return tuple(sorted(p.stem for p in (standards_dir() / "vocabularies").glob("*.yaml")))


@cache
def vocabulary(name: str) -> Vocabulary:
    """The bundled vocabulary ``name``, validated and compiled once per process."""
    import jsonschema

    path = standards_dir() / "vocabularies" / f"{name}.yaml"
    try:
        data = load_safe(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PackError(f"vocabulary {name!r} not found: {exc.strerror}", file=str(path),
                        hint="reinstall mcqa; the wheel must contain mcqa/standards") from None
    errors = sorted(jsonschema.Draft202012Validator(_schema()).iter_errors(data),
                    key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        pointer = "/" + "/".join(str(p) for p in err.absolute_path)
        raise PackError(f"invalid vocabulary: {err.message}", file=str(path), location=pointer,
                        hint="see standards/schemas/vocabulary.schema.json")
    entries: dict[str, Entry] = {}
    for key, raw in data["entries"].items():
        terms = {lang: frozenset(normalise(t) for t in raw.get("terms", {}).get(lang, ()))
                 for lang in raw.get("terms", {})}
        patterns = tuple(re.compile(p) for p in raw.get("patterns", ()))
        all_terms: frozenset[str] = frozenset().union(*terms.values()) if terms else frozenset()
        finder = None
        if data.get("match") == "search" and all_terms:
            # longest first, so "blended learning" wins over "learning"; \b-free edges so
            # terms may start or end with punctuation
            alts = "|".join(re.escape(t) for t in sorted(all_terms, key=lambda t: (-len(t), t)))
            finder = re.compile(rf"(?<!\w)(?:{alts})(?!\w)")
        entries[key] = Entry(key=key, terms=terms, patterns=patterns, all_terms=all_terms,
                             finder=finder)
    return Vocabulary(id=data["id"], title=data["title"], entries=entries,
                      mode=data.get("match", "whole"))


_WORD = re.compile(r"[^\W_]++")


def words_of(text: str) -> list[str]:
    """The words of ``text`` (letters and digits; casefolded, NFC), at most the first
    :data:`MAX_SEARCH_CHARS` characters: how word-indexed terms are compared."""
    return _WORD.findall(unicodedata.normalize("NFC", text[:MAX_SEARCH_CHARS]).casefold())


@dataclass(frozen=True)
class WordIndex:
    """Terms of some entries as word sequences, found in a text by looking up each word
    position (linear in the text, whatever the number of terms; no regular expression)."""

    phrases: frozenset[tuple[str, ...]]
    longest: int

    def at(self, words: list[str], i: int) -> int:
        """Length in words of the longest term starting at word ``i`` (0: none)."""
        for n in range(min(self.longest, len(words) - i), 0, -1):
            if tuple(words[i:i + n]) in self.phrases:
                return n
        return 0

    def find(self, words: list[str]) -> tuple[int, int] | None:
        """(position, length) of the first term in ``words``, or ``None``."""
        for i in range(len(words)):
            n = self.at(words, i)
            if n:
                return i, n
        return None


@cache
def word_index(name: str, keys: tuple[str, ...]) -> WordIndex:
    """The terms of entries ``keys`` of vocabulary ``name`` (every language), as words."""
    vocab = vocabulary(name)
    phrases = {tuple(words_of(term)) for key in keys for term in vocab.terms(key)}
    phrases.discard(())
    return WordIndex(frozenset(phrases), max((len(p) for p in phrases), default=1))
