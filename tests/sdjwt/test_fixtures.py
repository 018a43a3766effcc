"""The SD-JWT VC fixtures are what scripts/make_sdjwt_fixtures.py makes, byte for byte:
regenerating them (same test keys) changes nothing, so they can be rebuilt after a change
of the generator and reviewed as a diff."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tests.conftest import REPO
from tests.sdjwt.conftest import PRIVATE, SD


def test_fixtures_regenerate_identically(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_sdjwt_fixtures",
                                                  REPO / "scripts" / "make_sdjwt_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.build(tmp_path, PRIVATE)
    assert len(written) >= 15
    for path in written:
        committed = SD / path.relative_to(tmp_path)
        assert committed.exists(), f"{committed.name}: run python scripts/make_sdjwt_fixtures.py"
        assert path.read_bytes() == committed.read_bytes(), (
            f"{committed.name} drifted; run python scripts/make_sdjwt_fixtures.py")
