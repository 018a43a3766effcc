"""Build a :class:`Dossier` from one credential record and a target.

All judgement lives here (or in the engine, frameworks and ESCO packages it
calls); renderers only lay out the result. Nothing here reads the clock or the
network: the audit date and every file are inputs, so the same inputs give a
byte-identical dossier.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from mcqa import __version__
from mcqa.dossier.advice import (
    advise,
    facts,
    occupation_settings,
    participation_category,
    supervision_category,
)
from mcqa.dossier.model import (
    Amount,
    CheckVerdict,
    Dossier,
    ElementRow,
    EscoSection,
    EvidenceRequest,
    FactRow,
    GapArea,
    GapItem,
    GapsSection,
    Identity,
    InputFile,
    LevelSection,
    LevelStep,
    OccupationRow,
    OutcomeMapping,
    Party,
    Reproducibility,
    SourceNote,
    StatedSkill,
    SuggestedSkill,
    WorkloadSection,
)
from mcqa.dossier.review import ReviewDecision, text_hash
from mcqa.errors import ConfigError, InputError
from mcqa.frameworks.translate import or_list
from mcqa.marks import N_, NN_, english_form
from mcqa.model import (
    ELEMENTS,
    MANDATORY_ELEMENTS,
    CredentialRecord,
    Finding,
    Organisation,
    Severity,
    Status,
)
from mcqa.packs import country_packs

if TYPE_CHECKING:
    from mcqa.engine.waivers import Waiver
    from mcqa.esco import EscoIndex
    from mcqa.frameworks import CreditRange, Framework

DEFAULT_PACKS = ("eu-2022",)
SUGGESTIONS_PER_OUTCOME = 5
MAX_OCCUPATIONS = 15

# Lisbon Recognition Convention (Art. VI.1) "substantial differences" areas -> Annex I elements.
AREAS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("level", N_("Level"), ("level",)),
    ("workload", N_("Workload"), ("workload",)),
    ("learning_outcomes", N_("Learning outcomes"), ("learning_outcomes",)),
    ("quality_assurance", N_("Quality assurance"), ("quality_assurance",)),
    ("assessment", N_("Assessment"),
     ("assessment_type", "supervision_identity", "participation_form", "grade")),
)
NOT_STATED = N_("not stated")


# --- small helpers ---------------------------------------------------------------------

def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes (read in chunks: inputs may be large)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 16), b""):
                digest.update(chunk)
    except OSError as exc:
        raise InputError(f"cannot read input: {exc.strerror}", file=str(path)) from None
    return digest.hexdigest()


def _num(x: float) -> str:
    return f"{round(x, 2):g}"


def _amount(lo: float, hi: float, unit: str, *, stated: bool = False, confidence: str = "confirmed",
            approximate: bool = False) -> Amount:
    span = _num(lo) if math.isclose(lo, hi) else f"{_num(lo)}-{_num(hi)}"
    return Amount(min=round(lo, 4), max=round(hi, 4), unit=unit, stated=stated,
                  confidence=confidence, approximate=approximate,
                  text=f"{'~' if approximate else ''}{span} {'hours' if unit == 'HOURS' else unit}")


def _from_range(r: CreditRange) -> Amount:
    return _amount(r.min, r.max, r.unit, confidence=r.confidence, approximate=r.approximate)


def _text(value: Any) -> str:
    """Element value as one line of text (models as compact sorted JSON of set fields)."""
    if value is None:
        return ""
    if isinstance(value, BaseModel):
        data = value.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
        return "; ".join(f"{k}: {v}" for k, v in sorted(data.items()))
    if isinstance(value, (list, tuple)):
        if not value:
            return ""
        if all(isinstance(v, BaseModel) for v in value):
            return " | ".join(_text(v) for v in value)
        return ", ".join(str(v) for v in value)
    return str(value)


def _source(rec: CredentialRecord, path: str) -> str:
    ref = rec.source_of(path)
    return ref.display() if ref is not None else f"{rec.source_file} (not recorded)"


def _party(org: Organisation) -> Party:
    return Party(name=org.name, identifier=org.identifier, legal_identifier=org.legal_identifier,
                 country=org.country, url=org.url)


# --- sections --------------------------------------------------------------------------

def _identity(rec: CredentialRecord) -> Identity:
    bodies = tuple(_party(o) for o in rec.awarding_body)
    issuer = (Party(name=rec.provider_name, identifier=rec.provider_id)
              if rec.provider_name or rec.provider_id else None)
    sig = rec.signature
    note = (N_("The credential carries a signature ({method}); mcqa recorded it but did not "
               "verify it. Verify it with the issuing wallet or the EDC verifier.").format(
        method=sig.method or N_("method not stated")) if sig.signed else
            N_("The credential carries no signature mcqa could find; its authenticity must be "
               "established another way (issuer register, verification service)."))
    return Identity(
        credential_id=rec.record_id, title=rec.title, source_file=rec.source_file,
        source_format=rec.source_format, record_kind=rec.record_kind,
        learner_name=rec.learner.name if rec.learner else None,
        learner_identifier=rec.learner.identifier if rec.learner else None,
        issuer=issuer, awarding_bodies=bodies, countries=rec.issuer_country,
        issue_date=rec.issue_date, valid_until=rec.valid_until, signed=sig.signed,
        signature_method=sig.method, signature_note=note)


def _json(value: Any) -> Any:
    """An element value as plain JSON (models without defaults), for formatting."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    return value


def _elements(rec: CredentialRecord, mapped: dict[str, str]) -> tuple[ElementRow, ...]:
    rows = []
    for key in ELEMENTS:
        value = rec.element_value(key)
        present = value not in (None, (), "", [])
        text = (" | ".join(f"LO{n + 1}: {lo.text}" for n, lo in enumerate(value))
                if key == "learning_outcomes" else _text(value))
        data = ([lo.text for lo in value] if key == "learning_outcomes" else _json(value))
        rows.append(ElementRow(key=key, mandatory=key in MANDATORY_ELEMENTS, present=present,
                               value=text, data=data if present else None,
                               mapped=mapped.get(key), source=_source(rec, key)))
    return tuple(rows)


QF_EHEA_CYCLES = {
    "short": N_("QF-EHEA short cycle"), "first": N_("QF-EHEA first cycle"),
    "second": N_("QF-EHEA second cycle"), "third": N_("QF-EHEA third cycle"),
}
"""A whole phrase per cycle, so the cycle's name is translated with it (a value outside
the four is data, shown after "QF-EHEA cycle")."""


def _level(rec: CredentialRecord, target_fw: Framework | None, country: str | None
           ) -> LevelSection:
    from mcqa.frameworks import load_frameworks, translate

    reg = load_frameworks()
    lv = rec.level
    parts: list[str] = []
    notes: list[str] = []
    if lv is not None:
        if lv.framework or lv.nqf:
            parts.append(f"{lv.framework or N_('framework not stated')} {lv.nqf or ''}".strip())
        if lv.eqf is not None:
            parts.append(f"EQF {lv.eqf}")
        if lv.qf_ehea_cycle:
            parts.append(QF_EHEA_CYCLES.get(lv.qf_ehea_cycle)
                         or N_("QF-EHEA cycle {cycle}").format(cycle=lv.qf_ehea_cycle))
        if lv.not_applicable:
            parts.append(N_("level stated as not applicable"))
    stated = "; ".join(parts) or NOT_STATED
    source: str | None = None
    if lv is not None and lv.framework and lv.nqf:
        fw = reg.find(lv.framework)
        if fw is not None and fw.find_level(lv.nqf) is not None:
            source = f"{fw.id}:{lv.nqf}"
        else:
            notes.append(N_("The stated level {framework} {level} is not in mcqa's framework "
                            "data, so it could not be used as the starting point.").format(
                framework=lv.framework, level=lv.nqf))
    if source is None and lv is not None and lv.eqf is not None:
        source = f"EQF:{lv.eqf}"
    target_id = target_fw.id if target_fw is not None else None
    if source is None:
        return LevelSection(stated=stated, stated_eqf=lv.eqf if lv else None,
                            target_framework=target_id, outcome="no_mapping",
                            path=N_("no level to translate"),
                            explanation=N_("No mapping: the credential states no level that can "
                                           "be translated to {target}.").format(
                                target=target_id or "EQF"), notes=tuple(notes))
    tr = translate(source, target_id or "EQF", registry=reg)
    if lv is not None and lv.eqf is not None and tr.eqf_levels and lv.eqf not in tr.eqf_levels:
        notes.append(N_("The stated EQF {eqf} differs from the EQF level of the stated national "
                        "level (EQF {levels}); ask the issuer which is correct.").format(
            eqf=lv.eqf, levels=or_list([str(e) for e in tr.eqf_levels])))
    steps = tuple(LevelStep(display=s.display(), status=s.status, confidence=s.confidence,
                            source_title=s.source.title, source_url=s.source.url, year=s.year,
                            note=s.note) for s in tr.chain)
    explanation = (tr.explanation if tr.outcome != "no_mapping" else
                   N_("No mapping: {explanation}").format(explanation=tr.explanation))
    outcome: str = tr.outcome
    path = tr.path()
    if target_fw is None and tr.outcome != "no_mapping":
        outcome = "no_target_framework"
        path = N_("{path} → {country}: no framework data").format(path=path, country=country)
        explanation = N_("mcqa holds no qualifications-framework data for {country}; compare "
                         "through the EQF: {explanation}").format(country=country,
                                                                 explanation=tr.explanation)
    return LevelSection(stated=stated, stated_eqf=lv.eqf if lv else None, source_level=source,
                        target_framework=target_id, outcome=outcome, path=path,
                        candidates=tuple(c.display() for c in tr.candidates),
                        eqf_levels=tr.eqf_levels, confidence=tr.confidence, steps=steps,
                        explanation=explanation, notes=tuple(notes))


def _workload(rec: CredentialRecord, target_fw: Framework | None, country: str | None
              ) -> WorkloadSection:
    from mcqa.frameworks import convert, load_credit_systems

    systems = load_credit_systems()
    target_sys = (systems.for_framework(target_fw.id, country or target_fw.country)
                  if target_fw is not None else systems.for_country(country or ""))
    wl = rec.workload
    if wl is None or (wl.credit_amount is None and wl.ects is None and wl.hours is None):
        return WorkloadSection(stated=NOT_STATED,
                               target_unit=target_sys.id if target_sys else None,
                               notes=(N_("The credential states no workload; ask for credits or "
                                         "notional learning hours."),))
    stated_parts = []
    if wl.credit_amount is not None and wl.credit_system:
        stated_parts.append(f"{_num(wl.credit_amount)} {wl.credit_system}")
    elif wl.ects is not None:
        stated_parts.append(f"{_num(wl.ects)} ECTS")
    if wl.hours is not None:
        stated_parts.append(N_("{hours} hours").format(hours=_num(wl.hours)))
    if wl.duration:
        stated_parts.append(N_("duration {duration}").format(duration=wl.duration))
    # Base amount for conversions: stated credits first (they are what a credit-recognition
    # decision rests on), hours otherwise.
    if wl.ects is not None:
        base: tuple[float, str] = (wl.ects, "ECTS")
    elif wl.credit_amount is not None and wl.credit_system and systems.find(wl.credit_system):
        base = (wl.credit_amount, wl.credit_system)
    else:
        base = (wl.hours or 0.0, "HOURS") if wl.hours is not None else (0.0, "")
    notes: list[str] = []
    steps: list[str] = []
    sources: dict[str, str] = {}
    inconsistent = False

    def conv(to: str) -> Amount | None:
        if not base[1]:
            return None
        try:
            r = convert(base[0], base[1], to, systems=systems)
        except ConfigError as exc:
            notes.append(N_("No conversion to {unit}: {error}").format(unit=to,
                                                                     error=exc.one_line()))
            return None
        steps.extend(s for s in r.steps if s not in steps)
        for s in r.sources:
            sources[s.id] = f"{s.title} <{s.url}>"
        return _from_range(r)

    ects = (_amount(wl.ects, wl.ects, "ECTS", stated=True) if wl.ects is not None else conv("ECTS"))
    hours = (_amount(wl.hours, wl.hours, "HOURS", stated=True) if wl.hours is not None
             else conv("HOURS"))
    target: Amount | None = None
    if target_sys is None:
        notes.append(N_("mcqa has no default credit unit for {target}; compare in ECTS or "
                        "hours.").format(target=target_fw.id if target_fw else country))
    elif target_sys.id == "ECTS" and ects is not None:
        target = ects
    else:
        target = conv(target_sys.id)
    if wl.ects is not None and wl.hours is not None:
        check = convert(wl.ects, "ECTS", "HOURS", systems=systems)
        if not (check.min - 1e-9 <= wl.hours <= check.max + 1e-9):
            inconsistent = True
            notes.append(N_("Stated hours ({hours}) fall outside {low}-{high} h, the usual range "
                            "for {ects} ECTS.").format(hours=_num(wl.hours), low=_num(check.min),
                                                       high=_num(check.max),
                                                       ects=_num(wl.ects)))
    return WorkloadSection(stated=", ".join(stated_parts) or NOT_STATED, ects=ects, hours=hours,
                           target_unit=target_sys.id if target_sys else None, target=target,
                           steps=tuple(steps), sources=tuple(sources[k] for k in sorted(sources)),
                           notes=tuple(notes), inconsistent=inconsistent)


def decision_targets(rec: CredentialRecord, decisions: Sequence[ReviewDecision]
                     ) -> list[int | None]:
    """The outcome index of each decision (None: its hash matches no outcome).

    Checked before anything else, with or without ESCO, so a decision that names a
    missing outcome or misquotes one stops the dossier with the review file's line.
    """
    texts = [lo.text for lo in rec.learning_outcomes]
    return [d.target(texts) for d in decisions]


ESCO_VALIDATED = NN_(
    "Stated ESCO skill URIs were validated against ESCO {version} ({language}); {n} "
    "suggestion was made for outcomes without a valid stated skill. Suggestions are not "
    "mappings until a reviewer accepts them.",
    "Stated ESCO skill URIs were validated against ESCO {version} ({language}); {n} "
    "suggestions were made for outcomes without a valid stated skill. Suggestions are not "
    "mappings until a reviewer accepts them.")
ESCO_UNMAPPED = (
    N_("Outcome {outcomes} was not mapped: it is in a language whose ESCO labels the index "
       "does not hold."),
    N_("Outcomes {outcomes} were not mapped: they are in a language whose ESCO labels the "
       "index does not hold."))
"""The ESCO statement, one count per sentence (so each takes its language's plural)."""


def _esco_statement(version: str, language: str, suggested: int, unmapped: Sequence[Any]
                    ) -> str:
    """What the ESCO section did: validated, suggested, left unmapped (one or several)."""
    text = english_form(ESCO_VALIDATED, suggested).format(
        version=version, language=language, n=suggested)
    if unmapped:
        text += " " + ESCO_UNMAPPED[len(unmapped) > 1].format(
            outcomes=", ".join(map(str, unmapped)))
    return text


def _esco(rec: CredentialRecord, index: EscoIndex | None,
          decisions: Sequence[ReviewDecision], lang: str | None = None) -> EscoSection:
    if index is None:
        return EscoSection(
            performed=False,
            statement=N_("ESCO mapping was not performed: no ESCO index was given (--esco-db) and "
                         "none is installed. Stated skill URIs were neither validated nor "
                         "resolved. Run `mcqa esco import` with an official ESCO download to "
                         "enable this section."),
            outcomes=tuple(OutcomeMapping(index=i, text=lo.text, text_hash=text_hash(lo.text),
                                          source=_source(rec, f"learning_outcomes.{i}.text"),
                                          stated=tuple(StatedSkill(uri=u, check="not checked")
                                                       for u in lo.esco_skills))
                           for i, lo in enumerate(rec.learning_outcomes)))
    from mcqa.esco import Mapper
    from mcqa.esco.mapper import TextLanguageError

    # the learned ranker when mcqa[esco-ml] is installed; labels in ``lang`` where held
    mapper = Mapper(index, lang=lang)
    unmapped: list[int] = []
    version = index.version
    targets = decision_targets(rec, decisions)
    outcomes: list[OutcomeMapping] = []
    linked: list[str] = []
    for i, lo in enumerate(rec.learning_outcomes):
        hashed = text_hash(lo.text)
        stated: list[StatedSkill] = []
        for check in index.validate_skill_uris(lo.esco_skills):
            info = index.resolve(check.uri) if check.status != "malformed" else None
            detail = index.detail(check.uri) if info is not None else None
            stated.append(StatedSkill(
                uri=check.uri, check=check.status, message=check.message,
                label=index.label(check.uri, lang) if check.label else check.label,
                concept_type=info.type if info else None,
                skill_type=(info.skill_type or None) if info else None,
                reuse_level=(info.reuse_level or None) if info else None,
                collections=tuple(detail.collections) if detail else ()))
            if check.status == "ok":
                linked.append(check.uri)
        mine = [d for d, t in zip(decisions, targets, strict=True) if t == i]
        suggested: list[SuggestedSkill] = []
        found: list[Any] = []
        if not any(s.check == "ok" for s in stated):
            try:
                found = mapper.map(lo.text, top=SUGGESTIONS_PER_OUTCOME)
            except TextLanguageError:  # no labels in the outcome's language: no guesses
                unmapped.append(i + 1)
            for sug in found:
                if sug.decision == "reject":  # below the calibrated floor: not worth a look
                    continue
                suggested.append(SuggestedSkill(uri=sug.uri, label=sug.label, score=sug.score,
                                                method=mapper.method, esco_version=version,
                                                mapper_decision=sug.decision,
                                                reason=sug.reason))
        for d in mine:
            pos = next((k for k, s in enumerate(suggested) if s.uri == d.skill), None)
            if pos is None:
                info = index.resolve(d.skill)
                suggested.append(SuggestedSkill(
                    uri=d.skill, label=index.label(d.skill, lang) if info else "(not in this ESCO "
                    "release)", score=None, method="added by reviewer", esco_version=version))
                pos = len(suggested) - 1
            status = "accepted" if d.decision == "accept" else "rejected"
            suggested[pos] = suggested[pos].model_copy(update={
                "review_status": status, "reviewer": d.reviewer, "review_date": d.date})
            if status == "accepted":
                linked.append(d.skill)
        outcomes.append(OutcomeMapping(index=i, text=lo.text, text_hash=hashed,
                                       source=_source(rec, f"learning_outcomes.{i}.text"),
                                       stated=tuple(stated), suggested=tuple(suggested)))
    confirmed = sorted(set(linked))
    labels = {s.uri: s.label for o in outcomes for s in o.stated if s.label}
    labels.update({s.uri: s.label for o in outcomes for s in o.suggested})
    min_relevance, max_rows = occupation_settings()
    rows: list[OccupationRow] = []
    for o in index.occupations_for(confirmed):
        relevance = round(len(o.essential) / len(confirmed), 2)
        if relevance <= min_relevance:  # only above the threshold
            continue
        via = tuple(sorted(set(o.essential) | set(o.optional)))
        rows.append(OccupationRow(uri=o.uri, label=index.label(o.uri, lang) or o.label,
                                  isco_code=o.isco_code,
                                  relation=o.relation, relevance=relevance, via=via,
                                  via_labels=tuple(labels.get(u, u) for u in via)))
    rows.sort(key=lambda r: (-r.relevance, -len(r.via), r.label))
    occupations = tuple(rows[:min(max_rows, MAX_OCCUPATIONS)])
    unmatched = tuple(d.label() for d, t in zip(decisions, targets, strict=True) if t is None)
    n_sug = sum(len(o.suggested) for o in outcomes)
    return EscoSection(
        performed=True,
        statement=_esco_statement(version, index.language, n_sug, unmapped),
        release=version, language=index.language, method=mapper.method,
        outcomes=tuple(outcomes), occupations=occupations, occupation_threshold=min_relevance,
        unmatched_decisions=unmatched)


def _delivery(rec: CredentialRecord) -> tuple[FactRow, ...]:
    qa = rec.quality_assurance
    rows: list[tuple[str, Any, str]] = [
        (N_("Assessment"), rec.assessment_type, "assessment_type"),
        (N_("Form of participation"), rec.participation_form, "participation_form"),
        (N_("Supervision and identity verification"), rec.supervision_identity,
         "supervision_identity"),
        (N_("Grade"), rec.grade, "grade"),
        (N_("Quality assurance"), qa.description if qa else None, "quality_assurance"),
        (N_("QA: internal"), qa.internal if qa else None, "quality_assurance"),
        (N_("QA: external"), qa.external if qa else None, "quality_assurance"),
        (N_("QA: external body"), qa.external_body if qa else None, "quality_assurance"),
        (N_("QA: last review"), qa.review_date if qa else None, "quality_assurance"),
        (N_("QA: published results"), qa.results_url if qa else None, "quality_assurance"),
        (N_("Stackability"), rec.stackability, "stackability"),
        (N_("Prerequisites"), rec.prerequisites, "prerequisites"),
    ]
    return tuple(FactRow(label=label, value=_text(v) or NOT_STATED, source=_source(rec, path))
                 for label, v, path in rows
                 if v is not None or not label.startswith("QA: "))


def _gap_item(f: Finding) -> GapItem:
    return GapItem(rule_id=f.rule_id, pack_id=f.pack_id, element=f.element,
                   severity=f.severity.value, status=f.status.value, message=f.message,
                   remedy=f.remedy if f.status != Status.PASS else None, found=f.observed,
                   citation=f.citation.display(), citation_url=f.citation.url,
                   where=f.location.display() if f.location else f.source_file)


_FAILED = (Status.FAIL, Status.ERROR)
_ORDER = {"error": 0, "fail": 1, "withheld": 2, "review": 3, "unverifiable": 4, "waived": 5}
_ASK = (Status.UNVERIFIABLE, Status.REVIEW, Status.WITHHELD)
"""Findings that end in a request: evidence, a confirmation, or a fuller presentation."""
_OPEN = (Status.REVIEW, Status.WITHHELD)
"""Stated only as free text, or withheld by the holder: a question, never a difference."""
_SEV = {"error": 0, "warning": 1, "info": 2}


def _key(f: Finding) -> tuple[int, int, str]:
    return (_SEV[f.severity.value], _ORDER.get(f.status.value, 9), f.rule_id)


def _gaps(findings: Sequence[Finding], packs: Sequence[str], country_packs: Sequence[str],
          country: str | None, level: LevelSection, workload: WorkloadSection,
          dismissed: Sequence[str]) -> tuple[GapsSection, tuple[GapItem, ...]]:
    """The substantial-difference checklist, other findings, evidence requests and the
    three most important gaps.

    Why only failures of severity error or warning count, with their evidence: a
    difference must be shown (Lisbon Convention, Art. VI.1), so what the data cannot
    prove (unverifiable Annex II principles) becomes an evidence request, and a
    free-text value read as an Annex I category (``dismissed``) is no difference.
    """
    failed = sorted((f for f in findings if f.status in _FAILED
                     and f.rule_id not in dismissed), key=_key)
    # stated only as free text, or withheld by the holder: a question for the reader, never
    # a difference on its own
    confirm = sorted((f for f in findings if f.status in _OPEN), key=_key)
    extra_notes: dict[str, list[str]] = {"level": [], "workload": []}
    # A translation mcqa's data cannot confirm is a question for the evaluator (verify
    # the referencing), not a difference shown: only a level with no counterpart, or
    # notes on the stated levels themselves, make one.
    doubts: dict[str, list[str]] = {"level": [], "workload": []}
    if level.outcome == "no_mapping":
        extra_notes["level"].append(level.explanation)
    elif level.outcome in ("comparison_only", "unconfirmed"):
        doubts["level"].append(
            (N_("Level translation is comparison only: {explanation}")
             if level.outcome == "comparison_only" else
             N_("Level translation is unconfirmed: {explanation}")).format(
                explanation=level.explanation))
    extra_notes["level"].extend(level.notes)
    if workload.inconsistent:
        extra_notes["workload"].extend(workload.notes)
    areas: list[GapArea] = []
    claimed: set[str] = set()
    for key, title, elements in AREAS:
        items = tuple(_gap_item(f) for f in (*failed, *confirm)
                      if f.element in elements and (f.status in _OPEN
                                                    or f.severity.value in ("error", "warning")))
        claimed.update(i.rule_id for i in items)
        shown = tuple(extra_notes.get(key, ()))
        notes = (*doubts.get(key, ()), *shown)
        verdict = ("possible substantial difference"
                   if shown or any(i.severity == "error" and i.status in ("fail", "error")
                                   for i in items)
                   else "evidence needed" if notes or items or any(
                       f.status == Status.UNVERIFIABLE and f.element in elements
                       for f in findings)
                   else "no substantial difference found")
        areas.append(GapArea(key=key, title=title, verdict=verdict, items=items, notes=notes))
    other = tuple(_gap_item(f) for f in (*failed, *confirm) if f.rule_id not in claimed)
    other += tuple(_gap_item(f) for f in sorted(findings, key=_key) if f.status == Status.WAIVED)
    evidence = tuple(EvidenceRequest(rule_id=f.rule_id, request=f.evidence_request or f.message,
                                     citation=f.citation.display())
                     for f in sorted(findings, key=lambda f: f.rule_id)
                     if f.status in _ASK)
    note = (N_("Country packs for {country}: {packs}.").format(
        country=country, packs=", ".join(country_packs)) if country_packs else
            N_("No bundled rule pack has jurisdiction {country}; only the EU-level rules were "
               "applied.").format(country=country) if country else
            N_("No bundled rule pack has jurisdiction for this target; only the EU-level rules "
               "were applied."))
    key_gaps = tuple(_gap_item(f) for f in failed)[:3]
    return GapsSection(packs=tuple(packs), country_packs=tuple(country_packs),
                       country_pack_note=note, areas=tuple(areas), other=other,
                       mapped=tuple(dismissed), evidence_requests=evidence), key_gaps


def _free_text(rec: CredentialRecord, findings: Sequence[Finding]) -> tuple[dict[str, str],
                                                                              list[str], str]:
    """Free-text values read as Annex I categories: element -> category, the rule ids
    that no longer count, and the supervision category the advice grades."""
    status = {f.rule_id: f.status for f in findings}
    mapped: dict[str, str] = {}
    dismissed: list[str] = []
    sup = rec.supervision_identity or ""
    category = ""
    if status.get("EU-AI-O02a") == Status.PASS:
        # a category as written, or free text the rule accepted ("proctored, with photo-ID
        # check"): graded as the category its words state
        read = supervision_category(sup)
        category = read or " ".join(sup.split()).casefold()
        if read is not None and read != " ".join(sup.split()).casefold():
            mapped["supervision_identity"] = read  # said in the dossier: how it was read
    if status.get("EU-AI-O02a") == Status.FAIL:
        read = supervision_category(sup)
        if read is not None:
            mapped["supervision_identity"] = read
            dismissed.append("EU-AI-O02a")
            category = read
    if status.get("EU-AI-M10a") == Status.FAIL:
        form = participation_category(rec.participation_form)
        if form is not None:
            mapped["participation_form"] = form
            dismissed.append("EU-AI-M10a")
    return mapped, dismissed, category


def resolve_target(target: str) -> tuple[Framework | None, str | None]:
    """Framework and country for a target given as a framework id or a country code.

    An EU/EEA country without framework data (listed in credit-systems.yaml) gives
    ``(None, country)``: its dossier says so and compares through the EQF.
    """
    from mcqa.frameworks import load_credit_systems, load_frameworks, normalise_country

    reg = load_frameworks()
    fw = reg.find(target)
    if fw is not None:
        return fw, fw.country
    country = normalise_country(target)
    fw = reg.for_country(target)
    if fw is not None:
        return fw, country
    known = load_credit_systems().country_defaults
    if country in known:
        return None, country
    raise ConfigError(
        f"unknown framework or country {target!r}",
        hint=f"use a framework id ({', '.join(reg.ids())}) or a country code "
        f"({', '.join(sorted(set(reg.country_codes()) | set(known)))})")


# --- entry point -----------------------------------------------------------------------

def build_dossier(record: CredentialRecord, target: str, *, esco_index: EscoIndex | None = None,
                  esco_lang: str | None = None,
                  decisions: Sequence[ReviewDecision] = (), packs: Sequence[str] = DEFAULT_PACKS,
                  as_of: date | None = None, waivers: tuple[Waiver, ...] = (),
                  input_files: Sequence[tuple[str, Path, str]] = ()) -> Dossier:
    """The recognition dossier of ``record`` for ``target`` (``DE``, ``IE-NFQ``, ``GR``).

    ``input_files`` are ``(role, path, display)`` triples hashed into the
    reproducibility block. Packs whose jurisdiction equals the target country
    are added to ``packs``; ``waivers`` apply as in ``mcqa check``. ESCO labels are
    in ``esco_lang`` where the index holds that language. Raises
    :class:`ConfigError` for an unknown target.
    """
    from mcqa.api import check_items, data_versions
    from mcqa.packs import resolve_packs

    when = as_of or date.today()
    target_fw, country = resolve_target(target)
    extra = [p for p in country_packs(country) if p not in packs]
    # the same selection as `mcqa check --country <target>`
    rules = resolve_packs(packs or DEFAULT_PACKS, country=country if extra else None)
    report = check_items([record], rules, as_of=when, waivers=waivers)
    result = report.records[0]
    findings = result.findings
    level = _level(record, target_fw, country)
    workload = _workload(record, target_fw, country)
    decision_targets(record, decisions)  # bad numbers or quotes fail even without ESCO
    esco = _esco(record, esco_index, decisions, esco_lang)
    mapped, dismissed, supervision = _free_text(record, findings)
    pack_names = tuple(f"{p.id} {p.version}" for p in report.packs)
    gaps, key_gaps = _gaps(findings, pack_names, extra, country, level, workload, dismissed)
    differences = tuple(a.title for a in gaps.areas
                        if a.verdict == "possible substantial difference")
    questions = tuple(a.title for a in gaps.areas if a.verdict == "evidence needed")
    advice = advise(facts(record, findings, level, workload, supervision or None), differences,
                    questions)
    failed = {s.value: 0 for s in Severity}
    for f in findings:
        if f.status == Status.FAIL:
            failed[f.severity.value] += 1
    verdict = CheckVerdict(outcome=result.outcome, counts=result.counts,
                           failed_by_severity=failed)
    inputs = tuple(InputFile(role=role, path=display, sha256=sha256_file(path))
                   for role, path, display in input_files)
    repro = Reproducibility(
        mcqa_version=__version__, as_of=when.isoformat(), packs=pack_names,
        data_versions=dict(sorted(data_versions().items())),
        esco_release=(f"ESCO {esco_index.version} ({esco_index.language})"
                      if esco_index is not None else None),
        esco_counts=(dict(sorted(esco_index.counts.items())) if esco_index is not None
                     else {}),
        inputs=inputs)
    elements, level, workload, notes = _numbered(_elements(record, mapped), level, workload)
    target_note = (None if target_fw is not None else
                   N_("mcqa holds no qualifications-framework data for {country}. The level is "
                      "compared through the EQF only; every other section is complete.").format(
                       country=country))
    return Dossier(
        target=target, target_framework=target_fw.id if target_fw else None,
        target_country=country, target_note=target_note, as_of=when.isoformat(),
        identity=_identity(record), verdict=verdict, advice=advice, key_gaps=key_gaps,
        elements=elements, level=level, workload=workload, esco=esco,
        delivery=_delivery(record), gaps=gaps, notes=notes, reproducibility=repro)


def _numbered(elements: tuple[ElementRow, ...], level: LevelSection, workload: WorkloadSection
              ) -> tuple[tuple[ElementRow, ...], LevelSection, WorkloadSection,
                         tuple[SourceNote, ...]]:
    """Number every place a value was read and every source, once, in reading order."""
    notes: dict[tuple[str, str], SourceNote] = {}

    def note(kind: Any, text: str, url: str | None = None) -> int:
        key = (text, url or "")
        if key not in notes:
            notes[key] = SourceNote(n=len(notes) + 1, kind=kind, text=text, url=url)
        return notes[key].n

    rows = tuple(e.model_copy(update={"note": note("credential", e.source)})
                 if e.present else e for e in elements)
    steps = tuple(s.model_copy(update={"source_note": note("source", s.source_title,
                                                               s.source_url)})
                  for s in level.steps)
    for src in workload.sources:
        title, _, url = src.rpartition(" <")
        note("source", title, url.rstrip(">"))
    return rows, level.model_copy(update={"steps": steps}), workload, tuple(notes.values())
