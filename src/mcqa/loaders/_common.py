"""Helpers shared by the credential loaders (ELM, OB 2.0/3.0, CLR, CTDL).

The centre is :class:`J`, a JSON value paired with its JSON pointer. Loaders
navigate hostile input only through ``J``: every accessor checks types and
returns ``None``/``[]`` on odd shapes instead of raising, and every value
read carries the pointer that becomes its provenance. Keys are matched by
their compact term (:func:`mcqa.loaders.terms.normalise_key`), so prefixed
keys and full IRIs read the same as compact ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from mcqa.errors import InputError, InputLimitError
from mcqa.loaders.base import SourceDocument
from mcqa.loaders.terms import local_type, normalise_key
from mcqa.model import CredentialRecord, InputProblem, LoadItem, RecordBuilder

PREFERRED_LANGS: tuple[str, ...] = ("en", "en-GB", "en-US", "en-gb", "en-us")
"""Language preference when a value is a language map: English, then the first one."""


def escape(token: str | int) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


class J:
    """A JSON value with the pointer it was found at. Never raises on odd shapes."""

    __slots__ = ("ptr", "v")

    def __init__(self, value: Any, ptr: str = "") -> None:
        self.v = value
        self.ptr = ptr

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"J({self.ptr!r})"

    # --- navigation -------------------------------------------------------------
    def key_for(self, *terms: str) -> str | None:
        """The actual key in this object whose compact term is one of ``terms``."""
        if not isinstance(self.v, dict):
            return None
        for term in terms:
            if term in self.v:
                return term
        for key in self.v:
            if isinstance(key, str) and normalise_key(key) in terms:
                return key
        return None

    def get(self, *terms: str) -> J | None:
        """Child under the first present term (``None`` when absent or JSON null)."""
        key = self.key_for(*terms)
        if key is None or self.v[key] is None:
            return None
        return J(self.v[key], f"{self.ptr}/{escape(key)}")

    def items(self) -> list[J]:
        """This value as a list (a single value is a one-element list)."""
        if isinstance(self.v, list):
            return [J(x, f"{self.ptr}/{i}") for i, x in enumerate(self.v) if x is not None]
        return [] if self.v is None else [self]

    def each(self, *terms: str) -> list[J]:
        """Items under the first present term, as a list."""
        child = self.get(*terms)
        return child.items() if child is not None else []

    def first(self, *terms: str) -> J | None:
        """First item under the first present term."""
        found = self.each(*terms)
        return found[0] if found else None

    def path(self, *steps: str) -> J | None:
        """Follow ``steps`` (terms, ``|``-separated alternatives), taking first items."""
        node: J | None = self
        for step in steps:
            if node is None:
                return None
            node = node.first(*step.split("|"))
        return node

    # --- values -----------------------------------------------------------------
    @property
    def is_obj(self) -> bool:
        """True for a JSON object."""
        return isinstance(self.v, dict)

    def scalar(self) -> str | None:
        """String/number as text; ``@value`` objects unwrapped; else ``None``."""
        v = self.v
        if isinstance(v, dict):
            inner = v.get("@value")
            return J(inner, self.ptr).scalar() if inner is not None else None
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return v.strip() or None
        if isinstance(v, int | float):
            return _num_text(v)
        return None

    def number(self) -> float | None:
        """A number, also from a numeric string (``"2"``, ``"2,5"``)."""
        v = self.v
        if isinstance(v, dict):
            inner = v.get("@value")
            return J(inner).number() if inner is not None else None
        if isinstance(v, bool):
            return None
        if isinstance(v, int | float):
            return float(v)
        if isinstance(v, str):
            return parse_number(v)
        return None

    def id(self) -> str | None:
        """``id``/``@id`` of an object, or the string itself (a reference)."""
        if isinstance(self.v, str):
            return self.v.strip() or None
        ident = self.get("id")
        return ident.scalar() if ident is not None else None

    def types(self) -> set[str]:
        """Local names of ``type``/``@type`` (strings or lists)."""
        node = self.get("type")
        if node is None:
            return set()
        return {local_type(x.v) for x in node.items() if isinstance(x.v, str)}

    def text(self) -> str | None:
        """Human text: string, language map (English preferred), ``@value`` lists, Notes."""
        found = self.text_at()
        return found[0] if found else None

    def text_at(self) -> tuple[str, str] | None:
        """Like :meth:`text` but also the pointer of the chosen string."""
        v = self.v
        if isinstance(v, str):
            return (v.strip(), self.ptr) if v.strip() else None
        if isinstance(v, bool) or v is None:
            return None
        if isinstance(v, int | float):
            return _num_text(v), self.ptr
        if isinstance(v, list):
            values = self.items()
            tagged = [x for x in values if isinstance(x.v, dict) and "@language" in x.v]
            for lang in PREFERRED_LANGS:
                for x in tagged:
                    if x.v.get("@language") == lang:
                        found = x.text_at()
                        if found:
                            return found
            for x in values:
                found = x.text_at()
                if found:
                    return found
            return None
        if isinstance(v, dict):
            if "@value" in v:
                inner = J(v["@value"], self.ptr)
                return inner.text_at() if isinstance(v["@value"], str) else None
            for term in ("noteLiteral", "prefLabel", "title", "name", "legalName",
                         "targetNodeName", "label"):
                child = self.get(term)
                if child is not None:
                    found = child.text_at()
                    if found:
                        return found
            keys = [k for k in v if isinstance(k, str) and _LANG_KEY.match(k)]
            if keys and len(keys) == len(v):
                order = [k for k in PREFERRED_LANGS if k in v] + keys
                for key in order:
                    found = J(v[key], f"{self.ptr}/{escape(key)}").text_at()
                    if found:
                        return found
        return None

    def lang(self) -> str | None:
        """Language key of a language map (English preferred), if this is one."""
        if isinstance(self.v, dict):
            keys = [k for k in self.v if isinstance(k, str) and _LANG_KEY.match(k)]
            if keys and len(keys) == len(self.v):
                for lang in PREFERRED_LANGS:
                    if lang in keys:
                        return lang
                return keys[0]
        return None


_LANG_KEY = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _num_text(v: int | float) -> str:
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def parse_number(text: str) -> float | None:
    """A finite float from ``"2"``, ``"2.5"``, ``"2,5"``; ``None`` otherwise."""
    cleaned = text.strip().replace(",", ".")
    if not re.fullmatch(r"[+-]?\d{1,12}(\.\d{1,12})?", cleaned):
        return None
    return float(cleaned)


_DURATION = re.compile(
    r"^P(?:(?P<y>\d+(?:[.,]\d+)?)Y)?(?:(?P<mo>\d+(?:[.,]\d+)?)M)?(?:(?P<w>\d+(?:[.,]\d+)?)W)?"
    r"(?:(?P<d>\d+(?:[.,]\d+)?)D)?(?:T(?:(?P<h>\d+(?:[.,]\d+)?)H)?(?:(?P<mi>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<s>\d+(?:[.,]\d+)?)S)?)?$"
)


def duration_hours(text: str) -> float | None:
    """Hours of study in an ISO 8601 duration (``PT4H`` 4, ``PT90M`` 1.5, ``P2DT12H`` 60).

    Hours are read from the time part. Days and weeks count (as 24 h and 168 h) only
    beside a time part: ``P2DT12H`` is how ELM tooling writes 60 notional hours (a
    normalised hour count; the EC's Annex I sample states it with 2 ECTS). A duration in
    whole days or weeks (``P60D``, ``P2W``) is a calendar length, the time to complete,
    whose hours are not stated: converting it at 24 hours a day would state a workload
    nobody stated, so it yields ``None`` (loaders quote it for review, see
    :func:`calendar_days`), as do years and months, which have no fixed length.
    """
    match = _DURATION.match(text.strip().upper())
    if not match or text.strip().upper() in ("P", "PT"):
        return None
    parts = {k: float(v.replace(",", ".")) for k, v in match.groupdict().items() if v}
    if "y" in parts or "mo" in parts or not parts.keys() & {"h", "mi", "s"}:
        return None
    hours = (parts.get("w", 0) * 168 + parts.get("d", 0) * 24 + parts.get("h", 0)
             + parts.get("mi", 0) / 60 + parts.get("s", 0) / 3600)
    return round(hours, 4)


def calendar_days(text: str) -> bool:
    """True for an ISO 8601 duration in days or weeks and no years, months or hours
    (``P5D``, ``P2W``, ``P60D``): a calendar length whose hours of study are not stated,
    which an auditor may read as a workload and should confirm. Years and months
    (``P2Y``, ``P9M``) are a programme's length, no workload at all."""
    match = _DURATION.match(text.strip().upper())
    if not match:
        return False
    parts = {k for k, v in match.groupdict().items() if v}
    return bool(parts & {"w", "d"}) and not parts & {"y", "mo", "h", "mi", "s"}


def is_duration(text: str) -> bool:
    """True for a syntactically valid ISO 8601 duration."""
    t = text.strip().upper()
    return bool(_DURATION.match(t)) and t not in ("P", "PT")


class IdIndex:
    """Objects by ``id`` in one document, to follow references (``"issuer": "urn:..."``).

    Flattened JSON-LD (``@graph``) and ELM's habit of repeating nodes by id
    mean a value may be just an id; the fullest object carrying it is used.
    """

    def __init__(self, root: J, limit: int = 200_000) -> None:
        self.nodes: dict[str, J] = {}
        stack = [root]
        seen = 0
        while stack and seen < limit:
            node = stack.pop()
            seen += 1
            if isinstance(node.v, dict):
                ident = node.id() if ("id" in node.v or "@id" in node.v) else None
                if ident and len(node.v) > 2:
                    prev = self.nodes.get(ident)
                    if prev is None or len(prev.v) < len(node.v):
                        self.nodes[ident] = node
                stack.extend(
                    J(v, f"{node.ptr}/{escape(k)}") for k, v in node.v.items()
                    if isinstance(v, dict | list)
                )
            elif isinstance(node.v, list):
                stack.extend(
                    J(v, f"{node.ptr}/{i}") for i, v in enumerate(node.v)
                    if isinstance(v, dict | list)
                )

    def all_nodes(self) -> list[J]:
        """Every indexed object, in document order (by pointer) for deterministic output."""
        return sorted(self.nodes.values(), key=lambda n: n.ptr)

    def deref(self, node: J | None) -> J | None:
        """The full object for a reference (string id or id-only object)."""
        if node is None:
            return None
        if isinstance(node.v, str):
            return self.nodes.get(node.v.strip(), node)
        if isinstance(node.v, dict) and len(node.v) <= 2:
            ident = node.id()
            if ident and ident in self.nodes:
                return self.nodes[ident]
        return node

    def each(self, node: J | None, *terms: str) -> list[J]:
        """Dereferenced items under ``terms`` of ``node``."""
        if node is None:
            return []
        return [x for x in (self.deref(i) for i in node.each(*terms)) if x is not None]

    def first(self, node: J | None, *terms: str) -> J | None:
        """First dereferenced item under ``terms`` of ``node``."""
        found = self.each(node, *terms)
        return found[0] if found else None


def context_urls(value: Any) -> list[str]:
    """String entries of a JSON-LD ``@context`` value (top level only)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [x for x in value if isinstance(x, str)]
    return []


def json_or_none(doc: SourceDocument) -> Any:
    """Parsed JSON for ``matches``: ``None`` when not JSON or unreadable.

    Detection must not fail loudly: another loader may accept the file, and
    the registry reports unreadable content once, with the parse error.
    """
    try:
        if not doc.looks_like_json():
            return None
        return doc.json
    except (InputError, RecursionError, MemoryError):
        return None


def text_or_none(doc: SourceDocument) -> str | None:
    """Stripped text (for JWT detection) or ``None`` when not text."""
    try:
        head = doc.head
        if head[:1] in (b"{", b"[") or b"\x00" in head[:512]:
            return None
        return doc.text.strip()
    except InputError:
        return None


def guarded(doc: SourceDocument, fmt: str,
            produce: Callable[[], Iterator[LoadItem]]) -> Iterator[LoadItem]:
    """Run a loader body so that only :class:`InputError` can escape.

    Hostile input is expected; a loader bug on an odd shape must not become an
    internal error (exit 3) for the user, but a clear input error naming the
    file, with the exception class so the report can be acted on.
    """
    try:
        yield from produce()
    except InputError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError,
            RecursionError, OverflowError) as exc:
        raise InputError(
            f"cannot interpret this {fmt} document ({type(exc).__name__}: {exc})",
            file=doc.display,
            hint="check the structure against the specification; please report if it is valid",
        ) from None


def problem(doc: SourceDocument, ptr: str, exc: InputError,
            record_id: str | None = None) -> InputProblem:
    """An :class:`InputProblem` for one record of a multi-record file."""
    return InputProblem(file=doc.display, locator=exc.location or ptr,
                        message=exc.one_line(), record_id=record_id)


class Mapper:
    """A :class:`RecordBuilder` fed with :class:`J` values (pointer = provenance)."""

    def __init__(self, doc: SourceDocument, fmt: str, prefix: str = "") -> None:
        self.doc: SourceDocument | None = doc
        self.b = RecordBuilder(doc.display, fmt)
        self.prefix = prefix
        self.extensions: dict[str, str | int | float | bool] = {}

    def loc(self, ptr: str) -> str:
        """Locator for a pointer inside the (possibly decoded) credential."""
        return f"{self.prefix}{ptr}" if self.prefix else (ptr or "/")

    def set(self, field: str, value: Any, ptr: str) -> None:
        """Set a top-level field with its source pointer."""
        self.b.set(field, value, self.loc(ptr))

    def source(self, path: str, ptr: str) -> None:
        """Provenance of a nested path."""
        self.b.source(path, self.loc(ptr))

    def looked(self, element: str, *ptrs: str) -> None:
        """Record where an absent element was looked for (first place wins)."""
        self.b.looked(element, " | ".join(self.loc(p) for p in ptrs if p is not None))

    def prose(self, field: str, node: J | None, base: tuple[str, ...] = (), *,
              text: str | None = None, describes: bool = False, at: str | None = None
              ) -> None:
        """Keep the free text at ``node`` (or ``text``, located at ``node``) when it may
        state Annex I elements (cue words, ``base`` for where it sits; ``describes``: it
        describes the achievement, see :func:`~mcqa.loaders.prose.prose_elements`;
        ``at``: its locator when ``node`` sits in another file)."""
        from mcqa.loaders.prose import prose_cues

        if node is None:
            return
        found = (text, node.ptr) if text is not None else node.text_at()
        if not found or not found[0]:
            return
        value, ptr = found
        title = self.b.fields.get("title")
        cues = prose_cues(value, base, title=title if isinstance(title, str) else None,
                          describes=describes)
        self.b.statement(field, value, tuple(cues), at or self.loc(ptr),
                         cues=tuple((e, c) for e, c in cues.items() if c))

    def has(self, field: str) -> bool:
        """True when ``field`` was set."""
        return field in self.b.fields and self.b.fields[field] not in (None, (), [])

    def ext(self, key: str, value: str | int | float | bool | None, ptr: str | None = None
            ) -> None:
        """Add an ``extensions`` entry (and its provenance)."""
        if value is None or value == "":
            return
        self.extensions[key] = value
        if ptr is not None:
            self.b.source(f"extensions.{key}", self.loc(ptr))

    def level_from_title(self) -> None:
        """No level stated, but the title names one ("RQF Level 6 Diploma in ...",
        "SeQF Level 7 ..."): read it from there, with the title as its source."""
        title = self.b.fields.get("title")
        if self.has("level") or not isinstance(title, str):
            return
        from mcqa.frameworks.names import parse_level_text
        from mcqa.model import Level

        named = parse_level_text(title)
        if named is None or (named.level is None and named.eqf is None):
            return
        ref = self.b.provenance.get("title")
        where = ref.locator if ref is not None else ""
        self.b.set("level", Level(eqf=named.eqf, framework=named.framework, nqf=named.level),
                   where)
        self.b.source("level.nqf" if named.level else "level.eqf", where)

    def build(self) -> CredentialRecord:
        """Freeze the record (extensions included)."""
        self.level_from_title()
        if self.extensions:
            self.b.fields["extensions"] = dict(self.extensions)
        return self.b.build()


def dedupe(values: list[str]) -> tuple[str, ...]:
    """Unique values in first-seen order."""
    return tuple(dict.fromkeys(v for v in values if v))


def last_segment(uri: str) -> str:
    """Last path/fragment segment of a URI (``.../eqf/6`` -> ``6``)."""
    return re.split(r"[/#]", uri.rstrip("/#"))[-1]


# --- envelopes ------------------------------------------------------------------------

class Envelope:
    """A credential unwrapped from its transport: where it sits and how it was signed."""

    __slots__ = ("claims", "data", "method", "prefix", "wrapper")

    def __init__(self, data: Any, prefix: str = "", method: str | None = None,
                 wrapper: str | None = None, claims: dict[str, Any] | None = None) -> None:
        self.data = data
        self.prefix = prefix
        self.method = method
        self.wrapper = wrapper
        self.claims = claims or {}

    @property
    def root(self) -> J:
        """The credential as a :class:`J` (pointers relative to ``prefix``)."""
        return J(self.data, "")


def unwrap(doc: SourceDocument) -> Envelope:
    """The credential in ``doc``, through JWT, JAdES, ``{"credential"}``/``{"elm"}`` wrappers.

    Raises :class:`InputError` for content that is neither JSON nor a JWT, or
    a broken signed envelope.
    """
    from mcqa.loaders import jwt

    if not doc.looks_like_json():
        baked = baked_content(doc)
        if baked is not None:
            return _from_baked(doc, *baked)
        text = text_or_none(doc)
        if text is not None and jwt.looks_like_jwt(text):
            _header, payload = jwt.decode_compact(text, doc.display)
            data, prefix = jwt.vc_of_payload(payload)
            return Envelope(data, f"JWT payload{prefix}",
                            "jwt" if jwt.compact_signed(text) else None, "jwt",
                            jwt.jwt_claim_fallbacks(payload))
        raise InputError("content is neither JSON nor a JWT", file=doc.display,
                         hint="provide the credential as JSON(-LD) or a compact JWT")
    data = doc.json
    if isinstance(data, dict):
        if "payload" in data and ("signatures" in data or "signature" in data):
            inner = jwt.decode_jades_payload(data, doc.display)
            return Envelope(inner, "/payload", "jades" if jwt.jades_signed(data) else None,
                            "jades")
        if isinstance(data.get("credential"), dict) and "@context" not in data and (
            "type" not in data
        ):
            return Envelope(data["credential"], "/credential", None, "uploadable")
        if isinstance(data.get("elm"), dict) and len(data) == 1:
            return Envelope(data["elm"], "/elm", None, "elm")
    return Envelope(data)


_PEEKED: dict[int, tuple[SourceDocument, Envelope | None]] = {}


def peek(doc: SourceDocument) -> Envelope | None:
    """:func:`unwrap` for ``matches``: cached per document, ``None`` when unreadable."""
    cached = _PEEKED.get(id(doc))
    if cached is not None and cached[0] is doc:
        return cached[1]
    try:
        env: Envelope | None = unwrap(doc)
    except (InputError, RecursionError, MemoryError):
        env = None
    if len(_PEEKED) > 64:
        _PEEKED.clear()
    _PEEKED[id(doc)] = (doc, env)
    return env


def type_names(value: Any) -> set[str]:
    """Local type names of a raw JSON object (``type``/``@type``, any prefix)."""
    return J(value).types() if isinstance(value, dict) else set()


def embedded_proof_method(cred: J) -> str | None:
    """``jws`` for a detached-JWS proof whose signature is judged present
    (:func:`mcqa.loaders.jwt.signature_present`), ``embedded-proof`` for a proof block with
    a type and a non-empty ``proofValue``/``signatureValue``; ``None`` when no proof carries
    one (an empty or stripped proof, or one without a type, is not a signature)."""
    from mcqa.loaders import jwt

    found: str | None = None
    for p in cred.each("proof")[:100]:
        if not p.is_obj:
            continue
        if not any(t.strip() for t in p.types()):
            continue  # a proof names its type (VC Data Integrity); without one it is no proof
        jws = p.get("jws")
        if jws is not None:
            if isinstance(jws.v, str) and jwt.compact_signed(jws.v):
                return "jws"
            continue
        for key in ("proofValue", "signatureValue"):
            value = p.get(key)
            if value is not None and isinstance(value.v, str) and len(value.v.strip()) >= 16:
                found = "embedded-proof"
    return found


# --- baked badge images ----------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_BAKED_KEYS = {b"openbadges": "openbadges", b"openbadgecredential": "openbadgecredential"}
# Linear on any input: the attribute scan stops at the next "<" or ">", and the closing
# tag is found with str.find (a lazy ".*?" to it was quadratic in unclosed tags).
_SVG_OPEN = re.compile(r"<openbadges:(credential|assertion)\b([^<>]*+)>")
_VERIFY = re.compile(r"""verify\s*+=\s*+["']([^"'<>]++)["']""")


def _svg_payload(svg: str) -> tuple[str, str, str] | None:
    """(kind, attributes, inner text) of the first baked ``<openbadges:...>`` element."""
    match = _SVG_OPEN.search(svg)
    if match is None:
        return None
    kind, attrs = match.group(1), match.group(2)
    if attrs.endswith("/"):
        return kind, attrs[:-1], ""
    end = svg.find(f"</openbadges:{kind}", match.end())
    if end < 0:
        return None
    return kind, attrs, svg[match.end():end]


def baked_content(doc: SourceDocument, *, strict: bool = False) -> tuple[str, str] | None:
    """(locator, text) of an Open Badges payload baked into a PNG or SVG, else ``None``.

    OB 2.0 bakes into the PNG ``iTXt`` chunk ``openbadges`` / SVG
    ``<openbadges:assertion>``; OB 3.0 into ``openbadgecredential`` /
    ``<openbadges:credential>``. The payload is JSON, a compact JWS, or (OB 2.0
    hosted) a URL, which is reported, never fetched.
    """
    import zlib

    try:
        head = doc.head
        if head.startswith(PNG_SIGNATURE):
            data = doc.data
            pos = 8
            while pos + 12 <= len(data):
                length = int.from_bytes(data[pos:pos + 4], "big")
                kind = data[pos + 4:pos + 8]
                body = data[pos + 8:pos + 8 + length]
                if kind in (b"iTXt", b"tEXt") and b"\x00" in body:
                    keyword, rest = body.split(b"\x00", 1)
                    if keyword in _BAKED_KEYS:
                        if kind == b"tEXt":
                            return f"PNG tEXt {_BAKED_KEYS[keyword]}", rest.decode("latin-1")
                        compressed = rest[:1] == b"\x01"
                        parts = rest[2:].split(b"\x00", 2)
                        text = parts[2] if len(parts) == 3 else b""
                        if compressed:
                            limit = doc.options.limits.max_file_bytes
                            text = zlib.decompressobj().decompress(text, limit)
                        return f"PNG iTXt {_BAKED_KEYS[keyword]}", text.decode("utf-8")
                if kind == b"IEND":
                    break
                pos += 12 + length
            return None
        if b"<svg" in head[:4096] or b"<?xml" in head[:100]:
            found = _svg_payload(doc.text)
            if found is None:
                return None
            element, attrs, payload = found
            verify = _VERIFY.search(attrs)
            if verify:
                return f"SVG openbadges:{element}@verify", verify.group(1)
            payload = payload.strip()
            if payload.startswith("<![CDATA[") and payload.endswith("]]>"):
                payload = payload[9:-3].strip()
            return f"SVG openbadges:{element}", payload
    except InputLimitError:
        if strict:
            raise
        return None
    except (InputError, UnicodeDecodeError, zlib.error, ValueError):
        return None
    return None


def explain_unmatched(doc: SourceDocument) -> None:
    """For a file no loader accepted: raise the specific reason detection had to swallow
    (a baked badge above the size limit, a badge that only points to a hosted assertion,
    a baked payload that is not JSON), so the user reads it instead of "not a format"."""
    limit = doc.options.limits.max_file_bytes
    try:
        size = doc.path.stat().st_size
    except OSError:
        return
    if size > limit:
        doc.data  # noqa: B018 - raises the size-limit error with its hint
    head = doc.head
    if not (head.startswith(PNG_SIGNATURE) or b"<svg" in head[:4096] or b"<?xml" in head[:100]):
        return
    baked = baked_content(doc, strict=True)
    if baked is not None:
        _from_baked(doc, *baked)


def _from_baked(doc: SourceDocument, where: str, text: str) -> Envelope:
    from mcqa.loaders import jwt

    content = text.strip()
    try:
        if content.startswith("{"):
            return Envelope(jwt.parse_json_text(content), f"{where}:", None, "baked")
    except ValueError as exc:
        raise InputError(f"baked badge payload is not valid JSON ({exc})", file=doc.display,
                         location=where, hint="re-bake the badge from its issuer") from None
    if jwt.looks_like_jwt(content):
        _header, payload = jwt.decode_compact(content, doc.display)
        data, prefix = jwt.vc_of_payload(payload)
        return Envelope(data, f"{where} JWT payload{prefix}",
                        "jwt" if jwt.compact_signed(content) else None, "baked",
                        jwt.jwt_claim_fallbacks(payload))
    if content.startswith(("http://", "https://")):
        raise InputError(
            f"baked badge refers to a hosted assertion at {content[:200]}; mcqa never fetches it",
            file=doc.display, location=where,
            hint="save the assertion JSON next to the image and check that file")
    raise InputError("baked badge payload is neither JSON, a JWT nor a URL", file=doc.display,
                     location=where, hint="re-bake the badge from its issuer")


class EnvelopeLoader:
    """Base of the loaders for one JSON(-LD) credential per file (plain, JWT, JWS, baked).

    Detection unwraps the file once (:func:`peek`, cached) and asks
    :meth:`recognise` about the content; reading runs under :func:`guarded`, so
    whatever goes wrong is an input error naming ``label``. Subclasses set
    ``name``, ``label`` and ``recognise`` and write ``_load``.
    """

    name: str
    label: str
    """The format's name in messages ("Open Badges 3.0")."""

    @staticmethod
    def recognise(data: Any) -> bool:
        """True when the unwrapped content is this format."""
        raise NotImplementedError

    def matches(self, doc: SourceDocument) -> bool:
        """The unwrapped content is this format (never judged by extension)."""
        env = peek(doc)
        return env is not None and self.recognise(env.data)

    def load(self, doc: SourceDocument) -> Iterator[LoadItem]:
        """The file's records; any failure becomes one input error naming the format."""
        return guarded(doc, self.label, lambda: self._load(doc))

    def _load(self, doc: SourceDocument) -> Iterator[LoadItem]:
        raise NotImplementedError
