"""A broken framework file is a PackError naming the file and the location, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcqa.errors import PackError
from mcqa.frameworks import load_frameworks


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_schema_violation_names_file_pointer_and_line(fw_dir: Path) -> None:
    path = fw_dir / "IE-NFQ.yaml"
    _edit(path, "status: referenced", "status: roughly")
    with pytest.raises(PackError) as exc:
        load_frameworks(fw_dir)
    err = exc.value
    assert err.file == str(path.resolve())
    line = _line_of(path, "status: roughly")
    assert err.location == f"/levels/0/eqf/status (line {line})"
    assert "IE-NFQ.yaml:/levels/0/eqf/status" in err.one_line()


def test_invented_number_for_unreferenced_level_rejected(fw_dir: Path) -> None:
    path = fw_dir / "NZ-NZQF.yaml"
    _edit(path, "status: not_referenced", "status: not_referenced\n    level: 7")
    with pytest.raises(PackError) as exc:
        load_frameworks(fw_dir)
    assert exc.value.location is not None and exc.value.location.startswith("/levels/7/eqf")
    assert "'level' must not be given when status is 'not_referenced'" in exc.value.message


def test_yaml_syntax_error_names_line(fw_dir: Path) -> None:
    path = fw_dir / "DE-DQR.yaml"
    path.write_text("id: DE-DQR\nlevels: [1, 2\n", encoding="utf-8")
    with pytest.raises(PackError) as exc:
        load_frameworks(fw_dir)
    assert exc.value.file == str(path.resolve())
    assert exc.value.location is not None and exc.value.location.startswith("line ")


def test_unknown_source_reference(fw_dir: Path) -> None:
    _edit(fw_dir / "AT-NQR.yaml", "source: qualifikationsregister-at",
          "source: nowhere")
    with pytest.raises(PackError, match="unknown source id 'nowhere'") as exc:
        load_frameworks(fw_dir)
    assert exc.value.location is not None and "/eqf/source" in exc.value.location


def test_file_name_must_match_id(fw_dir: Path) -> None:
    (fw_dir / "AT-NQR.yaml").rename(fw_dir / "AT.yaml")
    with pytest.raises(PackError, match="does not match the file name"):
        load_frameworks(fw_dir)


def test_country_claimed_twice(fw_dir: Path) -> None:
    _edit(fw_dir / "AT-NQR.yaml", "- AT\n", "- DE\n")
    with pytest.raises(PackError, match="already claimed"):
        load_frameworks(fw_dir)


def test_duplicate_level_code(fw_dir: Path) -> None:
    _edit(fw_dir / "SE-SEQF.yaml", 'code: "2"', 'code: "1"')
    with pytest.raises(PackError, match="repeats level"):
        load_frameworks(fw_dir)


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="no framework files"):
        load_frameworks(tmp_path)


def test_valid_copy_loads(fw_dir: Path) -> None:
    assert len(load_frameworks(fw_dir)) == len(load_frameworks())
