"""Conformance of an ELM credential to the official ELM/EDC SHACL shapes, offline.

The user downloads the shapes (e.g. ``EDC-generic-full.ttl`` +
``EDC-generic-no-cv.ttl``) and the JSON-LD contexts; mcqa never fetches
either. The profile comes from the credential's ``credentialSchema`` id
(``http://data.europa.eu/snb/model/ap/edc-generic-full`` ->
``EDC-generic-full.ttl``), ``owl:imports`` between shape files are followed by
mapping each import IRI to a local file the same way. Every SHACL result
becomes a :class:`~mcqa.model.Finding` (pack ``shacl``) with the JSON pointer
of its focus node where the node has an id in the document.

pyshacl is an optional extra (``mcqa[shacl]``) and imported only here, lazily.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from mcqa.errors import ConfigError, InputError
from mcqa.fsguard import display_name, read_limited
from mcqa.loaders._common import IdIndex, J, escape, unwrap
from mcqa.loaders.base import SourceDocument
from mcqa.loaders.jsonld import (
    DEFAULT_ELM_CONTEXT,
    MissingContext,
    first_remote_context,
    inline_contexts,
)
from mcqa.marks import N_
from mcqa.model import Citation, Finding, Severity, SourceRef, Status

SH = "http://www.w3.org/ns/shacl#"
RELATIVE_BASE = "https://relative-iri.mcqa.invalid/"
"""Base for relative IRIs in a credential (the official context types ``dateModified`` as
``@id``, so a date there is one). Without a base rdflib resolves them against the current
directory, which made the report depend on where mcqa ran and leaked a local path. The
``.invalid`` top-level domain (RFC 2606) can never name a real resource; messages show the
relative value as written."""
MAX_SHAPE_BYTES = 64 * 1024 * 1024
"""Largest shape file read (the published ELM shapes are under 1 MB)."""
_RDF_FORMATS = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml", ".jsonld": "json-ld"}
DEFAULT_PROFILE = "edc-generic-full"
SEVERITY = {f"{SH}Violation": Severity.ERROR, f"{SH}Warning": Severity.WARNING,
            f"{SH}Info": Severity.INFO}


def _require_pyshacl() -> Any:
    try:
        import pyshacl
    except ImportError:
        raise ConfigError("SHACL validation needs pyshacl, which is not installed",
                          hint="pip install 'mcqa[shacl]'") from None
    return pyshacl


def _shape_file(iri_or_name: str, shapes_dir: Path) -> Path | None:
    """Local file for a profile/import IRI: its last segment as file stem, any case."""
    stem = iri_or_name.rstrip("/#").rsplit("/", 1)[-1].lower()
    for path in sorted(shapes_dir.iterdir()) if shapes_dir.is_dir() else []:
        if path.suffix.lower() in (".ttl", ".rdf", ".jsonld", ".nt") and (
            path.stem.lower() == stem
        ):
            return path
    return None


class _Prolog(Exception):
    def __init__(self, has_dtd: bool) -> None:
        super().__init__()
        self.has_dtd = has_dtd


def _declares_dtd(path: Path) -> bool:
    """True when the XML prolog has a DOCTYPE; expat reads it (any encoding, comments)
    and stops at the first element, so only the prolog is parsed."""
    from xml.parsers import expat

    def found(*_: object) -> None:
        raise _Prolog(True)

    def element(*_: object) -> None:
        raise _Prolog(False)

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = found
    parser.StartElementHandler = element
    try:
        with path.open("rb") as fh:
            parser.ParseFile(fh)
    except _Prolog as stop:
        return stop.has_dtd
    except (expat.ExpatError, OSError):
        return False  # not XML: rdflib reports it as unparsable
    return False


def _refuse_unsafe_shapes(path: Path) -> None:
    """Shape files are parsed by rdflib, which fetches what RDF/XML and JSON-LD point to.

    RDF/XML: a DTD may declare entities; rdflib builds literals by repeated string
    concatenation, so a few megabytes of entity expansion (below expat's amplification
    guard) take minutes, and external entities are a file-disclosure risk. The published
    ELM shapes are Turtle and never need a DTD. JSON-LD: every string ``@context`` or
    ``@import`` would be fetched.
    """
    suffix = path.suffix.lower()
    if suffix == ".rdf" and _declares_dtd(path):
        raise ConfigError("shape file declares a DTD (<!DOCTYPE>), which mcqa does not accept",
                          file=str(path), hint="use the shape files as published (Turtle, no DTD)")
    elif suffix == ".jsonld":
        try:
            remote = first_remote_context(json.loads(path.read_text(encoding="utf-8-sig")))
        except (OSError, ValueError, RecursionError):
            return  # rdflib reports it as unparsable
        if remote is not None:
            raise ConfigError(f"shape file refers to JSON-LD context {remote[:200]}, which "
                              "mcqa does not fetch", file=str(path),
                              hint="use the Turtle (.ttl) shape files as published")


@lru_cache(maxsize=8)
def _shapes(entry: str) -> tuple[Any, tuple[str, ...], dict[str, str], tuple[str, ...]]:
    """(merged shapes graph, files used, shape node -> file, unresolved imports)."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL

    graph = Graph()
    first = Path(entry)
    queue, done, unresolved = [first], [], []
    origin: dict[str, str] = {}
    while queue:
        path = queue.pop(0)
        if str(path) in done:
            continue
        part = Graph()
        # a regular file of bounded size (a FIFO would block, a device never end)
        data = read_limited(path, MAX_SHAPE_BYTES, what=N_("shape file"), error=ConfigError)
        _refuse_unsafe_shapes(path)
        try:
            part.parse(data=data, format=_RDF_FORMATS.get(path.suffix.lower(), "turtle"),
                       publicID=path.absolute().as_uri())
        except Exception as exc:  # rdflib raises many parser-specific types
            # The parser's message quotes the file's text: only its kind and line are kept,
            # so no content of a file that is not a shape file reaches a report or terminal.
            line = getattr(exc, "lines", None) or getattr(exc, "line", None)
            where = f"line {line}" if isinstance(line, int) else None
            raise ConfigError(f"cannot parse SHACL shapes ({type(exc).__name__})",
                              file=display_name(path), location=where,
                              hint="use the shape files as published") from None
        done.append(str(path))
        for s in set(part.subjects()):
            origin.setdefault(str(s), path.name)
        graph += part
        for imported in part.objects(None, OWL.imports):
            local = _shape_file(str(imported), path.parent) if isinstance(imported, URIRef) \
                else None
            if local is None:
                unresolved.append(str(imported))
            elif str(local) not in done:
                queue.append(local)
    return graph, tuple(done), origin, tuple(unresolved)


def _digest(files: tuple[str, ...]) -> str:
    sha = hashlib.sha256()
    for name in sorted(files):
        sha.update(Path(name).read_bytes())
    return sha.hexdigest()[:12]


def _local(iri: str) -> str:
    return iri.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]


def shacl_findings(path: Path, display: str, record_id: str, shapes_dir: Path,
                   context_dir: Path | None) -> list[Finding]:
    """SHACL results for one ELM credential file, as findings (pack ``shacl``)."""
    pyshacl = _require_pyshacl()
    doc = SourceDocument(path, display)
    env = unwrap(doc)
    cred = env.data
    if not isinstance(cred, dict):
        raise InputError("credential is not a JSON object", file=display,
                         hint="SHACL validation reads one ELM credential per file")
    schema_ids = [x.id() for x in J(cred).each("credentialSchema")]
    profile = next((s for s in schema_ids if s and _shape_file(s, shapes_dir)), None)
    entry = _shape_file(profile or DEFAULT_PROFILE, shapes_dir)
    if entry is None:
        raise ConfigError(
            f"no shape file for profile {profile or DEFAULT_PROFILE!r} in the shapes folder",
            file=str(shapes_dir),
            hint="download the ELM shapes (e.g. EDC-generic-full.ttl and EDC-generic-no-cv.ttl)")
    shapes, files, origin, unresolved = _shapes(str(entry))
    version = _digest(files)

    def finding(rule: str, severity: Severity, status: Status, message: str,
                locator: str, shape_file: str, where: str) -> Finding:
        return Finding(
            record_id=record_id, source_file=display, rule_id=rule, pack_id="shacl",
            pack_version=version, severity=severity, status=status,
            title="ELM SHACL conformance", message=message,
            citation=Citation(document=f"ELM SHACL shapes: {shape_file}", locator=locator),
            location=SourceRef(file=display, locator=where or "/"),
        )

    out: list[Finding] = [
        finding("SHACL-import", Severity.WARNING, Status.UNVERIFIABLE,
                f"owl:imports {iri} has no local shape file; its constraints were not checked",
                iri, entry.name, env.prefix or "/")
        for iri in unresolved
    ]
    data = dict(cred)
    if "@context" not in data:
        data["@context"] = list(DEFAULT_ELM_CONTEXT)
    try:
        expanded = inline_contexts(data, context_dir)
        remote = first_remote_context(expanded)  # e.g. @import, or nested past the depth cap
        if remote is not None:
            raise MissingContext(remote)
    except MissingContext as exc:
        out.append(finding(
            "SHACL-context", Severity.ERROR, Status.UNVERIFIABLE,
            f"JSON-LD context {exc.url} is not available locally, so SHACL conformance "
            "cannot be checked; add it to --context-dir (mcqa never fetches contexts)",
            exc.url, entry.name, f"{env.prefix}/@context"))
        return out
    from rdflib import Graph

    graph = Graph()
    try:
        graph.parse(data=json.dumps(expanded), format="json-ld", base=RELATIVE_BASE,
                    publicID=RELATIVE_BASE)
    except Exception as exc:  # the JSON-LD parser raises assorted types on bad input
        out.append(finding("SHACL-jsonld", Severity.ERROR, Status.ERROR,
                           f"credential could not be read as JSON-LD: {exc}"[:500],
                           "JSON-LD", entry.name, env.prefix or "/"))
        return out
    _conforms, results, _text = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", abort_on_first=False,
        allow_warnings=True, allow_infos=True, do_owl_imports=False, advanced=True)
    index = IdIndex(J(cred))
    out.extend(_results(results, index, env.prefix, origin, entry.name, finding))
    return out


def _results(results: Any, index: IdIndex, prefix: str, origin: dict[str, str],
             default_file: str, finding: Any) -> list[Finding]:
    from rdflib import BNode, Namespace
    from rdflib.namespace import RDF

    sh = Namespace(SH)
    found: list[Finding] = []
    for res in results.subjects(RDF.type, sh.ValidationResult):
        focus = results.value(res, sh.focusNode)
        path = results.value(res, sh.resultPath)
        shape = results.value(res, sh.sourceShape)
        severity = SEVERITY.get(str(results.value(res, sh.resultSeverity)), Severity.ERROR)
        messages = sorted(str(m) for m in results.objects(res, sh.resultMessage))
        component = results.value(res, sh.sourceConstraintComponent)
        value = results.value(res, sh.value)
        path_text = str(path) if path is not None and not isinstance(path, BNode) else ""
        if shape is not None and not isinstance(shape, BNode):
            rule = f"SHACL-{_local(str(shape))}"
            shape_text = str(shape)
        else:
            key = f"{path_text}|{component}"
            rule = f"SHACL-{hashlib.sha256(key.encode()).hexdigest()[:10]}"
            shape_text = f"[{_local(str(component))}]" if component is not None else "[shape]"
        node = index.nodes.get(str(focus)) if focus is not None else None
        where = prefix + (node.ptr if node is not None else "")
        if node is not None and path_text:
            key_name = node.key_for(_local(path_text))
            if key_name is not None:
                where += f"/{escape(key_name)}"
        message = messages[0] if messages else (
            f"{_local(str(component))} failed" if component is not None else "constraint failed")
        if value is not None:
            message += f" (value: {str(value).replace(RELATIVE_BASE, '')[:80]})"
        if focus is not None and node is None:
            message += f" [focus node {str(focus)[:80]}]"
        shape_file = origin.get(str(shape), default_file) if shape is not None else default_file
        found.append(finding(rule, severity, Status.FAIL, message,
                             f"{shape_text} {path_text}".strip(), shape_file, where or "/"))
    found.sort(key=lambda f: (f.rule_id, f.location.locator if f.location else ""))
    return found


__all__ = ["shacl_findings"]
