"""Hostile and malformed input, generated here (nothing large is checked in).

Each case runs the real CLI in a child process limited to 1 GB of address space and 20 s,
with no network (an attempt ends the child with exit 99), and asserts the documented
outcome: read correctly (the report satisfies ``CHECKS[name]``), or exit 2 with one clear
line naming the file and saying ``MESSAGES[name]``; never a traceback. XLSX bombs come from
``zips.py``; RDF inputs that mcqa really parses (SHACL shapes, JSON-LD contexts) are in
``test_hostile_rdf.py``.
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED

from . import zips

MB = 1024 * 1024


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1024 * MB, 1024 * MB))


# The child refuses every connection and DNS lookup: an attempt ends it at once with exit 99
# and a marker on stderr, so mcqa cannot catch the error and carry on.
NETWORK_EXIT = 99
_OFFLINE_MCQA = f"""
import os, socket, sys

def _refuse(*args, **kwargs):
    sys.stderr.write(f"NETWORK ATTEMPT {{args!r}}\\n")
    sys.stderr.flush()
    os._exit({NETWORK_EXIT})

_connect = socket.socket.connect

def _guard(self, address):
    if self.family == socket.AF_UNIX:
        return _connect(self, address)
    _refuse(address)

socket.socket.connect = socket.socket.connect_ex = _guard
socket.getaddrinfo = socket.create_connection = _refuse
from mcqa.cli import main
main(sys.argv[1:])
"""


def run_mcqa(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-c", _OFFLINE_MCQA, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=20, preexec_fn=_limit,
                          check=False)


GOOD = {"mcqa": 1, "title": "Applied statistics for public health", "issuer_country": "IE",
        "awarding_body": "University of the Liffey", "learning_outcomes": [
            "Apply regression models to public health data and interpret the results"],
        "workload": {"ects": 5, "hours": 125}, "level": {"eqf": 6},
        "assessment_type": "Written examination", "participation_form": "online",
        "quality_assurance": {"description": "Internal programme approval"}}


def _json(obj: object) -> bytes:
    return json.dumps(obj).encode()


def _nested(depth: int) -> bytes:
    """GOOD whose extensions hold lists down to ``depth`` levels (the object is level 1)."""
    inner = b"[" * (depth - 2) + b"]" * (depth - 2)
    return _json({**GOOD, "extensions": {"deep": 0}}).replace(b'{"deep": 0}', b'{"deep": ' + inner
                                                              + b"}")


def _deep(n: int) -> bytes:
    return b'{"mcqa": 1, "x": ' + b"[" * n + b"]" * n + b"}"


CORPUS = SHARED / "corpus"
OB3_SAMPLE = CORPUS / "openbadges/ob3-spec-examples-json/Basic_OpenBadgeCredential.json"
ELM_SAMPLE = CORPUS / "elm/elm-support-samples/AA-Annex1-MC-unsigned.json"
SECRET = "SECRET-7f3a"
"""Marker inside a local file a hostile context points to: it must never reach a report."""


def _with_context(sample: Path, context: object) -> bytes:
    """A real credential with its ``@context`` replaced (ELM keeps it under ``credential``)."""
    data = json.loads(sample.read_text(encoding="utf-8"))
    target = data.get("credential", data)
    target["@context"] = context
    return _json(data)


def _ob3_named(name: str) -> bytes:
    data = json.loads(OB3_SAMPLE.read_text(encoding="utf-8"))
    data["credentialSubject"]["achievement"]["name"] = name
    return _json(data)


def _secret_file() -> str:
    """A file:// URL of a local file holding SECRET (written on first use)."""
    path = Path(tempfile.gettempdir()) / "mcqa-hostile-secret.jsonld"
    path.write_text(json.dumps({"@context": {SECRET: "http://example.org/secret"}}))
    return path.as_uri()


def _sheet(body: bytes, prolog: bytes = b"") -> bytes:
    """A workbook whose first sheet is SHEET_HEAD + body + SHEET_TAIL (stored)."""
    head = zips.SHEET_HEAD.replace(b"?>", b"?>" + prolog, 1)
    return zips.workbook(zips.Member.stored(zips.SHEET, head + body + zips.SHEET_TAIL))


def _header_only_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Title", "ECTS", "EQF level"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cut_sheet() -> bytes:
    """Sheet XML cut inside its third row (the zip itself is intact)."""
    xml = zips.SHEET_HEAD + b"Data literacy" + zips.SHEET_TAIL.replace(
        b"</sheetData>", b'<row r="3"><c r="A3" t="inlineStr"><is><t>Second</t></is></c>'
                         b'<c r="B3"><v>3</v></c></row></sheetData>')
    return zips.workbook(zips.Member.stored(zips.SHEET, xml[:xml.index(b'<row r="3">') + 30]))


_LOL_DTD = (b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">' + b"".join(
    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9))
    + b"]>")
_XXE_DTD = b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


# name -> (file name, content factory, expectation); expectation "read" = loads as a record,
# "error" = exit 2 with one line naming the file.
CASES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "empty": ("empty.json", lambda: b"", "error"),
    "whitespace": ("blank.yaml", lambda: b"  \n\t\n", "error"),
    "truncated-json": ("trunc.json", lambda: _json(GOOD)[:40], "error"),
    "png-named-json": ("image.json", lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "error"),
    "zip-named-json": ("archive.json", lambda: b"PK\x03\x04" + b"\0" * 30, "error"),
    "invalid-utf8": ("latin.json", lambda: _json(GOOD).replace(b"Applied", b"Appli\xe9d"),
                     "error"),
    "utf8-bom": ("bom.json", lambda: b"\xef\xbb\xbf" + _json(GOOD), "read"),
    "utf16-bom": ("utf16.json", lambda: json.dumps(GOOD).encode("utf-16"), "read"),
    "deep-nesting": ("deep.json", lambda: _deep(200_000), "error"),
    "depth-at-limit": ("depth200.json", lambda: _nested(200), "read"),
    "depth-over-limit": ("depth201.json", lambda: _nested(201), "error"),
    "jsonl-null-line": ("null.jsonl", lambda: _json({**GOOD, "id": "urn:a"}) + b"\nnull\n", "error"),
    "jsonl-deep-record": ("deep.jsonl", lambda: _json({**GOOD, "id": "urn:a"}) + b"\n"
                          + _nested(201).replace(b'"mcqa": 1, ', b"") + b"\n", "error"),
    "huge-integer": ("bigint.json", lambda: _json(GOOD).replace(b'"ects": 5',
                     b'"ects": ' + b"9" * 5000), "error"),
    "huge-float": ("bigfloat.json", lambda: _json(GOOD).replace(b'"ects": 5', b'"ects": 1e400'),
                   "read"),
    "nan-literal": ("nan.json", lambda: _json(GOOD).replace(b'"ects": 5', b'"ects": NaN'),
                    "error"),
    "infinity-literal": ("inf.json", lambda: _json(GOOD).replace(b'"ects": 5',
                         b'"ects": -Infinity'), "error"),
    "negative-credits": ("neg.json", lambda: _json({**GOOD, "workload": {"ects": -5}}), "read"),
    "zero-credits": ("zero.json", lambda: _json({**GOOD, "workload": {"ects": 0}}), "read"),
    "text-credits": ("textcred.json", lambda: _json({**GOOD, "workload": {"ects": "five"}}),
                     "read"),
    "impossible-date": ("date.json", lambda: _json({**GOOD, "issue_date": "2024-02-30"}), "read"),
    "json-lone-surrogate": ("surrogate.json", lambda: _json({**GOOD, "title": "A \ud800 B"}),
                            "error"),
    "yaml-lone-surrogate": ("surrogate.yaml", lambda: b'mcqa: 1\ntitle: "A \\ud800 B"\n', "error"),
    "yaml-impossible-date": ("date.yaml", lambda: b"mcqa: 1\ntitle: Data literacy\n"
                             b"issue_date: 2024-02-30\n", "read"),
    "duplicate-keys": ("dup.json", lambda: b'{"mcqa": 1, "title": "a", "title": "b"}', "error"),
    "top-level-array": ("array.json", lambda: b"[1, 2, 3]", "error"),
    "top-level-scalar": ("scalar.json", lambda: b"42", "error"),
    "top-level-string": ("string.json", lambda: b'"mcqa"', "error"),
    "remote-context": ("remote.json", lambda: _json({"@context": ["https://evil.example/ctx.jsonld"],
                      "type": ["VerifiableCredential"], "credentialSubject": {}}), "error"),
    "file-context": ("filectx.json", lambda: _json({"@context": "file:///etc/passwd",
                     "type": ["VerifiableCredential"], "credentialSubject": {}}), "error"),
    "ob3-remote-context": ("ob3-remote.json", lambda: _with_context(
        OB3_SAMPLE, ["https://evil.example/ctx.jsonld"]), "read"),
    "ob3-file-context": ("ob3-file.json", lambda: _with_context(
        OB3_SAMPLE, ["file:///etc/passwd", _secret_file()]), "read"),
    "elm-remote-context": ("elm-remote.json", lambda: _with_context(
        ELM_SAMPLE, "https://evil.example/ctx.jsonld"), "read"),
    "elm-file-context": ("elm-file.json", lambda: _with_context(
        ELM_SAMPLE, [_secret_file(), {"@import": "file:///etc/passwd"}]), "read"),
    "xxe-rdfxml": ("xxe.rdf", lambda: b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM '
                   b'"file:///etc/passwd">]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
                   b'syntax-ns#"><rdf:Description rdf:about="http://x/">&x;</rdf:Description>'
                   b"</rdf:RDF>", "error"),
    "billion-laughs-xml": ("lol.xml", lambda: b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aa'
                           b'aaaaaaaa">' + b"".join(
                               f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                               .encode() for i in range(9)) + b']><l>&j;</l>', "error"),
    "broken-turtle": ("bad.ttl", lambda: b"@prefix ex: <http://x/> .\nex:a ex:b ", "read"),
    "yaml-alias-bomb": ("bomb.yaml", lambda: ("mcqa: 1\n" + "a: &a [x, x, x, x, x, x, x, x]\n"
                        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, "
                                  f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
                                  for i in range(8))).encode(), "error"),
    "yaml-python-tag": ("tag.yaml", lambda: b"mcqa: 1\ntitle: !!python/object/apply:os.system "
                        b"['touch PWNED']\n", "error"),
    "yaml-python-name": ("name.yaml", lambda: b"mcqa: 1\ntitle: !!python/name:os.system\n",
                         "error"),
    "not-xlsx": ("catalogue.xlsx", lambda: b"this is plain text, not a workbook\n", "error"),
    "csv-named-xlsx": ("catalogue.xlsx", lambda: b"Title,ECTS\nData literacy,5\n", "read"),
    "truncated-xlsx": ("half.xlsx", lambda: zips.workbook()[:len(zips.workbook()) // 2], "error"),
    "truncated-sheet-xml": ("cutsheet.xlsx", _cut_sheet, "error"),
    "xlsx-entity-bomb": ("lol.xlsx", lambda: _sheet(b"&j;", _LOL_DTD), "error"),
    "xlsx-xxe": ("xxe.xlsx", lambda: _sheet(b"&x;", _XXE_DTD), "error"),
    "truncated-svg-badge": ("badge.svg", lambda: (CORPUS / "openbadges/1edtech-dc-public-"
                            "validator/ob3/simple-json.svg").read_bytes()[:1800], "error"),
    "csv-formula-cells": ("formulas.csv", lambda: b'Title,ECTS,Provider\n"=HYPERLINK(""http://'
                          b'evil.example"",""x"")",5,+cmd|\' /C calc\'!A0\n@SUM(1+1),-2+3,=1+1\n',
                          "read"),
    "csv-header-only": ("header.csv", lambda: b"Title,ECTS,EQF level\r\n", "error"),
    "xlsx-header-only": ("header.xlsx", lambda: _header_only_xlsx(), "error"),
    "csv-nul-bytes": ("nul.csv", lambda: b"Title,ECTS\nData\x00 literacy,5\n", "read"),
    "csv-latin1": ("latin1.csv", lambda: "Title,ECTS,Provider\nIntroducci\u00f3n a la "
                   "programaci\u00f3n,5,Universidad de Le\u00f3n\n".encode("latin-1"), "read"),
    "truncated-zip-xlsx": ("broken.xlsx", lambda: b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 20,
                           "error"),
    "xlsx-zip-bomb": ("bomb.xlsx", lambda: zips.workbook(zips.bomb_sheet(3.5)), "error"),
    "xlsx-zip-bomb-lying-size": ("lying.xlsx", zips.lying_bomb, "error"),
    "xlsx-many-members": ("members.xlsx", lambda: zips.many_members(100_000), "error"),
    "xlsx-many-small-bombs": ("pads.xlsx", lambda: zips.workbook(extra=zips.pads(1100)), "error"),
    "xlsx-huge-text-node": ("node.xlsx", zips.huge_text_node, "error"),
    "control-chars": ("ctrl.json", lambda: _json({**GOOD, "title": "Evil\x1b[31mRED\x1b]0;pwn\x07"
                      "\u202eoverride\x00nul\x08"}), "read"),
    "html-markup": ("html.json", lambda: _json({**GOOD, "title": "<script>alert(1)</script>"
                    "<img src=x onerror=alert(2)>"}), "read"),
    "60mb-text": ("huge.json", lambda: _json({**GOOD, "title": "A" * (60 * MB)}), "read"),
    "ob3-60mb-text": ("huge-ob3.json", lambda: _ob3_named("B" * (60 * MB)), "read"),
}


# What the one error line must say, beyond naming the file.
NOT_A_FORMAT = "content is not a format mcqa reads"
MESSAGES: dict[str, str] = {
    "empty": "file is empty",
    "whitespace": "file is empty",
    "truncated-json": "line 1 column 22: invalid JSON: Unterminated string",
    "png-named-json": NOT_A_FORMAT,
    "zip-named-json": "zip archive that cannot be read as an XLSX workbook",
    "invalid-utf8": "latin.json:byte 27: not valid UTF-8",
    "deep-nesting": "JSON nesting too deep",
    "huge-integer": "invalid JSON: Exceeds the limit (4300 digits)",
    "depth-over-limit": "depth201.json: JSON nested more than 200 levels deep",
    "jsonl-deep-record": "deep.jsonl:line 2: JSON nested more than 200 levels deep",
    "jsonl-null-line": "null.jsonl:line 2: expected a JSON object describing one micro-credential",
    "nan-literal": "NaN is not valid JSON",
    "infinity-literal": "-Infinity is not valid JSON",
    "duplicate-keys": "duplicate JSON key 'title'",
    "json-lone-surrogate": "invalid JSON: unpaired surrogate escape \\ud800",
    "yaml-lone-surrogate": "invalid YAML: unpaired surrogate escape \\ud800",
    "top-level-array": NOT_A_FORMAT,
    "top-level-scalar": NOT_A_FORMAT,
    "top-level-string": NOT_A_FORMAT,
    "remote-context": NOT_A_FORMAT,  # a bare VC shell: no format claims it, nothing fetched
    "file-context": NOT_A_FORMAT,
    "xxe-rdfxml": NOT_A_FORMAT,  # RDF/XML is read only as SHACL shapes: see test_hostile_rdf.py
    "billion-laughs-xml": NOT_A_FORMAT,
    "yaml-alias-bomb": "line 3: YAML aliases (*name) are not allowed",
    "yaml-python-tag": "could not determine a constructor for the tag",
    "yaml-python-name": "could not determine a constructor for the tag",
    "not-xlsx": NOT_A_FORMAT,
    "truncated-zip-xlsx": "zip archive that cannot be read as an XLSX workbook",
    "truncated-xlsx": "zip archive that cannot be read as an XLSX workbook",
    "truncated-sheet-xml": "cannot open workbook: ParseError: unclosed token",
    "xlsx-entity-bomb": "limit on input amplification factor (from DTD and entities) breached",
    "xlsx-xxe": "undefined entity &x;",
    "truncated-svg-badge": NOT_A_FORMAT,
    "csv-header-only": "no records: read as csv, but the file holds no credential or data row",
    "xlsx-header-only": "no records: read as xlsx, but the file holds no credential or data row",
    "xlsx-zip-bomb": "xl/worksheets/sheet1.xml: member expands 1,010:1",
    "xlsx-zip-bomb-lying-size": "Bad CRC-32 for file 'xl/worksheets/sheet1.xml'",
    "xlsx-many-members": "announces 65,535 members in a",  # the 16-bit count field is full
    "xlsx-many-small-bombs": "above the limit of 1,073,741,824 (zip bomb?) — raise --max-unzipped-bytes",
    "xlsx-huge-text-node": "sheet1.xml: more than 16,777,216 bytes of XML without markup",
}


def _failed(report: dict[str, Any]) -> dict[str, str]:
    """rule id -> message of the failed findings of the only record."""
    (record,) = report["records"]
    return {f["rule_id"]: f["message"] for f in record["findings"] if f["status"] == "fail"}


def _only(report: dict[str, Any]) -> dict[str, Any]:
    (record,) = report["records"]
    return record  # type: ignore[no-any-return]


# Extra assertions on the JSON report of cases that are read.
CHECKS: dict[str, Callable[[dict[str, Any]], object]] = {
    # broken Turtle naming no credential: not a micro-credential, reported as skipped
    "broken-turtle": lambda r: _only(r)["outcome"] == "skipped"
    and "not a micro-credential" in _only(r)["skipped"] and r["summary"]["skipped"] == 1,
    "utf8-bom": lambda r: _only(r)["title"] == GOOD["title"],
    "utf16-bom": lambda r: _only(r)["title"] == GOOD["title"],
    "depth-at-limit": lambda r: _only(r)["title"] == GOOD["title"],
    "huge-float": lambda r: _failed(r)["MCQA-INPUT"] == "workload.ects: expected a finite number",
    "negative-credits": lambda r: _failed(r)["EU-AI-M07b"] == "The ECTS value is zero or negative.",
    "zero-credits": lambda r: _failed(r)["EU-AI-M07b"] == "The ECTS value is zero or negative.",
    "text-credits": lambda r: "expected a number, got 'five'" in _failed(r)["MCQA-INPUT"],
    "yaml-impossible-date": lambda r: "not a real calendar date" in _failed(r)["EU-AI-M05a"],
    "impossible-date": lambda r: "not a real calendar date" in _failed(r)["EU-AI-M05a"],
    "control-chars": lambda r: _only(r)["title"].startswith("Evil"),
    "html-markup": lambda r: _only(r)["title"].startswith("<script>"),  # JSON keeps it verbatim
    "60mb-text": lambda r: "exceeds the limit of 1000000" in _failed(r)["MCQA-INPUT"],
    "ob3-60mb-text": lambda r: _only(r)["title"] == "B" * (60 * MB),  # kept whole (README)
    "ob3-remote-context": lambda r: _only(r)["source_format"] == "ob3",
    "ob3-file-context": lambda r: _only(r)["source_format"] == "ob3",
    "elm-remote-context": lambda r: _only(r)["source_format"] == "elm",
    "elm-file-context": lambda r: _only(r)["source_format"] == "elm",
    "csv-named-xlsx": lambda r: _only(r)["source_format"] == "csv",
    "csv-formula-cells": lambda r: [x["title"] for x in r["records"]] == [
        "=HYPERLINK(\"http://evil.example\",\"x\")", "@SUM(1+1)"],
    "csv-nul-bytes": lambda r: _only(r)["title"] == "Data literacy" and "NUL characters (removed)"
    in _failed(r)["MCQA-INPUT"],
    "csv-latin1": lambda r: _only(r)["title"] == "Introducci\u00f3n a la programaci\u00f3n"
    and "read as Windows-1252/Latin-1" in _failed(r)["MCQA-INPUT"],
}


def test_every_case_has_a_precise_expectation() -> None:
    for name, (_, _, expect) in CASES.items():
        assert expect in ("read", "error"), name
        assert name in (MESSAGES if expect == "error" else CHECKS), name


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_case(name: str, tmp_path: Path) -> None:
    filename, make, expect = CASES[name]
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / filename).write_bytes(make())
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    proc = run_mcqa("check", f"in/{filename}", "--format", "json", "--output", "out/report.json",
                    cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode in (0, 1, 2), proc.stderr[-2000:]  # 99: network attempted
    # Nothing written but the report (and no code executed: no PWNED file).
    after = sorted(p.name for p in tmp_path.rglob("*"))
    assert set(after) - set(before) <= {"report.json"}, set(after) - set(before)
    report = json.loads(out.read_text(encoding="utf-8"))
    # counts in = counts out: the file is reported, as a record or as a skipped document
    assert report["summary"]["records"] + report["summary"].get("skipped", 0) >= 1
    raw = out.read_text(encoding="utf-8")
    assert SECRET not in raw and "root:x:0:0" not in raw  # no local file was read into it
    if expect == "read":
        assert proc.returncode in (0, 1), proc.stderr
        assert report["summary"]["input_errors"] == 0
        assert CHECKS[name](report), json.dumps(report["records"])[:3000]
    elif expect == "error":
        assert proc.returncode == 2
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1, proc.stderr
        assert filename in lines[0]
        assert MESSAGES[name] in lines[0]
        assert report["summary"]["input_errors"] == 1


def test_outputs_stay_inert(tmp_path: Path) -> None:
    evil = {**GOOD, "title": "<script>alert(1)</script>\x1b[2J\u202e=HYPERLINK(\"x\")",
            "learning_outcomes": ["<img src=x onerror=alert(2)> and more words here"]}
    (tmp_path / "evil.json").write_bytes(_json(evil))
    text = run_mcqa("check", "evil.json", cwd=tmp_path)
    assert "\x1b" not in text.stdout and "\u202e" not in text.stdout
    html = run_mcqa("check", "evil.json", "--format", "html", cwd=tmp_path).stdout
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    md = run_mcqa("check", "evil.json", "--format", "md", cwd=tmp_path).stdout
    assert "<script>" not in md and "<img" not in md


def test_batch_of_good_and_hostile_files(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(50):
        (folder / f"good-{i:02d}.json").write_bytes(_json({**GOOD, "id": f"urn:good:{i}"}))
    hostile = ["empty", "truncated-json", "png-named-json", "invalid-utf8", "deep-nesting",
               "nan-literal", "duplicate-keys", "top-level-array", "yaml-python-tag",
               "yaml-alias-bomb"]
    for name in hostile:
        filename, make, _ = CASES[name]
        (folder / f"bad-{filename}").write_bytes(make())
    proc = run_mcqa("check", "batch", "--format", "json", cwd=tmp_path)
    report = json.loads(proc.stdout)
    assert proc.returncode == 2
    assert report["summary"]["records"] == 60
    assert report["summary"]["input_errors"] == 10
    checked = [r for r in report["records"] if r["input_error"] is None]
    assert len(checked) == 50 and all(r["findings"] for r in checked)
    assert len([ln for ln in proc.stderr.splitlines() if ln.strip()]) >= 10


def test_offline_child_stops_at_a_network_attempt(tmp_path: Path) -> None:
    """The guard in the child works, even when the caller would catch the error."""
    probe = _OFFLINE_MCQA.replace(
        "from mcqa.cli import main\nmain(sys.argv[1:])",
        "import urllib.request\ntry:\n    urllib.request.urlopen('https://example.org/ctx')\n"
        "except Exception:\n    pass\nsys.exit(0)")
    assert probe != _OFFLINE_MCQA
    proc = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                          text=True, timeout=20, check=False)
    assert proc.returncode == NETWORK_EXIT and "('example.org', 443)" in proc.stderr
