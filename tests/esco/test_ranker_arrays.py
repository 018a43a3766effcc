"""The learned ranker's array code against the per-candidate code it replaced.

The candidates and features are computed with array operations over tables stored at
import (``map_array``); these tests recompute them the slow way, candidate by candidate
with the lexical ranker's own functions (``score_candidates``, ``match_labels``) and an
exact scan of every skill vector, and require the very same floats. They also check the
exact dense short list, the worker pool and the fallbacks when the tables are damaged.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import mcqa.esco.ranker as ranker_module
from mcqa.esco import EscoIndex, Mapper
from mcqa.esco.mapper import W_COVERAGE, W_RECALL, LabelMatch, match_labels
from mcqa.esco.ranker import (
    ABSENT_RANK,
    DENSE_POOL,
    FEATURES,
    LEX_DEPTH,
    LEX_POOL,
    PARALLEL_MIN,
    RETRIEVAL_DIMS,
    LearnedMapper,
    load_model,
)

TEXTS = [
    "Design and implement a relational database schema",
    "Communicate effectively in a team and solve problems",
    "Knife skills and food safety",
    "IT support for end users; install and configure software",
    "Butchery",
    "Experience with c++ and c# development, unit testing and code review",
    "Manage a budget, negotiate with suppliers and report to the board",
    "Lorem ipsum dolor sit amet",
    "zzzz qqqq",
    "",
    "the and of",
    "Teach mathematics to secondary school students and assess their progress",
    "Operate forklift trucks safely in a warehouse",
    "Apply GDPR and data protection principles when processing personal data",
    "welding",
    "Customer service, customer service, customer service",
]


def _exact_dense(mapper: LearnedMapper, qvec: Any) -> list[int]:
    """The dense top list by an exact scan of every skill (ties: lower skill number)."""
    if not qvec.any():
        return []
    sims = np.einsum("ij,j->i", mapper._scan, qvec[:RETRIEVAL_DIMS])
    ids = np.arange(len(sims))
    return [int(i) for i in ids[np.lexsort((ids, -sims))][:DENSE_POOL]]


def _reference(mapper: LearnedMapper, text: str) -> tuple[list[int], Any, list[tuple[int, float]]]:
    """(candidates, features, best labels) computed one candidate at a time."""
    lex = mapper.lexical
    detail: dict[int, LabelMatch] = {}
    pool = lex.score_candidates(text, detail, LEX_DEPTH)
    query = pool.query
    qvec = mapper.encoder.encode(text)
    dense = _exact_dense(mapper, qvec)
    head = pool.scored[:LEX_POOL]
    lex_rank = {-s[1]: r for r, s in enumerate(head)}
    dense_rank = {i: r for r, i in enumerate(dense)}
    idx = [-s[1] for s in head] + [i for i in dense if i not in lex_rank]
    if not idx:
        return [], np.zeros((0, len(FEATURES)), dtype=np.float32), []
    qidf = {t: lex.idf[t] for t in sorted(query) if t in lex.idf}
    idf_total = sum(qidf.values()) or 1.0
    rows, labels = [], []
    for i in idx:
        skill = lex._skill(i)
        common = skill.term_set & query
        best_label, best, pref_cov, alt_cov = detail.get(i) or match_labels(skill, common)
        label_terms = skill.labels[best_label][2] if skill.labels else ()
        query_cov = (sum(qidf[t] for t in qidf if t in common and t in label_terms) / idf_total
                     if best else 0.0)
        in_desc = skill.description & query
        desc = sum(qidf[t] for t in qidf if t in in_desc) / idf_total if in_desc else 0.0
        vote = pool.vote_weight * pool.votes.get(i, 0.0)
        recall = pool.acc.get(i, 0.0)
        score = W_RECALL * recall + W_COVERAGE * best + skill.prior + vote
        rows.append([score, lex_rank.get(i, ABSENT_RANK), recall, best, pref_cov, alt_cov,
                     query_cov, desc, vote, 0.0, dense_rank.get(i, ABSENT_RANK), 0.0, 0.0, 0.0,
                     0.0, 0.0, 0.0, 0.0, 0.0, float(len(query)), float(len(label_terms))])
        labels.append((best_label, best))
    x = np.asarray(rows, dtype=np.float32)
    ids = np.asarray(idx)
    for col, matrix in ((9, mapper._mix), (11, mapper._pref), (12, mapper._alt),
                        (13, mapper._desc)):
        x[:, col] = np.einsum("ij,j->i", matrix[ids], qvec)
    x[:, 14] = x[:, 9] - x[:, 9].max()
    x[:, 15] = x[:, 0] - x[:, 0].max()
    x[:, 16:19] = mapper._static[ids]
    return idx, x, labels


@pytest.fixture(scope="module")
def learned(full_db: Path) -> LearnedMapper:
    mapper = ranker_module.learned_ranker(EscoIndex.open(full_db))
    assert mapper is not None
    return mapper


def test_features_equal_the_per_candidate_computation(learned: LearnedMapper) -> None:
    labels = [learned.lexical._skill(i).labels for i in range(0, learned._n, 997)]
    texts = TEXTS + [label[1] for skill in labels for label in skill[:2]]
    for text in texts:
        idx, x, best = _reference(learned, text)
        cands = learned.candidates(text)
        assert cands.idx == idx, text
        assert np.array_equal(cands.features, x), text
        assert [(int(n), float(b)) for n, b in zip(cands.best_label, cands.best,
                                                   strict=True)] == best, text


def test_dense_short_list_is_the_exact_top_list(learned: LearnedMapper) -> None:
    rng = np.random.default_rng(18)
    queries = [learned.encoder.encode(t) for t in TEXTS]
    queries += [v / np.linalg.norm(v) for v in rng.standard_normal((20, learned.encoder.dim),
                                                                   dtype=np.float32)]
    for qvec in queries:
        assert learned.dense_top(qvec)[1] == _exact_dense(learned, qvec)


def test_cut_leaves_at_least_the_pool() -> None:
    """The sampled guess is checked: a sample that holds only high values is not trusted."""
    values = np.linspace(0.0, 0.5, 60, dtype=np.float32)
    values[::8] = 10.0  # every sampled value is high: the guess leaves 8 values
    cut = LearnedMapper._cut(values)
    assert np.count_nonzero(values >= cut) == DENSE_POOL
    ordinary = np.random.default_rng(1).random(20_000).astype(np.float32)
    assert np.count_nonzero(ordinary >= LearnedMapper._cut(ordinary)) >= DENSE_POOL
    assert LearnedMapper._cut(ordinary[:DENSE_POOL]) == -np.inf


def test_forest_in_blocks_scores_as_one_pass(learned: LearnedMapper) -> None:
    model = load_model()
    assert model is not None
    x = np.vstack([learned.candidates(t).features for t in TEXTS])
    assert np.array_equal(model.forest.predict(x, block=37), model.forest.predict(x))


def test_worker_pool_gives_the_same_results(learned: LearnedMapper) -> None:
    texts = (TEXTS * (PARALLEL_MIN // len(TEXTS) + 1))[:PARALLEL_MIN + 3]
    one_by_one = [learned.map(t, top=5) for t in texts]
    assert learned.map_many(texts, top=5) == one_by_one
    try:
        assert learned.map_many(texts, top=5, jobs=2) == one_by_one
        assert learned.worker_cpu_seconds > 0
        pids = [p.pid for p in learned._pool._processes.values()]
        assert len(pids) == 2 and os.getpid() not in pids
        assert learned.map_many(texts[:3], top=5, jobs=2) == one_by_one[:3]  # in-process
    finally:
        learned.close()
    assert learned._pool is None
    for pid in pids:  # the workers are gone
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    # a spawned worker gets the mapper pickled as its index path and thresholds
    import pickle

    copy = pickle.loads(pickle.dumps(learned))
    assert copy is not learned and copy.index.path == learned.index.path
    assert copy.map(texts[0], top=5) == one_by_one[0]


def test_damaged_tables_fall_back_to_the_lexical_ranker(full_db: Path, tmp_path: Path) -> None:
    for name, sql in (("missing", "DELETE FROM map_array WHERE name = 'entry_share'"),
                      ("short", "UPDATE map_array SET data = substr(data, 1, 100)"
                                " WHERE name = 'entry_term'"),
                      ("out of range", "UPDATE map_array SET data = zeroblob(length(data))"
                                       " WHERE name = 'entry_ptr'"),
                      ("vectors", "UPDATE map_vector SET data = substr(data, 1, 64)")):
        copy = tmp_path / f"{name}.sqlite"
        copy.write_bytes(full_db.read_bytes())
        with sqlite3.connect(copy) as conn:
            conn.execute(sql)
        mapper = Mapper(EscoIndex.open(copy))
        assert mapper.ranker == "lexical", name
        assert mapper.map("Design a relational database schema", top=1), name


def test_damaged_posting_is_a_clear_error(full_db: Path, tmp_path: Path) -> None:
    from mcqa.errors import DataStoreError

    copy = tmp_path / "posting.sqlite"
    copy.write_bytes(full_db.read_bytes())
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE map_posting SET skills = x'ffffffff', weights = x'0000803f'"
                     " WHERE term = 'databas'")
    mapper = Mapper(EscoIndex.open(copy))
    assert mapper.ranker == "learned"
    with pytest.raises(DataStoreError, match="damaged"):
        mapper.map("database")


def test_filler_text_is_not_taken_for_a_skill(learned: LearnedMapper) -> None:
    """Placeholder text shares a word with ESCO ("sit"); its unknown words make the
    calibrated probability fall below the reject cut, so the mapper abstains."""
    from mcqa.esco.ranker import unknown_share

    known = learned.encoder.index
    assert unknown_share("Lorem ipsum dolor sit amet", known) == 0.8
    assert unknown_share("Design a relational database schema", known) == 0.0
    assert unknown_share("the and of", known) == 0.0
    filler = learned.map("Lorem ipsum dolor sit amet", top=5)
    assert filler and all(s.decision == "reject" for s in filler)
    real = learned.map("Design and implement a relational database schema", top=3)
    assert real[0].decision == "accept"
    # the same score counts for less in a text of unknown words
    model = learned.model
    raw = np.asarray([1.5], dtype=np.float32)
    assert model.calibration[2] < 0
    assert model.probability(raw, 0.8)[0] < model.probability(raw, 0.1)[0] \
        < model.probability(raw)[0]
