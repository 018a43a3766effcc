"""Folders as offices keep them: catalogues next to PDFs, scans, lock files and notes.

Only files that could be micro-credentials or catalogues are read; the rest are skipped,
counted and named once in the summary, never records; a path with nothing to check is an
input error (exit 2), for check, benchmark and a template read back empty.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from mcqa.batch import BatchOptions, check_batch, skipped_line
from mcqa.intake_template import build_template
from mcqa.loaders import LoadOptions, candidate_files
from mcqa.loaders.candidates import is_selected, not_a_candidate
from tests.test_cli import _invoke

AS_OF = "2026-01-01"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17


def _office_folder(root: Path) -> Path:
    root.mkdir()
    (root / "katalog.csv").write_text("Titel;ECTS;Anbieter;Niveau EQF\nKurs A;5;HS X;6\n"
                                      "Kurs B;2,5;HS X;5\n", encoding="utf-8")
    sub = root / "2024"
    sub.mkdir()
    (sub / "catalogue.csv").write_text("Title,ECTS,Provider\nCourse C,3,Uni Y\n",
                                       encoding="utf-8")
    (root / "Leitfaden.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (root / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    (root / "logo.png").write_bytes(PNG)
    (root / "~$katalog.xlsx").write_bytes(b"\x0bAnna Muster" + b"\x00" * 40)
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (root / ".hidden.csv").write_text("Title,ECTS\nSecret,1\n", encoding="utf-8")
    (root / "README.md").write_text("# Kataloge 2025\n", encoding="utf-8")
    (root / "Notizen.txt").write_text("Bitte bis Freitag, danke.\n", encoding="utf-8")
    with zipfile.ZipFile(root / "Protokoll.docx", "w") as doc:
        doc.writestr("word/document.xml", "<w:document/>")
    return root


def test_only_credentials_and_catalogues_are_read(tmp_path: Path) -> None:
    folder = _office_folder(tmp_path / "Kataloge")
    result = check_batch([folder], as_of=None, options=BatchOptions(jobs=1, progress=False))
    counts = result.counts
    assert counts.read_records == 3 and counts.read_problems == 0 and counts.balanced
    assert counts.files == 2 and counts.skipped_files == 9
    assert {r.source_file.rsplit("/", 1)[-1] for r in result.report.records} == {
        "katalog.csv", "catalogue.csv"}
    assert not any(r.input_error for r in result.report.records)
    line = skipped_line(counts)
    assert line is not None and line.startswith("skipped 9 files that are not credentials or "
                                                "catalogues: ")
    assert "(a hidden file)" in line and "and 4 more" in line


@pytest.mark.parametrize(("name", "content", "what"), [
    ("a.pdf", b"%PDF-1.4", "a PDF document"), ("b.jpeg", b"\xff\xd8\xff\xdb", "an image"),
    ("c.png", PNG, "an image without a baked badge"), ("~$x.xlsx", b"\x05Anna", "an Office lock file"),
    (".~lock.x.xlsx#", b",Anna,host", "an Office lock file"), ("Thumbs.db", b"\xd0\xcf", "a system file"),
    ("README", b"read me", "a README or licence"), ("x.docx", None, "a Word document"),
    ("notes.txt", b"Nothing tabular here.", "not a format mcqa reads"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a legacy Office document"),
])
def test_what_is_not_a_candidate(tmp_path: Path, name: str, content: bytes | None,
                                 what: str) -> None:
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("word/document.xml", "<w:document/>")
    else:
        path.write_bytes(content)
    assert not_a_candidate(path) == what


@pytest.mark.parametrize(("name", "content"), [
    ("damaged.xlsx", b"PK\x03\x04broken"), ("empty.csv", b""), ("c.json", b"{not json"),
    ("catalogue.txt", b"Title;ECTS\nA;5\n"), ("legacy.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
])
def test_broken_catalogues_are_still_read_and_reported(tmp_path: Path, name: str,
                                                       content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert not_a_candidate(path) is None


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    folder = _office_folder(tmp_path / "k")
    names = lambda **kw: sorted(Path(d).name for _, d in  # noqa: E731
                                candidate_files([folder], LoadOptions(**kw)))
    assert names() == ["catalogue.csv", "katalog.csv"]
    assert names(exclude=("2024/*",)) == ["katalog.csv"]
    assert names(include=("catalogue*",)) == ["catalogue.csv"]
    assert is_selected("2024/catalogue.csv", ["*.csv"], ["*draft*"])
    assert not is_selected("draft-2.csv", [], ["*draft*"])


def test_named_files_are_always_read(tmp_path: Path) -> None:
    pdf = tmp_path / "notes.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    code, _, err = _invoke(["check", str(pdf), "--as-of", AS_OF])
    assert code == 2 and "content is not a format mcqa reads" in err


def test_cli_folder_mixing_catalogues_with_pdfs_and_images(tmp_path: Path) -> None:
    folder = _office_folder(tmp_path / "Kataloge")
    out = tmp_path / "r.json"
    code, _, err = _invoke(["check", str(folder), "--format", "json", "-o", str(out),
                            "--as-of", AS_OF, "--jobs", "1"])
    assert code in (0, 1), err
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["summary"]["records"] == 3 and report["summary"]["input_errors"] == 0
    assert err.count("skipped 9 files that are not credentials or catalogues") == 1
    assert "9 reported" not in err and "3 read (3 records, 0 unreadable)" in err


def test_empty_folder_and_junk_only_folder_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = _invoke(["check", str(empty), "--as-of", AS_OF])
    assert code == 2 and out == ""
    assert f"no micro-credentials found in {empty}" in err
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "a.pdf").write_bytes(b"%PDF-1.4")
    target = tmp_path / "b.xlsx"
    code, _, err = _invoke(["benchmark", str(junk), "-o", str(target), "--as-of", AS_OF])
    assert code == 2 and not target.exists()
    assert "no micro-credentials found" in err and "a.pdf (a PDF document)" in err


def test_template_read_back_empty_exits_2(tmp_path: Path) -> None:
    template = tmp_path / "intake.xlsx"
    template.write_bytes(build_template())
    code, _, err = _invoke(["check", str(template), "--as-of", AS_OF])
    assert code == 2
    assert f"{template}:" in err and "no micro-credentials found" in err
    target = tmp_path / "b.xlsx"
    code, _, err = _invoke(["benchmark", str(template), "-o", str(target), "--as-of", AS_OF])
    assert code == 2 and not target.exists()
    assert f"no micro-credentials found in {template}" in err
