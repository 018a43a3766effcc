"""Streamed reports (JSON, text, Markdown) are the in-memory reports, byte for byte."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from mcqa import __version__
from mcqa.api import data_versions
from mcqa.batch import (
    BatchOptions,
    check_batch,
    check_to_json,
    check_to_stream,
    stream_json_report,
    stream_report,
)
from mcqa.engine.waivers import Waiver
from mcqa.model import Severity
from mcqa.packs import resolve_packs
from mcqa.render import get_renderer
from mcqa.render.json import render_json
from mcqa.schemas import report_schema
from tests.batch.conftest import AS_OF, EXAMPLES


@pytest.mark.parametrize("jobs", [1, 2])
def test_stream_equals_rendered_report(catalogue: Path, jobs: int) -> None:
    paths = [EXAMPLES, catalogue]
    opts = BatchOptions(jobs=jobs, chunk_size=50, progress=False)
    out = io.StringIO()
    run = check_to_json(paths, out, as_of=AS_OF, options=opts)
    report = check_batch(paths, as_of=AS_OF, options=opts).report
    assert out.getvalue() == render_json(report)
    assert run.summary == report.summary
    assert run.exit_codes == {s.value: report.exit_code(s) for s in Severity}
    assert run.counts.balanced and run.counts.reported == report.summary.records > 600
    import jsonschema

    jsonschema.validate(json.loads(out.getvalue()), report_schema())


@pytest.mark.parametrize(("fmt", "render_options"), [
    ("text", {}), ("text", {"color": True, "width": 90, "show_passes": True}), ("md", {})])
def test_text_and_markdown_streams_equal_rendered_report(
        catalogue: Path, fmt: str, render_options: dict[str, object]) -> None:
    paths = [EXAMPLES, catalogue]
    opts = BatchOptions(jobs=2, chunk_size=50, progress=False)
    out = io.StringIO()
    run = check_to_stream(paths, out, fmt=fmt, render_options=render_options, as_of=AS_OF,
                          options=opts)
    report = check_batch(paths, as_of=AS_OF, options=opts).report
    assert out.getvalue() == get_renderer(fmt)(report, **render_options)
    assert run.summary == report.summary and run.counts.balanced


@pytest.mark.parametrize(("fmt", "jobs"), [("json", 2), ("text", 1), ("md", 1)])
def test_stream_with_waivers_and_notes(catalogue: Path, fmt: str, jobs: int) -> None:
    waivers = (Waiver(rule="EU-AI-M02", records="rec-0059*", justification="title added next term",
                      approver="QA board"),
               Waiver(rule="EU-AI-M02", records="none", justification="kept to be noted",
                      approver="QA board"))
    rules = resolve_packs(["eu-2022"])
    kw = {"as_of": AS_OF, "waivers": waivers, "mcqa_version": __version__,
          "data_versions": data_versions(),
          "options": BatchOptions(jobs=jobs, chunk_size=40, progress=False)}
    out = io.StringIO()
    if fmt == "json":
        stream_json_report([catalogue], rules, out, **kw)  # type: ignore[arg-type]
    else:
        stream_report([catalogue], rules, out, fmt=fmt, **kw)  # type: ignore[arg-type]
    from mcqa.batch import run_batch

    report = run_batch([catalogue], rules, **kw).report  # type: ignore[arg-type]
    assert out.getvalue() == get_renderer(fmt)(report)
    assert "unused" in out.getvalue() and "QA board" in out.getvalue()


def test_stream_of_nothing(tmp_path: Path) -> None:
    out = io.StringIO()
    run = check_to_json([tmp_path], out, as_of=AS_OF,
                        options=BatchOptions(jobs=1, progress=False))
    report = check_batch([tmp_path], as_of=AS_OF, options=BatchOptions(jobs=1)).report
    assert out.getvalue() == render_json(report)
    assert '"records": [],' in out.getvalue() and run.exit_codes["error"] == 0
    for fmt in ("text", "md"):
        out = io.StringIO()
        check_to_stream([tmp_path], out, fmt=fmt, as_of=AS_OF,
                        options=BatchOptions(jobs=1, progress=False))
        assert out.getvalue() == get_renderer(fmt)(report) and "0 records" in out.getvalue()


def test_cli_json_is_streamed_to_file_atomically(tmp_path: Path, catalogue: Path) -> None:
    target = tmp_path / "report.json"
    from tests.test_cli import _invoke

    code, _, err = _invoke(["check", str(catalogue), "--format", "json", "-o", str(target),
                            "--as-of", AS_OF.isoformat(), "--jobs", "2"])
    assert code == 1, err
    report = check_batch([catalogue], as_of=AS_OF, options=BatchOptions(jobs=1)).report
    assert target.read_text(encoding="utf-8") == render_json(report)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no leftovers
    assert "all accounted for" in err
