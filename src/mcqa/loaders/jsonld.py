"""Offline JSON-LD: contexts come only from a local folder, never from the network.

Where real JSON-LD semantics are needed (SHACL validation turns a credential
into RDF), every remote ``@context`` URL is replaced by the content of a local
file from the user's ``--context-dir`` before any JSON-LD processor sees the
document. A URL is mapped to a file by, in order:

1. a manifest in the folder (``manifest.json`` or ``contexts.json``):
   ``{"<context URL>": "<file path relative to the folder, or absolute>"}``;
2. well-known file names for the official contexts (the names used by the
   EC, W3C and 1EdTech repositories and their vendored copies);
3. the URL's last path segment, with or without ``.json``/``.jsonld``.

An unknown context is *reported* (:class:`MissingContext`), never fetched.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from mcqa.loaders.jwt import parse_json_text

KNOWN_FILES: dict[str, tuple[str, ...]] = {
    "https://www.w3.org/2018/credentials/v1": (
        "vc-data-model-v1.context.json", "credentials-v1.jsonld", "credentials_v1.json",
        "credentials-v1.json"),
    "https://www.w3.org/ns/credentials/v2": (
        "vc-data-model-v2.context.json", "credentials-v2.jsonld", "credentials_v2.json",
        "credentials-v2.json"),
    "http://data.europa.eu/snb/model/context/edc-ap": (
        "edc-ap-context.jsonld", "elm-edc-ap.context.json", "edc-ap.jsonld", "edc-ap.json"),
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": (
        "ob-v3p0-3.0.3.json", "open-badges-v3p0.context.json"),
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json": (
        "ob-v3p0.json", "open-badges-v3p0.context.json"),
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json": (
        "clr-v2p0-2.0.1.json", "clr-v2p0.context.json"),
    "https://w3id.org/openbadges/v2": ("ob-v2p0.json", "obv2x.jsonld"),
}
"""Official context URL -> file names it is commonly saved under."""

DEFAULT_ELM_CONTEXT: tuple[str, ...] = (
    "https://www.w3.org/2018/credentials/v1",
    "http://data.europa.eu/snb/model/context/edc-ap",
)
"""What the EDC software injects into credentials stored without ``@context``."""


class MissingContext(Exception):
    """A context URL with no local file; carries the URL. Internal to mcqa."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def _candidates(url: str) -> list[str]:
    names = list(KNOWN_FILES.get(url.rstrip("/"), ()))
    last = url.rstrip("/").rsplit("/", 1)[-1]
    if last:
        names += [last, f"{last}.json", f"{last}.jsonld"]
    return names


@lru_cache(maxsize=16)
def _folder_files(folder: str) -> dict[str, Path]:
    base = Path(folder)
    found: dict[str, Path] = {}
    if not base.is_dir():
        return found
    for path in sorted(base.rglob("*")):
        if path.is_file() and path.name not in found:
            found[path.name] = path
    return found


@lru_cache(maxsize=16)
def _manifest(folder: str) -> dict[str, Path]:
    base = Path(folder)
    for name in ("manifest.json", "contexts.json"):
        path = base / name
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return {}
            if isinstance(data, dict):
                return {str(k).rstrip("/"): (base / str(v)) for k, v in data.items()
                        if isinstance(v, str)}
    return {}


def context_file(url: str, context_dir: Path | None) -> Path | None:
    """The local file serving context ``url``, or ``None``."""
    if context_dir is None:
        return None
    folder = str(context_dir.resolve())
    manifest = _manifest(folder)
    if url.rstrip("/") in manifest and manifest[url.rstrip("/")].is_file():
        return manifest[url.rstrip("/")]
    files = _folder_files(folder)
    for name in _candidates(url):
        if name in files:
            return files[name]
    return None


@lru_cache(maxsize=64)
def _load_context(path: str) -> Any:
    data = parse_json_text(Path(path).read_text(encoding="utf-8-sig"))
    return data.get("@context", data) if isinstance(data, dict) else data


def inline_contexts(doc: Any, context_dir: Path | None, depth: int = 0) -> Any:
    """Copy of ``doc`` with every string ``@context`` replaced by local content.

    Raises :class:`MissingContext` for the first URL with no local file.
    Nested contexts (scoped contexts inside a context file) are inlined too.
    """
    if depth > 50:
        return doc
    if isinstance(doc, list):
        return [inline_contexts(x, context_dir, depth + 1) for x in doc]
    if not isinstance(doc, dict):
        return doc
    out: dict[str, Any] = {}
    for key, value in doc.items():
        if key == "@context":
            out[key] = _inline_value(value, context_dir, depth)
        else:
            out[key] = inline_contexts(value, context_dir, depth + 1)
    return out


def first_remote_context(doc: Any) -> str | None:
    """The first ``@context`` or ``@import`` reference left in ``doc``, or ``None``.

    A JSON-LD processor (rdflib) fetches every string context and ``@import``, over the
    network or from a local file, wherever it sits. Checking what
    :func:`inline_contexts` left behind (deeper than its depth cap, inside ``@import``)
    before any processor sees the document keeps mcqa offline. Iterative: any depth.
    """
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    refs = value if isinstance(value, list) else [value]
                    found = next((r for r in refs if isinstance(r, str)), None)
                    if found is not None:
                        return found
                stack.append(value)
    return None


def _inline_value(value: Any, context_dir: Path | None, depth: int) -> Any:
    if isinstance(value, str):
        path = context_file(value, context_dir)
        if path is None:
            raise MissingContext(value)
        try:
            loaded = _load_context(str(path))
        except (OSError, ValueError):
            raise MissingContext(value) from None
        return inline_contexts({"@context": loaded}, context_dir, depth + 1)["@context"]
    if isinstance(value, list):
        return [_inline_value(v, context_dir, depth + 1) for v in value]
    if isinstance(value, dict):
        return inline_contexts(value, context_dir, depth + 1)
    return value
