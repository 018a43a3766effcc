"""EC Annex I micro-credential samples map with exact pointers; hostile input never crashes."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcqa.errors import InputError
from mcqa.loaders import load_file
from mcqa.loaders.base import SourceDocument
from mcqa.loaders.clr import ClrLoader
from mcqa.loaders.ctdl import CtdlLoader
from mcqa.loaders.elm import ElmLoader
from mcqa.loaders.ob2 import Ob2Loader
from mcqa.loaders.ob3 import Ob3Loader
from mcqa.model import ELEMENTS, CredentialRecord, InputProblem
from tests.conftest import json_paths

from .conftest import CORPUS

AA = "elm/elm-support-samples/AA-Annex1-MC-unsigned.json"
CLAIM = "/credential/credentialSubject/hasClaim/0"
SPEC = f"{CLAIM}/specifiedBy"
EXPECTED_POINTERS = {
    "learner": "/credential/credentialSubject",
    "title": f"{CLAIM}/title/en/0",
    "issuer_country": f"{CLAIM}/awardedBy/awardingBody/0/location/0/address/0/countryCode",
    "awarding_body": f"{CLAIM}/awardedBy/awardingBody",
    "issue_date": "/credential/issued",
    "learning_outcomes": f"{SPEC}/learningOutcome",
    "learning_outcomes.1.text": f"{SPEC}/learningOutcome/1/title/en/0",
    "workload": f"{SPEC}/creditPoint/0/point",
    "workload.hours": f"{SPEC}/volumeOfLearning",
    "workload.duration": f"{SPEC}/maximumDuration",
    "level": f"{SPEC}/eqfLevel",
    "level.nqf": f"{SPEC}/nqfLevel/0",
    "assessment_type": f"{CLAIM}/provenBy/0/specifiedBy/dcType/0",
    "participation_form": f"{SPEC}/mode/0",
    "prerequisites": f"{SPEC}/entryRequirement/noteLiteral/en/0",
    "supervision_identity": f"{CLAIM}/provenBy/0/idVerification",
    "grade": f"{CLAIM}/provenBy/0/grade/noteLiteral/en/0",
    "isced_f": f"{SPEC}/thematicArea/0",
}


def _one(rel: str) -> CredentialRecord:
    (item,) = load_file(CORPUS / rel, rel)
    assert isinstance(item, CredentialRecord), item
    return item


def test_annex1_unsigned_every_element_and_pointer() -> None:
    r = _one(AA)
    for path, pointer in EXPECTED_POINTERS.items():
        ref = r.provenance[path]
        assert ref.present and ref.locator == pointer, (path, ref.locator)
    assert r.participation_form == "blended"
    assert r.supervision_identity == "Unsupervised without ID Verification"
    assert r.grade is not None and r.grade.value == "Pass"
    assert r.level is not None and (r.level.eqf, r.level.framework, r.level.nqf) == (6, "IE-NFQ",
                                                                                    "6")
    assert r.workload is not None and r.workload.credit_system == "ECTS"
    assert r.isced_f == "068" and r.language == "en"
    assert r.extensions["elm.credential_schema"] == \
        "http://data.europa.eu/snb/model/ap/edc-generic-full"
    # every one of the 16 elements is either mapped or says where mcqa looked
    for element in ELEMENTS:
        assert element in r.provenance, element
    for element in ("quality_assurance", "stackability", "further_info"):
        assert r.provenance[element].present is False
        assert SPEC in r.provenance[element].locator or CLAIM in r.provenance[element].locator


def test_annex1_signed_maps_the_same_elements_inside_the_payload() -> None:
    unsigned, signed = _one(AA), _one("elm/elm-support-samples/AA-Annex1-MC-signed.jsonld")
    mapped_u = {e for e in ELEMENTS if unsigned.provenance[e].present}
    mapped_s = {e for e in ELEMENTS if signed.provenance[e].present}
    assert mapped_u == mapped_s and len(mapped_s) == 13
    # the sealed payload has hasClaim as a single object, so no /0 step
    assert signed.provenance["title"].locator == "/payload/credentialSubject/hasClaim/title/en"
    assert signed.signature.signed and signed.signature.method == "jades"
    for element in ("title", "learning_outcomes", "workload", "level", "assessment_type",
                    "participation_form", "prerequisites", "supervision_identity", "grade"):
        assert signed.element_value(element) == unsigned.element_value(element), element


# --- hostile input ---------------------------------------------------------------------

SEEDS = [
    AA,
    "elm/dc4eu-educational-pilot/samples/euhe-microcredential-example-john-doe.json",
    "openbadges/educredentials-obv3-examples/samples/theed_microcredential_full_ho.json",
    "openbadges/mynextid-credentials/open-badge-mc-example.json",
    "clr/1edtech-dc-public-validator/simple.json",
    "openbadges/1edtech-dc-public-validator/ob2/basic-assertion.json",
    "ctdl/credentialengine-registry/samples/seeds__credential.json",
]
_SEED_DATA = {rel: json.loads((CORPUS / rel).read_text(encoding="utf-8")) for rel in SEEDS}
LOADERS = (ElmLoader(), ClrLoader(), Ob3Loader(), Ob2Loader(), CtdlLoader())
ODD = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                st.text(max_size=12), st.just([]), st.just({}), st.just([None, 1, "x"]),
                st.just({"@value": 3}), st.just({"en": 5}))


_SEED_PATHS = {rel: [p for p in json_paths(d, 3) if p][:4000] for rel, d in _SEED_DATA.items()}


def _mutate(data: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    out = copy.deepcopy(data)
    parent = out
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "delete":
        if isinstance(parent, dict):
            del parent[last]
        else:
            parent.pop(last)
    else:
        parent[last] = value
    return out


def _load_everything(path: Path) -> list[Any]:
    doc = SourceDocument(path, path.name)
    items: list[Any] = []
    for loader in LOADERS:
        try:
            if loader.matches(doc):
                items.extend(loader.load(doc))
        except InputError as exc:  # the only exception a loader may raise
            items.append(exc)
    items.extend(load_file(path, path.name))
    return items


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_samples_never_raise_anything_else(tmp_path: Path, data: st.DataObject) -> None:
    rel = data.draw(st.sampled_from(SEEDS))
    mutated: Any = _SEED_DATA[rel]
    for _ in range(data.draw(st.integers(1, 4))):
        paths = json_paths(mutated, 3)[1:4000]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        action = data.draw(st.sampled_from(["delete", "replace"]))
        mutated = _mutate(mutated, path, action, data.draw(ODD))
    text = json.dumps(mutated)
    if data.draw(st.booleans()):
        text = text[: data.draw(st.integers(0, len(text)))]
    target = tmp_path / "mutated.json"
    target.write_text(text, encoding="utf-8")
    for item in _load_everything(target):
        assert isinstance(item, CredentialRecord | InputProblem | InputError)


@pytest.mark.parametrize("payload", [
    b"", b"   ", b"[]", b"null", b"{}", b"\xff\xfe\x00", b"eyJhbGciOi.x.y", b"a.b.c",
    b'{"payload": "not json", "signatures": []}', b'{"credential": []}', b'{"@graph": 5}',
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\xffiTXt",
    b"<svg><openbadges:credential>{</openbadges:credential></svg>",
    b'{"type": "OpenBadgeCredential", "credentialSubject": [[]], "issuer": 7}',
    b'{"type": ["VerifiableCredential","ClrCredential"],'
    b' "credentialSubject": {"verifiableCredential": ["e30.e30.x", 5]}}',
])
def test_hand_made_hostile_files(tmp_path: Path, payload: bytes) -> None:
    target = tmp_path / "x.json"
    target.write_bytes(payload)
    for item in _load_everything(target):
        assert isinstance(item, CredentialRecord | InputProblem | InputError)


# --- SHACL ----------------------------------------------------------------------------

SHAPES = CORPUS / "elm/european-learning-model/shapes"
CONTEXTS = {
    "https://www.w3.org/2018/credentials/v1":
        str(CORPUS / "vc-contexts/official-copies-via-conform-ed/vc-data-model-v1.context.json"),
    "http://data.europa.eu/snb/model/context/edc-ap":
        str(CORPUS / "elm/european-learning-model/context/edc-ap-context.jsonld"),
}


@pytest.fixture
def context_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "ctx"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps(CONTEXTS))
    return folder


def test_shacl_signed_annex1_sample_conforms(context_dir: Path) -> None:
    from mcqa.loaders.shacl import shacl_findings

    rel = "elm/elm-support-samples/AA-Annex1-MC-signed.jsonld"
    assert shacl_findings(CORPUS / rel, rel, "r", SHAPES, context_dir) == []


def test_shacl_uploadable_lacks_issuer_with_pointer(context_dir: Path) -> None:
    from mcqa.loaders.shacl import shacl_findings

    findings = shacl_findings(CORPUS / AA, AA, "r1", SHAPES, context_dir)
    (f,) = findings
    assert f.pack_id == "shacl" and f.rule_id == "SHACL-EuropeanDigitalCredential-cred_issuer"
    assert f.severity.value == "error" and f.status.value == "fail"
    assert f.location is not None and f.location.locator == "/credential"
    assert f.citation.document == "ELM SHACL shapes: EDC-generic-no-cv.ttl"
    assert len(f.pack_version) == 12


def test_shacl_unknown_context_is_reported_not_fetched(context_dir: Path) -> None:
    from mcqa.loaders.shacl import shacl_findings

    rel = "elm/european-digital-credentials/samples/cred1.jsonld"
    (f,) = shacl_findings(CORPUS / rel, rel, "r", SHAPES, context_dir)
    assert f.rule_id == "SHACL-context" and f.status.value == "unverifiable"
    assert "everisdx.io" in f.message and "--context-dir" in f.message


# --- inspect and speed ----------------------------------------------------------------

def test_inspect_json_and_exit_codes() -> None:
    from mcqa.cli import cli
    from mcqa.cli._common import run_cli

    runner = CliRunner()
    good = str(CORPUS / AA)
    result = runner.invoke(cli, ["inspect", "--format", "json", good])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (record,) = data["records"]
    assert record["title"] == "Digital micro-credential creation" and data["problems"] == []
    bad = str(CORPUS / "elm/dc4eu-educational-pilot/samples/"
                       "euusc-uppersecondary-certificate-john-doe.json")
    with pytest.raises(SystemExit) as exc:
        run_cli(cli, ["inspect", "--format", "text", good, bad])
    assert exc.value.code == 2


def test_whole_credential_corpus_loads_quickly() -> None:
    start = time.perf_counter()
    n = sum(1 for _ in load_file(CORPUS / AA, AA))
    for folder in ("elm", "openbadges", "clr", "ctdl"):
        from mcqa.loaders import load_paths
        n += sum(1 for _ in load_paths([CORPUS / folder]))
    assert n > 250
    assert time.perf_counter() - start < 20
