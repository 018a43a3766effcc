"""Every credential-like sample of the shared corpus loads, or is a listed negative.

Samples are enumerated from the folders' SOURCES.md (kind ``sample``), so a
sample added to the corpus is tested automatically and must either load into
at least one record or be listed below with its reason and the message the
user sees. Sockets are blocked (conftest), so loading is proven offline.
"""

from __future__ import annotations

import socket

import pytest

from mcqa.loaders import load_file
from mcqa.model import CredentialRecord, InputProblem, Skipped

from .conftest import CORPUS, NetworkBlocked, corpus_samples, slug

_OB2_SUPPORT = "OB 2.0 linked asset (SOURCES: 'BadgeClass/Issuer/key referenced by URL from assertions')"
_NOT_MCQA = "content is not a format mcqa reads"

KNOWN_NEGATIVES: dict[str, tuple[str, str]] = {
    # path: (reason, substring of the problem message)
    "ctdl/credentialengine-ingest-examples/Organization__1__Organization-1.json":
        ("CTDL organization record, not a credential", "a CTDL organisation profile"),
    "ctdl/credentialengine-registry/samples/fixtures__organization__3_import.json":
        ("SOURCES: 'CTDL organization record'", "a CTDL organisation profile"),
    "ctdl/credentialengine-registry/samples/seeds__competency_framework.json":
        ("SOURCES: 'CTDL-ASN competency framework'", "a CTDL-ASN competency framework"),
    "ctdl/credentialengine-registry/samples/seeds__organization.json":
        ("SOURCES: 'registry @graph record: CredentialOrganization'", "organisation profile"),
    "ctdl/credentialengine-schema-development/CTDLinLERs_VCs_OpenBadges_CLRs__s_2_1_StandaloneCompetence.json":
        ("SOURCES: 'standalone competence' (a competency, no credential)", "CTDL competencies"),
    "ctdl/credentialengine-schema-development/HandbookExamples__CredentialTypes__frameworkLevels.json":
        ("framework levels (progression model), no credential", "qualifications framework"),
    "ctdl/credentialengine-schema-development/HandbookExamples__QualificationsFramework__basicDescription.json":
        ("SOURCES: 'QF basic description'", "a CTDL qualifications framework"),
    "ctdl/credentialengine-schema-development/HandbookExamples__QualificationsFramework__frameworkAlignment.json":
        ("alignment map between frameworks", "a CTDL alignment map"),
    "ctdl/credentialengine-schema-development/QualificationsFramework__Examples__EQF.json":
        ("SOURCES: 'CTDL QualificationsFramework encoding of the EQF'", "qualifications framework"),
    "ctdl/credentialengine-schema-development/QualificationsFramework__Examples__NLQF.json":
        ("SOURCES: 'CTDL: Dutch NLQF'", "qualifications framework"),
    "ctdl/credentialengine-schema-development/QualificationsFramework__Examples__scqf-eqf-mapping.json":
        ("SOURCES: 'SCQF-to-EQF level mapping'", "a CTDL alignment map"),
    "ctdl/credentialengine-schema-development/QualificationsFramework__Examples__scqf.json":
        ("SOURCES: 'CTDL: Scottish SCQF'", "CTDL"),
    "ctdl/credentialengine-schema-development/QualificationsFramework__Examples__zqf_part.json":
        ("SOURCES: 'Zambia QF (partial)'", "qualifications framework"),
    "ctdl/credentialengine-schema-development/Transfer_Value_Profile__CTDL_-_Course_-_WICHE_-_Passport.json":
        ("SOURCES: 'not valid JSON as published upstream'", "invalid JSON"),
    "elm/dc4eu-educational-pilot/samples/euusc-uppersecondary-certificate-john-doe.json":
        ("SOURCES: 'not valid JSON as published upstream'", "line 99 column 20"),
    "elm/european-digital-credentials/accreditation/Sample.jsonld":
        ("SOURCES: 'QDR-style @graph ... elm:Accreditation (quality-assurance record)'",
         "accreditation (quality-assurance) record"),
    "elm/european-digital-credentials/accreditation/ServiceSampleAccreditation.json":
        ("SOURCES: 'accreditation record'", "accreditation (quality-assurance) record"),
    "elm/european-digital-credentials/accreditation/ams-json-ld.jsonld":
        ("SOURCES: 'AMS accreditation dataset'", "accreditation (quality-assurance) record"),
    "elm/european-digital-credentials/samples/credNoType.jsonld":
        ("SOURCES: 'NEGATIVE: credential without type' (a generic AlumniCredential)", _NOT_MCQA),
    "elm/european-learning-model/elm-3.2-lts/samples/credential-sample.ttl":
        ("Turtle: mcqa reads ELM as JSON-LD", "a credential written in Turtle"),
    "elm/european-learning-model/samples/credential-sample-turtle.ttl":
        ("Turtle: mcqa reads ELM as JSON-LD", "a credential written in Turtle"),
    "elm/european-learning-model/qdr/ams.xml":
        ("SOURCES: 'QDR Accreditation upload file' (XML, not a credential)",
         "QDR accreditation upload"),
    "elm/european-learning-model/qdr/loq.xml":
        ("SOURCES: 'QDR LOQ upload file' (XML learning opportunities and qualifications, "
         "which may be micro-credentials): an input problem that says so, never skipped",
         "QDR upload of learning opportunities and qualifications"),
    "openbadges/1edtech-dc-public-validator/ob2/assets/badgecriteria.json":
        (_OB2_SUPPORT + "; bare criteria object without context",
         "an Open Badges criteria document"),
    "openbadges/1edtech-dc-public-validator/ob3/bit-string-list/testlist":
        ("SOURCES: 'BitstringStatusListCredential referenced by the status-list fixtures'",
         "status (revocation) list"),
    "openbadges/dcc-vc-test-fixtures/v1__dataIntegrityProof__didKey__legacyRegistry-noStatus-noExpiry-oldDCCExample.json":
        ("listed as OB 3.0 but only 'VerifiableCredential' typed, DCC v1 context; its "
         "subject names a credential and awards no learning: skipped", "no achievement"),
    "openbadges/dcc-vc-test-fixtures/v2__dataIntegrityProof__didKey__legacyRegistry-noStatus-noExpiry-minimal.json":
        ("listed as OB 3.0 but only 'VerifiableCredential' typed, no OB context; a name and "
         "a sentence, no learning: skipped", "no achievement"),
    "ctdl/credentialengine-schema-development/CTDLinLERs_VCs_OpenBadges_CLRs__s_4_1_AssessmentAccreditation.json":
        ("an accredited examination (CTDL AssessmentProfile), not a learning experience",
         "assessment profile"),
    "openbadges/1edtech-dc-public-validator/ob3/endorsement-err-schema-status-refresh.json":
        ("OB 3.0 EndorsementCredential (validator fixture)", "EndorsementCredential"),
    "openbadges/dcc-vc-test-fixtures/v2__bothSignatureTypes__didkey__legacy-noStatus-notExpired-endorsement.json":
        ("OB 3.0 EndorsementCredential about an organisation", "EndorsementCredential"),
    "openbadges/ob3-spec-examples-json/EndorsementCredential.json":
        ("OB 3.0 EndorsementCredential (specification example)", "EndorsementCredential"),
}
for _name in ("bad-issuer", "issuer1", "issuer-with-allowed-origins",
              "issuer-with-allowed-origins-invalid-multiple-starts-with",
              "issuer-with-allowed-origins-invalid-starts-with",
              "issuer-with-allowed-origins-valid-multiple-starts-with",
              "issuer-with-allowed-origins-valid-starts-with", "organization",
              "organization-no-public-key", "organization-with-empty-revocation-list",
              "organization-with-revocation-list"):
    KNOWN_NEGATIVES[f"openbadges/1edtech-dc-public-validator/ob2/assets/{_name}.json"] = (
        _OB2_SUPPORT + " (Issuer profile)", "Open Badges 2.0 Issuer document")
for _name, _kind in (("key1", "CryptographicKey"), ("key2", "CryptographicKey"),
                     ("key3", "CryptographicKey"), ("revocation-list", "RevocationList"),
                     ("empty-revocation-list", "RevocationList"),
                     ("endorsement-1", "Endorsement"), ("endorsement-2", "Endorsement"),
                     ("endorsement-3", "Endorsement"), ("endorsement-4", "Endorsement"),
                     ("criteria-no-type", "criteria"), ("issuer-invalid-type", "Criteria")):
    KNOWN_NEGATIVES[f"openbadges/1edtech-dc-public-validator/ob2/assets/{_name}.json"] = (
        _OB2_SUPPORT, "an Open Badges criteria document" if _kind == "criteria"
        else f"Open Badges 2.0 {_kind} document")
for _name, _kind in (("invalid-class", "NotAKnownClass"), ("invalid-empty-type", "untyped"),
                     ("invalid-one-invalid-class", "Issuer"), ("valid-cool-class", "CoolClass"),
                     ("valid-issuer-extension", "Issuer")):
    KNOWN_NEGATIVES[f"openbadges/1edtech-dc-public-validator/ob2/rdf-validation/{_name}.json"] = (
        "OB 2.0 RDF-validation fixture that is not an Assertion or BadgeClass",
        f"Open Badges 2.0 {_kind} document")

SAMPLES = corpus_samples()


def test_corpus_is_there_and_listed() -> None:
    assert CORPUS.is_dir(), f"shared corpus missing at {CORPUS}"
    assert len(SAMPLES) > 150
    missing = sorted(set(KNOWN_NEGATIVES) - set(SAMPLES))
    assert not missing, f"negatives not in any SOURCES.md: {missing}"


@pytest.mark.parametrize("rel", SAMPLES, ids=[slug(s) for s in SAMPLES])
def test_sample_loads_or_is_known_negative(rel: str) -> None:
    items = list(load_file(CORPUS / rel, rel))
    records = [i for i in items if isinstance(i, CredentialRecord)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    if rel in KNOWN_NEGATIVES:
        reason, expected = KNOWN_NEGATIVES[rel]
        assert not records, f"{rel} is listed as negative ({reason}) but loaded"
        assert len(items) == 1
        item = items[0]
        # a document that is not a micro-credential is skipped with a note, never an error;
        # a credential mcqa cannot read (broken, Turtle, untyped) is an input problem
        text = item.reason if isinstance(item, Skipped) else item.message  # type: ignore[union-attr]
        assert expected in text, text
        assert item.file == rel and "\n" not in text  # type: ignore[union-attr]
        return
    assert records, f"{rel}: {[p.message for p in problems]}"
    for record in records:
        assert record.source_file == rel
        assert record.record_id
        assert set(record.provenance) >= {"title"} or record.title is None
        for element, ref in record.provenance.items():
            assert ref.file == rel, element


def test_socket_guard_really_blocks() -> None:
    """The guard used by every test here refuses connections (so the corpus run is offline)."""
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("example.org", 80), timeout=1)
    sock = socket.socket()
    try:
        with pytest.raises(NetworkBlocked):
            sock.connect(("127.0.0.1", 9))
    finally:
        sock.close()
