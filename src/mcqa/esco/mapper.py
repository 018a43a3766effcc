"""Map free text (a learning outcome, a course description) to ranked ESCO skills.

All lexical; the tables they read are precomputed at import time into the SQLite file:

1. **Recall**: a field-weighted BM25 (BM25F-style: preferred label > alternative
   labels > hidden labels > description) over stemmed terms, read from
   impact-ordered postings (the top ``POSTING_DEPTH`` skills per term). Only the
   query's terms are read, each one row, so cold starts are cheap.
2. **Precision**: the best ``CANDIDATES`` are re-scored by *label coverage*: the
   IDF-weighted share of one label's terms (preferred or alternative) that the
   text contains. "solve problems" beats "solve problems in healthcare" for
   "problem solving skills" because all of its terms are there. Two priors break
   ties: how many occupations need the skill (ESCO occupation-skill relations)
   and its reuse level (transversal and cross-sector skills are stated far more
   often than occupation-specific ones).
3. **Occupation evidence**: words of occupation labels ("pipelayer", "teacher")
   vote for the skills ESCO lists for those occupations (essential 1, optional
   0.5, divided by how many occupations use the word). This finds skills a
   text implies without naming them; its best ``ASSOC_CANDIDATES`` skills join
   the candidates and ``W_ASSOC`` x the vote is added to the score, divided by
   (query terms / ``VOTE_NORM``) for long texts, whose votes pile up.
4. **Diversity**: texts often name several skills, and near-duplicates of the
   best match ("work in teams", "work in textile manufacturing teams") would fill
   the top five. The best ``DIVERSITY_DEPTH`` are re-ranked greedily: a skill
   loses ``DIVERSITY`` x the IDF share of its matched words that a skill ranked
   above it already matched (words no one above matched cost nothing).

``score`` is the sum, after the diversity penalty; ``decision`` is ``accept`` at
or above a threshold that ``benchmarks/esco_benchmark.py`` calibrates on the
tuning half of the dev gold set (the cut on the top-10 scores with the best
micro-F1), else ``review``.
"""

from __future__ import annotations

import heapq
import json
import math
import sqlite3
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from itertools import chain
from operator import itemgetter, neg
from typing import TYPE_CHECKING, Any

from mcqa.errors import ConfigError, DataStoreError
from mcqa.esco.text import terms as _terms

if TYPE_CHECKING:
    from mcqa.esco.dataset import Dataset
    from mcqa.esco.store import EscoIndex

FIELD_WEIGHTS: dict[str, float] = {"pref": 3.0, "alt": 1.5, "hidden": 0.5, "description": 0.4}
K1 = 1.2
POSTING_DEPTH = 150
CANDIDATES = 100
W_RECALL = 0.3
W_COVERAGE = 15.0
PREF_BONUS = 1.2
W_POPULARITY = 0.5
W_REUSE = 2.0
W_ASSOC = 5.0
VOTE_NORM = 8.0
VOTE_POWER = 1.0
ASSOC_CANDIDATES = 20
ASSOC_DEPTH = 100
REUSE_PRIOR: dict[str, float] = {
    "transversal": 1.0, "cross-sector": 0.5, "sector-specific": 0.0,
    "occupation-specific": -0.3,
}
DIVERSITY = 2.0
"""Score points taken from a skill per share of its matched words that better skills matched."""
DIVERSITY_DEPTH = 20
DEFAULT_THRESHOLD = 19.6
"""Accept/review cut on ``score``: the best-micro-F1 cut over the top 10 on the tune split
(19.58, F1 0.32; F1 stays 0.30-0.32 for cuts 19-22, precision rising from 0.32 to 0.46),
printed by ``benchmarks/esco_benchmark.py``; re-run it after changing any weight."""


@dataclass(frozen=True)
class Suggestion:
    """One ranked ESCO skill for a text, with why and whether to trust it."""

    uri: str
    label: str
    score: float
    decision: str
    """accept | review"""
    matched_label: str
    matched_terms: tuple[str, ...]
    coverage: float
    occupation_evidence: float = 0.0
    """Score points from occupations whose labels share words with the text."""
    skill_type: str = ""
    reuse_level: str = ""
    dense_similarity: float | None = None
    """Cosine of the text's and the skill's static embeddings (learned ranker only)."""
    model_score: float | None = None
    """Raw score of the ranking model; ``score`` is its calibrated probability (learned only)."""
    ranker: str = "lexical"
    """Which ranker made the suggestion: ``learned`` or ``lexical``."""

    @property
    def reason(self) -> str:
        """Human-readable explanation of the match: which label, which signals."""
        parts = []
        if self.matched_terms:
            parts.append(f"{self.coverage:.0%} of label '{self.matched_label}' "
                         f"({', '.join(self.matched_terms)})")
        elif self.dense_similarity is None:
            parts.append("description words")
        else:
            parts.append("no label word in the text")
        if self.dense_similarity is not None:
            parts.append(f"meaning similarity {self.dense_similarity:.2f}")
        if self.occupation_evidence >= 0.5:
            parts.append("needed by occupations whose titles share words with the text "
                         f"(+{self.occupation_evidence:g})")
        if self.model_score is not None:
            parts.append(f"model score {self.model_score:+.2f} (p {self.score:.2f})")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data = asdict(self)
        data["matched_terms"] = list(self.matched_terms)
        data["reason"] = self.reason
        return data


_MAP_SCHEMA = """
CREATE TABLE map_posting(term TEXT PRIMARY KEY, idf REAL NOT NULL, skills BLOB NOT NULL,
    weights BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE map_skill(idx INTEGER PRIMARY KEY, uri TEXT NOT NULL, label TEXT NOT NULL,
    skill_type TEXT, reuse_level TEXT, occupations INTEGER NOT NULL, labels TEXT NOT NULL,
    description TEXT NOT NULL);
CREATE TABLE map_assoc(term TEXT PRIMARY KEY, skills BLOB NOT NULL, weights BLOB NOT NULL)
    WITHOUT ROWID;
CREATE TABLE map_array(name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
"""


def _map_schema(suffix: str) -> str:
    """The lexical mapping tables of one further language (``map_posting_fr``, ...)."""
    return "".join(
        stmt.replace(f"TABLE map_{name}(", f"TABLE map_{name}{suffix}(") + ";"
        for stmt in _MAP_SCHEMA.split(";")
        for name in ("posting", "skill", "assoc") if f"TABLE map_{name}(" in stmt)


def build_mapping_tables(conn: sqlite3.Connection, data: Dataset, suffix: str = "") -> None:
    """Precompute postings and label term lists for every released skill.

    ``suffix`` (``_fr``) builds the lexical tables of a further language from
    :func:`mcqa.esco.store.translated_dataset`, with that language's analyser; the skill
    table and vectors of the learned ranker are built for the base language only.
    """
    from mcqa.esco.languages import analyzer

    terms = analyzer(data.language) if data.language in _known_languages() else _terms
    skills = sorted((c for c in data.concepts.values()
                     if c.kind == "skill" and c.status == "released" and c.pref),
                    key=lambda c: c.uri)
    popularity = Counter(skill for _occ, skill, _rel in data.occupation_skill)
    fields: list[dict[str, dict[str, float]]] = []
    label_terms: list[list[tuple[bool, str, tuple[str, ...]]]] = []
    df: Counter[str] = Counter()
    for skill in skills:
        pref_terms = terms(skill.pref)
        alts = [a for a in skill.alt if a.lower() != skill.pref.lower()]
        alt_count: Counter[str] = Counter()
        labels: list[tuple[bool, str, tuple[str, ...]]] = []
        seen: set[tuple[str, ...]] = set()
        for is_pref, text in [(True, skill.pref), *((False, a) for a in alts)]:
            key = tuple(dict.fromkeys(terms(text)))
            if key and key not in seen:
                seen.add(key)
                labels.append((is_pref, text, key))
            if not is_pref:
                alt_count.update(set(key))
        hidden = {t for h in skill.hidden for t in terms(h)}
        desc = terms(skill.description)
        desc_count = Counter(desc)
        n_alt = max(1, len(alts))
        f = {
            "pref": dict.fromkeys(pref_terms, 1.0),
            "alt": {t: min(1.0, 2 * v / n_alt) for t, v in alt_count.items()},
            "hidden": dict.fromkeys(hidden, 1.0),
            "description": {t: v / (v + 0.5 + len(desc) / 25) for t, v in desc_count.items()},
        }
        fields.append(f)
        label_terms.append(labels)
        df.update(set().union(*f.values()))
    n_docs = max(1, len(skills))
    idf = {t: math.log(1 + (n_docs - n + 0.5) / (n + 0.5)) for t, n in df.items()}
    postings: defaultdict[str, list[tuple[float, int]]] = defaultdict(list)
    for idx, f in enumerate(fields):
        mass: defaultdict[str, float] = defaultdict(float)
        for name, weight in FIELD_WEIGHTS.items():
            for t, v in f[name].items():
                mass[t] += weight * v
        for t, v in mass.items():
            postings[t].append((idf[t] * v * (K1 + 1) / (v + K1), idx))
    conn.executescript(_map_schema(suffix) if suffix else _MAP_SCHEMA)
    rows = []
    for t, items in postings.items():
        top = heapq.nlargest(POSTING_DEPTH, items)
        rows.append((t, idf[t], array("I", (i for _w, i in top)).tobytes(),
                     array("f", (w for w, _i in top)).tobytes()))
    conn.executemany(f"INSERT INTO map_posting{suffix} VALUES (?,?,?,?)", rows)
    # each label's term weights (IDF to 4 decimals), as map_skill and map_array store them
    rounded = {t: round(v, 4) for t, v in idf.items()}
    label_weights = [[[rounded.get(t, 1.0) for t in key] for _p, _text, key in labels]
                     for labels in label_terms]
    conn.executemany(
        f"INSERT INTO map_skill{suffix} VALUES (?,?,?,?,?,?,?,?)",
        ((idx, s.uri, s.pref, s.skill_type, s.reuse_level, popularity.get(s.uri, 0),
          json.dumps([[int(p), text, list(key), w]
                      for (p, text, key), w in zip(labels, weights, strict=True)],
                     separators=(",", ":")),
          " ".join(sorted(f["description"])))
         for idx, (s, labels, weights, f) in enumerate(
             zip(skills, label_terms, label_weights, fields, strict=True))))
    conn.executemany(f"INSERT INTO map_assoc{suffix} VALUES (?,?,?)",
                     _occupation_votes(data, {s.uri: i for i, s in enumerate(skills)}, terms))
    if suffix:
        return
    from mcqa.esco.dense import build_skill_vectors
    from mcqa.esco.skilltable import write_skill_table

    write_skill_table(conn, idf, label_terms, label_weights,
                      [f["description"] for f in fields], PREF_BONUS)
    build_skill_vectors(conn, skills)


def _occupation_votes(data: Dataset, skill_idx: dict[str, int],
                      terms: Callable[[str], list[str]]) -> list[tuple[str, bytes, bytes]]:
    """term -> skills voted for by occupations whose labels contain the term.

    A skill's vote for a term is 1 per occupation that lists it as essential plus 0.5 per
    occupation that lists it as optional, over the occupations whose labels have the term:
    whole and half units, so counting half-units (``Counter``, in C) gives the sum exactly."""
    essential: defaultdict[str, list[int]] = defaultdict(list)
    optional: defaultdict[str, list[int]] = defaultdict(list)
    for occ, skill, relation in data.occupation_skill:
        idx = skill_idx.get(skill)
        if idx is not None:
            (essential if relation == "essential" else optional)[occ].append(idx)
    by_term: defaultdict[str, list[str]] = defaultdict(list)
    df: Counter[str] = Counter()
    for concept in sorted(data.concepts.values(), key=lambda c: c.uri):
        if concept.kind != "occupation" or not (
                concept.uri in essential or concept.uri in optional):
            continue
        words = set(terms(" ".join([concept.pref, *concept.alt])))
        df.update(words)
        for t in words:
            by_term[t].append(concept.uri)
    rows = []
    for t, occupations in by_term.items():
        halves = Counter(chain.from_iterable(
            chain(essential.get(o, ()), essential.get(o, ()), optional.get(o, ()))
            for o in occupations))
        # the highest votes, ties to the lower skill number: (vote, -skill) pairs compare so
        top = heapq.nlargest(ASSOC_DEPTH, zip(halves.values(), map(neg, halves.keys()),
                                              strict=True))
        rows.append((t, array("I", (-i for _v, i in top)).tobytes(),
                     array("f", (v / 2 / (df[t] + 2) for v, _i in top)).tobytes()))
    return rows


def _known_languages() -> frozenset[str]:
    from mcqa.esco.languages import supported_languages

    return frozenset(supported_languages())


_Scored = tuple[float, int, int, float, float]
"""(score, -skill index, best label number, best label coverage, occupation votes)."""


@dataclass(frozen=True)
class Pool:
    """A text's lexical candidates and the sums they were scored from (for the learned ranker)."""

    query: set[str]
    scored: list[_Scored]
    """Best first, before the diversity re-rank."""
    acc: dict[int, float]
    """Skill index -> BM25F recall score, for every skill any query term reached."""
    votes: dict[int, float]
    """Skill index -> occupation votes (before ``vote_weight``)."""
    vote_weight: float


@dataclass(frozen=True)
class _Skill:
    uri: str
    label: str
    skill_type: str
    reuse_level: str
    prior: float
    labels: tuple[tuple[bool, str, tuple[str, ...], tuple[float, ...], float], ...]
    term_set: frozenset[str]
    """Every term of every label, for a C-level intersection with the query."""
    by_term: dict[str, tuple[tuple[int, float], ...]]
    """term -> (label number, IDF weight / label's total IDF x pref bonus), best first."""
    description: frozenset[str]
    """Terms of the description."""
    occupations: int
    """Number of occupations that list the skill."""


LabelMatch = tuple[int, float, float, float]
"""(best label number, its coverage x pref bonus, preferred-label coverage, best alt coverage)."""


def match_labels(skill: _Skill, common: set[str] | frozenset[str]) -> LabelMatch:
    """How well each label of ``skill`` is covered by ``common`` (its terms in the query)."""
    best = pref_cov = alt_cov = 0.0
    best_label = 0
    if not common:
        return best_label, best, pref_cov, alt_cov
    pref_first = bool(skill.labels) and skill.labels[0][0]
    by_term = skill.by_term
    if len(common) == 1:  # most candidates: one list, best share first, lower label on ties
        entries = by_term[next(iter(common))]
        best_label, best = entries[0]
        for n, share in entries:
            if n == 0 and pref_first:
                pref_cov = share / PREF_BONUS
            elif share > alt_cov:
                alt_cov = share
        return best_label, best, pref_cov, alt_cov
    matched: dict[int, float] = {}
    for t in sorted(common):  # fixed summation order: the same floats in every process
        for n, share in by_term[t]:
            matched[n] = matched.get(n, 0.0) + share
    for n, share in matched.items():
        if share > best or (share == best and n < best_label):
            best, best_label = share, n
        if n == 0 and pref_first:
            pref_cov = share / PREF_BONUS
        elif share > alt_cov:
            alt_cov = share
    return best_label, best, pref_cov, alt_cov


class LexicalMapper:
    """Ranks ESCO skills for texts using the tables ``mcqa esco import`` precomputed.

    The ranker of mcqa 0.1 and the fallback of :class:`mcqa.esco.Mapper` when the
    learned ranker cannot run (no numpy, or an index imported without skill vectors).
    """

    name = "lexical"

    def __init__(self, index: EscoIndex, threshold: float = DEFAULT_THRESHOLD,
                 lang: str | None = None) -> None:
        self.index = index
        self.threshold = threshold
        self._conn = index.conn
        base = index.language
        self.lang = lang or base
        """Language of the labels matched (and of the texts mapped)."""
        self._suffix = "" if self.lang == base else f"_{self.lang}"
        if self._suffix:
            import re

            if not re.fullmatch(r"[a-z]{2,3}", self.lang) or not index.has_language(self.lang):
                raise DataStoreError(f"the ESCO index holds no {self.lang!r} labels",
                                     file=str(index.path),
                                     hint="import the language package with `mcqa esco import`")
            tables = {name for (name,) in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name IN (?,?,?)",
                tuple(f"map_{t}{self._suffix}" for t in ("posting", "skill", "assoc")))}
            if len(tables) != 3:
                raise DataStoreError(f"ESCO index lacks the {self.lang} mapping tables",
                                     file=str(index.path), hint="re-run `mcqa esco import`")
        if self.lang in _known_languages():
            from mcqa.esco.languages import analyzer

            self._terms = analyzer(self.lang)
        else:
            self._terms = _terms
        self.idf: dict[str, float] = {}
        """IDF of every query term looked up so far that the index knows."""
        self._postings: dict[str, list[tuple[int, float]] | None] = {}
        self._votes: dict[str, list[tuple[int, float]] | None] = {}
        self._skills: dict[int, _Skill] = {}

    def _posting(self, term: str) -> list[tuple[int, float]] | None:
        if term in self._postings:
            return self._postings[term]
        row = self._conn.execute(
            f"SELECT skills, weights, idf FROM map_posting{self._suffix} WHERE term=?", (term,)).fetchone()
        value = None
        if row is not None:
            value = list(zip(array("I", row[0]), array("f", row[1]), strict=True))
            self.idf[term] = row[2]
        self._postings[term] = value
        return value

    def _vote(self, term: str) -> list[tuple[int, float]] | None:
        if term in self._votes:
            return self._votes[term]
        row = self._conn.execute(
            f"SELECT skills, weights FROM map_assoc{self._suffix} WHERE term=?", (term,)).fetchone()
        value = None
        if row is not None:
            value = list(zip(array("I", row[0]), array("f", row[1]), strict=True))
        self._votes[term] = value
        return value

    def _skill(self, idx: int) -> _Skill:
        skill = self._skills.get(idx)
        if skill is None:
            uri, label, stype, reuse, occupations, labels, desc = self._conn.execute(
                "SELECT uri, label, skill_type, reuse_level, occupations, labels, description"
                f" FROM map_skill{self._suffix} WHERE idx=?", (idx,)).fetchone()
            parsed = tuple((bool(p), text, tuple(ts), tuple(ws), sum(ws) or 1.0)
                           for p, text, ts, ws in json.loads(labels))
            prior = (W_POPULARITY * math.log1p(occupations)
                     + W_REUSE * REUSE_PRIOR.get(reuse or "", 0.0))
            by_term: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
            for n, (is_pref, _text, ts, ws, total) in enumerate(parsed):
                bonus = PREF_BONUS if is_pref else 1.0
                for t, w in zip(ts, ws, strict=True):
                    by_term[t].append((n, w / total * bonus))
            skill = _Skill(uri, label, stype or "", reuse or "", prior, parsed,
                           frozenset(by_term),
                           {t: tuple(sorted(v, key=lambda pair: -pair[1]))
                            for t, v in by_term.items()},
                           frozenset(desc.split()), occupations)
            self._skills[idx] = skill
        return skill

    def _diversify(self, ranked: list[_Scored], query: set[str], top: int) -> list[_Scored]:
        """Greedy re-rank of the head: lower a skill by the share of its matched words shown above.

        Many texts name several skills; near-duplicates of the first ("work in teams", "work
        in textile manufacturing teams") would otherwise fill the top five. Each pick costs
        the skills below it ``DIVERSITY`` x (IDF share of their matched words that already
        appear in a skill ranked above); the reported score is the lowered one.
        """
        head = ranked[:DIVERSITY_DEPTH]
        shares: dict[int, dict[str, float]] = {}

        def matched(n: int) -> dict[str, float]:
            found = shares.get(n)
            if found is None:
                found = {}
                _s, neg_idx, label_no, best, _v = head[n]
                if best:
                    _p, _t, label_terms, weights, _total = self._skill(-neg_idx).labels[label_no]
                    hits = [(t, w) for t, w in zip(label_terms, weights, strict=True)
                            if t in query]
                    mass = sum(w for _t, w in hits) or 1.0
                    found = {t: DIVERSITY * w / mass for t, w in hits}
                shares[n] = found
            return found

        alive = list(range(len(head)))
        shown: set[str] = set()
        out: list[_Scored] = []
        while alive and len(out) < top:
            pick, pick_score = 0, -math.inf
            for pos, n in enumerate(alive):
                score = head[n][0]
                if score <= pick_score:
                    break  # sorted by score and penalties only lower it: nothing below wins
                if shown:
                    score -= sum(w for t, w in matched(n).items() if t in shown)
                if score > pick_score:
                    pick, pick_score = pos, score
            n = alive.pop(pick)
            out.append((pick_score, *head[n][1:]))
            shown.update(matched(n))
        return out

    def score_candidates(self, text: str, detail: dict[int, LabelMatch] | None = None,
                         depth: int = CANDIDATES) -> Pool:
        """Every lexical candidate of ``text`` scored, best first, before the diversity re-rank.

        The candidates are the ``CANDIDATES`` best by BM25F plus the ``ASSOC_CANDIDATES``
        best by occupation votes; the learned ranker re-scores the head of this list and
        passes ``detail`` to get each candidate's :func:`match_labels` on the way, and a
        smaller ``depth`` (BM25F candidates) since it keeps only the best 50.
        """
        query = set(self._terms(text))
        acc: defaultdict[int, float] = defaultdict(float)
        votes: defaultdict[int, float] = defaultdict(float)
        for term in sorted(query):  # fixed summation order: same ranking in every process
            posting = self._posting(term)
            if posting is not None:
                for idx, weight in posting:
                    acc[idx] += weight
            vote = self._vote(term)
            if vote is not None:
                for idx, weight in vote:
                    votes[idx] += weight
        if not acc:
            return Pool(query, [], acc, votes, 0.0)
        vote_weight = W_ASSOC / max(1.0, len(query) / VOTE_NORM) ** VOTE_POWER
        # sorted(...)[:n] is what heapq.nlargest(n, ...) returns, ties included, but is
        # faster on the ~1,500 skills a text reaches
        candidates = {idx for idx, _w in sorted(acc.items(), key=itemgetter(1),
                                                reverse=True)[:depth]}
        candidates.update(idx for idx, _w in sorted(votes.items(), key=itemgetter(1),
                                                     reverse=True)[:ASSOC_CANDIDATES])
        scored: list[_Scored] = []
        cache = self._skills
        for idx in candidates:
            recall = acc.get(idx, 0.0)
            vote_score = votes.get(idx, 0.0)
            skill = cache.get(idx) or self._skill(idx)
            best, best_label = 0.0, 0
            common = skill.term_set & query
            if detail is not None:
                found = detail[idx] = match_labels(skill, common)
                best_label, best = found[0], found[1]
            elif len(common) == 1:
                best_label, best = skill.by_term[next(iter(common))][0]
            elif common:
                matched: defaultdict[int, float] = defaultdict(float)
                for t in sorted(common):
                    for n, share in skill.by_term[t]:
                        matched[n] += share
                best_label, best = max(matched.items(), key=lambda kv: kv[1])
            score = W_RECALL * recall + W_COVERAGE * best + skill.prior + vote_weight * vote_score
            scored.append((score, -idx, best_label, best, vote_score))
        scored.sort(reverse=True)
        return Pool(query, scored, acc, votes, vote_weight)

    def map(self, text: str, top: int = 10) -> list[Suggestion]:
        """Ranked ESCO skills for ``text`` (best first), each with score, reason, decision."""
        pool = self.score_candidates(text)
        query, scored, vote_weight = pool.query, pool.scored, pool.vote_weight
        if not scored:
            return []
        ranked = scored[:max(top, DIVERSITY_DEPTH) if DIVERSITY else top]
        if DIVERSITY:
            ranked = self._diversify(ranked, query, top) + ranked[DIVERSITY_DEPTH:]
        out: list[Suggestion] = []
        for score, neg_idx, label_no, best, vote_score in ranked[:top]:
            skill = self._skill(-neg_idx)
            is_pref, label_text, label_terms, _w, _t = (
                skill.labels[label_no] if skill.labels else (True, skill.label, (), (), 1.0))
            coverage = best / PREF_BONUS if is_pref else best
            out.append(Suggestion(
                uri=skill.uri, label=skill.label, score=round(score, 3),
                decision="accept" if score >= self.threshold else "review",
                matched_label=label_text,
                matched_terms=tuple(t for t in label_terms if t in query) if best else (),
                coverage=round(coverage, 3) if best else 0.0,
                occupation_evidence=round(vote_weight * vote_score, 3),
                skill_type=skill.skill_type,
                reuse_level=skill.reuse_level))
        return out


class TextLanguageError(ConfigError):
    """A text is in a language whose ESCO labels the index does not hold."""


class Mapper:
    """Ranks ESCO skills for texts: the learned ranker when it can run, else the lexical one.

    ``ranker="auto"`` (default) uses :class:`mcqa.esco.ranker.LearnedMapper` when numpy (the
    ``esco-ml`` extra), the shipped model and the index's skill vectors are all there, and
    :class:`LexicalMapper` otherwise; ``"learned"`` or ``"lexical"`` force one (``learned``
    falls back too, and :attr:`ranker` says which one runs). ``threshold`` is the accept cut
    on the score of the ranker in use (learned: calibrated probability 0-1; lexical: its
    score); ``reject_threshold`` (learned only) is the cut below which a suggestion is
    ``reject``.

    Languages: each text is mapped against the labels of its own language. ``text_lang``
    fixes that language; without it, it is detected per text (:func:`detect_language`),
    and a text the detector is unsure of counts as the index's base language. Texts in the
    base language get the ranker above; texts in a further language the index holds get
    the lexical ranker over that language's labels (the learned ranker and its embeddings
    were trained on English). A text in a language the index lacks raises
    :class:`TextLanguageError` rather than matching French words against English labels.
    ``lang`` is the language of the labels shown (falling back to the base language per
    skill where the index has no label in ``lang``).
    """

    def __init__(self, index: EscoIndex, threshold: float | None = None, *,
                 reject_threshold: float | None = None, ranker: str = "auto",
                 lang: str | None = None, text_lang: str | None = None) -> None:
        impl: Any = None
        if ranker != "lexical" and index.language == "en":
            from mcqa.esco.ranker import learned_ranker

            impl = learned_ranker(index, threshold, reject_threshold)
        if impl is None:
            impl = LexicalMapper(index, DEFAULT_THRESHOLD if threshold is None else threshold)
        self._impl = impl
        self.index = index
        self.ranker: str = impl.name
        """``learned`` or ``lexical``: the ranker that runs on base-language texts."""
        self.threshold: float = impl.threshold
        self.reject_threshold: float | None = getattr(impl, "reject_threshold", None)
        self._lexical_threshold = DEFAULT_THRESHOLD if threshold is None or \
            impl.name != "lexical" else threshold
        self.lang = lang or index.language
        """Language of the labels in the suggestions."""
        self.text_lang = text_lang
        """Language of every text, ``None`` to detect it per text."""
        if text_lang is not None:
            from mcqa.esco.languages import language_specs

            if text_lang not in language_specs():
                from mcqa.esco.languages import supported_languages

                raise ConfigError(f"cannot map texts in {text_lang!r}",
                                  hint=f"use one of: {', '.join(supported_languages())}")
        self._others: dict[str, LexicalMapper] = {}

    def text_language(self, text: str) -> str:
        """The language ``text`` is mapped in: ``text_lang``, else detected, else the base."""
        if self.text_lang is not None:
            return self.text_lang
        from mcqa.esco.languages import detect_language

        found = detect_language(text).language
        return found or self.index.language

    def _check_language(self, code: str) -> None:
        if code != self.index.language and not self.index.has_language(code):
            from mcqa.esco.languages import language_name

            held = ", ".join(info.code for info in self.index.languages)
            how = "given" if self.text_lang is not None else "detected"
            raise TextLanguageError(
                f"text in {language_name(code)} ({code}, {how}) but the ESCO index holds "
                f"labels in {held} only: mapping it would match {language_name(code)} words "
                "against labels of another language",
                file=str(self.index.path),
                hint=f"import the {code} ESCO package too (`mcqa esco import BASE "
                f"PACKAGE_{code.upper()}`), or pass --text-lang to say the language")

    def _relabel(self, suggestions: list[Suggestion], matched_in: str) -> list[Suggestion]:
        if self.lang == matched_in:
            return suggestions
        from dataclasses import replace

        return [replace(s, label=self.index.label(s.uri, self.lang) or s.label)
                for s in suggestions]

    def _mapper_for(self, code: str) -> LexicalMapper:
        found = self._others.get(code)
        if found is None:
            found = self._others[code] = LexicalMapper(self.index, self._lexical_threshold,
                                                       lang=code)
        return found

    @property
    def method(self) -> str:
        """One line naming the ranking method, for dossiers and reports."""
        if self.ranker == "learned":
            return ("mcqa learned ranker (lexical + static-embedding candidates, gradient-boosted "
                    "trees, calibrated accept/review/reject)")
        return "mcqa lexical mapper (field-weighted BM25 recall, label-coverage re-ranking)"

    def map(self, text: str, top: int = 10) -> list[Suggestion]:
        """Ranked ESCO skills for ``text`` (best first), each with score, reason, decision.

        Raises :class:`TextLanguageError` when the text's language is not in the index.
        """
        code = self.text_language(text)
        self._check_language(code)
        if code == self.index.language:
            result: list[Suggestion] = self._impl.map(text, top)
        else:
            result = self._mapper_for(code).map(text, top)
        return self._relabel(result, code)

    def map_many(self, texts: list[str], top: int = 10, jobs: int = 1
                 ) -> list[list[Suggestion]]:
        """:meth:`map` for many texts, same results. The learned ranker scores them in
        blocks and, with ``jobs`` > 1, in that many worker processes (kept until
        :meth:`close`); the lexical one maps them in turn. Every text's language is
        checked before any is mapped."""
        codes = [self.text_language(t) for t in texts]
        for code in dict.fromkeys(codes):
            self._check_language(code)
        base = self.index.language
        results: list[list[Suggestion]] = [[] for _t in texts]
        mine = [i for i, c in enumerate(codes) if c == base]
        if mine:
            if hasattr(self._impl, "map_many"):
                batch: list[list[Suggestion]] = self._impl.map_many(
                    [texts[i] for i in mine], top, jobs)
            else:
                batch = [self._impl.map(texts[i], top) for i in mine]
            for i, found in zip(mine, batch, strict=True):
                results[i] = self._relabel(found, base)
        for i, code in enumerate(codes):
            if code != base:
                results[i] = self._relabel(self._mapper_for(code).map(texts[i], top), code)
        return results

    @property
    def worker_cpu_seconds(self) -> float:
        """CPU time the worker processes of :meth:`map_many` spent mapping (benchmarks)."""
        return float(getattr(self._impl, "worker_cpu_seconds", 0.0))

    def close(self) -> None:
        """Stop the worker processes :meth:`map_many` started, if any."""
        if hasattr(self._impl, "close"):
            self._impl.close()
