"""Markdown dossier for case files and issue trackers; every input string made inert.

Same order as the HTML document: decision summary with the graded advice, Annex I
elements with note numbers, level and workload, substantial differences, evidence
to request, learning outcomes and ESCO skills, notes, reproducibility. Words come
from :mod:`mcqa.render.labels`, figures from :mod:`mcqa.render.fmt`.
"""

from __future__ import annotations

from typing import Any

from mcqa.dossier.model import Dossier
from mcqa.i18n import DEFAULT_LANG, N_, pgettext
from mcqa.render import labels
from mcqa.render._safe import href
from mcqa.render._safe import md_code as code
from mcqa.render.dossier_html import workload_text
from mcqa.render.dossier_i18n import localize_dossier
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


def render_dossier_md(dossier: Dossier, lang: str = DEFAULT_LANG, **_: Any) -> str:
    """The dossier as Markdown in ``lang``, in the order of the HTML document."""
    d = localize_dossier(dossier, lang)
    L = labels.for_lang(lang)
    t = L.t
    i, a, v = d.identity, d.advice, d.verdict
    target = f"{_md(d.target)}" + (f" ({d.target_framework})" if d.target_framework else "")
    out = [f"# {t(N_('Recognition dossier: {title}'), title=_md(i.title) or L.UNTITLED)}", "",
           t(N_("Target **{target}**, audit date {date}, mcqa {version}."), target=target,
             date=L.F.day(d.as_of), version=d.reproducibility.mcqa_version),
           ""]
    if d.target_note:
        out += [f"> {_md(d.target_note)}", ""]
    if d.lang_note:
        out += [f"> {_md(d.lang_note)}", ""]
    bodies = "; ".join(_md(b.name or b.identifier) + (f" ({_md(b.legal_identifier)})"
                                                      if b.legal_identifier else "")
                       for b in i.awarding_bodies) or L.NOT_STATED
    confidence = (t(N_(", confidence {confidence}"), confidence=L.confidence(d.level.confidence))
                  if d.level.confidence else "")
    out += _table(["", ""], [
        [L.element("awarding_body"), bodies],
        [t(N_("Country")), _md(", ".join(i.countries)) or L.NOT_STATED],
        [L.element("learner"), _md(", ".join(x for x in (i.learner_name, i.learner_identifier)
                                             if x)) or t(N_("not disclosed"))],
        [t(N_("Issued")), (_md(L.F.day(i.issue_date)) or L.NOT_STATED) + " · "
         + (t(N_("signed")) if i.signed else t(N_("unsigned"))) + f" · {code(i.credential_id)}"],
        [t(N_("Check against {packs}"), packs=", ".join(d.gaps.packs)),
         f"**{L.outcome(v.outcome, v.failed_by_severity.get('warning', 0))}** — "
         f"{L.counts_line(v.counts)}"],
        [L.element("level"), f"**{_md(d.level.path)}** — {L.level_outcome(d.level.outcome)}"
         + confidence],
        [t(N_("Workload")), f"**{_md(workload_text(d, lang))}**"]])
    items = a.differences if a.advice == "substantial_differences" else a.conditions
    out += ["", "**" + t(N_("Recognition advice: {advice}."), advice=L.advice(a.advice)) + "** "
            + _md(L.advice_explained(a.advice, items)), ""]
    out += _table([t(N_("Criterion (Nuffic Micro-evaluator)")), t(N_("Grade")), t(N_("Why"))],
                  [[c.title, L.grade(c.grade), _md(c.reason)] for c in a.criteria])
    out += ["", t(N_("Most important gaps:")), ""]
    found = N_("Found: {value}.")
    out += [(f"{n}. **{L.element(g.element)}** ({L.severity(g.severity)}, {g.rule_id}): "
             if g.element else f"{n}. **{g.rule_id}** ({L.severity(g.severity)}): ")
            + _md(g.message)
            + (" " + t(found, value=_md(g.found)) if g.found else "")
            for n, g in enumerate(d.key_gaps, 1)] or [t(N_("No failed rule."))]
    out += ["", t(N_("Sources of the grades:")) + " "
            + "; ".join(_link(_md(s.title), s.url) for s in a.sources), ""]
    out += ["## " + t(N_("1. Annex I elements")), ""]
    rows = []
    for el in d.elements:
        if not el.present:
            value = f"*{L.NOT_STATED}*"
        elif el.key == "learning_outcomes":
            value = "<br>".join(t(N_("LO{n}. {text}"), n=n, text=_md(text))
                                for n, text in enumerate(el.data, 1))
        else:
            value = _md(L.value(el.key, el.data))
        if el.mapped:
            value += " — " + _md(L.mapped(el.mapped))
        rows.append([L.element(el.key) + ("" if el.mandatory else " " + t(N_("(optional)"))),
                     value, f"[{el.note}]" if el.note else ""])
    out += _table([t(N_("Element")), t(N_("Value")), t(N_("Note"))], rows)
    lv, w = d.level, d.workload
    out += ["", "## " + t(N_("2. Level and workload")), "",
            t(N_("Stated: {level}."), level=_md(lv.stated)) + f" {_md(lv.explanation)}", ""]
    if lv.steps:
        out += _table([t(N_("Step")), t(N_("Status")), t(N_("Confidence")), t(N_("Year")),
                       t(N_("Source"))],
                      [[_md(s.display), L.step_status(s.status), L.confidence(s.confidence),
                        str(s.year or ""), f"[{s.source_note}]"] for s in lv.steps])
        out.append("")
    out += [f"- {_md(n)}" for n in (*lv.notes, *w.notes)]
    target_unit = (f"; {w.target_unit}: {w.target.text}"
                   if w.target and w.target_unit != "ECTS" else "")
    out += ["- " + t(N_("ECTS: {ects}; hours: {hours}"), ects=w.ects.text if w.ects else "—",
                     hours=w.hours.text if w.hours else "—") + target_unit]
    g = d.gaps
    out += ["", "## " + t(N_("3. Substantial differences (Lisbon Recognition Convention)")), "",
            _md(g.country_pack_note), ""]
    for ar in g.areas:
        out.append(f"- **{ar.title}**: {L.verdict(ar.verdict)}")
        out += [f"  - {_md(n)}" for n in ar.notes]
        out += [f"  - {it.rule_id} ({L.severity(it.severity)}): {_md(it.message)}"
                + (" " + t(found, value=_md(it.found)) if it.found else "") for it in ar.items]
    if g.other:
        out += ["", t(N_("Other findings (no substantial difference):")), ""]
        out += [f"- {it.rule_id} {L.status(it.status)}, {L.severity(it.severity)}: "
                f"{_md(it.message)}" for it in g.other]
    out += ["", "## " + t(N_("4. Evidence to request")), ""]
    out += [f"{n}. {_md(r.request)} ({r.rule_id})" for n, r in
            enumerate(g.evidence_requests, 1)] or [t(N_("Nothing."))]
    e = d.esco
    out += ["", "## " + t(N_("5. Learning outcomes and ESCO skills")), "", _md(e.statement), ""]
    stated = t(N_("stated"))
    for o in e.outcomes:
        out.append(f"**{t(N_('LO{n}.'), n=o.index + 1)}** {_md(o.text)} "
                   f"({code(o.text_hash[:12])})")
        out.append("")
        rows = [[_link(_md(s.label or s.uri), s.uri), stated, L.skill_check(s.check)]
                for s in o.stated]
        rows += [[_link(_md(s.label), s.uri), L.review_status(s.review_status),
                  t(N_("score {score}"), score=L.F.number(s.score)) if s.score is not None
                  else t(N_("reviewer"))]
                 for s in o.suggested]
        if rows:
            kind = pgettext("ESCO skill table column: stated, suggested, accepted or rejected",
                            "Kind", L.lang)
            out += _table([t(N_("Skill")), kind, t(N_("Check or score"))], rows)
            out.append("")
    if e.occupations:
        out += [t(N_("Related occupations:")), ""]
        out += _table([t(N_("Occupation")), "ISCO", t(N_("Relevance")),
                       t(N_("Through the skills"))],
                      [[_link(_md(o.label), o.uri), o.isco_code, L.F.percent(o.relevance, 0),
                        _md("; ".join(o.via_labels))] for o in e.occupations])
    out += ["- " + t(N_("unmatched review decision: {decision}"), decision=_md(u))
            for u in e.unmatched_decisions]
    out += ["", "## " + t(N_("Notes")), ""]
    out += [f"{n.n}. " + (_link(_md(n.text), n.url) if n.url else code(n.text))
            for n in d.notes]
    r = d.reproducibility
    out += ["", "## " + t(N_("Reproducibility")), "",
            t(N_("mcqa {version}; audit date {date}; packs {packs}; advice rules {rules}; "
                 "ESCO: {esco}."), version=r.mcqa_version, date=L.F.day(r.as_of),
              packs=", ".join(r.packs), rules=a.rules,
              esco=_md(L.esco_release(r.esco_release, r.esco_counts)) or t(N_("not used"))), ""]
    out += _table([t(N_("Input")), t(N_("File")), "SHA-256"],
                  [[_md(L.role(f.role)), code(f.path), code(f.sha256)] for f in r.inputs])
    return "\n".join(out) + "\n"
