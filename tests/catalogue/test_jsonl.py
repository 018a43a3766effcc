"""JSON Lines: per-line isolation of bad lines, locators, detection."""

from __future__ import annotations

import json
from pathlib import Path

from mcqa.loaders.base import SourceDocument
from mcqa.loaders.jsonl import JsonLinesLoader
from mcqa.model import CredentialRecord, InputProblem, LoadItem


def _load(path: Path) -> list[LoadItem]:
    doc = SourceDocument(path, display=path.name)
    loader = JsonLinesLoader()
    assert loader.matches(doc)
    return list(loader.load(doc))


def test_bad_lines_are_isolated_and_named(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "title": "A", "workload": {"ects": "x"}}),
        '{"title": "broken"',
        "",
        json.dumps(["not", "an", "object"]),
        '{"title": "dup", "title": "again"}',
        json.dumps({"title": "B", "level": {"eqf": 5}}),
        b"\xff\xfe bad bytes".decode("latin-1"),
        '{"title": NaN}',
    ]
    path = tmp_path / "cat.jsonl"
    path.write_bytes("\n".join(lines).encode("utf-8").replace("ÿþ".encode(), b"\xff\xfe")
                     + b"\n")
    items = _load(path)
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["CredentialRecord", "InputProblem", "InputProblem", "InputProblem",
                     "CredentialRecord", "InputProblem", "InputProblem"]
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert [p.locator for p in problems] == ["line 2", "line 4", "line 5", "line 7", "line 8"]
    assert all(p.message.startswith(f"cat.jsonl:{p.locator}:") for p in problems)
    assert "duplicate JSON key" in problems[2].message
    first = items[0]
    assert isinstance(first, CredentialRecord) and first.record_id == "a"
    (issue,) = first.input_issues
    assert issue.locator == "line 1#/workload/ects"
    assert first.provenance["title"].locator == "line 1#/title"
    assert first.provenance["title"].kind == "line"
    last = items[4]
    assert isinstance(last, CredentialRecord) and last.record_id == "cat.jsonl#line6"


def test_bom_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "cat.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"title": "A"}\n\n   \n{"title": "B"}\n')
    loader = JsonLinesLoader()
    items = list(loader.load(SourceDocument(path, display="cat.jsonl")))
    assert [i.title for i in items if isinstance(i, CredentialRecord)] == ["A", "B"]
    assert loader.last_stats is not None and loader.last_stats.blank_lines == 2


def test_detection(tmp_path: Path) -> None:
    loader = JsonLinesLoader()
    cases = {
        '{"a": 1}\n{"b": 2}\n': True,
        '{"a": 1}\nnot json\n': True,       # a later bad line is that line's problem
        '{"a": 1}\n': False,                # one object: plain JSON, not JSON Lines
        '{\n  "a": 1\n}\n': False,          # pretty-printed JSON
        '[{"a": 1}]\n[{"b": 2}]\n': False,  # arrays per line are not records
        "title,ects\nA,5\n": False,
    }
    for i, (text, expected) in enumerate(cases.items()):
        path = tmp_path / f"f{i}"
        path.write_text(text, encoding="utf-8")
        assert loader.matches(SourceDocument(path)) is expected, text


def test_counts_in_equal_items_out(tmp_path: Path) -> None:
    lines = [json.dumps({"title": f"T{i}"}) if i % 7 else "{oops" for i in range(1, 201)]
    lines.insert(50, "")
    path = tmp_path / "cat.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _load(path)
    assert len(items) == 200
    assert sum(isinstance(i, InputProblem) for i in items) == 200 // 7
