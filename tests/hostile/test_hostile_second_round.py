"""Hostile cases of the second round (issue 14): new spellings of the same classes as
``test_hostile_cli.py`` — outputs that would destroy an input, signatures that only look
signed, invisible and escape characters in texts that are not credential fields (user
packs, waivers, review files), auxiliary files that are costly or malformed, and the
messages they give. Each case asserts the documented outcome; the CLI runs in this process
(``inproc.invoke``) unless the process itself is under test.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
import yaml

from mcqa.render._safe import json_safe, one_line, terminal_safe

from .inproc import invoke
from .strings import terminal_clean
from .test_hostile_cli import _b64, _jwt, _one_error
from .test_hostile_inputs import GOOD, OB3_SAMPLE, run_mcqa

REPO = Path(__file__).parents[2]
INVISIBLE = "\U000e0041\U000e0042\u3164\u115f\uffa0"
"""Tag characters (hidden ASCII look-alikes) and Hangul fillers (blank letters)."""
HOSTILE = ("\x1b]8;;https://evil.example\x1b\\LINK\x1b]8;;\x1b\\ \x9b31m\u202eRTL\u200b"
           + INVISIBLE + " <script>alert(1)</script>")
ESC_OR_BIDI = re.compile("[\x1b\x9b\u202e\u200b\U000e0000-\U000e007f\u3164\u115f\uffa0]")


def _json(obj: object) -> bytes:
    return json.dumps(obj).encode()


# --- outputs never destroy inputs ----------------------------------------------------------

@pytest.mark.parametrize("call", [
    ("benchmark", "cred.json", "--waivers", "waivers.yaml", "-o", "./waivers.yaml",
     "--format", "json"),
    ("dossier", "cred.json", "--to", "IE", "--no-esco", "--waivers", "waivers.yaml",
     "-o", "sub/../waivers.yaml"),
    ("check", "cred.json", "--trust", "keys", "-o", "keys/k.jwk"),
])
def test_auxiliary_inputs_are_never_outputs(tmp_path: Path, call: tuple[str, ...]) -> None:
    (tmp_path / "cred.json").write_bytes(_json(GOOD))
    (tmp_path / "sub").mkdir()
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "k.jwk").write_text('{"kty": "EC"}')
    (tmp_path / "waivers.yaml").write_text("waivers: []\n")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    _one_error(invoke(*call, cwd=tmp_path), "not overwritten")
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_temporary_output_name_never_replaces_a_file(tmp_path: Path) -> None:
    """The output is written under a hidden name beside it and renamed: a file or a link
    already there by that name (``.r.json.part``) is neither truncated nor removed."""
    (tmp_path / "cred.json").write_bytes(_json(GOOD))
    (tmp_path / ".r.json.part").write_text("someone's file")
    (tmp_path / "precious.txt").write_text("keep")
    (tmp_path / ".s.json.part").symlink_to("precious.txt")
    for out in ("r.json", "s.json"):
        proc = invoke("check", "cred.json", "--format", "json", "-o", out, cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        assert json.loads((tmp_path / out).read_text())["summary"]["records"] == 1
    assert (tmp_path / ".r.json.part").read_text() == "someone's file"
    assert (tmp_path / ".s.json.part").is_symlink()
    assert (tmp_path / "precious.txt").read_text() == "keep"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")
                and p.name not in (".r.json.part", ".s.json.part")]


# --- signatures judged, not assumed --------------------------------------------------------

SIG_256 = _b64(b"\x01" * 256)


@pytest.mark.parametrize(("header", "signed"), [
    ({"alg": "NONE"}, False),
    ({"alg": "nOnE"}, False),
    ({"alg": ["RS256"]}, False),
    ({"alg": "RS256", "crit": ["x-private"], "x-private": 1}, False),  # not understood
    ({"alg": "RS256", "crit": ["sigT"]}, False),                        # listed, absent
    ({"alg": "RS256", "crit": []}, False),                              # empty list
    ({"alg": "RS256", "crit": ["alg"]}, False),                         # registered name
    ({"alg": "RS256", "crit": "sigT", "sigT": "2024-01-01T00:00:00Z"}, False),
    ({"alg": "RS256", "crit": ["sigT"], "sigT": "2024-01-01T00:00:00Z"}, True),  # JAdES
])
def test_jws_header_is_judged(tmp_path: Path, header: dict[str, object], signed: bool) -> None:
    (tmp_path / "c.jwt").write_bytes(_jwt(header, SIG_256))
    assert _p07(tmp_path, "c.jwt") == ("pass" if signed else "fail")


def _p07(folder: Path, name: str) -> str:
    proc = invoke("check", name, "--format", "json", cwd=folder)
    (record,) = json.loads(proc.stdout)["records"]
    return str(next(f for f in record["findings"] if f["rule_id"] == "EU-AII-P07")["status"])


def _ob3(proof: object) -> bytes:
    cred = json.loads(OB3_SAMPLE.read_text(encoding="utf-8"))
    cred["proof"] = proof
    return _json(cred)


PROOF_VALUE = "z" + "3" * 86


@pytest.mark.parametrize(("envelope", "signed"), [
    ({"signatures": []}, False),
    ({"signatures": [{"protected": _b64(b'{"alg":"RS256"}'), "signature": ""}]}, False),
    ({"signatures": [{"protected": _b64(b'{"alg":"RS256"}'),  # crit must be protected
                      "header": {"crit": ["sigT"], "sigT": "x"}, "signature": SIG_256}]}, False),
    ({"signatures": [{"protected": _b64(b'{"alg":"RS256"}'), "signature": SIG_256}]}, True),
])
def test_jws_json_serialization_is_judged(tmp_path: Path, envelope: dict[str, object],
                                          signed: bool) -> None:
    cred = json.loads(OB3_SAMPLE.read_text(encoding="utf-8"))
    cred.pop("proof", None)
    (tmp_path / "c.json").write_bytes(_json({"payload": _b64(_json(cred)), **envelope}))
    assert _p07(tmp_path, "c.json") == ("pass" if signed else "fail")


@pytest.mark.parametrize(("proof", "signed"), [
    ({"proofValue": PROOF_VALUE, "verificationMethod": "did:example:1#k"}, False),  # no type
    ({"type": "", "proofValue": PROOF_VALUE}, False),
    ({"type": ["", " "], "proofValue": PROOF_VALUE}, False),
    ({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofValue": ""}, False),
    ({"jws": _b64(b'{"alg":"RS256"}') + ".." + SIG_256}, False),  # detached JWS, no type
    ({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
      "proofValue": PROOF_VALUE}, True),
])
def test_proof_object_is_judged(tmp_path: Path, proof: object, signed: bool) -> None:
    (tmp_path / "c.json").write_bytes(_ob3(proof))
    assert _p07(tmp_path, "c.json") == ("pass" if signed else "fail")


# --- escapes, invisible characters and markup ----------------------------------------------

def test_invisible_characters_are_removed_everywhere() -> None:
    for text in (terminal_safe(f"a{INVISIBLE}b"), one_line(f"a{INVISIBLE}b")):
        assert text == "ab"
    escaped = json_safe(json.dumps({"k": f"a{INVISIBLE}b"}, ensure_ascii=False))
    assert escaped.isascii() and json.loads(escaped) == {"k": f"a{INVISIBLE}b"}


def _user_pack(folder: Path) -> None:
    pack = yaml.safe_load((REPO / "standards/packs/ie-microcreds.yaml").read_text())
    pack["pack"].update(id="my-pack", title=HOSTILE, description=HOSTILE, extends=[])
    rule = pack["rules"][0]
    rule.update(message=HOSTILE, remedy=HOSTILE, name="level.mine")
    rule["citation"] = {**rule["citation"], "document": HOSTILE, "locator": HOSTILE}
    pack["rules"] = [rule]
    (folder / "mine.yaml").write_text(yaml.safe_dump(pack, allow_unicode=True))


@pytest.mark.parametrize("fmt", ["text", "md", "html", "sarif", "junit", "json"])
def test_user_pack_and_waiver_texts_stay_inert(tmp_path: Path, fmt: str) -> None:
    """A pack given by path and a waivers file are input too: their words reach every
    report format without escape sequences, bidi or invisible characters, or markup."""
    (tmp_path / "c.json").write_bytes(_json({**GOOD, "title": HOSTILE}))
    _user_pack(tmp_path)
    (tmp_path / "w.yaml").write_text(yaml.safe_dump({"waivers": [
        {"rule": "EU-AII-P07", "records": "*", "justification": HOSTILE, "approver": HOSTILE,
         "expires": "2099-12-31"}]}, allow_unicode=True))
    proc = invoke("check", "c.json", "--pack", "eu-2022", "--pack", "mine.yaml", "--waivers",
                  "w.yaml", "--format", fmt, "--as-of", "2026-01-01", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    assert "RTL" in out and not ESC_OR_BIDI.search(out), fmt
    if fmt in ("md", "html"):
        assert "<script" not in out
    assert terminal_clean(proc.stderr)


@pytest.mark.parametrize("fmt", ["md", "html", "json", "jsonld"])
def test_dossier_of_hostile_review_and_esco_labels(tmp_path: Path, fmt: str) -> None:
    label = HOSTILE.replace('"', "'")
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "skills_en.csv").write_text(
        "conceptUri,preferredLabel,altLabels,description,status\n"
        f"http://data.europa.eu/esco/skill/1,\"apply regression models {label}\",,"
        f"\"apply regression models to health data {label}\",released\n", encoding="utf-8")
    assert invoke("esco", "import", "pkg", "--db", "e.sqlite", cwd=tmp_path).returncode == 0
    (tmp_path / "c.json").write_bytes(_json(GOOD))
    (tmp_path / "rev.yaml").write_text(yaml.safe_dump({"version": 2, "decisions": [
        {"outcome": 1, "skill": "http://data.europa.eu/esco/skill/1", "decision": "accept",
         "reviewer": HOSTILE, "date": "2025-09-30"}]}, allow_unicode=True))
    proc = invoke("dossier", "c.json", "--to", "IE", "--esco-db", "e.sqlite", "--review",
                  "rev.yaml", "--format", fmt, "--lang", "en", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "LINK" in proc.stdout and not ESC_OR_BIDI.search(proc.stdout)
    if fmt in ("md", "html"):
        assert "<script" not in proc.stdout


def test_inspect_json_names_unreadable_files_on_stderr(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_bytes(b"\xff\xfe{")
    proc = invoke("inspect", "bad.json", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 2 and json.loads(proc.stdout)["problems"]
    (line,) = proc.stderr.splitlines()
    assert line.startswith("mcqa: input error: bad.json")


# --- bounded work --------------------------------------------------------------------------

def test_many_glob_waivers_over_many_records(tmp_path: Path) -> None:
    """Every waiver of a rule was tried, one Python call at a time, for every finding: 3,000
    globs over 500 records did not finish in minutes."""
    waivers = [{"rule": "EU-AII-P07" if i % 2 else "EU-AI-M08", "records": f"*a*{i}*b*?*",
                "justification": "approved by the board", "approver": "QA office"}
               for i in range(3000)]
    waivers.append({"rule": "EU-AI-M08", "records": "urn:x:7*", "justification": "approved "
                    "by the board", "approver": "QA office"})
    (tmp_path / "w.yaml").write_text(yaml.safe_dump({"waivers": waivers}))
    lines = [json.dumps({**GOOD, "id": f"urn:x:{i}:" + "a" * 300, "level": {}})
             for i in range(500)]
    (tmp_path / "r.jsonl").write_text("\n".join(lines) + "\n")
    started = time.monotonic()
    proc = invoke("check", "r.jsonl", "--waivers", "w.yaml", "--format", "json", cwd=tmp_path)
    assert time.monotonic() - started < 20 and proc.returncode in (0, 1), proc.stderr
    waived = {r["record_id"].split(":")[2] for r in json.loads(proc.stdout)["records"]
              for f in r["findings"] if f["status"] == "waived"}
    assert waived == {str(i) for i in range(500) if str(i).startswith("7")}


def test_review_file_with_many_decisions(tmp_path: Path) -> None:
    """The line of each decision was found by parsing the whole file again: 15,000
    decisions (1.7 MB, under the 4 MiB limit) took minutes."""
    decisions = [{"outcome": 1, "skill": f"http://data.europa.eu/esco/skill/{i}",
                  "decision": "accept", "reviewer": "r", "date": "2025-01-01"}
                 for i in range(15000)]
    (tmp_path / "rev.yaml").write_text(yaml.safe_dump({"version": 2, "decisions": decisions}))
    (tmp_path / "c.json").write_bytes(_json(GOOD))
    proc = run_mcqa("dossier", "c.json", "--to", "IE", "--no-esco", "--review", "rev.yaml",
                    "--format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]


# --- auxiliary files: one clear line -------------------------------------------------------

@pytest.mark.parametrize(("content", "needle"), [
    ("a,b\n".encode("utf-16"), "not UTF-8 JSON"),
    (b"\x1f\x8b\x08\x00binary", "not UTF-8 JSON"),
    (b"", "not UTF-8 JSON"),
])
def test_unreadable_report_is_described_not_dumped(tmp_path: Path, content: bytes,
                                                   needle: str) -> None:
    (tmp_path / "old.json").write_bytes(content)
    (tmp_path / "c.json").write_bytes(_json(GOOD))
    for call in (("diff", "old.json", "old.json"), ("check", "c.json", "--baseline", "old.json")):
        line = _one_error(invoke(*call, cwd=tmp_path), "old.json", needle)
        assert "b'" not in line and "right here" not in line


@pytest.mark.parametrize("option", ["--waivers", "--mapping"])
def test_empty_auxiliary_file(tmp_path: Path, option: str) -> None:
    (tmp_path / "c.json").write_bytes(_json(GOOD))
    (tmp_path / "aux.yaml").write_text("# everything commented out\n")
    line = _one_error(invoke("check", "c.json", option, "aux.yaml", cwd=tmp_path), "aux.yaml",
                      "is empty")
    assert "file file" not in line


def test_trust_folder_errors_are_plain(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_bytes(_json(GOOD))
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "k.der").write_bytes("not a certificate".encode("utf-16"))
    line = _one_error(invoke("check", "c.json", "--trust", "keys", cwd=tmp_path), "k.der",
                      "not a JWK, PEM public key or X.509 certificate")
    assert "ParseError" not in line
    # a weak symmetric key: the library's warning is not printed, only mcqa's one line
    (keys / "k.der").unlink()
    (keys / "k.jwk").write_text('{"kty": "oct", "k": "AAAA"}')
    proc = run_mcqa("check", "c.json", "--trust", "keys", cwd=tmp_path)
    _one_error(proc, "k.jwk", "symmetric")


def test_fifo_and_devices_as_auxiliary_files(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_bytes(_json(GOOD))
    os.mkfifo(tmp_path / "pipe")
    for option in ("--waivers", "--mapping", "--baseline"):
        for name in ("pipe", "/dev/zero"):
            line = _one_error(invoke("check", "c.json", option, name, cwd=tmp_path), name)
            assert "file file" not in line


def test_waiver_matching_keeps_the_first_matching_waiver(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """The compiled alternations pick the waiver the plain loop picked: the first in the
    file whose glob matches the record id or the source file (blocks of 3 here)."""
    import fnmatch
    import random

    from mcqa.engine import waivers as w

    monkeypatch.setattr(w, "_BLOCK", 3)
    rnd = random.Random(14)
    for _ in range(200):
        ws = tuple(w.Waiver(rule=rnd.choice(["R1", "R2"]), records="".join(
            rnd.choice("ab*?[]!-:/.") for _ in range(rnd.randint(1, 6))),
            justification="approved by the board", approver="QA")
            for _ in range(rnd.randint(1, 12)))
        index = w._index(ws)
        for _ in range(20):
            rid = "".join(rnd.choice("ab:/.-[]") for _ in range(rnd.randint(0, 8)))
            src = "".join(rnd.choice("ab:/.") for _ in range(rnd.randint(0, 5)))
            for rule in ("R1", "R2"):
                plain = next((i for i, x in enumerate(ws) if x.rule == rule and (
                    fnmatch.fnmatchcase(rid, x.records) or fnmatch.fnmatchcase(src, x.records))),
                    None)
                assert (index[rule].first(rid, src) if rule in index else None) == plain


@pytest.mark.parametrize(("lang", "option", "content", "words"), [
    ("de", "--waivers", "waivers: []\n".encode("utf-16"), "ist nicht in UTF-8"),
    ("fr", "--waivers", b"# nothing\n", "est vide"),
    ("es", "--mapping", None, "no un archivo normal"),
])
def test_auxiliary_file_errors_in_the_chosen_language(tmp_path: Path, lang: str, option: str,
                                                      content: bytes | None, words: str) -> None:
    (tmp_path / "c.json").write_bytes(_json(GOOD))
    if content is None:
        os.mkfifo(tmp_path / "aux.yaml")
    else:
        (tmp_path / "aux.yaml").write_bytes(content)
    line = _one_error(invoke("check", "c.json", option, "aux.yaml", "--lang", lang,
                             cwd=tmp_path), "aux.yaml", words)
    assert " the " not in line and " file " not in line, line  # no English left


@pytest.mark.parametrize("target", ["/dev/stdin", "/proc/self/fd/0", "cred.json"])
def test_output_is_the_file_standard_input_reads(tmp_path: Path, target: str) -> None:
    """``mcqa check - -o /dev/stdin < cred.json`` wrote the report over cred.json: the file
    behind a redirected standard input is an input of the run."""
    import subprocess
    import sys

    from .test_hostile_inputs import _OFFLINE_MCQA

    cred = tmp_path / "cred.json"
    cred.write_bytes(_json(GOOD))
    with cred.open("rb") as stdin:
        proc = subprocess.run([sys.executable, "-c", _OFFLINE_MCQA, "check", "-", "--format",
                               "json", "-o", target], stdin=stdin, capture_output=True,
                              text=True, timeout=20, cwd=tmp_path, check=False)
    _one_error(proc, "is an input of this run (<stdin>)", "not overwritten")
    assert json.loads(cred.read_bytes()) == GOOD
    if target != "cred.json":  # named as the output, standard input is never written over
        with cred.open("rb") as stdin:
            proc = subprocess.run([sys.executable, "-c", _OFFLINE_MCQA, "template", "-o",
                                   target], stdin=stdin, capture_output=True, text=True,
                                  timeout=20, cwd=tmp_path, check=False)
        _one_error(proc, "not overwritten")
        assert json.loads(cred.read_bytes()) == GOOD
