"""Registry lookups, eqf_for() agreement checks and data versions."""

from __future__ import annotations

import pytest

from mcqa.errors import ConfigError
from mcqa.frameworks import (
    CREDIT_SYSTEMS_KEY,
    eqf_for,
    framework_data_versions,
    load_frameworks,
    normalise_country,
)


def test_load_is_cached() -> None:
    assert load_frameworks() is load_frameworks()


@pytest.mark.parametrize(("code", "canonical"), [
    ("el", "GR"), ("GR", "GR"), ("UK", "GB"), ("uk-sct", "GB-SCT"),
    ("http://publications.europa.eu/resource/authority/country/GRC", "GR"),
])
def test_normalise_country(code: str, canonical: str) -> None:
    assert normalise_country(code) == canonical


def test_for_country_equivalents() -> None:
    reg = load_frameworks()
    assert reg.for_country("UK") is reg.for_country("GB") is reg.get("UK-RQF")
    assert reg.for_country("EL") is reg.for_country("GR") is None  # no Greek file yet
    assert reg.for_country("IE") is reg.get("IE-NFQ")
    assert reg.for_country("DE") is reg.get("DE-DQR")
    assert reg.for_country("GB-SCT") is reg.get("UK-SCQF")
    assert reg.for_country("BE") is None  # Flanders only: ask for BE-VLG
    assert reg.for_country("BE-VLG") is reg.get("BE-FL-VKS")


def test_get_unknown_lists_ids() -> None:
    with pytest.raises(ConfigError, match="IE-NFQ"):
        load_frameworks().get("NOPE")


def test_versions() -> None:
    versions = load_frameworks().versions()
    assert versions["IE-NFQ"] == "2026.1"
    assert list(versions) == sorted(versions)
    every = framework_data_versions()
    assert every[CREDIT_SYSTEMS_KEY] == "2026.1"
    assert set(every) == set(versions) | {CREDIT_SYSTEMS_KEY}


def test_eqf_for_agreement() -> None:
    entry3 = eqf_for("UK-RQF", "Entry 3")
    assert entry3.eqf == 1 and entry3.agrees_with(1) is True and entry3.agrees_with(2) is False
    entry1 = eqf_for("UK", "Entry 1")
    assert entry1.eqf is None and entry1.agrees_with(1) is False  # no EQF level may be claimed
    assert eqf_for("AU-AQF", "7").agrees_with(6) is None  # cannot tell
    legacy = eqf_for("FR-CNCP", "I")
    assert legacy.eqf is None and legacy.agrees_with(7) and legacy.agrees_with(8)


def test_models_are_frozen() -> None:
    fw = load_frameworks().get("IE-NFQ")
    with pytest.raises(ValueError):
        fw.levels[0].mapping.status = "unknown"  # type: ignore[misc]
