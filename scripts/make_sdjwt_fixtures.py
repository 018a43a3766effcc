"""Regenerate the SD-JWT VC test fixtures in tests/fixtures/sd-jwt/ (run:
``python scripts/make_sdjwt_fixtures.py``; needs the ``test`` extra: ``sd-jwt``, ``jwcrypto``).

Every credential is issued and presented with the IETF reference implementation of SD-JWT
(``sd-jwt``, which signs through ``jwcrypto``), following the claims and per-claim
selective-disclosure policy of each published type (see ``standards/sd-jwt-vc/types.yaml``
for the sources): complete, with gaps, with withheld claims, with nested and array
disclosures, in the compact and the JSON serialisation, in an OpenID4VP ``vp_token``, and
signed with an ``x5c`` certificate chain. The values are invented test data.

Deterministic: the test keys are kept in ``private-test-keys/`` (made once if absent; for
tests only, never for anything real), salts and decoys come from a seeded generator,
signatures are EdDSA (deterministic) and certificates are signed with deterministic ECDSA
(RFC 6979), and the key-binding time is fixed. ``tests/sdjwt/test_fixtures.py`` regenerates
everything into a temporary folder and fails if a byte differs.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import random
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tests" / "fixtures" / "sd-jwt"
IAT = 1_781_740_800  # 2026-06-18
KB_IAT = 1_785_000_000  # 2026-07-25
NONCE, AUD = "n-0S6_WzA2Mj", "https://admissions.example.edu"
ISSUER_KID = "mc-issuer-2026"


def _keys(private: Path) -> dict[str, Any]:
    """The test keys (JWK files; the CA key as PEM), created on first use."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from jwcrypto.jwk import JWK

    private.mkdir(parents=True, exist_ok=True)
    keys: dict[str, Any] = {}
    for name, kid in (("issuer", ISSUER_KID), ("other-issuer", "unknown-issuer"),
                      ("x5c-issuer", None), ("holder", None)):
        path = private / f"{name}.jwk"
        if not path.exists():
            params = {"kid": kid} if kid else {}
            path.write_text(JWK.generate(kty="OKP", crv="Ed25519", **params).export_private()
                            + "\n", encoding="utf-8")
        keys[name] = JWK.from_json(path.read_text(encoding="utf-8"))
    ca_path = private / "test-ca.key.pem"
    if not ca_path.exists():
        ca = ec.generate_private_key(ec.SECP256R1())
        ca_path.write_bytes(ca.private_bytes(serialization.Encoding.PEM,
                                             serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()))
    keys["ca"] = serialization.load_pem_private_key(ca_path.read_bytes(), None)
    return keys


def _certs(keys: dict[str, Any]) -> tuple[Any, Any]:
    """A test root CA and the x5c issuer's certificate it signs (valid 2025-2035)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "mcqa test data"),
                          x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(2035, 1, 1, tzinfo=dt.UTC)
    ca_key = keys["ca"]
    ca = (x509.CertificateBuilder().subject_name(name("mcqa test trust anchor"))
          .issuer_name(name("mcqa test trust anchor")).public_key(ca_key.public_key())
          .serial_number(1001).not_valid_before(start).not_valid_after(end)
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                       False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                         critical=False)
          .sign(ca_key, hashes.SHA256(), ecdsa_deterministic=True))
    leaf_public = serialization.load_pem_public_key(keys["x5c-issuer"].export_to_pem())
    leaf = (x509.CertificateBuilder().subject_name(name("Example University credential seal"))
            .issuer_name(ca.subject).public_key(leaf_public)  # type: ignore[arg-type]
            .serial_number(1002).not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False,
                                         False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256(), ecdsa_deterministic=True))
    return ca, leaf


def _issue(claims: dict[str, Any], key: Any, holder: Any, seed: int, *, decoys: bool = True,
           header: dict[str, Any] | None = None) -> str:
    """Issue with the reference implementation (deterministic salts and decoys)."""
    from sd_jwt.common import SDJWTCommon
    from sd_jwt.issuer import SDJWTIssuer

    SDJWTCommon.unsafe_randomness = True  # seeded salts: reproducible test data only
    logging.getLogger("sd_jwt").setLevel(logging.ERROR)  # it warns about exactly that
    random.seed(seed)
    extra = {"typ": "dc+sd-jwt", **(header or {})}
    issuer = SDJWTIssuer(claims, key, holder_key=holder, sign_alg="EdDSA",
                         add_decoy_claims=decoys, extra_header_parameters=extra)
    return str(issuer.sd_jwt_issuance)


def _present(issuance: str, disclose: dict[str, Any], holder: Any) -> str:
    """A presentation of the chosen disclosures with a key-binding JWT at a fixed time."""
    import sd_jwt.holder as holder_module
    from sd_jwt.holder import SDJWTHolder

    holder_module.time = lambda: KB_IAT  # type: ignore[attr-defined]
    h = SDJWTHolder(issuance)
    h.create_presentation(disclose, nonce=NONCE, aud=AUD, holder_key=holder, sign_alg="EdDSA")
    return str(h.sd_jwt_presentation)


def _flattened(compact: str) -> str:
    """The RFC 9901 §8.1 flattened JWS JSON serialisation of a compact presentation."""
    parts = compact.split("~")
    protected, payload, signature = parts[0].split(".")
    header: dict[str, Any] = {"disclosures": parts[1:-1]}
    if parts[-1]:
        header["kb_jwt"] = parts[-1]
    return json.dumps({"header": header, "payload": payload, "protected": protected,
                       "signature": signature}, indent=2) + "\n"


def _webuild(sd: Any, complete: bool = True) -> dict[str, Any]:
    """WE BUILD Micro-credential claims (rulebook v0.2 §3, §5.1), invented values."""
    claims: dict[str, Any] = {
        "iss": "https://credentials.example-university.eu", "iat": IAT,
        "vct": "VerifiableMicroCredential",
        "attestation_legal_category": "non-qualified-EAA",
        sd("identifier"): "EXU-MC-2026-0193",
        sd("title"): "Responsible Use of Learning Analytics",
        sd("givenName"): "Maija", sd("familyName"): "Virtanen",
        sd("issuerCountry"): "FI", sd("awardingBody"): "Example University of Applied Sciences",
        sd("awardingBodyHomepage"): "https://www.example-university.eu",
        sd("issuanceDate"): "2026-06-12",
        sd("learningOutcomes"): [
            "Explains the data-protection duties that apply to learning analytics",
            "Designs a dashboard indicator and argues its pedagogical validity",
            "Evaluates an analytics project for bias against student groups"],
        sd("notionalWorkload"): {"value": 4, "unit": "ECTS"},
        sd("typeOfAssessment"): "project-assessment",
        sd("formOfParticipation"): "online",
        sd("qualityAssurance"): "institutional-accreditation",
        sd("level"): "EQF-6",
        sd("grade"): "4", sd("gradingScheme"): "0-5, 5 best",
        sd("idVerificationMethod"): "identity-verified-remote-exam",
        sd("entryRequirements"): ["Bachelor-level studies in education or informatics"],
        sd("stackable"): True, sd("partOfQualification"): "MSc Educational Technology",
        sd("escoReference"): ["http://data.europa.eu/esco/skill/25f0ea33-b4a2-4f31-b7b4-7d20e827b180"],
        sd("languageOfAssessment"): "en",
        sd("fieldOfEducation"): "0114",
    }
    if not complete:
        for name in ("formOfParticipation", "level", "grade", "gradingScheme"):
            claims.pop(next(k for k in claims if getattr(k, "value", k) == name))
        del claims["attestation_legal_category"]
    return claims


def _everything(claims: dict[str, Any]) -> dict[str, Any]:
    """A presentation frame disclosing every selectively disclosable claim."""
    out: dict[str, Any] = {}
    for key, value in claims.items():
        name = getattr(key, "value", key)
        inner = getattr(value, "value", value)
        if isinstance(inner, dict):
            out[name] = _everything(inner)
        elif isinstance(inner, list):
            out[name] = [_everything(x) if isinstance(getattr(x, "value", x), dict) else True
                         for x in inner]
        else:
            out[name] = True
    return out


def build(out: Path, private: Path) -> list[Path]:
    """Write every fixture into ``out`` (keys read from, or first made in, ``private``)."""
    from cryptography.hazmat.primitives import serialization
    from sd_jwt.common import SDObj

    keys = _keys(private)
    ca, leaf = _certs(keys)
    issuer, holder = keys["issuer"], keys["holder"]
    files: dict[str, str] = {}

    # --- WE BUILD: complete; presented with withheld claims; gaps; nested; JSON; x5c ---
    claims = _webuild(SDObj)
    issuance = _issue(claims, issuer, holder, 1, header={"kid": ISSUER_KID})
    everything = _everything(claims)
    files["webuild-complete.txt"] = _present(issuance, everything, holder)
    withheld = {k: v for k, v in everything.items()
                if k not in ("typeOfAssessment", "qualityAssurance", "givenName", "level",
                             "grade", "gradingScheme", "idVerificationMethod")}
    files["wallet-presentation.txt"] = _present(issuance, withheld, holder)
    files["webuild-complete.json"] = _flattened(files["webuild-complete.txt"])

    gaps = _webuild(SDObj, complete=False)
    gaps_issuance = _issue(gaps, issuer, holder, 2, decoys=False, header={"kid": ISSUER_KID})
    files["webuild-gaps.txt"] = _present(gaps_issuance, _everything(gaps), holder)

    nested = _webuild(SDObj)
    nested[SDObj("notionalWorkload")] = {SDObj("value"): 4, SDObj("unit"): "ECTS"}
    nested[SDObj("learningOutcomes")] = [SDObj(x) for x in claims[next(
        k for k in claims if getattr(k, "value", k) == "learningOutcomes")]]
    nested[SDObj("accreditation")] = {
        "title": "Institutional audit 2024", SDObj("type"): "institutional-accreditation",
        "accreditingAgent": "Finnish Education Evaluation Centre (example)",
        "reviewDate": "2030-05-31"}
    nested_issuance = _issue(nested, issuer, holder, 3, header={"kid": ISSUER_KID})
    frame = _everything(nested)
    frame["learningOutcomes"] = [True, False, True]  # the second outcome withheld
    frame["notionalWorkload"] = {"value": True, "unit": True}
    files["webuild-nested.txt"] = _present(nested_issuance, frame, holder)

    leaf_b64 = base64.b64encode(leaf.public_bytes(serialization.Encoding.DER)).decode("ascii")
    x5c_issuance = _issue(_webuild(SDObj), keys["x5c-issuer"], holder, 4,
                          header={"x5c": [leaf_b64]})
    files["webuild-x5c.txt"] = _present(x5c_issuance, everything, holder)
    other = _issue(_webuild(SDObj), keys["other-issuer"], holder, 5,
                   header={"kid": "unknown-issuer"})
    files["webuild-other-issuer.txt"] = _present(other, everything, holder)

    # --- EUDI reference issuer Learning Credential (type metadata sd per claim) ---
    eudi = {
        "iss": "https://issuer.example-academy.eu", "iat": IAT, "exp": IAT + 5 * 365 * 86400,
        "jti": "9c1b2a55-6f0e-4b8a-93f1-0d6c2b7a4e11",
        "vct": "urn:eu.europa.ec.eudi:learning:credential:1",
        "issuing_authority": "Example Academy: Department of Applied Computing",
        "issuing_country": "DE", "date_of_issuance": "2026-06-10",
        "date_of_expiry": "2036-06-10",
        SDObj("family_name"): "Schmidt", SDObj("given_name"): "Lena",
        "achievement_title": "Applied Machine Learning for Public Services",
        "achievement_description": "A twelve-week course on building and assessing machine "
                                   "learning services for public administrations.",
        SDObj("learning_outcomes"): [
            "Selects a model suited to a public-sector prediction task",
            "Audits a deployed model for drift and unequal error rates"],
        SDObj("assessment_grade"): "Very good",
        "language_of_classes": ["en"],
        SDObj("learner_identification"): "EA-2026-77031",
        SDObj("expected_study_time"): "PT150H",
        SDObj("level_of_learning_experience"): 6,
        SDObj("types_of_quality_assurance"): ["Institutional Evaluation"],
        SDObj("prerequisites_to_enroll"): ["Introductory statistics"],
        SDObj("integration_stackability_options"): True,
    }
    eudi_issuance = _issue(eudi, issuer, holder, 6, header={"kid": ISSUER_KID})
    files["eudi-learning-complete.txt"] = _present(eudi_issuance, _everything(eudi), holder)
    files["eudi-learning-withheld.txt"] = _present(eudi_issuance, {
        "family_name": True, "learning_outcomes": True, "assessment_grade": True}, holder)

    # --- DC4EU / SUNET MicroCredential: Open Badges 3.0 claims (listed claims sd: never) ---
    mc = {
        "iss": "https://issuer.example-vet.eu", "iat": IAT, "vct": "urn:eudi:micro_credential:1",
        "validFrom": "2026-05-20T00:00:00Z", "validUntil": "2031-05-20T00:00:00Z",
        "issuer": {"id": "https://issuer.example-vet.eu", "type": ["Profile"],
                   "name": "Example Vocational College",
                   "address": {"type": ["Address"], "addressCountryCode": "NL"}},
        "credentialSubject": {
            "type": ["AchievementSubject"], SDObj("name"): "Sanne de Vries",
            "achievement": {
                "type": ["Achievement"], "name": "Heat Pump Installation and Commissioning",
                "description": "Installing, commissioning and servicing domestic air-to-water "
                               "heat pumps.",
                "criteria": {"narrative": "Practical commissioning test on a training rig and "
                                          "a written test on refrigerant safety."},
                "ECTS": 3, "participationType": "blended", "supervisionType": "onsite",
                "educationProgramIdentifier": "EVC-HP-2026",
                "resultDescription": [{"name": "Final mark", "requiredValue": "5.5",
                                       "valueMax": "10", "valueMin": "1"}]},
            "result": [{"value": "7.8"}]},
    }
    mc_issuance = _issue(mc, issuer, holder, 7, header={"kid": ISSUER_KID})
    files["dc4eu-micro-credential.txt"] = _present(mc_issuance, {"credentialSubject": {}},
                                                   holder)

    # --- DC4EU / SUNET ELM Credential: an ELM credential under `elm` ---
    elm = {
        "iss": "https://issuer.example-hei.eu", "iat": IAT, "vct": "urn:eudi:elm:1",
        "elm": {
            "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
            "id": "urn:credential:3b9d2f64-example",
            "issued": "2026-06-01T00:00:00Z",
            "issuer": {"id": "urn:org:example-hei", "type": "Organisation",
                       "legalName": {"en": "Example Higher Education Institute"},
                       "location": [{"type": "Location", "address": [{
                           "type": "Address", "countryCode": {
                               "id": "http://publications.europa.eu/resource/authority/country/IRL",
                               "type": "Concept"}}]}]},
            "credentialSubject": {
                "id": "urn:person:example-learner", "type": "Person",
                "givenName": {SDObj("und"): "Aoife"}, "familyName": {SDObj("und"): "Byrne"},
                "hasClaim": [{
                    "id": "urn:claim:1", "type": "LearningAchievement",
                    "title": {"en": "Cloud Security Operations"},
                    "awardedBy": {"type": "AwardingProcess", "awardingBody": [{
                        "id": "urn:org:example-hei", "type": "Organisation",
                        "legalName": {SDObj("en"): "Example Higher Education Institute"}}]},
                    "specifiedBy": {
                        "id": "urn:spec:1", "type": "LearningAchievementSpecification",
                        "title": {"en": "Cloud Security Operations"},
                        "learningOutcome": [{"id": "urn:lo:1", "type": "LearningOutcome",
                                             "title": {"en": "Configures logging and alerting "
                                                             "for a cloud tenancy"}}],
                        "creditPoint": [{"type": "CreditPoint", "point": "5", "framework": {
                            "id": "http://data.europa.eu/snb/education-credit/6fcec5c5af",
                            "type": "Concept"}}],
                        "eqfLevel": {"id": "http://data.europa.eu/snb/eqf/6", "type": "Concept"},
                        "mode": [{"id": "http://data.europa.eu/snb/learning-assessment/920fbb3cbe",
                                  "type": "Concept"}]}}]}},
    }
    elm_issuance = _issue(elm, issuer, holder, 8, decoys=False, header={"kid": ISSUER_KID})
    files["dc4eu-elm.txt"] = _present(elm_issuance, {"elm": {"credentialSubject": {
        "givenName": {"und": True}, "familyName": {"und": True}, "hasClaim": [{"awardedBy": {
            "awardingBody": [{"legalName": {"en": True}}]}}]}}}, holder)

    # --- a PID (not a micro-credential) and an OpenID4VP vp_token holding two presentations ---
    pid = {"iss": "https://pid.example.eu", "iat": IAT, "vct": "urn:eudi:pid:1",
           SDObj("given_name"): "Maija", SDObj("family_name"): "Virtanen"}
    pid_issuance = _issue(pid, issuer, holder, 9, header={"kid": ISSUER_KID})
    files["pid.txt"] = _present(pid_issuance, {"given_name": True, "family_name": True}, holder)
    files["vp-token.json"] = json.dumps({"vp_token": {
        "micro_credential": [files["wallet-presentation.txt"]],
        "pid": [files["pid.txt"]]}}, indent=2) + "\n"

    # --- the trust folder: the issuer's public JWK and the test trust anchor ---
    files["keys/issuer.jwk"] = issuer.export_public() + "\n"
    files["keys/test-trust-anchor.pem"] = ca.public_bytes(
        serialization.Encoding.PEM).decode("ascii")

    written = []
    for name, text in sorted(files.items()):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not text.endswith("\n"):
            text += "\n"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in build(OUT, OUT / "private-test-keys"):
        sys.stdout.write(f"wrote {p.relative_to(REPO)}\n")
