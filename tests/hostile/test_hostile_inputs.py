"""Hostile and malformed input, generated here (nothing large is checked in).

Each case runs the real CLI in a child process limited to 1 GB of address space and 20 s,
and asserts the documented outcome: read correctly, or exit 2 with one clear line naming
the file, and never a traceback.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from . import zips

MB = 1024 * 1024


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1024 * MB, 1024 * MB))


def run_mcqa(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "mcqa", *args], cwd=cwd, env=env,
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


def _deep(n: int) -> bytes:
    return b'{"mcqa": 1, "x": ' + b"[" * n + b"]" * n + b"}"


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
    "duplicate-keys": ("dup.json", lambda: b'{"mcqa": 1, "title": "a", "title": "b"}', "error"),
    "top-level-array": ("array.json", lambda: b"[1, 2, 3]", "error"),
    "top-level-scalar": ("scalar.json", lambda: b"42", "error"),
    "top-level-string": ("string.json", lambda: b'"mcqa"', "error"),
    "remote-context": ("remote.json", lambda: _json({"@context": ["https://evil.example/ctx.jsonld"],
                      "type": ["VerifiableCredential"], "credentialSubject": {}}), "any"),
    "file-context": ("filectx.json", lambda: _json({"@context": "file:///etc/passwd",
                     "type": ["VerifiableCredential"], "credentialSubject": {}}), "any"),
    "xxe-rdfxml": ("xxe.rdf", lambda: b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM '
                   b'"file:///etc/passwd">]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
                   b'syntax-ns#"><rdf:Description rdf:about="http://x/">&x;</rdf:Description>'
                   b"</rdf:RDF>", "error"),
    "billion-laughs-xml": ("lol.xml", lambda: b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aa'
                           b'aaaaaaaa">' + b"".join(
                               f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                               .encode() for i in range(9)) + b']><l>&j;</l>', "error"),
    "broken-turtle": ("bad.ttl", lambda: b"@prefix ex: <http://x/> .\nex:a ex:b ", "error"),
    "yaml-alias-bomb": ("bomb.yaml", lambda: ("mcqa: 1\n" + "a: &a [x, x, x, x, x, x, x, x]\n"
                        + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, "
                                  f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
                                  for i in range(8))).encode(), "error"),
    "yaml-python-tag": ("tag.yaml", lambda: b"mcqa: 1\ntitle: !!python/object/apply:os.system "
                        b"['touch PWNED']\n", "error"),
    "yaml-python-name": ("name.yaml", lambda: b"mcqa: 1\ntitle: !!python/name:os.system\n",
                         "error"),
    "not-xlsx": ("catalogue.xlsx", lambda: b"this is plain text, not a workbook\n", "any"),
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
}


# What the one error line must say, beyond naming the file.
MESSAGES: dict[str, str] = {
    "xlsx-zip-bomb": "xl/worksheets/sheet1.xml: member expands 1,010:1",
    "xlsx-zip-bomb-lying-size": "Bad CRC-32 for file 'xl/worksheets/sheet1.xml'",
    "xlsx-many-members": "100,009 members, above the limit of 10,000",
    "xlsx-many-small-bombs": "above the limit of 1,073,741,824 (zip bomb?) — raise --max-unzipped-bytes",
    "xlsx-huge-text-node": "sheet1.xml: more than 16,777,216 bytes of XML without markup",
}


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
    assert proc.returncode in (0, 1, 2), proc.stderr[-2000:]
    # Nothing written but the report (and no code executed: no PWNED file).
    after = sorted(p.name for p in tmp_path.rglob("*"))
    assert set(after) - set(before) <= {"report.json"}, set(after) - set(before)
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["summary"]["records"] >= 1  # counts in = counts out: the file is reported
    if expect == "read":
        assert proc.returncode in (0, 1), proc.stderr
        assert report["summary"]["input_errors"] == 0
    elif expect == "error":
        assert proc.returncode == 2
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1, proc.stderr
        assert filename in lines[0]
        assert MESSAGES.get(name, "") in lines[0]
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
