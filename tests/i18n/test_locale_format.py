"""Numbers, dates and percentages as a reader of each language writes them (Babel/CLDR)."""

from __future__ import annotations

from datetime import date

import pytest

from mcqa.i18n import format_date, format_decimal, format_number, format_percent

DAY = date(2026, 12, 4)


@pytest.mark.parametrize(("lang", "number", "day"), [
    ("en", "7.5", "2026-12-04"),  # English keeps ISO 8601 (languages.yaml)
    ("de", "7,5", "4. Dezember 2026"),
    ("fr", "7,5", "4 décembre 2026"),
    ("es", "7,5", "4 de diciembre de 2026"),
    ("it", "7,5", "4 dicembre 2026"),
    ("nl", "7,5", "4 december 2026"),
    ("pl", "7,5", "4 grudnia 2026"),
])
def test_number_and_date(lang: str, number: str, day: str) -> None:
    assert format_number(7.5, lang) == number
    assert format_date(DAY, lang) == day
    assert format_date("2026-12-04", lang) == day


def test_stated_values_are_not_rounded_and_grouped() -> None:
    assert format_number(2.125, "de") == "2,125"
    assert format_number(12345, "en") == "12,345"
    assert format_number(12345, "de") == "12.345"
    assert format_number(12345, "fr") == "12\u202f345"


def test_percent_and_computed_decimals() -> None:
    assert format_percent(0.126, "en") == "13%"
    assert format_percent(0.126, "de") == "13\xa0%"
    assert format_percent(0.126, "fr") == "13\xa0%"
    assert format_percent(0.1264, "it", digits=1) == "12,6%"
    assert format_decimal(2 / 3, "nl") == "0,7"
    assert format_decimal(2 / 3, "en", digits=2) == "0.67"


def test_pseudo_locale_formats_like_english() -> None:
    assert format_number(7.5, "qps") == "7.5"
