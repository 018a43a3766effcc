"""mcqa's own reports in a scanned folder (issue 14, review): never read as credentials,
skipped as "an mcqa report" and counted like other skipped files; ``-o`` may replace an
earlier report there (this run's own output is not read at all), never a file that is read
as an input. Every format of ``check``, ``benchmark``, ``dossier`` and ``diff`` is written
for real by the CLI (in-process: the outcome, not the process, is under test).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mcqa.loaders.reports import REPORT_REASON, report_file_kind
from tests.conftest import REPO

from .inproc import invoke
from .test_hostile_inputs import GOOD

AS_OF = ("--as-of", "2026-01-01")
SKIP = f"not a micro-credential: {REPORT_REASON}, "

# output file -> the command that writes it (run from the folder holding in/c.json)
OUTPUTS: dict[str, tuple[str, ...]] = {
    **{f"check.{fmt}": ("check", "in", "--format", fmt, *AS_OF) for fmt in
       ("text", "json", "md", "html", "pdf", "sarif", "junit")},
    **{f"benchmark.{fmt}": ("benchmark", "in", "--format", fmt, *AS_OF) for fmt in
       ("xlsx", "html", "json")},
    **{f"dossier.{fmt}": ("dossier", "in/c.json", "--to", "DE", "--no-esco", "--format", fmt,
                          *AS_OF) for fmt in ("html", "pdf", "jsonld", "md", "json")},
    **{f"diff.{fmt}": ("diff", "check.json", "check.json", "--format", fmt) for fmt in
       ("text", "json", "md")},
    # the words differ in every language; the structure mcqa recognises does not
    **{f"check-{lang}.{fmt}": ("check", "in", "--format", fmt, "--lang", lang, *AS_OF)
       for lang in ("de", "pl") for fmt in ("text", "md", "html", "sarif")},
    **{f"benchmark-{lang}.{fmt}": ("benchmark", "in", "--format", fmt, "--lang", lang, *AS_OF)
       for lang in ("de", "pl") for fmt in ("xlsx", "html")},
    **{f"dossier-{lang}.{fmt}": ("dossier", "in/c.json", "--to", "DE", "--no-esco", "--format",
                                 fmt, "--lang", lang, *AS_OF)
       for lang in ("de", "pl") for fmt in ("html", "md")},
    **{f"diff-{lang}.{fmt}": ("diff", "check.json", "check.json", "--format", fmt, "--lang", lang)
       for lang in ("de", "pl") for fmt in ("text", "md")},
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding one report of every command and format (``check.json`` first: the
    diffs read it)."""
    base = tmp_path_factory.mktemp("reports")
    (base / "in").mkdir()
    (base / "in" / "c.json").write_text(json.dumps(GOOD), encoding="utf-8")
    for name, args in sorted(OUTPUTS.items(), key=lambda kv: kv[0] != "check.json"):
        proc = invoke(*args, "-o", name, cwd=base)
        assert proc.returncode in (0, 1), (name, proc.stderr)
        assert (base / name).stat().st_size > 0, name
    return base


def _check(folder: Path, *extra: str) -> tuple[int, dict[str, object], str]:
    proc = invoke("check", ".", "--format", "json", *AS_OF, *extra, cwd=folder)
    return proc.returncode, json.loads(proc.stdout) if proc.stdout else {}, proc.stderr


def test_every_report_in_a_scanned_folder_is_skipped(reports: Path, tmp_path: Path) -> None:
    """Found in a folder, each report is a file that is not read: counted and named in the
    closing note like a PDF or a lock file, never a record, never an input error."""
    folder = tmp_path / "scan"
    folder.mkdir()
    for name in OUTPUTS:
        shutil.copy(reports / name, folder / name)
    # a credential is judged by its content, never its name
    (folder / "report.json").write_text(json.dumps(GOOD), encoding="utf-8")
    note = f"skipped {len(OUTPUTS)} files that are not credentials or catalogues: "
    code, report, stderr = _check(folder)
    assert code == 1, stderr  # the credential has gaps; no report is an input error
    records = report["records"]
    assert [Path(r["source_file"]).name for r in records] == ["report.json"]  # type: ignore[attr-defined]
    assert report["summary"]["skipped"] == 0  # type: ignore[index]
    (line,) = [ln for ln in stderr.splitlines() if "not credentials or catalogues" in ln]
    assert note in line and f"({REPORT_REASON}, " in line, line
    assert "a PDF document" not in line  # the PDFs are known as reports too
    proc = invoke("check", ".", *AS_OF, cwd=folder)
    assert "SKIPPED" not in proc.stdout and "INPUT ERROR" not in proc.stdout
    proc = invoke("benchmark", ".", *AS_OF, "-o", str(tmp_path / "b.json"), cwd=folder)
    bench = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert proc.returncode == 0 and note in proc.stderr, proc.stderr
    assert bench["overall"]["records"] == 1 and bench["overall"]["input_errors"] == 0


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_a_report_named_as_input_is_one_skipped_item(reports: Path, name: str) -> None:
    proc = invoke("check", name, "--format", "json", *AS_OF, cwd=reports)
    assert proc.returncode == 0, proc.stderr
    (record,) = json.loads(proc.stdout)["records"]
    assert record["outcome"] == "skipped" and record["skipped"].startswith(SKIP), record


def test_the_golden_reports_are_mcqa_reports() -> None:
    """Every example report in reports/ (several languages and packs) is recognised."""
    goldens = sorted((REPO / "reports").iterdir())
    assert len(goldens) > 10
    assert [p.name for p in goldens if report_file_kind(p) is None] == []


def test_a_damaged_report_is_not_taken_for_one(reports: Path, tmp_path: Path) -> None:
    """The structure decides: a report cut short (a diff without its closing totals), or a
    JSON object that merely says ``"tool": "mcqa"``, is read like any other file."""
    (tmp_path / "cut.json").write_bytes((reports / "diff.json").read_bytes()[:-200])
    (tmp_path / "tool.json").write_text(json.dumps({"tool": "mcqa"}), encoding="utf-8")
    _, report, _ = _check(tmp_path)
    outcomes = {Path(r["source_file"]).name: r["outcome"]  # type: ignore[index]
                for r in report["records"]}  # type: ignore[index]
    assert outcomes == {"cut.json": "input_error", "tool.json": "input_error"}


@pytest.mark.parametrize("fmt", ["json", "text", "md", "html", "sarif", "junit"])
def test_check_twice_into_the_scanned_folder(tmp_path: Path, fmt: str) -> None:
    """``mcqa check . -o report`` run twice: allowed both times, the same bytes both times
    (its own output is not an input, not even a skipped one)."""
    (tmp_path / "c.json").write_text(json.dumps(GOOD), encoding="utf-8")
    out = tmp_path / f"report.{fmt}"
    first = invoke("check", ".", "--format", fmt, *AS_OF, "-o", out.name, cwd=tmp_path)
    assert first.returncode == 1, first.stderr
    written = out.read_bytes()
    second = invoke("check", ".", "--format", fmt, *AS_OF, "-o", out.name, cwd=tmp_path)
    assert second.returncode == 1 and second.stderr == first.stderr, second.stderr
    assert out.read_bytes() == written and out.name.encode() not in written


def test_benchmark_dossier_diff_replace_their_earlier_reports(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text(json.dumps(GOOD), encoding="utf-8")
    assert invoke("check", ".", "--format", "json", *AS_OF, "-o", "r.json",
                  cwd=tmp_path).returncode == 1
    runs = [("benchmark", ".", *AS_OF, "-o", "b.xlsx"),
            ("benchmark", ".", *AS_OF, "-o", "b.html"),
            ("dossier", "c.json", "--to", "DE", "--no-esco", *AS_OF, "-o", "d.html"),
            ("diff", "r.json", "r.json", "--format", "md", "-o", "d.md")]
    for args in runs * 2:
        proc = invoke(*args, cwd=tmp_path)
        assert proc.returncode == 0, (args, proc.stderr)
    # the benchmark's own output is not read; the other reports are skipped files, no records
    proc = invoke("benchmark", ".", *AS_OF, "-o", "b.json", cwd=tmp_path)
    bench = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert bench["overall"]["records"] == 1 and bench["overall"]["input_errors"] == 0
    assert "skipped 5 files that are not credentials or catalogues" in proc.stderr, proc.stderr


def test_output_that_is_read_as_input_is_still_refused(tmp_path: Path) -> None:
    """A credential in the scanned folder is never overwritten, whatever the format; nor is a
    report the user named as an input (``diff``'s reports, a report named to ``check``)."""
    cred = tmp_path / "c.json"
    cred.write_text(json.dumps(GOOD), encoding="utf-8")
    original = cred.read_bytes()
    for fmt in ("json", "md", "html"):
        proc = invoke("check", ".", "--format", fmt, "-o", "c.json", cwd=tmp_path)
        assert proc.returncode == 2, proc.stderr
        (line,) = proc.stderr.splitlines()
        assert "inside the scanned folder ., so it is an input of this run; not overwritten" \
            in line
        assert "c.json" in line
    proc = invoke("benchmark", ".", "-o", "c.json", cwd=tmp_path)
    assert proc.returncode == 2 and "not overwritten" in proc.stderr
    assert cred.read_bytes() == original
    assert invoke("check", "c.json", "--format", "json", "-o", "r.json",
                  cwd=tmp_path).returncode == 1
    report = (tmp_path / "r.json").read_bytes()
    for args in (("check", "r.json", "-o", "r.json"), ("diff", "r.json", "r.json", "-o", "r.json"),
                 ("check", ".", "r.json", "--format", "json", "-o", "r.json")):
        proc = invoke(*args, cwd=tmp_path)
        assert proc.returncode == 2 and "is an input of this run" in proc.stderr, proc.stderr
    assert (tmp_path / "r.json").read_bytes() == report
