"""mcqa's own reports found among the inputs: skipped as "an mcqa report", never read.

Why: users write reports beside what they check (``mcqa check . -o report.json``). Read as
a credential, last week's report becomes an input error in this week's run (or worse: a
benchmark workbook has rows, a dossier JSON-LD looks like ELM). Every report that
``check``, ``benchmark``, ``dossier`` and ``diff`` write is recognised here from the
structure mcqa gives it — the first and last 64 KiB of the file (the opening keys, title
or header line; the closing keys), or the sheet names of a benchmark workbook — never from
the file name, so a credential called ``report.json`` is still checked. A PDF (check or
dossier) is known by the document identifier mcqa gives it (``/ID [(mcqa) ...]``).

Found in a folder, a report is one of the files that are not read (counted and named once
in the closing note, :mod:`mcqa.loaders.candidates`); named on the command line, it is one
skipped item. The same test tells :func:`mcqa.fsguard.check_output` whether ``-o`` may
replace an existing file inside a scanned folder: a report is not an input, a credential is.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from mcqa.errors import InputError
from mcqa.loaders.base import SourceDocument
from mcqa.model import LoadItem, Skipped

__all__ = ["REPORT_REASON", "McqaReportLoader", "report_file_kind", "report_reason"]

REPORT_REASON = "an mcqa report"
"""Start of the skip reason (``an mcqa report, check JSON``)."""

_TAIL_BYTES = 64 * 1024
_HEAD_TEXT = 8 * 1024

# (what, pattern over the head, pattern over the tail or None): the outputs of the renderers
# in mcqa.render, in English (the CLI writes reports in English). Literal patterns, anchored
# and bounded, so tests/hostile/test_regex_budget.py times each on pumped input.
_SIGNATURES: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...] = (
    ("check JSON", re.compile(r'\A\{\s*"tool": "mcqa",\s*"report_version": "'), None),
    ("check SARIF", re.compile(r'\A\{\s*"\$schema": "https://json\.schemastore\.org/sarif-'
                                r'[0-9.]{1,10}\.json",\s*"runs": \[\s*\{\s*"properties": \{\s*'
                                r'"asOf": "'), None),
    ("check text", re.compile(r"\Amcqa \S{1,40} — packs: [^\n]{0,4000} — audit date "
                               r"\d{4}-\d{2}-\d{2}"), None),
    ("check Markdown", re.compile(r"\A# mcqa gap report\n"), None),
    ("check HTML", re.compile(r"\A<!DOCTYPE html>\s*<html[^>]{0,200}>\s*<head>\s*"
                               r"(?:<meta [^>]{0,300}>\s*){1,8}"
                               r"<title>mcqa gap report</title>"), None),
    ("check JUnit XML", re.compile(r'\A<\?xml [^>]{0,200}\?>\s*<testsuites name="mcqa" '),
     None),
    ("benchmark JSON", re.compile(r'\A\{\s*"as_of": "\d{4}-\d{2}-\d{2}",\s*"bins": \[\s*'
                                   r'"0-10%"'), None),
    ("benchmark HTML", re.compile(r"\A<!DOCTYPE html>\s*<html[^>]{0,200}>\s*<head>\s*"
                               r"(?:<meta [^>]{0,300}>\s*){1,8}"
                               r"<title>mcqa benchmark by "), None),
    ("dossier JSON", re.compile(r'\A\{\s*"advice": \{\s*"advice": "'),
     re.compile(r'"target_unit": "[^"\n]{0,100}"\s*\}\s*\}\s*\Z')),
    ("dossier JSON-LD", re.compile(r'\A\{\s*"@context": \{[^{}]{0,2000}"mcqa": '
                                    r'"[^"\n]{0,200}/ns/dossier#"'), None),
    ("dossier HTML", re.compile(r"\A<!DOCTYPE html>\s*<html[^>]{0,200}>\s*<head>\s*"
                               r"(?:<meta [^>]{0,300}>\s*){1,8}"
                               r"<title>Recognition dossier: "), None),
    ("dossier Markdown", re.compile(r"\A# Recognition dossier: [^\n]{0,4000}\n\nTarget \*\*"),
     None),
    ("check or dossier PDF", re.compile(r"\A%PDF-\d\.\d"),
     re.compile(r"/ID \[\(mcqa\) \([0-9a-f]{1,64}\)\]")),
    ("diff JSON", re.compile(r'\A\{\s*"added": \['),
     re.compile(r'"totals": \{[^{}]{0,400}"persisting": \d{1,20}[^{}]{0,400}\}\s*\}\s*\Z')),
    ("diff text", re.compile(r"\AAudit diff \S{1,40} → \S{1,40}\n\n\d{1,20} new, \d{1,20} "
                              r"fixed, "), None),
    ("diff Markdown", re.compile(r"\A# Audit diff \S{1,40} → \S{1,40}\n\n\d{1,20} new, "
                                  r"\d{1,20} fixed, "), None),
)

_BENCHMARK_SHEETS = ("Summary", "Element coverage", "Failures by rule", "Findings")
_SHEET_NAME = re.compile(r'<sheet\b[^>]{0,400}?\bname="([^"]{0,100})"')
_MAX_WORKBOOK_XML = 1024 * 1024


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace").lstrip("\ufeff")


def _tail(path: Path, size: int) -> bytes:
    with path.open("rb") as fh:
        end = fh.seek(0, 2)
        if end <= size:
            return b""  # the head already holds the whole file
        fh.seek(end - _TAIL_BYTES)
        return fh.read(_TAIL_BYTES)


def _workbook_kind(doc: SourceDocument) -> str | None:
    """``benchmark XLSX`` for a workbook with exactly the benchmark's sheets."""
    from mcqa.loaders._zipguard import check_directory

    check_directory(doc)  # a member-count bomb is refused before zipfile reads it
    try:
        with zipfile.ZipFile(doc.path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > _MAX_WORKBOOK_XML:
                return None
            with archive.open(info) as fh:
                xml = fh.read(_MAX_WORKBOOK_XML + 1).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        return None
    sheets = tuple(_SHEET_NAME.findall(xml))
    return "benchmark XLSX" if sheets == _BENCHMARK_SHEETS else None


def report_kind(doc: SourceDocument) -> str | None:
    """Which mcqa report ``doc`` is (``check JSON``...), or None for anything else."""
    head = doc.head
    if head.startswith(b"PK\x03\x04"):
        return _workbook_kind(doc)
    if head.lstrip(b"\xef\xbb\xbf")[:1] not in (b"{", b"<", b"#", b"m", b"A", b"%"):
        return None
    text = _text(head[:_HEAD_TEXT])  # every head pattern is bounded well within this
    candidates = [(what, tail) for what, pattern, tail in _SIGNATURES if pattern.match(text)]
    if not candidates:
        return None
    try:
        end = _text(_tail(doc.path, len(head)) or head)
    except OSError:
        return None
    for what, tail in candidates:
        if tail is None or tail.search(end[-_TAIL_BYTES:]):
            return what
    return None


def report_reason(doc: SourceDocument) -> str | None:
    """``an mcqa report, check JSON`` when ``doc`` is one, else None."""
    kind = report_kind(doc)
    return None if kind is None else f"{REPORT_REASON}, {kind}"


def report_file_kind(path: Path) -> str | None:
    """:func:`report_kind` of the file at ``path``; None when it cannot be read."""
    try:
        return report_kind(SourceDocument(path))
    except InputError:
        return None


class McqaReportLoader:
    """Reports mcqa wrote (check, benchmark, dossier, diff; every format).

    Detected by: the structure of each renderer's output (see the module docstring).
    Records: none; one skipped item, "an mcqa report, check JSON".
    """

    name = "mcqa-report"
    label = "mcqa report"

    def matches(self, doc: SourceDocument) -> bool:
        """An mcqa report, by content."""
        return report_kind(doc) is not None

    def load(self, doc: SourceDocument) -> Iterator[LoadItem]:
        """One skipped item naming the kind of report."""
        yield Skipped(file=doc.display, reason=report_reason(doc) or REPORT_REASON)
