"""Audit diff: what changed between last year's report and this year's.

Why on JSON data rather than the Report model: last year's file may come
from an older mcqa, and the JSON report is the published, stable format.
Findings are matched on ``(record_id, rule_id)``; a rule that produced
several findings on one record (input issues) counts as failing when any
of them fails. Classes, judged on the *new* report:

* **new**: failing now, not failing before (or the record is new);
* **fixed**: failing before, now passing / not applicable / unverifiable;
* **persisting**: failing in both;
* **review**: stated only as free text now, to be confirmed by a person (whatever it
  was before; a failure that became *review* is not called fixed);
* **withheld**: not disclosed by the holder of a wallet presentation now (whatever it was
  before: a failure that became *withheld* is not fixed, a pass that became *withheld* is
  not new);
* **waived**: waived now (whatever it was before).

Records only in one report are listed as added/removed; their findings are
not called fixed. Reports on disk are streamed (:class:`ReportFile`): the old
one is held as a reduced index, the new one compared record by record.
Record metadata comes from the report: title, provider, format and kind,
plus the ``observed`` value of the presence rules for workload (EU-AI-M07),
level (M08) and quality assurance (M11) and of the learning-outcomes rule
(M06, abbreviated). A full outcome count would need
the record metadata in the report itself.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import Field

from mcqa.errors import InputError
from mcqa.marks import N_, NC_, NN_
from mcqa.model.base import FrozenModel as _Frozen

__all__ = ["AuditDiff", "ReportFile", "diff_reports", "load_report", "render_diff"]

Change = Literal["new", "fixed", "persisting", "review", "withheld", "waived"]
CHANGES: tuple[Change, ...] = ("new", "fixed", "persisting", "review", "withheld", "waived")
_FAILING = {"fail", "error"}
META_RULES = {"EU-AI-M06": "learning_outcomes", "EU-AI-M07": "workload", "EU-AI-M08": "level",
              "EU-AI-M11": "quality_assurance"}




class FindingChange(_Frozen):
    """One (record, rule) pair and how it changed."""

    record_id: str
    rule_id: str
    change: Change
    severity: str
    old_status: str | None
    new_status: str | None
    message: str


class MetaChange(_Frozen):
    """A changed field of a record's own description."""

    field: str
    old: str | None
    new: str | None


class RecordDiff(_Frozen):
    """Everything that changed for one record present in both reports, or added."""

    record_id: str
    provider: str
    title: str | None
    counts: dict[str, int]
    findings: tuple[FindingChange, ...]
    metadata: tuple[MetaChange, ...] = ()


class AuditDiff(_Frozen):
    """The comparison of two reports."""

    old_as_of: str
    new_as_of: str
    totals: dict[str, int]
    by_provider: dict[str, dict[str, int]]
    records: tuple[RecordDiff, ...]
    added: tuple[str, ...] = Field(description="Record ids only in the new report.")
    removed: tuple[str, ...] = Field(description="Record ids only in the old report.")


def _read_failure(exc: Exception) -> str:
    """Why a report could not be read, in words: the JSON parser's own message quotes the
    bytes it stopped at (as a ``bytes`` repr for UTF-16, gzip or binary files)."""
    if isinstance(exc, OSError):
        return N_("cannot read report: {strerror}").format(strerror=exc.strerror)
    return N_("cannot read report: not UTF-8 JSON")


def _unreadable(path: Path, what: str) -> InputError:
    return InputError(what, file=str(path),
                      hint="pass a report written by `mcqa check --format json`")


class ReportFile:
    """A previous ``mcqa check --format json`` report on disk, read as a stream.

    A national report is gigabytes (every finding, passes included), so it is
    never parsed whole: :func:`load_report` checks the head (``tool``,
    ``as_of``, a ``records`` list) and :func:`diff_reports` walks the records
    one at a time with ijson's C parser.
    """

    def __init__(self, path: Path, as_of: str) -> None:
        self.path, self.as_of = path, as_of

    def records(self) -> Iterator[dict[str, Any]]:
        """Each record of the report, in file order, its shape checked as it streams by
        (:func:`_checked`): a wrong shape is one input error naming the file and the JSON
        pointer, never a crash, however large or deep the file."""
        import ijson

        try:
            with self.path.open("rb") as fh:
                for n, rec in enumerate(_records(ijson.parse(fh, use_float=True))):
                    yield _checked(rec, n, self.path)
        except (OSError, ijson.JSONError, UnicodeDecodeError) as exc:
            raise _unreadable(self.path, _read_failure(exc)) from None
        except _ShapeError as exc:
            raise InputError(str(exc), file=str(self.path), location=exc.location,
                             hint="pass a report written by `mcqa check --format json`") from None


MAX_REPORT_DEPTH = 32
"""Deepest nesting inside one record of a report (mcqa writes 5 levels)."""


def _records(events: Iterator[tuple[str, str, Any]]) -> Iterator[Any]:
    """The items of the top-level ``records`` array, built from parser events with a depth
    limit (100,000 nested arrays are refused at depth 33, not built)."""
    stack: list[Any] = []
    keys: list[str | None] = []
    count = 0
    for prefix, event, value in events:
        outside = prefix != "records.item" or event in ("end_array", "end_map", "map_key")
        if not stack and outside:
            continue
        if event in ("start_map", "start_array"):
            if len(stack) >= MAX_REPORT_DEPTH:
                raise _ShapeError(f"a record nests more than {MAX_REPORT_DEPTH} levels deep",
                                  f"/records/{count}")
            container: Any = {} if event == "start_map" else []
            if stack:
                _put(stack[-1], keys[-1], container)
            stack.append(container)
            keys.append(None)
        elif event in ("end_map", "end_array"):
            done = stack.pop()
            keys.pop()
            if not stack:
                count += 1
                yield done
        elif event == "map_key":
            keys[-1] = value
        else:
            if stack:
                _put(stack[-1], keys[-1], value)
            else:
                count += 1
                yield value


def _put(parent: Any, key: str | None, value: Any) -> None:
    if isinstance(parent, dict):
        parent[key] = value
    else:
        parent.append(value)


class _ShapeError(ValueError):
    def __init__(self, message: str, location: str) -> None:
        super().__init__(message)
        self.location = location


_OPTIONAL_TEXT = ("title", "provider_name", "provider_id", "source_format", "record_kind")
_FINDING_TEXT = ("rule_id", "status", "severity", "message")


def _checked(rec: Any, n: int, path: Path) -> dict[str, Any]:
    """``rec`` when it has the shape of a report record (the fields the diff reads);
    otherwise one :class:`InputError` naming the file and the JSON pointer."""

    def bad(what: str, where: str) -> InputError:
        return InputError(what, file=str(path), location=f"/records/{n}{where}",
                          hint="pass a report written by `mcqa check --format json`")

    if not isinstance(rec, dict):
        raise bad(f"a record is {type(rec).__name__}, not an object", "")
    if not isinstance(rec.get("record_id"), str):
        raise bad("record_id is not a string", "/record_id")
    for key in _OPTIONAL_TEXT:
        if rec.get(key) is not None and not isinstance(rec[key], str):
            raise bad(f"{key} is {type(rec[key]).__name__}, not a string", f"/{key}")
    findings = rec.get("findings")
    if findings is None:
        return rec
    if not isinstance(findings, list):
        raise bad(f"findings is {type(findings).__name__}, not a list", "/findings")
    for i, f in enumerate(findings):
        if not isinstance(f, dict):
            raise bad(f"a finding is {type(f).__name__}, not an object", f"/findings/{i}")
        for key in _FINDING_TEXT:
            if f.get(key) is not None and not isinstance(f[key], str):
                raise bad(f"{key} is {type(f[key]).__name__}, not a string",
                          f"/findings/{i}/{key}")
        observed = f.get("observed")
        if observed is not None and not isinstance(observed, str):
            f["observed"] = json.dumps(observed)[:200]
    return rec


def load_report(path: Path) -> ReportFile:
    """A previous ``mcqa check --format json`` report, its head checked (the records are
    read later, as a stream)."""
    import os
    import stat

    import ijson

    bad = _unreadable(path, "not an mcqa JSON report")
    head: dict[str, Any] = {}
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO blocks, /dev/zero never ends
            raise _unreadable(path, "not a regular file")
        with path.open("rb") as fh:
            events = ijson.parse(fh)
            if next(events, ("", "", None))[1] != "start_map":
                raise bad
            for prefix, event, value in events:
                if prefix in ("tool", "as_of") and event in ("string", "number"):
                    head[prefix] = value
                if prefix == "records":
                    if event != "start_array":
                        raise bad
                    break
            else:
                raise bad
    except (OSError, ijson.JSONError, UnicodeDecodeError) as exc:
        raise _unreadable(path, _read_failure(exc)) from None
    if head.get("tool") != "mcqa":
        raise bad
    return ReportFile(path, str(head.get("as_of", "")))


ReportSource = ReportFile | Mapping[str, Any] | Any
"""What :func:`diff_reports` compares: a :class:`ReportFile`, report data, or a Report."""


def _source(report: ReportSource) -> tuple[str, Iterable[dict[str, Any]]]:
    """The audit date and the records (as JSON data) of any report source."""
    if isinstance(report, ReportFile):
        return report.as_of, report.records()
    if isinstance(report, Mapping):
        return str(report.get("as_of", "")), report.get("records", [])
    return str(report.as_of), (r.model_dump(mode="json") for r in report.records)


def _status(findings: list[dict[str, Any]]) -> str:
    statuses = {f.get("status", "") for f in findings}
    for s in ("error", "fail", "withheld", "review", "waived", "unverifiable", "pass",
              "not_applicable"):
        if s in statuses:
            return s
    return ""


class _Rule(NamedTuple):
    """One rule's verdict on one record, reduced to what the diff reads."""

    status: str
    severity: str
    message: str


class _Rec(NamedTuple):
    rules: dict[str, _Rule]
    meta: dict[str, str | None]
    provider: str
    title: str | None


def _reduce(rec: dict[str, Any]) -> _Rec:
    """A record of a report, without the bulk of its findings (citations, remedies,
    locations): the old report is held in this form while the new one streams by.
    Repeated texts are interned, so a national report's index stays small."""
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for f in rec.get("findings", []) or []:
        if isinstance(f, dict) and isinstance(f.get("rule_id"), str):
            by_rule.setdefault(f["rule_id"], []).append(f)
    rules = {sys.intern(rule): _Rule(sys.intern(_status(found)),
                                     sys.intern(str(found[0].get("severity", ""))),
                                     sys.intern(str(found[0].get("message", ""))))
             for rule, found in by_rule.items()}
    meta: dict[str, str | None] = {
        "title": rec.get("title"), "provider": rec.get("provider_name") or rec.get("provider_id"),
        "source_format": rec.get("source_format"), "record_kind": rec.get("record_kind")}
    for rule, name in META_RULES.items():
        found = by_rule.get(rule)
        meta[name] = found[0].get("observed") if found else None
    provider = rec.get("provider_name") or rec.get("provider_id") or N_("(provider not stated)")
    return _Rec(rules, meta, str(provider), rec.get("title"))


_KEPT: dict[str | None, Change] = {"waived": "waived", "review": "review",
                                   "withheld": "withheld"}
"""Statuses that name their own change class, whatever the old status was."""


def _classify(old: str | None, new: str | None) -> Change | None:
    if new in _KEPT:
        return _KEPT[new]
    was, now = old in _FAILING, new in _FAILING
    if now:
        return "persisting" if was else "new"
    if was and new is not None:
        return "fixed"
    return None


def _record_diff(rid: str, new: _Rec, old: _Rec | None) -> RecordDiff:
    old_rules = old.rules if old is not None else {}
    changes: list[FindingChange] = []
    for rule in sorted(set(new.rules) | set(old_rules)):
        o, n = old_rules.get(rule), new.rules.get(rule)
        change = _classify(o.status if o else None, n.status if n else None)
        if change is None:
            continue
        ref = n or o
        assert ref is not None
        changes.append(FindingChange(record_id=rid, rule_id=rule, change=change,
                                     severity=ref.severity, old_status=o.status if o else None,
                                     new_status=n.status if n else None, message=ref.message))
    counts = Counter(c.change for c in changes)
    meta: list[MetaChange] = []
    if old is not None:
        meta = [MetaChange(field=k, old=old.meta[k], new=new.meta[k])
                for k in old.meta if old.meta[k] != new.meta[k]]
    return RecordDiff(record_id=rid, provider=new.provider, title=new.title,
                      counts={c: counts[c] for c in CHANGES}, findings=tuple(changes),
                      metadata=tuple(meta))


def diff_reports(old_report: ReportSource, new_report: ReportSource) -> AuditDiff:
    """Classify every finding of both reports; per record, per provider and in total.

    The old report is indexed in reduced form and the new one streamed against
    it, so two national reports of several gigabytes each can be compared. A
    record id that appears twice in one report counts once, with its last
    occurrence.
    """
    old_as_of, old_records = _source(old_report)
    new_as_of, new_records = _source(new_report)
    oi = {str(rec.get("record_id")): _reduce(rec) for rec in old_records}
    diffs: dict[str, RecordDiff] = {}
    for rec in new_records:
        rid = str(rec.get("record_id"))
        diffs[rid] = _record_diff(rid, _reduce(rec), oi.get(rid))
    totals: Counter[str] = Counter()
    providers: dict[str, Counter[str]] = {}
    records: list[RecordDiff] = []
    for rid in sorted(diffs):
        d = diffs[rid]
        totals.update(d.counts)
        providers.setdefault(d.provider, Counter()).update(d.counts)
        if d.findings or d.metadata:
            records.append(d)
    return AuditDiff(
        old_as_of=old_as_of, new_as_of=new_as_of,
        totals={c: totals[c] for c in CHANGES},
        by_provider={p: {c: cnt[c] for c in CHANGES} for p, cnt in sorted(providers.items())},
        records=tuple(records), added=tuple(sorted(set(diffs) - set(oi))),
        removed=tuple(sorted(set(oi) - set(diffs))))


CHANGE_LABELS: dict[str, tuple[str, str]] = {
    "new": NC_("change", "new"), "fixed": NC_("change", "fixed"),
    "persisting": NC_("change", "persisting"), "review": NC_("change", "review"),
    "withheld": NC_("change", "withheld"), "waived": NC_("change", "waived"),
}
"""Change class -> its word (English: the class itself), translated in the context "change"."""
META_LABELS = {"title": N_("title"), "provider": N_("provider"),
               "source_format": N_("source format"), "record_kind": N_("record kind"),
               "learning_outcomes": N_("learning outcomes"), "workload": N_("workload"),
               "level": N_("level"), "quality_assurance": N_("quality assurance")}
"""Field of a metadata change -> its label (English: the field name itself)."""


RECORDS_ADDED = NN_("{n} record added", "{n} records added")
RECORDS_REMOVED = NN_("{n} removed", "{n} removed")
"""The diff's record counts, each with its language's plural."""


def render_diff(d: AuditDiff, fmt: str = "text", lang: str = "en") -> str:
    """text, md (tables) or json; layout only. Every value from a report goes through the
    shared output-safety layer (:mod:`mcqa.render._safe`): Markdown escaped, text inert.
    Words, figures and dates in ``lang`` (the JSON names its language)."""
    from mcqa.i18n import _, localize_text, pgettext
    from mcqa.render import labels
    from mcqa.render._safe import json_safe, md_text, one_line

    if fmt == "json":
        data = d.model_dump(mode="json")
        data["lang"] = lang
        return json_safe(json.dumps(data, indent=2, sort_keys=True,
                                    ensure_ascii=False)) + "\n"

    L = labels.for_lang(lang)
    md = fmt == "md"
    t = md_text if md else one_line

    def word(change: str) -> str:
        entry = CHANGE_LABELS.get(change)
        return pgettext(entry[0], entry[1], lang) if entry else change

    def field(name: str) -> str:
        text = META_LABELS.get(name)
        return _(text, lang) if text else name

    def provider(name: str) -> str:
        return localize_text(name, lang) or name

    def status(value: str | None) -> str:
        return L.status_word(value) if value else "-"

    lines = [f"{'# ' if md else ''}" + L.t(N_("Audit diff {old} → {new}"),
                                             old=t(L.F.day(d.old_as_of)),
                                             new=t(L.F.day(d.new_as_of))), ""]
    lines.append(", ".join(f"{L.F.integer(d.totals[c])} {word(c)}" for c in CHANGES)
                 + "; " + L.plural(RECORDS_ADDED, len(d.added)) + ", "
                 + L.plural(RECORDS_REMOVED, len(d.removed)))
    lines.append("")
    if md:
        lines += ["| " + L.t(N_("provider")) + " | " + " | ".join(word(c) for c in CHANGES)
                  + " |", "|---|" + "---:|" * len(CHANGES)]
        lines += [f"| {t(provider(p))} | " + " | ".join(L.F.integer(c[k]) for k in CHANGES)
                  + " |" for p, c in d.by_provider.items()]
    else:
        lines += [f"  {t(provider(p))}: " + ", ".join(f"{L.F.integer(c[k])} {word(k)}"
                                                      for k in CHANGES)
                  for p, c in d.by_provider.items()]
    lines.append("")
    width = max(10, *(len(word(c)) for c in CHANGES))
    for r in d.records:
        lines.append(f"{'## ' if md else ''}{t(r.record_id)} ({t(r.title or '')})")
        for m in r.metadata:
            lines.append(f"  {'- ' if md else ''}{t(field(m.field))}: {t(m.old or '-')} → "
                         f"{t(m.new or '-')}")
        for c in r.findings:
            lines.append(f"  {'- ' if md else ''}{word(c.change):<{width}} {t(c.rule_id)} "
                         f"[{t(L.severity(c.severity))}] "
                         f"{t(status(c.old_status))} → {t(status(c.new_status))}")
        lines.append("")
    for label, ids in ((N_("added:"), d.added), (N_("removed:"), d.removed)):
        if ids:
            lines.append(f"{_(label, lang)} " + ", ".join(t(i) for i in ids))
    return "\n".join(lines).rstrip("\n") + "\n"
