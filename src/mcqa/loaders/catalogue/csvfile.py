"""CSV catalogues: delimiter and encoding sniffed, rows streamed by the ``csv`` module.

Undecodable bytes are read as Windows-1252/Latin-1 and reported; NUL
characters are removed and reported; UTF-16 needs a byte-order mark.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
from collections.abc import Iterable, Iterator

from mcqa.errors import InputError
from mcqa.loaders.base import SourceDocument
from mcqa.loaders.catalogue.plan import MIN_RECOGNISED, column_letter, count_recognised
from mcqa.loaders.catalogue.rows import HEADER_SCAN_ROWS, IntakeStats, RawRow
from mcqa.loaders.catalogue.table import load_mapping, read_table
from mcqa.loaders.catalogue.xlsx import _OLE_MAGIC, _ZIP_MAGIC
from mcqa.loaders.columns import ColumnMapping
from mcqa.model.load import LoadUnit

log = logging.getLogger("mcqa.loaders.catalogue")

_SURROGATES = re.compile("[\udc80-\udcff]+")

_DELIMITERS = (",", ";", "\t")


def _utf16_without_bom(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = head[:2000]
    if len(sample) < 8:
        return False
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even, odd) > 0.7 * half and min(even, odd) < 0.1 * half


def _encoding(head: bytes) -> tuple[str, str]:
    """(codec, error handler) for a CSV file, from its BOM."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "surrogateescape"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "replace"
    return "utf-8", "surrogateescape"


def _sample_rows(head: bytes, delimiter: str) -> list[list[str]]:
    codec, _ = _encoding(head)
    try:  # the last bytes may cut a UTF-8 sequence in two
        text = head[:-3].decode(codec) + head[-3:].decode(codec, errors="replace")
    except UnicodeDecodeError:
        text = head.decode("cp1252" if codec.startswith("utf-8") else codec, errors="replace")
    lines = [ln.rstrip("\r") for ln in text.split("\n")]  # csv's own line breaks only
    if len(head) >= SourceDocument.HEAD_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    lines = [ln for ln in lines if ln.strip()][:HEADER_SCAN_ROWS * 2]
    try:
        return list(csv.reader(lines, delimiter=delimiter))
    except csv.Error:
        return []


def sniff_delimiter(head: bytes, mapping: ColumnMapping | None = None) -> tuple[str, int, int]:
    """(delimiter, rows sharing the modal field count, that count) over the first lines.

    The delimiter under which a row reads as a recognised header wins; the
    steadiest field count decides otherwise (free text often holds ``,`` or ``;``).
    """
    best: tuple[str, int, int] = (",", 0, 0)
    best_score: tuple[int, int, int] = (0, 0, 0)
    for delimiter in _DELIMITERS:
        rows = _sample_rows(head, delimiter)
        wide = [len(r) for r in rows if len(r) >= 2]
        if not wide:
            continue
        modal = max(set(wide), key=lambda n: (wide.count(n), n))
        header = max((count_recognised(r, mapping) for r in rows[:HEADER_SCAN_ROWS]), default=0)
        score = (header, wide.count(modal), modal)
        if score > best_score:
            best, best_score = (delimiter, wide.count(modal), modal), score
    return best


def _repair(cell: str, utf16: bool) -> tuple[str, str | None, bool]:
    """Fix one decoded CSV cell: (text, what was repaired or ``None``, whether bytes were
    read as Windows-1252 — said once per file, not per cell)."""
    message = None
    legacy = False
    if not cell.isascii():
        if utf16:
            if "\ufffd" in cell:
                message = ("cell contains bytes that are not valid UTF-16 (shown as \ufffd); "
                           "re-save the file")
        elif _SURROGATES.search(cell):
            def latin1(m: re.Match[str]) -> str:
                raw = bytes(ord(ch) - 0xDC00 for ch in m.group(0))
                try:
                    return raw.decode("cp1252")
                except UnicodeDecodeError:
                    return raw.decode("latin-1")
            cell = _SURROGATES.sub(latin1, cell)
            legacy = True
    if "\x00" in cell:
        cell = cell.replace("\x00", "")
        message = "cell contains NUL characters (removed); check the export"
    return cell, message, legacy


def legacy_note(cell: str, where: str) -> str:
    """The one note of a file that is not UTF-8 (Excel's "CSV" on Windows)."""
    return (f"file is not valid UTF-8: read as Windows-1252/Latin-1 (first at {where}: "
            f"{cell[:40]!r}) — save it as CSV UTF-8 to be sure every accented letter is right")


class CsvCatalogueLoader:
    """CSV catalogues: ``,`` ``;`` or tab separated; UTF-8 (BOM optional) or UTF-16 with BOM."""

    name = "csv"

    def __init__(self) -> None:
        self.last_stats: IntakeStats | None = None
        """Counters of the most recent file (debugging aid; not thread-safe)."""

    def matches(self, doc: SourceDocument) -> bool:
        """Text that is tabular: a recognised header, or a steady number of separated fields."""
        head = doc.head
        if head.startswith((_ZIP_MAGIC, _OLE_MAGIC)) or doc.looks_like_json():
            return False
        if _utf16_without_bom(head):
            return True  # so that load() can say what to do
        nuls = head.count(b"\x00")
        if nuls > 8 and nuls * 10 > len(head) \
                and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return False  # binary
        mapping = load_mapping(doc.options)
        delimiter, steady, width = sniff_delimiter(head, mapping)
        if width < 2:
            return False
        rows = _sample_rows(head, delimiter)
        if any(count_recognised(r, mapping) >= MIN_RECOGNISED for r in rows[:HEADER_SCAN_ROWS]):
            return True
        nonblank = [r for r in rows if any(c.strip() for c in r)]
        return steady >= 2 and steady >= 0.6 * len(nonblank)

    def load(self, doc: SourceDocument) -> Iterator[LoadUnit]:
        """Yield one item per non-empty data row."""
        stats = IntakeStats()
        self.last_stats = stats
        yield from self.read(doc, stats)

    def read(self, doc: SourceDocument, stats: IntakeStats) -> Iterator[LoadUnit]:
        """As :meth:`load`, filling ``stats``."""
        head = doc.head
        if _utf16_without_bom(head):
            raise InputError("looks like UTF-16 text without a byte-order mark",
                             file=doc.display,
                             hint="save the file as CSV UTF-8 (or UTF-16 with BOM)")
        mapping = load_mapping(doc.options)
        limit = doc.options.limits.max_text_chars
        # process-wide: set at every use (ESCO import raises it); short limits are per cell
        csv.field_size_limit(max(limit, 128 * 1024))
        delimiter = sniff_delimiter(head, mapping)[0]
        codec, errors = _encoding(head)
        try:
            binary = doc.path.open("rb")
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", file=doc.display) from None
        with binary, io.TextIOWrapper(binary, encoding=codec, errors=errors,
                                      newline="") as text:
            rows = self._rows(doc, csv.reader(text, delimiter=delimiter), codec == "utf-16",
                              stats)
            items = read_table(rows, file=doc.display, fmt=self.name, sheet=None,
                                options=doc.options, mapping=mapping, stats=stats, where="")
            if items is None:
                raise InputError(
                    f"no header row found in the first {HEADER_SCAN_ROWS} rows (need at least "
                    "two recognised column names such as Title, ECTS, EQF level; separator "
                    f"{delimiter!r})", file=doc.display,
                    hint="name the columns as in docs/catalogue-intake.md or map them with "
                         "--mapping mapping.yaml")
            yield from items
        log.debug("%s: %s", doc.display, stats)

    @staticmethod
    def _rows(doc: SourceDocument, reader: Iterable[list[str]], utf16: bool,
              stats: IntakeStats) -> Iterator[RawRow]:
        iterator = iter(reader)
        number = 0
        while True:
            try:
                cells = next(iterator)
            except StopIteration:
                return
            except csv.Error as exc:
                number += 1
                problem = InputError(f"row cannot be read: {exc}", file=doc.display,
                                     location=f"row {number}",
                                     hint="fix the quoting of this row")
                yield RawRow(number, [], problem=problem.one_line())
                continue
            except UnicodeError as exc:
                raise InputError(f"cannot decode text: {exc}", file=doc.display,
                                 location=f"row {number + 1}",
                                 hint="save the file as CSV UTF-8") from None
            number += 1
            notes: list[tuple[int, str]] | None = None
            info: list[tuple[int, str]] | None = None
            for i, cell in enumerate(cells):
                if cell.isascii() and "\x00" not in cell:
                    continue
                fixed, message, legacy = _repair(cell, utf16)
                cells[i] = fixed
                if message:
                    notes = notes or []
                    notes.append((i, message))
                if legacy and not stats.legacy_encoding:
                    stats.legacy_encoding = True
                    info = [(i, legacy_note(fixed, f"{column_letter(i)}{number}"))]
            yield RawRow(number, cells, None, notes, info=info)
