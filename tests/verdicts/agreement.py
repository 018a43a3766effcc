"""Verdict agreement: mcqa's mandatory-element verdicts scored against a human-labelled set.

Why this exists: a compliance checker loses its users the first time it says "missing" about
something the credential states (issue #13). The labels in ``labels/`` were made by reading
each raw corpus file as an auditor would (see ``README.md``); this module runs mcqa on the same
files with the ``eu-2022`` pack at a fixed audit date and compares, element by element:

* each presence rule's status becomes a verdict (``pass`` -> present, ``fail`` -> absent,
  ``review`` -> free_text, ``not_applicable`` -> not_applicable); any other outcome (an error,
  ``unverifiable``, no finding, no record, an input error) is a disagreement;
* **false "missing"**: an error-severity ``fail`` where the label says the element is stated
  (present or free_text); **false "present"**: a ``pass`` where the label says absent.

Statuses are compared as strings, so the scorer works before and after the engine gains a
``review`` status. Used by ``test_agreement.py`` and ``benchmarks/verdict_agreement.py``.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
LABELS_DIR = HERE / "labels"
CORPUS = HERE.parents[2] / "shared" / "corpus"
NOT_CREDENTIALS_FILE = LABELS_DIR / "not_credentials.yaml"

AUDIT_DATE = date(2026, 6, 30)
"""Fixed audit date: date rules must not make the figures drift with the calendar."""
PACK = "eu-2022"

PRESENCE_RULES: Mapping[str, str] = {
    "learner": "EU-AI-M01",
    "title": "EU-AI-M02",
    "issuer_country": "EU-AI-M03",
    "awarding_body": "EU-AI-M04",
    "issue_date": "EU-AI-M05",
    "learning_outcomes": "EU-AI-M06",
    "workload": "EU-AI-M07",
    "level": "EU-AI-M08",
    "assessment_type": "EU-AI-M09",
    "participation_form": "EU-AI-M10",
    "quality_assurance": "EU-AI-M11",
}
"""The presence rule of each Annex I mandatory element, in the Recommendation's order."""
ELEMENTS: tuple[str, ...] = tuple(PRESENCE_RULES)

LABELS: tuple[str, ...] = ("present", "free_text", "absent", "not_applicable")
NOT_APPLICABLE_ELEMENTS = frozenset({"learner", "issue_date"})
"""Only these can be not applicable: a programme specification has no learner and no date."""
STATED = frozenset({"present", "free_text"})
VERDICT_OF_STATUS: Mapping[str, str] = {
    "pass": "present",
    "fail": "absent",
    "review": "free_text",
    "not_applicable": "not_applicable",
}

TARGET_AGREEMENT = 97.0
TARGET_FALSE_MISSING = 1.0
TARGET_FALSE_PRESENT = 1.0
"""Issue #13's targets: agreement in %, false verdicts per 100 judgments."""


class LabelError(ValueError):
    """A label file is malformed; the message names the file, record and element."""


@dataclass(frozen=True)
class ElementLabel:
    """One human judgment: the label, where the auditor saw it (or looked), and why."""

    label: str
    at: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class LabelledRecord:
    """All eleven judgments for one record of one corpus file."""

    file: str
    record: str
    format: str
    why: str
    elements: Mapping[str, ElementLabel]


@dataclass(frozen=True)
class NotCredential:
    """A corpus file that is not a micro-credential at all, and why."""

    file: str
    kind: str
    reason: str


def _pointers(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str) and value:
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    raise LabelError(f"{where}: 'at' must be a pointer or a list of pointers")


def _element_label(raw: Any, where: str) -> ElementLabel:
    if not isinstance(raw, Mapping):
        raise LabelError(f"{where}: expected {{label, at, note}}")
    unknown = set(raw) - {"label", "at", "note"}
    if unknown:
        raise LabelError(f"{where}: unknown keys {sorted(unknown)}")
    label = raw.get("label")
    if label not in LABELS:
        raise LabelError(f"{where}: label {label!r} is not one of {', '.join(LABELS)}")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise LabelError(f"{where}: note must be text")
    return ElementLabel(label=label, at=_pointers(raw.get("at"), where), note=note)


def load_label_file(path: Path) -> list[LabelledRecord]:
    """The labelled records of one label file (validated)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, Mapping) or not isinstance(data.get("files"), Mapping):
        raise LabelError(f"{path.name}: expected 'format' and a 'files' mapping")
    fmt = data.get("format")
    if not isinstance(fmt, str):
        raise LabelError(f"{path.name}: 'format' missing")
    out: list[LabelledRecord] = []
    for file, entry in data["files"].items():
        records = entry.get("records") if isinstance(entry, Mapping) else None
        if not isinstance(records, Mapping) or not records:
            raise LabelError(f"{path.name}: {file}: no records")
        why = entry.get("why", "")
        for record, elements in records.items():
            where = f"{path.name}: {file} {record}"
            if not isinstance(elements, Mapping) or set(elements) != set(ELEMENTS):
                got = set(elements) if isinstance(elements, Mapping) else set()
                raise LabelError(f"{where}: needs exactly the 11 mandatory elements "
                                 f"(missing {sorted(set(ELEMENTS) - got)}, "
                                 f"unknown {sorted(got - set(ELEMENTS))})")
            labels = {e: _element_label(elements[e], f"{where} {e}") for e in ELEMENTS}
            for element, lab in labels.items():
                if lab.label == "not_applicable" and element not in NOT_APPLICABLE_ELEMENTS:
                    raise LabelError(f"{where} {element}: only learner and issue_date can be "
                                     "not applicable")
            out.append(LabelledRecord(file=str(file), record=str(record), format=fmt,
                                      why=str(why), elements=labels))
    return out


def load_labels(labels_dir: Path = LABELS_DIR) -> list[LabelledRecord]:
    """Every labelled record of every label file in ``labels_dir`` (sorted, validated)."""
    records: list[LabelledRecord] = []
    for path in sorted(labels_dir.glob("*.yaml")):
        if path.name != NOT_CREDENTIALS_FILE.name:
            records.extend(load_label_file(path))
    seen: set[tuple[str, str]] = set()
    for rec in records:
        key = (rec.file, rec.record)
        if key in seen:
            raise LabelError(f"{rec.file} {rec.record}: labelled twice")
        seen.add(key)
    return sorted(records, key=lambda r: (r.file, r.record))


def load_not_credentials(path: Path = NOT_CREDENTIALS_FILE) -> list[NotCredential]:
    """The corpus files that are not micro-credentials, with the expected reason."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    files = data.get("files") if isinstance(data, Mapping) else None
    if not isinstance(files, Mapping):
        raise LabelError(f"{path.name}: expected a 'files' mapping")
    out = []
    for file, entry in files.items():
        if not isinstance(entry, Mapping) or not entry.get("kind") or not entry.get("reason"):
            raise LabelError(f"{path.name}: {file}: needs 'kind' and 'reason'")
        out.append(NotCredential(file=str(file), kind=str(entry["kind"]),
                                 reason=str(entry["reason"])))
    return sorted(out, key=lambda n: n.file)


# --- what mcqa says ----------------------------------------------------------------------
@dataclass(frozen=True)
class Observed:
    """One record as mcqa reported it, reduced to what scoring needs (plain strings)."""

    format: str | None
    outcome: str
    input_error: str | None
    statuses: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Rule id -> (status, severity) for the pack's findings."""
    text: str = ""
    """The record's whole JSON result, for checks on notes (e.g. 'not a micro-credential')."""


Observations = dict[str, dict[str, Observed]]
"""Corpus-relative file -> record key -> what mcqa reported."""


def _value(x: Any) -> str:
    return str(getattr(x, "value", x))


def record_key(record_id: str, source_file: str) -> str:
    """The record id as labels write it: ``#/pointer`` when mcqa made the id from the path."""
    prefix = f"{source_file}#"
    return record_id[len(source_file):] if record_id.startswith(prefix) else record_id


def observe(files: Iterable[str], corpus: Path = CORPUS) -> Observations:
    """Check ``files`` (relative to ``corpus``) with the eu-2022 pack at the audit date."""
    from mcqa.api import check

    wanted = sorted(set(files))
    by_path = {str(corpus / f): f for f in wanted}
    from mcqa.loaders import LoadOptions

    # The labeller read each file with the documents beside it (an OB 2.0 assertion's
    # BadgeClass in its folder's assets/), as ``mcqa check FOLDER`` does: the folders are
    # named, so linked documents in their sub-folders may be read. A file checked alone
    # reports such elements as unverifiable, never missing (tests/verdicts/test_patterns.py).
    roots = tuple(sorted({(corpus / f).parent.absolute() for f in wanted}))
    report = check([corpus / f for f in wanted], [PACK], as_of=AUDIT_DATE,
                   use_default_esco=False, options=LoadOptions(roots=roots))
    out: Observations = {f: {} for f in wanted}
    for rec in report.records:
        rel = by_path.get(rec.source_file)
        if rel is None:
            continue
        statuses = {f.rule_id: (_value(f.status), _value(f.severity))
                    for f in rec.findings if f.pack_id == PACK}
        out[rel][record_key(rec.record_id, rec.source_file)] = Observed(
            format=rec.source_format, outcome=_value(rec.outcome), input_error=rec.input_error,
            statuses=statuses, text=rec.model_dump_json())
    return out


# --- scoring -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Judgment:
    """One element of one record: the human label against mcqa's verdict."""

    file: str
    record: str
    format: str
    element: str
    label: str
    verdict: str
    status: str
    severity: str
    at: tuple[str, ...]
    note: str = ""

    @property
    def agrees(self) -> bool:
        """Same verdict as the label."""
        return self.label == self.verdict

    @property
    def false_missing(self) -> bool:
        """An error-severity fail where the credential states the element."""
        return self.status == "fail" and self.severity == "error" and self.label in STATED

    @property
    def false_present(self) -> bool:
        """A pass where the credential does not state the element."""
        return self.status == "pass" and self.label == "absent"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for the JSON output."""
        return {"file": self.file, "record": self.record, "format": self.format,
                "element": self.element, "label": self.label, "verdict": self.verdict,
                "status": self.status, "severity": self.severity, "at": list(self.at),
                "note": self.note}


def _verdict(obs: Observed | None, rule: str) -> tuple[str, str, str]:
    """(verdict, status, severity) of ``rule`` on one observed record."""
    if obs is None:
        return "no record", "-", "-"
    if obs.input_error is not None:
        return "input error", "input_error", "-"
    found = obs.statuses.get(rule)
    if found is None:
        return "no finding", "-", "-"
    status, severity = found
    return VERDICT_OF_STATUS.get(status, f"status {status}"), status, severity


def judge(labels: Sequence[LabelledRecord], observed: Mapping[str, Mapping[str, Observed]]
          ) -> list[Judgment]:
    """Every (record, element) judgment, in label order."""
    out = []
    for rec in labels:
        obs = observed.get(rec.file, {}).get(rec.record)
        for element in ELEMENTS:
            lab = rec.elements[element]
            verdict, status, severity = _verdict(obs, PRESENCE_RULES[element])
            out.append(Judgment(file=rec.file, record=rec.record, format=rec.format,
                                element=element, label=lab.label, verdict=verdict,
                                status=status, severity=severity, at=lab.at, note=lab.note))
    return out


Confusion = dict[str, dict[str, dict[str, int]]]
"""Group (element or format) -> label -> verdict -> count."""


@dataclass(frozen=True)
class Agreement:
    """The figures over all judgments, and what they are made of."""

    judgments: tuple[Judgment, ...]
    unlabelled: tuple[tuple[str, str], ...] = ()
    """(file, record) mcqa reported for a labelled file but nobody labelled."""

    @property
    def total(self) -> int:
        """Number of judgments."""
        return len(self.judgments)

    @property
    def agreed(self) -> int:
        """Judgments where mcqa's verdict equals the label."""
        return sum(j.agrees for j in self.judgments)

    def _per_100(self, n: int) -> float:
        return 100.0 * n / self.total if self.total else 0.0

    @property
    def agreement(self) -> float:
        """Agreement in percent."""
        return self._per_100(self.agreed)

    @property
    def false_missing(self) -> int:
        """Count of false 'missing' verdicts."""
        return sum(j.false_missing for j in self.judgments)

    @property
    def false_present(self) -> int:
        """Count of false 'present' verdicts."""
        return sum(j.false_present for j in self.judgments)

    @property
    def false_missing_per_100(self) -> float:
        """False 'missing' per 100 judgments."""
        return self._per_100(self.false_missing)

    @property
    def false_present_per_100(self) -> float:
        """False 'present' per 100 judgments."""
        return self._per_100(self.false_present)

    @property
    def meets_targets(self) -> bool:
        """All three of issue #13's targets met."""
        return (self.agreement >= TARGET_AGREEMENT
                and self.false_missing_per_100 <= TARGET_FALSE_MISSING
                and self.false_present_per_100 <= TARGET_FALSE_PRESENT)

    def disagreements(self) -> list[Judgment]:
        """Judgments where verdict and label differ, in label order."""
        return [j for j in self.judgments if not j.agrees]

    def confusion(self, by: str) -> Confusion:
        """Label x verdict counts per ``element`` or per ``format``."""
        table: Confusion = defaultdict(lambda: defaultdict(Counter))
        for j in self.judgments:
            table[getattr(j, by)][j.label][j.verdict] += 1
        order = ELEMENTS if by == "element" else sorted(table)
        return {g: {lab: dict(sorted(table[g][lab].items())) for lab in LABELS if lab in table[g]}
                for g in order if g in table}

    def to_dict(self) -> dict[str, Any]:
        """Everything, as plain data (``--json``)."""
        return {
            "audit_date": AUDIT_DATE.isoformat(), "pack": PACK,
            "files": len({j.file for j in self.judgments}),
            "records": len({(j.file, j.record) for j in self.judgments}),
            "judgments": self.total, "agreed": self.agreed,
            "agreement_pct": round(self.agreement, 2),
            "false_missing": self.false_missing,
            "false_missing_per_100": round(self.false_missing_per_100, 2),
            "false_present": self.false_present,
            "false_present_per_100": round(self.false_present_per_100, 2),
            "targets": {"agreement_pct": TARGET_AGREEMENT,
                        "false_missing_per_100": TARGET_FALSE_MISSING,
                        "false_present_per_100": TARGET_FALSE_PRESENT},
            "meets_targets": self.meets_targets,
            "confusion_by_element": self.confusion("element"),
            "confusion_by_format": self.confusion("format"),
            "disagreements": [j.to_dict() for j in self.disagreements()],
            "unlabelled_records": [list(u) for u in self.unlabelled],
        }


def score(labels: Sequence[LabelledRecord], observed: Mapping[str, Mapping[str, Observed]]
          ) -> Agreement:
    """Judge every labelled element and collect the records nobody labelled."""
    labelled = {(r.file, r.record) for r in labels}
    files = {r.file for r in labels}
    unlabelled = tuple(sorted((f, k) for f in files for k in observed.get(f, {})
                              if (f, k) not in labelled))
    return Agreement(judgments=tuple(judge(labels, observed)), unlabelled=unlabelled)


def measure(labels_dir: Path = LABELS_DIR, corpus: Path = CORPUS) -> Agreement:
    """Load the labels, run mcqa on their files and score it."""
    labels = load_labels(labels_dir)
    return score(labels, observe({r.file for r in labels}, corpus))


# --- files that are not micro-credentials ----------------------------------------------
NOT_A_MICRO_CREDENTIAL = "not a micro-credential"


@dataclass(frozen=True)
class SkipCheck:
    """How mcqa handled one file that is not a micro-credential."""

    item: NotCredential
    records: int
    input_errors: int
    judged: int
    """Records with a pass, fail or review of a mandatory-element presence rule."""
    noted: bool
    """The result says 'not a micro-credential'."""

    @property
    def as_expected(self) -> bool:
        """Accounted for, not an INPUT ERROR, not judged as a micro-credential, with the note."""
        return self.records > 0 and not self.input_errors and not self.judged and self.noted

    def describe(self) -> str:
        """One line for a report or an assertion message."""
        state = "ok" if self.as_expected else (
            f"records={self.records} input_errors={self.input_errors} judged={self.judged} "
            f"noted={'yes' if self.noted else 'no'}")
        return f"{self.item.file} ({self.item.kind}): {state}"


def check_not_credentials(items: Sequence[NotCredential], corpus: Path = CORPUS
                          ) -> list[SkipCheck]:
    """Run mcqa on each non-credential file: it should be skipped with a note, never an error."""
    observed = observe([i.file for i in items], corpus)
    rules = set(PRESENCE_RULES.values())
    out = []
    for item in items:
        recs = list(observed.get(item.file, {}).values())
        judged = sum(any(s in ("pass", "fail", "review") for r, (s, _) in o.statuses.items()
                         if r in rules) for o in recs)
        out.append(SkipCheck(
            item=item, records=len(recs),
            input_errors=sum(o.outcome == "input_error" or o.input_error is not None
                             for o in recs),
            judged=judged,
            noted=bool(recs) and all(NOT_A_MICRO_CREDENTIAL in o.text.lower() for o in recs)))
    return out


# --- text output -------------------------------------------------------------------------
def _table(title: str, confusion: Confusion) -> list[str]:
    verdicts = sorted({v for g in confusion.values() for row in g.values() for v in row},
                      key=lambda v: (LABELS.index(v) if v in LABELS else len(LABELS), v))
    width = max([len(title), *(len(g) for g in confusion)]) + 2
    lines = [f"{title:<{width}}{'label':<16}" + "".join(f"{v:>16}" for v in verdicts)]
    for group, rows in confusion.items():
        for i, (lab, row) in enumerate(rows.items()):
            name = group if i == 0 else ""
            lines.append(f"{name:<{width}}{lab:<16}"
                         + "".join(f"{row.get(v, 0) or '.':>16}" for v in verdicts))
    return lines


def render_text(result: Agreement, skips: Sequence[SkipCheck] = ()) -> str:
    """Figures, confusion tables and disagreements, for a terminal."""
    d = result.to_dict()
    ok = "MET" if result.meets_targets else "NOT MET"
    lines = [
        f"Verdict agreement on the labelled set (pack {PACK}, audit date {d['audit_date']})",
        f"  {d['files']} files, {d['records']} records, {d['judgments']} judgments",
        f"  agreement        {d['agreement_pct']:6.2f} %   ({d['agreed']}/{d['judgments']}; "
        f"target >= {TARGET_AGREEMENT:g} %)",
        f"  false 'missing'  {d['false_missing_per_100']:6.2f} /100 ({d['false_missing']}; "
        f"target <= {TARGET_FALSE_MISSING:g})",
        f"  false 'present'  {d['false_present_per_100']:6.2f} /100 ({d['false_present']}; "
        f"target <= {TARGET_FALSE_PRESENT:g})",
        f"  targets {ok}",
        "",
        "Verdicts of mcqa (columns) against the labels (rows), per element:",
        *_table("element", d["confusion_by_element"]),
        "",
        "Per format:",
        *_table("format", d["confusion_by_format"]),
        "",
        f"Disagreements ({len(d['disagreements'])}):",
    ]
    for j in result.disagreements():
        flag = " FALSE-MISSING" if j.false_missing else " FALSE-PRESENT" if j.false_present else ""
        lines.append(f"  {j.file} | {j.record} | {j.element}: label {j.label}, "
                     f"mcqa {j.verdict}{flag} | at {', '.join(j.at)}")
    if result.unlabelled:
        lines += ["", f"Records mcqa reported that are not labelled ({len(result.unlabelled)}):",
                  *(f"  {f} | {r}" for f, r in result.unlabelled)]
    if skips:
        good = sum(s.as_expected for s in skips)
        lines += ["", f"Files that are not micro-credentials: {good}/{len(skips)} skipped with "
                  f"a note ('{NOT_A_MICRO_CREDENTIAL}'), not an INPUT ERROR, not judged:",
                  *(f"  {s.describe()}" for s in skips)]
    return "\n".join(lines) + "\n"


def render_json(result: Agreement, skips: Sequence[SkipCheck] = ()) -> str:
    """The same as JSON (sorted keys, deterministic)."""
    data = result.to_dict()
    data["not_credentials"] = [{"file": s.item.file, "kind": s.item.kind,
                                "reason": s.item.reason, "records": s.records,
                                "input_errors": s.input_errors, "judged": s.judged,
                                "noted": s.noted, "as_expected": s.as_expected}
                               for s in skips]
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
