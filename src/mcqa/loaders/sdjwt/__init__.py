"""SD-JWT VC wallet presentations (EUDI Wallet micro-credentials) -> :class:`CredentialRecord`.

Reads, detected from the content:

* the compact serialisation ``<issuer-signed JWT>~<disclosure>~...~[<key-binding JWT>]``
  (RFC 9901 §4), one presentation per line (a text file may hold several);
* the JWS JSON serialisation, flattened or general (RFC 9901 §8), and the pre-RFC form
  with top-level ``disclosures``;
* an OpenID4VP ``vp_token`` object (``{"<query id>": ["<presentation>", ...]}``, also
  wrapped as ``{"vp_token": ...}``): one record per presentation.

Each presentation is decoded (:mod:`.disclosure`: digests matched to disclosures, claims
rebuilt), its signature verified only against ``--trust DIR`` (:mod:`.trust`), and its
``vct`` mapped (:mod:`.types`, registry ``standards/sd-jwt-vc/types.yaml``). Every value's
provenance names the disclosure it came from (``disclosure 3 at /title``) or the
issuer-signed payload (``JWT payload/iss``). An absent element whose claim the issuer may
have made selectively disclosable, where the credential holds undisclosed digests, is
*withheld by the holder* (``CredentialRecord.withheld``, located at those digests); any
other absent element is missing. A presentation of a type that is not a micro-credential
(a PID, an EHIC) is reported as skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mcqa.errors import InputError
from mcqa.loaders._common import J, json_or_none, problem, text_or_none
from mcqa.loaders.base import SourceDocument, check_depth
from mcqa.loaders.sdjwt.disclosure import (
    PAYLOAD,
    Parts,
    Reconstruction,
    check_header,
    decode_segment,
    digest_of,
    is_json_sd_jwt,
    reconstruct,
    split_compact,
    split_json,
)
from mcqa.model import ELEMENTS, CredentialRecord, LoadItem, Signature, Skipped, SourceRef

if TYPE_CHECKING:  # the type registry and mappings load with the first presentation
    from mcqa.loaders.sdjwt.types import CredentialType

__all__ = ["Decoded", "SdJwtVcLoader", "decode_presentations", "explain"]

_COMPACT_SD = re.compile(r"^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_.-]*~")
_TYP_SD = re.compile(r"(^|\+)sd-jwt$")


def _looks_compact(line: str) -> bool:
    return bool(_COMPACT_SD.match(line))


def _typ_says_sd_jwt(protected: str) -> bool:
    try:
        header = decode_segment(protected, "header", "", "")
    except InputError:
        return False
    typ = header.get("typ") if isinstance(header, dict) else None
    return isinstance(typ, str) and bool(_TYP_SD.search(typ.lower()))


def _vp_token(data: Any) -> dict[str, Any] | None:
    """The ``{query id: presentation(s)}`` object of an OpenID4VP response, if ``data`` is one
    holding at least one compact SD-JWT."""
    if isinstance(data, dict) and set(data) == {"vp_token"}:
        data = data["vp_token"]
    if not isinstance(data, dict) or not data or len(data) > 1000:
        return None
    found = False
    for value in data.values():
        items = value if isinstance(value, list) else [value]
        if not items or not all(isinstance(i, str) for i in items):
            return None
        found = found or any(_looks_compact(i.strip()) for i in items)
    return data if found else None


@dataclass
class Decoded:
    """One presentation, decoded and checked: what ``mcqa inspect`` shows and the mapping
    reads."""

    where: str
    """Locator prefix of this presentation in its file (``line 2: ``), or empty."""
    parts: Parts
    header: dict[str, Any]
    payload: dict[str, Any]
    rebuilt: Reconstruction
    vct: str
    key_binding: str
    kb_payload: dict[str, Any] | None


def _decode(doc: SourceDocument, parts: Parts, where: str) -> Decoded:
    file = doc.display
    header = decode_segment(parts.protected, "issuer-signed JWT header", file,
                            f"{where}issuer-signed JWT header")
    check_header(header, "issuer-signed JWT", file, f"{where}issuer-signed JWT header")
    from mcqa.loaders.jwt import signature_present

    if not signature_present(header, parts.signature):
        raise InputError("the issuer-signed JWT has no signature of the length its algorithm "
                         "produces (stripped or truncated)", file=file,
                         location=f"{where}issuer-signed JWT signature",
                         hint="an unsigned SD-JWT proves nothing (RFC 9901 §4.1); ask the "
                              "holder for the presentation as the wallet made it")
    payload = decode_segment(parts.payload, "issuer-signed JWT payload", file,
                             f"{where}{PAYLOAD}")
    if not isinstance(payload, dict):
        raise InputError("the issuer-signed JWT payload is not a JSON object", file=file,
                         location=f"{where}{PAYLOAD}", hint="an SD-JWT VC payload is a claim set")
    limit = doc.options.limits.max_json_depth
    check_depth(payload, limit, file, f"{where}{PAYLOAD}")
    vct = payload.get("vct")
    if not isinstance(vct, str) or not vct.strip():
        raise InputError("an SD-JWT without a vct claim is not an SD-JWT VC", file=file,
                         location=f"{where}{PAYLOAD}/vct",
                         hint="the verifiable credential type (vct) names what the credential "
                              "is; mcqa reads micro-credential types only")
    rebuilt = reconstruct(payload, parts.disclosures, file, where, limit)
    key_binding, kb_payload = "absent", None
    if parts.kb_jwt is not None:
        key_binding, kb_payload = _key_binding(parts, rebuilt.alg, file, where)
    return Decoded(where, parts, header, payload, rebuilt, vct.strip(), key_binding, kb_payload)


def _key_binding(parts: Parts, alg: str, file: str, where: str) -> tuple[str, dict[str, Any]]:
    """Check the key-binding JWT's form and that its ``sd_hash`` covers exactly this
    presentation (RFC 9901 §4.3, §7.3)."""
    loc = f"{where}key-binding JWT"
    kb = parts.kb_jwt or ""
    pieces = kb.split(".")
    if len(pieces) != 3:
        raise InputError("the key-binding JWT is not header.payload.signature", file=file,
                         location=loc, hint="the presentation may be truncated")
    header = decode_segment(pieces[0], "key-binding JWT header", file, loc)
    check_header(header, "key-binding JWT", file, loc)
    if header.get("typ") != "kb+jwt":
        raise InputError(f"the key-binding JWT has typ {header.get('typ')!r}, not 'kb+jwt'",
                         file=file, location=loc, hint="see RFC 9901 §4.3")
    payload = decode_segment(pieces[1], "key-binding JWT payload", file, loc)
    if not isinstance(payload, dict) or not isinstance(payload.get("sd_hash"), str):
        raise InputError("the key-binding JWT has no sd_hash", file=file, location=loc,
                         hint="a key-binding JWT must bind the presented disclosures "
                              "(RFC 9901 §4.3.1)")
    expected = digest_of(alg, parts.hashed)
    if payload["sd_hash"] != expected:
        raise InputError("the key-binding JWT's sd_hash does not match this presentation",
                         file=file, location=f"{loc} sd_hash",
                         hint=f"it was made over other disclosures or with a hash other than "
                              f"{alg}: disclosures were added, removed or altered after the "
                              "holder signed")
    return "sd_hash matches the presentation", payload


def decode_presentations(doc: SourceDocument) -> Iterator[tuple[str, Decoded | InputError]]:
    """Every presentation in ``doc`` decoded, or the input error that stood in for it."""
    for where, parts in _split(doc):
        if isinstance(parts, InputError):
            yield where, parts
            continue
        try:
            yield where, _decode(doc, parts, where)
        except InputError as exc:
            yield where, exc


def _split(doc: SourceDocument) -> Iterator[tuple[str, Parts | InputError]]:
    data = json_or_none(doc)
    if data is not None:
        token = _vp_token(data)
        if token is None:
            yield "", split_json(data, doc.display)
            return
        for key, value in token.items():
            for i, text in enumerate(value if isinstance(value, list) else [value]):
                where = f"/{key}/{i}: " if isinstance(value, list) else f"/{key}: "
                try:
                    yield where, split_compact(text, doc.display, where)
                except InputError as exc:
                    yield where, exc
        return
    lines = [(n, line.strip()) for n, line in enumerate(doc.text.splitlines(), 1) if line.strip()]
    for n, line in lines:
        where = f"line {n}: " if len(lines) > 1 else ""
        try:
            yield where, split_compact(line, doc.display, where)
        except InputError as exc:
            yield where, exc


_JWS_CHARS = re.compile(rb"^[A-Za-z0-9_.~-]*$")


def _first_line(doc: SourceDocument) -> str | None:
    """The first line, read from the head of the file (a catalogue is not decoded whole for
    this); the whole text only when the head is one unbroken run of JWS characters (an
    issuer JWT longer than 64 KiB)."""
    try:
        head = doc.head
    except InputError:
        return None
    if head[:1] in (b"{", b"[") or b"\x00" in head[:512]:
        return None
    line = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0].strip()
    if len(head) >= doc.HEAD_BYTES and b"\n" not in head and _JWS_CHARS.match(line):
        text = text_or_none(doc)
        return text.split("\n", 1)[0].strip() if text else None
    return line.decode("ascii", "replace")


class SdJwtVcLoader:
    """SD-JWT VC wallet presentations (compact, JSON, OpenID4VP vp_token).

    Detected by: a compact JWT followed by ``~`` (or ``typ`` ``*+sd-jwt``), a JWS JSON
    serialisation carrying ``disclosures``, or a vp_token object of such presentations.
    Records: one per presentation.
    """

    name = "sd-jwt-vc"
    label = "SD-JWT VC"

    def matches(self, doc: SourceDocument) -> bool:
        """A compact SD-JWT, a JSON-serialised one, or a vp_token holding them."""
        data = json_or_none(doc)
        if data is not None:
            if is_json_sd_jwt(data) or _vp_token(data) is not None:
                return True
            return (isinstance(data, dict) and isinstance(data.get("protected"), str)
                    and isinstance(data.get("payload"), str)
                    and _typ_says_sd_jwt(data["protected"]))
        first = _first_line(doc)
        if not first:
            return False
        if _looks_compact(first):
            return True
        head = first.split(".", 1)[0]
        return first.count(".") == 2 and _typ_says_sd_jwt(head)

    def load(self, doc: SourceDocument) -> Iterator[LoadItem]:
        """One record (or problem, or skipped document) per presentation."""
        items = list(decode_presentations(doc))
        single = len(items) == 1
        for where, decoded in items:
            if isinstance(decoded, InputError):
                if single:
                    raise decoded
                yield problem(doc, where.rstrip(": "), decoded)
                continue
            try:
                yield from _items(doc, decoded)
            except InputError as exc:
                if single:
                    raise
                yield problem(doc, where.rstrip(": "), exc)
            except (KeyError, TypeError, ValueError, AttributeError, IndexError,
                    RecursionError, OverflowError) as exc:
                err = InputError(f"cannot interpret this SD-JWT VC ({type(exc).__name__}: {exc})",
                                 file=doc.display, location=where.rstrip(": ") or None,
                                 hint="check it against the type's rulebook or metadata; please "
                                      "report if it is valid")
                if single:
                    raise err from None
                yield problem(doc, where.rstrip(": "), err)


def _items(doc: SourceDocument, d: Decoded) -> list[LoadItem]:
    """The record(s) of one presentation (an ELM credential claiming several achievements
    gives one each), or the skipped document."""
    from mcqa.loaders.sdjwt.types import MAPPINGS, registry

    reg = registry()
    if d.vct in reg.skip:
        return [Skipped(file=doc.display, locator=d.where.rstrip(": "),
                        reason=f"{reg.skip[d.vct]} (SD-JWT VC {d.vct})")]
    t = reg.types.get(d.vct)
    if t is None:
        supported = ", ".join(sorted(reg.types))
        raise InputError(f"SD-JWT VC of type {d.vct!r}: not a micro-credential type mcqa maps",
                         file=doc.display, location=f"{d.where}{PAYLOAD}/vct",
                         hint=f"supported vct values: {supported}")
    verification = _verify(doc, d)
    mapped = MAPPINGS[t.mapping](doc, J(d.rebuilt.claims, ""), t)
    records = mapped if isinstance(mapped, list) else [mapped]
    return [_finish(doc, record, d, t, verification) for record in records]


def _verify(doc: SourceDocument, d: Decoded) -> tuple[bool | None, str, str]:
    """(verified, note, key-binding note) from the trust folder, if one was given."""
    from mcqa.loaders.sdjwt.trust import NO_KEYS

    folder = doc.options.trust_dir
    if folder is None:
        return NO_KEYS.verified, NO_KEYS.note, d.key_binding
    from mcqa.loaders.sdjwt.trust import load_trust_store, verify_issuer, verify_key_binding

    store = load_trust_store(str(folder))
    when = doc.options.trust_time or dt.date.today()
    alg = str(d.header["alg"])
    verdict = verify_issuer(d.parts.jws, d.header, alg, store, when, doc.display, d.where)
    kb = d.key_binding
    if d.parts.kb_jwt is not None:
        kb_header = decode_segment(d.parts.kb_jwt.split(".")[0], "header", doc.display, "")
        kb = f"{kb}; " + verify_key_binding(d.parts.kb_jwt, d.rebuilt.claims.get("cnf"),
                                            str(kb_header["alg"]), doc.display, d.where)
    return verdict.verified, verdict.note, kb


def _hidden_at(rebuilt: Reconstruction, t: CredentialType, pointer: str) -> str | None:
    """Where the claim at ``pointer`` may be hidden: the locator of the undisclosed digests
    of the deepest object/array on its path, unless the type says the claim is never
    selectively disclosable; ``None`` when it cannot be hidden (or is there)."""
    node: Any = rebuilt.claims
    here = ""
    path: list[str | None] = []
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            if token in node:
                node, here = node[token], f"{here}/{raw}"
                path.append(token)
                continue
            hidden = rebuilt.undisclosed.get(here, 0)
            if hidden and t.policy((*path, token)) != "never":
                return rebuilt.digests_at(here, is_array=False)
            return None
        if isinstance(node, list):
            if token.isdigit() and int(token) < len(node):
                node, here = node[int(token)], f"{here}/{raw}"
                path.append(None)
                continue
            hidden = rebuilt.undisclosed.get(here, 0)
            if hidden and t.policy((*path, None)) != "never":
                return rebuilt.digests_at(here, is_array=True)
            return None
        return None
    if isinstance(node, dict):  # where mcqa looked is there: its undisclosed claims, or
        if rebuilt.undisclosed.get(here):  # those of a member left empty (a language map
            return rebuilt.digests_at(here, is_array=False)  # whose entries were withheld)
        for key, value in node.items():
            child = f"{here}/{key.replace('~', '~0').replace('/', '~1')}"
            if value == {} and rebuilt.undisclosed.get(child):
                return rebuilt.digests_at(child, is_array=False)
    return None


def _absent(record: CredentialRecord, path: str) -> bool:
    if path.startswith("extensions."):
        return path[len("extensions."):] not in record.extensions
    return path in ELEMENTS and record.element_value(path) in (None, ())


def _finish(doc: SourceDocument, record: CredentialRecord, d: Decoded, t: CredentialType,
            verification: tuple[bool | None, str, str]) -> CredentialRecord:
    """Withheld elements, disclosure-naming locators, signature and SD-JWT facts."""
    from mcqa.loaders.sdjwt.types import NO_CLAIM
    rebuilt, where = d.rebuilt, d.where
    file = doc.display

    def locate(locator: str) -> str:
        out = []
        for part in locator.split(" | "):
            if part.startswith("/"):
                out.append(rebuilt.label("" if part == "/" else part))
            elif part == NO_CLAIM:
                out.append(f"{where}{PAYLOAD}: type {d.vct} has no claim for this element")
            else:
                out.append(part)
        return " | ".join(out)

    withheld: list[str] = []
    provenance: dict[str, SourceRef] = {}
    for path, ref in record.provenance.items():
        if not ref.present and _absent(record, path):
            for part in ref.locator.split(" | "):
                at = _hidden_at(rebuilt, t, part) if part.startswith("/") else None
                if at is not None:
                    withheld.append(path)
                    provenance[f"withheld.{path}"] = SourceRef(file=file, locator=at)
                    break
        provenance[path] = ref.model_copy(update={"locator": locate(ref.locator)})
    provenance["signature"] = SourceRef(file=file, locator=f"{where}issuer-signed JWT")
    issues = tuple(i.model_copy(update={"locator": locate(i.locator)})
                   for i in record.input_issues)
    verified, note, key_binding = verification
    extensions = dict(record.extensions)
    extensions.update({
        "sdjwt.vct": d.vct, "sdjwt.type": t.id, "sdjwt.hash": rebuilt.alg,
        "sdjwt.serialisation": d.parts.serialisation,
        "sdjwt.disclosures": len(d.parts.disclosures),
        "sdjwt.undisclosed_digests": sum(rebuilt.undisclosed.values()),
        "sdjwt.key_binding": key_binding,
    })
    typ = d.header.get("typ")
    if isinstance(typ, str):
        extensions["sdjwt.typ"] = typ
    record_id, parent_id = record.record_id, record.parent_id
    if record_id.startswith(f"{file}#"):
        claim = record_id.rpartition("#")[2] if parent_id is not None else ""
        record_id = f"{file}#{where}{PAYLOAD}"
        if claim:  # one of several achievements of an ELM credential without an id
            parent_id, record_id = record_id, f"{record_id}#{claim}"
    return record.model_copy(update={
        "record_id": record_id,
        "parent_id": parent_id,
        "withheld": tuple(sorted(set(withheld))),
        "provenance": provenance,
        "input_issues": issues,
        "extensions": extensions,
        "signature": Signature(signed=True, method="sd-jwt", verified=verified,
                               verification=note),
    })


def explain(doc: SourceDocument) -> list[dict[str, Any]]:
    """What ``mcqa inspect`` shows of each presentation in ``doc``: the reconstructed
    claims, each disclosure's number, digest and claim path, where digests stayed
    undisclosed, and the key binding; or the input error that stood in for it."""
    out: list[dict[str, Any]] = []
    for where, d in decode_presentations(doc):
        entry: dict[str, Any] = {"file": doc.display, "presentation": where.rstrip(": ")}
        if isinstance(d, InputError):
            entry["error"] = d.one_line()
            out.append(entry)
            continue
        rebuilt = d.rebuilt
        entry.update({
            "vct": d.vct, "typ": d.header.get("typ"), "alg": d.header.get("alg"),
            "kid": d.header.get("kid"), "x5c": len(d.header["x5c"])
            if isinstance(d.header.get("x5c"), list) else 0,
            "serialisation": d.parts.serialisation, "hash": rebuilt.alg,
            "key_binding": d.key_binding,
            "disclosures": [{"number": x.number, "claim": x.claim, "path": x.path,
                             "digest": x.digest} for x in rebuilt.disclosed],
            "undisclosed": [{"at": rebuilt.digests_at(ptr, _is_array(rebuilt.claims, ptr)),
                             "digests": n} for ptr, n in sorted(rebuilt.undisclosed.items())],
            "claims": rebuilt.claims,
        })
        out.append(entry)
    return out


def _is_array(claims: Any, ptr: str) -> bool:
    node = claims
    for raw in ptr.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node.get(token)
    return isinstance(node, list)
