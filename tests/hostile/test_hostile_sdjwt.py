"""Hostile SD-JWT VC presentations: deep disclosure chains, floods of disclosures and
digests, markup and control characters in claims, broken wrappers. Each gives records or
one clear input problem, never a crash, and every output stays inert."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

from mcqa.loaders import load_file
from mcqa.model import CredentialRecord, InputProblem
from tests.hostile.test_fuzz_samples import run_pipeline
from tests.sdjwt.conftest import b64, parts, sign, unb64

HEADER = {"alg": "EdDSA", "typ": "dc+sd-jwt", "kid": "mc-issuer-2026"}


def _disclosure(value: list[Any]) -> tuple[str, str]:
    text = b64(json.dumps(value).encode())
    return text, b64(hashlib.sha256(text.encode()).digest())


def _issue(payload: dict[str, Any], disclosures: list[str]) -> str:
    return "~".join([sign(HEADER, payload), *disclosures, ""])


def _items(tmp: Path, text: str, name: str = "p.txt") -> list[Any]:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return list(load_file(path, name))


def _base() -> dict[str, Any]:
    return {"iss": "https://x.example", "iat": 1781740800, "vct": "VerifiableMicroCredential"}


def test_a_disclosure_chain_deeper_than_the_limit_is_refused_not_a_crash(tmp_path: Path) -> None:
    disclosures: list[str] = []
    inner: Any = {"title": "deep"}
    for _ in range(400):  # each level hides the next one in a disclosure
        text, digest = _disclosure(["salt", "n", inner])
        disclosures.append(text)
        inner = {"_sd": [digest]}
    payload = {**_base(), **inner}
    (item,) = _items(tmp_path, _issue(payload, disclosures[::-1]))
    assert isinstance(item, InputProblem) and "nested more than" in item.message


def test_too_many_disclosures_are_refused(tmp_path: Path) -> None:
    texts, digests = zip(*(_disclosure([f"s{i}", f"c{i}", i]) for i in range(10_001)),
                         strict=True)
    (item,) = _items(tmp_path, _issue({**_base(), "_sd": list(digests)}, list(texts)))
    assert isinstance(item, InputProblem) and "above the limit" in item.message


def test_a_flood_of_decoy_digests_stays_linear(tmp_path: Path) -> None:
    decoys = [b64(hashlib.sha256(str(i).encode()).digest()) for i in range(200_000)]
    text, digest = _disclosure(["s", "title", "Flooded"])
    start = time.perf_counter()
    (item,) = _items(tmp_path, _issue({**_base(), "_sd": [*decoys, digest]}, [text]))
    assert isinstance(item, CredentialRecord) and item.title == "Flooded"
    assert item.extensions["sdjwt.undisclosed_digests"] == 200_000
    assert time.perf_counter() - start < 20  # generous: a few seconds on a slow machine


def test_hostile_claim_text_reaches_every_output_inert(tmp_path: Path) -> None:
    values = ["<script>alert(1)</script>", "\x1b[2J\x07bell", "\u202eevil\u202c",
              "=HYPERLINK(\"http://x\",\"y\")", "A" * 20_000]
    disclosures, digests = [], []
    for name, value in zip(("title", "awardingBody", "typeOfAssessment", "givenName",
                            "qualityAssurance"), values, strict=True):
        text, digest = _disclosure(["salt-" + name, name, value])
        disclosures.append(text)
        digests.append(digest)
    odd_name, odd_digest = _disclosure(["s", "<b>\u202e\x00", "claim name with markup"])
    text = _issue({**_base(), "_sd": [*digests, odd_digest]}, [*disclosures, odd_name])
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    assert run_pipeline(path) == 1


def test_escaped_lone_surrogates_in_a_disclosure_are_refused(tmp_path: Path) -> None:
    text = b64(b'["s", "title", "\\ud800"]')
    digest = b64(hashlib.sha256(text.encode()).digest())
    (item,) = _items(tmp_path, _issue({**_base(), "_sd": [digest]}, [text]))
    assert isinstance(item, InputProblem) and "disclosure 1" in item.locator


def test_broken_wrappers_give_one_clear_problem(tmp_path: Path) -> None:
    p = parts()
    cases = {
        "tilde.txt": "~",
        "dots.txt": "a.b~",
        "general.json": json.dumps({"payload": p[0].split(".")[1], "signatures": "x",
                                    "disclosures": []}),
        "flat.json": json.dumps({"payload": p[0].split(".")[1], "protected": 5,
                                 "signature": "x", "header": {"disclosures": [1, 2]}}),
        "kb.json": json.dumps({"payload": p[0].split(".")[1], "protected": "e30",
                               "signature": "", "header": {"disclosures": [], "kb_jwt": 7}}),
        "vp.json": json.dumps({"vp_token": {"a": [p[0] + "~", "eyJ.bm90~"], "b": ["x~"]}}),
    }
    for name, text in cases.items():
        items = _items(tmp_path, text, name)
        assert items, name
        assert all(isinstance(i, CredentialRecord | InputProblem) for i in items), name
        assert any(isinstance(i, InputProblem) for i in items), name


def test_a_payload_that_is_not_an_object_or_lacks_vct(tmp_path: Path) -> None:
    p = parts()
    for payload in ([1, 2], "text", {"iss": "x"}, {"vct": 5}):
        text = "~".join([".".join([p[0].split(".")[0], b64(json.dumps(payload).encode()),
                                   p[0].split(".")[2]]), ""])
        (item,) = _items(tmp_path, text)
        assert isinstance(item, InputProblem), payload
        assert "JWT payload" in item.locator, item.locator
    assert unb64(p[0].split(".")[0])["alg"] == "EdDSA"
