"""Build hostile XLSX archives byte by byte (nothing large is checked in or even written).

``zipfile`` cannot write a member whose declared sizes differ from its data, or a
deflate stream of gigabytes in a second, so the archives are assembled here from
local headers, a central directory and an end record (APPNOTE 4.3.7, 4.3.12, 4.3.16).
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass

STORED, DEFLATED = 0, 8


@dataclass(frozen=True)
class Member:
    """One archive member: ``data`` as stored, with the sizes and CRC the headers declare."""

    name: str
    data: bytes
    method: int
    size: int
    crc: int

    @classmethod
    def stored(cls, name: str, data: bytes) -> Member:
        return cls(name, data, STORED, len(data), zlib.crc32(data))


def raw_zip(members: list[Member]) -> bytes:
    """A zip archive holding ``members`` exactly as declared (no ZIP64: sizes < 4 GiB)."""
    out = io.BytesIO()
    central: list[bytes] = []
    for m in members:
        name = m.name.encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, m.method, 0, 0x21, m.crc,
                              len(m.data), m.size, len(name), 0) + name)
        out.write(m.data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, m.method, 0,
                                   0x21, m.crc, len(m.data), m.size, len(name), 0, 0, 0, 0, 0,
                                   offset) + name)
    start = out.tell()
    directory = b"".join(central)
    count = min(len(members), 0xFFFF)  # readers take the directory size, not the count
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), start, 0))
    return out.getvalue()


def _affine_crc(block: bytes) -> tuple[int, list[int]]:
    """``crc32(block, s)`` is affine in ``s`` over GF(2): its constant and one column per bit."""
    c0 = zlib.crc32(block, 0)
    return c0, [zlib.crc32(block, 1 << i) ^ c0 for i in range(32)]


def repeated_crc(prefix: bytes, block: bytes, count: int, suffix: bytes) -> int:
    """CRC-32 of ``prefix + block * count + suffix`` without hashing the repeats."""
    c0, columns = _affine_crc(block)
    crc = zlib.crc32(prefix)
    for _ in range(count):
        nxt = c0
        for i in range(32):
            if crc >> i & 1:
                nxt ^= columns[i]
        crc = nxt
    return zlib.crc32(suffix, crc)


def deflated_repeat(name: str, prefix: bytes, block: bytes, count: int,
                    suffix: bytes) -> Member:
    """A deflated member that really inflates to ``prefix + block * count + suffix``.

    After a full flush the compressor forgets its history, so every block compresses
    to the same bytes: compress it once, repeat the bytes ``count`` times.
    """
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = comp.compress(prefix) + comp.flush(zlib.Z_FULL_FLUSH)
    once = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    assert once == again, "compressed blocks differ; cannot repeat them"
    tail = comp.compress(suffix) + comp.flush()
    size = len(prefix) + len(block) * count + len(suffix)
    return Member(name, head + once * count + tail, DEFLATED, size,
                  repeated_crc(prefix, block, count, suffix))


SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
              b'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" '
              b't="inlineStr"><is><t>Title</t></is></c><c r="B1" t="inlineStr"><is><t>ECTS</t>'
              b'</is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>')
SHEET_TAIL = b'</t></is></c><c r="B2"><v>5</v></c></row></sheetData></worksheet>'


def workbook_parts() -> dict[str, bytes]:
    """The members of a small valid catalogue workbook (header Title/ECTS, one row)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Title", "ECTS"])
    ws.append(["Data literacy", 5])
    buf = io.BytesIO()
    wb.save(buf)
    import zipfile

    with zipfile.ZipFile(buf) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def workbook(sheet: Member | None = None, extra: list[Member] | None = None) -> bytes:
    """A valid workbook, with its first sheet replaced by ``sheet`` and ``extra`` appended."""
    members = [sheet if sheet is not None and name == SHEET else Member.stored(name, data)
               for name, data in workbook_parts().items()]
    return raw_zip(members + (extra or []))


MIB = 1024 * 1024


def bomb_sheet(gigabytes: float) -> Member:
    """Sheet 1 whose title cell holds ``gigabytes`` GB of spaces: about 1000:1, honest headers."""
    count = int(gigabytes * 1e9) // MIB
    return deflated_repeat(SHEET, SHEET_HEAD, b" " * MIB, count, SHEET_TAIL)


def lying_bomb() -> bytes:
    """The 3.5 GB sheet declared as 100 kB (its CRC is that of the real 3.5 GB)."""
    bomb = bomb_sheet(3.5)
    return workbook(Member(bomb.name, bomb.data, bomb.method, 100_000, bomb.crc))


def pads(count: int) -> list[Member]:
    """``count`` members of 1 MiB of spaces each (below the ratio grace size), ~1 kB each."""
    pad = deflated_repeat("pad", b"", b" " * MIB, 1, b"")
    return [Member(f"xl/media/pad{i}.xml", pad.data, pad.method, pad.size, pad.crc)
            for i in range(count)]


def many_members(count: int) -> bytes:
    """A valid workbook plus ``count`` empty members."""
    return workbook(extra=[Member.stored(f"junk/{i}", b"") for i in range(count)])


def huge_text_node() -> bytes:
    """A 944 MB cell at 84:1: below the total and ratio limits, still a memory bomb."""
    import random

    rng = random.Random(1)
    letters = bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(16_000))
    block = letters + b" " * (MIB - len(letters))
    return workbook(deflated_repeat(SHEET, SHEET_HEAD, block, 900, SHEET_TAIL))
