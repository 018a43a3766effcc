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
trees and candidates at once. A logistic calibration fitted on out-of-fold predictions of
the tuning texts turns the score into a probability, and two cuts fitted there give the
decision: ``accept`` (at or above the best-F1 cut), ``reject`` (below the cut that keeps
90 % of the correct suggestions), else ``review``.

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
from typing import TYPE_CHECKING, Any

from mcqa.esco.dense import VECTOR_FIELDS, StaticEncoder, load_encoder, ranker_dir
from mcqa.esco.mapper import (
    PREF_BONUS,
    W_COVERAGE,
    W_RECALL,
    LabelMatch,
    LexicalMapper,
    Pool,
    Suggestion,
    match_labels,
)

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

    def predict(self, x: NDArray[np.float32]) -> NDArray[np.float32]:
        """Sum of the trees' leaf values for each row of ``x`` (candidates x features)."""
        import numpy as np

        n_trees, inner = self.feature.shape
        n = x.shape[0]
        flat_x = np.ascontiguousarray(x.T).ravel()  # feature-major: x[c, f] at f * n + c
        cols = np.arange(n)[None, :]
        base = (np.arange(n_trees) * inner)[:, None]
        feature, threshold = self.feature.ravel(), self.threshold.ravel()
        node = np.zeros((n_trees, n), dtype=np.intp)
        for _ in range(self.depth):
            at = base + node
            right = flat_x.take(feature.take(at) * n + cols) > threshold.take(at)
            node = 2 * node + 1 + right
        leaf = node - inner + (np.arange(n_trees) * (inner + 1))[:, None]
        out: NDArray[np.float32] = self.value.ravel().take(leaf).sum(axis=0)
        return out


@dataclass(frozen=True)
class RankerModel:
    """What ``ranker.json`` holds: the forest, the calibration and the decision cuts."""

    forest: Forest
    features: tuple[str, ...]
    calibration: tuple[float, float]
    """(a, b): probability = 1 / (1 + exp(-(a x score + b)))."""
    accept: float
    reject: float
    info: dict[str, Any]
    """Training recipe, data versions and the tune-split figures."""

    def probability(self, raw: NDArray[np.float32]) -> NDArray[np.float32]:
        """Calibrated probability that a candidate is a correct skill for the text."""
        import numpy as np

        a, b = self.calibration
        out: NDArray[np.float32] = 1.0 / (1.0 + np.exp(-(a * raw + b)))
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
    forest = Forest(feature=np.asarray(trees["feature"], dtype=np.intp),
                    threshold=np.asarray(trees["threshold"], dtype=np.float64),
                    value=np.asarray(trees["value"], dtype=np.float32),
                    depth=int(trees["depth"]))
    return RankerModel(forest=forest, features=FEATURES,
                       calibration=(float(spec["calibration"][0]), float(spec["calibration"][1])),
                       accept=float(spec["accept"]), reject=float(spec["reject"]),
                       info=dict(spec.get("info", {})))


@dataclass(frozen=True)
class Candidates:
    """One text's candidate pool with its feature matrix (rows in ``idx`` order)."""

    idx: list[int]
    features: NDArray[np.float32]
    pool: Pool
    best_labels: list[tuple[int, float]]
    """Per candidate: (label number, label coverage) of its best-matching label."""


class LearnedMapper:
    """Scores the lexical + dense candidate pool with the shipped model."""

    name = "learned"

    def __init__(self, index: EscoIndex, encoder: StaticEncoder, model: RankerModel | None,
                 matrices: dict[str, NDArray[np.float32]],
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
        self._pref = matrices["pref"]
        self._alt = matrices["alt"]
        self._desc = matrices["description"]
        mix = self._pref + self._alt + 0.5 * self._desc
        mix /= np.maximum(np.sqrt((mix * mix).sum(axis=1, keepdims=True)), 1e-9)
        self._mix: NDArray[np.float32] = mix.astype(np.float32)
        self._scan: NDArray[np.float32] = np.ascontiguousarray(self._mix[:, :RETRIEVAL_DIMS])
        n = self._mix.shape[0]
        self._static = np.zeros((n, 3), dtype=np.float32)  # popularity, reuse, knowledge
        for idx, stype, reuse, occupations in index.conn.execute(
                "SELECT idx, skill_type, reuse_level, occupations FROM map_skill"):
            self._static[idx] = (math.log1p(occupations), _REUSE.get(reuse or "", 1.0),
                                 1.0 if stype == "knowledge" else 0.0)

    # --- features -----------------------------------------------------------------------
    def dense_top(self, query_vec: NDArray[np.float32]) -> tuple[NDArray[np.float32], list[int]]:
        """Similarity to every skill and the ``DENSE_POOL`` most similar, best first."""
        import numpy as np
        # einsum runs one SIMD loop; BLAS (``@``) starts threads that cost more than the
        # product on a busy two-core machine
        sims: NDArray[np.float32] = np.einsum("ij,j->i", self._scan,
                                              query_vec[:RETRIEVAL_DIMS])
        if not query_vec.any():
            return sims, []
        top = (np.argpartition(-sims, DENSE_POOL)[:DENSE_POOL] if len(sims) > DENSE_POOL
               else np.arange(len(sims)))  # a small index has fewer skills than the pool
        order = top[np.lexsort((top, -sims[top]))]
        return sims, [int(i) for i in order]

    def candidates(self, text: str, query_vec: NDArray[np.float32] | None = None
                   ) -> Candidates:
        """The pool of ``text`` and its features (see :data:`FEATURES`)."""
        import numpy as np
        lex = self.lexical
        detail: dict[int, LabelMatch] = {}
        pool = lex.score_candidates(text, detail, LEX_DEPTH)
        query = pool.query
        qvec = self.encoder.encode(text) if query_vec is None else query_vec
        _sims, dense = self.dense_top(qvec)
        lex_head = pool.scored[:LEX_POOL]
        lex_rank = {-s[1]: r for r, s in enumerate(lex_head)}
        dense_rank = {i: r for r, i in enumerate(dense)}
        idx = [-s[1] for s in lex_head] + [i for i in dense if i not in lex_rank]
        if not idx:
            return Candidates([], np.zeros((0, len(FEATURES)), dtype=np.float32), pool, [])
        qidf = {t: lex.idf[t] for t in sorted(query) if t in lex.idf}  # fixed sum order
        idf_total = sum(qidf.values()) or 1.0
        rows: list[list[float]] = []
        best_labels: list[tuple[int, float]] = []
        scored_by_idx = {-s[1]: s for s in lex_head}
        acc, votes, vote_weight = pool.acc, pool.votes, pool.vote_weight
        skills = lex._skills
        for i in idx:
            skill = skills.get(i) or lex._skill(i)
            common = skill.term_set & query
            found_match = detail.get(i)
            best_label, best, pref_cov, alt_cov = (
                found_match if found_match is not None else match_labels(skill, common))
            query_cov = 0.0
            label_terms: tuple[str, ...] = skill.labels[best_label][2] if skill.labels else ()
            if best:
                query_cov = sum(qidf[t] for t in qidf if t in common and t in label_terms) \
                    / idf_total
            in_desc = skill.description & query
            desc_overlap = (sum(qidf[t] for t in qidf if t in in_desc) / idf_total
                            if in_desc else 0.0)
            found = scored_by_idx.get(i)
            vote = vote_weight * votes.get(i, 0.0)
            recall = acc.get(i, 0.0)
            score = found[0] if found is not None else (
                W_RECALL * recall + W_COVERAGE * best + skill.prior + vote)
            rows.append([score, lex_rank.get(i, ABSENT_RANK), recall, best, pref_cov, alt_cov,
                         query_cov, desc_overlap, vote, 0.0, dense_rank.get(i, ABSENT_RANK),
                         0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, float(len(query)),
                         float(len(label_terms))])
            best_labels.append((best_label, best))
        x = np.asarray(rows, dtype=np.float32)
        ids = np.asarray(idx)
        dot = np.einsum
        x[:, 9] = dot("ij,j->i", self._mix[ids], qvec)
        x[:, 11] = dot("ij,j->i", self._pref[ids], qvec)
        x[:, 12] = dot("ij,j->i", self._alt[ids], qvec)
        x[:, 13] = dot("ij,j->i", self._desc[ids], qvec)
        x[:, 14] = x[:, 9] - x[:, 9].max()
        x[:, 15] = x[:, 0] - x[:, 0].max()
        x[:, 16:19] = self._static[ids]
        return Candidates(idx, x, pool, best_labels)

    @property
    def model(self) -> RankerModel:
        """The ranking model (absent only in a feature-computing instance)."""
        if self._model is None:
            raise RuntimeError("this LearnedMapper computes features only")
        return self._model

    # --- ranking ------------------------------------------------------------------------
    def _rank(self, text: str, cands: Candidates, top: int,
              raw: NDArray[np.float32] | None = None) -> list[Suggestion]:
        import numpy as np

        if not cands.idx:
            return []
        if raw is None:
            raw = self.model.forest.predict(cands.features)
        order = np.lexsort((np.asarray(cands.idx), -raw))[:top]  # ties: lower index first
        prob = self.model.probability(raw[order])
        query = cands.pool.query
        out: list[Suggestion] = []
        for n, k in enumerate(order.tolist()):
            skill = self.lexical._skill(cands.idx[k])
            label_no, best = cands.best_labels[k]
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
        return self._rank(text, self.candidates(text), top)

    def map_many(self, texts: Sequence[str], top: int = 10) -> list[list[Suggestion]]:
        """:meth:`map` for many texts (same results), the trees run once over all candidates."""
        import numpy as np

        vectors = self.encoder.encode_many(list(texts))
        pools = [self.candidates(t, vectors[n]) for n, t in enumerate(texts)]
        if not any(c.idx for c in pools):
            return [[] for _t in texts]
        # one pass of the trees over every candidate of every text
        raw = self.model.forest.predict(np.vstack([c.features for c in pools]))
        out, at = [], 0
        for text, cands in zip(texts, pools, strict=True):
            out.append(self._rank(text, cands, top, raw[at:at + len(cands.idx)]))
            at += len(cands.idx)
        return out


def learned_ranker(index: EscoIndex, threshold: float | None = None,
                   reject_threshold: float | None = None, *, features_only: bool = False
                   ) -> LearnedMapper | None:
    """The learned ranker over ``index``, or ``None`` when something it needs is missing."""
    encoder = load_encoder()
    model = None if features_only else load_model()
    if encoder is None or (model is None and not features_only):
        return None
    import sqlite3

    import numpy as np

    try:
        rows = index.conn.execute("SELECT field, encoder, dim, data FROM map_vector").fetchall()
    except sqlite3.Error:  # no vectors table: the lexical ranker still works
        return None
    matrices = {field: np.frombuffer(data, dtype="<f2").astype(np.float32).reshape(-1, dim)
                for field, digest, dim, data in rows if digest == encoder.digest}
    if set(matrices) != set(VECTOR_FIELDS):
        return None
    return LearnedMapper(index, encoder, model, matrices, threshold, reject_threshold)
