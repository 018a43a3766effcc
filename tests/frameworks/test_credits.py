"""convert(): ranges from the sources, both directions, monotonic, bad amounts rejected."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcqa.errors import ConfigError, PackError
from mcqa.frameworks import convert, load_credit_systems
from mcqa.resources import standards_dir


@pytest.mark.parametrize(("amount", "unit", "to", "lo", "hi"), [
    (10, "ECTS", "hours", 250, 300),         # 25-30 h per ECTS
    (300, "hours", "ECTS", 10, 12),
    (20, "UK", "ECTS", 10, 10),              # stated 2 UK = 1 ECTS
    (5, "ects", "uk", 10, 10),               # same equivalence, reversed
    (15, "SCQF", "hours", 150, 150),         # 10 h per credit point
    (12, "CQFW", "hours", 120, 120),
    (40, "NZ", "hours", 400, 400),
    (3, "US-SCH", "hours", 135, 135),        # ~45 h per semester credit hour
    (3, "US", "ECTS", 4.5, 5.4),
    (1, "MQF", "hours", 40, 40),
    (7.5, "hours", "h", 7.5, 7.5),
    (0, "ECTS", "hours", 0, 0),
])
def test_known_conversions(amount: float, unit: str, to: str, lo: float, hi: float) -> None:
    result = convert(amount, unit, to)
    assert math.isclose(result.min, lo) and math.isclose(result.max, hi)
    assert result.steps


def test_confidence_and_sources_follow_the_facts_used() -> None:
    mqf = convert(2, "MQF-MY", "ECTS")
    assert mqf.confidence == "unconfirmed"  # 40 h per MQF credit is not confirmed
    assert {s.id for s in mqf.sources} == {"ects-users-guide", "mqf-2nd-edition"}
    uk = convert(20, "UK", "ECTS")
    assert uk.confidence == "secondary" and [s.id for s in uk.sources] == ["qaa-credit-2021"]
    us = convert(1, "US-SCH", "hours")
    assert us.approximate


def test_round_trip_contains_the_original() -> None:
    hours = convert(6, "ECTS", "hours")
    back_lo = convert(hours.min, "hours", "ECTS")
    back_hi = convert(hours.max, "hours", "ECTS")
    assert back_lo.min <= 6 <= back_hi.max


@pytest.mark.parametrize("bad", [-1, -0.001, math.nan, math.inf, True])
def test_bad_amounts_rejected(bad: float) -> None:
    with pytest.raises(ConfigError):
        convert(bad, "ECTS", "hours")


def test_unknown_unit_lists_choices() -> None:
    with pytest.raises(ConfigError) as exc:
        convert(1, "furlong", "ECTS")
    assert "ECTS" in exc.value.one_line() and "HOURS" in exc.value.one_line()


def test_country_and_framework_defaults() -> None:
    systems = load_credit_systems()
    assert systems.for_country("UK") is systems.for_country("GB") is systems.get("UK")
    assert systems.for_country("GB-SCT") is systems.get("SCQF")
    assert systems.for_country("IE") is systems.get("ECTS")
    assert systems.for_country("NZ") is systems.get("NZ")
    assert systems.for_framework("UK-CQFW") is systems.get("CQFW")
    assert systems.for_framework("DE-DQR", country="DE") is systems.get("ECTS")
    assert systems.for_country("XX") is None


_UNITS = load_credit_systems().ids()
_amounts = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(_amounts, _amounts, st.sampled_from(_UNITS), st.sampled_from(_UNITS))
def test_conversion_is_monotonic(a: float, b: float, unit: str, to: str) -> None:
    lo, hi = sorted((a, b))
    small, large = convert(lo, unit, to), convert(hi, unit, to)
    assert 0 <= small.min <= small.max
    assert small.min <= large.min + 1e-9 * max(1.0, large.min)
    assert small.max <= large.max + 1e-9 * max(1.0, large.max)


def test_malformed_credit_file(tmp_path: Path) -> None:
    path = tmp_path / "credit-systems.yaml"
    shutil.copy(standards_dir() / "credit-systems.yaml", path)
    path.write_text(path.read_text().replace("hours_per_credit: [25, 30]",
                                             "hours_per_credit: [25]"))
    with pytest.raises(PackError) as exc:
        load_credit_systems(path)
    assert exc.value.file == str(path.resolve())
    assert exc.value.location is not None and exc.value.location.startswith(
        "/systems/0/hours_per_credit (line ")
