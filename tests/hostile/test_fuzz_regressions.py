"""Regression tests for crashes the sample-mutating fuzzer found (test_fuzz_samples.py).

The other finds have their regression next to the feature: damaged deflate data
(test_zipguard.py), header-only catalogues and unpaired surrogates through the CLI
(test_hostile_inputs.py: csv-header-only, xlsx-header-only, *-lone-surrogate).
"""

from __future__ import annotations

import base64
import io
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mcqa.api import check_items
from mcqa.benchmarking import benchmark_results
from mcqa.loaders import load_file
from mcqa.model import CredentialRecord, InputProblem, Skipped
from mcqa.packs import resolve_packs
from mcqa.render import RENDERERS, get_renderer
from mcqa.render._safe import cell_safe
from mcqa.render.xlsx import render_benchmark_xlsx
from tests.conftest import SHARED

OB3 = SHARED / "corpus/openbadges/ob3-spec-examples-json/Basic_OpenBadgeCredential.json"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _surrogate_files() -> dict[str, bytes]:
    cred = json.loads(OB3.read_text(encoding="utf-8"))
    cred["credentialSubject"]["achievement"]["name"] = "Badge \ud800"
    text = json.dumps(cred)  # ensure_ascii: the escape \ud800, as a hostile file holds it
    return {
        "ob3.json": text.encode(),
        "ob3.jwt": ".".join([_b64(b'{"alg":"ES256"}'), _b64(text.encode()), "c2ln"]).encode(),
        "ob3.svg": (b'<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
                    b"<openbadges:credential><![CDATA[" + text.encode()
                    + b"]]></openbadges:credential></svg>"),
        "cat.jsonl": b'{"title": "ok", "ects": 5}\n{"title": "bad \\udc00", "ects": 5}\n',
        "desc.yaml": b'mcqa: 1\ntitle: "bad \\U0000d800"\n',
        "key.json": b'{"mcqa": 1, "title": "x", "extensions": {"\\ud83d": 1}}',
    }


@pytest.mark.parametrize("name", sorted(_surrogate_files()))
def test_unpaired_surrogate_escape_is_an_input_problem(tmp_path: Path, name: str) -> None:
    """``\\ud800`` in a JSON/YAML string decoded to a lone surrogate; every report format then
    failed to encode it (internal error, exit 3). Now the value is refused where it is read."""
    path = tmp_path / name
    path.write_bytes(_surrogate_files()[name])
    items = list(load_file(path, name))
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert len(problems) == 1
    if name.endswith((".json", ".jsonl", ".yaml", ".svg")):
        assert "unpaired surrogate escape" in problems[0].message
    else:  # a JWT whose payload cannot be read: no format claims it
        assert "content is not a format mcqa reads" in problems[0].message
    assert all(isinstance(i, CredentialRecord | InputProblem | Skipped) for i in items)
    report = check_items(items, resolve_packs(("eu-2022",)), as_of=date(2026, 1, 1))
    for fmt in RENDERERS:
        get_renderer(fmt)(report).encode("utf-8")  # what the CLI writes


def test_paired_surrogate_escape_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "emoji.json"
    path.write_text('{"mcqa": 1, "title": "Data \\ud83d\\ude00 literacy"}')
    (record,) = load_file(path, path.name)
    assert isinstance(record, CredentialRecord) and record.title == "Data \U0001F600 literacy"


def test_cell_safe_removes_what_xml_cannot_hold() -> None:
    assert cell_safe("a\x00b\x1b[2Jc\x07\ud800d\ufffe") == "ab[2Jcd"
    assert cell_safe("\x01=1+1") == "'=1+1"  # the formula guard still applies after cleaning
    assert cell_safe("tab\tnew\nline\r") == "tab\tnew\nline\r"


def test_benchmark_xlsx_with_control_characters_in_input(tmp_path: Path) -> None:
    """A record id with \\x01 made openpyxl raise IllegalCharacterError: `mcqa benchmark`
    stopped with an internal error."""
    path = tmp_path / "evil.json"
    path.write_text(json.dumps({"mcqa": 1, "id": "urn:\x01\x1b[2J", "title": "a\x07b",
                                "provider": {"name": "P\x00rov"}}))
    items = list(load_file(path, path.name))
    report = check_items(items, resolve_packs(("eu-2022",)), as_of=date(2026, 1, 1))
    bm = benchmark_results(report.records, as_of="2026-01-01", packs=report.packs)
    book = load_workbook(io.BytesIO(render_benchmark_xlsx(bm)), read_only=True)
    cells = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True)
             for c in row if isinstance(c, str)]
    assert any(c.startswith("urn:[2J") for c in cells)
    assert not any("\x01" in c or "\x1b" in c for c in cells)
