"""A cheap estimate of how many records some inputs hold, for progress bars only.

A progress bar needs a total before the records are read, and reading them is the
work being measured. So the estimate looks at what is cheap to look at: rows of
CSV files as the csv module splits them (quotes respected, cells not built into
records), lines of JSON Lines files, the ``<dimension>`` of an XLSX sheet or else its ``<row`` tags counted in
the inflated XML (bounded by the same zip limits the loader enforces), and one
record per other file. Counts in reports never come from here.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from mcqa.loaders.base import LoadOptions

_LINES = frozenset({".jsonl", ".ndjson"})
_HEADED = frozenset({".csv", ".tsv", ".txt"})
_XLSX = frozenset({".xlsx", ".xlsm"})
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+(\d+)(?::[A-Z]+(\d+))?"')
_CHUNK = 1024 * 1024


def estimate_records(paths: Sequence[Path], options: LoadOptions | None = None) -> int | None:
    """Estimated records under ``paths``; ``None`` when a file cannot be estimated."""
    from mcqa.loaders import iter_files

    opts = options or LoadOptions()
    total = 0
    try:
        for path, _display in iter_files(paths, opts):
            suffix = path.suffix.lower()
            if suffix in _HEADED:
                total += max(1, _csv_rows(path) - 1)
            elif suffix in _LINES:
                total += max(1, _lines(path))
            elif suffix in _XLSX:
                rows = _xlsx_rows(path, opts)
                if rows is None:
                    return None
                total += rows
            else:
                total += 1
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError):
        return None
    return total


def _csv_rows(path: Path) -> int:
    import csv

    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        try:
            return sum(1 for _row in csv.reader(fh))
        except csv.Error:  # a cell above the csv module's field limit: the loader says so
            return 2


def _lines(path: Path) -> int:
    count = 0
    last = b"\n"
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def _xlsx_rows(path: Path, options: LoadOptions) -> int | None:
    """Data rows of the largest worksheet: its dimension, else its ``<row`` tags counted
    (only when the archive's declared sizes are within the loader's limits)."""
    limits = options.limits
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        if len(members) > limits.max_zip_members:
            return None
        sheets = [m for m in members if m.filename.startswith("xl/worksheets/")
                  and m.filename.endswith(".xml")]
        if not sheets or sum(m.file_size for m in members) > limits.max_unzipped_bytes:
            return None
        sheet = max(sheets, key=lambda m: m.file_size)
        with archive.open(sheet) as fh:
            head = fh.read(4096)
            found = _DIMENSION.search(head)
            if found is not None and found.group(2) is not None:
                return max(0, int(found.group(2)) - 1)
            rows = head.count(b"<row ") + head.count(b"<row>")
            tail = head[-4:]
            while chunk := fh.read(_CHUNK):
                joined = tail + chunk
                rows += joined.count(b"<row ") + joined.count(b"<row>")
                tail = chunk[-4:]
            return max(0, rows - 1)
