"""Reading signed envelopes *without verifying them*: compact JWT/JWS and JAdES JSON.

mcqa judges the content of a credential, not whether its signature verifies
(that needs keys, DID resolution and trust lists, i.e. the network). So a
JWT-encoded VC (``header.payload.signature``), a VC-JWT 1.1 payload
(``{"vc": {...}, "iss": ...}``) and the Europass JAdES JSON serialisation
(``{"payload": ..., "signatures": [...]}``) are decoded to read the credential.

Whether the record says it is *signed* is judged, never assumed from the
envelope's shape (:func:`signature_present`): the header must name a signing
algorithm mcqa knows (``alg: none``, a missing or unknown ``alg`` is unsigned), any
``crit`` header must list only extensions a verifier can understand, and
the signature must be present, valid base64url and of the length that algorithm
produces (a stripped or truncated signature is unsigned). "Verified" would need a
key the user supplies; mcqa does not claim it.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from mcqa.errors import InputError
from mcqa.loaders.base import refuse_lone_surrogates

_COMPACT = re.compile(r"^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(~[A-Za-z0-9_~.-]*)?$")


SIGNATURE_BYTES: dict[str, tuple[int, int]] = {
    **{f"HS{n}": (n // 8, n // 8) for n in (256, 384, 512)},
    **{f"{k}{n}": (128, 1024) for k in ("RS", "PS") for n in (256, 384, 512)},  # 1024-8192 bit
    "ES256": (64, 64), "ES256K": (64, 64), "ES384": (96, 96), "ES512": (132, 132),
    "EdDSA": (64, 114), "Ed25519": (64, 64), "Ed448": (114, 114),
}
"""JWS signing algorithms (RFC 7518, RFC 8037) and the signature lengths they produce."""

REGISTERED_HEADERS = frozenset({"alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256",
                                "typ", "cty", "crit"})
"""Header parameters RFC 7515 defines; ``crit`` may not list them (section 4.1.11)."""

UNDERSTOOD_CRITICAL = frozenset({
    "b64",  # RFC 7797, unencoded payload
    # JAdES (ETSI TS 119 182-1) header parameters, as Europass signatures list them
    "sigT", "sigD", "x5t#o", "sigX5ts", "srCms", "srAts", "sigPl", "sigPId", "adoTst",
    "etsiU", "cSigs", "xVals", "rVals", "axVals", "arVals", "sigPSt",
})
"""Extensions a JWS may mark critical and still be a signature: a verifier must reject a
JWS whose ``crit`` names one it does not understand (RFC 7515, section 4.1.11)."""


def critical_ok(header: dict[str, Any]) -> bool:
    """The ``crit`` rules of RFC 7515, section 4.1.11: absent, or a non-empty list of
    distinct extension names that are not registered parameters, each present in the
    header and understood (:data:`UNDERSTOOD_CRITICAL`)."""
    if "crit" not in header:
        return True
    crit = header["crit"]
    if not isinstance(crit, list) or not crit or len(crit) > 100:
        return False
    if not all(isinstance(name, str) for name in crit) or len(set(crit)) != len(crit):
        return False
    return all(name not in REGISTERED_HEADERS and name in header
               and name in UNDERSTOOD_CRITICAL for name in crit)


def signature_present(header: Any, signature: Any) -> bool:
    """True when ``header`` names a known signing algorithm and ``signature`` (base64url) has
    the length that algorithm produces; ``alg: none``, unknown algorithms, a ``crit``
    header every verifier must reject (:func:`critical_ok`), and empty, stripped or
    malformed signatures are not signatures."""
    if not isinstance(header, dict) or not isinstance(signature, str):
        return False
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in SIGNATURE_BYTES or not critical_ok(header):
        return False
    if not signature or not re.fullmatch(r"[A-Za-z0-9_-]+", signature):
        return False
    try:
        raw = b64url_decode(signature)
    except ValueError:
        return False
    low, high = SIGNATURE_BYTES[alg]
    return low <= len(raw) <= high


def compact_signed(text: str) -> bool:
    """:func:`signature_present` for a compact JWS (``header.payload.signature``, also the
    detached form ``header..signature``)."""
    parts = text.strip().split("~", 1)[0].split(".")
    if len(parts) != 3:
        return False
    try:
        header = parse_json_text(b64url_decode(parts[0]).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return False
    return signature_present(header, parts[2])


def jades_signed(envelope: dict[str, Any]) -> bool:
    """True when a JWS JSON / JAdES envelope holds at least one judged signature (general
    ``signatures`` list or flattened ``protected``/``signature``)."""
    entries = envelope.get("signatures")
    items = entries if isinstance(entries, list) else [envelope]
    for entry in items[:100]:
        if not isinstance(entry, dict):
            continue
        header: dict[str, Any] = {}
        protected = entry.get("protected")
        if isinstance(protected, str):
            try:
                decoded = parse_json_text(b64url_decode(protected).decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                decoded = None
            if isinstance(decoded, dict):
                header.update(decoded)
        if isinstance(entry.get("header"), dict):
            if "crit" in entry["header"]:  # must be integrity protected (RFC 7515 4.1.11)
                continue
            header = {**entry["header"], **header}
        if signature_present(header, entry.get("signature")):
            return True
    return False


def looks_like_jwt(text: str) -> bool:
    """True for a compact JWS/JWT (optionally with SD-JWT disclosures after ``~``)."""
    return bool(_COMPACT.match(text.strip()))


def b64url_decode(part: str) -> bytes:
    """Base64url without padding -> bytes (``ValueError`` when invalid)."""
    padded = part + "=" * (-len(part) % 4)
    try:
        return base64.urlsafe_b64decode(padded.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError(str(exc)) from None


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate JSON key {key!r}")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_json_text(text: str) -> Any:
    """Strict JSON (no duplicate keys, no NaN); ``ValueError`` on any problem."""
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constant)
        refuse_lone_surrogates(text, value)
        return value
    except RecursionError:
        raise ValueError("JSON nesting too deep") from None


def decode_compact(text: str, file: str) -> tuple[dict[str, Any], Any]:
    """(header, payload) of a compact JWS; the signature is not checked."""
    token = text.strip().split("~", 1)[0]
    parts = token.split(".")
    if len(parts) != 3:
        raise InputError("not a compact JWT (expected header.payload.signature)", file=file,
                         hint="provide the credential as JSON or as a JWT")
    try:
        header = parse_json_text(b64url_decode(parts[0]).decode("utf-8"))
        payload = parse_json_text(b64url_decode(parts[1]).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"JWT header or payload is not base64url JSON ({exc})", file=file,
                         location="JWT payload",
                         hint="the token may be truncated or encrypted (JWE is not read)") from None
    if not isinstance(header, dict):
        raise InputError("JWT header is not a JSON object", file=file, location="JWT header",
                         hint="provide a JWS-signed credential")
    return header, payload


def vc_of_payload(payload: Any) -> tuple[Any, str]:
    """The credential in a JWT payload and its pointer prefix.

    VC-JWT 1.1 puts the credential under ``vc`` (CLR/OB 3.0 JWT examples do);
    VC 2.0 JOSE secures the credential itself as the payload.
    """
    if isinstance(payload, dict) and isinstance(payload.get("vc"), dict):
        return payload["vc"], "/vc"
    return payload, ""


def jwt_claim_fallbacks(payload: Any) -> dict[str, Any]:
    """Registered claims that stand in for VC fields when the ``vc`` object omits them."""
    if not isinstance(payload, dict):
        return {}
    out: dict[str, Any] = {}
    for claim in ("iss", "sub", "jti", "nbf", "iat", "exp"):
        if claim in payload:
            out[claim] = payload[claim]
    return out


def decode_jades_payload(envelope: dict[str, Any], file: str) -> Any:
    """The credential inside a JAdES JSON serialisation ``{payload, signatures}``.

    Europass sealed credentials carry the payload as a JSON *string*
    (unencoded payload, ``b64: false``); the general JWS JSON form has it
    base64url-encoded. Both are accepted.
    """
    raw = envelope.get("payload")
    if not isinstance(raw, str) or not raw.strip():
        raise InputError("JAdES/JWS envelope has no payload string", file=file,
                         location="/payload", hint="provide the sealed credential as exported")
    text = raw.strip()
    try:
        if text.startswith("{"):
            return parse_json_text(text)
        return parse_json_text(b64url_decode(text).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"JAdES payload is not JSON ({exc})", file=file, location="/payload",
                         hint="the payload may be detached or truncated") from None
