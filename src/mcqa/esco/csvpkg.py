"""Read the official ESCO CSV package (zip or folder; v1.1.x and v1.2.x layouts).

Files are found by their base name whatever the language suffix, the ``.gz``
compression or the folder nesting: the English package of v1.1.1 names its
relation files without ``_en`` while v1.2.x adds it, and unpacked downloads are
often re-zipped or gzipped by hand. Columns are looked up by header name, so
extra or reordered columns between releases do not matter.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from mcqa.errors import InputError, InputLimitError
from mcqa.esco.dataset import Concept, ConceptKind, Dataset
from mcqa.fsguard import display_name

_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)  # conceptSchemes' hasTopConcept is huge

_COLLECTIONS: dict[str, str] = {
    "digitalskillscollection": "digital",
    "greenskillscollection": "green",
    "transversalskillscollection": "transversal",
    "languageskillscollection": "language",
    "researchskillscollection": "research",
    "digcompskillscollection": "digcomp",
    "researchoccupationscollection": "research-occupations",
}
_CONCEPT_FILES: dict[str, ConceptKind] = {
    "skills": "skill",
    "occupations": "occupation",
    "iscogroups": "isco-group",
    "skillgroups": "skill-group",
}
_NAME = re.compile(r"^(?P<base>[A-Za-z]++)(?:_(?P<lang>[a-z]{2}(?:-[a-z]++)?))?\.csv(?:\.gz)?$")

Opener = Callable[[], IO[bytes]]


def _split_multi(value: str | None) -> list[str]:
    """Newline-separated multi-value cell → stripped, de-duplicated items."""
    if not value:
        return []
    out: list[str] = []
    for item in value.split("\n"):
        item = item.strip().rstrip(",").strip()
        if item and item not in out:
            out.append(item)
    return out


def _members(path: Path, language: str | None) -> dict[str, tuple[str, Opener]]:
    """Map lower-cased base name → (display name, opener) for every CSV in the package.

    With ``language``, files of other language packs (``skills_de.csv``) are skipped.
    """
    found: dict[str, tuple[str, Opener]] = {}

    def register(name: str, display: str, opener: Opener) -> None:
        match = _NAME.match(name)
        if not match or (language and match["lang"] and match["lang"] != language):
            return
        base = match["base"].lower()
        if name.endswith(".gz"):
            raw = opener

            def opener() -> IO[bytes]:
                return io.BufferedReader(_Inflated(raw(), display))

        found.setdefault(base, (display, opener))

    if path.is_dir():
        for file in sorted(path.rglob("*")):
            if file.is_file() and not file.is_symlink():
                register(file.name, str(file), lambda f=file: f.open("rb"))  # type: ignore[misc]
    elif path.is_file() and zipfile.is_zipfile(path):
        archive = zipfile.ZipFile(path)
        _check_archive(archive, display_name(path))
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = info.filename.rsplit("/", 1)[-1]
            register(name, f"{path}!{info.filename}",
                     lambda i=info: archive.open(i))  # type: ignore[misc]
    else:
        raise InputError("not a folder or zip of ESCO CSV files", file=str(path),
                         hint="pass the unpacked ESCO CSV download or its .zip")
    return found


MAX_MEMBERS = 1_000
"""Most members an ESCO zip may have (a release has about 20 CSV files)."""
MAX_UNZIPPED_BYTES = 8 * 1024 * 1024 * 1024
"""Most bytes the members of an ESCO zip may declare in total (all languages: ~3 GB)."""
MAX_RATIO = 100
"""Largest inflated/compressed ratio of a member above 1 MiB (ESCO CSV: about 5:1)."""
_GRACE = 1024 * 1024


def _check_archive(archive: zipfile.ZipFile, shown: str) -> None:
    """Zip-bomb guard for an ESCO download, as for XLSX workbooks: member count, declared
    total size and per-member ratio, from the central directory (zipfile never inflates
    more than a member declares, so the declared sizes bound the work)."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise InputLimitError(f"zip has {len(infos):,} members, above the limit of "
                              f"{MAX_MEMBERS:,}", file=shown, hint="is this the ESCO download?")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > _GRACE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputLimitError(f"{info.filename[:200]}: member expands "
                                  f"{info.file_size // max(info.compress_size, 1):,}:1, above "
                                  f"{MAX_RATIO}:1 (zip bomb?)", file=shown,
                                  hint="re-download the ESCO CSV package")
    if total > MAX_UNZIPPED_BYTES:
        raise InputLimitError(f"zip members declare {total:,} bytes uncompressed, above the "
                              f"limit of {MAX_UNZIPPED_BYTES:,} (zip bomb?)", file=shown,
                              hint="re-download the ESCO CSV package")


class _Inflated(io.RawIOBase):
    """A gzip member read with the zip limits: at most :data:`MAX_UNZIPPED_BYTES` inflated,
    and above 1 MiB never more than :data:`MAX_RATIO` times the compressed bytes read so
    far (a gzip bomb stops after its first megabytes, not after gigabytes)."""

    def __init__(self, raw: IO[bytes], shown: str) -> None:
        super().__init__()
        self._raw = raw
        self._gz = gzip.GzipFile(fileobj=raw, mode="rb")
        self._shown = shown
        self._out = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._gz.read(min(len(buffer), 1 << 20))
        self._out += len(data)
        try:
            consumed = self._raw.tell()
        except (OSError, ValueError):
            consumed = 1
        if self._out > MAX_UNZIPPED_BYTES or (
                self._out > _GRACE and self._out > MAX_RATIO * max(consumed, 1)):
            raise InputLimitError(f"gzip member inflates more than {MAX_RATIO}:1 or above "
                                  f"{MAX_UNZIPPED_BYTES:,} bytes (gzip bomb?)",
                                  file=self._shown, hint="re-download the ESCO CSV package")
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._gz.close()
        self._raw.close()
        super().close()


def _rows(display: str, opener: Opener, required: tuple[str, ...]) -> Iterator[dict[str, str]]:
    """Dict rows of one CSV, failing with a one-line error when columns are missing."""
    # The csv field limit is process-wide and other readers rely on theirs: raise it
    # only while reading ESCO files and restore it afterwards.
    previous = csv.field_size_limit(_FIELD_LIMIT)
    try:
        with opener() as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            reader = csv.DictReader(text)
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                raise InputError(f"missing column(s) {', '.join(missing)}", file=display,
                                 location="line 1",
                                 hint="is this an official ESCO CSV file?")
            for row in reader:
                yield {k: (v or "") for k, v in row.items() if k is not None}
    except (UnicodeDecodeError, csv.Error, OSError, EOFError, zipfile.BadZipFile,
            zlib.error) as exc:
        raise InputError(f"cannot read CSV: {type(exc).__name__}: {str(exc)[:200]}",
                         file=display,
                         hint="re-download the ESCO CSV package") from None
    finally:
        csv.field_size_limit(previous)


def _concept(row: dict[str, str], kind: ConceptKind) -> Concept:
    status = (row.get("status") or "released").strip().lower()
    replaced = (row.get("isReplacedBy") or row.get("replacedBy") or "").strip() or None
    return Concept(
        uri=row["conceptUri"].strip(),
        kind=kind,
        pref=row.get("preferredLabel", "").strip(),
        alt=_split_multi(row.get("altLabels")),
        hidden=_split_multi(row.get("hiddenLabels")),
        description=(row.get("description") or row.get("definition") or "").strip(),
        status=status,
        replaced_by=replaced,
        skill_type=row.get("skillType", "").strip(),
        reuse_level=row.get("reuseLevel", "").strip(),
        code=row.get("code", "").strip(),
        isco_group=row.get("iscoGroup", "").strip(),
    )


def package_languages(path: Path) -> list[str]:
    """Language suffixes of the CSV files in ``path`` (``skills_fr.csv`` → ``fr``), sorted."""
    found: set[str] = set()
    names: list[str] = []
    if path.is_dir():
        names = [f.name for f in path.rglob("*") if f.is_file()]
    elif path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [i.filename.rsplit("/", 1)[-1] for i in archive.infolist()[:MAX_MEMBERS]]
    for name in names:
        match = _NAME.match(name)
        if match and match["lang"]:
            found.add(match["lang"])
    return sorted(found)


_SKILL_COLLECTIONS = tuple(b for b, n in _COLLECTIONS.items() if n != "research-occupations")


def read_label_package(path: Path, language: str) -> Dataset:
    """Labels of one language package (folder or zip): every concept file and collection.

    A language package adds labels to the concepts of a base release, so unlike
    :func:`read_csv_package` it needs no ``skills_<lang>.csv``: the translated skill
    collections (digital, green, language, ...) carry preferred and alternative labels
    and descriptions too, and are read as skills.
    """
    files = _members(path, language)
    data = Dataset(language=language, source=str(path))
    sources: list[tuple[str, ConceptKind]] = list(_CONCEPT_FILES.items())
    sources += [(b, "skill") for b in _SKILL_COLLECTIONS]
    sources.append(("researchoccupationscollection", "occupation"))
    for base, kind in sources:
        if base in files:
            for row in _rows(*files[base], required=("conceptUri", "preferredLabel")):
                if row["conceptUri"].strip():
                    data.add(_concept(row, kind))
    if not data.concepts:
        raise InputError(f"no ESCO labels found for language {language!r}", file=str(path),
                         hint="pass an ESCO language package (files such as "
                         f"skills_{language}.csv or occupations_{language}.csv)")
    return data


def read_csv_package(path: Path, language: str | None = None) -> Dataset:
    """Read every ESCO CSV file in ``path`` (folder or zip) into a :class:`Dataset`."""
    files = _members(path, language)
    if "skills" not in files:
        raise InputError("no skills_<lang>.csv found", file=str(path),
                         hint="pass the ESCO CSV package (classification, CSV format)")
    skills_name = files["skills"][0]
    match = re.search(r"skills_([a-z]{2}(?:-[a-z]+)?)\.csv", skills_name)
    data = Dataset(language=language or (match[1] if match else "en"), source=str(path))

    for base, kind in _CONCEPT_FILES.items():
        if base in files:
            for row in _rows(*files[base], required=("conceptUri", "preferredLabel")):
                if row["conceptUri"].strip():
                    data.add(_concept(row, kind))
    for base, name in _COLLECTIONS.items():
        if base in files:
            for row in _rows(*files[base], required=("conceptUri",)):
                uri = row["conceptUri"].strip()
                data.collections.add((uri, name))
                for broader in row.get("broaderConceptUri", "").split("|"):
                    if broader.strip():
                        data.broader.add((uri, broader.strip()))
    if "occupationskillrelations" in files:
        for row in _rows(*files["occupationskillrelations"],
                         required=("occupationUri", "relationType", "skillUri")):
            data.occupation_skill.add((row["occupationUri"].strip(), row["skillUri"].strip(),
                                       row["relationType"].strip().lower() or "optional"))
    if "skillskillrelations" in files:
        for row in _rows(*files["skillskillrelations"],
                         required=("originalSkillUri", "relatedSkillUri")):
            data.skill_skill.add((row["originalSkillUri"].strip(), row["relatedSkillUri"].strip(),
                                  row.get("relationType", "").strip().lower()))
    for base in ("broaderrelationsskillpillar", "broaderrelationsoccpillar"):
        if base in files:
            for row in _rows(*files[base], required=("conceptUri", "broaderUri")):
                data.broader.add((row["conceptUri"].strip(), row["broaderUri"].strip()))
    if "skillshierarchy" in files:
        for row in _rows(*files["skillshierarchy"], required=("Level 0 URI",)):
            chain = [row.get(f"Level {n} URI", "").strip() for n in range(4)]
            chain = [u for u in chain if u]
            data.broader.update(zip(chain[1:], chain[:-1], strict=True))
    return data
