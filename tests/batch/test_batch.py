"""The batch engine equals the sequential engine, isolates failures and counts everything."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import mcqa.batch as batch
from mcqa import __version__
from mcqa.api import check_items, data_versions
from mcqa.batch import BatchOptions, check_batch, run_batch
from mcqa.engine.waivers import Waiver
from mcqa.loaders import load_paths
from mcqa.model import InputProblem
from mcqa.packs import resolve_packs
from mcqa.render.text import closing_line as counts_line
from tests.batch.conftest import AS_OF, EXAMPLES


def _sequential(paths: list[Path], waivers: tuple[Waiver, ...] = ()) -> Any:
    return check_items(load_paths(paths), resolve_packs(["eu-2022"]), as_of=AS_OF,
                       waivers=waivers)


@pytest.mark.parametrize("jobs", [1, 2])
def test_parallel_equals_build_report(catalogue: Path, jobs: int) -> None:
    paths = [catalogue, EXAMPLES]
    result = check_batch(paths, as_of=AS_OF,
                         options=BatchOptions(jobs=jobs, chunk_size=50, progress=False))
    expected = _sequential(paths)
    assert result.report.model_dump_json() == expected.model_dump_json()
    assert result.counts.balanced
    assert result.counts.reported == expected.summary.records > 600
    assert result.counts.gaps == expected.summary.with_gaps
    assert result.counts.conforms == expected.summary.conforming


def test_waiver_use_is_merged_across_workers(catalogue: Path) -> None:
    waivers = (
        Waiver(rule="EU-AI-M02", records="rec-0059*", justification="title added next term",
               approver="QA board"),
        Waiver(rule="EU-AI-M02", records="nothing-matches", justification="kept to be noted",
               approver="QA board"),
    )
    rules = resolve_packs(["eu-2022"])
    got = run_batch([catalogue], rules, as_of=AS_OF, waivers=waivers,
                    options=BatchOptions(jobs=2, chunk_size=40, progress=False),
                    mcqa_version=__version__, data_versions=data_versions())
    expected = _sequential([catalogue], waivers)
    assert got.report.model_dump_json() == expected.model_dump_json()
    assert [n.records for n in got.report.waiver_notes] == ["nothing-matches"]
    assert got.report.summary.findings_by_status["waived"] == 1


def test_one_broken_record_is_isolated(catalogue: Path, monkeypatch: pytest.MonkeyPatch
                                       ) -> None:
    real = batch.record_result

    def flaky(item: Any, *args: Any) -> Any:
        if getattr(item, "record_id", "") == "rec-00003":
            raise RuntimeError("boom")
        return real(item, *args)

    monkeypatch.setattr(batch, "record_result", flaky)
    result = check_batch([catalogue], as_of=AS_OF,
                         options=BatchOptions(jobs=1, progress=False))
    broken = [r for r in result.report.records if r.outcome == "input_error"]
    assert [r.record_id for r in broken] == ["rec-00003"]
    assert broken[0].input_error is not None and "RuntimeError: boom" in broken[0].input_error
    assert result.counts.engine_failures == 1
    assert result.counts.reported == 600 and result.counts.balanced


@pytest.mark.parametrize("jobs", [1, 2])
def test_crashing_loader_keeps_earlier_records_and_next_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """jobs=1 reads in this process (load_units); jobs=2 defers each file to the
    checking side (load_file inside a Deferred unit): both isolate the crash."""
    from mcqa import loaders

    ok = tmp_path / "b.yaml"
    ok.write_bytes((EXAMPLES / "ie-data-analytics-nfq8.yaml").read_bytes())
    bad = tmp_path / "a.yaml"
    bad.write_bytes(ok.read_bytes())
    real = loaders.load_units

    def crashing(path: Path, display: str | None = None, options: Any = None) -> Iterator[Any]:
        if path.name == "a.yaml":
            yield InputProblem(file=str(path), message="first item")
            raise ValueError("loader bug")
        yield from real(path, display, options)

    monkeypatch.setattr(loaders, "load_file", crashing)
    monkeypatch.setattr(loaders, "load_units", crashing)
    result = check_batch([tmp_path], as_of=AS_OF,
                         options=BatchOptions(jobs=jobs, progress=False))
    errors = [r.input_error for r in result.report.records if r.input_error]
    assert len(errors) == 2 and any("ValueError: loader bug" in e for e in errors)
    assert result.counts.read_problems == 2 and result.counts.read_records == 1
    assert result.counts.files == 2 and result.counts.balanced


def test_counts_line_says_whether_balanced(catalogue: Path) -> None:
    counts = check_batch([catalogue], as_of=AS_OF,
                         options=BatchOptions(jobs=1, progress=False)).counts
    assert counts_line(counts).endswith("all accounted for")
    broken = counts.model_copy(update={"reported": counts.reported - 1})
    assert not broken.balanced and "MISMATCH" in counts_line(broken)


def test_empty_input_gives_empty_balanced_report(tmp_path: Path) -> None:
    result = check_batch([tmp_path], as_of=AS_OF, options=BatchOptions(jobs=2, progress=False))
    assert result.report.records == () and result.counts.balanced and result.counts.files == 0
