"""Property: any table of random cells yields exactly one item per non-empty row,
and nothing but mcqa's InputError ever escapes."""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from mcqa.errors import InputError
from mcqa.loaders.base import SourceDocument
from mcqa.loaders.catalogue import CsvCatalogueLoader, XlsxCatalogueLoader
from mcqa.loaders.columns import recognise
from mcqa.model import LoadItem

HEADER = ["Title", "ECTS", "EQF level", "Learning outcomes", "Awarding body", "Notes"]

_text = st.text(max_size=30).filter(
    lambda s: recognise(s.strip()) is None and s.strip() not in HEADER)
_cell = st.one_of(
    st.none(), _text, st.integers(-10**6, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9),
    st.booleans(), st.dates(date(1950, 1, 1), date(2100, 1, 1)),
    st.sampled_from(["=HYPERLINK(\"http://x\",\"y\")", "5 ECTS", "EQF 6", "a\nb; c", " ",
                     "\x00", "#N/A", "ten"]),
)
_rows = st.lists(st.lists(_cell, min_size=0, max_size=8), max_size=25)


def _csv_text(value: Any) -> str:
    return "" if value is None else str(value)


def _non_empty_csv(row: list[Any]) -> bool:
    return any(_csv_text(v).replace("\x00", "").strip() for v in row)


def _load(loader: Any, path: Path) -> list[LoadItem]:
    doc = SourceDocument(path, display=path.name)
    try:
        return list(loader.load(doc)) if loader.matches(doc) else []
    except InputError:
        raise
    except Exception as exc:  # the property: nothing else may escape
        raise AssertionError(f"{type(exc).__name__} escaped: {exc}") from exc


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=_rows, delimiter=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_csv_one_item_per_non_empty_row(rows: list[list[Any]], delimiter: str,
                                        encoding: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_bytes(buffer.getvalue().encode(encoding))
        items = _load(CsvCatalogueLoader(), path)
    assert len(items) == sum(_non_empty_csv(r) for r in rows)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _non_empty_xlsx(row: list[Any]) -> bool:
    return any(v is not None and not (isinstance(v, str) and not v.strip()) for v in row)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=_rows)
def test_xlsx_one_item_per_non_empty_row(rows: list[list[Any]]) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    cleaned = [[_xlsx_value(v) for v in row] for row in rows]
    for row in cleaned:
        ws.append(row)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.xlsx"
        wb.save(path)
        items = _load(XlsxCatalogueLoader(), path)
    assert len(items) == sum(_non_empty_xlsx(r) for r in cleaned)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.csv"
        for content in (b"Title,ECTS\n" + data, data):
            path.write_bytes(content)
            for loader in (CsvCatalogueLoader(), XlsxCatalogueLoader()):
                with contextlib.suppress(InputError):
                    _load(loader, path)
