"""Benchmark computation (coverage from presence rules, score, ranking) and its renderers."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mcqa.batch import BatchOptions
from mcqa.benchmarking import W_CONFORMING, W_COVERAGE, Benchmark, run_benchmark
from mcqa.cli import cli
from mcqa.errors import ConfigError
from mcqa.render.benchmark_html import render_benchmark_html
from mcqa.render.xlsx import render_benchmark_xlsx
from tests.batch.conftest import AS_OF, HEADER

EVIL = '=HYPERLINK("http://x","<script>alert(1)</script>")'


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Benchmark:
    path = tmp_path_factory.mktemp("bm") / "c.csv"
    full = ["specification", "Data analytics", "P", "Good", "IE", "5", "6", "exam", "online",
            "Analyse data", "ISO 9001 certified"]
    gaps = ["specification", "", "Q", EVIL, "", "", "", "", "", "", ""]
    lines = [",".join(HEADER)]
    lines += [",".join([f"g{i}", *full]) for i in range(3)]
    lines += [",".join([f"b{i}", *(f'"{v.replace(chr(34), chr(34) * 2)}"' for v in gaps)])
              for i in range(2)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bm, counts = run_benchmark([path], as_of=AS_OF, options=BatchOptions(jobs=1,
                                                                          progress=False))
    assert counts.balanced and counts.reported == 5
    return bm


def test_coverage_score_and_ranking(bench: Benchmark) -> None:
    good, bad = bench.groups
    assert (good.key, good.rank, bad.key, bad.rank) == ("Good", 1, EVIL, 2)
    # learner and issue date are not applicable to specifications: 9 applicable elements
    assert {e.element: e.applicable for e in good.elements}["learner"] == 0
    # no awarding-body column: the provider column names it (same cell), so all 9 present
    missing = [e.element for e in good.elements if e.applicable and e.present < e.applicable]
    assert missing == [] and good.coverage == 1.0
    assert good.score == round(100 * (W_COVERAGE * good.coverage
                                      + W_CONFORMING * good.conforming_share), 1)
    present = sum(e.present for e in bad.elements)
    applicable = sum(e.applicable for e in bad.elements)
    assert applicable == 2 * 9 and bad.coverage == round(present / applicable, 4)
    assert bad.score == round(100 * (W_COVERAGE * bad.coverage + W_CONFORMING * 0.0), 1)
    assert bench.overall.records == 5 and sum(bench.overall.coverage_histogram) == 5
    assert bad.fails_by_rule["EU-AI-M02"] == 2 and bad.fails_by_severity["error"] > 0


def test_xlsx_is_stable_safe_and_structured(bench: Benchmark) -> None:
    data = render_benchmark_xlsx(bench)
    assert data == render_benchmark_xlsx(bench)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Summary", "Element coverage", "Failures by rule", "Findings"]
    summary = wb["Summary"]
    cells = [c for row in summary.iter_rows() for c in row if c.value == "'" + EVIL]
    assert cells and all(c.data_type == "s" for c in cells)
    assert len(summary._charts) == 2
    heat = wb["Element coverage"]
    assert (heat.conditional_formatting and heat["B2"].value == 0.0) or heat["B2"].value is None
    findings = wb["Findings"]
    assert findings.freeze_panes == "A2" and findings.auto_filter.ref.startswith("A1:L")
    assert [c.value for c in next(findings.iter_rows(max_row=1))] == [
        "group", "record id", "title", "source file", "rule id", "severity", "element",
        "message", "found", "remedy", "citation", "location"]  # headers for people (translated)
    m02 = next(r for r in findings.iter_rows(min_row=2, values_only=True) if r[4] == "EU-AI-M02")
    assert m02[9] and "Council Recommendation 2022/C 243/02" in m02[10] and m02[11]
    assert summary["D2"].number_format == "0.0%" and heat["B3"].number_format in ("0.0%",
                                                                                 "General")
    assert not any(isinstance(c.value, str) and c.value.startswith("=")
                   for ws in wb for row in ws.iter_rows() for c in row)


def _chart_refs(data: bytes) -> list[tuple[str, list[str]]]:
    """(title, [series-title ref, categories ref, values ref]) of every chart, read from
    the chart parts of the XLSX as Excel would."""
    import re
    import zipfile

    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in sorted(n for n in z.namelist() if n.startswith("xl/charts/chart")):
            xml = z.read(name).decode()
            title = "".join(re.findall(r"<a:t>([^<]*)</a:t>", xml))
            out.append((title, re.findall(r"<(?:c:)?f>([^<]*)</(?:c:)?f>", xml)))
    return out


def test_chart_ranges_point_at_their_tables(bench: Benchmark) -> None:
    data = render_benchmark_xlsx(bench)
    ws = openpyxl.load_workbook(io.BytesIO(data))["Summary"]

    def cells(ref: str) -> list[object]:
        rng = ref.split("!", 1)[1].replace("$", "")
        if ":" not in rng:
            return [ws[rng].value]
        return [c.value for row in ws[rng] for c in row]

    (score_title, score), (hist_title, hist) = _chart_refs(data)
    assert score_title.startswith("Score by provider") and len(score) == 3
    assert cells(score[0]) == ["score"]
    assert cells(score[1]) == [g.key if not g.key.startswith("=") else "'" + g.key
                               for g in bench.groups]
    assert cells(score[2]) == [g.score for g in bench.groups]
    assert hist_title == "Records by mandatory-element coverage" and len(hist) == 3
    assert cells(hist[0]) == ["records"]
    assert cells(hist[1]) == list(bench.bins) and cells(hist[1])[0] == "0-10%"
    assert cells(hist[2]) == list(bench.overall.coverage_histogram)


def test_html_heat_map_says_na_and_steps_colours(bench: Benchmark) -> None:
    from mcqa.render.benchmark_html import heat_class

    page = render_benchmark_html(bench)
    assert '<td class="na">n/a</td>' in page
    assert [heat_class(x) for x in (None, 0.1, 0.3, 0.6, 0.83, 0.95, 1.0)] == [
        "na", "h0", "h1", "h2", "h3", "h4", "h5"]
    assert "EU-AI-M02</td><td class=\"l name\">title.present" in page


def test_findings_sheet_keeps_error_codes_and_formulas_as_text(tmp_path: Path) -> None:
    """The findings sheet writes plain strings for speed; the values openpyxl would not
    type as text (formulas, Excel error codes) must still arrive as text."""
    src = tmp_path / "c.csv"
    src.write_text(",".join(HEADER) + '\n"#N/A",specification,"=1+1",P,"#REF!",,,,,,,\n',
                   encoding="utf-8")
    bm, _ = run_benchmark([src], as_of=AS_OF, options=BatchOptions(jobs=1, progress=False))
    ws = openpyxl.load_workbook(io.BytesIO(render_benchmark_xlsx(bm)))["Findings"]
    rows = list(ws.iter_rows(min_row=2))
    assert rows and all(c.data_type == "s" for row in rows for c in row if c.value is not None)
    assert (rows[0][0].value, rows[0][1].value, rows[0][2].value) == ("#REF!", "#N/A", "'=1+1")


def test_html_is_self_contained_and_escaped(bench: Benchmark) -> None:
    page = render_benchmark_html(bench)
    assert page == render_benchmark_html(bench)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert " src=" not in page and "<link" not in page and "<svg" in page
    assert bench.formula in page


def test_cli_benchmark_writes_each_format(tmp_path: Path, bench: Benchmark) -> None:
    src = tmp_path / "c.csv"
    src.write_text(",".join(HEADER) + "\nx1,specification,Data,P,Prov,IE,5,6,exam,online,a,b\n",
                   encoding="utf-8")
    for name in ("b.xlsx", "b.html", "b.json"):
        out = tmp_path / name
        res = CliRunner().invoke(cli, ["benchmark", str(src), "-o", str(out), "--as-of",
                                       AS_OF.isoformat(), "-j", "1"])
        assert res.exit_code == 0, res.output
        assert out.stat().st_size > 500
    res = CliRunner().invoke(cli, ["benchmark", str(src), "-o", str(tmp_path / "b.txt")])
    assert isinstance(res.exception, ConfigError) and "--format" in str(res.exception)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(*[st.sampled_from(["", "a", "b", "é", "Z", "a b", "😀"])] * 12),
                max_size=40))
def test_failure_spool_sorts_like_a_stable_python_sort(rows: list[tuple[str, ...]]) -> None:
    """The disk spool returns failure rows in exactly the order sorted() gave in memory."""
    from mcqa.benchmarking import FailureSpool

    spool = FailureSpool()
    for row in rows:
        spool.add(row)
    expected = sorted(rows, key=lambda r: (r[0], r[3], r[1], r[4], r[11]))
    assert list(spool.rows()) == expected and spool.count == len(rows)


def test_workbook_writing_shows_a_spinner_only_on_a_terminal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """After the progress bar ends, a national workbook takes a while to write: a
    terminal user sees what is happening, logs stay clean."""
    import contextlib
    import sys

    from rich.status import Status

    from mcqa.cli.benchmark import _writing

    assert isinstance(_writing(Path("b.xlsx"), 10), contextlib.nullcontext)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    status = _writing(Path("[bold]b\x1b[31m.xlsx"), 12_208)
    assert isinstance(status, Status)
    with status:  # a name that looks like rich markup is shown as it is
        assert str(status.renderable.text) == "writing [bold]b.xlsx (12,208 failure rows)"
