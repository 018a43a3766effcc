"""Markdown dossier for case files and issue trackers; every input string made inert."""

from __future__ import annotations

from typing import Any

from mcqa.dossier.model import Dossier
from mcqa.render.markdown import _md


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out.extend("| " + " | ".join(r) + " |" for r in rows)
    return out


def render_dossier_md(d: Dossier, **_: Any) -> str:
    """Eight sections in the order of the dossier model."""
    i = d.identity
    out = [f"# Recognition dossier: {_md(i.title) or '(untitled)'}", "",
           f"Target **{_md(d.target)}** ({d.target_framework}), audit date {d.as_of}, "
           f"mcqa {d.reproducibility.mcqa_version}.", "", "## 1. Identity", ""]
    issuer = i.issuer.name if i.issuer else None
    bodies = "; ".join(_md(b.name or b.identifier) for b in i.awarding_bodies) or "not stated"
    out += _table(["Field", "Value"], [
        ["Credential", f"`{_md(i.credential_id)}` ({i.source_format}, {i.record_kind})"],
        ["Learner", _md(" / ".join(x for x in (i.learner_name, i.learner_identifier) if x))
         or "not disclosed"],
        ["Issuer", _md(issuer) or "not stated"], ["Awarding body", bodies],
        ["Country", _md(", ".join(i.countries)) or "not stated"],
        ["Issue date", _md(i.issue_date) or "not stated"],
        ["Signature", ("signed, " + _md(i.signature_method or "method not stated")) if i.signed
         else "unsigned"]])
    out += ["", _md(i.signature_note), "", "## 2. Annex I elements", ""]
    out += _table(["Element", "Req.", "Value", "Source"],
                  [[e.key, "mandatory" if e.mandatory else "optional",
                    _md(e.value) if e.present else "*absent*", f"`{_md(e.source)}`"]
                   for e in d.elements])
    lv = d.level
    out += ["", "## 3. Level", "", f"Stated: {_md(lv.stated)}", "",
            f"**{_md(lv.path)}** — {lv.outcome.replace('_', ' ')}"
            + (f" (confidence {lv.confidence})" if lv.confidence else ""), "",
            _md(lv.explanation), ""]
    if lv.steps:
        out += _table(["Step", "Status", "Confidence", "Year", "Source"],
                      [[_md(s.display), s.status, s.confidence, str(s.year or ""),
                        f"{_md(s.source_title)} <{s.source_url}>"] for s in lv.steps])
        out.append("")
    out += [f"- {_md(n)}" for n in lv.notes]
    w = d.workload
    out += ["", "## 4. Workload", ""]
    out += _table(["Measure", "Amount"], [
        ["Stated", _md(w.stated)], ["ECTS", w.ects.text if w.ects else "—"],
        ["Hours", w.hours.text if w.hours else "—"],
        [f"Target unit ({w.target_unit or 'none'})", w.target.text if w.target else "—"]])
    out += [""] + [f"- {_md(s)}" for s in w.steps] + [f"- source: {_md(s)}" for s in w.sources]
    out += [f"- note: {_md(n)}" for n in w.notes]
    e = d.esco
    out += ["", "## 5. Learning outcomes and ESCO skills", "", _md(e.statement), ""]
    for o in e.outcomes:
        out.append(f"**LO{o.index + 1}.** {_md(o.text)} (`{o.text_hash[:12]}`, `{_md(o.source)}`)")
        out.append("")
        rows = [["stated", _md(s.label or ""), f"`{_md(s.uri)}`",
                 _md(f"{s.check}; {s.skill_type or ''} {s.reuse_level or ''}; "
                     f"{', '.join(s.collections)}".strip()), ""] for s in o.stated]
        rows += [["suggested", _md(s.label), f"`{_md(s.uri)}`",
                  f"score {s.score if s.score is not None else '—'}; {_md(s.method)}; "
                  f"ESCO {_md(s.esco_version)}" + (f"; why: {_md(s.reason)}" if s.reason else ""),
                  s.review_status + (f" by {_md(s.reviewer)} {_md(s.review_date)}"
                                     if s.reviewer else "")] for s in o.suggested]
        if rows:
            out += _table(["Kind", "Skill", "URI", "Details", "Review"], rows)
            out.append("")
    if e.occupations:
        out += ["Related occupations:", ""]
        out += _table(["Occupation", "ISCO", "Relation", "URI"],
                      [[_md(o.label), o.isco_code, o.relation, f"`{o.uri}`"]
                       for o in e.occupations])
    out += [f"- unmatched review decision: {_md(u)}" for u in e.unmatched_decisions]
    out += ["", "## 6. Assessment, supervision, quality assurance, stackability", ""]
    out += _table(["Aspect", "Value", "Source"],
                  [[_md(f.label), _md(f.value), f"`{_md(f.source)}`"] for f in d.delivery])
    g = d.gaps
    out += ["", "## 7. Gaps for the target (Lisbon Recognition Convention checklist)", "",
            f"Packs: {', '.join(g.packs)}. {_md(g.country_pack_note)}", ""]
    for a in g.areas:
        out.append(f"- [{'x' if a.verdict == 'no gap found' else ' '}] **{_md(a.title)}**: "
                   f"{a.verdict}")
        out += [f"  - {_md(n)}" for n in a.notes]
        out += [f"  - {it.status} {it.severity} {it.rule_id}: {_md(it.message)} "
                f"({_md(it.citation)})" for it in a.items]
    if g.evidence_requests:
        out += ["", "Evidence to request:", ""]
        out += [f"- {r.rule_id}: {_md(r.request)}" for r in g.evidence_requests]
    r = d.reproducibility
    out += ["", "## 8. Reproducibility", "",
            f"mcqa {r.mcqa_version}; audit date {r.as_of}; packs {', '.join(r.packs)}; "
            f"ESCO: {_md(r.esco_release) or 'not used'}.", "",
            "Data versions: " + ", ".join(f"{k} {v}" for k, v in r.data_versions.items()), ""]
    out += _table(["Input", "File", "SHA-256"],
                  [[_md(f.role), f"`{_md(f.path)}`", f"`{f.sha256}`"] for f in r.inputs])
    return "\n".join(out) + "\n"
