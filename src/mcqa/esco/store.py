"""The ESCO SQLite store: schema, writer, and :class:`EscoIndex` for look-ups and validation.

One file holds a whole release (concepts, labels, relations, collections), an
FTS5 table for ``search`` and the precomputed mapping tables, so every
command works offline and fast from a cold start. Imports write a fresh temp
file and atomically replace the target: re-importing is idempotent and a
failed import never leaves a half-written index behind.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

from mcqa.errors import DataStoreError
from mcqa.esco.dataset import Dataset
from mcqa.esco.text import words
from mcqa.marks import N_

SCHEMA_VERSION = "4"

UriStatus = Literal["ok", "unknown", "obsolete", "not_a_skill", "malformed"]

_URI = re.compile(r"^https?://data\.europa\.eu/esco/[A-Za-z0-9_./:-]+$")

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE concept(
    id INTEGER PRIMARY KEY, uri TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, pref TEXT NOT NULL,
    status TEXT NOT NULL, replaced_by TEXT, skill_type TEXT, reuse_level TEXT, code TEXT,
    isco_group TEXT, description TEXT);
CREATE TABLE label(concept_id INTEGER NOT NULL, role TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE occupation_skill(occupation TEXT NOT NULL, skill TEXT NOT NULL,
    relation TEXT NOT NULL);
CREATE TABLE skill_skill(skill TEXT NOT NULL, related TEXT NOT NULL, relation TEXT NOT NULL);
CREATE TABLE broader(uri TEXT NOT NULL, broader TEXT NOT NULL);
CREATE TABLE collection(uri TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE language(code TEXT PRIMARY KEY, base INTEGER NOT NULL, version TEXT NOT NULL,
    source TEXT NOT NULL, counts TEXT NOT NULL);
CREATE TABLE concept_label(uri TEXT NOT NULL, lang TEXT NOT NULL, role TEXT NOT NULL,
    text TEXT NOT NULL);
CREATE VIRTUAL TABLE concept_fts USING fts5(pref, alt, hidden, description,
    tokenize='porter unicode61');
"""
_INDEXES = """
CREATE INDEX label_concept ON label(concept_id);
CREATE INDEX os_skill ON occupation_skill(skill);
CREATE INDEX os_occupation ON occupation_skill(occupation);
CREATE INDEX ss_skill ON skill_skill(skill);
CREATE INDEX broader_uri ON broader(uri);
CREATE INDEX collection_uri ON collection(uri);
CREATE INDEX concept_label_uri ON concept_label(uri, lang);
"""

Step = Callable[[str], None]


DATA_DIR_ENV = "MCQA_DATA_DIR"
"""Environment variable naming the folder that holds the default ESCO index."""


def default_db_path() -> Path:
    """Where ``mcqa esco import`` writes and ``check``/``dossier`` look unless told otherwise.

    ``$MCQA_DATA_DIR/esco.sqlite`` when that variable is set (CI, tests and shared
    installs must not depend on one user's data folder), else the platform's user
    data folder for mcqa.
    """
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override) / "esco.sqlite"
    import platformdirs

    return Path(platformdirs.user_data_dir("mcqa")) / "esco.sqlite"


def write_index(data: Dataset, db: Path, step: Step | None = None) -> dict[str, int]:
    """Store ``data`` in a new SQLite file at ``db`` (atomic replace); return counts."""
    from mcqa.esco.mapper import build_mapping_tables

    tick = step or (lambda _msg: None)
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataStoreError(f"cannot create folder: {exc.strerror}", file=str(db.parent),
                             hint="choose a writable --db path") from None
    tmp = db.with_name(f".{db.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(tmp)
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.executescript(_SCHEMA)
        tick("concepts")
        concepts = sorted(data.concepts.values(), key=lambda c: c.uri)
        conn.executemany(
            "INSERT INTO concept VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            ((i, c.uri, c.kind, c.pref, c.status, c.replaced_by, c.skill_type, c.reuse_level,
              c.code, c.isco_group, c.description) for i, c in enumerate(concepts, 1)))
        conn.executemany(
            "INSERT INTO label VALUES (?,?,?)",
            ((i, role, text) for i, c in enumerate(concepts, 1)
             for role, items in (("pref", [c.pref]), ("alt", c.alt), ("hidden", c.hidden))
             for text in items if text))
        conn.executemany("INSERT INTO occupation_skill VALUES (?,?,?)",
                         sorted(data.occupation_skill))
        conn.executemany("INSERT INTO skill_skill VALUES (?,?,?)", sorted(data.skill_skill))
        conn.executemany("INSERT INTO broader VALUES (?,?)", sorted(data.broader))
        conn.executemany("INSERT INTO collection VALUES (?,?)", sorted(data.collections))
        tick("search index")
        conn.executemany(
            "INSERT INTO concept_fts(rowid, pref, alt, hidden, description) VALUES (?,?,?,?,?)",
            ((i, c.pref, "\n".join(c.alt), "\n".join(c.hidden), c.description)
             for i, c in enumerate(concepts, 1)))
        _write_translations(conn, data, concepts)
        conn.executescript(_INDEXES)
        tick("mapping index")
        build_mapping_tables(conn, data)
        for code in sorted(data.translations):
            build_mapping_tables(conn, translated_dataset(data, code), suffix=f"_{code}")
        counts = _kind_counts(concepts)
        counts["occupation_skill"] = len(data.occupation_skill)
        conn.execute("INSERT INTO language VALUES (?,1,?,?,?)",
                     (data.language, data.version, data.source,
                      json.dumps(counts, sort_keys=True)))
        meta = {
            "schema_version": SCHEMA_VERSION, "esco_version": data.version,
            "language": data.language, "source": data.source,
            "imported_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "counts": json.dumps(counts, sort_keys=True),
        }
        conn.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        conn.commit()
        conn.close()
        os.replace(tmp, db)
    except sqlite3.Error as exc:
        raise DataStoreError(f"cannot write ESCO index: {exc}", file=str(db),
                             hint="check free disk space and permissions") from None
    except OSError as exc:
        raise DataStoreError(f"cannot write ESCO index: {exc.strerror}", file=str(db),
                             hint="choose a writable --db path") from None
    finally:
        tmp.unlink(missing_ok=True)
    return counts


_KINDS = ("skill", "occupation", "skill-group", "isco-group")
_LANG_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z]+)?$")


def _kind_counts(concepts: Iterable[Any]) -> dict[str, int]:
    found = [c.kind for c in concepts]
    return {kind: found.count(kind) for kind in _KINDS}


def _write_translations(conn: sqlite3.Connection, data: Dataset,
                        concepts: Sequence[Any]) -> None:
    """Labels of the further languages (by concept URI) and one ``language`` row each."""
    for code in sorted(data.translations):
        if not _LANG_CODE.match(code):
            raise DataStoreError(f"not a language code: {code!r}", file=data.source)
        trans = data.translations[code]
        items = sorted(trans.concepts.values(), key=lambda c: c.uri)
        conn.executemany("INSERT INTO concept_label VALUES (?,?,?,?)", (
            (c.uri, code, role, text) for c in items
            for role, texts in (("pref", [c.pref]), ("alt", c.alt), ("hidden", c.hidden),
                                ("description", [c.description]))
            for text in texts if text))
        counts = _kind_counts(c for c in items if c.pref)
        counts["dropped"] = trans.dropped
        counts["base_skills_labelled_pct"] = round(
            100 * counts["skill"] / max(1, sum(1 for c in concepts if c.kind == "skill")))
        conn.execute("INSERT INTO language VALUES (?,0,?,?,?)",
                     (code, ", ".join(dict.fromkeys(trans.versions)),
                      "; ".join(trans.sources), json.dumps(counts, sort_keys=True)))


def translated_dataset(data: Dataset, code: str) -> Dataset:
    """The base release with the labels of language ``code`` in place of its own.

    Concepts without a label in ``code`` are left out; types, reuse levels and relations
    (language-independent in ESCO) are the base's. Mapping tables for ``code`` are built
    from this.
    """
    from mcqa.esco.dataset import Concept

    trans = data.translations[code]
    out = Dataset(language=code, version=data.version, source=data.source,
                  occupation_skill=data.occupation_skill)
    for uri, t in trans.concepts.items():
        base = data.concepts[uri]
        if t.pref:
            out.concepts[uri] = Concept(
                uri=uri, kind=base.kind, pref=t.pref, alt=t.alt, hidden=t.hidden,
                description=t.description, status=base.status, replaced_by=base.replaced_by,
                skill_type=base.skill_type, reuse_level=base.reuse_level, code=base.code,
                isco_group=base.isco_group)
    return out


NOT_A_SKILL = {
    "occupation": N_("is an ESCO occupation, not a skill"),
    "skill-group": N_("is an ESCO skill-group, not a skill"),
    "isco-group": N_("is an ESCO isco-group, not a skill"),
}
"""A whole sentence per ESCO concept type, so the type is translated with it."""


@dataclass(frozen=True)
class LanguageInfo:
    """One language whose labels an index holds."""

    code: str
    base: bool
    """True for the language of the base release (the one with skills and relations)."""
    version: str
    """ESCO release(s) the labels come from, e.g. ``v1.1.1`` or ``v1.2.0``."""
    source: str
    counts: dict[str, int]
    """Concepts with a label per type; for further languages also ``dropped`` (labels of
    concepts the base release lacks) and ``base_skills_labelled_pct``."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class ConceptInfo:
    """What a rule needs to know about one ESCO URI."""

    uri: str
    type: str
    """skill | occupation | skill-group | isco-group"""
    status: str
    """released | obsolete (as the release states)"""
    preferred_label: str
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    replaced_by: str | None = None
    description: str = ""
    skill_type: str = ""
    reuse_level: str = ""
    code: str = ""
    isco_group: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class UriCheck:
    """Verdict on one URI stated in a skill slot."""

    uri: str
    status: UriStatus
    label: str | None = None
    replaced_by: str | None = None
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class OccupationLink:
    """An occupation reached from skills through occupation-skill relations."""

    uri: str
    label: str
    isco_code: str
    essential: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    total_essential: int = 0

    @property
    def relation(self) -> str:
        """``essential`` when any given skill is essential for it, else ``optional``."""
        return "essential" if self.essential else "optional"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data = asdict(self)
        data["relation"] = self.relation
        return data


@dataclass(frozen=True)
class SearchHit:
    """One ``search`` result."""

    uri: str
    type: str
    label: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass
class ConceptDetail:
    """Everything ``mcqa esco show`` prints."""

    info: ConceptInfo
    broader: list[dict[str, str]] = field(default_factory=list)
    narrower_count: int = 0
    collections: list[str] = field(default_factory=list)
    occupations: list[dict[str, str]] = field(default_factory=list)
    skills: list[dict[str, str]] = field(default_factory=list)
    related_skills: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data = asdict(self)
        data["info"] = self.info.to_dict()
        return data


STATEMENT_SECONDS = 10.0
"""Longest any one statement on an ESCO index may run (real look-ups take milliseconds)."""


class _SchemaError(Exception):
    pass


class _GuardedConnection(sqlite3.Connection):
    """A connection whose statements stop after :data:`STATEMENT_SECONDS` (SQLite's
    progress handler, checked every few thousand virtual-machine steps): a crafted index
    cannot hang a check."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        import time

        self._clock = time.monotonic
        self._started = self._clock()
        self.set_progress_handler(self._too_long, 10_000)

    def _too_long(self) -> int:
        return int(self._clock() - self._started > STATEMENT_SECONDS)

    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        """Run a statement, restarting the clock."""
        self._started = self._clock()
        return super().execute(*args, **kwargs)


@cache
def _expected_tables() -> dict[str, set[str]]:
    """Tables (and their columns) the import creates, read from the schema texts."""
    from mcqa.esco.mapper import _MAP_SCHEMA

    probe = sqlite3.connect(":memory:")
    try:
        probe.executescript(_MAP_SCHEMA)
        probe.executescript(_SCHEMA)
        return {name: {row[1] for row in probe.execute(f"PRAGMA table_info({name})")}
                for (name,) in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        probe.close()


def _check_schema(conn: sqlite3.Connection) -> None:
    """The objects mcqa queries are plain tables with the expected columns; no views and
    no triggers anywhere (a view may recurse without end)."""
    objects = {name: kind for kind, name in conn.execute(
        "SELECT type, name FROM sqlite_master LIMIT 10000")}
    odd = sorted(name for name, kind in objects.items() if kind in ("view", "trigger"))
    if odd:
        raise _SchemaError(f"holds views or triggers: {', '.join(odd[:5])}")
    for table, columns in _expected_tables().items():
        if objects.get(table) != "table":
            raise _SchemaError(f"table {table!r} is missing")
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        missing = sorted(columns - have)
        if missing:
            raise _SchemaError(f"table {table!r} lacks column(s) {', '.join(missing)}")


class EscoIndex:
    """Read-only access to an imported ESCO release."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.meta: dict[str, str] = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        self._cache: dict[str, ConceptInfo | None] = {}

    @classmethod
    def open(cls, path: Path | str | None = None) -> EscoIndex:
        """Open the index at ``path`` (default: the user data dir) or explain how to create it.

        The file may come from anywhere, so it is opened read-only, its schema is checked
        (the tables mcqa reads must be plain tables with their columns: no views, which can
        recurse forever, and no triggers), and every statement runs under a time limit
        (:class:`_GuardedConnection`)."""
        db = Path(path) if path is not None else default_db_path()
        from mcqa.fsguard import display_name

        shown = display_name(db)
        if not db.is_file():
            raise DataStoreError("no ESCO index here", file=shown,
                                 hint="run `mcqa esco import PATH` (official ESCO download)")
        try:
            with db.open("rb") as fh:
                magic = fh.read(16)
        except OSError as exc:
            raise DataStoreError(f"cannot read ESCO index: {exc.strerror}", file=shown) from None
        if magic != b"SQLite format 3\x00":
            raise DataStoreError("not an ESCO index (not an SQLite database)", file=shown,
                                 hint="pass the index `mcqa esco import` wrote, not the download")
        try:
            conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True,
                                   check_same_thread=False, factory=_GuardedConnection)
            conn.execute("PRAGMA query_only=ON")
            _check_schema(conn)
            version = conn.execute(
                "SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except _SchemaError as exc:
            raise DataStoreError(f"not a usable ESCO index ({exc})", file=shown,
                                 hint="re-run `mcqa esco import`") from None
        except sqlite3.Error as exc:
            raise DataStoreError(f"not a usable ESCO index ({exc})", file=shown,
                                 hint="re-run `mcqa esco import`") from None
        if version is None or version[0] != SCHEMA_VERSION:
            raise DataStoreError("ESCO index from another mcqa version", file=shown,
                                 hint="re-run `mcqa esco import`")
        return cls(conn, db)

    def close(self) -> None:
        """Close the database connection."""
        self.conn.close()

    @property
    def version(self) -> str:
        """ESCO release stored (e.g. ``v1.1.1``), ``unknown`` when the import could not tell."""
        return self.meta.get("esco_version", "unknown")

    @property
    def language(self) -> str:
        """Language of the labels stored (e.g. ``en``)."""
        return self.meta.get("language", "en")

    @property
    def counts(self) -> dict[str, int]:
        """Number of concepts per type and of occupation-skill relations."""
        result: dict[str, int] = json.loads(self.meta.get("counts", "{}"))
        return result

    @property
    def languages(self) -> list[LanguageInfo]:
        """Every language whose labels the index holds: the base first, then by code."""
        if not hasattr(self, "_languages"):
            rows = self.conn.execute(
                "SELECT code, base, version, source, counts FROM language"
                " ORDER BY base DESC, code LIMIT 100").fetchall()
            self._languages = [LanguageInfo(code=c, base=bool(b), version=v, source=src,
                                            counts=json.loads(n)) for c, b, v, src, n in rows]
        return self._languages

    def has_language(self, code: str) -> bool:
        """Whether the index holds labels in ``code``."""
        return any(info.code == code for info in self.languages)

    def label(self, uri: str, lang: str | None = None) -> str | None:
        """Preferred label of ``uri`` in ``lang`` when the index holds it, else in the base
        language; ``None`` for a URI the release does not have."""
        if lang and lang != self.language:
            row = self.conn.execute(
                "SELECT text FROM concept_label WHERE uri=? AND lang=? AND role='pref'"
                " LIMIT 1", (uri.strip(), lang)).fetchone()
            if row is not None:
                return str(row[0])
        info = self.resolve(uri)
        return info.preferred_label if info is not None else None

    def localized(self, info: ConceptInfo, lang: str | None) -> ConceptInfo:
        """``info`` with its labels and description in ``lang`` where the index has them
        (each field falls back to the base language on its own)."""
        if not lang or lang == self.language:
            return info
        rows = self.conn.execute(
            "SELECT role, text FROM concept_label WHERE uri=? AND lang=? ORDER BY rowid",
            (info.uri, lang)).fetchall()
        if not rows:
            return info
        from dataclasses import replace

        pref = next((t for r, t in rows if r == "pref"), "")
        desc = next((t for r, t in rows if r == "description"), "")
        return replace(info, preferred_label=pref or info.preferred_label,
                       alt_labels=tuple(t for r, t in rows if r == "alt") or info.alt_labels,
                       hidden_labels=tuple(t for r, t in rows if r == "hidden"),
                       description=desc or info.description)

    # --- resolve and validate -------------------------------------------------------
    def resolve(self, uri: str) -> ConceptInfo | None:
        """Look up one URI; ``None`` when this release does not have it."""
        key = uri.strip()
        if key in self._cache:
            return self._cache[key]
        row = self.conn.execute(
            "SELECT id, uri, kind, pref, status, replaced_by, skill_type, reuse_level, code,"
            " isco_group, description FROM concept WHERE uri=?", (key,)).fetchone()
        info: ConceptInfo | None = None
        if row is not None:
            labels = self.conn.execute(
                "SELECT role, text FROM label WHERE concept_id=? ORDER BY rowid",
                (row[0],)).fetchall()
            info = ConceptInfo(
                uri=row[1], type=row[2], preferred_label=row[3], status=row[4],
                replaced_by=row[5], skill_type=row[6] or "", reuse_level=row[7] or "",
                code=row[8] or "", isco_group=row[9] or "", description=row[10] or "",
                alt_labels=tuple(t for r, t in labels if r == "alt"),
                hidden_labels=tuple(t for r, t in labels if r == "hidden"),
            )
        if len(self._cache) < 100_000:
            self._cache[key] = info
        return info

    def check_uri(self, uri: str) -> UriCheck:
        """Whether ``uri`` names a current concept of this release, whatever its type.

        ``ok`` (released), ``obsolete`` (with ``replaced_by`` when the release names
        a successor), ``unknown`` or ``malformed``. Rules that judge the type of a
        slot (skill, occupation) do so separately, so one wrong URI is reported once
        for existence and once for type, never as one muddled verdict.
        """
        text = uri.strip() if isinstance(uri, str) else ""
        if not _URI.match(text):
            return UriCheck(uri=str(uri), status="malformed",
                            message="not an ESCO URI (http://data.europa.eu/esco/…)")
        info = self.resolve(text)
        if info is None and text.startswith("https://") \
                and self.resolve("http://" + text[len("https://"):]) is not None:
            return UriCheck(uri=text, status="malformed",
                            message="ESCO URIs start with http://, not https://")
        if info is None:
            return UriCheck(uri=text, status="unknown", message=f"not in ESCO {self.version}")
        if info.status != "released":
            return UriCheck(
                uri=text, status="obsolete", label=info.preferred_label,
                replaced_by=info.replaced_by,
                message=f"{info.status} in ESCO {self.version}"
                + (f"; replaced by {info.replaced_by}" if info.replaced_by else ""))
        return UriCheck(uri=text, status="ok", label=info.preferred_label)

    def validate_skill_uris(self, uris: Iterable[str]) -> list[UriCheck]:
        """Check URIs stated as ESCO skills: ok, unknown, obsolete, not_a_skill or malformed."""
        checks: list[UriCheck] = []
        for uri in uris:
            check = self.check_uri(uri)
            info = self.resolve(check.uri) if check.status in ("ok", "obsolete") else None
            if info is not None and info.type != "skill":
                check = UriCheck(uri=check.uri, status="not_a_skill", label=info.preferred_label,
                                 message=NOT_A_SKILL.get(info.type)
                                 or N_("is an ESCO concept of type {type}, not a skill").format(
                                     type=info.type))
            checks.append(check)
        return checks

    # --- relations ------------------------------------------------------------------
    def occupations_for(self, skill_uris: Sequence[str]) -> list[OccupationLink]:
        """Occupations linked to any of ``skill_uris``, most essential links first."""
        wanted = list(dict.fromkeys(u.strip() for u in skill_uris))
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        rows = self.conn.execute(
            f"SELECT os.occupation, os.skill, os.relation, c.pref, c.isco_group"
            f" FROM occupation_skill os JOIN concept c ON c.uri = os.occupation"
            f" WHERE os.skill IN ({marks})", wanted).fetchall()
        found: dict[str, dict[str, Any]] = {}
        for occ, skill, relation, label, isco in rows:
            entry = found.setdefault(occ, {"label": label, "isco": isco or "",
                                           "essential": [], "optional": []})
            entry["essential" if relation == "essential" else "optional"].append(skill)
        totals = dict(self.conn.execute(
            f"SELECT occupation, count(*) FROM occupation_skill WHERE relation='essential'"
            f" AND occupation IN ({','.join('?' * len(found))}) GROUP BY occupation",
            list(found)).fetchall()) if found else {}
        links = [OccupationLink(uri=occ, label=e["label"], isco_code=e["isco"],
                                essential=tuple(sorted(e["essential"])),
                                optional=tuple(sorted(e["optional"])),
                                total_essential=totals.get(occ, 0))
                 for occ, e in found.items()]
        links.sort(key=lambda o: (-len(o.essential), -len(o.optional), o.label))
        return links

    def search(self, text: str, top: int = 10, kind: str | None = None) -> list[SearchHit]:
        """Full-text search over labels and descriptions (FTS5, label-weighted BM25)."""
        tokens = [w for w in words(text) if w.isascii() or w.isalnum()]
        if not tokens:
            return []
        query = " OR ".join(f'"{w}"' for w in dict.fromkeys(tokens))
        sql = ("SELECT c.uri, c.kind, c.pref, bm25(concept_fts, 10.0, 4.0, 2.0, 1.0) AS s"
               " FROM concept_fts JOIN concept c ON c.id = concept_fts.rowid"
               " WHERE concept_fts MATCH ?")
        params: list[Any] = [query]
        if kind:
            sql += " AND c.kind = ?"
            params.append(kind)
        sql += " ORDER BY s LIMIT ?"
        params.append(top * 3 + 10)
        rows = self.conn.execute(sql, params).fetchall()
        wanted = " ".join(text.lower().split())
        # an exact preferred-label hit ("SQL") goes before longer labels BM25 may prefer
        rows.sort(key=lambda r: (r[2].strip().lower() != wanted, r[3]))
        return [SearchHit(uri=u, type=k, label=p, score=round(-s, 3))
                for u, k, p, s in rows[:top]]

    def detail(self, uri: str, lang: str | None = None) -> ConceptDetail | None:
        """Labels, hierarchy, collections and relations of one concept (for ``show``); its
        own labels and description in ``lang`` where the index holds them."""
        info = self.resolve(uri)
        if info is None:
            return None
        detail = ConceptDetail(info=self.localized(info, lang))
        seen: set[str] = set()
        frontier = [info.uri]
        while frontier:  # broader chain, nearest first
            rows = self.conn.execute(
                f"SELECT b.uri, b.broader, coalesce(c.pref, ''), coalesce(c.kind, '')"
                f" FROM broader b LEFT JOIN concept c ON c.uri = b.broader"
                f" WHERE b.uri IN ({','.join('?' * len(frontier))})", frontier).fetchall()
            frontier = []
            for child, parent, label, kind in rows:
                if parent not in seen:
                    seen.add(parent)
                    detail.broader.append({"uri": parent, "label": label, "type": kind,
                                           "narrower": child})
                    frontier.append(parent)
        detail.narrower_count = self.conn.execute(
            "SELECT count(*) FROM broader WHERE broader=?", (info.uri,)).fetchone()[0]
        detail.collections = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT name FROM collection WHERE uri=? ORDER BY name", (info.uri,))]
        if info.type == "skill":
            detail.occupations = [
                {"uri": o, "label": p, "isco_code": g or "", "relation": r}
                for o, r, p, g in self.conn.execute(
                    "SELECT os.occupation, os.relation, c.pref, c.isco_group"
                    " FROM occupation_skill os JOIN concept c ON c.uri = os.occupation"
                    " WHERE os.skill=? ORDER BY os.relation, c.pref", (info.uri,))]
            detail.related_skills = [
                {"uri": s, "label": p, "relation": r}
                for s, r, p in self.conn.execute(
                    "SELECT ss.related, ss.relation, coalesce(c.pref, '') FROM skill_skill ss"
                    " LEFT JOIN concept c ON c.uri = ss.related WHERE ss.skill=?"
                    " ORDER BY ss.relation, c.pref", (info.uri,))]
        elif info.type == "occupation":
            detail.skills = [
                {"uri": s, "label": p, "relation": r}
                for s, r, p in self.conn.execute(
                    "SELECT os.skill, os.relation, coalesce(c.pref, '')"
                    " FROM occupation_skill os LEFT JOIN concept c ON c.uri = os.skill"
                    " WHERE os.occupation=? ORDER BY os.relation, c.pref", (info.uri,))]
        return detail
