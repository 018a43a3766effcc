"""SD-JWT (RFC 9901) serialisations and disclosures: from the presented text to the claims.

Two steps, both pure data processing (digests with :mod:`hashlib`; signatures are
:mod:`mcqa.loaders.sdjwt.trust`'s business):

1. :func:`split_compact` / :func:`split_json` cut a presentation into its parts: the
   issuer-signed JWT, the disclosures, the optional key-binding JWT (RFC 9901 §4, §8).
2. :func:`reconstruct` matches every disclosure to its digest in an ``_sd`` array or an
   array element ``{"...": digest}`` (nested and recursive disclosures included) and
   rebuilds the claims the holder disclosed (RFC 9901 §7.1), remembering for every claim
   which disclosure it came from and, for every object and array, how many digests stayed
   undisclosed: the holder withheld those claims (or they are decoys; nobody can tell).

Everything the RFC tells a verifier to reject is an :class:`~mcqa.errors.InputError` that
names the part: a disclosure matching no digest (altered, or from another credential),
a digest that appears twice, a malformed disclosure, an unsupported ``_sd_alg``, a claim
name that is already there, a key-binding JWT whose ``sd_hash`` covers other disclosures.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mcqa.errors import InputError, InputLimitError
from mcqa.loaders.jwt import b64url_decode, parse_json_text
from mcqa.marks import N_

PAYLOAD = "JWT payload"
"""Label of the issuer-signed payload in locators (as the JWT loaders say it)."""

MAX_DISCLOSURES = 10_000
"""More disclosures than this in one presentation is refused (real ones have tens)."""

HASHES: dict[str, Callable[[bytes], Any]] = {
    "sha-256": hashlib.sha256,
    "sha-384": hashlib.sha384,
    "sha-512": hashlib.sha512,
    "sha3-256": hashlib.sha3_256,
    "sha3-384": hashlib.sha3_384,
    "sha3-512": hashlib.sha3_512,
    "blake2s-256": lambda data: hashlib.blake2s(data, digest_size=32),
    "blake2b-256": lambda data: hashlib.blake2b(data, digest_size=32),
    "blake2b-512": lambda data: hashlib.blake2b(data, digest_size=64),
}
"""``_sd_alg`` values accepted: the IANA Named Information hash names of at least 256 bits
(RFC 9901 §4.1.1 names that registry; ``sha-256`` is the default). Truncated hashes
(``sha-256-128`` ... ``sha-256-32``) and ``sha3-224`` are refused: too short to be the
collision-resistant hash the RFC requires (§9.6); ``k12-*`` has no standard-library
implementation."""

SIGNING_ALGORITHMS = frozenset({
    "ES256", "ES256K", "ES384", "ES512", "EdDSA", "Ed25519", "Ed448",
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
})
"""Asymmetric JWS algorithms (RFC 7518, RFC 8037, RFC 9864): an issuer signature must be
verifiable by anyone with the issuer's public key (a MAC is not, ``none`` is nothing)."""

_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")


def b64url(data: bytes) -> str:
    """Base64url without padding."""
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def digest_of(alg: str, text: str) -> str:
    """The digest of a disclosure (or of a presentation, for ``sd_hash``): base64url of the
    hash of its ASCII bytes (RFC 9901 §4.2.3)."""
    return b64url(HASHES[alg](text.encode("ascii")).digest())


# --- serialisations ------------------------------------------------------------------------

@dataclass
class Parts:
    """One presentation cut into its parts; nothing decoded or checked yet."""

    protected: str
    payload: str
    signature: str
    disclosures: list[str]
    kb_jwt: str | None
    serialisation: str
    """``compact`` or ``json``."""

    @property
    def jws(self) -> str:
        """The issuer-signed JWT in compact form (what its signature covers)."""
        return f"{self.protected}.{self.payload}.{self.signature}"

    @property
    def hashed(self) -> str:
        """What a key-binding JWT's ``sd_hash`` covers: the compact presentation up to and
        including the last ``~`` (for the JSON serialisation, its compact equivalent,
        RFC 9901 §8.1)."""
        return "~".join([self.jws, *self.disclosures, ""])


def split_compact(text: str, file: str, where: str = "") -> Parts:
    """``<issuer-jwt>~<disclosure>~...~[<kb-jwt>]`` cut into parts (RFC 9901 §4)."""
    pieces = text.strip().split("~")
    jwt, rest = pieces[0], pieces[1:]
    kb: str | None = None
    if rest:
        last = rest.pop()
        if last:
            if "." not in last:
                raise InputError(
                    "the presentation does not end with '~' or a key-binding JWT (its last "
                    "part is neither)", file=file, location=f"{where}disclosure {len(rest) + 1}",
                    hint="an SD-JWT ends with '~' (no key binding) or with the key-binding JWT; "
                         "the text may be truncated")
            kb = last
    protected, payload, signature = _jws_parts(jwt, file, where)
    return Parts(protected, payload, signature, rest, kb, "compact")


def _jws_parts(jwt: str, file: str, where: str) -> tuple[str, str, str]:
    parts = jwt.split(".")
    if len(parts) != 3 or not all(_B64URL.match(p) for p in parts):
        raise InputError("the issuer-signed JWT is not header.payload.signature in base64url",
                         file=file, location=f"{where}issuer-signed JWT",
                         hint="the presentation may be truncated or encrypted (JWE is not read)")
    return parts[0], parts[1], parts[2]


def is_json_sd_jwt(data: Any) -> bool:
    """A JWS JSON serialisation carrying SD-JWT disclosures (RFC 9901 §8): flattened
    (``header.disclosures``), general (``signatures[0].header.disclosures``), or the
    pre-RFC form with top-level ``disclosures``."""
    if not isinstance(data, dict) or not isinstance(data.get("payload"), str):
        return False
    if isinstance(data.get("disclosures"), list):
        return True
    headers = [data.get("header")]
    sigs = data.get("signatures")
    if isinstance(sigs, list) and sigs and isinstance(sigs[0], dict):
        headers.append(sigs[0].get("header"))
    return any(isinstance(h, dict) and isinstance(h.get("disclosures"), list) for h in headers)


def split_json(data: dict[str, Any], file: str, where: str = "") -> Parts:
    """The parts of a JWS JSON serialisation of an SD-JWT (flattened or general)."""
    entry: Any = data
    if "signatures" in data:
        sigs = data["signatures"]
        if not isinstance(sigs, list) or not sigs or not isinstance(sigs[0], dict):
            raise InputError("'signatures' is not a list of signature objects", file=file,
                             location=f"{where}/signatures", hint="see RFC 9901 §8.2")
        entry = sigs[0]
    header = entry.get("header") if isinstance(entry.get("header"), dict) else {}
    disclosures = header.get("disclosures", data.get("disclosures", []))
    kb = header.get("kb_jwt", data.get("kb_jwt"))
    base = "/signatures/0" if entry is not data else ""
    if not isinstance(disclosures, list) or not all(isinstance(d, str) for d in disclosures):
        raise InputError("'disclosures' is not a list of strings", file=file,
                         location=f"{where}{base}/header/disclosures", hint="see RFC 9901 §8.1")
    if kb is not None and (not isinstance(kb, str) or kb.count(".") != 2):
        raise InputError("'kb_jwt' is not a compact JWT", file=file,
                         location=f"{where}{base}/header/kb_jwt", hint="see RFC 9901 §8.1")
    values = [entry.get("protected"), data.get("payload"), entry.get("signature")]
    if not all(isinstance(v, str) for v in values):
        raise InputError("the JWS JSON serialisation needs 'protected', 'payload' and "
                         "'signature' strings", file=file, location=f"{where}{base or '/'}",
                         hint="see RFC 7515 §7.2")
    protected, payload, signature = _jws_parts(".".join(values), file, where)
    return Parts(protected, payload, signature, list(disclosures), kb or None, "json")


_SEGMENT_ERRORS: dict[str, tuple[str, str]] = {
    "header": (N_("header is not base64url"),
               N_("header is not base64url-encoded JSON ({detail})")),
    "issuer-signed JWT header": (
        N_("the issuer-signed JWT header is not base64url"),
        N_("the issuer-signed JWT header is not base64url-encoded JSON ({detail})")),
    "issuer-signed JWT payload": (
        N_("the issuer-signed JWT payload is not base64url"),
        N_("the issuer-signed JWT payload is not base64url-encoded JSON ({detail})")),
    "key-binding JWT header": (
        N_("the key-binding JWT header is not base64url"),
        N_("the key-binding JWT header is not base64url-encoded JSON ({detail})")),
    "key-binding JWT payload": (
        N_("the key-binding JWT payload is not base64url"),
        N_("the key-binding JWT payload is not base64url-encoded JSON ({detail})")),
    "disclosure": (N_("disclosure {number} is not base64url"),
                   N_("disclosure {number} is not base64url-encoded JSON ({detail})")),
}
"""Whole sentences per part (not "{what} is not base64url" with an English noun inside),
so that each is translated as a whole."""

_HEADER_ERRORS: dict[str, tuple[str, str, str, str]] = {
    "issuer-signed JWT": (
        N_("the issuer-signed JWT header is not a JSON object"),
        N_("the issuer-signed JWT is not signed (alg: missing)"),
        N_("the issuer-signed JWT is not signed (alg: {alg})"),
        N_("the issuer-signed JWT uses an unsupported signature algorithm {alg}")),
    "key-binding JWT": (
        N_("the key-binding JWT header is not a JSON object"),
        N_("the key-binding JWT is not signed (alg: missing)"),
        N_("the key-binding JWT is not signed (alg: {alg})"),
        N_("the key-binding JWT uses an unsupported signature algorithm {alg}")),
}
"""The header checks' messages per JWT, whole sentences as :data:`_SEGMENT_ERRORS`."""


def decode_segment(segment: str, what: str, file: str, location: str, number: int = 0) -> Any:
    """Strict base64url JSON (no padding, no duplicate keys, no NaN). ``what`` is a key of
    :data:`_SEGMENT_ERRORS` (``number`` counts disclosures from 1)."""
    not_b64, not_json = _SEGMENT_ERRORS[what]
    if not _B64URL.match(segment):
        raise InputError(not_b64.format(number=number), file=file, location=location,
                         hint="it may have been altered or truncated")
    try:
        return parse_json_text(b64url_decode(segment).decode("utf-8"))
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise InputError(not_json.format(number=number, detail=exc), file=file,
                         location=location, hint="it may have been altered or truncated") from None


def check_header(header: Any, what: str, file: str, location: str) -> str:
    """The ``alg`` of a JWS header, refusing ``none``, MACs and unknown algorithms.
    ``what`` is a key of :data:`_HEADER_ERRORS`."""
    not_object, unsigned, unsigned_alg, unsupported = _HEADER_ERRORS[what]
    if not isinstance(header, dict):
        raise InputError(not_object, file=file,
                         location=location, hint="re-export the presentation")
    alg = header.get("alg")
    if alg is None or (isinstance(alg, str) and alg.lower() == "none"):
        raise InputError(unsigned_alg.format(alg=alg) if alg else unsigned, file=file,
                         location=location,
                         hint="an SD-JWT must be signed with an asymmetric algorithm "
                              "(RFC 9901 §4.1, §7.1); an unsigned one proves nothing")
    if not isinstance(alg, str) or alg not in SIGNING_ALGORITHMS:
        raise InputError(unsupported.format(alg=repr(alg)),
                         file=file, location=location,
                         hint=f"expected one of {', '.join(sorted(SIGNING_ALGORITHMS))}")
    return alg


# --- reconstruction ------------------------------------------------------------------------

@dataclass(frozen=True)
class Disclosed:
    """One presented disclosure, after matching."""

    number: int
    """1-based position in the presentation."""
    digest: str
    claim: str | None
    """Claim name (``None`` for an array element)."""
    path: str
    """JSON pointer of the disclosed value in the reconstructed claims."""


@dataclass
class Reconstruction:
    """The disclosed claims and where each came from."""

    claims: dict[str, Any]
    alg: str
    disclosed: list[Disclosed] = field(default_factory=list)
    origin: dict[str, int] = field(default_factory=dict)
    """Pointer of a disclosed value -> number of the disclosure that revealed it."""
    undisclosed: dict[str, int] = field(default_factory=dict)
    """Pointer of an object or array -> how many of its digests stayed undisclosed."""
    prefix: str = ""
    """Put before every locator (``line 2: `` for the second presentation of a file)."""

    def disclosure_of(self, ptr: str) -> int | None:
        """The (innermost) disclosure that revealed the value at ``ptr``, if any."""
        probe = ptr
        while True:
            if probe in self.origin:
                return self.origin[probe]
            if not probe:
                return None
            probe = probe.rsplit("/", 1)[0]

    def label(self, ptr: str) -> str:
        """Locator of the claim at ``ptr``: ``disclosure 3 at /title`` or ``JWT payload/iss``."""
        n = self.disclosure_of(ptr)
        if n is None:
            return f"{self.prefix}{PAYLOAD}{ptr}"
        return f"{self.prefix}disclosure {n} at {ptr or '/'}"

    def digests_at(self, container: str, is_array: bool) -> str:
        """Locator of the undisclosed digests of the object/array at ``container``."""
        return self.label(container) + ("" if is_array else "/_sd")


class _Walk:
    """One pass over the payload that replaces digests by disclosed values."""

    def __init__(self, alg: str, decoded: list[list[Any]], digests: list[str], file: str,
                 where: str, max_depth: int) -> None:
        self.file, self.where, self.max_depth = file, where, max_depth
        self.decoded = decoded
        self.by_digest = {d: i for i, d in enumerate(digests)}
        self.seen: dict[str, str] = {}
        self.used: set[int] = set()
        self.out = Reconstruction({}, alg)  # its prefix is set once the walk is done

    def _err(self, message: str, location: str, hint: str) -> InputError:
        return InputError(message, file=self.file, location=f"{self.where}{location}", hint=hint)

    def _digest(self, digest: Any, at: str) -> int | None:
        """The disclosure a digest names (``None``: undisclosed or decoy); refuses repeats."""
        if not isinstance(digest, str):
            raise self._err("a digest is not a string", at,
                            "the issuer-signed JWT or a disclosure is malformed")
        if digest in self.seen:
            raise self._err(f"digest {digest[:16]}... appears twice (first at "
                            f"{self.seen[digest]})", at,
                            "each digest may occur once (RFC 9901 §7.1); the credential "
                            "was built wrongly or manipulated")
        self.seen[digest] = at
        return self.by_digest.get(digest)

    def value(self, v: Any, ptr: str, depth: int) -> Any:
        if depth > self.max_depth:
            raise InputLimitError(f"claims nested more than {self.max_depth} levels deep",
                                  file=self.file, location=f"{self.where}{self.out.label(ptr)}",
                                  hint="real credentials nest fewer than 30 levels")
        if isinstance(v, dict):
            return self.obj(v, ptr, depth)
        if isinstance(v, list):
            return self.arr(v, ptr, depth)
        return v

    def obj(self, v: dict[str, Any], ptr: str, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, item in v.items():
            if key == "_sd":
                continue
            if key == "_sd_alg":
                if depth:
                    raise self._err("'_sd_alg' inside a nested object", self.out.label(ptr),
                                    "_sd_alg may only appear at the top level (RFC 9901 §4.1.1)")
                continue
            out[key] = self.value(item, f"{ptr}/{_esc(key)}", depth + 1)
        if "_sd" not in v:
            return out
        sd = v["_sd"]
        at = f"{self.out.label(ptr)}/_sd"
        if not isinstance(sd, list):
            raise self._err("'_sd' is not an array of digests", at,
                            "the issuer-signed JWT or a disclosure is malformed")
        hidden = 0
        for digest in sd:
            index = self._digest(digest, at)
            if index is None:
                hidden += 1
                continue
            number, d = index + 1, self.decoded[index]
            if len(d) != 3:
                raise self._err(f"disclosure {number} is an array-element disclosure, but its "
                                f"digest is in the object at {ptr or '/'}",
                                f"disclosure {number}",
                                "object claims need [salt, name, value] (RFC 9901 §4.2.1)")
            name = d[1]
            if name in out:
                raise self._err(f"disclosure {number} discloses claim {name!r}, which is already "
                                f"present at {ptr or '/'}", f"disclosure {number}",
                                "a claim may appear once (RFC 9901 §7.1)")
            self.used.add(index)
            child = f"{ptr}/{_esc(name)}"
            self.out.origin[child] = number
            self.out.disclosed.append(Disclosed(number, digest, name, child))
            out[name] = self.value(d[2], child, depth + 1)
        if hidden:
            self.out.undisclosed[ptr] = hidden
        return out

    def arr(self, v: list[Any], ptr: str, depth: int) -> list[Any]:
        out: list[Any] = []
        hidden = 0
        for i, item in enumerate(v):
            if isinstance(item, dict) and "..." in item:
                at = f"{self.out.label(ptr)}/{i}"
                if len(item) != 1:
                    raise self._err("an array element digest {'...': digest} has other keys", at,
                                    "see RFC 9901 §4.2.4.2")
                index = self._digest(item["..."], at)
                if index is None:
                    hidden += 1
                    continue
                number, d = index + 1, self.decoded[index]
                if len(d) != 2:
                    raise self._err(f"disclosure {number} discloses claim {d[1]!r}, but its "
                                    f"digest is an array element at {ptr or '/'}",
                                    f"disclosure {number}",
                                    "array elements need [salt, value] (RFC 9901 §4.2.2)")
                self.used.add(index)
                child = f"{ptr}/{len(out)}"
                self.out.origin[child] = number
                self.out.disclosed.append(Disclosed(number, item["..."], None, child))
                out.append(self.value(d[1], child, depth + 1))
            else:
                out.append(self.value(item, f"{ptr}/{len(out)}", depth + 1))
        if hidden:
            self.out.undisclosed[ptr] = hidden
        return out


def _esc(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def hash_alg(payload: dict[str, Any], file: str, where: str = "") -> str:
    """``_sd_alg`` of the payload (default ``sha-256``), refusing unsupported ones."""
    alg = payload.get("_sd_alg", "sha-256")
    if not isinstance(alg, str) or alg not in HASHES:
        raise InputError(f"unsupported _sd_alg {alg!r}", file=file,
                         location=f"{where}{PAYLOAD}/_sd_alg",
                         hint=f"mcqa verifies digests made with {', '.join(HASHES)} "
                              "(RFC 9901 §4.1.1; truncated hashes are refused)")
    return alg


def decode_disclosures(texts: list[str], file: str, where: str = "") -> list[list[Any]]:
    """Each disclosure decoded and checked: ``[salt, name, value]`` or ``[salt, value]``."""
    if len(texts) > MAX_DISCLOSURES:
        raise InputLimitError(f"{len(texts)} disclosures, above the limit of {MAX_DISCLOSURES}",
                              file=file, location=f"{where}disclosures",
                              hint="real presentations have tens of disclosures")
    out: list[list[Any]] = []
    first: dict[str, int] = {}
    for i, text in enumerate(texts):
        loc = f"{where}disclosure {i + 1}"
        if not text:
            raise InputError("empty disclosure ('~~')", file=file, location=loc,
                             hint="the presentation was assembled wrongly or truncated")
        if text in first:
            raise InputError(f"disclosure {i + 1} repeats disclosure {first[text] + 1}",
                             file=file, location=loc,
                             hint="each disclosure may be presented once (RFC 9901 §7.1)")
        first[text] = i
        value = decode_segment(text, "disclosure", file, loc, i + 1)
        if not isinstance(value, list) or len(value) not in (2, 3) or \
                not isinstance(value[0], str):
            raise InputError(f"disclosure {i + 1} is not [salt, name, value] or [salt, value]",
                             file=file, location=loc, hint="see RFC 9901 §4.2.1-4.2.2")
        if len(value) == 3:
            if not isinstance(value[1], str):
                raise InputError(f"disclosure {i + 1} has a claim name that is not a string",
                                 file=file, location=loc, hint="see RFC 9901 §4.2.1")
            if value[1] in ("_sd", "..."):
                raise InputError(f"disclosure {i + 1} discloses the reserved name {value[1]!r}",
                                 file=file, location=loc, hint="see RFC 9901 §4.2.1")
        out.append(value)
    return out


def reconstruct(payload: dict[str, Any], disclosures: list[str], file: str, where: str = "",
                max_depth: int = 200) -> Reconstruction:
    """The claims the holder disclosed, with their disclosure numbers (RFC 9901 §7.1)."""
    alg = hash_alg(payload, file, where)
    decoded = decode_disclosures(disclosures, file, where)
    walk = _Walk(alg, decoded, [digest_of(alg, d) for d in disclosures], file, where, max_depth)
    claims = walk.obj(payload, "", 0)
    for i, d in enumerate(decoded):
        if i not in walk.used:
            what = f"claim {d[1]!r}" if len(d) == 3 else "an array element"
            raise InputError(
                f"disclosure {i + 1} ({what}) matches no digest in the issuer-signed JWT",
                file=file, location=f"{where}disclosure {i + 1}",
                hint="it was altered after issuance, or belongs to another credential; "
                     "ask the holder for an unmodified presentation")
    walk.out.claims = claims
    walk.out.prefix = where
    walk.out.disclosed.sort(key=lambda d: d.number)
    return walk.out
