"""Sample-mutating fuzzer across every loader, the engine and every renderer.

Real samples (ELM, OB3, OB2, CLR, CTDL from the shared corpus; the repository's YAML
descriptors; generated CSV/XLSX/JSON Lines catalogues; baked PNG/SVG and JWT badges) are
mutated at two levels:

* structure: the JSON/YAML tree gets subtrees replaced by hostile values (wrong types, huge
  numbers, deep nesting, long strings, control and bidi characters, lone surrogates,
  markup, ``null``, lists for objects, ``@context`` variants), keys removed or renamed;
  then it is written back plain, as a JWT, baked into SVG or PNG; catalogue cells get
  hostile values;
* bytes: flips, insertions, deletions, duplications and truncation of any sample.

Each mutant goes through :func:`mcqa.loaders.load_file`, :func:`mcqa.api.check_items` with
the eu-2022 pack, every report renderer and the benchmark renderers (XLSX, HTML, JSON).
The properties: only ``CredentialRecord``/``InputProblem`` items or a ``McqaError`` come out;
every file gives at least one item; counts in equal counts out (report summary, JSON report,
JUnit suites, benchmark); no rule fails with an error; every output encodes as UTF-8, parses
(JSON, SARIF, JUnit XML, XLSX) and stays inert (no raw markup in HTML/Markdown, no escapes in
text). The autouse socket guard fails any test that touches the network, even if the code
caught the error. SD-JWT VC presentations are mutated in their own parts too (disclosures
altered, dropped, repeated, swapped or made hostile; payload digests and claims; key-binding
JWT; JSON and vp_token wrappers). Deterministic (``derandomize``, no example database): a
failure reproduces on every run and in CI. 560 random examples plus a sweep of 117 files,
about 45 s. For a
longer hunt, copy the file with ``derandomize=False`` and larger ``max_examples``
(``--hypothesis-show-statistics`` shows the outcomes by format).
"""

from __future__ import annotations

import base64
import copy
import csv
import io
import itertools
import json
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from mcqa.api import check_items
from mcqa.benchmarking import benchmark_results
from mcqa.cli._common import dump_json
from mcqa.errors import McqaError
from mcqa.loaders import load_file
from mcqa.model import CredentialRecord, InputProblem, Skipped
from mcqa.packs import resolve_packs
from mcqa.render import RENDERERS, get_renderer
from mcqa.render.benchmark_html import render_benchmark_html
from mcqa.render.xlsx import render_benchmark_xlsx
from tests.conftest import REPO, SHARED, json_paths

CORPUS = SHARED / "corpus"
AS_OF = date(2026, 1, 1)
RULES = resolve_packs(("eu-2022",))
SETTINGS = settings(deadline=None, derandomize=True, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

JSON_SEEDS = (
    "elm/elm-support-samples/AA-Annex1-MC-unsigned.json",
    "elm/dc4eu-educational-pilot/samples/euhe-microcredential-example-john-doe.json",
    "elm/european-digital-credentials/samples/cred1.jsonld",
    "openbadges/ob3-spec-examples-json/Basic_OpenBadgeCredential.json",
    "openbadges/educredentials-obv3-examples/samples/theed_microcredential_full_mbo.json",
    "openbadges/1edtech-dc-public-validator/ob2/basic-assertion.json",
    "openbadges/1edtech-dc-public-validator/ob2/rdf-validation/valid-badge-class.json",
    "clr/1edtech-dc-public-validator/simple.json",
    "ctdl/credentialengine-ingest-examples/Credential__1__Credential-1.json",
    "ctdl/credentialengine-ingest-examples/Credential__1__Credential-1-graph.json",
)
YAML_SEEDS = ("de-cloud-security.yaml", "fr-mooc-gaps.yaml", "ie-data-analytics-nfq8.yaml")
BINARY_SEEDS = (
    "openbadges/1edtech-dc-public-validator/ob2/simple-badge.png",
    "openbadges/1edtech-dc-public-validator/ob3/simple-json.svg",
    "openbadges/1edtech-dc-public-validator/ob3/simple.jwt",
)

TREES: dict[str, Any] = {rel: json.loads((CORPUS / rel).read_text(encoding="utf-8"))
                         for rel in JSON_SEEDS}
TREES.update({name: yaml.safe_load((REPO / "examples" / name).read_text(encoding="utf-8"))
              for name in YAML_SEEDS})


def _catalogues() -> dict[str, bytes]:
    """Small generated catalogues (CSV, XLSX, JSON Lines), made once per session."""
    out: dict[str, bytes] = {}
    folder = Path(tempfile.mkdtemp(prefix="mcqa-fuzz-seeds-"))
    try:
        for fmt in ("csv", "xlsx", "jsonl"):
            path = folder / f"catalogue.{fmt}"
            subprocess.run([sys.executable, str(REPO / "benchmarks" / "gen_catalogue.py"),
                            "--rows", "6", "--providers", "3", "--seed", "11", "--format", fmt,
                            "--out", str(path)], check=True, capture_output=True)
            out[f"catalogue.{fmt}"] = path.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out


SD_JWT = REPO / "tests" / "fixtures" / "sd-jwt"
SD_JWT_SEEDS = ("wallet-presentation.txt", "webuild-nested.txt", "webuild-complete.json",
                "eudi-learning-withheld.txt", "dc4eu-elm.txt", "dc4eu-micro-credential.txt")
"""SD-JWT VC presentations made by scripts/make_sdjwt_fixtures.py (compact and JSON)."""

CATALOGUES = _catalogues()
SAMPLES: dict[str, bytes] = {
    **{rel: (CORPUS / rel).read_bytes() for rel in (*JSON_SEEDS, *BINARY_SEEDS)},
    **{name: (REPO / "examples" / name).read_bytes() for name in YAML_SEEDS},
    **{f"sd-jwt/{name}": (SD_JWT / name).read_bytes() for name in SD_JWT_SEEDS},
    **CATALOGUES,
}

# --- hostile values ---------------------------------------------------------------------

_DEEP = "\x00DEEP{}\x00"
"""Placeholder for a nesting ``n`` levels deep, spliced in after json.dumps (no recursion)."""
DEPTHS = (30, 120, 190, 400, 700)
"""Below and above Limits.max_json_depth (200), and near Python's recursion limit."""

_STRINGS = (
    "", " ", "\x00", "\x1b[2J\x1b]0;pwn\x07", "\u202eevil\u202c", "\ud800", "\udfff\ud800",
    "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "=HYPERLINK(\"http://x\",\"y\")",
    "+cmd|' /C calc'!A0", "@SUM(1+1)", "2024-02-30", "0000-00-00", "9999-12-31T23:59:59Z",
    "-5", "1e400", "NaN", "Infinity", "five", "EQF 99", "level 6", "\ufeff", "\r\n\r\n",
    "https://evil.example/x", "file:///etc/passwd", "urn:uuid:", "#", "/", "A" * 100_000,
    "B" * 1_000_001,
)
_CONTEXTS = (
    "https://evil.example/ctx.jsonld", "file:///etc/passwd", {"@import": "https://evil.example/i"},
    [None], 5, {"@vocab": 3}, [], {}, ["https://www.w3.org/ns/credentials/v2", {"x": {"@id": 4}}],
)
HOSTILE = st.one_of(
    st.none(), st.booleans(),
    st.sampled_from([0, -1, 2**31, 2**63, -(2**63), 10**30, 10**300, 7]),
    st.sampled_from([1e308, -1e308, 5e-324, -0.0, 0.5, 1e-10]),
    st.sampled_from(_STRINGS),
    st.text(st.characters(exclude_categories=()), max_size=40),
    st.sampled_from([[], [{}], [None], [[[]]], {}, {"@value": 3}, {"@language": "en", "@value": 5},
                     {"en": [1]}, {"id": None}, {"type": []}, {"@id": {}}, {"@list": [{}]}]),
    st.sampled_from(_CONTEXTS),
    st.sampled_from(DEPTHS).map(_DEEP.format),
)
TYPES = st.sampled_from([
    ["VerifiableCredential", "OpenBadgeCredential"], "EuropeanDigitalCredential", "Assertion",
    ["VerifiableCredential", "ClrCredential"], "ceterms:Certificate", 5, [], None, [[]],
])


PATHS = {name: [p for p in json_paths(tree, 4) if p][:5000] for name, tree in TREES.items()}


IDENT_KEYS = {"id", "@id", "name", "title", "issuer", "provider", "awardedBy", "legalName",
              "ceterms:name", "ceterms:ctid", "awarding_body"}
"""Fields that flow into every output (record ids, titles, provider names): targeted often."""
TEXT = st.one_of(st.sampled_from(_STRINGS),
                 st.text(st.characters(exclude_categories=()), max_size=40))  # with surrogates


def _mutate_tree(data: st.DataObject, tree: Any, paths: list[tuple[Any, ...]]) -> Any:
    out = copy.deepcopy(tree)
    idents = [p for p in paths if p[-1] in IDENT_KEYS]
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        if idents and data.draw(st.integers(0, 3), label="target identity") == 0:
            path = data.draw(st.sampled_from(idents), label="identity path")
            parent = out
            try:
                for key in path[:-1]:
                    parent = parent[key]
                if isinstance(parent, dict | list):
                    parent[path[-1]] = data.draw(TEXT, label="identity")
            except (KeyError, IndexError, TypeError):
                pass
            continue
        path = data.draw(st.sampled_from(paths), label="path")
        parent = out
        try:
            for key in path[:-1]:
                parent = parent[key]
            current = parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
        if not isinstance(parent, dict | list):
            continue  # ... or replaced a container on it by a string
        last = path[-1]
        action = data.draw(st.sampled_from(["replace", "replace", "delete", "rename", "wrap",
                                            "context", "type", "duplicate"]), label="action")
        if action == "replace":  # copies: sampled lists/dicts are shared between examples
            parent[last] = copy.deepcopy(data.draw(HOSTILE, label="value"))
        elif action == "delete":
            del parent[last]
        elif action == "rename" and isinstance(parent, dict):
            new = data.draw(st.sampled_from(["@type", "@id", "@context", "id", f"{last}x", ""]))
            parent[new] = parent.pop(last)
        elif action == "wrap":
            parent[last] = [current] if not isinstance(current, list) else {"@list": current}
        elif action == "context":
            target = parent if isinstance(parent, dict) else out
            if isinstance(target, dict):
                target["@context"] = copy.deepcopy(data.draw(st.sampled_from(_CONTEXTS)))
        elif action == "type" and isinstance(parent, dict):
            parent["type"] = copy.deepcopy(data.draw(TYPES))
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(current))
    return out


def _dumps(tree: Any, ascii_only: bool) -> str:
    text = json.dumps(tree, ensure_ascii=ascii_only)
    for n in DEPTHS:
        text = text.replace(json.dumps(_DEEP.format(n), ensure_ascii=ascii_only),
                            "[" * n + "{}" + "]" * n)
    return text


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


_JWT_HEADER = _b64(b'{"alg":"RS256","typ":"JWT"}')


def _png(payload: bytes) -> bytes:
    chunk = b"iTXt" + b"openbadgecredential\x00\x00\x00\x00\x00" + payload
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(chunk) - 4) + chunk
            + struct.pack(">I", zlib.crc32(chunk)) + b"\x00\x00\x00\x00IEND\xaeB`\x82")


def _container(kind: str, text: str) -> tuple[str, bytes]:
    """(suffix, bytes) of the mutated JSON as a plain file, a JWT, or baked into SVG/PNG."""
    raw = text.encode("utf-8", "surrogatepass")
    if kind == "jwt":
        return ".jwt", f"{_JWT_HEADER}.{_b64(raw)}.c2ln".encode()
    if kind == "svg":
        return ".svg", (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.'
                        b'imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[' + raw
                        + b"]]></openbadges:credential></svg>")
    if kind == "png":
        return ".png", _png(raw)
    return ".json", raw


# --- the pipeline ----------------------------------------------------------------------

_counter = itertools.count()


def _write(folder: Path, suffix: str, content: bytes) -> Path:
    path = folder / f"mutant-{next(_counter)}{suffix}"
    path.write_bytes(content)
    return path


def _event(text: str) -> None:
    if currently_in_test_context():
        event(text)


def run_pipeline(path: Path) -> int:
    """Load, check and render one file; assert the properties; return the item count.

    The outcome is recorded as a hypothesis event (``--hypothesis-show-statistics``).
    """
    try:
        items = list(load_file(path, path.name))
    except McqaError:
        _event("outcome: McqaError")
        return 0  # one of mcqa's own errors is an accepted outcome
    assert items, "a file must give at least one item (a record or an input problem)"
    formats = sorted({i.source_format for i in items if isinstance(i, CredentialRecord)})
    _event(f"outcome: records {'+'.join(formats)}" if formats else "outcome: input problem")
    for item in items:
        assert isinstance(item, CredentialRecord | InputProblem | Skipped), type(item)
    report = check_items(items, RULES, as_of=AS_OF)
    skipped = sum(isinstance(i, Skipped) for i in items)
    n = len(items) - skipped  # records; skipped documents are counted beside them
    assert report.summary.records == n and len(report.records) == len(items)
    assert report.summary.skipped == skipped
    problems = sum(isinstance(i, InputProblem) for i in items)
    assert report.summary.input_errors == problems
    errors = [f.message for r in report.records for f in r.findings if f.status.value == "error"]
    assert not errors, errors[:3]
    for fmt in RENDERERS:
        out = get_renderer(fmt)(report, show_passes=True)
        assert isinstance(out, str) and out
        _check_output(fmt, out, n, len(items))
    bm = benchmark_results(report.records, as_of=AS_OF.isoformat(), packs=report.packs)
    assert bm.overall.records == n
    book = zipfile.ZipFile(io.BytesIO(render_benchmark_xlsx(bm)))
    assert book.testzip() is None
    assert "<script>alert" not in render_benchmark_html(bm).encode("utf-8").decode()
    assert json.loads(dump_json(bm.model_dump(mode="json")))["overall"]["records"] == n
    return n


def _check_output(fmt: str, out: str, n: int, results: int) -> None:
    out.encode("utf-8")  # the CLI writes UTF-8: no lone surrogate may reach an output
    if fmt == "json":
        assert json.loads(out)["summary"]["records"] == n  # (skipped counted separately)
    elif fmt == "sarif":
        json.loads(out)
    elif fmt == "junit":
        suites = ET.fromstring(out)  # well-formed XML: no control characters leak in
        assert len(suites) == results  # one suite per record or skipped document
    elif fmt == "html":
        assert "<script>alert" not in out and "<img src=x" not in out
    elif fmt == "md":
        assert "<script>" not in out and "<img src" not in out
    elif fmt == "text":
        assert "\x1b" not in out and "\u202e" not in out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mutants")


def test_samples_load_unmutated(folder: Path) -> None:
    """Every seed is a real, readable sample (so mutants start from valid input)."""
    for name, content in SAMPLES.items():
        path = _write(folder, Path(name).suffix, content)
        items = list(load_file(path, path.name))
        assert items and all(isinstance(i, CredentialRecord) for i in items), name
        assert run_pipeline(path) == len(items)


# --- structure-level --------------------------------------------------------------------

@settings(SETTINGS, max_examples=180)
@given(data=st.data())
def test_structure_mutants(folder: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(TREES)), label="seed")
    tree = _mutate_tree(data, TREES[name], PATHS[name])
    text = _dumps(tree, data.draw(st.booleans(), label="ascii"))
    if name.endswith(".yaml"):
        suffix, content = ".yaml", text.encode("utf-8", "surrogatepass")  # JSON is YAML
    else:
        kind = data.draw(st.sampled_from(["json", "json", "json", "jwt", "svg", "png"]))
        suffix, content = _container(kind, text)
    run_pipeline(_write(folder, suffix, content))


# Systematic complement to the random search: each of these values in every identity field
# (ids, titles, names flow into every output) of every seed, in one mutant per value.
SWEEP = ("\x00", "\x01\x1b[2J\x07", "\u202eevil", "\ud800", "\udfff\ud800", "\ufffe",
         "<script>alert(1)</script>", "=HYPERLINK(\"http://x\",\"y\")", "")


def _everywhere(tree: Any, paths: list[tuple[Any, ...]], value: str) -> Any:
    out = copy.deepcopy(tree)
    for path in paths:
        parent = out
        try:
            for key in path[:-1]:
                parent = parent[key]
            if isinstance(parent, dict | list):
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    return out


@pytest.mark.parametrize("name", sorted(TREES))
def test_hostile_strings_in_identity_fields(folder: Path, name: str) -> None:
    idents = [p for p in PATHS[name] if p[-1] in IDENT_KEYS]
    assert idents, name
    for value in SWEEP:
        text = _dumps(_everywhere(TREES[name], idents, value), True)
        run_pipeline(_write(folder, ".yaml" if name.endswith(".yaml") else ".json",
                            text.encode()))


# --- catalogue cells ------------------------------------------------------------------

CELL = st.one_of(
    st.sampled_from(_STRINGS[:30]), st.text(max_size=30), st.none(),
    st.sampled_from([0, -3, 10**30, 1e308, 2.5, True]),
    st.sampled_from([date(2024, 2, 29), datetime(1900, 1, 1), date(9999, 12, 31)]),
)


def _csv_rows() -> list[list[str]]:
    text = CATALOGUES["catalogue.csv"].decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def _mutated_csv(data: st.DataObject) -> bytes:
    rows = _csv_rows()
    for _ in range(data.draw(st.integers(1, 6))):
        r = data.draw(st.integers(0, len(rows) - 1))
        c = data.draw(st.integers(0, max(len(rows[r]) - 1, 0)))
        value = data.draw(CELL)
        if rows[r]:
            rows[r][c] = "" if value is None else str(value)
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=data.draw(st.sampled_from([",", ";", "\t"]))).writerows(rows)
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return buf.getvalue().encode(encoding, "surrogatepass" if "utf-8" in encoding else "replace")


def _mutated_xlsx(data: st.DataObject) -> bytes:
    from openpyxl import load_workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = load_workbook(io.BytesIO(CATALOGUES["catalogue.xlsx"]))
    ws = wb.worksheets[0]
    for _ in range(data.draw(st.integers(1, 6))):
        row = data.draw(st.integers(1, ws.max_row + 1))
        col = data.draw(st.integers(1, ws.max_column + 1))
        value = data.draw(st.one_of(CELL, st.sampled_from(["=1/0", "=A1", "=HYPERLINK(\"x\")"])))
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value).encode("utf-8", "ignore").decode()
            value = value[:32_767]
        ws.cell(row=row, column=col, value=value)
    if data.draw(st.booleans()):
        ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=2)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _mutated_jsonl(data: st.DataObject) -> bytes:
    lines = CATALOGUES["catalogue.jsonl"].decode().splitlines()
    i = data.draw(st.integers(0, len(lines) - 1))
    tree = json.loads(lines[i])
    lines[i] = _dumps(_mutate_tree(data, tree, [p for p in json_paths(tree, 4) if p]), True)
    if data.draw(st.booleans()):
        lines.insert(i, data.draw(st.sampled_from(["", "[]", "null", "{", "\x00", '"x"'])))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@settings(SETTINGS, max_examples=80)
@given(data=st.data())
def test_catalogue_mutants(folder: Path, data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(["csv", "xlsx", "jsonl"]), label="kind")
    make: Callable[[st.DataObject], bytes] = {"csv": _mutated_csv, "xlsx": _mutated_xlsx,
                                              "jsonl": _mutated_jsonl}[kind]
    run_pipeline(_write(folder, f".{kind}", make(data)))


# --- byte-level ----------------------------------------------------------------------

def _mutate_bytes(data: st.DataObject, raw: bytes) -> bytes:
    buf = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 5), label="edits")):
        if not buf:
            break
        at = data.draw(st.integers(0, len(buf) - 1), label="at")
        op = data.draw(st.sampled_from(["flip", "insert", "delete", "duplicate", "truncate"]))
        if op == "flip":
            buf[at] ^= data.draw(st.integers(1, 255))
        elif op == "insert":
            buf[at:at] = data.draw(st.one_of(
                st.binary(min_size=1, max_size=8),
                st.sampled_from([b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"{", b"]", b'"', b"\\",
                                 b"<", b"&", b"PK\x03\x04", b"\n---\n", b"*a", b"&a "])))
        elif op == "delete":
            del buf[at:at + data.draw(st.integers(1, 64))]
        elif op == "duplicate":
            buf[at:at] = buf[at:at + data.draw(st.integers(1, 256))]
        else:
            del buf[at:]
    return bytes(buf)


@settings(SETTINGS, max_examples=180)
@given(data=st.data())
def test_byte_mutants(folder: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(SAMPLES)), label="seed")
    run_pipeline(_write(folder, Path(name).suffix, _mutate_bytes(data, SAMPLES[name])))


# --- auxiliary inputs and file names ---------------------------------------------------

AUX_SEEDS: dict[str, bytes] = {
    "waivers": b"waivers:\n  - rule: EU-AI-M11\n    records: '*'\n    justification: approved "
               b"by the board in 2025\n    approver: QA office\n    expires: 2027-01-01\n",
    "mapping": b"columns:\n  Course title: title\n  Credits: workload.ects\n  Level: level.eqf\n"
               b"header_row: 1\n",
    "review": b"decisions:\n  - outcome: 0\n    skill: http://data.europa.eu/esco/skill/1\n"
              b"    decision: accept\n    reviewer: M. Keane\n    date: 2025-10-01\n",
    "pack": (REPO / "standards" / "packs" / "nz-nzqa.yaml").read_bytes(),
}


def _load_aux(kind: str, path: Path) -> None:
    from mcqa.dossier.review import load_decisions
    from mcqa.engine.waivers import load_waivers
    from mcqa.loaders.columns import ColumnMapping
    from mcqa.packs import load_pack_file

    loader: Callable[[Path], object] = {"waivers": load_waivers, "mapping": ColumnMapping.load,
                                        "review": load_decisions, "pack": load_pack_file}[kind]
    loader(path)


@settings(SETTINGS, max_examples=60)
@given(data=st.data())
def test_auxiliary_file_mutants(folder: Path, data: st.DataObject) -> None:
    """Waivers, mapping, review and pack files, byte-mutated: only mcqa's own one-line errors
    come out (never another exception, never a hang)."""
    kind = data.draw(st.sampled_from(sorted(AUX_SEEDS)), label="aux")
    path = _write(folder, ".yaml", _mutate_bytes(data, AUX_SEEDS[kind]))
    try:
        _load_aux(kind, path)
    except McqaError as exc:
        line = exc.one_line()
        assert "\n" not in line and path.name in line
        _event(f"aux {kind}: McqaError")


NAMES = (b"cr\xe9dit", b"\xff\xfe", b"a\x1b[31mred", b"[bold]x", b"\xe2\x80\xaeevil", b"x" * 200)


@pytest.mark.parametrize("raw", NAMES)
def test_hostile_file_names(folder: Path, raw: bytes) -> None:
    """A credential under a hostile or undecodable file name goes through every loader and
    renderer; names are shown with U+FFFD where the bytes are not UTF-8."""
    import os

    from mcqa.loaders import load_paths

    sub = folder / f"names-{next(_counter)}"
    sub.mkdir()
    path = sub / os.fsdecode(raw + b".yaml")
    path.write_bytes(SAMPLES["de-cloud-security.yaml"])
    items = list(load_paths([sub]))
    assert len(items) == 1 and isinstance(items[0], CredentialRecord)
    items[0].source_file.encode("utf-8")
    report = check_items(items, RULES, as_of=AS_OF)
    for fmt in RENDERERS:
        _check_output(fmt, get_renderer(fmt)(report, show_passes=True), 1, 1)


# --- SD-JWT VC presentations ------------------------------------------------------------

def _unb64(part: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _sd_jwt_mutant(data: st.DataObject, text: str) -> tuple[str, bytes]:
    """A presentation with one to three of its parts mutated (no re-signing: without
    --trust the signature is read, not verified, so every later check is reached)."""
    parts = text.strip().split("~")
    for _ in range(data.draw(st.integers(1, 3), label="sd edits")):
        disclosures = parts[1:-1]
        op = data.draw(st.sampled_from(["disclosure", "disclosure", "drop", "repeat", "swap",
                                        "payload", "payload", "header", "kb", "raw"]),
                       label="sd op")
        if op == "disclosure" and disclosures:
            i = data.draw(st.integers(1, len(disclosures)), label="which")
            decoded = _unb64(parts[i])
            slot = data.draw(st.integers(0, len(decoded)), label="slot")
            value = copy.deepcopy(data.draw(HOSTILE, label="value"))
            if slot < len(decoded):
                decoded[slot] = value
            else:
                decoded.append(value)
            parts[i] = _b64(_dumps(decoded, True).encode())
        elif op == "drop" and disclosures:
            del parts[data.draw(st.integers(1, len(disclosures)))]
        elif op == "repeat" and disclosures:
            parts.insert(1, parts[data.draw(st.integers(1, len(disclosures)))])
        elif op == "swap" and len(disclosures) > 1:
            parts[1], parts[2] = parts[2], parts[1]
        elif op in ("payload", "header"):
            pieces = parts[0].split(".")
            index = 1 if op == "payload" else 0
            tree = _unb64(pieces[index])
            paths = [p for p in json_paths(tree, 5) if p] or [("alg",)]
            pieces[index] = _b64(_dumps(_mutate_tree(data, tree, paths), True).encode())
            parts[0] = ".".join(pieces)
        elif op == "kb":
            parts[-1] = data.draw(st.sampled_from(["", "x.y.z", "e30.e30.", parts[1] if
                                                   len(parts) > 2 else "~", "a" * 5000]))
        elif op == "raw":
            parts.insert(data.draw(st.integers(1, len(parts))), data.draw(
                st.sampled_from(["", "!!", _b64(b"[]"), _b64(b'["s","_sd",[]]'),
                                 _b64(b'["s",{"...":"x"}]'), _b64(b'["s","x","\\ud800"]')])))
    compact = "~".join(parts)
    wrap = data.draw(st.sampled_from(["compact", "compact", "json", "vp_token"]), label="wrap")
    if wrap == "json":
        head = compact.split("~")
        pieces = [*head[0].split("."), "", "", ""][:3]
        return ".json", json.dumps({"protected": pieces[0], "payload": pieces[1],
                                    "signature": pieces[2],
                                    "header": {"disclosures": head[1:-1]}}).encode()
    if wrap == "vp_token":
        return ".json", json.dumps({"vp_token": {"q": [compact, compact]}}).encode()
    return ".txt", compact.encode("utf-8", "surrogatepass")


@settings(SETTINGS, max_examples=120)
@given(data=st.data())
def test_sd_jwt_mutants(folder: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from([n for n in SD_JWT_SEEDS if n.endswith(".txt")]),
                     label="seed")
    suffix, content = _sd_jwt_mutant(data, (SD_JWT / name).read_text(encoding="utf-8"))
    run_pipeline(_write(folder, suffix, content))
