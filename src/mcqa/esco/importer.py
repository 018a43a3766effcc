"""Import an official ESCO download (CSV package or SKOS RDF) into the SQLite index."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from mcqa.errors import InputError
from mcqa.esco.csvpkg import package_languages, read_csv_package, read_label_package
from mcqa.esco.dataset import Concept, Dataset, Translation
from mcqa.esco.rdfpkg import rdf_format, read_rdf
from mcqa.esco.store import Step, write_index

ATTRIBUTION = (
    "This service uses the ESCO classification of the European Commission "
    "(https://esco.ec.europa.eu/). ESCO (c) European Union, reused under the Commission's "
    "reuse policy, Decision 2011/833/EU (https://eur-lex.europa.eu/eli/dec/2011/833/oj), "
    "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). mcqa stores it reformatted "
    "(SQLite, search and mapping tables); labels and relations are not changed."
)
"""Acknowledgement required by the ESCO reuse terms; printed by every import."""

_VERSION = re.compile(r"(?<![\d.])v?(\d++\.\d++(?:\.\d++)?)")


def read_release(path: Path, language: str | None = None, version: str | None = None
                 ) -> Dataset:
    """Read an ESCO CSV package (folder/zip) or RDF file into a :class:`Dataset`."""
    if not path.exists():
        raise InputError("no such file or folder", file=str(path),
                         hint="pass the ESCO download (CSV zip/folder or .ttl/.rdf/.nt)")
    if not path.is_file() and not path.is_dir():  # a FIFO would block, a device never end
        raise InputError("not a regular file or folder", file=str(path),
                         hint="pass the ESCO download (CSV zip/folder or .ttl/.rdf/.nt)")
    if path.is_file() and rdf_format(path) is not None:
        data = read_rdf(path, language or "en")
    else:
        data = read_csv_package(path, language)
    if not any(c.kind == "skill" for c in data.concepts.values()):
        raise InputError("no ESCO skills found", file=str(path),
                         hint="is this the ESCO classification download?")
    if version:
        data.version = version
    elif data.version == "unknown":
        found = _VERSION.findall(str(path.resolve()))
        if found:
            data.version = "v" + found[-1]
    return data


def _path_version(path: Path) -> str:
    found = _VERSION.findall(str(path.resolve()))
    return "v" + found[-1] if found else "unknown"


def add_language_package(data: Dataset, path: Path, language: str | None = None) -> str:
    """Attach the labels of the language package at ``path`` to ``data``'s concepts.

    Labels are matched by concept URI: a package of another release than the base
    (ESCO v1.2.0 German labels on a v1.1.1 English base) adds labels to every concept
    both releases share, drops the rest (counted in :attr:`Translation.dropped`), and
    the index records both releases so ``mcqa esco status`` shows the mismatch.
    Returns the language code (from the file names, or ``language``).
    """
    if not path.exists() or not (path.is_file() or path.is_dir()):
        raise InputError("no such file or folder", file=str(path),
                         hint="pass an ESCO language package (CSV zip or folder)")
    if language is None:
        found = [code for code in package_languages(path) if code != data.language] \
            or package_languages(path)
        if len(found) != 1:
            raise InputError(
                "cannot tell the language of this package " + (
                    f"(files in {', '.join(found)})" if found else "(no file named like "
                    "skills_fr.csv or occupations_fr.csv)"), file=str(path),
                hint="pass one language package per path, its files named <name>_<lang>.csv")
        language = found[0]
    if language == data.language:
        raise InputError(f"this package is in {language}, the language of the base release",
                         file=str(path), hint="pass the base release once, then packages of "
                         "other languages")
    labels = read_label_package(path, language)
    trans = data.translations.setdefault(language, Translation(language))
    for uri, concept in sorted(labels.concepts.items()):
        base = data.concepts.get(uri)
        if base is None:
            trans.dropped += 1
            continue
        old = trans.concepts.get(uri)
        if old is None:
            trans.concepts[uri] = Concept(uri=uri, kind=base.kind, pref=concept.pref,
                                          alt=list(concept.alt), hidden=list(concept.hidden),
                                          description=concept.description)
        else:  # a second package of the same language fills gaps, first one wins
            old.pref = old.pref or concept.pref
            old.description = old.description or concept.description
            old.alt.extend(a for a in concept.alt if a not in old.alt)
            old.hidden.extend(h for h in concept.hidden if h not in old.hidden)
    trans.versions.append(_path_version(path))
    trans.sources.append(str(path))
    return language


def import_esco(path: Path | Sequence[Path], db: Path, *, language: str | None = None,
                version: str | None = None, step: Step | None = None) -> dict[str, int]:
    """Read ``path`` and (re)write the index at ``db``; return concept counts.

    ``path`` may be several packages: the first is the base release (with
    ``skills_<lang>.csv`` and the relations), the others language packages whose labels
    are attached to the base's concepts (see :func:`add_language_package`).
    """
    paths = [path] if isinstance(path, Path) else list(path)
    if not paths:
        raise InputError("no ESCO package given", hint="pass the ESCO download")
    if step:
        step("reading")
    data = read_release(paths[0], language, version)
    for extra in paths[1:]:
        add_language_package(data, extra)
    return write_index(data, db, step)
