"""The pseudo-locale run: every human output rendered with ``lang="qps"`` has no run of
plain English words outside the brackets a translation lookup puts around its text,
once the data the reader gave (titles, names, values, file names) and the citations of
English-language documents are taken out (tests/i18n/leaks.py). A leak is a string that
bypassed gettext or the pack translations, so it would stay English in German too."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from mcqa import api
from mcqa.model.report import Report
from tests.conftest import REPO
from tests.i18n.leaks import data_of, leaks, report_data, strip_html

AS_OF = date(2026, 1, 1)
DOSSIER_EXAMPLE = REPO / "examples" / "ie-nfq8-elm-credential.json"


def _show(found: list[str]) -> str:
    return "; ".join(f"{n} x {text!r}" for text, n in Counter(found).most_common(25))


@pytest.fixture(scope="module")
def report() -> Report:
    result = api.check([REPO / "examples"], ["eu-2022"], as_of=AS_OF, use_default_esco=False)
    assert isinstance(result, Report)
    return result


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_check_report(report: Report, fmt: str) -> None:
    out = api.render_report(report, fmt, lang="qps", color=False, width=120)
    assert isinstance(out, str)
    text = strip_html(out) if fmt == "html" else out
    found = leaks(text, report_data(report))
    assert not found, f"{fmt}: {_show(found)}"


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_check_report_of_a_catalogue(fmt: str) -> None:
    """A German CSV catalogue: the loader's notes (column names read, ambiguous dates)
    are composed English texts, translated when shown."""
    rep = api.check([REPO / "docs" / "examples" / "weiterbildung-de.csv"], ["eu-2022"],
                    as_of=AS_OF, use_default_esco=False)
    assert isinstance(rep, Report)
    out = api.render_report(rep, fmt, lang="qps", color=False, width=120)
    assert isinstance(out, str)
    found = leaks(strip_html(out) if fmt == "html" else out, report_data(rep))
    assert not found, f"{fmt}: {_show(found)}"


def test_check_closing_count_and_errors(tmp_path: Path) -> None:
    from tests.test_cli import _invoke

    missing = str(REPO / "examples" / "no-such-file.yaml")
    code, _out, err = _invoke(["check", missing, "--lang", "qps", "--format", "text"])
    assert code == 2
    message = err.replace(missing, " ").replace("mcqa:", " ")
    assert message.strip() and not leaks(message, []), err
    code, _out, err = _invoke(["check", str(REPO / "examples"), "--lang", "qps", "--format",
                               "json", "--as-of", "2026-01-01", "--jobs", "1", "-o",
                               str(tmp_path / "r.json")])
    assert code in (0, 1)
    assert err.strip() and not leaks(err.replace("mcqa:", " "), []), err


def _xlsx_texts(data: bytes) -> list[str]:
    """Every text a reader of a workbook sees: sheet names, cells, comments, data
    validation prompts and errors, dropdown lists, chart titles."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    out: list[str] = []
    for ws in wb.worksheets:
        out.append(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    out.append(cell.value)
                if cell.comment is not None:
                    out.append(cell.comment.text)
        for dv in ws.data_validations.dataValidation:
            out.extend(t for t in (dv.promptTitle, dv.prompt, dv.errorTitle, dv.error) if t)
            if dv.formula1 and dv.formula1.startswith('"'):
                out.extend(dv.formula1.strip('"').split(","))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/charts/"):
                out.extend(re.findall(r"<a:t>([^<]*)</a:t>", z.read(name).decode()))
    return out


@pytest.fixture(scope="module")
def bench() -> Any:
    bm, _counts = api.benchmark([REPO / "examples"], ["eu-2022"], as_of=AS_OF)
    return bm


def _bench_data(bm: Any) -> set[str]:
    """Group names (a chart shortens a long one with "...") and the failure rows' data."""
    out: set[str] = set()
    for g in bm.groups:
        out.add(g.key)
        out.update(g.key[:k] + "..." for k in range(8, len(g.key)))
    for row in getattr(bm, "failures", ()) or ():
        out.update(str(v) for v in row)
    return out


def test_benchmark_xlsx(bench: Any, report: Report) -> None:
    data = api.render_benchmark(bench, "xlsx", lang="qps")
    assert isinstance(data, bytes)
    found = leaks("\n".join(_xlsx_texts(data)), report_data(report) | _bench_data(bench))
    assert not found, _show(found)


def test_benchmark_html(bench: Any, report: Report) -> None:
    out = api.render_benchmark(bench, "html", lang="qps")
    assert isinstance(out, str)
    found = leaks(strip_html(out), report_data(report) | _bench_data(bench))
    assert not found, _show(found)


def test_intake_template() -> None:
    from mcqa.intake_template import build_template

    texts = _xlsx_texts(build_template(("eu-2022",), rows=5, lang="qps"))
    from mcqa.packs import resolve_packs

    citations = {r.citation.display() for p in resolve_packs(["eu-2022"]).packs
                 for r in p.rules} | {r.citation.document for p in
                                      resolve_packs(["eu-2022"]).packs for r in p.rules}
    found = leaks("\n".join(texts), citations)
    assert not found, _show(found)


@pytest.fixture(scope="module")
def esco_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small English ESCO index of the dossier tests (its labels are data)."""
    from mcqa.esco import import_esco
    from tests.dossier.conftest import build_slice

    base = tmp_path_factory.mktemp("esco")
    import_esco(build_slice(base / "csv"), base / "esco.sqlite", version="v1.1.1")
    return base / "esco.sqlite"


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("with_esco", [False, True])
def test_dossier(fmt: str, with_esco: bool, request: pytest.FixtureRequest) -> None:
    from mcqa.dossier import load_record

    esco = {"esco_db": request.getfixturevalue("esco_db"),
            "review": REPO / "tests" / "dossier" / "fixtures" / "review.yaml"} if with_esco else {}
    d = api.dossier(DOSSIER_EXAMPLE, "DE", as_of=date(2025, 10, 1), use_default_esco=False,
                    lang="qps", **esco)
    out = api.render_dossier(d, fmt, lang="qps")
    assert isinstance(out, str)
    if fmt == "html":
        out = strip_html(out)
    record = load_record(DOSSIER_EXAMPLE)
    found = leaks(out, data_of(record) | _cited(d.model_dump(mode="json")))
    assert not found, _show(found)


def _cited(value: Any) -> set[str]:
    """Titles of the documents a dossier cites (SourceRef, source notes, level steps,
    workload sources), ESCO labels and the files it hashes: data, not program text."""
    out: set[str] = set()
    if isinstance(value, dict):
        if "url" in value and isinstance(value.get("title"), str):
            out.add(value["title"])
        if "uri" in value and isinstance(value.get("label"), str):
            out.add(value["label"])  # an ESCO label, in the index's language
        if value.get("kind") == "source" or value.get("kind") == "credential":
            out.add(str(value.get("text")))
        for key in ("source_title", "path", "file", "sha256", "document", "locator", "citation"):
            if isinstance(value.get(key), str):
                out.add(value[key])
        out.update(s for s in value.get("sources", ()) if isinstance(s, str))
        for v in value.values():
            out |= _cited(v)
    elif isinstance(value, list):
        for v in value:
            out |= _cited(v)
    return out
