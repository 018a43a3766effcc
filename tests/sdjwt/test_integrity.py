"""What RFC 9901 tells a verifier to reject is an input error naming the part; signatures
are verified only with the keys in --trust, never fetched."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from mcqa.model import CredentialRecord, InputProblem
from tests.sdjwt.conftest import SD, b64, load, parts, sign, unb64, write


def problem(tmp: Path, text: str, trust: bool = False) -> InputProblem:
    (item,) = load(write(tmp, "p.txt", text), trust)
    assert isinstance(item, InputProblem), item
    return item


def resigned(mutate: Any, name: str = "webuild-complete.txt", kb: bool = False) -> str:
    """The fixture with its payload changed by ``mutate`` and signed again (valid
    signature), its disclosures kept, without key binding unless ``kb``."""
    p = parts(name)
    header, payload = unb64(p[0].split(".")[0]), unb64(p[0].split(".")[1])
    mutate(header, payload)
    return "~".join([sign(header, payload), *p[1:-1], p[-1] if kb else ""])


def test_a_tampered_disclosure_is_an_input_error_naming_it(tmp_path: Path) -> None:
    p = parts()
    index = next(i for i, d in enumerate(p[1:-1], 1) if unb64(d)[1:2] == ["title"])
    salt, name, _ = unb64(p[index])
    p[index] = b64(json.dumps([salt, name, "Advanced Learning Analytics"]).encode())
    item = problem(tmp_path, "~".join([*p[:-1], ""]))
    assert item.locator == f"disclosure {index}"
    assert f"disclosure {index} (claim 'title') matches no digest" in item.message


def test_a_disclosure_from_another_credential_is_refused(tmp_path: Path) -> None:
    foreign = parts("eudi-learning-complete.txt")[1]
    p = parts()
    item = problem(tmp_path, "~".join([*p[:-1], foreign, ""]))
    assert "matches no digest" in item.message and item.locator == f"disclosure {len(p) - 1}"


def test_a_repeated_disclosure_is_refused(tmp_path: Path) -> None:
    p = parts()
    item = problem(tmp_path, "~".join([*p[:-1], p[1], ""]))
    assert "repeats disclosure 1" in item.message


def test_a_malformed_disclosure_is_an_input_error_naming_it(tmp_path: Path) -> None:
    p = parts()
    for bad, what in ((b64(b'["salt"]'), "is not [salt, name, value]"),
                      ("!!notbase64", "is not base64url"),
                      (b64(b'["s", "_sd", 1]'), "reserved name"),
                      (b64(b'{"a": 1}'), "is not [salt, name, value]"),
                      (b64(b'["s", "x", 1, "y", 2]'), "is not [salt, name, value]")):
        item = problem(tmp_path, "~".join([p[0], bad, *p[1:-1], ""]))
        assert item.locator == "disclosure 1" and what in item.message, item.message


def test_a_duplicated_digest_is_refused(tmp_path: Path) -> None:
    def twice(header: dict[str, Any], payload: dict[str, Any]) -> None:
        payload["_sd"] = [*payload["_sd"], payload["_sd"][0]]

    item = problem(tmp_path, resigned(twice))
    assert "appears twice" in item.message and "JWT payload/_sd" in item.message


@pytest.mark.parametrize("alg", ["sha-256-128", "md5", "k12-256", 7])
def test_an_unsupported_sd_alg_is_refused(tmp_path: Path, alg: object) -> None:
    def algo(header: dict[str, Any], payload: dict[str, Any]) -> None:
        payload["_sd_alg"] = alg

    item = problem(tmp_path, resigned(algo))
    assert item.locator == "JWT payload/_sd_alg" and "unsupported _sd_alg" in item.message


def test_sd_alg_is_honoured_sha_384(tmp_path: Path) -> None:
    """A credential issued with sha-384 digests reads like a sha-256 one."""
    import random

    from sd_jwt.common import SDJWTCommon, SDObj
    from sd_jwt.issuer import SDJWTIssuer

    random.seed(7)
    SDJWTCommon.unsafe_randomness = True
    from jwcrypto.jwk import JWK

    from tests.sdjwt.conftest import PRIVATE

    key = JWK.from_json((PRIVATE / "issuer.jwk").read_text())

    class Issuer384(SDJWTIssuer):
        HASH_ALG = {"name": "sha-384", "fn": __import__("hashlib").sha384}

    issued = Issuer384({"iss": "https://x.example", "vct": "VerifiableMicroCredential",
                        SDObj("title"): "Sha 384 course"}, key, sign_alg="EdDSA")
    (item,) = load(write(tmp_path, "p.txt", issued.sd_jwt_issuance))
    assert isinstance(item, CredentialRecord) and item.title == "Sha 384 course"
    assert item.extensions["sdjwt.hash"] == "sha-384"


def test_alg_none_and_stripped_signatures_are_refused(tmp_path: Path) -> None:
    p = parts()
    header = unb64(p[0].split(".")[0])
    for alg in ("none", "NONE", None, "HS256", "XYZ"):
        h = dict(header)
        if alg is None:
            h.pop("alg")
        else:
            h["alg"] = alg
        jwt = ".".join([b64(json.dumps(h).encode()), p[0].split(".")[1], ""])
        item = problem(tmp_path, "~".join([jwt, *p[1:-1], ""]))
        assert item.locator == "issuer-signed JWT header", item.message
        assert ("not signed" in item.message) == (str(alg).lower() in ("none",)), item.message


def test_a_key_binding_jwt_over_other_disclosures_is_refused(tmp_path: Path) -> None:
    p = parts()
    dropped = "~".join([p[0], *p[2:]])  # first disclosure removed, key binding kept
    item = problem(tmp_path, dropped)
    assert item.locator == "key-binding JWT sd_hash"
    assert "does not match this presentation" in item.message
    other_hash = parts("wallet-presentation.txt")[-1]  # the KB-JWT of another presentation
    item = problem(tmp_path, "~".join([*p[:-1], other_hash]))
    assert "sd_hash" in item.message


def test_a_key_binding_jwt_with_alg_none_or_wrong_typ_is_refused(tmp_path: Path) -> None:
    p = parts()
    kb = p[-1].split(".")
    for change in ({"alg": "none"}, {"typ": "JWT"}):
        header = {**unb64(kb[0]), **change}
        forged = ".".join([b64(json.dumps(header).encode()), kb[1], kb[2]])
        item = problem(tmp_path, "~".join([*p[:-1], forged]))
        assert item.locator == "key-binding JWT", item.message


def test_a_truncated_presentation_names_the_part(tmp_path: Path) -> None:
    p = parts()
    item = problem(tmp_path, "~".join(p[:-1]))  # no final '~': the last disclosure dangles
    assert "does not end with '~'" in item.message
    item = problem(tmp_path, p[0][: len(p[0]) // 2] + "~")
    assert item.locator.startswith("issuer-signed JWT") or item.locator == "JWT payload"


def test_digest_object_with_extra_keys_and_wrong_disclosure_kind(tmp_path: Path) -> None:
    def extra(header: dict[str, Any], payload: dict[str, Any]) -> None:
        payload["langs"] = [{"...": "abc", "x": 1}]

    assert "other keys" in problem(tmp_path, resigned(extra)).message

    def nested_alg(header: dict[str, Any], payload: dict[str, Any]) -> None:
        payload["inner"] = {"_sd_alg": "sha-256"}

    assert "nested" in problem(tmp_path, resigned(nested_alg)).message


# --- signatures -------------------------------------------------------------------------

def test_without_trust_keys_the_signature_is_not_verified() -> None:
    (rec,) = load(SD / "webuild-complete.txt")
    assert isinstance(rec, CredentialRecord)
    assert rec.signature.signed and rec.signature.verified is None
    assert rec.signature.verification == ("signature not verified: no trusted keys given "
                                          "(--trust DIR)")


def test_a_trusted_jwk_verifies_and_the_holder_key_binding_too() -> None:
    (rec,) = load(SD / "webuild-complete.txt", trust=True)
    assert isinstance(rec, CredentialRecord)
    assert rec.signature.verified is True
    assert "mc-issuer-2026" in (rec.signature.verification or "")
    assert rec.extensions["sdjwt.key_binding"].endswith("verified with cnf.jwk")


def test_another_issuer_is_not_verified_but_not_an_error() -> None:
    (rec,) = load(SD / "webuild-other-issuer.txt", trust=True)
    assert isinstance(rec, CredentialRecord) and rec.signature.verified is False
    assert "no key in" in (rec.signature.verification or "")


def test_an_altered_payload_fails_the_trusted_key(tmp_path: Path) -> None:
    p = parts()
    payload = unb64(p[0].split(".")[1])
    payload["attestation_legal_category"] = "QEAA"
    jwt = ".".join([p[0].split(".")[0], b64(json.dumps(payload).encode()), p[0].split(".")[2]])
    item = problem(tmp_path, "~".join([jwt, *p[1:-1], ""]), trust=True)
    assert item.locator == "issuer-signed JWT signature" and "altered" in item.message
    (unverified,) = load(write(tmp_path, "q.txt", "~".join([jwt, *p[1:-1], ""])))
    assert isinstance(unverified, CredentialRecord)  # without keys: read, not verified


def test_x5c_chain_to_the_trust_anchor_at_the_audit_date() -> None:
    (rec,) = load(SD / "webuild-x5c.txt", trust=True)
    assert isinstance(rec, CredentialRecord) and rec.signature.verified is True
    assert "chains to CN=mcqa test trust anchor" in (rec.signature.verification or "")
    (late,) = load(SD / "webuild-x5c.txt", trust=True, when=date(2040, 1, 1))
    assert isinstance(late, CredentialRecord) and late.signature.verified is False
    assert "does not lead to a trusted certificate at 2040-01-01" in (
        late.signature.verification or "")


def test_a_bad_trust_folder_is_a_configuration_error(tmp_path: Path) -> None:
    from mcqa.errors import ConfigError
    from mcqa.loaders.sdjwt.trust import load_trust_store

    (tmp_path / "bad.jwk").write_text('{"kty": "EC"}')
    with pytest.raises(ConfigError, match=r"bad\.jwk"):
        load_trust_store(str(tmp_path))
    (tmp_path / "bad.jwk").write_text("-----BEGIN PRIVATE KEY-----\nAAAA\n")
    with pytest.raises(ConfigError, match="private key"):
        load_trust_store(str(tmp_path / ""))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ConfigError, match="no keys"):
        load_trust_store(str(empty))


def test_nothing_is_fetched_even_with_urls_in_headers(tmp_path: Path) -> None:
    """jku/x5u/iss URLs are never followed (the autouse socket guard would fail the test)."""
    def urls(header: dict[str, Any], payload: dict[str, Any]) -> None:
        header.update(jku="https://issuer.example/jwks.json", x5u="https://issuer.example/c")
        payload["status"] = {"status_list": {"idx": 1, "uri": "https://issuer.example/sl"}}
        payload["vct#integrity"] = "sha256-abc"

    (rec,) = load(write(tmp_path, "p.txt", resigned(urls)), trust=True)
    assert isinstance(rec, CredentialRecord) and rec.signature.verified is True


def test_a_real_public_elm_credential_as_an_sd_jwt_vc(tmp_path: Path) -> None:
    """The DC4EU reference issuer's ELM 3.2 sample (shared corpus: dc4eu/vc
    standards/elm_3_2.json@2d44a57bcac4, the {"elm": ...} shape of urn:eudi:elm:1), issued
    here as an SD-JWT VC with its names selectively disclosable as the SUNET type metadata
    says: the SD-JWT record equals the ELM loader's record of the plain file."""
    from sd_jwt.common import SDObj

    from mcqa.loaders import load_file
    from tests.conftest import SHARED
    from tests.sdjwt.conftest import PRIVATE

    sample = SHARED / "corpus" / "elm" / "dc4eu-vc" / "samples" / "elm_3_2.json"
    elm = json.loads(sample.read_text(encoding="utf-8"))["elm"]
    subject = elm["credentialSubject"]
    for name in ("givenName", "familyName"):
        if isinstance(subject.get(name), dict):
            subject[name] = {SDObj(k): v for k, v in subject[name].items()}
    from jwcrypto.jwk import JWK
    from sd_jwt.issuer import SDJWTIssuer

    key = JWK.from_json((PRIVATE / "issuer.jwk").read_text())
    issued = SDJWTIssuer({"iss": "https://issuer.example", "vct": "urn:eudi:elm:1",
                          "elm": elm}, key, sign_alg="EdDSA")
    recs = list(load(write(tmp_path, "elm.txt", issued.sd_jwt_issuance)))
    plains = list(load_file(sample, "elm_3_2.json"))
    assert len(recs) == len(plains) == 4  # one record per top-level achievement
    for rec, plain in zip(recs, plains, strict=True):
        assert isinstance(rec, CredentialRecord) and isinstance(plain, CredentialRecord)
        assert rec.record_id.rsplit("#", 1)[1] == plain.record_id.rsplit("#", 1)[1]
        for element in ("learner", "title", "awarding_body", "issuer_country", "issue_date",
                        "learning_outcomes", "workload", "level", "assessment_type"):
            assert rec.element_value(element) == plain.element_value(element), element
        assert rec.withheld == ()


def test_a_stripped_or_truncated_signature_is_unsigned(tmp_path: Path) -> None:
    p = parts()
    header, payload, signature = p[0].split(".")
    for sig in ("", signature[:20]):
        item = problem(tmp_path, "~".join([f"{header}.{payload}.{sig}", *p[1:-1], ""]))
        assert item.locator == "issuer-signed JWT signature" and "stripped" in item.message
