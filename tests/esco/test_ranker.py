"""The learned ranker: forest layout, features, calibrated decisions, abstaining, fallback."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import mcqa.esco.ranker as ranker_module
from mcqa.esco import EscoIndex, Mapper
from mcqa.esco.dense import load_encoder
from mcqa.esco.ranker import FEATURES, Forest, forest_from_lightgbm, load_model

from .conftest import DB_SKILL
from .test_cli_esco import invoke


def _leaf(v: float) -> dict[str, Any]:
    return {"leaf_value": v}


def _split(f: int, t: float, left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    return {"split_feature": f, "threshold": t, "decision_type": "<=", "missing_type": "None",
            "default_left": True, "left_child": left, "right_child": right}


def _walk(node: dict[str, Any], row: list[float]) -> float:
    while "leaf_value" not in node:
        node = node["left_child"] if row[node["split_feature"]] <= node["threshold"] \
            else node["right_child"]
    return float(node["leaf_value"])


def test_forest_layout_scores_like_the_trees() -> None:
    """Uneven trees padded to one depth give the same sums as walking them."""
    trees = [
        _split(0, 0.5, _leaf(1.0), _split(1, -1.0, _leaf(2.0), _split(2, 3.0, _leaf(-1.0),
                                                                        _leaf(0.25)))),
        _leaf(0.5),
        _split(2, 1.0, _split(0, 0.0, _leaf(-2.0), _leaf(4.0)), _leaf(3.0)),
    ]
    spec = forest_from_lightgbm({"tree_info": [{"tree_structure": t} for t in trees]})
    assert spec["depth"] == 3
    forest = Forest(feature=np.asarray(spec["feature"], dtype=np.intp),
                    threshold=np.asarray(spec["threshold"], dtype=np.float64),
                    value=np.asarray(spec["value"], dtype=np.float32), depth=spec["depth"])
    rng = random.Random(5)
    rows = [[rng.choice([-2.0, -1.0, 0.0, 0.5, 1.0, 3.0, 4.0]) for _ in range(3)]
            for _ in range(200)]
    got = forest.predict(np.asarray(rows, dtype=np.float32))
    want = [sum(_walk(t, r) for t in trees) for r in rows]
    assert np.allclose(got, want)
    with pytest.raises(ValueError, match="unsupported split"):
        forest_from_lightgbm({"tree_info": [{"tree_structure": {
            **_split(0, 1.0, _leaf(0), _leaf(1)), "decision_type": "=="}}]})


def test_shipped_model_and_encoder_are_consistent() -> None:
    model, encoder = load_model(), load_encoder()
    assert model is not None and encoder is not None
    assert model.features == FEATURES
    assert 0.0 < model.reject < model.accept < 1.0
    info = model.info
    assert "tune" in info["training_data"]["gold"] and "held" not in info["training_data"]["gold"]
    assert info["training_data"]["encoder"] == encoder.digest
    vec = encoder.encode("relational database design")
    assert vec.shape == (encoder.dim,) and abs(float(vec @ vec) - 1.0) < 1e-5
    assert not encoder.encode("qqqq zzzz").any()


def test_learned_mapping_full_release(full_db: Path) -> None:
    mapper = Mapper(EscoIndex.open(full_db))
    assert mapper.ranker == "learned" and "learned" in mapper.method
    text = "Design and implement a relational database schema"
    result = mapper.map(text, top=10)
    assert DB_SKILL in [s.uri for s in result[:3]]
    scores = [s.score for s in result]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    for s in result:
        assert s.ranker == "learned" and s.dense_similarity is not None
        assert s.model_score is not None
        assert s.decision == ("reject" if s.score < (mapper.reject_threshold or 0) else
                              "accept" if s.score >= mapper.threshold else "review")
    top = next(s for s in result if s.uri == DB_SKILL)
    assert "label 'design database scheme'" in top.reason
    assert "meaning similarity" in top.reason and "model" in top.reason
    assert mapper.map("zzzz qqqq") == []
    # a batch is the same as one text per call, and the output is deterministic
    texts = [text, "Knife skills and food safety", "Communicate with customers"]
    assert mapper.map_many(texts, top=5) == [mapper.map(t, top=5) for t in texts]
    # the previous ranker stays available as the baseline
    lexical = Mapper(mapper.index, ranker="lexical")
    assert lexical.ranker == "lexical" and lexical.reject_threshold is None
    assert lexical.map(text, top=1)[0].uri == DB_SKILL


def test_meaning_without_shared_words(full_db: Path) -> None:
    """The dense side brings in skills whose labels share no word with the text."""
    mapper = Mapper(EscoIndex.open(full_db))
    result = mapper.map("Butchery", top=10)
    assert any(not s.matched_terms for s in result)


def test_fallback_to_lexical(full_db: Path, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    index = EscoIndex.open(full_db)
    monkeypatch.setattr(ranker_module, "load_model", lambda: None)
    assert Mapper(index).ranker == "lexical"
    monkeypatch.undo()
    # an index whose vectors came from other word vectors is not scored with them
    copy = tmp_path / "other.sqlite"
    copy.write_bytes(full_db.read_bytes())
    import sqlite3

    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE map_vector SET encoder = 'other'")
    mapper = Mapper(EscoIndex.open(copy))
    assert mapper.ranker == "lexical"
    assert mapper.map("Design a relational database schema", top=1)[0].uri == DB_SKILL


def test_cli_abstains_and_shows_signals(full_db: Path) -> None:
    code, out, _ = invoke(["esco", "map", "Design and implement a relational database schema",
                           "--db", str(full_db), "--format", "json", "--top", "3"])
    data = json.loads(out)
    assert code == 0 and data["ranker"] == "learned"
    first = data["results"][0]
    assert not first["abstained"]
    sug = first["suggestions"][0]
    assert {"dense_similarity", "model_score", "decision", "reason", "matched_label"} <= set(sug)
    code, out, _ = invoke(["esco", "map", "The weather was lovely on Tuesday", "--db",
                           str(full_db), "--format", "text", "--reject-below", "0.999"])
    assert code == 0 and "no skill above threshold" in out
    code, out, _ = invoke(["esco", "map", "The weather was lovely on Tuesday", "--db",
                           str(full_db), "--format", "json", "--reject-below", "0.999"])
    data = json.loads(out)
    assert data["results"][0]["abstained"] and data["results"][0]["suggestions"] == []
    code, out, _ = invoke(["esco", "map", "SQL", "--db", str(full_db), "--format", "json",
                           "--ranker", "lexical"])
    assert json.loads(out)["ranker"] == "lexical"


def test_without_numpy_everything_falls_back(slice_v111: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """No numpy: no encoder, no model, an index without vectors, and the lexical ranker."""
    import sys

    import mcqa.esco.dense as dense_module

    monkeypatch.setitem(sys.modules, "numpy", None)  # `import numpy` raises ImportError
    assert dense_module.load_encoder.__wrapped__() is None
    assert ranker_module.load_model.__wrapped__() is None
    monkeypatch.setattr(dense_module, "load_encoder", lambda: None)
    db = tmp_path / "plain.sqlite"
    from mcqa.esco import import_esco

    import_esco(slice_v111, db)
    monkeypatch.undo()
    index = EscoIndex.open(db)
    assert index.conn.execute("SELECT count(*) FROM map_vector").fetchone()[0] == 0
    mapper = Mapper(index)
    assert mapper.ranker == "lexical"
    assert mapper.map("Design a database scheme", top=1)[0].uri == DB_SKILL


def test_same_output_whatever_the_hash_seed(full_db: Path) -> None:
    """Features are summed in a fixed order: byte-identical output in every process."""
    import os
    import subprocess
    import sys

    text = "Communicate effectively in a team and solve problems"

    def run(seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-m", "mcqa", "esco", "map", text,
                               "--db", str(full_db), "--format", "json", "--top", "10"],
                              capture_output=True, text=True, env=env, check=True)
        return proc.stdout

    first = run("1")
    assert '"ranker": "learned"' in first
    assert run("4242") == first
