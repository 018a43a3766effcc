"""The XLSX zip-bomb guard: what zipfile bounds by itself, each limit, and that real workbooks pass."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from mcqa.errors import InputError, InputLimitError
from mcqa.loaders import Limits, LoadOptions, load_file
from mcqa.loaders._zipguard import check_zip
from mcqa.loaders.base import SourceDocument
from mcqa.model import CredentialRecord, InputProblem
from tests.conftest import SHARED

from .zips import (
    MIB,
    SHEET,
    SHEET_HEAD,
    SHEET_TAIL,
    Member,
    bomb_sheet,
    deflated_repeat,
    huge_text_node,
    lying_bomb,
    many_members,
    pads,
    raw_zip,
    repeated_crc,
    workbook,
)


def _doc(tmp_path: Path, data: bytes, **limits: int) -> SourceDocument:
    path = tmp_path / "book.xlsx"
    path.write_bytes(data)
    return SourceDocument(path, "book.xlsx", LoadOptions(limits=Limits(**limits)))


def _genuine(rows: int = 2000) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Title", "ECTS", "Provider", "Learning outcomes"])
    for i in range(rows):
        ws.append([f"Course {i}", 5, f"Provider {i % 7}", f"Explain topic {i}"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- the helpers build what they claim -------------------------------------------------

def test_repeated_crc_matches_zlib() -> None:
    import zlib

    assert repeated_crc(b"ab", b"xyz" * 100, 7, b"q") == zlib.crc32(b"ab" + b"xyz" * 700 + b"q")


def test_deflated_repeat_inflates_to_what_it_declares() -> None:
    member = deflated_repeat("m.xml", b"<a>", b" " * 4096, 300, b"</a>")
    archive = zipfile.ZipFile(io.BytesIO(raw_zip([member])))
    assert archive.read("m.xml") == b"<a>" + b" " * 4096 * 300 + b"</a>"  # CRC checked too
    assert member.size / len(member.data) > 100


# --- the experiment the guard relies on -------------------------------------------------

def test_zipfile_never_returns_more_than_the_declared_size() -> None:
    """Declared 100 KB, really 64 MiB: zipfile stops at 100 KB and fails the CRC check."""
    real = deflated_repeat(SHEET, b"", b" " * MIB, 64, b"")
    lying = Member(real.name, real.data, real.method, 100_000, real.crc)
    archive = zipfile.ZipFile(io.BytesIO(raw_zip([lying])))
    got = 0
    with pytest.raises(zipfile.BadZipFile, match="CRC"), archive.open(SHEET) as fh:
        while chunk := fh.read(65536):
            got += len(chunk)
    assert got <= 100_000
    with pytest.raises(zipfile.BadZipFile, match="CRC"):
        archive.read(SHEET)  # the one-shot read openpyxl uses for small parts, too


def test_declared_size_larger_than_the_data_reads_only_the_data() -> None:
    real = deflated_repeat(SHEET, b"", b" " * 1024, 10, b"")
    inflated = Member(real.name, real.data, real.method, 10 * MIB, real.crc)
    archive = zipfile.ZipFile(io.BytesIO(raw_zip([inflated])))
    assert len(archive.read(SHEET)) == 10 * 1024


# --- genuine workbooks pass --------------------------------------------------------------

@pytest.mark.parametrize("path", sorted((SHARED / "corpus" / "catalogues").rglob("*.xlsx")),
                         ids=lambda p: p.name)
def test_corpus_workbooks_pass(path: Path) -> None:
    check_zip(SourceDocument(path, path.name))


def test_generated_workbook_passes_and_loads(tmp_path: Path) -> None:
    doc = _doc(tmp_path, _genuine())
    check_zip(doc)
    items = list(load_file(doc.path, doc.display))
    assert len(items) == 2000 and all(isinstance(i, CredentialRecord) for i in items)


# --- each limit refuses, names the file and the member, and is configurable -------------

def _refusal(doc: SourceDocument) -> InputError:
    with pytest.raises(InputError) as exc:
        check_zip(doc)
    (item,) = load_file(doc.path, doc.display, doc.options)  # the XLSX loader runs the guard
    assert isinstance(item, InputProblem) and item.message == exc.value.one_line()
    assert item.message.startswith("book.xlsx")
    return exc.value


def test_zip_bomb_refused_by_ratio(tmp_path: Path) -> None:
    err = _refusal(_doc(tmp_path, workbook(bomb_sheet(3.5))))
    assert isinstance(err, InputLimitError)
    assert err.location == SHEET and "1,010:1" in err.message and "100:1" in err.message


def test_ratio_limit_is_configurable(tmp_path: Path) -> None:
    data = _genuine(rows=6000)
    member = max(zipfile.ZipFile(io.BytesIO(data)).infolist(), key=lambda i: i.file_size)
    assert member.file_size > MIB  # ratio-checked: above the grace size
    ratio = member.file_size / member.compress_size
    check_zip(_doc(tmp_path, data, max_zip_ratio=int(ratio) + 1))
    err = _refusal(_doc(tmp_path, data, max_zip_ratio=int(ratio) - 1))
    assert err.location == member.filename


def test_many_small_bombs_refused_by_total(tmp_path: Path) -> None:
    data = workbook(extra=pads(1100))
    assert len(data) < 2 * MIB
    err = _refusal(_doc(tmp_path, data))
    assert "1,073,741,824" in err.message and err.hint is not None
    assert "--max-unzipped-bytes" in err.hint


def test_total_limit_is_configurable(tmp_path: Path) -> None:
    data = workbook(extra=pads(20))
    check_zip(_doc(tmp_path, data))
    err = _refusal(_doc(tmp_path, data, max_unzipped_bytes=10 * MIB))
    assert "above the limit of 10,485,760" in err.message
    with pytest.raises(InputLimitError, match="without markup"):  # 1 MiB of spaces each
        check_zip(_doc(tmp_path, data, max_xml_run_bytes=MIB // 2))


def test_member_count_refused_and_configurable(tmp_path: Path) -> None:
    data = many_members(20_000)
    err = _refusal(_doc(tmp_path, data))
    assert "20,009 members" in err.message and "10,000" in err.message
    check_zip(_doc(tmp_path, data, max_zip_members=30_000))
    genuine = _genuine(rows=3)
    _refusal(_doc(tmp_path, genuine, max_zip_members=3))


def test_member_count_refused_before_zipfile_builds_the_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """zipfile keeps an object per member (about 0.5 kB) and the loader's format check opens
    the archive: the end record is judged first, so a huge directory is never built."""
    doc = _doc(tmp_path, many_members(20_000))

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("zipfile read the directory")

    monkeypatch.setattr(zipfile.ZipFile, "__init__", refuse)
    (item,) = load_file(doc.path, doc.display)
    assert isinstance(item, InputProblem) and "announces 20,009 members" in item.message


def test_directory_size_bounds_members_when_the_count_lies(tmp_path: Path) -> None:
    data = bytearray(raw_zip([Member.stored(f"{i:0200d}", b"") for i in range(12_000)]))
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 5, 5)  # claims 5 members
    with pytest.raises(InputLimitError, match="announces 5 members in a 2,952,000-byte"):
        check_zip(_doc(tmp_path, bytes(data)))


def test_zip64_end_record_is_read(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:  # > 65,535 members: zipfile writes ZIP64
        for i in range(70_000):
            archive.writestr(f"m{i}", b"")
    with pytest.raises(InputLimitError, match="announces 70,000 members"):
        check_zip(_doc(tmp_path, buf.getvalue()))


def test_declared_size_that_lies_is_a_damaged_workbook(tmp_path: Path) -> None:
    err = _refusal(_doc(tmp_path, lying_bomb()))
    assert "Bad CRC-32" in err.message and SHEET in err.message


def test_huge_text_node_within_size_and_ratio_limits(tmp_path: Path) -> None:
    """944 MB of text in one cell at 84:1 passes both size tests; the markup scan refuses it."""
    data = huge_text_node()
    sheet = zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET)
    assert 50 < sheet.file_size / sheet.compress_size < 100 and sheet.file_size < 1 << 30
    err = _refusal(_doc(tmp_path, data))
    assert err.location == SHEET and "16,777,216 bytes of XML without markup" in err.message


LIMIT = 3 * MIB


@pytest.mark.parametrize("length", [LIMIT, LIMIT + 1, LIMIT + 2 * MIB + 7])
@pytest.mark.parametrize("offset", [0, MIB - 5, MIB + 3])
def test_markup_scan_is_exact_across_chunk_boundaries(tmp_path: Path, length: int,
                                                      offset: int) -> None:
    data = b"<" * (offset + 1) + b"x" * length + b"<"
    doc = _doc(tmp_path, raw_zip([Member.stored("a.xml", data)]), max_xml_run_bytes=LIMIT)
    if length > LIMIT:
        with pytest.raises(InputLimitError, match="without markup"):
            check_zip(doc)
    else:
        check_zip(doc)


def test_long_cell_text_limit_is_configurable(tmp_path: Path) -> None:
    """A 3 MiB cell (stored, ratio 1:1) passes the guard and becomes an input issue on its row."""
    sheet = Member.stored(SHEET, SHEET_HEAD + b"y" * (3 * MIB) + SHEET_TAIL)
    doc = _doc(tmp_path, workbook(sheet))
    check_zip(doc)
    (record,) = load_file(doc.path, doc.display, doc.options)
    assert isinstance(record, CredentialRecord)
    assert any("1000000" in i.message or "1,000,000" in i.message for i in record.input_issues)
    err = _refusal(_doc(tmp_path, workbook(sheet), max_xml_run_bytes=2 * MIB))
    assert err.location == SHEET


@pytest.mark.parametrize("delta", [1, 2, 0x80])
def test_damaged_deflate_data_names_the_part(tmp_path: Path, delta: int) -> None:
    """Found by the fuzzer: a flipped byte in a member's deflate data raised zlib.error."""
    data = bytearray(_genuine(rows=50))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(SHEET)
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    data[info.header_offset + 30 + name_len + extra_len + 3] ^= delta
    err = _refusal(_doc(tmp_path, bytes(data)))
    assert err.location == SHEET and err.message.startswith("workbook part is damaged")


def test_not_a_zip_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot open workbook"):
        check_zip(_doc(tmp_path, b"PK\x03\x04" + b"\0" * 100))


def test_cli_option_max_unzipped_bytes(tmp_path: Path) -> None:
    from tests.test_cli import _invoke

    path = tmp_path / "cat.xlsx"
    path.write_bytes(_genuine(rows=3))
    code, _, err = _invoke(["check", str(path), "--max-unzipped-bytes", "1000",
                            "--as-of", "2026-01-01"])
    assert code == 2 and "above the limit of 1,000" in err and "--max-unzipped-bytes" in err
    code, _, err = _invoke(["check", str(path), "--max-unzipped-bytes", str(1 << 20),
                            "--as-of", "2026-01-01"])
    assert code == 1 and "input error" not in err
