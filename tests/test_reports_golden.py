"""The example reports in reports/ are golden files: regenerate, compare byte for byte."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.conftest import REPO

spec = importlib.util.spec_from_file_location("make_reports", REPO / "scripts" / "make_reports.py")
assert spec and spec.loader
make_reports = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_reports)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_reports.build(tmp_path_factory.mktemp("reports"))  # type: ignore[no-any-return]


def test_golden_reports_match(regenerated: list[Path]) -> None:
    expected = (len(make_reports.FORMATS) + 2
                + len(make_reports.NATIONAL) * len(make_reports.NATIONAL_FORMATS))
    assert len(regenerated) == expected
    for path in regenerated:
        golden = REPO / "reports" / path.name
        assert golden.exists(), f"missing golden {golden}; run python scripts/make_reports.py"
        assert path.read_bytes() == golden.read_bytes(), (
            f"{golden.name} drifted; review and run python scripts/make_reports.py")


def test_reports_are_deterministic(tmp_path: Path, regenerated: list[Path]) -> None:
    again = make_reports.build(tmp_path)
    for a, b in zip(regenerated, again, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_every_national_pack_has_an_example_report() -> None:
    """Each pack with a country jurisdiction that extends eu-2022 ships an example and its report."""
    from mcqa.packs import national_packs, resolve_packs

    for pack in national_packs():
        extended = {p.meta.id for p in resolve_packs([pack]).packs} - {pack}
        if extended != {"eu-2022"} or pack == "ie-microcreds":
            continue  # the older stand-alone packs use the shared examples
        example = make_reports.NATIONAL.get(pack)
        assert example and (REPO / "examples" / example).exists(), pack
        assert (REPO / "reports" / f"{Path(example).stem}.{pack}.txt").exists(), pack
