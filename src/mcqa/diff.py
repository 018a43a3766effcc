"""Audit diff: what changed between last year's report and this year's.

Why on JSON data rather than the Report model: last year's file may come
from an older mcqa, and the JSON report is the published, stable format.
Findings are matched on ``(record_id, rule_id)``; a rule that produced
several findings on one record (input issues) counts as failing when any
of them fails. Classes, judged on the *new* report:

* **new**: failing now, not failing before (or the record is new);
* **fixed**: failing before, now passing / not applicable / unverifiable;
* **persisting**: failing in both;
* **waived**: waived now (whatever it was before).

Records only in one report are listed as added/removed; their findings are
not called fixed. Record metadata comes from the report: title, provider,
format and kind, plus the ``observed`` value of the presence rules for
workload (EU-AI-M07), level (M08) and quality assurance (M11) and of the
learning-outcomes rule (M06, abbreviated). A full outcome count would need
the record metadata in the report itself.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from mcqa.errors import InputError
from mcqa.model.base import FrozenModel as _Frozen

__all__ = ["AuditDiff", "diff_reports", "load_report", "render_diff"]

Change = Literal["new", "fixed", "persisting", "waived"]
CHANGES: tuple[Change, ...] = ("new", "fixed", "persisting", "waived")
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


def load_report(path: Path) -> dict[str, Any]:
    """A previous ``mcqa check --format json`` report as data."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read report: {exc}", file=str(path),
                         hint="pass a report written by `mcqa check --format json`") from None
    if not isinstance(data, dict) or data.get("tool") != "mcqa" or not isinstance(
            data.get("records"), list):
        raise InputError("not an mcqa JSON report", file=str(path),
                         hint="pass a report written by `mcqa check --format json`")
    return data


def _as_data(report: Any) -> dict[str, Any]:
    if isinstance(report, Mapping):
        return dict(report)
    return report.model_dump(mode="json")  # type: ignore[no-any-return]


def _status(findings: list[dict[str, Any]]) -> str:
    statuses = {f.get("status", "") for f in findings}
    for s in ("error", "fail", "waived", "unverifiable", "pass", "not_applicable"):
        if s in statuses:
            return s
    return ""


def _index(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for rec in report["records"]:
        by_rule: dict[str, list[dict[str, Any]]] = {}
        for f in rec.get("findings", []):
            by_rule.setdefault(f["rule_id"], []).append(f)
        out[rec["record_id"]] = {"rec": rec, "rules": by_rule}
    return out


def _classify(old: str | None, new: str | None) -> Change | None:
    if new == "waived":
        return "waived"
    was, now = old in _FAILING, new in _FAILING
    if now:
        return "persisting" if was else "new"
    if was and new is not None:
        return "fixed"
    return None


def _meta(rec: dict[str, Any], rules: dict[str, list[dict[str, Any]]]) -> dict[str, str | None]:
    meta: dict[str, str | None] = {
        "title": rec.get("title"), "provider": rec.get("provider_name") or rec.get("provider_id"),
        "source_format": rec.get("source_format"), "record_kind": rec.get("record_kind")}
    for rule, name in META_RULES.items():
        found = rules.get(rule)
        meta[name] = found[0].get("observed") if found else None
    return meta


def diff_reports(old_report: Any, new_report: Any) -> AuditDiff:
    """Classify every finding of both reports; per record, per provider and in total."""
    old, new = _as_data(old_report), _as_data(new_report)
    oi, ni = _index(old), _index(new)
    totals: Counter[str] = Counter()
    providers: dict[str, Counter[str]] = {}
    records: list[RecordDiff] = []
    for rid in sorted(ni):
        rec, new_rules = ni[rid]["rec"], ni[rid]["rules"]
        old_rules = oi[rid]["rules"] if rid in oi else {}
        provider = rec.get("provider_name") or rec.get("provider_id") or "(provider not stated)"
        changes: list[FindingChange] = []
        for rule in sorted(set(new_rules) | set(old_rules)):
            o = _status(old_rules[rule]) if rule in old_rules else None
            n = _status(new_rules[rule]) if rule in new_rules else None
            change = _classify(o, n)
            if change is None:
                continue
            ref = (new_rules.get(rule) or old_rules[rule])[0]
            changes.append(FindingChange(record_id=rid, rule_id=rule, change=change,
                                         severity=ref.get("severity", ""), old_status=o,
                                         new_status=n, message=ref.get("message", "")))
        counts = Counter(c.change for c in changes)
        totals.update(counts)
        providers.setdefault(provider, Counter()).update(counts)
        meta: list[MetaChange] = []
        if rid in oi:
            before, after = _meta(oi[rid]["rec"], old_rules), _meta(rec, new_rules)
            meta = [MetaChange(field=k, old=before[k], new=after[k])
                    for k in before if before[k] != after[k]]
        if changes or meta:
            records.append(RecordDiff(record_id=rid, provider=provider, title=rec.get("title"),
                                      counts={c: counts[c] for c in CHANGES},
                                      findings=tuple(changes), metadata=tuple(meta)))
    return AuditDiff(
        old_as_of=str(old.get("as_of", "")), new_as_of=str(new.get("as_of", "")),
        totals={c: totals[c] for c in CHANGES},
        by_provider={p: {c: cnt[c] for c in CHANGES} for p, cnt in sorted(providers.items())},
        records=tuple(records), added=tuple(sorted(set(ni) - set(oi))),
        removed=tuple(sorted(set(oi) - set(ni))))


def render_diff(d: AuditDiff, fmt: str = "text") -> str:
    """text, md (tables) or json; layout only."""
    if fmt == "json":
        return json.dumps(d.model_dump(mode="json"), indent=2, sort_keys=True,
                          ensure_ascii=False) + "\n"
    from mcqa.render._safe import terminal_safe as t

    md = fmt == "md"
    lines = [f"{'# ' if md else ''}Audit diff {d.old_as_of} → {d.new_as_of}", ""]
    lines.append(", ".join(f"{d.totals[c]} {c}" for c in CHANGES)
                 + f"; {len(d.added)} records added, {len(d.removed)} removed")
    lines.append("")
    if md:
        lines += ["| provider | " + " | ".join(CHANGES) + " |",
                  "|---|" + "---:|" * len(CHANGES)]
        lines += [f"| {t(p).replace('|', '/')} | " + " | ".join(str(c[k]) for k in CHANGES)
                  + " |" for p, c in d.by_provider.items()]
    else:
        lines += [f"  {t(p)}: " + ", ".join(f"{c[k]} {k}" for k in CHANGES)
                  for p, c in d.by_provider.items()]
    lines.append("")
    for r in d.records:
        lines.append(f"{'## ' if md else ''}{t(r.record_id)} ({t(r.title or '')})")
        for m in r.metadata:
            lines.append(f"  {'- ' if md else ''}{m.field}: {t(m.old or '-')} → {t(m.new or '-')}")
        for c in r.findings:
            lines.append(f"  {'- ' if md else ''}{c.change:<10} {c.rule_id} [{c.severity}] "
                         f"{c.old_status or '-'} → {c.new_status or '-'}")
        lines.append("")
    for label, ids in (("added", d.added), ("removed", d.removed)):
        if ids:
            lines.append(f"{label}: " + ", ".join(t(i) for i in ids))
    return "\n".join(lines).rstrip("\n") + "\n"
