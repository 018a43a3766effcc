"""Every skill's label terms, shares and description terms as flat arrays, for the learned ranker.

The lexical ranker reads one ``map_skill`` row per candidate and parses its labels (JSON)
in Python; the learned ranker scores about 170 candidates per text and would spend most of
its time there. So the import also stores the same facts as a few flat arrays in
``map_array`` (compressed-sparse-row: one offset array per skill plus the entries), and
:class:`SkillTable` loads them once with numpy, checks them, and lets the ranker compute
the label coverage of all candidates of a text with a handful of array operations.

The arrays are written with the standard library (no numpy needed at import), little-endian:

========================  =========  =====================================================
name                      type       what
========================  =========  =====================================================
``terms``                 text       every indexed term, sorted, one per line (term id =
                                     line number, so ids sort as the terms do)
``term_idf``              float64    IDF of each term (as ``map_posting.idf``)
``entry_ptr``             uint32     per skill: first entry (N + 1 offsets)
``entry_term``            uint32     per entry: term id; a skill's entries are sorted by
                                     term, then label, so sums run in term order as the
                                     lexical ranker's do
``entry_label``           uint32     per entry: label number within the skill
``entry_share``           float64    per entry: the term's IDF share of the label x the
                                     preferred-label bonus (the lexical ranker's share)
``label_ptr``             uint32     per skill: first label (N + 1 offsets)
``label_terms``           uint32     per label: number of terms
``pref_first``            uint8      per skill: 1 when label 0 is the preferred label
``desc_ptr``              uint32     per skill: first description term (N + 1 offsets)
``desc_term``             uint32     description term ids, sorted
========================  =========  =====================================================
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3

    import numpy as np
    from numpy.typing import NDArray

LabelSpec = tuple[bool, str, tuple[str, ...]]
"""(is the preferred label, label text, its distinct terms in order)."""

_TYPES = {"term_idf": "d", "entry_ptr": "I", "entry_term": "I", "entry_label": "I",
          "entry_share": "d", "label_ptr": "I", "label_terms": "I", "pref_first": "B",
          "desc_ptr": "I", "desc_term": "I"}
_DTYPES = {"d": "<f8", "I": "<u4", "B": "u1"}


def _pack(typecode: str, values: Sequence[float] | Sequence[int]) -> bytes:
    """Little-endian bytes of ``values`` (``array`` is native-endian)."""
    arr = array(typecode, values)
    if arr.itemsize != {"d": 8, "I": 4, "B": 1}[typecode]:
        raise RuntimeError(f"array type {typecode!r} has an unexpected size here")
    if sys.byteorder == "big":
        arr.byteswap()
    return arr.tobytes()


def write_skill_table(conn: sqlite3.Connection, idf: dict[str, float],
                      labels: Sequence[Sequence[LabelSpec]],
                      weights: Sequence[Sequence[Sequence[float]]],
                      descriptions: Sequence[Iterable[str]], pref_bonus: float) -> None:
    """Store the arrays (see the module docstring) in ``map_array``.

    ``labels`` (with their terms' ``weights``) and ``descriptions`` are per skill in index
    order, as ``map_skill`` stores them; the shares are computed as
    :meth:`LexicalMapper._skill` computes them from there (weight / the label's total
    weight x bonus), so they are the same floats.
    """
    vocab = sorted(idf)
    term_id = {t: i for i, t in enumerate(vocab)}
    entry_ptr, label_ptr, desc_ptr = [0], [0], [0]
    entry_term: list[int] = []
    entry_label: list[int] = []
    entry_share: list[float] = []
    label_terms: list[int] = []
    pref_first: list[int] = []
    desc_term: list[int] = []
    for skill_labels, skill_weights, desc in zip(labels, weights, descriptions, strict=True):
        entries: list[tuple[int, int, float]] = []
        for n, ((is_pref, _text, key), ws) in enumerate(
                zip(skill_labels, skill_weights, strict=True)):
            total = sum(ws) or 1.0
            bonus = pref_bonus if is_pref else 1.0
            entries += [(term_id[t], n, w / total * bonus) for t, w in zip(key, ws, strict=True)]
            label_terms.append(len(key))
        entries.sort()
        if entries:
            ids, nums, shares = zip(*entries, strict=True)
            entry_term += ids
            entry_label += nums
            entry_share += shares
        entry_ptr.append(len(entry_term))
        label_ptr.append(len(label_terms))
        pref_first.append(1 if skill_labels and skill_labels[0][0] else 0)
        desc_term += sorted(term_id[t] for t in desc)
        desc_ptr.append(len(desc_term))
    columns: dict[str, Any] = {
        "term_idf": [idf[t] for t in vocab], "entry_ptr": entry_ptr, "entry_term": entry_term,
        "entry_label": entry_label, "entry_share": entry_share, "label_ptr": label_ptr,
        "label_terms": label_terms, "pref_first": pref_first, "desc_ptr": desc_ptr,
        "desc_term": desc_term}
    rows = [("terms", "\n".join(vocab).encode("utf-8"))]
    rows += [(name, _pack(_TYPES[name], values)) for name, values in columns.items()]
    conn.executemany("INSERT INTO map_array VALUES (?,?)", rows)


class SkillTableError(ValueError):
    """The stored arrays are missing or do not fit together (an index from elsewhere)."""


@dataclass(frozen=True)
class SkillTable:
    """The arrays of ``map_array`` as numpy arrays (indices as ``intp``), checked."""

    vocab: dict[str, int]
    term_idf: NDArray[np.float64]
    entry_ptr: NDArray[np.intp]
    entry_term: NDArray[np.intp]
    entry_label: NDArray[np.intp]
    entry_share: NDArray[np.float64]
    label_ptr: NDArray[np.intp]
    label_terms: NDArray[np.intp]
    pref_first: NDArray[np.bool_]
    desc_ptr: NDArray[np.intp]
    desc_term: NDArray[np.intp]

    @property
    def n_skills(self) -> int:
        """Number of skills (rows of ``map_skill``)."""
        return len(self.entry_ptr) - 1

    @classmethod
    def load(cls, conn: sqlite3.Connection, n_skills: int) -> SkillTable:
        """Read and check the arrays; :class:`SkillTableError` when they do not fit."""
        import numpy as np

        blobs = dict(conn.execute("SELECT name, data FROM map_array").fetchall())
        missing = sorted({"terms", *_TYPES} - set(blobs))
        if missing:
            raise SkillTableError(f"map_array lacks {', '.join(missing)}")
        try:
            words = bytes(blobs["terms"]).decode("utf-8").split("\n") if blobs["terms"] else []
            raw = {name: np.frombuffer(bytes(blobs[name]), dtype=_DTYPES[code])
                   for name, code in _TYPES.items()}
        except (UnicodeDecodeError, ValueError, TypeError) as exc:
            raise SkillTableError(f"map_array unreadable: {exc}") from None
        ints = {name: raw[name].astype(np.intp) for name, code in _TYPES.items()
                if code != "d"}
        table = cls(vocab={w: i for i, w in enumerate(words)},
                    term_idf=raw["term_idf"].astype(np.float64),
                    entry_ptr=ints["entry_ptr"], entry_term=ints["entry_term"],
                    entry_label=ints["entry_label"],
                    entry_share=raw["entry_share"].astype(np.float64),
                    label_ptr=ints["label_ptr"], label_terms=ints["label_terms"],
                    pref_first=ints["pref_first"].astype(bool),
                    desc_ptr=ints["desc_ptr"], desc_term=ints["desc_term"])
        table._check(n_skills, len(words))
        return table

    def _check(self, n_skills: int, n_terms: int) -> None:
        """Offsets start at 0, never decrease and end at their entry count; ids in range."""
        import numpy as np

        def offsets(name: str, ptr: NDArray[np.intp], size: int) -> None:
            if (len(ptr) != n_skills + 1 or ptr[0] != 0 or ptr[-1] != size
                    or bool((np.diff(ptr) < 0).any())):
                raise SkillTableError(f"map_array {name} does not fit {n_skills} skills")

        if len(self.term_idf) != n_terms or len(set(self.vocab)) != n_terms:
            raise SkillTableError("map_array terms and term_idf differ")
        if not (len(self.entry_term) == len(self.entry_label) == len(self.entry_share)):
            raise SkillTableError("map_array entry arrays differ in length")
        offsets("entry_ptr", self.entry_ptr, len(self.entry_term))
        offsets("label_ptr", self.label_ptr, len(self.label_terms))
        offsets("desc_ptr", self.desc_ptr, len(self.desc_term))
        if len(self.pref_first) != n_skills:
            raise SkillTableError("map_array pref_first does not fit")
        for name, ids in (("entry_term", self.entry_term), ("desc_term", self.desc_term)):
            if len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= n_terms):
                raise SkillTableError(f"map_array {name} out of range")
        owner = np.repeat(np.arange(n_skills), np.diff(self.entry_ptr))
        n_labels = np.diff(self.label_ptr)
        if len(self.entry_label) and bool((self.entry_label >= n_labels[owner]).any()):
            raise SkillTableError("map_array entry_label out of range")


def segments(ptr: NDArray[np.intp], rows: NDArray[np.intp]
             ) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """(owner, position) of every entry of ``rows`` in a CSR layout with offsets ``ptr``:
    ``owner`` numbers the row in ``rows`` (0, 0, 0, 1, 1, ...), ``position`` indexes the
    entry arrays; entries keep their stored order."""
    import numpy as np

    starts = ptr[rows]
    lengths = ptr[rows + 1] - starts
    owner = np.repeat(np.arange(len(rows)), lengths)
    shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    position: NDArray[np.intp] = np.arange(len(owner)) + shift
    return owner, position
