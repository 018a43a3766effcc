"""Graded recognition advice: the seven Micro-evaluator criteria and an overall advice.

Why rules as data: how strong a quality-assurance statement must be to count as
"strong" is a recognition policy, not code. The grades, their conditions and
their reasons live in ``standards/recognition/micro-evaluator.yaml`` (checked
against its schema); this module only computes the facts those rules read, from
the record, its findings and the dossier's level and workload sections, and
evaluates the rules. Also here: reading a free-text supervision value as one of
the Annex I categories, with the words kept in ``annex1-terms.yaml``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from mcqa.dossier.model import (
    CriterionAdvice,
    EvidenceFact,
    LevelSection,
    RecognitionAdvice,
    SourceRef,
    WorkloadSection,
)
from mcqa.errors import PackError
from mcqa.model import CredentialRecord, Finding, Status

RULES_FILE = "micro-evaluator.yaml"
TERMS_FILE = "annex1-terms.yaml"
DIGITAL_FORMATS = frozenset({"elm", "ob3", "ob2", "clr", "ctdl"})

Facts = dict[str, Any]


@cache
def rules() -> dict[str, Any]:
    """The advice rules, schema-checked (a broken file is a PackError naming it)."""
    from mcqa.frameworks._data import load_yaml
    from mcqa.resources import standards_dir

    data, _ = load_yaml(standards_dir() / "recognition" / RULES_FILE, "recognition.schema.json")
    ids = {s["id"] for s in data["sources"]}
    for c in data["criteria"]:
        if c["source"] not in ids:
            raise PackError(f"criterion {c['id']} cites unknown source {c['source']!r}",
                            file=RULES_FILE, hint=f"declare it under sources ({', '.join(ids)})")
    return data


@cache
def _terms() -> dict[str, re.Pattern[str]]:
    from mcqa.frameworks._data import load_yaml
    from mcqa.resources import standards_dir

    data, _ = load_yaml(standards_dir() / "recognition" / TERMS_FILE, "annex1-terms.schema.json")
    out = {}
    for key in ("unsupervised", "supervised", "online", "onsite", "no_identity", "identity"):
        words = sorted({w.casefold() for lang in data[key].values() for w in lang}, key=len,
                       reverse=True)
        out[key] = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(?!\w)")
    return out


def supervision_category(text: str | None) -> str | None:
    """The Annex I supervision / identity-verification category ``text`` states, or None.

    ``None`` when the words do not settle it (then the value stays as stated and the
    rule's finding stands): supervised text must say online or onsite to claim identity
    verification, as Annex I's categories do.
    """
    if not text:
        return None
    t = _terms()
    low = " ".join(text.split()).casefold()
    if low.startswith("http://data.europa.eu/snb/supervision-verification/"):
        return None
    no_id = bool(t["no_identity"].search(low))
    has_id = bool(t["identity"].search(low)) and not no_id
    if t["unsupervised"].search(low):
        return "unsupervised with no identity verification" if not has_id else None
    if not t["supervised"].search(low):
        return None
    if not has_id:
        return "supervised with no identity verification"
    online, onsite = bool(t["online"].search(low)), bool(t["onsite"].search(low))
    if online == onsite:
        return None
    return f"supervised {'online' if online else 'onsite'} with identity verification"


def participation_category(text: str | None) -> str | None:
    """The Annex I form of participation free text states (online, onsite or blended), or
    None when the words do not settle it."""
    if not text:
        return None
    t = _terms()
    low = " ".join(text.split()).casefold()
    online, onsite = bool(t["online"].search(low)), bool(t["onsite"].search(low))
    if online and onsite:
        return "blended"
    return "online" if online else "onsite" if onsite else None


def facts(rec: CredentialRecord, findings: Sequence[Finding], level: LevelSection,
          workload: WorkloadSection, supervision: str | None) -> Facts:
    """The facts the advice rules read (names listed in recognition.schema.json)."""
    status = {f.rule_id: f.status for f in findings}
    qa = rec.quality_assurance
    bodies = rec.awarding_body
    body = bodies[0] if bodies else None
    sup = supervision or ""
    wl = rec.workload
    credits = wl is not None and wl.credit_amount is not None and bool(wl.credit_system)
    return {
        "qa.stated": (qa.description or "stated") if qa else None,
        "qa.internal": qa.internal if qa else None,
        "qa.external": qa.external if qa else None,
        "qa.external_body": qa.external_body if qa else None,
        "qa.review_date": qa.review_date if qa else None,
        "qa.results_url": qa.results_url if qa else None,
        "verification.signed": rec.signature.signed,
        "verification.signature_method": rec.signature.method or ("signed" if rec.signature.signed
                                                                  else None),
        "awarding_body.named": (body.name or body.identifier) if body else rec.provider_name,
        "awarding_body.legal_identifier": body.legal_identifier if body else None,
        "awarding_body.url": body.url if body else None,
        "level.stated": None if level.stated == "not stated" else level.stated,
        "level.path": level.path,
        "level.outcome": level.outcome,
        "level.outcome_text": level.outcome.replace("_", " "),
        "level.confidence": level.confidence or "unconfirmed",
        "outcomes.count": len(rec.learning_outcomes),
        "outcomes.statements": bool(rec.learning_outcomes)
        and status.get("EU-AI-M06a") in (Status.PASS, Status.WAIVED, None),
        "outcomes.esco_linked": sum(1 for lo in rec.learning_outcomes if lo.esco_skills),
        "workload.ects": workload.ects.text if workload.ects and workload.ects.stated else None,
        "workload.hours": workload.hours.text if workload.hours and workload.hours.stated
        else None,
        "workload.credits": workload.stated if credits else None,
        "workload.text": workload.stated,
        "workload.consistent": status.get("EU-AI-M07d") != Status.FAIL
        and not any("outside" in n for n in workload.notes),
        "assessment.type": rec.assessment_type,
        "assessment.attendance_only": status.get("EU-AI-M09a") == Status.FAIL,
        "assessment.supervision": rec.supervision_identity,
        "assessment.supervised": sup.startswith("supervised"),
        "assessment.identity_verified": sup.endswith("with identity verification"),
        "learner.name": rec.learner.name if rec.learner else None,
        "learner.identifier": rec.learner.identifier if rec.learner else None,
    }


def _holds(cond: Mapping[str, Any] | None, f: Facts) -> bool:
    if cond is None:
        return True
    if "all" in cond:
        return all(_holds(c, f) for c in cond["all"])
    if "any" in cond:
        return any(_holds(c, f) for c in cond["any"])
    if "not" in cond:
        return not _holds(cond["not"], f)
    value = f.get(cond["fact"])
    if "equals" in cond:
        return bool(value == cond["equals"])
    if "in" in cond:
        return value in cond["in"]
    if "min" in cond:
        return isinstance(value, (int, float)) and value >= cond["min"]
    return bool(value)


class _Reason(string.Formatter):
    """Fills ``{qa.external_body}``-style fields from the facts by their whole name
    (dots are part of the name, not attribute access); unknown or empty: 'not stated'."""

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> tuple[Any, str]:
        value = kwargs.get(field_name)
        return ("not stated" if value in (None, "", False) else value), field_name


def _fill(template: str, f: Facts) -> str:
    """The reason with every {fact} replaced."""
    return _Reason().vformat(template, (), f)


def advise(f: Facts, differences: Sequence[str] = (), questions: Sequence[str] = ()
           ) -> RecognitionAdvice:
    """Grade every criterion and derive the overall advice.

    ``differences`` are titles of areas where the gap checklist found a possible
    substantial difference with evidence (an error-severity failure, or a level or
    workload that does not translate); they make the advice "substantial
    differences", like a core criterion graded ``none``. ``questions`` are areas
    with open questions (warnings, evidence to request); they make a plain
    "recognise" into "recognise with conditions", like a criterion graded weak.
    """
    data = rules()
    sources = {s["id"]: s for s in data["sources"]}
    graded: list[CriterionAdvice] = []
    for c in data["criteria"]:
        rule = next(g for g in c["grades"] if _holds(g.get("when"), f))
        graded.append(CriterionAdvice(
            id=c["id"], title=c["title"], grade=rule["grade"], reason=_fill(rule["reason"], f),
            evidence=tuple(EvidenceFact(fact=k, value=str(f[k])) for k in c["evidence"]
                           if f.get(k) not in (None, "", False)),
            source=SourceRef(title=sources[c["source"]]["title"],
                             url=sources[c["source"]]["url"])))
    found: tuple[str, ...] = ()
    advice = "recognise"
    for rule in data["overall"]:
        when = rule.get("when")
        if when is None:
            advice = rule["advice"]
            break
        scope = set(when.get("criteria") or [c.id for c in graded])
        hits = tuple(c.title for c in graded if c.grade in when["grade_in"] and c.id in scope)
        extra = {"substantial_differences": differences,
                 "recognise_with_conditions": questions}.get(rule["advice"], ())
        if hits or extra:
            advice = rule["advice"]
            found = tuple(dict.fromkeys((*hits, *extra)))
            break
    return RecognitionAdvice(
        advice=advice, differences=found if advice == "substantial_differences" else (),
        conditions=tuple(dict.fromkeys(
            (*(c.title for c in graded if c.grade in ("weak", "none")),
             *(q for q in questions if advice != "recognise")))),
        criteria=tuple(graded), rules=f"{data['id']} {data['data_version']}",
        sources=tuple(SourceRef(title=s["title"], url=s["url"]) for s in data["sources"]))


def occupation_settings() -> tuple[float, int]:
    """(minimum relevance, maximum rows) for related occupations."""
    occ = rules()["related_occupations"]
    return float(occ["min_relevance"]), int(occ["max_rows"])
