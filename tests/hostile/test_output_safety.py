"""Every renderer and every error message over the one shared table of hostile strings.

Each string of ``strings.HOSTILE_STRINGS`` is put where input text reaches outputs (record
id, title, provider, learning outcome, file name, an input problem's message, a waiver's
approver) and the report goes through every report renderer, the diff renderers, the
benchmark renderers, the dossier renderers, ``mcqa inspect``'s text view and the CLI's
one-line messages. Properties per output: terminal text holds no escape, control or bidi
character; Markdown holds no raw HTML, link or table-cell break from the input; HTML holds
no markup or ``javascript:`` link from the input; JUnit parses as XML; JSON/SARIF parse and
hold no raw C1/bidi character; spreadsheet cells are never formulas.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml

from mcqa.api import check_items
from mcqa.benchmarking import benchmark_results
from mcqa.cli._common import dump_json, warn
from mcqa.diff import diff_reports, render_diff
from mcqa.errors import ConfigError, InputError
from mcqa.fsguard import display_name
from mcqa.loaders import load_file
from mcqa.model import CredentialRecord, InputProblem
from mcqa.packs import resolve_packs
from mcqa.render import RENDERERS, get_renderer
from mcqa.render._safe import cell_safe, href, md_code, md_text, one_line, terminal_safe
from mcqa.render.benchmark_html import render_benchmark_html
from mcqa.render.xlsx import render_benchmark_xlsx

from .strings import HOSTILE_STRINGS, terminal_clean

RULES = resolve_packs(("eu-2022",))
AS_OF = date(2026, 1, 1)
BASE = {"mcqa": 1, "issuer_country": "IE", "awarding_body": "University of the Liffey",
        "workload": {"ects": 5}, "level": {"eqf": 6}, "assessment_type": "Written exam",
        "participation_form": "online", "quality_assurance": {"description": "Internal"}}
C1_BIDI = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def _report(tmp_path: Path, value: str):  # type: ignore[no-untyped-def]
    desc = {**BASE, "id": f"urn:x:{value}", "title": value, "provider": {"name": value},
            "learning_outcomes": [f"Apply {value} to real data sets and explain the results"]}
    path = tmp_path / "cred.yaml"
    path.write_text(yaml.safe_dump(desc, allow_unicode=True), encoding="utf-8",
                    errors="surrogateescape")
    items = list(load_file(path, f"in/{value}.yaml"))
    shown = display_name(f"in/{value}.json")  # as loaders name files in messages
    items.append(InputProblem(file=shown, locator="/x", message=f"{shown}: broken {shown}"))
    return check_items(items, RULES, as_of=AS_OF)


def _markup_free(text: str) -> bool:
    """HTML: no tag or javascript: link from the input (escaped text is fine)."""
    low = text.lower()
    return "<script" not in low and "<img" not in low and 'href="javascript' not in low


def _md_inert(text: str) -> bool:
    """Markdown: outside code spans (where nothing is markup), no raw tag, autolink or
    link/image target (autolinks to http(s) pages come from bundled data); escaped
    characters are fine."""
    outside = re.sub(r"`[^`]*`", "", text)
    return not re.search(r"<(?!https?://)[A-Za-z/!?]", outside) and not re.search(r"(?<!\\)\]\(", outside)


@pytest.mark.parametrize("name", sorted(HOSTILE_STRINGS))
def test_every_renderer_over_the_hostile_table(name: str, tmp_path: Path) -> None:
    value = HOSTILE_STRINGS[name]
    report = _report(tmp_path, value)
    assert report.summary.records == 2
    for fmt in RENDERERS:
        out = get_renderer(fmt)(report, show_passes=True)
        out.encode("utf-8")  # no lone surrogate can reach an output
        if fmt == "text":
            assert terminal_clean(out), (fmt, name)
        elif fmt == "md":
            assert _md_inert(out) and terminal_clean(out), (fmt, name)
            header = next((x for x in out.splitlines() if x.startswith("| Status")), "")
            cells = len(re.findall(r"(?<!\\)\|", header))  # a cell per column, no more
            for line in out.splitlines():
                if line.startswith("| ") and not line.startswith("| Status"):
                    assert len(re.findall(r"(?<!\\)\|", line)) == cells, (name, line)
        elif fmt == "html":
            assert _markup_free(out) and 'href="javascript' not in out, name
        elif fmt == "junit":
            ET.fromstring(out)
        else:  # json, sarif
            json.loads(out)
            assert not C1_BIDI.search(out), (fmt, name)
    changed = report.model_copy(update={"records": report.records[:1]})
    diff = diff_reports(changed, report)
    for fmt in ("text", "md"):
        out = render_diff(diff, fmt)
        assert terminal_clean(out) and (_md_inert(out) if fmt == "md" else True), (fmt, name)
    json.loads(render_diff(diff, "json"))
    assert not C1_BIDI.search(render_diff(diff, "json"))
    bm = benchmark_results(report.records, as_of=AS_OF.isoformat(), packs=report.packs)
    assert _markup_free(render_benchmark_html(bm))
    book = zipfile.ZipFile(io.BytesIO(render_benchmark_xlsx(bm)))
    assert book.testzip() is None
    assert not C1_BIDI.search(dump_json(bm.model_dump(mode="json")))


@pytest.mark.parametrize("name", sorted(HOSTILE_STRINGS))
def test_every_error_message_over_the_hostile_table(name: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    value = HOSTILE_STRINGS[name]
    for exc in (InputError(f"bad {value}", file=f"in/{value}.json", location=f"/{value}",
                           hint=f"fix {value}"),
                ConfigError(f"mapping {value}", file=f"{value}.yaml", location="line 3")):
        warn(f"error: {exc.one_line()}")
    warn(f"input error: {value}")
    err = capsys.readouterr().err
    assert terminal_clean(err), name
    assert len(err.splitlines()) == 3, err


@pytest.mark.parametrize("name", sorted(HOSTILE_STRINGS))
def test_inspect_text_over_the_hostile_table(name: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from mcqa.cli.inspect import _render_text

    value = HOSTILE_STRINGS[name]
    report_items = list(load_file(_write(tmp_path, value), f"{value}.yaml"))
    records = [i for i in report_items if isinstance(i, CredentialRecord)]
    shown = display_name(value)
    _render_text(records, [InputProblem(file=f"{shown}.json", message=f"bad {shown}")], [])
    out = capsys.readouterr().out
    assert terminal_clean(out), name


def _write(tmp_path: Path, value: str) -> Path:
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump({**BASE, "id": value, "title": value}, allow_unicode=True),
                    encoding="utf-8", errors="surrogateescape")
    return path


def test_dossier_renderers_over_the_hostile_table(tmp_path: Path) -> None:
    from mcqa.dossier import dossier_for_file
    from mcqa.render.dossier_html import render_dossier_html
    from mcqa.render.dossier_md import render_dossier_md

    for name, value in HOSTILE_STRINGS.items():
        if "\ud800" <= value[-1:] <= "\udfff" or any("\ud800" <= c <= "\udfff" for c in value):
            continue  # YAML cannot carry a lone surrogate into a descriptor
        path = _write(tmp_path, value)
        result = dossier_for_file(path, "DE", use_default_esco=False, as_of=AS_OF)
        md = render_dossier_md(result)
        assert _md_inert(md) and terminal_clean(md), name
        assert _markup_free(render_dossier_html(result)), name


@pytest.mark.parametrize("name", sorted(HOSTILE_STRINGS))
def test_safety_functions(name: str) -> None:
    value = HOSTILE_STRINGS[name]
    assert terminal_clean(terminal_safe(value))
    assert terminal_clean(one_line(value)) and "\n" not in one_line(value)
    assert _md_inert(md_text(value))
    code = md_code(value)
    assert code.count("`") in (0, 2)
    assert href(value) == "#"
    assert not cell_safe(value).startswith(("=", "+", "-", "@"))
