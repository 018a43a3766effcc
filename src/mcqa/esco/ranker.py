"""The learned ESCO ranker: re-rank the lexical and dense candidates with a small trained model.

For a text, the candidate pool is the lexical mapper's best ``LEX_POOL`` skills (before its
diversity re-rank) plus the ``DENSE_POOL`` skills whose stored vectors are most similar to
the text's static embedding (:mod:`mcqa.esco.dense`). Each (text, candidate) pair gets
cheap features (:data:`FEATURES`): the lexical score and its parts, coverage of the
preferred label and of the best alternative label, the share of the text the best label
explains, overlap with the description, occupation votes, dense similarity to the whole
skill and to each field, ranks in both lists, skill type, reuse level, popularity and text
length. A gradient-boosted tree ensemble trained offline with a ranking objective
(``benchmarks/esco_train.py ranker``, LightGBM LambdaRank) scores them; its trees ship as
arrays in ``standards/esco-ranker/ranker.json`` and are evaluated here with numpy, all
trees and candidates at once. A logistic calibration turns the score into a probability,
and two cuts fitted on the tuning texts give the decision: ``accept`` (at or above the
best-F1 cut), ``reject`` (below the cut that keeps 90 % of the correct suggestions), else
``review``. The calibration is fitted on out-of-fold predictions of the tuning texts plus
filler texts that state no skill (lorem ipsum, keyboard strings); besides the score it
reads one fact about the whole text, the share of its words that the word vectors do not
know (:func:`unknown_share`), so placeholder text is not taken for a skill statement
because one of its words ("sit", "labore") is an ESCO word.

Needs numpy (the ``esco-ml`` extra), the shipped files and an index imported with skill
vectors by the same encoder; :func:`learned_ranker` returns ``None`` otherwise and
:class:`mcqa.esco.Mapper` uses the lexical ranker.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from mcqa.esco.dense import VECTOR_FIELDS, StaticEncoder, load_encoder, ranker_dir
from mcqa.esco.mapper import (
    ASSOC_CANDIDATES,
    PREF_BONUS,
    REUSE_PRIOR,
    VOTE_NORM,
    VOTE_POWER,
    W_ASSOC,
    W_COVERAGE,
    W_POPULARITY,
    W_RECALL,
    W_REUSE,
    LexicalMapper,
    Suggestion,
)
from mcqa.esco.skilltable import SkillTable, SkillTableError, segments
from mcqa.esco.text import STOP_WORDS, terms, words

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from mcqa.esco.store import EscoIndex

LEX_POOL = 50
LEX_DEPTH = 100
"""BM25F candidates the lexical scorer looks at to find its best ``LEX_POOL`` (70 lost 2.5
 points of lexical R@5 on the tune texts)."""
DENSE_POOL = 50
RETRIEVAL_DIMS = 128
"""Leading (PCA-ordered) dimensions used to find the dense top 50 among all skills; the
features use all of them. Halves the one scan over every skill."""
ABSENT_RANK = 60
"""Rank given to a candidate in one list that the other list brought in."""

FEATURES: tuple[str, ...] = (
    "lex_score", "lex_rank", "recall", "coverage", "pref_cov", "alt_cov", "query_cov",
    "desc_overlap", "vote", "dense", "dense_rank", "dense_pref", "dense_alt", "dense_desc",
    "dense_gap", "lex_gap", "popularity", "reuse", "knowledge", "query_terms", "label_terms",
)
"""Feature order of the model (``ranker.json`` names them; a mismatch disables the model)."""

_REUSE = {"transversal": 3.0, "cross-sector": 2.0, "sector-specific": 1.0,
          "occupation-specific": 0.0}


@dataclass(frozen=True)
class Forest:
    """Trees of one depth as complete binary trees in heap order (children of n: 2n+1, 2n+2).

    A shallower leaf is repeated over the subtree it would have had, so every candidate
    takes exactly ``depth`` steps in every tree and all trees run as a few array operations.
    """

    feature: NDArray[np.intp]
    """trees x (2^depth - 1) split features."""
    threshold: NDArray[np.float64]
    """trees x (2^depth - 1): go right when the feature is greater. Double precision, as
    LightGBM compares: a threshold rounded to float32 can equal a feature value."""
    value: NDArray[np.float32]
    """trees x 2^depth leaf values."""
    depth: int

    def __post_init__(self) -> None:
        """Flatten the trees once: every node gets one number over the whole forest.

        Inner node k of tree t is ``t * inner + k``; its left child is the inner node or
        the leaf (``t * (inner + 1) + j``, a position in ``value``) that ``_left`` names,
        and its right child the next number, so one step is ``left[at] + (x > threshold)``.
        """
        import numpy as np

        n_trees, inner = self.feature.shape
        local = np.arange(inner)
        child = 2 * local + 1
        tree = np.arange(n_trees)[:, None]
        left = np.where(child < inner, tree * inner + child, tree * (inner + 1) + child - inner)
        object.__setattr__(self, "_left", left.astype(np.intp).ravel())
        object.__setattr__(self, "_feature", self.feature.astype(np.intp).ravel())
        object.__setattr__(self, "_threshold", self.threshold.astype(np.float64).ravel())
        object.__setattr__(self, "_value", self.value.astype(np.float32).ravel())
        object.__setattr__(self, "_roots", (np.arange(n_trees) * inner).astype(np.intp))

    def predict(self, x: NDArray[np.float32], block: int = 2048) -> NDArray[np.float32]:
        """Sum of the trees' leaf values for each row of ``x`` (candidates x features).

        All trees advance one level per step for ``block`` candidates at a time (arrays of
        trees x candidates stay in cache); the leaf values are summed over the trees in
        tree order in float32, so a candidate's score does not depend on the others.
        """
        import numpy as np

        n, n_features = x.shape
        if n > block:
            return np.concatenate([self.predict(x[i:i + block], block)
                                   for i in range(0, n, block)])
        flat_x = x.astype(np.float64).ravel()  # row-major: x[c, f] at c * n_features + f
        row = np.arange(n) * n_features
        at = np.repeat(self._roots[:, None], n, axis=1)  # type: ignore[attr-defined]
        feature, threshold, left = (self._feature, self._threshold,  # type: ignore[attr-defined]
                                    self._left)  # type: ignore[attr-defined]
        for _ in range(self.depth):
            right = flat_x.take(feature.take(at) + row) > threshold.take(at)
            at = left.take(at) + right
        out: NDArray[np.float32] = self._value.take(at).sum(axis=0)  # type: ignore[attr-defined]
        return out


@dataclass(frozen=True)
class RankerModel:
    """What ``ranker.json`` holds: the forest, the calibration and the decision cuts."""

    forest: Forest
    features: tuple[str, ...]
    calibration: tuple[float, float, float]
    """(a, b, c): probability = 1 / (1 + exp(-(a x score + b + c x unknown share²))).

    Squared: a few unknown words (names, acronyms) are common in skill statements, a text
    made mostly of them is not one."""
    accept: float
    reject: float
    info: dict[str, Any]
    """Training recipe, data versions and the tune-split figures."""

    def probability(self, raw: NDArray[np.float32], unknown: float = 0.0
                    ) -> NDArray[np.float32]:
        """Calibrated probability that a candidate is a correct skill for the text, from its
        score and the text's :func:`unknown_share`."""
        import numpy as np

        a, b, c = self.calibration
        out: NDArray[np.float32] = 1.0 / (1.0 + np.exp(-(a * raw + (b + c * unknown ** 2))))
        return out


NEVER = 3.0e38
"""Threshold of the padding splits of shallower leaves: no feature value goes right."""


def forest_from_lightgbm(dump: dict[str, Any]) -> dict[str, Any]:
    """``{"depth", "feature", "threshold", "value"}`` (lists, for JSON) in :class:`Forest`'s
    layout from ``lightgbm.Booster.dump_model()``: only ``<=`` splits without missing values."""

    def depth_of(node: dict[str, Any]) -> int:
        if "leaf_value" in node:
            return 0
        return 1 + max(depth_of(node["left_child"]), depth_of(node["right_child"]))

    trees = [t["tree_structure"] for t in dump["tree_info"]]
    depth = max(1, *(depth_of(t) for t in trees))
    inner = 2 ** depth - 1
    features, thresholds, values = [], [], []
    for tree in trees:
        feature, threshold, value = [0] * inner, [NEVER] * inner, [0.0] * (inner + 1)

        def fill(node: dict[str, Any], pos: int, level: int, feature: list[int] = feature,
                 threshold: list[float] = threshold, value: list[float] = value) -> None:
            if "leaf_value" in node:
                first = (pos + 1) * 2 ** (depth - level) - 1 - inner  # leftmost leaf below
                for k in range(2 ** (depth - level)):
                    value[first + k] = float(node["leaf_value"])
                return
            if node.get("decision_type", "<=") != "<=" or str(node.get("missing_type")) != "None":
                raise ValueError(f"unsupported split in the LightGBM model: {node}")
            feature[pos] = int(node["split_feature"])
            threshold[pos] = float(node["threshold"])
            fill(node["left_child"], 2 * pos + 1, level + 1)
            fill(node["right_child"], 2 * pos + 2, level + 1)

        fill(tree, 0, 0)
        features.append(feature)
        thresholds.append(threshold)
        values.append(value)
    return {"depth": depth, "feature": features, "threshold": thresholds, "value": values}


@cache
def load_model(path: Path | None = None) -> RankerModel | None:
    """The shipped ranker, or ``None`` when numpy or ``ranker.json`` is missing or stale."""
    try:
        import numpy as np
    except ImportError:
        return None
    file = path or ranker_dir() / "ranker.json"
    if not file.is_file():
        return None
    spec = json.loads(file.read_text(encoding="utf-8"))
    if tuple(spec["features"]) != FEATURES:
        return None
    trees = spec["forest"]
    calibration = spec["calibration"]
    forest = Forest(feature=np.asarray(trees["feature"], dtype=np.intp),
                    threshold=np.asarray(trees["threshold"], dtype=np.float64),
                    value=np.asarray(trees["value"], dtype=np.float32),
                    depth=int(trees["depth"]))
    return RankerModel(forest=forest, features=FEATURES,
                       calibration=(float(calibration[0]), float(calibration[1]),
                                    float(calibration[2]) if len(calibration) > 2 else 0.0),
                       accept=float(spec["accept"]), reject=float(spec["reject"]),
                       info=dict(spec.get("info", {})))


def _sums_by(ids: NDArray[np.intp], weights: NDArray[Any], size: int) -> NDArray[np.float64]:
    """``out[i]`` = sum of the weights of ``i`` in float64, added in their order (bincount)."""
    import numpy as np

    return cast("NDArray[np.float64]", np.bincount(ids, weights=weights, minlength=size))


@dataclass(frozen=True)
class Candidates:
    """One text's candidate pool with its feature matrix (rows in ``idx`` order)."""

    idx: list[int]
    features: NDArray[np.float32]
    query: frozenset[str]
    """The text's terms (stemmed, stop-words removed)."""
    lex_head: list[int]
    """The lexical ranker's best ``LEX_POOL`` skills, best first (before its diversity re-rank)."""
    best_label: NDArray[np.intp]
    """Per candidate: number of its best-matching label."""
    best: NDArray[np.float64]
    """Per candidate: that label's coverage (x the preferred-label bonus)."""
    unknown: float = 0.0
    """:func:`unknown_share` of the text."""


def unknown_share(text: str, known: dict[str, int]) -> float:
    """Share of the content words of ``text`` (stop-words left out) that ``known`` lacks.

    The word vectors know about 33,000 words (ESCO's and MiniLM's English vocabulary), so
    a skill statement has few unknown words (on the tuning texts 3 % on average, at most
    half, in acronym lists) and filler text many ("Lorem ipsum dolor sit amet": 4 of 5)."""
    content = [w for w in words(text) if w not in STOP_WORDS]
    if not content:
        return 0.0
    return sum(1 for w in content if w not in known) / len(content)


SCAN_MARGIN = 1e-4
"""How far below the scan's cut a skill still goes to the exact re-scoring (more than four
times the largest float32 rounding difference of two 128-dimension dot products; see
:meth:`LearnedMapper._shortlist`)."""
SAMPLE_STRIDE = 8
"""The cut of the dense scan is first guessed from every 8th similarity (a partition of
1,700 values instead of 13,900), then checked: it must leave at least ``DENSE_POOL``."""
BLOCK = 64
"""Texts per matrix product in :meth:`LearnedMapper.map_many`."""


class LearnedMapper:
    """Scores the lexical + dense candidate pool with the shipped model.

    Everything per skill lives in arrays loaded once (:class:`SkillTable`, the skill
    vectors, priors and static features), so a text costs a fixed number of array
    operations over its ~170 candidates rather than Python work per candidate; SQLite is
    read only for a query term's postings (once per term) and for the skills shown.
    """

    name = "learned"

    def __init__(self, index: EscoIndex, encoder: StaticEncoder, model: RankerModel | None,
                 matrices: dict[str, NDArray[np.float32]], table: SkillTable,
                 threshold: float | None = None, reject_threshold: float | None = None) -> None:
        """``model`` may be ``None`` only to compute features (training)."""
        import numpy as np

        self.index = index
        self.encoder = encoder
        self._model = model
        self.threshold = threshold if threshold is not None else (
            model.accept if model else 0.5)
        self.reject_threshold = reject_threshold if reject_threshold is not None else (
            model.reject if model else 0.0)
        self.lexical = LexicalMapper(index)
        self.table = table
        pref, alt, desc = matrices["pref"], matrices["alt"], matrices["description"]
        n, dim = pref.shape
        fields = np.empty((n, 4, dim), dtype=np.float32)
        """skills x 4 x dims: whole skill (mix), preferred, alternative, description."""
        mix = pref + alt + 0.5 * desc
        mix /= np.maximum(np.sqrt((mix * mix).sum(axis=1, keepdims=True)), 1e-9)
        fields[:, 0], fields[:, 1], fields[:, 2], fields[:, 3] = mix, pref, alt, desc
        self._fields = fields
        self._mix, self._pref, self._alt, self._desc = (fields[:, k] for k in range(4))
        self._scan: NDArray[np.float32] = np.ascontiguousarray(mix[:, :RETRIEVAL_DIMS])
        self._scan_t: NDArray[np.float32] = np.ascontiguousarray(self._scan.T)
        """dims x skills, for the scan of all skills (einsum over rows takes 0.25 ms)."""
        self._n = n
        rows = sorted(index.conn.execute(
            "SELECT idx, skill_type, reuse_level, occupations FROM map_skill").fetchall())
        log_occ = [math.log1p(occupations) for _i, _t, _r, occupations in rows]
        self._static = np.asarray(  # popularity, reuse, knowledge
            [(lo, _REUSE.get(reuse or "", 1.0), 1.0 if stype == "knowledge" else 0.0)
             for lo, (_i, stype, reuse, _o) in zip(log_occ, rows, strict=True)],
            dtype=np.float32).reshape(n, 3)
        # the lexical ranker's prior, computed as it does (same floats)
        self._prior = np.asarray([W_POPULARITY * lo + W_REUSE * REUSE_PRIOR.get(reuse or "", 0.0)
                                  for lo, (_i, _t, reuse, _o) in zip(log_occ, rows, strict=True)],
                                 dtype=np.float64)
        self._idf_list: list[float] = table.term_idf.tolist()
        self._in_query = np.zeros(len(table.vocab), dtype=bool)
        self._mark = np.zeros(n, dtype=bool)
        self._postings: dict[str, tuple[NDArray[np.intp], NDArray[np.float32]] | None] = {}
        self._votes: dict[str, tuple[NDArray[np.intp], NDArray[np.float32]] | None] = {}
        import os

        self._pid = os.getpid()
        self._pool: Any = None
        self._pool_jobs = 0
        self._finalizer: Any = None
        self._inherited: list[EscoIndex] = []
        self.worker_cpu_seconds = 0.0
        """CPU time the worker processes of :meth:`map_many` spent mapping (benchmarks)."""

    # --- look-ups -----------------------------------------------------------------------
    def _read(self, cache: dict[str, tuple[NDArray[np.intp], NDArray[np.float32]] | None],
              table: str, term: str) -> tuple[NDArray[np.intp], NDArray[np.float32]] | None:
        """One term's (skills, weights) from ``map_posting`` or ``map_assoc``, cached."""
        if term in cache:
            return cache[term]
        import numpy as np

        row = self.index.conn.execute(
            f"SELECT skills, weights FROM {table} WHERE term=?", (term,)).fetchone()
        value = None
        if row is not None:
            try:
                value = (np.frombuffer(row[0], dtype=np.uint32).astype(np.intp),
                         np.frombuffer(row[1], dtype=np.float32))
            except (ValueError, TypeError):
                value = None
            if (value is None or len(value[0]) != len(value[1])
                    or (len(value[0]) and int(value[0].max()) >= self._n)):
                from mcqa.errors import DataStoreError

                raise DataStoreError(f"ESCO index: {table} row for {term[:40]!r} is damaged",
                                     file=str(self.index.path), hint="re-run `mcqa esco import`")
        cache[term] = value
        return value

    def _sums(self, cache: dict[str, tuple[NDArray[np.intp], NDArray[np.float32]] | None],
              table: str, terms: list[str], best: int
              ) -> tuple[NDArray[np.float64], NDArray[np.intp]] | None:
        """Per skill the sum of the terms' weights (added in term order, as the lexical
        ranker adds them) and the ``best`` highest skills, ties to the one reached first."""
        import numpy as np

        found = [p for p in (self._read(cache, table, t) for t in terms) if p is not None]
        if not found:
            return None
        skills = np.concatenate([p[0] for p in found]) if len(found) > 1 else found[0][0]
        weights = np.concatenate([p[1] for p in found]) if len(found) > 1 else found[0][1]
        sums = _sums_by(skills, weights, self._n)
        reached = (np.flatnonzero(sums) if len(weights) and float(weights.min()) > 0 else
                   np.flatnonzero(np.bincount(skills, minlength=self._n)))
        if len(reached) <= best:
            return sums, reached
        values = sums[reached]
        kth = np.partition(values, len(values) - best)[len(values) - best]
        above, tied = reached[values > kth], reached[values == kth]
        need = best - len(above)
        if len(tied) > need:  # the lexical ranker's stable sort keeps the first reached
            mark = self._mark
            mark[tied] = True
            at = np.flatnonzero(mark[skills])
            mark[tied] = False
            ids, first = np.unique(skills[at], return_index=True)
            tied = ids[np.argsort(at[first], kind="stable")]
        return sums, np.concatenate([above, tied[:need]])

    # --- dense --------------------------------------------------------------------------
    def dense_top(self, query_vec: NDArray[np.float32]) -> tuple[NDArray[np.float32], list[int]]:
        """Similarity to every skill (within 1e-5) and the ``DENSE_POOL`` most similar by
        their exact similarity (:meth:`_exact`), best first, ties to the lower skill.

        The scan is numpy's own loop over the dims x skills layout (a multiple of a row
        added per dimension, 0.18 ms for 13,896 skills, one thread). BLAS would take
        0.05 ms, but it wakes a second thread that then spins for its time-out: on two
        shared cores that costs more CPU than it saves, for a single text or a block."""
        import numpy as np

        sims: NDArray[np.float32] = np.einsum("j,jn->n", query_vec[:RETRIEVAL_DIMS],
                                              self._scan_t)
        return sims, self._shortlist(sims, query_vec)

    def _exact(self, ids: NDArray[np.intp], query_vec: NDArray[np.float32]
               ) -> NDArray[np.float32]:
        """The similarities that rank the dense candidates: one einsum per skill row, so a
        skill's value does not depend on which other skills are computed with it."""
        import numpy as np

        out: NDArray[np.float32] = np.einsum("ij,j->i", self._scan[ids],
                                             query_vec[:RETRIEVAL_DIMS])
        return out

    def _shortlist(self, approx: NDArray[np.float32], query_vec: NDArray[np.float32]
                   ) -> list[int]:
        """The dense candidates from approximate similarities to every skill.

        A float32 dot product of two vectors of norm <= 1 over 128 dimensions is within
        d = 128 x 2^-24 (7.6e-6) of the true value whatever the order of summation, so an
        approximate and an exact value differ by at most 2d. ``DENSE_POOL`` skills have an
        approximate value >= cut, hence an exact one >= cut - 2d: the exact top list is at
        or above cut - 2d, and each of its skills has an approximate value >= cut - 4d >
        cut - ``SCAN_MARGIN``. So the short list holds the exact top list, and the result is
        what ranking every skill exactly gives."""
        import numpy as np

        if not query_vec.any():
            return []
        short = np.flatnonzero(approx >= self._cut(approx) - SCAN_MARGIN)
        exact = self._exact(short, query_vec)
        order = np.lexsort((short, -exact))[:DENSE_POOL]
        top: list[int] = short[order].tolist()
        return top

    @staticmethod
    def _cut(values: NDArray[np.float32]) -> float:
        """A value that at least ``DENSE_POOL`` of ``values`` reach (-inf when there are few).

        Guessed from every ``SAMPLE_STRIDE``-th value (a partition of 1,700 values instead
        of 13,900), then checked against all of them."""
        import numpy as np

        n = len(values)
        if n <= DENSE_POOL:
            return -math.inf
        sample = values[::SAMPLE_STRIDE]
        k = min(len(sample), 2 * -(-DENSE_POOL // SAMPLE_STRIDE))
        guess = float(np.partition(sample, len(sample) - k)[len(sample) - k])
        if int(np.count_nonzero(values >= guess)) >= DENSE_POOL:
            return guess
        return float(np.partition(values, n - DENSE_POOL)[n - DENSE_POOL])

    # --- features -----------------------------------------------------------------------
    def candidates(self, text: str, query_vec: NDArray[np.float32] | None = None,
                   dense: list[int] | None = None) -> Candidates:
        """The pool of ``text`` and its features (see :data:`FEATURES`).

        Same pool and same features as scoring each candidate in turn with the lexical
        ranker's code (``score_candidates``, ``match_labels``): the sums run in the same
        order, so the floats are equal."""
        import numpy as np

        table = self.table
        qvec = self.encoder.encode(text) if query_vec is None else query_vec
        if dense is None:
            dense = self.dense_top(qvec)[1]
        query = frozenset(terms(text))
        ordered = sorted(query)
        recall = self._sums(self._postings, "map_posting",
                            [t for t in ordered if t in table.vocab], LEX_DEPTH)
        n = self._n
        if recall is None:  # no term of the text is indexed: dense candidates only
            acc = votes = np.zeros(n)
            lex_cands: NDArray[np.intp] = np.zeros(0, dtype=np.intp)
            vote_weight = 0.0
        else:
            acc, lex_cands = recall
            voted = self._sums(self._votes, "map_assoc", ordered, ASSOC_CANDIDATES)
            votes = np.zeros(n) if voted is None else voted[0]
            if voted is not None:
                lex_cands = np.unique(np.concatenate((lex_cands, voted[1])))
            vote_weight = W_ASSOC / max(1.0, len(query) / VOTE_NORM) ** VOTE_POWER
        dense_ids = np.asarray(dense, dtype=np.intp)
        pool = np.unique(np.concatenate((lex_cands, dense_ids)))
        if not len(pool):
            return Candidates([], np.zeros((0, len(FEATURES)), dtype=np.float32), query, [],
                              np.zeros(0, dtype=np.intp), np.zeros(0))
        qids = [table.vocab[t] for t in ordered if t in table.vocab]  # ascending, as terms
        in_query = self._in_query
        in_query[qids] = True
        try:
            best_label, best, pref_cov, alt_cov, query_cov = self._labels(pool, in_query)
            desc_sum = self._desc_sums(pool, in_query)
        finally:
            in_query[qids] = False
        idf_total = sum(self._idf_list[i] for i in qids) or 1.0
        score = (W_RECALL * acc[pool] + W_COVERAGE * best + self._prior[pool]
                 + vote_weight * votes[pool])
        # the lexical head: best lexical candidates by score, ties to the lower skill number
        at_lex = np.searchsorted(pool, lex_cands)
        head = lex_cands[np.lexsort((lex_cands, -score[at_lex]))[:LEX_POOL]]
        in_head = set(head.tolist())
        ids = np.concatenate([head, np.asarray([d for d in dense if d not in in_head],
                                               dtype=np.intp)])
        at = np.searchsorted(pool, ids)
        rows = len(ids)
        dense_rank = np.full(rows, float(ABSENT_RANK))
        if len(dense_ids):
            by_id = np.argsort(dense_ids)
            spot = np.minimum(np.searchsorted(dense_ids, ids, sorter=by_id), len(dense_ids) - 1)
            hit = dense_ids[by_id[spot]] == ids
            dense_rank[hit] = by_id[spot[hit]]
        lex_rank = np.full(rows, float(ABSENT_RANK))
        lex_rank[:len(head)] = np.arange(len(head))
        chosen_label = best_label[at]
        n_labels = table.label_ptr[ids + 1] - table.label_ptr[ids]
        label_at = np.minimum(table.label_ptr[ids] + chosen_label, len(table.label_terms) - 1)
        label_terms = (np.where(n_labels > 0, table.label_terms[label_at], 0)
                       if len(table.label_terms) else np.zeros(rows, dtype=np.intp))
        x = np.zeros((rows, len(FEATURES)), dtype=np.float32)
        x[:, 0] = score[at]
        x[:, 1] = lex_rank
        x[:, 2] = acc[ids]
        x[:, 3] = best[at]
        x[:, 4] = pref_cov[at]
        x[:, 5] = alt_cov[at]
        x[:, 6] = np.where(best[at] > 0, query_cov[at] / idf_total, 0.0)
        x[:, 7] = desc_sum[at] / idf_total
        x[:, 8] = vote_weight * votes[ids]
        x[:, 10] = dense_rank
        x[:, 19] = float(len(query))
        x[:, 20] = label_terms
        sims = np.einsum("ikj,j->ik", self._fields[ids], qvec)  # each row as "ij,j->i"
        x[:, 9] = sims[:, 0]
        x[:, 11:14] = sims[:, 1:]
        x[:, 14] = x[:, 9] - x[:, 9].max()
        x[:, 15] = x[:, 0] - x[:, 0].max()
        x[:, 16:19] = self._static[ids]
        return Candidates(ids.tolist(), x, query, head.tolist(), chosen_label, best[at],
                          unknown_share(text, self.encoder.index))

    def _labels(self, pool: NDArray[np.intp], in_query: NDArray[np.bool_]
                ) -> tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.float64],
                           NDArray[np.float64], NDArray[np.float64]]:
        """Per skill of ``pool``: best label, its coverage, preferred-label coverage, best
        alternative-label coverage, and the IDF sum of the query terms in the best label.

        :func:`mcqa.esco.mapper.match_labels` for all skills at once: a label's coverage is
        the sum of the shares of its terms that the query has, added in term order."""
        import numpy as np

        table = self.table
        owner, position = segments(table.entry_ptr, pool)
        term = table.entry_term[position]
        hit = in_query[term]
        owner, position, term = owner[hit], position[hit], term[hit]
        label = table.entry_label[position]
        n_labels = table.label_ptr[pool + 1] - table.label_ptr[pool]
        width = max(1, int(n_labels.max()) if len(n_labels) else 1)
        size = len(pool)
        cover = _sums_by(owner * width + label, table.entry_share[position],
                         size * width).reshape(size, width)
        best_label = cover.argmax(axis=1)  # the first (lowest-numbered) of equal labels
        best = cover[np.arange(size), best_label]
        pref_first = table.pref_first[pool]
        pref_cov = np.where(pref_first, cover[:, 0] / PREF_BONUS, 0.0)
        others = cover[:, 1:].max(axis=1) if width > 1 else np.zeros(size)
        alt_cov = np.where(pref_first, others, cover.max(axis=1))
        in_best = label == best_label[owner]
        query_cov = _sums_by(owner[in_best], table.term_idf[term[in_best]], size)
        return best_label, best, pref_cov, alt_cov, query_cov

    def _desc_sums(self, pool: NDArray[np.intp], in_query: NDArray[np.bool_]
                   ) -> NDArray[np.float64]:
        """Per skill of ``pool``: IDF sum of the query terms in its description (term order)."""

        table = self.table
        owner, position = segments(table.desc_ptr, pool)
        term = table.desc_term[position]
        hit = in_query[term]
        return _sums_by(owner[hit], table.term_idf[term[hit]], len(pool))

    @property
    def model(self) -> RankerModel:
        """The ranking model (absent only in a feature-computing instance)."""
        if self._model is None:
            raise RuntimeError("this LearnedMapper computes features only")
        return self._model

    # --- ranking ------------------------------------------------------------------------
    def _rank(self, cands: Candidates, top: int, raw: NDArray[np.float32] | None = None
              ) -> list[Suggestion]:
        import numpy as np

        if not cands.idx:
            return []
        if raw is None:
            raw = self.model.forest.predict(cands.features)
        order = np.lexsort((np.asarray(cands.idx), -raw))[:top]  # ties: lower index first
        prob = self.model.probability(raw[order], cands.unknown)
        query = cands.query
        out: list[Suggestion] = []
        for n, k in enumerate(order.tolist()):
            skill = self.lexical._skill(cands.idx[k])
            label_no, best = int(cands.best_label[k]), float(cands.best[k])
            is_pref, label_text, label_terms, _w, _t = (
                skill.labels[label_no] if skill.labels else (True, skill.label, (), (), 1.0))
            p = float(prob[n])
            decision = ("reject" if p < self.reject_threshold else
                        "accept" if p >= self.threshold else "review")
            out.append(Suggestion(
                uri=skill.uri, label=skill.label, score=round(p, 3), decision=decision,
                matched_label=label_text,
                matched_terms=tuple(t for t in label_terms if t in query) if best else (),
                coverage=round(best / PREF_BONUS if is_pref else best, 3) if best else 0.0,
                occupation_evidence=round(float(cands.features[k, 8]), 3),
                skill_type=skill.skill_type, reuse_level=skill.reuse_level,
                dense_similarity=round(float(cands.features[k, 9]), 3),
                model_score=round(float(raw[k]), 3), ranker=self.name))
        return out

    def map(self, text: str, top: int = 10) -> list[Suggestion]:
        """Ranked ESCO skills for ``text`` (best first) with calibrated decisions and signals."""
        return self._rank(self.candidates(text), top)

    def map_many(self, texts: Sequence[str], top: int = 10, jobs: int = 1
                 ) -> list[list[Suggestion]]:
        """:meth:`map` for many texts, with the same results.

        Texts go in blocks of ``BLOCK`` whose candidates the trees score in one pass. With
        ``jobs`` > 1 and at least ``PARALLEL_MIN`` texts, blocks are mapped by ``jobs``
        worker processes (started on the first such call, kept until :meth:`close`), so
        a batch uses every core; the results come back in order."""
        texts = list(texts)
        if jobs > 1 and len(texts) >= PARALLEL_MIN:
            return self._map_parallel(texts, top, jobs)
        out: list[list[Suggestion]] = []
        for start in range(0, len(texts), BLOCK):
            out.extend(self._map_block(texts[start:start + BLOCK], top))
        return out

    def _map_parallel(self, texts: list[str], top: int, jobs: int) -> list[list[Suggestion]]:
        """Chunks of about a quarter of a worker's share each, so a busy core delays little."""
        pool = self._workers(jobs)
        size = max(8, -(-len(texts) // (4 * jobs)))
        futures = [pool.submit(_map_chunk, texts[i:i + size], top)
                   for i in range(0, len(texts), size)]
        out: list[list[Suggestion]] = []
        for future in futures:
            chunk, cpu = future.result()
            self.worker_cpu_seconds += cpu
            out.extend(chunk)
        return out

    def _workers(self, jobs: int) -> Any:
        """The process pool of ``jobs`` workers, started now if needed.

        The platform's default start method: a forked worker inherits this mapper as it is
        (arrays and caches) and only opens its own connection; a spawned one rebuilds it
        from the index path (:meth:`__reduce__`)."""
        if self._pool is not None and self._pool_jobs == jobs:
            return self._pool
        self.close()
        import weakref
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker,
                                         initargs=(self,))
        self._pool_jobs = jobs
        self._finalizer = weakref.finalize(self, self._pool.shutdown)
        return self._pool

    def close(self) -> None:
        """Stop the worker processes of :meth:`map_many`, if any (the mapper stays usable)."""
        if self._finalizer is not None:
            self._finalizer()  # shuts the pool down, once
        self._pool = self._finalizer = None
        self._pool_jobs = 0

    def __reduce__(self) -> tuple[Any, tuple[str, float, float]]:
        """Pickled as the index path and thresholds; rebuilt from them (spawned workers)."""
        return (_reopen, (str(self.index.path), self.threshold, self.reject_threshold))

    def _own_connection(self) -> None:
        """After a fork: read the index through a connection of this process.

        The parent's connection is kept aside, never used nor closed here (SQLite forbids
        using a connection on both sides of a fork)."""
        import os

        if self._pid == os.getpid():
            return
        from mcqa.esco.store import EscoIndex

        self._inherited.append(self.index)
        self.index = EscoIndex.open(self.index.path)
        self.lexical.index = self.index
        self.lexical._conn = self.index.conn
        self._pid = os.getpid()
        self._pool = self._finalizer = None  # the parent's pool is not this process's
        self._pool_jobs = 0

    def _map_block(self, texts: list[str], top: int) -> list[list[Suggestion]]:
        import numpy as np

        pools = [self.candidates(t) for t in texts]
        if not any(c.idx for c in pools):
            return [[] for _t in texts]
        raw = self.model.forest.predict(np.vstack([c.features for c in pools]))
        out, at = [], 0
        for cands in pools:
            out.append(self._rank(cands, top, raw[at:at + len(cands.idx)]))
            at += len(cands.idx)
        return out


PARALLEL_MIN = 32
"""Fewer texts than this are mapped in-process whatever ``jobs`` says."""

_worker: list[LearnedMapper] = []
"""In a worker process of :meth:`LearnedMapper.map_many`: its mapper."""


def _start_worker(mapper: LearnedMapper) -> None:
    """Pool initializer: keep the mapper, reading the index on this process's connection."""
    mapper._own_connection()
    _worker[:] = [mapper]


def _map_chunk(texts: list[str], top: int) -> tuple[list[list[Suggestion]], float]:
    """One chunk mapped in a worker, with the CPU seconds it took (for benchmarks)."""
    import time

    start = time.process_time()
    out = _worker[0].map_many(texts, top)
    return out, time.process_time() - start


def _reopen(path: str, threshold: float, reject_threshold: float) -> LearnedMapper:
    """A learned mapper over the index at ``path`` (a spawned worker's copy)."""
    from mcqa.esco.store import EscoIndex

    mapper = learned_ranker(EscoIndex.open(path), threshold, reject_threshold)
    if mapper is None:
        raise RuntimeError(f"the learned ranker cannot run on {path} in this process")
    return mapper


def learned_ranker(index: EscoIndex, threshold: float | None = None,
                   reject_threshold: float | None = None, *, features_only: bool = False
                   ) -> LearnedMapper | None:
    """The learned ranker over ``index``, or ``None`` when something it needs is missing
    (numpy, the shipped files, skill vectors from the same encoder, the skill arrays) or
    does not fit the index."""
    encoder = load_encoder()
    model = None if features_only else load_model()
    if encoder is None or (model is None and not features_only):
        return None
    import sqlite3

    import numpy as np

    try:
        rows = index.conn.execute("SELECT field, encoder, dim, data FROM map_vector").fetchall()
        n_skills, low, high = index.conn.execute(
            "SELECT count(*), min(idx), max(idx) FROM map_skill").fetchone()
        if n_skills and (low != 0 or high != n_skills - 1):
            return None
        table = SkillTable.load(index.conn, n_skills)
    except (sqlite3.Error, SkillTableError):  # an index without them: the lexical ranker
        return None
    matrices: dict[str, NDArray[np.float32]] = {}
    for field, digest, dim, data in rows:
        if digest != encoder.digest or dim != encoder.dim or not isinstance(data, bytes) \
                or len(data) != 2 * dim * n_skills:
            continue
        matrices[field] = np.frombuffer(data, dtype="<f2").astype(np.float32).reshape(-1, dim)
    if set(matrices) != set(VECTOR_FIELDS):
        return None
    return LearnedMapper(index, encoder, model, matrices, table, threshold, reject_threshold)
