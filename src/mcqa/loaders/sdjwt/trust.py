"""Verifying an SD-JWT's issuer signature with keys the user supplies, and nothing else.

``--trust DIR`` names a folder of JWKs (a key or a ``{"keys": [...]}`` set, ``.jwk`` /
``.json``), X.509 certificates (PEM, several per file allowed, or DER) and PEM public keys.
mcqa never fetches a key: no JWKS URL, no issuer metadata (``/.well-known/jwt-vc-issuer``),
no DID resolution, no status list, no trust list. The outcome is one of

* **verified**: a trusted key verified the signature, or the ``x5c`` certificate that
  verifies it chains to a trusted certificate at the audit date (RFC 5280 path validation
  by :mod:`cryptography`);
* **not verified**: keys were supplied but none belongs to this issuer (say which);
* **not verified, no keys**: without ``--trust`` (the report says so);
* an **input error** when the key that must verify the signature (the one named by ``kid``,
  or the ``x5c`` leaf) does not: the issuer-signed JWT was altered.

The cryptography is :mod:`joserfc` (JWS) and :mod:`cryptography` (X.509), imported only when
a trust folder is given, so that ``mcqa check`` starts fast without one.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from mcqa.errors import ConfigError, InputError
from mcqa.marks import NN_, english_form

MAX_TRUST_FILES = 1000
MAX_TRUST_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class TrustedKey:
    """A public key from the trust folder."""

    source: str
    key: Any
    """A :mod:`joserfc` key."""
    kid: str | None
    thumbprint: str


@dataclass(frozen=True)
class TrustedCert:
    """A certificate from the trust folder (a trust anchor, or a pinned issuer certificate)."""

    source: str
    cert: Any
    """A :class:`cryptography.x509.Certificate`."""


@dataclass(frozen=True)
class TrustStore:
    """Everything in one trust folder."""

    folder: str
    keys: tuple[TrustedKey, ...]
    certs: tuple[TrustedCert, ...]


@dataclass(frozen=True)
class Verdict:
    """Whether the issuer signature was verified, and by what (or why not)."""

    verified: bool | None
    note: str


NO_KEYS = Verdict(None, "signature not verified: no trusted keys given (--trust DIR)")


TOO_MANY_FILES = NN_("{n} file, above {most}", "{n} files, above {most}")
"""A trust folder with more files than allowed (plural by language)."""


def _key_from_public(public: Any, source: str) -> TrustedKey:
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
    from joserfc.jwk import ECKey, OKPKey, RSAKey

    if isinstance(public, ec.EllipticCurvePublicKey):
        key: Any = ECKey.import_key(public)
    elif isinstance(public, rsa.RSAPublicKey):
        key = RSAKey.import_key(public)
    elif isinstance(public, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
        key = OKPKey.import_key(public)
    else:
        raise ConfigError(f"unsupported public key type {type(public).__name__}", file=source,
                          hint="use EC, RSA or Ed25519/Ed448 keys")
    return TrustedKey(source, key, None, key.thumbprint())


def _jwk(data: dict[str, Any], source: str) -> TrustedKey:
    from joserfc.jwk import import_key

    public = {k: v for k, v in data.items() if k not in ("d", "p", "q", "dp", "dq", "qi", "oth")}
    try:
        key = import_key(public)
    except Exception as exc:  # joserfc raises several types for a bad key
        raise ConfigError(f"not a usable JWK ({type(exc).__name__}: {exc})", file=source,
                          hint="a JWK needs kty and its public parameters (RFC 7517)") from None
    if key.key_type == "oct":
        raise ConfigError("a symmetric (oct) key cannot verify an issuer signature", file=source,
                          hint="supply the issuer's public key")
    kid = data.get("kid")
    return TrustedKey(source, key, kid if isinstance(kid, str) else None, key.thumbprint())


def _read_file(path: Path, source: str) -> tuple[list[TrustedKey], list[TrustedCert]]:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    raw = path.read_bytes()
    if len(raw) > MAX_TRUST_FILE_BYTES:
        raise ConfigError(f"{len(raw)} bytes is too large for a key or certificate file",
                          file=source, hint="the trust folder holds keys and certificates only")
    text = raw.lstrip()
    if text[:1] in (b"{", b"["):
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ConfigError(f"invalid JSON ({exc})", file=source,
                              hint="a JWK or a JWK set {\"keys\": [...]}") from None
        if isinstance(data, dict) and isinstance(data.get("keys"), list):
            return [_jwk(k, f"{source}#/keys/{i}") for i, k in enumerate(data["keys"])
                    if isinstance(k, dict)], []
        if isinstance(data, dict) and "kty" in data:
            return [_jwk(data, source)], []
        raise ConfigError("JSON that is neither a JWK nor a JWK set", file=source,
                          hint="a JWK has 'kty'; a set has 'keys'")
    try:
        if b"-----BEGIN CERTIFICATE-----" in raw:
            return [], [TrustedCert(source, c) for c in x509.load_pem_x509_certificates(raw)]
        if b"-----BEGIN PUBLIC KEY-----" in raw:
            return [_key_from_public(load_pem_public_key(raw), source)], []
        if b"PRIVATE KEY-----" in raw:
            raise ConfigError("a private key in the trust folder", file=source,
                              hint="put only public keys and certificates there")
        return [], [TrustedCert(source, x509.load_der_x509_certificate(raw))]
    except ValueError:  # cryptography's text is a parser dump (ParseError { kind: ... })
        raise ConfigError("not a JWK, PEM public key or X.509 certificate", file=source,
                          hint="the trust folder holds .jwk/.json keys and .pem/.crt/.der "
                               "certificates") from None


@lru_cache(maxsize=8)
def load_trust_store(folder: str) -> TrustStore:
    """Every key and certificate in ``folder`` (files in sorted order; hidden files skipped)."""
    root = Path(folder)
    if not root.is_dir():
        raise ConfigError("no such folder", file=folder, hint="--trust names a folder of "
                          "issuer keys (JWK) and certificates (PEM/DER)")
    keys: list[TrustedKey] = []
    certs: list[TrustedCert] = []
    files = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
    if len(files) > MAX_TRUST_FILES:
        raise ConfigError(english_form(TOO_MANY_FILES, len(files)).format(
                              n=len(files), most=MAX_TRUST_FILES), file=folder,
                          hint="keep only the issuers you trust in the folder")
    for path in files:
        found_keys, found_certs = _read_file(path, str(path))
        keys.extend(found_keys)
        certs.extend(found_certs)
    if not keys and not certs:
        raise ConfigError("no keys or certificates in the trust folder", file=folder,
                          hint="add the issuers' public JWKs or X.509 certificates")
    return TrustStore(folder, tuple(keys), tuple(certs))


@lru_cache(maxsize=32)
def _registry(alg: str) -> Any:
    """A JWS registry for ``alg`` whose size limits fit credentials: joserfc's defaults
    (512-byte headers) refuse an ``x5c`` chain; the file size limit bounds the rest."""
    from joserfc.jws import JWSRegistry

    class _Registry(JWSRegistry):
        max_header_length = 64 * 1024
        max_payload_length = 1024 * 1024 * 1024
        max_signature_length = 16 * 1024

    return _Registry(algorithms=[alg], strict_check_header=False)


def _verifies(jws: str, key: Any, alg: str) -> bool:
    import warnings

    from joserfc import jws as jose
    from joserfc.errors import JoseError

    try:
        with warnings.catch_warnings():  # "EdDSA is deprecated via RFC 9864": still in use
            warnings.simplefilter("ignore")
            jose.deserialize_compact(jws, key, algorithms=[alg], registry=_registry(alg))
    except (JoseError, ValueError, TypeError):
        return False
    return True


def _x5c(header: dict[str, Any], file: str, where: str) -> list[Any]:
    from cryptography import x509

    chain = header["x5c"]
    if not isinstance(chain, list) or not chain or len(chain) > 10:
        raise InputError("x5c is not a list of 1 to 10 certificates", file=file,
                         location=f"{where}issuer-signed JWT header/x5c", hint="see RFC 7515 §4.1.6")
    certs = []
    for i, item in enumerate(chain):
        try:
            certs.append(x509.load_der_x509_certificate(base64.b64decode(item, validate=True)))
        except (ValueError, TypeError, binascii.Error) as exc:
            raise InputError(f"x5c certificate {i} is not base64 DER ({exc})", file=file,
                             location=f"{where}issuer-signed JWT header/x5c/{i}",
                             hint="see RFC 7515 §4.1.6") from None
    return certs


def _subject(cert: Any) -> str:
    return str(cert.subject.rfc4514_string()) or "(no subject)"


def _chain_verdict(leaf: Any, rest: list[Any], store: TrustStore, when: dt.date) -> Verdict:
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.verification import (
        ExtensionPolicy,
        PolicyBuilder,
        Store,
        VerificationError,
    )

    leaf_der = leaf.public_bytes(Encoding.DER)
    for trusted in store.certs:
        if trusted.cert.public_bytes(Encoding.DER) == leaf_der:
            return Verdict(True, f"verified: x5c certificate {_subject(leaf)} is pinned in "
                                 f"{trusted.source}")
    leaf_key = _key_from_public(leaf.public_key(), "x5c")
    for key in store.keys:
        if key.thumbprint == leaf_key.thumbprint:
            return Verdict(True, f"verified: the x5c certificate's key is trusted "
                                 f"({key.source})")
    if not store.certs:
        return Verdict(False, "not verified: the signature carries an x5c certificate "
                              f"({_subject(leaf)}) and the trust folder has no certificate")
    at = dt.datetime(when.year, when.month, when.day, 12, tzinfo=dt.UTC)
    try:
        verifier = (PolicyBuilder().store(Store([c.cert for c in store.certs])).time(at)
                    .max_chain_depth(8)
                    .extension_policies(ca_policy=ExtensionPolicy.webpki_defaults_ca(),
                                        ee_policy=ExtensionPolicy.permit_all())
                    .build_client_verifier())
        result = verifier.verify(leaf, rest)
    except VerificationError as exc:
        return Verdict(False, f"not verified: the x5c chain of {_subject(leaf)} does not lead "
                              f"to a trusted certificate at {when.isoformat()} ({exc})")
    anchor = result.chain[-1]
    source = next((c.source for c in store.certs
                   if c.cert.public_bytes(Encoding.DER) == anchor.public_bytes(Encoding.DER)), "?")
    return Verdict(True, f"verified: x5c certificate {_subject(leaf)} chains to "
                         f"{_subject(anchor)} ({source})")


def verify_issuer(jws: str, header: dict[str, Any], alg: str, store: TrustStore | None,
                  when: dt.date, file: str, where: str = "") -> Verdict:
    """Verify the issuer-signed JWT ``jws`` with the trust store (see the module doc)."""
    if store is None:
        return NO_KEYS
    location = f"{where}issuer-signed JWT signature"
    if "x5c" in header:
        certs = _x5c(header, file, where)
        leaf_key = _key_from_public(certs[0].public_key(), "x5c")
        if not _verifies(jws, leaf_key.key, alg):
            raise InputError("the issuer signature does not verify with the key of its own x5c "
                             "certificate", file=file, location=location,
                             hint="the issuer-signed JWT was altered after signing; ask the "
                                  "holder for an unmodified presentation")
        return _chain_verdict(certs[0], certs[1:], store, when)
    kid = header.get("kid")
    named = [k for k in store.keys if isinstance(kid, str) and k.kid == kid]
    for key in named or store.keys:
        if _verifies(jws, key.key, alg):
            name = key.kid or key.thumbprint[:12]
            return Verdict(True, f"verified: key {name} from {key.source}")
    if named:
        raise InputError(f"the issuer signature does not verify with the trusted key {kid!r} "
                         f"({named[0].source})", file=file, location=location,
                         hint="the issuer-signed JWT was altered after signing; ask the holder "
                              "for an unmodified presentation")
    which = f"kid {kid!r}" if isinstance(kid, str) else "no kid"
    return Verdict(False, f"not verified: no key in {store.folder} verifies this signature "
                          f"({which}, {len(store.keys)} keys, {len(store.certs)} certificates)")


def verify_key_binding(kb_jwt: str, cnf: Any, alg: str, file: str, where: str = "") -> str:
    """Check the key-binding JWT's signature with the holder key in ``cnf.jwk``; returns a
    note (``verified with cnf.jwk``) or raises when it does not verify."""
    from joserfc.jwk import import_key

    jwk = cnf.get("jwk") if isinstance(cnf, dict) else None
    if not isinstance(jwk, dict):
        return "key-binding JWT present; no cnf.jwk to verify it with"
    try:
        key = import_key(jwk)
    except Exception as exc:  # joserfc raises several types for a bad key
        raise InputError(f"cnf.jwk is not a usable JWK ({type(exc).__name__})", file=file,
                         location=f"{where}JWT payload/cnf/jwk",
                         hint="the holder binding key is malformed") from None
    if not _verifies(kb_jwt, key, alg):
        raise InputError("the key-binding JWT signature does not verify with the holder key "
                         "(cnf.jwk)", file=file, location=f"{where}key-binding JWT",
                         hint="the key-binding JWT was altered or made by another key")
    return "key-binding JWT verified with cnf.jwk"
