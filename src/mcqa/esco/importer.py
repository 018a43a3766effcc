"""Import an official ESCO download (CSV package or SKOS RDF) into the SQLite index."""

from __future__ import annotations

import re
from pathlib import Path

from mcqa.errors import InputError
from mcqa.esco.csvpkg import read_csv_package
from mcqa.esco.dataset import Dataset
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


def import_esco(path: Path, db: Path, *, language: str | None = None,
                version: str | None = None, step: Step | None = None) -> dict[str, int]:
    """Read ``path`` and (re)write the index at ``db``; return concept counts."""
    if step:
        step("reading")
    data = read_release(path, language, version)
    return write_index(data, db, step)
