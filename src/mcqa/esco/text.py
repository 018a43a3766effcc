"""Tokenising for ESCO look-up and mapping: lower-case, stop-words, a light stemmer.

Learning outcomes and job texts wrap skills in boilerplate ("be able to",
"demonstrate an understanding of", "strong ... skills"), so those words are
stop-words here. The stemmer is a small suffix-stripping rule set rather than
Porter: it only has to make ``manage``/``managing``/``management`` and
``analyse``/``analysis`` meet, and it must be fast and dependency-free.
"""

from __future__ import annotations

import re
from functools import lru_cache

_STOP_TEXT = """
a an the and or of to in on for with by at from as is are be been being was were it its this
that these those you your we our they their he she his her i me my us them will would can could
should may might must shall do does did not no nor but if then than so such via into onto over
under about across per etc also other all any each every some more most
able ability abilities understand understanding demonstrate demonstrated learn learner learners
student students apply applying use using work working experience experienced strong good
excellent skills skill skilled proven including include well new within plus who what which
where when how why have has had years year minimum least preferred required requirement
requirements ensure ensuring candidate position role job ideal
looking seeking know basic advanced relevant related various range wide
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_TEXT.split())
"""Function words plus learning-outcome and job-ad boilerplate that never names a skill."""

_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("izations", ""), ("isations", ""), ("ization", ""), ("isation", ""), ("ational", ""),
    ("ations", ""), ("ation", ""), ("ators", ""), ("ator", ""), ("ates", ""), ("ated", ""),
    ("ating", ""), ("ate", ""), ("ysis", "ys"), ("yses", "ys"), ("yse", "ys"), ("yze", "ys"),
    ("ized", ""), ("ised", ""), ("izes", ""), ("ises", ""), ("ize", ""), ("ise", ""),
    ("iveness", "ive"), ("fulness", "ful"), ("ements", "e"), ("ement", "e"), ("ments", "ment"),
    ("ically", "ic"), ("ical", "ic"), ("ics", "ic"), ("ental", ""), ("ences", ""), ("ence", ""),
    ("ents", ""), ("ent", ""),
    ("ities", "ity"), ("ings", ""), ("ing", ""), ("ies", "y"), ("ied", "y"), ("ers", "er"),
    ("ed", ""), ("es", ""), ("s", ""),
)

_IRREGULAR: dict[str, str] = {
    "schema": "schem", "schemas": "schem", "schemata": "schem", "analyst": "analys",
    "analysts": "analys", "analytical": "analys", "analytic": "analys", "analytics": "analys",
}

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*")
_IT = re.compile(r"\bIT\b")
"""Upper-case "IT" is information technology, which ESCO calls ICT; lower-case "it" is a pronoun."""


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Strip one inflectional/derivational suffix so word families share a key."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 4 or word.endswith("ss"):
        return word
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix):
            if suffix in ("ent", "ents") and word.endswith(("ement", "ements")):
                break  # "implement" must meet "implementation", not become "implem"
            keep = 5 if suffix.startswith("ement") else 4 if suffix.startswith("en") else 3
            if len(word) - len(suffix) >= keep:
                word = word[: -len(suffix)] + repl
                break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lower-cased word tokens (keeps ``c++``, ``c#``), no stemming, no stop-words."""
    return _TOKEN.findall(text.lower())


def terms(text: str) -> list[str]:
    """Stemmed content terms of ``text`` in order (stop-words removed)."""
    if "IT" in text and not text.isupper():  # an all-capitals text says nothing by its case
        text = _IT.sub("ICT", text)
    return [stem(w) for w in _TOKEN.findall(text.lower()) if w not in STOP_WORDS]
