"""Markdown dossier for case files and issue trackers; every input string made inert.

Same order as the HTML document: decision summary with the graded advice, Annex I
elements with note numbers, level and workload, substantial differences, evidence
to request, learning outcomes and ESCO skills, notes, reproducibility. Words come
from :mod:`mcqa.render.labels`, figures from :mod:`mcqa.render.fmt`.
"""

from __future__ import annotations

from typing import Any

from mcqa.dossier.model import Dossier
from mcqa.render import fmt
from mcqa.render import labels as L
from mcqa.render._safe import href
from mcqa.render._safe import md_code as code
from mcqa.render.dossier_html import workload_text
from mcqa.render.markdown import _md


def _link(label: str, url: str | None) -> str:
    """``label <url>``: an autolink, as the shared Markdown safety rules allow (no
    ``[text](target)`` links); a URL that is not http(s) or mailto is left out."""
    safe = href(url)
    if safe == "#":
        return label
    return f"{label} <{safe.replace('<', '%3C').replace('>', '%3E')}>"


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out.extend("| " + " | ".join(r) + " |" for r in rows)
    return out


def render_dossier_md(d: Dossier, **_: Any) -> str:
    """The dossier as Markdown, in the order of the HTML document."""
    i, a, v = d.identity, d.advice, d.verdict
    target = f"{_md(d.target)}" + (f" ({d.target_framework})" if d.target_framework else "")
    out = [f"# Recognition dossier: {_md(i.title) or '(untitled)'}", "",
           f"Target **{target}**, audit date {d.as_of}, mcqa {d.reproducibility.mcqa_version}.",
           ""]
    if d.target_note:
        out += [f"> {_md(d.target_note)}", ""]
    bodies = "; ".join(_md(b.name or b.identifier) + (f" ({_md(b.legal_identifier)})"
                                                      if b.legal_identifier else "")
                       for b in i.awarding_bodies) or L.NOT_STATED
    out += _table(["", ""], [
        ["Awarding body", bodies], ["Country", _md(", ".join(i.countries)) or L.NOT_STATED],
        ["Learner", _md(", ".join(x for x in (i.learner_name, i.learner_identifier) if x))
         or "not disclosed"],
        ["Issued", (_md(fmt.day(i.issue_date)) or L.NOT_STATED) + " · "
         + ("signed" if i.signed else "unsigned") + f" · {code(i.credential_id)}"],
        [f"Check against {', '.join(d.gaps.packs)}",
         f"**{L.outcome(v.outcome, v.failed_by_severity.get('warning', 0))}** — "
         f"{L.counts_line(v.counts)}"],
        ["Level", f"**{_md(d.level.path)}** — "
         f"{L.LEVEL_OUTCOMES.get(d.level.outcome, d.level.outcome)}"
         + (f", confidence {d.level.confidence}" if d.level.confidence else "")],
        ["Workload", f"**{_md(workload_text(d))}**"]])
    items = a.differences if a.advice == "substantial_differences" else a.conditions
    out += ["", f"**Recognition advice: {L.ADVICE[a.advice]}.** "
            + _md(L.ADVICE_EXPLAINED[a.advice].format(items=", ".join(items))), ""]
    out += _table(["Criterion (Nuffic Micro-evaluator)", "Grade", "Why"],
                  [[c.title, L.GRADES[c.grade], _md(c.reason)] for c in a.criteria])
    out += ["", "Most important gaps:", ""]
    out += [(f"{n}. **{L.element(g.element)}** ({g.severity}, {g.rule_id}): " if g.element
             else f"{n}. **{g.rule_id}** ({g.severity}): ") + _md(g.message)
            + (f" Found: {_md(g.found)}." if g.found else "")
            for n, g in enumerate(d.key_gaps, 1)] or ["No failed rule."]
    out += ["", "Sources of the grades: " + "; ".join(_link(_md(s.title), s.url)
                                                      for s in a.sources), ""]
    out += ["## 1. Annex I elements", ""]
    rows = []
    for el in d.elements:
        if not el.present:
            value = f"*{L.NOT_STATED}*"
        elif el.key == "learning_outcomes":
            value = "<br>".join(f"LO{n}. {_md(t)}" for n, t in enumerate(el.data, 1))
        else:
            value = _md(L.value(el.key, el.data))
        if el.mapped:
            value += " — " + _md(L.MAPPED_FROM_TEXT.format(category=el.mapped))
        rows.append([L.element(el.key) + ("" if el.mandatory else " (optional)"), value,
                     f"[{el.note}]" if el.note else ""])
    out += _table(["Element", "Value", "Note"], rows)
    lv, w = d.level, d.workload
    out += ["", "## 2. Level and workload", "", f"Stated: {_md(lv.stated)}. {_md(lv.explanation)}",
            ""]
    if lv.steps:
        out += _table(["Step", "Status", "Confidence", "Year", "Source"],
                      [[_md(s.display), s.status, s.confidence, str(s.year or ""),
                        f"[{s.source_note}]"] for s in lv.steps])
        out.append("")
    out += [f"- {_md(n)}" for n in (*lv.notes, *w.notes)]
    out += [f"- ECTS: {w.ects.text if w.ects else '—'}; hours: {w.hours.text if w.hours else '—'}"
            + (f"; {w.target_unit}: {w.target.text}" if w.target and w.target_unit != "ECTS"
               else "")]
    g = d.gaps
    out += ["", "## 3. Substantial differences (Lisbon Recognition Convention)", "",
            _md(g.country_pack_note), ""]
    for ar in g.areas:
        out.append(f"- **{ar.title}**: {L.VERDICTS[ar.verdict]}")
        out += [f"  - {_md(n)}" for n in ar.notes]
        out += [f"  - {it.rule_id} ({it.severity}): {_md(it.message)}"
                + (f" Found: {_md(it.found)}." if it.found else "") for it in ar.items]
    if g.other:
        out += ["", "Other findings (no substantial difference):", ""]
        out += [f"- {it.rule_id} {L.status(it.status)}, {it.severity}: {_md(it.message)}"
                for it in g.other]
    out += ["", "## 4. Evidence to request", ""]
    out += [f"{n}. {_md(r.request)} ({r.rule_id})" for n, r in
            enumerate(g.evidence_requests, 1)] or ["Nothing."]
    e = d.esco
    out += ["", "## 5. Learning outcomes and ESCO skills", "", _md(e.statement), ""]
    for o in e.outcomes:
        out.append(f"**LO{o.index + 1}.** {_md(o.text)} ({code(o.text_hash[:12])})")
        out.append("")
        rows = [[_link(_md(s.label or s.uri), s.uri), "stated", s.check] for s in o.stated]
        rows += [[_link(_md(s.label), s.uri),
                  s.review_status if s.review_status != "unreviewed" else "suggested",
                  f"score {fmt.number(s.score)}" if s.score is not None else "reviewer"]
                 for s in o.suggested]
        if rows:
            out += _table(["Skill", "Kind", "Check or score"], rows)
            out.append("")
    if e.occupations:
        out += ["Related occupations:", ""]
        out += _table(["Occupation", "ISCO", "Relevance", "Through the skills"],
                      [[_link(_md(o.label), o.uri), o.isco_code, fmt.percent(o.relevance, 0),
                        _md("; ".join(o.via_labels))] for o in e.occupations])
    out += [f"- unmatched review decision: {_md(u)}" for u in e.unmatched_decisions]
    out += ["", "## Notes", ""]
    out += [f"{n.n}. " + (_link(_md(n.text), n.url) if n.url else code(n.text))
            for n in d.notes]
    r = d.reproducibility
    out += ["", "## Reproducibility", "",
            f"mcqa {r.mcqa_version}; audit date {r.as_of}; packs {', '.join(r.packs)}; "
            f"advice rules {a.rules}; ESCO: {_md(r.esco_release) or 'not used'}.", ""]
    out += _table(["Input", "File", "SHA-256"],
                  [[_md(f.role), code(f.path), code(f.sha256)] for f in r.inputs])
    return "\n".join(out) + "\n"
