"""Static word embeddings for the learned ESCO ranker: a text is the weighted mean of its words.

A transformer encoder (all-MiniLM-L6-v2) reads about 100 texts/s on two cores; the
mapper must do 500. So its knowledge is distilled once, offline, into a table of word
vectors (``benchmarks/esco_train.py vectors``: every word of the English ESCO release and
of MiniLM's own vocabulary, encoded alone by MiniLM, reduced by PCA) that ships in
``standards/esco-ranker/``. Encoding is then a dictionary look-up and a mean, and the
skill vectors are computed at import time and stored in the index (``map_vector``).

Needs numpy (the ``esco-ml`` extra); :func:`load_encoder` returns ``None`` without it, and
the mapper falls back to the lexical ranker.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcqa.esco.text import words

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Matrix = NDArray[np.float32]

RANKER_DIR = "esco-ranker"
"""Folder under the bundled ``standards/`` data that holds the encoder and the ranker model."""


def ranker_dir() -> Path:
    """Where the shipped word vectors and ranker parameters live."""
    from mcqa.resources import standards_dir

    return standards_dir() / RANKER_DIR


class StaticEncoder:
    """Text -> unit vector: the weighted mean of known word vectors (unknown words are skipped)."""

    def __init__(self, vocab: list[str], vectors: Matrix, weights: Matrix, digest: str) -> None:
        import numpy as np

        self.index = {w: i for i, w in enumerate(vocab)}
        self.vectors = vectors
        """V x D float32, rows pre-multiplied by their word weight."""
        self.weights = weights
        self.digest = digest
        """Fingerprint of the vector file: an index built with other vectors is not used."""
        self.dim = int(vectors.shape[1])
        self._np = np

    def ids(self, text: str) -> list[int]:
        """Row numbers of the known words of ``text`` (repeats kept)."""
        get = self.index.get
        return [i for i in map(get, words(text)) if i is not None]

    def encode(self, text: str) -> Matrix:
        """Unit vector of ``text`` (all zeros when no word is known)."""
        return self.encode_ids(self.ids(text))

    def encode_ids(self, ids: list[int]) -> Matrix:
        """Unit vector of the weighted mean of rows ``ids``."""
        np = self._np
        if not ids:
            zero: Matrix = np.zeros(self.dim, dtype=np.float32)
            return zero
        vec: Matrix = self.vectors[ids].sum(axis=0)
        norm = float(np.sqrt(vec @ vec))
        out: Matrix = vec / norm if norm > 0 else vec
        return out

    def encode_many(self, texts: list[str]) -> Matrix:
        """One unit vector per text (rows), zeros for texts with no known word."""
        np = self._np
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for n, text in enumerate(texts):
            ids = self.ids(text)
            if ids:
                out[n] = self.vectors[ids].sum(axis=0)
        norms = np.sqrt((out * out).sum(axis=1, keepdims=True))
        norms[norms == 0] = 1.0
        result: Matrix = out / norms
        return result


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:
        return None
    return numpy


@cache
def load_encoder(folder: Path | None = None) -> StaticEncoder | None:
    """The shipped encoder, or ``None`` when numpy or the vector files are missing."""
    np = _numpy()
    base = folder or ranker_dir()
    vec_file, vocab_file = base / "word_vectors.npy", base / "encoder.json"
    if np is None or not vec_file.is_file() or not vocab_file.is_file():
        return None
    raw = vec_file.read_bytes()
    spec = json.loads(vocab_file.read_text(encoding="utf-8"))
    import io

    table = np.load(io.BytesIO(raw)).astype(np.float32)
    scale = np.asarray(spec["scales"], dtype=np.float32)[:, None] if "scales" in spec else 1.0
    weights = np.asarray(spec["weights"], dtype=np.float32)
    vectors = table * scale * weights[:, None]
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return StaticEncoder(list(spec["words"]), vectors.astype(np.float32), weights, digest)


VECTOR_FIELDS = ("pref", "alt", "description")
"""Skill vectors stored per field: preferred label, alternative labels, description."""


def build_skill_vectors(conn: Any, skills: list[Any]) -> None:
    """Store one unit vector per skill and field in ``map_vector`` (empty without the encoder).

    ``skills`` are :class:`mcqa.esco.dataset.Concept` in index order. The alternative-label
    vector of a skill without alternative labels is its preferred-label vector.
    """
    conn.execute("CREATE TABLE map_vector(field TEXT PRIMARY KEY, encoder TEXT NOT NULL,"
                 " dim INTEGER NOT NULL, data BLOB NOT NULL) WITHOUT ROWID")
    encoder = load_encoder()
    if encoder is None:
        return
    pref = encoder.encode_many([s.pref for s in skills])
    alt = encoder.encode_many([" ".join(a for a in s.alt if a.lower() != s.pref.lower())
                               or s.pref for s in skills])
    desc = encoder.encode_many([s.description or s.pref for s in skills])
    conn.executemany("INSERT INTO map_vector VALUES (?,?,?,?)",
                     [(name, encoder.digest, encoder.dim, matrix.astype("<f2").tobytes())
                      for name, matrix in zip(VECTOR_FIELDS, (pref, alt, desc), strict=True)])
