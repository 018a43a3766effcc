"""Placeholders and non-answers, recognised in one place for every format.

A credential that says "TBD" as its type of assessment, "string" as a learning
outcome or "full-time" as its form of participation states nothing about those
elements. :func:`scrub` runs on every record a loader builds (through
:meth:`RecordBuilder.build`): such values are removed from the structured
fields, an input issue "placeholder, not a value" is recorded at their
location, and the provenance of the field keeps pointing there, so the
presence rule reports the element as absent and says where it looked.

The terms are data: ``standards/vocabularies/non-answers.yaml`` (entry ``any``
for every text field, plus one entry per element for element-specific
non-answers, and ``reference`` for "see the module handbook").
"""

from __future__ import annotations

from typing import Any

from mcqa.marks import N_
from mcqa.vocab import normalise, vocabulary

__all__ = ["non_answer", "scrub"]

_TEXT_FIELDS: tuple[str, ...] = ("title", "assessment_type", "participation_form",
                                 "prerequisites", "supervision_identity", "further_info")
"""Top-level text elements judged for non-answers."""

_REFERENCE_ELEMENTS = frozenset({"learning_outcomes", "assessment_type"})
"""Elements for which "see the module handbook" is a non-answer (the content is elsewhere)."""


def non_answer(text: str, element: str | None = None) -> str | None:
    """Why ``text`` states nothing for ``element`` ("placeholder", "not a form of
    participation", ...), or ``None`` when it is a real value."""
    if not normalise(text):
        return PLACEHOLDER
    vocab = vocabulary("non-answers")
    if vocab.match(text, ("any",)):
        return PLACEHOLDER
    if element is not None:
        if vocab.match(text, (element,)):
            return _WHY.get(element, N_("not a value for this element"))
        if element in _REFERENCE_ELEMENTS and vocab.match(text, ("reference",)):
            return N_("a reference to another document, not the content itself")
    return None


PLACEHOLDER = N_("placeholder, not a value")
_WHY = {
    "participation_form": N_("study intensity or timing, not a form of participation"),
    "assessment_type": N_("a generic title or code, not a type of assessment"),
}
_NOT_STATED = {
    "learner": N_("{why}: {value} does not state learner"),
    "title": N_("{why}: {value} does not state title"),
    "issuer_country": N_("{why}: {value} does not state issuer country"),
    "awarding_body": N_("{why}: {value} does not state awarding body"),
    "issue_date": N_("{why}: {value} does not state issue date"),
    "learning_outcomes": N_("{why}: {value} does not state learning outcomes"),
    "workload": N_("{why}: {value} does not state workload"),
    "level": N_("{why}: {value} does not state level"),
    "assessment_type": N_("{why}: {value} does not state assessment type"),
    "participation_form": N_("{why}: {value} does not state participation form"),
    "quality_assurance": N_("{why}: {value} does not state quality assurance"),
    "prerequisites": N_("{why}: {value} does not state prerequisites"),
    "supervision_identity": N_("{why}: {value} does not state supervision identity"),
    "grade": N_("{why}: {value} does not state grade"),
    "stackability": N_("{why}: {value} does not state stackability"),
    "further_info": N_("{why}: {value} does not state further info"),
}
"""The input-issue message per element, a whole sentence each (the element named in it,
not inserted as an English word); ``{why}`` is itself a translated phrase."""


def _issue(issues: list[dict[str, str]], provenance: dict[str, Any], path: str, value: str,
           why: str) -> None:
    ref = provenance.get(path) or provenance.get(path.split(".")[0])
    locator = ref.locator if ref is not None else ""
    shown = value if len(value) <= 60 else value[:59] + "…"
    element = path.split(".")[0]
    sentence = _NOT_STATED.get(element)
    message = (sentence.format(why=why, value=repr(shown)) if sentence is not None else
               N_("{why}: {value} does not state {element}").format(
                   why=why, value=repr(shown), element=element.replace("_", " ")))
    issues.append({"path": path, "locator": locator,
                   "message": message
                   + " — " + N_("replace it with the real value or leave the field out")})


def scrub(fields: dict[str, Any], provenance: dict[str, Any]) -> None:
    """Remove placeholder values from a record's raw fields (in place), noting each as an
    input issue. Runs before validation, on the values loaders set (models or plain data)."""
    issues: list[dict[str, str]] = []
    for name in _TEXT_FIELDS:
        value = fields.get(name)
        if isinstance(value, str) and value.strip():
            why = non_answer(value, name)
            if why is not None:
                _issue(issues, provenance, name, value, why)
                fields[name] = None
    _scrub_countries(fields, provenance, issues)
    _scrub_outcomes(fields, provenance, issues)
    _scrub_orgs(fields, provenance, issues)
    _scrub_learner(fields, provenance, issues)
    _zero_workload(fields, provenance, issues)
    _scrub_quality_assurance(fields, provenance, issues)
    if issues:
        existing = list(fields.get("input_issues") or ())
        fields["input_issues"] = [*existing, *issues]


def _text_of(item: Any, attr: str) -> Any:
    return item.get(attr) if isinstance(item, dict) else getattr(item, attr, None)


def _scrub_outcomes(fields: dict[str, Any], provenance: dict[str, Any],
                    issues: list[dict[str, str]]) -> None:
    outcomes = fields.get("learning_outcomes")
    if not isinstance(outcomes, (list, tuple)) or not outcomes:
        return
    kept = []
    for i, lo in enumerate(outcomes):
        text = _text_of(lo, "text")
        why = non_answer(text, "learning_outcomes") if isinstance(text, str) else None
        if why is not None and _linked_skill(lo):
            # the outcome is stated by the skill it links (an ESCO or other framework URI);
            # only its wording is a placeholder: keep it and say so
            _issue(issues, provenance, f"learning_outcomes.{i}.text", text,
                   N_("{why} (the outcome is stated only by its linked skill)").format(why=why))
            why = None
        if why is None:
            kept.append(lo)
        else:
            path = f"learning_outcomes.{i}.text"
            if path not in provenance and f"learning_outcomes.{i}" in provenance:
                path = f"learning_outcomes.{i}"
            _issue(issues, provenance, path, text, why)
    if len(kept) != len(outcomes):
        fields["learning_outcomes"] = tuple(kept)
        _renumber(provenance, "learning_outcomes", [i for i, lo in enumerate(outcomes)
                                                    if any(lo is k for k in kept)])


def _linked_skill(lo: Any) -> bool:
    """The outcome links a skill by a resolvable URI (ESCO or another framework)."""
    links = [*(_text_of(lo, "esco_skills") or ()), *(_text_of(lo, "other_skills") or ())]
    return any(isinstance(u, str) and u.startswith(("http://", "https://")) for u in links)


def _renumber(provenance: dict[str, Any], prefix: str, kept: list[int]) -> None:
    """Re-key ``prefix.N...`` provenance after items were removed: item ``kept[j]`` is now
    item ``j``; removed items' provenance goes (their input issue keeps the location)."""
    new_index = {old: new for new, old in enumerate(kept)}
    head = prefix + "."
    moved: dict[str, Any] = {}
    for key in [k for k in provenance if k.startswith(head)]:
        ref = provenance.pop(key)
        rest = key[len(head):]
        index, _, tail = rest.partition(".")
        if index.isdigit() and int(index) in new_index:
            moved[f"{head}{new_index[int(index)]}{'.' + tail if tail else ''}"] = ref
        elif not index.isdigit():
            moved[key] = ref
    provenance.update(moved)


def _scrub_countries(fields: dict[str, Any], provenance: dict[str, Any],
                     issues: list[dict[str, str]]) -> None:
    codes = fields.get("issuer_country")
    if not isinstance(codes, (list, tuple)) or not codes:
        return
    vocab = vocabulary("non-answers")
    kept = tuple(c for c in codes if not (isinstance(c, str)
                                          and vocab.match(c, ("issuer_country",))))
    for code in codes:
        if code not in kept:
            _issue(issues, provenance, "issuer_country", str(code),
                   "a user-assigned code, not a country")
    if len(kept) != len(codes):
        fields["issuer_country"] = kept


def _scrub_orgs(fields: dict[str, Any], provenance: dict[str, Any],
                issues: list[dict[str, str]]) -> None:
    orgs = fields.get("awarding_body")
    if not isinstance(orgs, (list, tuple)):
        return
    changed = []
    for i, org in enumerate(orgs):
        for attr in ("name", "legal_identifier"):
            value = _text_of(org, attr)
            if isinstance(value, str) and value.strip() and non_answer(value) is not None:
                path = f"awarding_body.{i}.{attr}"
                if path not in provenance:
                    path = "awarding_body"
                _issue(issues, provenance, path, value, PLACEHOLDER)
                org = ({**org, attr: None} if isinstance(org, dict)
                       else org.model_copy(update={attr: None}))
        changed.append(org)
    fields["awarding_body"] = tuple(changed)


def _scrub_learner(fields: dict[str, Any], provenance: dict[str, Any],
                   issues: list[dict[str, str]]) -> None:
    learner = fields.get("learner")
    if learner is None:
        return
    name = _text_of(learner, "name")
    if isinstance(name, str) and name.strip() and non_answer(name) is not None:
        _issue(issues, provenance, "learner.name", name, PLACEHOLDER)
        learner = ({**learner, "name": None} if isinstance(learner, dict)
                   else learner.model_copy(update={"name": None}))
        fields["learner"] = learner


ZERO = N_("stated as 0, usually a placeholder")


def _zero_workload(fields: dict[str, Any], provenance: dict[str, Any],
                   issues: list[dict[str, str]]) -> None:
    """A workload of 0 credits or 0 hours states no workload (a 0 in a credit field is
    usually a placeholder): noted as an input issue. The value is kept, so the rules
    that judge it (zero or negative ECTS) still see it; presence rules ask for more
    than 0."""
    workload = fields.get("workload")
    if workload is None:
        return
    system = _text_of(workload, "credit_system")
    for attr, unit in (("ects", "ECTS"), ("credit_amount", system or ""), ("hours", "h")):
        value = _text_of(workload, attr)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0:
            if attr == "credit_amount" and system == "ECTS" and _text_of(workload, "ects") == 0:
                continue  # the same 0 as ECTS, noted once
            path = f"workload.{attr}" if f"workload.{attr}" in provenance else "workload"
            _issue(issues, provenance, path, f"0 {unit}".strip(), ZERO)


def _scrub_quality_assurance(fields: dict[str, Any], provenance: dict[str, Any],
                             issues: list[dict[str, str]]) -> None:
    """An accreditation's placeholder title or accrediting body ("Title title ...", "some
    legal name") is no QA evidence: removed and noted; the QA stays only if something
    real is left (a type of accreditation, a real body, a report)."""
    qa = fields.get("quality_assurance")
    if qa is None:
        return
    changed = qa
    for attr in ("description", "external_body", "internal"):
        value = _text_of(changed, attr)
        if isinstance(value, str) and value.strip() and non_answer(value) is not None:
            path = (f"quality_assurance.{attr}" if f"quality_assurance.{attr}" in provenance
                    else "quality_assurance")
            _issue(issues, provenance, path, value, PLACEHOLDER)
            changed = ({**changed, attr: None} if isinstance(changed, dict)
                       else changed.model_copy(update={attr: None}))
    if changed is qa:
        return
    real = [_text_of(changed, a) for a in ("description", "internal", "external_body",
                                            "results_url")]
    fields["quality_assurance"] = changed if any(real) else None
