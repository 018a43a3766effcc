"""Hostile cases around the credentials: file system, auxiliary inputs, outputs, signatures
and parsing costs (issue 14). Each runs the real CLI, offline, and asserts the documented
outcome: exit code, one clear line naming the file, and nothing destroyed, leaked or hung.

Where the process itself is under test — memory bombs and hangs in C code (under 1 GB and
20 s), blocking reads of FIFOs, standard input, ``/dev/stdout``, what is printed at exit —
the CLI runs in a child process (``run_mcqa`` from ``test_hostile_inputs``); everywhere else
in this process through click's runner (``inproc.invoke``: same exit codes and messages,
interrupted after 20 s), which keeps the module fast.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import struct
import zlib
from pathlib import Path

import pytest
import yaml

from .inproc import invoke
from .strings import terminal_clean
from .test_hostile_inputs import ELM_SAMPLE, GOOD, OB3_SAMPLE, run_mcqa

SECRET = "SECRET-91c4"


def _json(obj: object) -> bytes:
    return json.dumps(obj).encode()


def _one_error(proc, *needles: str) -> str:  # type: ignore[no-untyped-def]
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-1500:])
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr[-1500:]
    for needle in needles:
        assert needle in lines[0], lines[0]
    assert SECRET not in proc.stderr and SECRET not in proc.stdout
    return lines[0]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _jwt(header: dict[str, object], signature: str) -> bytes:
    """A compact JWS of an OB 3.0 credential with the given header and signature part."""
    cred = json.loads(OB3_SAMPLE.read_text(encoding="utf-8"))
    cred.pop("proof", None)  # only the JWT's own signature is judged
    return f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(cred).encode())}.{signature}" \
        .encode()


# --- outputs never destroy inputs ----------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "text", "md", "html", "sarif", "junit"])
def test_output_that_is_an_input_is_refused(tmp_path: Path, fmt: str) -> None:
    cred = tmp_path / "cred.json"
    cred.write_bytes(_json(GOOD))
    link = tmp_path / "link.json"
    link.symlink_to(cred)
    for target in ("cred.json", "link.json"):
        proc = invoke("check", "cred.json", "--format", fmt, "-o", target, cwd=tmp_path)
        _one_error(proc, "is an input of this run", "not overwritten")
    assert json.loads(cred.read_bytes()) == GOOD and link.is_symlink()


def test_every_command_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    cred = tmp_path / "cred.json"
    cred.write_bytes(_json(GOOD))
    original = cred.read_bytes()
    assert invoke("check", "cred.json", "--format", "json", "-o", "r.json",
                    cwd=tmp_path).returncode in (0, 1)
    report = (tmp_path / "r.json").read_bytes()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "c.json").write_bytes(original)
    calls = [("benchmark", "cred.json", "-o", "cred.json", "--format", "json"),
             ("dossier", "cred.json", "--to", "DE", "--no-esco", "-o", "cred.json"),
             ("diff", "r.json", "r.json", "-o", "r.json"),
             ("check", "in", "-o", "in/c.json"),
             ("esco", "import", "r.json", "--db", "r.json")]
    for call in calls:
        _one_error(invoke(*call, cwd=tmp_path), "not overwritten")
    assert cred.read_bytes() == original and (tmp_path / "r.json").read_bytes() == report
    assert (folder / "c.json").read_bytes() == original


def test_devices_links_and_read_only_targets(tmp_path: Path) -> None:
    (tmp_path / "cred.json").write_bytes(_json(GOOD))
    # /dev/stdout and /dev/null are written directly, never replaced by a file
    out = run_mcqa("check", "cred.json", "--format", "json", "-o", "/dev/stdout", cwd=tmp_path)
    assert out.returncode in (0, 1) and json.loads(out.stdout)["summary"]["records"] == 1
    assert invoke("check", "cred.json", "-o", "/dev/null", cwd=tmp_path).returncode in (0, 1)
    assert Path("/dev/null").is_char_device()
    # a symbolic link is written through, and stays a link
    real = tmp_path / "real.html"
    real.write_text("old")
    (tmp_path / "via.html").symlink_to(real)
    assert invoke("check", "cred.json", "--format", "html", "-o", "via.html",
                    cwd=tmp_path).returncode in (0, 1)
    assert (tmp_path / "via.html").is_symlink() and "<html" in real.read_text()
    # a read-only file is refused in every format alike
    locked = tmp_path / "locked.out"
    locked.write_text("keep")
    locked.chmod(0o444)
    for fmt in ("json", "text", "md", "html", "sarif", "junit"):
        _one_error(invoke("check", "cred.json", "--format", fmt, "-o", "locked.out",
                            cwd=tmp_path), "read-only")
    assert locked.read_text() == "keep"


# --- signatures judged, not assumed --------------------------------------------------------

SIG_256 = _b64(b"\x01" * 256)


@pytest.mark.parametrize(("header", "signature", "signed"), [
    ({"alg": "none"}, "", False),
    ({"alg": "none"}, SIG_256, False),
    ({"alg": "RS256"}, "", False),           # stripped
    ({"alg": "RS256"}, "c2ln", False),       # 3 bytes: not an RS256 signature
    ({"alg": "XX999"}, SIG_256, False),      # unknown algorithm
    ({"typ": "JWT"}, SIG_256, False),        # no alg
    ({"alg": "RS256"}, SIG_256, True),
])
def test_jwt_signature_is_judged(tmp_path: Path, header: dict[str, object], signature: str,
                                 signed: bool) -> None:
    (tmp_path / "c.jwt").write_bytes(_jwt(header, signature))
    proc = invoke("check", "c.jwt", "--format", "json", cwd=tmp_path)
    (record,) = json.loads(proc.stdout)["records"]
    p07 = next(f for f in record["findings"] if f["rule_id"] == "EU-AII-P07")
    assert p07["status"] == ("pass" if signed else "fail"), p07


# --- reads only what the user named --------------------------------------------------------

def test_reads_only_what_was_named(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(f"mcqa: 1\ntitle: {SECRET}\n")
    folder = tmp_path / "scan"
    folder.mkdir()
    (folder / "good.json").write_bytes(_json(GOOD))
    (folder / "escape.yaml").symlink_to(outside / "secret.yaml")
    proc = invoke("check", "scan", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 2 and SECRET not in proc.stdout
    assert "symbolic link to a file outside the scanned folder" in proc.stderr
    assert json.loads(proc.stdout)["summary"]["records"] == 2
    # a pack's extends may not reach outside its folder
    (outside / "keys.yaml").write_text(f"{SECRET}: 1\n")
    packs = tmp_path / "packs"
    packs.mkdir()
    pack = yaml.safe_load((Path(__file__).parents[2] / "standards/packs/ie-microcreds.yaml")
                          .read_text())
    pack["pack"]["extends"] = [str(outside / "keys.yaml")]
    (packs / "mine.yaml").write_text(yaml.safe_dump(pack))
    _one_error(invoke("check", "scan/good.json", "--pack", "packs/mine.yaml", cwd=tmp_path),
               "not a bundled pack, and not a pack file in the same folder")
    # an unparsable shape file is never quoted
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    (shapes / "EDC-generic-full.ttl").write_text(f"@prefix x <{SECRET}> {SECRET} ;;; (\n")
    (tmp_path / "elm.json").write_bytes(ELM_SAMPLE.read_bytes())
    proc = invoke("check", "elm.json", "--shapes", "shapes", "--format", "json", cwd=tmp_path)
    assert proc.returncode in (0, 1) and "cannot parse SHACL shapes" in proc.stdout
    assert SECRET not in proc.stdout + proc.stderr


OB2_BADGE = "https://x.example/badge.json"
OB2_ISSUER = "https://x.example/issuer.json"
OB2_DOCS: dict[str, dict[str, object]] = {
    "badge": {"@context": "https://w3id.org/openbadges/v2", "id": OB2_BADGE, "type": "BadgeClass",
              "name": f"Decoy {SECRET}", "description": "Learners apply regression models.",
              "criteria": {"narrative": "Pass the written examination"}, "issuer": OB2_ISSUER,
              "image": "https://x.example/i.png"},
    "issuer": {"@context": "https://w3id.org/openbadges/v2", "id": OB2_ISSUER, "type": "Issuer",
               "name": f"Decoy University {SECRET}", "url": "https://x.example"}}


def _ob2_verdict(root: Path, places: dict[str, tuple[str, ...]], *args: str
                 ) -> tuple[int, tuple[object, ...]]:
    """Write an OB 2.0 assertion at ``creds/a.json`` (its BadgeClass only linked by URL) and
    the BadgeClass/Issuer decoys in the folders ``places`` names; check ``args`` (default the
    assertion alone) and return the exit code and the assertion's verdict."""
    root.mkdir()
    (root / "creds").mkdir()
    (root / "creds" / "a.json").write_bytes(_json({
        "@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "urn:a",
        "recipient": {"type": "email", "identity": "a@b.c", "hashed": False},
        "badge": OB2_BADGE, "issuedOn": "2024-01-01T00:00:00Z",
        "verification": {"type": "hosted"}}))
    for doc, folders in places.items():
        for folder in folders:
            (root / folder).mkdir(parents=True, exist_ok=True)
            (root / folder / f"{doc}.json").write_bytes(_json(OB2_DOCS[doc]))
    proc = invoke("check", *(args or ("creds/a.json",)), "--format", "json", "--as-of",
                  "2026-01-01", cwd=root)
    assert proc.returncode in (0, 1, 2), proc.stderr
    (rec,) = [r for r in json.loads(proc.stdout)["records"] if r["record_id"] == "urn:a"]
    sources = {f["location"]["file"] for f in rec["findings"] if f.get("location")}
    return proc.returncode, (rec["title"], rec["provider_name"], rec["outcome"],
                             {f["rule_id"]: f["status"] for f in rec["findings"]}, sources)


def test_ob2_links_only_from_own_folder(tmp_path: Path) -> None:
    """An OB 2.0 assertion's BadgeClass and Issuer are read from its own folder, never from
    a sibling folder, nor from a sub-folder unless the user named a folder holding it. The
    decoys would change the verdict if read (the control shows it), so an unchanged verdict
    proves they were not read."""
    code, alone = _ob2_verdict(tmp_path / "alone", {})
    assert code == 0 and alone[:3] == (None, None, "conforms")
    assert alone[3]["EU-AI-M02"] == "unverifiable"  # the title lives in the BadgeClass
    # control: the same decoys in the assertion's own folder are read and change the verdict
    code, own = _ob2_verdict(tmp_path / "own", {"badge": ("creds",), "issuer": ("creds",)})
    assert code == 1 and own[2] == "gaps" and own[3]["EU-AI-M02"] == "pass"
    assert SECRET in str(own[0]) and SECRET in str(own[1]) and own[3] != alone[3]
    decoys = {"badge": ("creds/sub", "sibling"), "issuer": ("creds/sub", "sibling")}
    # the assertion named alone: neither its sub-folder nor a sibling folder is read
    assert _ob2_verdict(tmp_path / "file", decoys) == (0, alone)
    # a sibling folder named as another input is checked, yet never read for the assertion
    assert _ob2_verdict(tmp_path / "both", decoys, "creds/a.json", "sibling")[1] == alone
    # the parent folder named: the sibling folder is an input, still not the assertion's folder
    assert _ob2_verdict(tmp_path / "parent", {"badge": ("sibling",), "issuer": ("sibling",)},
                        ".")[1] == alone
    # the Issuer too: the BadgeClass beside the assertion, the Issuer decoys elsewhere
    _, badge_only = _ob2_verdict(tmp_path / "badge", {"badge": ("creds",)})
    assert badge_only[1] is None and SECRET in str(badge_only[0])
    assert _ob2_verdict(tmp_path / "issuer", {"badge": ("creds",), "issuer": (
        "creds/sub", "sibling")})[1] == badge_only
    # documented: naming the folder names its sub-folders (the validator's assets/ layout)
    _, named = _ob2_verdict(tmp_path / "named", {"badge": ("creds/sub",)}, "creds")
    assert SECRET in str(named[0]) and named[3]["EU-AI-M02"] == "pass"


# --- bounded work --------------------------------------------------------------------------

def _png(payload_size: int) -> bytes:
    body = b"openbadgecredential\x00\x00\x00\x00\x00{" + b" " * payload_size + b"}"
    chunk = b"iTXt" + body
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(body)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)) + b"\x00\x00\x00\x00IEND\xaeB`\x82")


def _recursive_view_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE meta(key TEXT, value TEXT);"
                       "INSERT INTO meta VALUES ('schema_version', '1');"
                       "CREATE VIEW concept AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL "
                       "SELECT n + 1 FROM r) SELECT n AS uri FROM r;")
    conn.close()


ALIAS_BOMB = ("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
    for i in range(8)))

IN_A_PROCESS = frozenset({"pack-alias-bomb", "descriptor-huge-list", "waivers-zero",
                          "baked-png-size", "esco-db-view", "svg-unclosed"})
"""Cases whose failure would be a memory bomb or a hang inside C code (YAML, SQLite, XML,
reading /dev/zero), which only a child process under 1 GB and 20 s contains; the others
(regular-expression and Python-level costs, messages) are interrupted in-process."""

# name -> (files to write, CLI arguments, expected one-line message)
BOUNDED: dict[str, tuple[dict[str, bytes | str], tuple[str, ...], str | None]] = {
    "eqf-cubic": ({"c.csv": "Title,EQF level\nData," + "eqf" + " " * 3000 + "x\n"},
                  ("check", "c.csv"), None),
    "ects-quadratic": ({"c.csv": "Title,ECTS\nData,5" + " " * 300_000 + "x\n"},
                       ("check", "c.csv"), None),
    "wide-row": ({"c.csv": "Title,ECTS\n" + ",".join(["x"] * 100_000) + "\n"},
                 ("check", "c.csv"), None),
    "svg-unclosed": ({"b.svg": "<svg>" + "<openbadges:credential>" * 200_000},
                     ("check", "b.svg"), "content is not a format mcqa reads"),
    "pack-regex": ({"p.yaml": "PACK", "c.json": _json({**GOOD, "title": "a" * 50 + "!"})},
                   ("check", "c.json", "--pack", "p.yaml"), None),
    "pack-alias-bomb": ({"p.yaml": "pack:\n  id: x\n" + ALIAS_BOMB},
                        ("check", "e.json", "--pack", "p.yaml"), "nodes"),
    "waivers-zero": ({}, ("check", "e.json", "--waivers", "/dev/zero"), "not a regular file"),
    "waivers-latin1": ({"w.yaml": "waivers:\n  - rule: X\n    approver: Jos\xe9\n"
                        .encode("latin-1")}, ("check", "e.json", "--waivers", "w.yaml"),
                       "not UTF-8"),
    "review-latin1": ({"r.yaml": "decisions: [Jos\xe9]\n".encode("latin-1")},
                      ("dossier", "e.json", "--to", "DE", "--no-esco", "--review", "r.yaml"),
                      "nicht in UTF-8"),  # a dossier for Germany speaks German
    "descriptor-huge-list": ({"d.yaml": "mcqa: 1\ntitle: x\nlearning_outcomes:\n"
                              + "- y\n" * 1_500_000}, ("check", "d.yaml"), "200,000 nodes"),
    "mapping-error": ({"m.yaml": "columns:\n  Title: title\n  ECTS: no.such.field\n",
                       "a.csv": "Title,ECTS\nA,5\n", "b.csv": "Title,ECTS\nB,5\n"},
                      ("check", "a.csv", "b.csv", "--mapping", "m.yaml"), "m.yaml:line 3"),
    "baked-png-size": ({"big.png": _png(70 * 1024 * 1024)}, ("check", "big.png"),
                       "above the limit"),
    "svg-hosted": ({"h.svg": '<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
                    '<openbadges:assertion verify="https://x.example/a.json"/></svg>'},
                   ("check", "h.svg"), "mcqa never fetches it"),
    "esco-db-view": ({}, ("check", "e.json", "--pack", "esco", "--esco-db", "v.sqlite"),
                     "views or triggers"),
    "diff-shape": ({"old.json": "REPORT", "bad.json": "BAD"}, ("diff", "old.json", "bad.json"),
                   "findings is int, not a list"),
}


@pytest.mark.parametrize("name", sorted(BOUNDED))
def test_bounded_work(name: str, tmp_path: Path) -> None:
    files, args, message = BOUNDED[name]
    (tmp_path / "e.json").write_bytes(_json(GOOD))
    for fname, content in files.items():
        if content == "PACK":
            pack = yaml.safe_load((Path(__file__).parents[2] / "standards/packs/"
                                   "nz-nzqa.yaml").read_text())
            pack["pack"]["extends"] = []
            pack["rules"] = [{**pack["rules"][0], "id": "X-R1", "check": {
                "op": "matches", "path": "title", "pattern": "^(a+)+$"}}]
            pack.pop("overrides", None)
            content = yaml.safe_dump(pack)
        elif content in ("REPORT", "BAD"):
            proc = invoke("check", "e.json", "--format", "json", cwd=tmp_path)
            report = json.loads(proc.stdout)
            if content == "BAD":
                report["records"][0]["findings"] = 5
            content = json.dumps(report)
        (tmp_path / fname).write_bytes(content if isinstance(content, bytes)
                                       else content.encode())
    if name == "esco-db-view":
        _recursive_view_db(tmp_path / "v.sqlite")
    run = run_mcqa if name in IN_A_PROCESS else invoke
    proc = run(*args, cwd=tmp_path)  # the 20 s limit is the hang test
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    if message is None:
        assert proc.returncode in (0, 1), proc.stderr[-2000:]
    elif proc.returncode == 2 and len(proc.stderr.splitlines()) == 1:
        assert message in proc.stderr, proc.stderr
    else:  # a per-file input error inside a report: the message is on its line
        assert proc.returncode == 2 and message in proc.stderr, proc.stderr[-2000:]


def test_fifo_input_and_fifo_shape_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    proc = run_mcqa("check", "pipe.json", cwd=tmp_path)
    assert proc.returncode == 2 and "FIFO" in proc.stderr
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    os.mkfifo(shapes / "EDC-generic-full.ttl")
    (tmp_path / "elm.json").write_bytes(ELM_SAMPLE.read_bytes())
    proc = run_mcqa("check", "elm.json", "--shapes", "shapes", "--format", "json", cwd=tmp_path)
    assert proc.returncode in (0, 1) and "FIFO" in proc.stdout  # reported, never blocking


# --- names, stdin, messages ----------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "text", "md", "html", "sarif", "junit"])
def test_non_utf8_file_name_in_every_format(tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"cr\xe9dit\x1b[31m.json")
    (folder / name).write_bytes(_json(GOOD))
    (folder / os.fsdecode(b"bad\xff.json")).write_bytes(b"{")
    proc = invoke("check", "in", "--format", fmt, "-o", "out.txt", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr  # the broken file is an input error
    out = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert "cr\ufffddit" in out and "bad\ufffd.json" in proc.stderr
    assert terminal_clean(proc.stderr) and "\x1b" not in out


def test_benchmark_with_non_utf8_name(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"cr\xe9dit.json")).write_bytes(_json(GOOD))
    for out, run in (("b.xlsx", run_mcqa), ("b.html", invoke), ("b.json", invoke)):
        proc = run("benchmark", "in", "-o", out, cwd=tmp_path)  # xlsx: lxml printed at exit
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr


def test_stdin_read_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    from .test_hostile_inputs import _OFFLINE_MCQA

    for name in ("-", "/dev/stdin"):
        proc = subprocess.run([sys.executable, "-c", _OFFLINE_MCQA, "check", name, "--format",
                               "json"], input=_json(GOOD), capture_output=True, timeout=20,
                              cwd=tmp_path, check=False)
        report = json.loads(proc.stdout)
        assert report["records"][0]["title"] == GOOD["title"], proc.stderr


def test_inspect_and_diff_markdown_stay_inert(tmp_path: Path) -> None:
    evil = {**GOOD, "id": "[/]urn:x:1 \x1b]0;pwn\x07\u202e",
            "provider": {"name": "[x](javascript:alert(1)) <img src=x onerror=alert(2)>"}}
    (tmp_path / "e.json").write_bytes(_json(evil))
    proc = invoke("inspect", "e.json", "--format", "text", cwd=tmp_path)
    assert proc.returncode == 0 and terminal_clean(proc.stdout) and "[/]urn" in proc.stdout
    invoke("check", "e.json", "--format", "json", "-o", "new.json", cwd=tmp_path)
    (tmp_path / "g.json").write_bytes(_json(GOOD))
    invoke("check", "g.json", "--format", "json", "-o", "old.json", cwd=tmp_path)
    md = invoke("diff", "old.json", "new.json", "--format", "md", cwd=tmp_path).stdout
    import re

    assert not re.search(r"(?<!\\)\]\(javascript", md) and "<img" not in md
    assert terminal_clean(md)


def test_esco_commands_stay_inert(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    label = "data \x1b]0;pwn\x07analysis \x9b31m \u202eevil [bold]"
    (pkg / "skills_en.csv").write_text(
        "conceptUri,preferredLabel,altLabels,description,status\n"
        f"http://data.europa.eu/esco/skill/1,\"{label}\",,\"analyse data {label}\",released\n"
        "http://data.europa.eu/esco/skill/2,write reports,,write reports,released\n",
        encoding="utf-8")
    assert invoke("esco", "import", "pkg", "--db", "x.sqlite", cwd=tmp_path).returncode == 0
    for args in (("search", "data"), ("show", "http://data.europa.eu/esco/skill/1"),
                 ("map", "analyse data")):
        proc = invoke("esco", *args, "--db", "x.sqlite", "--format", "text", cwd=tmp_path)
        assert proc.returncode in (0, 1) and terminal_clean(proc.stdout), (args, proc.stdout)
    zipped = invoke("esco", "search", "data", "--db", "x.sqlite", "--format", "json",
                      cwd=tmp_path)
    assert terminal_clean(zipped.stdout.replace("\\u001b", ""))

