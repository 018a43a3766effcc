"""Operators that read the multilingual vocabularies of ``standards/vocabularies``.

Content rules judge what a value *says*, and catalogues say it in their own language:
"Präsenz", "en ligne", "stacjonarnie" are forms of participation; "Teilnahme" and
"assiduité" mean attendance only; "Implement a warehouse layout" is a statement and
"Warehouse layout" a topic label. The words are data (one vocabulary per kind, every
supported language, a test that none is missing); these operators only look them up.
Terms of every supported language are accepted, because a catalogue in one language often
quotes values in another; look-ups go word by word (no regular expression over the
terms), so a 60 MB cell costs linear time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from mcqa.engine.operators import Context, Outcome, Values, _each, operator
from mcqa.model import CredentialRecord
from mcqa.vocab import (
    LANGUAGES,
    MAX_SEARCH_CHARS,
    available_vocabularies,
    normalise,
    vocabulary,
    word_index,
    words_of,
)

__all__ = ["op_action_statement", "op_in_vocabulary"]

# linear on any input (tests/test_operators_vocab.py): no run of spaces is re-scanned from
# each of its positions (a separator match starts where a whitespace run starts)
_PARENTHESES = re.compile(r"\([^()]{0,200}+\)")
_SEPARATORS = re.compile(r"(?<!\s)\s*+[/,;+&|]\s*+")
_CLAUSES = re.compile(r"[;\n.!?]|\s[\u2013\u2014-]\s")
QUOTE_CHARS = 120
"""A part of a free text quoted in a finding is shortened to about this many characters."""


@dataclass(frozen=True)
class _Lookup:
    """One vocabulary's chosen entries, ready for whole-value and word look-ups."""

    name: str
    entries: tuple[str, ...]
    table: dict[str, str]
    """Normalised term → entry key."""
    patterns: tuple[tuple[re.Pattern[str], str], ...]

    def whole(self, text: str) -> str | None:
        """Entry whose term (or pattern) is the whole text, or ``None``."""
        norm = normalise(text)
        hit = self.table.get(norm)
        if hit is not None or len(norm) > 300:
            return hit
        for pattern, key in self.patterns:
            if pattern.fullmatch(norm):
                return key
        return None


@cache
def _lookup(name: str, entries: tuple[str, ...]) -> _Lookup:
    vocab = vocabulary(name)
    chosen = entries or tuple(vocab.entries)
    table: dict[str, str] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    for key in chosen:
        entry = vocab.entries[key]
        for term in sorted(entry.all_terms):
            table.setdefault(term, key)
        patterns.extend((p, key) for p in entry.patterns)
    return _Lookup(name, chosen, table, tuple(patterns))


def _unknown_entry(args: Mapping[str, Any], *names: str) -> str | None:
    """What is wrong with the entry names of a rule (checked when its pack loads)."""
    vocab = vocabulary(args["vocabulary"])
    listed = [e for name in names for e in
              ([args[name]] if isinstance(args.get(name), str) else args.get(name) or ())]
    unknown = [e for e in listed if e not in vocab.entries]
    if unknown:
        return (f"vocabulary {vocab.id!r} has no entry {unknown[0]!r} (entries: "
                f"{', '.join(vocab.entries)})")
    return None


def _check_entries(args: Mapping[str, Any]) -> str | None:
    return _unknown_entry(args, "entries", "unless", "parts")


def _check_statement(args: Mapping[str, Any]) -> str | None:
    return _unknown_entry(args, "anywhere", "initial")


def _known_entries(args: Mapping[str, Any]) -> tuple[str, ...]:
    problem = _check_entries(args)
    if problem is not None:
        from mcqa.errors import PackError

        raise PackError(problem, hint="name entries of the vocabulary file")
    return tuple(args.get("entries") or ())


def _prepare(args: Mapping[str, Any]) -> Mapping[str, Any]:
    """Check the entries once per rule and build its test (not once per record)."""
    ready = {**args, "_entries": _known_entries(args)}
    ready["_test"] = (_search_test if args.get("search") else _whole_test)(ready)
    return ready


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_CHARS else flat[:QUOTE_CHARS - 1] + "…"


def _whole_test(args: Mapping[str, Any]) -> Callable[[Any], tuple[bool, str | None]]:
    lookup = _lookup(args["vocabulary"], args.get("_entries") or _known_entries(args))
    joiners = (word_index(args["vocabulary"], _names(args["parts"])) if "parts" in args
               else None)

    def test(value: Any) -> tuple[bool, str | None]:
        if not isinstance(value, str) or not value.strip():
            return False, None
        text = value[:MAX_SEARCH_CHARS]
        for candidate in (text, _PARENTHESES.sub("", text)):
            key = lookup.whole(candidate)
            if key is not None:
                return True, f"{_quote(value)} → {key}"
        if joiners is None:
            return False, None
        keys = _parts(text, lookup, joiners)
        if keys:
            return True, f"{_quote(value)} → {' + '.join(keys)}"
        return False, None

    return test


def _names(parts: str | list[str]) -> tuple[str, ...]:
    """The entries named by a rule's ``parts``: one, or several."""
    return (parts,) if isinstance(parts, str) else tuple(parts)


def _parts(text: str, lookup: _Lookup, joiners: Any) -> list[str] | None:
    """Keys of every part of a value listing several terms ("Präsenz und online",
    "online / onsite"), or ``None`` when a part is not a term. The ``parts`` words
    (joiners, and qualifiers such as "Vollzeit", "part-time" that say when, not how) only
    separate the terms; a value of such words alone names no term."""
    keys: list[str] = []
    for chunk in _SEPARATORS.split(_PARENTHESES.sub("", text)):
        words = words_of(chunk)
        start = i = 0
        while i <= len(words):
            skip = joiners.at(words, i) if i < len(words) else 0
            if i == len(words) or skip:
                if i > start:
                    key = lookup.whole(" ".join(words[start:i]))
                    if key is None:
                        return None
                    keys.append(key)
                i += max(skip, 1)
                start = i
                continue
            i += 1
    return list(dict.fromkeys(keys)) or None


def _search_test(args: Mapping[str, Any]) -> Callable[[Any], tuple[bool, str | None]]:
    name = args["vocabulary"]
    entries = args.get("_entries") or _known_entries(args) or tuple(vocabulary(name).entries)
    finder = word_index(name, entries)
    patterns = [p for key in entries for p in vocabulary(name).entries[key].patterns]
    negations = word_index(name, tuple(args.get("unless", ()))) if args.get("unless") else None

    def test(value: Any) -> tuple[bool, str | None]:
        if not isinstance(value, str) or not value.strip():
            return False, None
        for clause in _CLAUSES.split(value[:MAX_SEARCH_CHARS]):
            words = words_of(clause)
            if not words:
                continue
            hit = finder.find(words) is not None or any(
                p.search(normalise(clause)) for p in patterns)
            if hit and (negations is None or negations.find(words) is None):
                return True, f"“{_quote(clause.strip())}”"
        return False, None

    return test


_SCHEMA = {
    "vocabulary": {"type": "string", "enum": list(available_vocabularies())},
    "entries": {"type": "array", "minItems": 1, "items": {"type": "string"}},
    "search": {"type": "boolean"},
    "unless": {"type": "array", "minItems": 1, "items": {"type": "string"}},
    "parts": {"anyOf": [{"type": "string"},
                        {"type": "array", "minItems": 1, "items": {"type": "string"}}]},
}


@operator("in_vocabulary", _SCHEMA, required=["vocabulary"], prepare=_prepare,
          validate=_check_entries)
def op_in_vocabulary(values: Values, args: Mapping[str, Any], ctx: Context,
                     rec: CredentialRecord) -> Outcome:
    """The value is a term of a vocabulary's ``entries`` (any supported language; a
    parenthesis aside is ignored; with ``parts``, a value listing several terms joined by
    ``/ , ; + &`` or that entry's words). With ``search``, a term occurs in some part of a
    free text that holds none of the ``unless`` terms; the part is quoted as observed."""
    test = args.get("_test") or (_search_test if args.get("search") else _whole_test)(args)
    return _judged(values, args, test)


def _judged(values: Values, args: Mapping[str, Any],
            test: Callable[[Any], tuple[bool, str | None]]) -> Outcome:
    """Like ``_each``, with the observed text the test gives (the term or quoted part)."""
    if not values:
        return Outcome(False, "", None)
    any_ok = args.get("quantifier") == "any"
    first_fail: Outcome | None = None
    last_ok: Outcome | None = None
    for path, value in values:
        ok, seen = test(value)
        if ok:
            last_ok = Outcome(True, path, seen if seen is not None else value)
            if any_ok:
                return last_ok
        elif first_fail is None:
            first_fail = Outcome(False, path, value)
            if not any_ok:
                return first_fail
    if any_ok or last_ok is None:
        assert first_fail is not None
        return first_fail
    return Outcome(True, values[0][0], last_ok.observed if len(values) == 1 else values[0][1])


@cache
def _statement_indexes(name: str, anywhere: tuple[str, ...], initial: tuple[str, ...]
                       ) -> tuple[Any, Any]:
    return word_index(name, anywhere), word_index(name, initial)


SENTENCE_WORDS = 8
"""A text this long without a listed verb still counts as a statement: a sentence that long
states something, in a language or with a verb the lists lack (Estonian, Finnish; "erheben")."""


OTHER_LANGUAGE_WORDS = 5
"""A record in a language the verb lists do not cover (its ``language`` is stated and not
one of :data:`mcqa.vocab.LANGUAGES`) is judged by length: this many words make a statement."""


@cache
def _verb_endings(name: str, lang: str) -> tuple[tuple[bool, str, tuple[str, ...]], ...]:
    """(on the first word?, ending, noun endings that cancel it) for ``lang``, from the
    vocabulary's ``verb-endings`` entry ("first -ar", "last -en not -ungen -heiten")."""
    entry = vocabulary(name).entry("verb-endings")
    if entry is None:
        return ()
    rules: list[tuple[bool, str, tuple[str, ...]]] = []
    for term in sorted(entry.terms.get(lang, ())):
        parts = term.split()
        if len(parts) < 2 or parts[0] not in ("first", "last"):
            continue
        cancel = tuple(p.lstrip("-") for p in parts[3:]) if parts[2:3] == ["not"] else ()
        rules.append((parts[0] == "first", parts[1].lstrip("-"), cancel))
    return tuple(rules)


def _has_verb_ending(words: list[str], rules: tuple[tuple[bool, str, tuple[str, ...]], ...]
                     ) -> bool:
    for first, ending, cancel in rules:
        word = words[0] if first else words[-1]
        if len(word) > len(ending) + 1 and word.endswith(ending) \
                and not any(word.endswith(c) for c in cancel):
            return True
    return False


@cache
def _country_langs(countries: tuple[str, ...]) -> tuple[str, ...]:
    """Languages of the issuer's countries, at most two countries' worth (a list of many
    countries says nothing about the text's language)."""
    from mcqa.iso_names import country_languages

    if len(countries) > 2:
        return ()
    return tuple(dict.fromkeys(lang for c in countries for lang in country_languages(c)))


def _statement_test(args: Mapping[str, Any], language: str | None = None,
                    countries: tuple[str, ...] = ()) -> Callable[[Any], bool]:
    name = args["vocabulary"]
    anywhere, initial = _statement_indexes(
        name, tuple(args.get("anywhere") or ("verbs", "capability")),
        tuple(args.get("initial") or ("verbs-initial",)))
    sentence = int(args.get("sentence_words", SENTENCE_WORDS))
    lang = language.split("-")[0].casefold() if language else None
    if lang is not None and lang not in LANGUAGES:
        sentence = min(sentence, OTHER_LANGUAGE_WORDS) if sentence else OTHER_LANGUAGE_WORDS
    endings = _verb_endings(name, lang) if lang in LANGUAGES else ()
    if lang is None and countries:
        # no language stated: the verb forms of the issuer's country's languages
        endings = tuple(rule for code in _country_langs(countries) if code in LANGUAGES
                        for rule in _verb_endings(name, code))
    subjects = (word_index(name, ("subjects",)) if vocabulary(name).entry("subjects")
                else None)

    def test(value: Any) -> bool:
        if not isinstance(value, str):
            return False
        words = words_of(value)
        if not words:
            return False
        # "De student stelt ... op", "Lo studente conosce ...": the verb follows the subject
        start = subjects.at(words, 0) if subjects is not None else 0
        if start >= len(words):
            start = 0
        if anywhere.find(words) is not None or initial.at(words, 0) > 0 \
                or (start and initial.at(words, start) > 0):
            return True
        if endings and (_has_verb_ending(words, endings)
                        or (start and _has_verb_ending(words[start:], endings))):
            return True
        return sentence > 0 and len(words) >= sentence

    return test


@operator("action_statement", {
    "vocabulary": {"type": "string", "enum": list(available_vocabularies())},
    "anywhere": {"type": "array", "minItems": 1, "items": {"type": "string"}},
    "initial": {"type": "array", "minItems": 1, "items": {"type": "string"}},
    "sentence_words": {"type": "integer", "minimum": 0},
}, required=["vocabulary"], validate=_check_statement)
def op_action_statement(values: Values, args: Mapping[str, Any], ctx: Context,
                        rec: CredentialRecord) -> Outcome:
    """The text states an action the learner performs: a verb or capability phrase of the
    vocabulary's ``anywhere`` entries (default ``verbs``, ``capability``) in any form a
    catalogue writes it, or an ``initial`` entry's word (verbs that are also nouns, such
    as "design" or "plan") as its first word, or as the first word after a subject of the
    vocabulary's ``subjects`` ("De student stelt ... op"). Decided by form, not length: "Implement a
    warehouse layout" passes, "Warehouse layout" fails. Only a text without such a verb
    that runs to ``sentence_words`` words (default 8; 0 = never) is taken as a statement
    too, so a language or verb the lists lack never makes a long outcome a "topic label";
    a record stated in a language the lists do not cover (Finnish, Estonian) is judged by
    length alone (five words), as before the lists existed; a record stating no language
    is read with the verb forms of its issuer's country's languages
    (``standards/country-languages.yaml``)."""
    return _each(values, args, _statement_test(args, rec.language,
                                               tuple(rec.issuer_country or ())))
