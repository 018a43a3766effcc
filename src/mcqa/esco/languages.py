"""Languages of ESCO labels and texts: analysers (tokens, stop-words, stems) and detection.

ESCO publishes its labels in 28 languages. Mapping a French learning outcome means
matching it against the French labels with French word forms, so each language has an
analyser built from ``standards/esco/languages.yaml`` (a Snowball stemmer and a stop-word
list: data, not code). English keeps mcqa's own light stemmer, which the learned ranker
was trained with.

Detection says which language a text is in so that it is mapped against the labels of
that language: ``py3langid`` (the ``esco-lang`` extra) when installed, restricted to the
languages mcqa can analyse, else a stop-word vote. Both are deterministic.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from mcqa.errors import PackError

Analyzer = Callable[[str], list[str]]

_WORD = re.compile(r"[^\W_]+(?:[+#]+)?")
"""A run of letters or digits (any script), keeping ``c++`` and ``c#``."""


@dataclass(frozen=True)
class LanguageSpec:
    """How mcqa reads one language (from ``standards/esco/languages.yaml``)."""

    code: str
    name: str
    stemmer: str
    stop_words: frozenset[str]


@cache
def language_specs() -> dict[str, LanguageSpec]:
    """Every language mcqa can analyse, by ISO 639-1 code."""
    from mcqa._yaml import load_safe
    from mcqa.resources import standards_dir

    path = standards_dir() / "esco" / "languages.yaml"
    raw: Any = load_safe(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise PackError("expected a mapping of language codes", file=str(path))
    specs: dict[str, LanguageSpec] = {}
    for code, entry in raw.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("stemmer"), str):
            raise PackError(f"language {code!r}: needs a 'stemmer'", file=str(path))
        specs[str(code)] = LanguageSpec(
            code=str(code), name=str(entry.get("name", code)), stemmer=entry["stemmer"],
            stop_words=frozenset(str(entry.get("stop_words") or "").lower().split()))
    return specs


def supported_languages() -> tuple[str, ...]:
    """Codes of the languages texts can be mapped in (sorted)."""
    return tuple(sorted(language_specs()))


def language_name(code: str) -> str:
    """English name of ``code`` (``fr`` → ``French``), the code itself when unknown."""
    spec = language_specs().get(code)
    return spec.name if spec else code


def _fold(word: str) -> str:
    """Drop accents so ``competence`` meets ``compétence`` (texts often lose them)."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word)
                   if not unicodedata.combining(c))


@cache
def analyzer(code: str) -> Analyzer:
    """The term function of language ``code``: lower-cased, stop-words out, stemmed, folded.

    Raises :class:`KeyError` for a language without an entry in ``languages.yaml``.
    """
    spec = language_specs()[code]
    if spec.stemmer == "mcqa-english":
        from mcqa.esco.text import terms

        return terms
    import snowballstemmer

    stemmer = snowballstemmer.stemmer(spec.stemmer)
    stop = spec.stop_words

    @lru_cache(maxsize=200_000)
    def stem(word: str) -> str:
        return _fold(stemmer.stemWord(word))

    def analyze(text: str) -> list[str]:
        return [stem(w) for w in _WORD.findall(text.lower()) if w not in stop]

    return analyze


# --- detection ---------------------------------------------------------------------------

MIN_CONFIDENCE = 0.9
"""Below this probability a detected language is not trusted (short texts, names)."""


@dataclass(frozen=True)
class Detection:
    """The language a text was found to be in, how sure, and by what."""

    language: str | None
    """ISO 639-1 code, ``None`` when no language could be told."""
    confidence: float
    method: str
    """``py3langid`` or ``stop-words``."""


def _stop_word_vote(text: str, candidates: Iterable[str]) -> Detection:
    """The language whose stop-words the text uses most (at least two, a clear winner)."""
    from mcqa.esco.text import STOP_WORDS

    tokens = _WORD.findall(text.lower())
    scores: list[tuple[int, str]] = []
    for code in candidates:
        spec = language_specs().get(code)
        if spec is None:
            continue
        stop = STOP_WORDS if spec.stemmer == "mcqa-english" else spec.stop_words
        scores.append((sum(1 for t in tokens if t in stop), code))
    scores.sort(key=lambda s: (-s[0], s[1]))
    if not scores or scores[0][0] < 2 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return Detection(None, 0.0, "stop-words")
    total = sum(s for s, _c in scores)
    return Detection(scores[0][1], round(scores[0][0] / total, 3), "stop-words")


@cache
def _langid(candidates: tuple[str, ...]) -> Any:
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        return None
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(candidates))
    return identifier


def detect_language(text: str, candidates: Iterable[str] | None = None) -> Detection:
    """Which of ``candidates`` (default: every supported language) ``text`` is written in.

    ``language`` is ``None`` when the detector is not sure (below :data:`MIN_CONFIDENCE`,
    or fewer than three words): callers then fall back to the index's own language.
    """
    pool = tuple(sorted(set(candidates or supported_languages()) & set(supported_languages())))
    if len(pool) < 2:
        return Detection(pool[0] if pool else None, 1.0 if pool else 0.0, "only language")
    if len(_WORD.findall(text)) < 3:
        return Detection(None, 0.0, "too short")
    identifier = _langid(pool)
    if identifier is None:
        return _stop_word_vote(text, pool)
    code, prob = identifier.classify(text)
    prob = float(prob)
    return Detection(str(code) if prob >= MIN_CONFIDENCE else None, round(prob, 3), "py3langid")
