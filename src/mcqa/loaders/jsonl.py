"""JSON Lines: one descriptor-shaped JSON object per line.

Large catalogues exported by scripts are easiest to produce as JSON Lines;
each line is the native descriptor format (the ``mcqa`` marker key is not
needed). The file is streamed line by line, so memory stays constant and a
broken line is one :class:`~mcqa.model.InputProblem` naming ``file:line N``
while every other line is still read.

Locators are ``line N#/json/pointer`` (kind ``line``), e.g.
``line 17#/workload/ects``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import IO, Any

from mcqa.errors import InputError, InputLimitError
from mcqa.loaders.base import (
    SourceDocument,
    _DuplicateKeys,
    _no_duplicates,
    _refuse_constant,
    check_depth,
    refuse_lone_surrogates,
)
from mcqa.loaders.native import record_from_mapping
from mcqa.model import InputProblem, LoadItem
from mcqa.model.load import Deferred, LoadUnit

log = logging.getLogger(__name__)

_BOM = b"\xef\xbb\xbf"


@dataclass
class JsonLinesStats:
    """Counters for one file; ``lines_with_data == records + problems + deferred``."""

    lines_with_data: int = 0
    records: int = 0
    problems: int = 0
    blank_lines: int = 0
    deferred: int = 0
    """Lines handed on unread (batch workers build them; see LoadOptions.defer)."""


def _decode(text: str) -> Any:
    return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant)


def _parse(text: str) -> Any:
    value = _decode(text)
    refuse_lone_surrogates(text, value)
    return value


class JsonLinesLoader:
    """Reads ``.jsonl`` catalogues (detected from content, not from the extension)."""

    name = "jsonl"

    def __init__(self) -> None:
        self.last_stats: JsonLinesStats | None = None
        """Counters of the most recent file (debugging aid; not thread-safe)."""

    def matches(self, doc: SourceDocument) -> bool:
        """First non-blank line is a complete JSON object and another non-blank line follows."""
        head = doc.head
        if head.startswith(_BOM):
            head = head[len(_BOM):]
        lines = [ln for ln in head.split(b"\n") if ln.strip()]
        if len(lines) < 2 or not lines[0].lstrip().startswith(b"{"):
            return False
        try:
            first = _decode(lines[0].decode("utf-8"))  # shape only: _item judges the content
        except (ValueError, UnicodeDecodeError, RecursionError):
            return False
        return isinstance(first, dict)

    def load(self, doc: SourceDocument) -> Iterator[LoadUnit]:
        """Yield one item per non-blank line."""
        stats = JsonLinesStats()
        self.last_stats = stats
        try:
            fh = doc.path.open("rb")
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", file=doc.display) from None
        with fh:
            yield from self._lines(doc, fh, stats)
        log.debug("%s: %s", doc.display, stats)

    def _lines(self, doc: SourceDocument, fh: IO[bytes], stats: JsonLinesStats
               ) -> Iterator[LoadUnit]:
        limits = doc.options.limits
        max_line = limits.max_file_bytes
        number = 0
        while True:
            raw = fh.readline(max_line + 1)
            if not raw:
                return
            number += 1
            too_long = len(raw) > max_line and not raw.endswith(b"\n")
            if too_long:
                while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                    raw = fh.readline(1 << 20)
            elif not raw.strip():
                stats.blank_lines += 1
                continue
            if stats.lines_with_data >= limits.max_records_per_file:
                raise InputLimitError(f"more than {limits.max_records_per_file} records",
                                      file=doc.display, location=f"line {number}",
                                      hint="split the file or raise the records-per-file limit")
            stats.lines_with_data += 1
            unit: LoadUnit
            if too_long:
                unit = _problem(doc.display, number, f"line is longer than {max_line} bytes",
                                "split the record or raise --max-file-bytes")
            elif doc.options.defer:
                stats.deferred += 1
                unit = Deferred(doc.display, f"line {number}",
                                partial(_line_items, doc.display, self.name, number, raw,
                                        limits.max_json_depth))
                yield unit
                continue
            else:
                unit = line_item(doc.display, self.name, number, raw, limits.max_json_depth)
            if isinstance(unit, InputProblem):
                stats.problems += 1
            else:
                stats.records += 1
            yield unit


def _problem(display: str, number: int, message: str, hint: str) -> InputProblem:
    err = InputError(message, file=display, location=f"line {number}", hint=hint)
    return InputProblem(file=display, locator=f"line {number}", message=err.one_line(),
                        record_id=f"{display}#line{number}")


def _line_items(display: str, fmt: str, number: int, raw: bytes, max_depth: int
                ) -> list[LoadItem]:
    return [line_item(display, fmt, number, raw, max_depth)]


def line_item(display: str, fmt: str, number: int, raw: bytes, max_depth: int) -> LoadItem:
    """One non-blank line → a record, or a problem naming the line."""
    if number == 1 and raw.startswith(_BOM):
        raw = raw[len(_BOM):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _problem(display, number, f"not valid UTF-8 (byte {exc.start} of the line)",
                        "save the file as UTF-8")
    try:
        data = _parse(text)
    except _DuplicateKeys as exc:
        return _problem(display, number, f"duplicate JSON key {str(exc)[:40]!r}",
                        "each key may appear once per object")
    except json.JSONDecodeError as exc:
        return _problem(display, number, f"invalid JSON: {exc.msg} (column {exc.colno})",
                        "each line must be one complete JSON object")
    except ValueError as exc:
        return _problem(display, number, f"invalid JSON: {str(exc)[:80]}",
                        "each line must be one complete JSON object")
    except RecursionError:
        return _problem(display, number, "JSON nesting too deep", "flatten the record")
    try:
        # nesting cannot exceed the number of opening brackets: skip the walk when few
        if text.count("{") + text.count("[") > max_depth:
            check_depth(data, max_depth, display)
    except InputLimitError:
        return _problem(display, number, f"JSON nested more than {max_depth} levels deep",
                        "flatten the record")
    if not isinstance(data, dict):
        return _problem(display, number,
                        f"expected a JSON object describing one micro-credential, "
                        f"got {type(data).__name__}", "one object per line")
    return record_from_mapping(data, display, fmt, f"line {number}#",
                               f"{display}#line{number}", kind="line")
