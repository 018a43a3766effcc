"""Every human-facing word the renderers add, in one module, as whole phrases.

Why one module: each phrase is marked for gettext here (``N_``) and looked up in the
reader's language by :class:`Labels`; a phrase is never assembled from fragments, so
each can be translated as a whole (placeholders are named: ``{ects}``, ``{hours}``).
Annex I element names come from the glossary (``standards/i18n/terms.yaml``), so every
output uses the policy wording of its language. Statuses and outcomes are looked up
with a readable fallback, so a status added to the model (``review``) shows up in
every report without extra code. Element values are laid out here from the dossier's
JSON data; figures go through :mod:`mcqa.render.fmt`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from mcqa.i18n import DEFAULT_LANG, N_, NC_, NN_, _, element_label, gettext_for, pgettext
from mcqa.model import ELEMENTS as _ELEMENT_KEYS
from mcqa.render import fmt

ELEMENTS: dict[str, str] = {key: element_label(key, DEFAULT_LANG) for key in _ELEMENT_KEYS}
"""Annex I element key -> its English name in the Recommendation (from the glossary)."""

STATUSES: dict[str, str] = {
    "pass": N_("pass"),
    "fail": N_("fail"),
    "not_applicable": N_("not applicable"),
    "unverifiable": N_("needs evidence"),
    "waived": N_("waived"),
    "error": N_("rule error"),
    "review": N_("needs review"),
    "withheld": N_("withheld by the holder"),
}
"""Finding status -> label; unknown statuses read as their name with spaces."""

STATUS_WORDS: dict[str, tuple[str, str]] = {
    "pass": NC_("status", "pass"), "fail": NC_("status", "fail"),
    "error": NC_("status", "error"), "waived": NC_("status", "waived"),
    "review": NC_("status", "review"), "withheld": NC_("status", "withheld"),
    "unverifiable": NC_("status", "unverifiable"),
    "not_applicable": NC_("status", "not_applicable"),
}
"""Finding status -> the one word a column of the terminal report shows (translated in
the context "status"; English shows the status itself)."""

STATUS_COUNTS: dict[str, tuple[str, str]] = {
    "pass": NN_("{n} passed", "{n} passed"),
    "fail": NN_("{n} failed", "{n} failed"),
    "unverifiable": NN_("{n} needs evidence", "{n} need evidence"),
    "review": NN_("{n} to confirm", "{n} to confirm"),
    "withheld": NN_("{n} withheld by the holder", "{n} withheld by the holder"),
    "waived": NN_("{n} waived", "{n} waived"),
    "not_applicable": NN_("{n} not applicable", "{n} not applicable"),
    "error": NN_("{n} rule error", "{n} rule errors"),
}
"""Count phrases per status (singular and plural; a status without one uses '{n} <label>')."""

OUTCOMES: dict[str, str] = {
    "conforms": N_("CONFORMS"),
    "gaps": N_("GAPS"),
    "input_error": N_("INPUT ERROR"),
    "skipped": N_("SKIPPED"),
}

SEVERITIES: dict[str, tuple[str, str]] = {"error": NC_("severity", "error"),
                                          "warning": NC_("severity", "warning"),
                                          "info": NC_("severity", "info")}
"""Severity -> label (translated in the context "severity")."""

GRADES: dict[str, str] = {"strong": N_("strong"), "substantial": N_("substantial"),
                          "weak": N_("weak"), "none": N_("none")}
ADVICE: dict[str, str] = {
    "recognise": N_("Recognise"),
    "recognise_with_conditions": N_("Recognise with conditions"),
    "substantial_differences": N_("Substantial differences"),
}
ADVICE_EXPLAINED: dict[str, str] = {
    "recognise": N_("No substantial difference was found and every criterion is at least "
                    "substantial: recognise."),
    "recognise_with_conditions": N_("No substantial difference was shown, but these need "
                                    "evidence or a condition first: {items}."),
    "substantial_differences": N_("Possible substantial differences, with evidence, in: "
                                  "{items}. Recognition may be refused only for a difference "
                                  "the assessing body can show (Lisbon Convention, Art. VI.1)."),
}
VERDICTS: dict[str, str] = {
    "possible substantial difference": N_("possible substantial difference"),
    "evidence needed": N_("open question"),
    "no substantial difference found": N_("no substantial difference found"),
}
LEVEL_OUTCOMES: dict[str, str] = {
    "mapped": N_("mapped"), "mapped_range": N_("mapped to a range"),
    "comparison_only": N_("comparison only"), "unconfirmed": N_("unconfirmed"),
    "no_mapping": N_("no mapping"),
    "no_target_framework": N_("no framework data for the target"),
}
STEP_STATUSES: dict[str, str] = {
    "referenced": N_("referenced"), "range": N_("range"), "below_eqf": N_("below EQF"),
    "not_referenced": N_("not referenced"), "comparison_only": N_("comparison only"),
    "unconfirmed": N_("unconfirmed"), "unknown": N_("unknown"),
}
"""Status of one hop of a level translation (see mcqa.frameworks.translate)."""
CONFIDENCES: dict[str, str] = {
    "confirmed": N_("confirmed"), "confirmed-mirror": N_("confirmed-mirror"),
    "secondary": N_("secondary"), "unconfirmed": N_("unconfirmed"),
}
"""Confidence of a citation or a level mapping (English: the value itself)."""
SKILL_CHECKS: dict[str, str] = {
    "ok": N_("ok"), "unknown": N_("unknown"), "obsolete": N_("obsolete"),
    "not_a_skill": N_("not a skill"), "malformed": N_("malformed"),
    "not checked": N_("not checked"),
}
REVIEW_STATUSES: dict[str, str] = {"unreviewed": N_("suggested"), "accepted": N_("accepted"),
                                   "rejected": N_("rejected")}
MAPPER_DECISIONS: dict[str, tuple[str, str]] = {
    "accept": NC_("mapper decision", "accept"), "review": NC_("mapper decision", "review"),
    "reject": NC_("mapper decision", "reject")}
"""The ESCO mapper's call on a suggestion, verbs (context: "review" is not the noun)."""
ANNEX1_CATEGORIES: dict[str, str] = {
    "unsupervised with no identity verification":
        N_("unsupervised with no identity verification"),
    "supervised with no identity verification": N_("supervised with no identity verification"),
    "supervised online with identity verification":
        N_("supervised online with identity verification"),
    "supervised onsite with identity verification":
        N_("supervised onsite with identity verification"),
    "online": N_("online"), "onsite": N_("onsite"), "blended": N_("blended"),
}
"""Annex I categories mcqa reads free text as (``mapped`` in a dossier)."""
INPUT_ROLES: dict[str, str] = {"credential": N_("credential"),
                               "review decisions": N_("review decisions"),
                               "waivers": N_("waivers")}

FACTS: dict[str, str] = {
    "qa.external_body": N_("External QA body"), "qa.external": N_("External QA"),
    "qa.internal": N_("Internal QA"), "qa.review_date": N_("Last review"),
    "qa.results_url": N_("Published results"), "qa.stated": N_("Quality assurance"),
    "verification.signature_method": N_("Signature"),
    "awarding_body.legal_identifier": N_("Legal identifier"),
    "awarding_body.url": N_("Web site"), "awarding_body.named": N_("Awarding body"),
    "level.stated": N_("Stated level"), "level.path": N_("Translation"),
    "level.confidence": N_("Confidence"), "outcomes.count": N_("Outcomes"),
    "outcomes.esco_linked": N_("Linked to ESCO"), "workload.ects": "ECTS",
    "workload.hours": N_("Hours"), "workload.text": N_("Workload"),
    "assessment.type": N_("Assessment"), "assessment.supervision": N_("Supervision"),
    "learner.name": N_("Name"), "learner.identifier": N_("Identifier"),
}

NOT_STATED = N_("not stated")
NOT_APPLICABLE = N_("n/a")
UNTITLED = N_("(untitled)")

WITH_WARNINGS = NN_("{outcome}, with {n} warning", "{outcome}, with {n} warnings")
ESCO_SKILLS = NN_("{n} skill", "{n} skills")
ESCO_OCCUPATIONS = NN_("{n} occupation", "{n} occupations")

# Element value phrases (named placeholders, whole phrases).
WORKLOAD_ECTS_HOURS = N_("{ects} ECTS ({hours} hours)")
WORKLOAD_ECTS = N_("{ects} ECTS")
WORKLOAD_CREDITS_HOURS = N_("{amount} {system} credits ({hours} hours)")
WORKLOAD_CREDITS = N_("{amount} {system} credits")
WORKLOAD_HOURS = N_("{hours} hours")
WORKLOAD_DURATION = N_("duration {duration}")
LEVEL_EQF = N_("EQF {eqf}")
LEVEL_NQF = "{framework} {nqf}"
LEVEL_CYCLE = N_("QF-EHEA cycle {cycle}")
LEVEL_CYCLES = {
    "short": N_("QF-EHEA short cycle"), "first": N_("QF-EHEA first cycle"),
    "second": N_("QF-EHEA second cycle"), "third": N_("QF-EHEA third cycle"),
}
"""A whole phrase per cycle (``LEVEL_CYCLE`` shows a value outside the four as data)."""
LEVEL_NONE = N_("no level applies (stated)")
QA_EXTERNAL_BODY = N_("external: {external} by {body}")
QA_EXTERNAL = N_("external: {external}")
QA_INTERNAL = N_("internal: {internal}")
QA_REVIEWED = N_("last reviewed {date}")
GRADE_SCHEME = N_("{value} (scheme: {scheme})")
STACK_TOWARDS = N_("{mode}, towards {towards}")
MAPPED_FROM_TEXT = N_("read as “{category}” (Annex I category)")
LEVEL_SEPARATOR = " · "
QA_DEFAULT = "QA"

COUNT_ORDER = ("pass", "fail", "withheld", "review", "unverifiable", "waived", "not_applicable",
               "error")
"""Order of the count phrases; statuses not listed follow in the report's order."""
USUAL_COUNTS = ("pass", "fail", "review", "unverifiable", "waived", "not_applicable")
"""Count phrases shown even at zero."""


def _join(parts: Iterable[str], sep: str = "; ") -> str:
    return sep.join(p for p in parts if p)


class Labels:
    """The renderers' phrases in one language: ``Labels("de").status("fail")``.

    Templates get one as ``L`` (and its formatter as ``F``); English is the source text
    itself, so English outputs stay as they were.
    """

    def __init__(self, lang: str = DEFAULT_LANG) -> None:
        self.lang = lang
        self.F = fmt.for_lang(lang)

    def t(self, message: str, **params: Any) -> str:
        """``message`` (a marked phrase) in this language, placeholders filled."""
        return _(message, self.lang, **params)

    def pick(self, table: Mapping[str, str], key: str) -> str:
        """A label from one of the tables above (the key, spaced, when unknown)."""
        text = table.get(key)
        return _(text, self.lang) if text else key.replace("_", " ")

    @property
    def NOT_STATED(self) -> str:
        """'not stated'."""
        return _(NOT_STATED, self.lang)

    @property
    def NOT_APPLICABLE(self) -> str:
        """'n/a'."""
        return _(NOT_APPLICABLE, self.lang)

    @property
    def UNTITLED(self) -> str:
        """'(untitled)'."""
        return _(UNTITLED, self.lang)

    def status(self, value: str) -> str:
        """Label of a finding status (any status, known or new)."""
        return self.pick(STATUSES, value)

    def plural(self, forms: tuple[str, str], n: int, **params: Any) -> str:
        """The form of ``forms`` for ``n``, with ``{n}`` written as this language writes
        numbers."""
        text = gettext_for(self.lang).ngettext(forms[0], forms[1], n)
        return text.format(n=self.F.integer(n), **params)

    def status_word(self, value: str) -> str:
        """The one-word status of the terminal report's columns."""
        entry = STATUS_WORDS.get(value)
        return pgettext(entry[0], entry[1], self.lang) if entry else value

    def severity(self, value: str) -> str:
        """'error', 'warning', 'info' in this language."""
        entry = SEVERITIES.get(value)
        return pgettext(entry[0], entry[1], self.lang) if entry else value

    def counts_line(self, counts: Mapping[str, int]) -> str:
        """'10 passed, 13 failed, 0 to confirm, 7 need evidence, 0 waived, 14 not
        applicable' over every status in ``counts``: the usual six always, any other
        status when it occurs."""
        keys = [k for k in COUNT_ORDER if k in counts] + [k for k in counts
                                                           if k not in COUNT_ORDER]
        parts = []
        for k in keys:
            n = counts[k]
            if not (n or k in USUAL_COUNTS):
                continue
            phrase = STATUS_COUNTS.get(k)
            parts.append(self.plural(phrase, n) if phrase is not None
                         else f"{self.F.integer(n)} {self.status(k)}")
        return ", ".join(parts)

    def esco_release(self, release: str | None, counts: Mapping[str, int]) -> str:
        """'ESCO v1.1.1 (en): 13,896 skills, 3,007 occupations' (the counts say which
        index was used; an index without counts gives the release alone)."""
        if not release:
            return ""
        parts = [self.plural(phrase, counts[key]) for key, phrase in
                 (("skill", ESCO_SKILLS), ("occupation", ESCO_OCCUPATIONS)) if key in counts]
        return f"{release}: {', '.join(parts)}" if parts else release

    def outcome(self, value: str, warnings: int = 0) -> str:
        """``CONFORMS``, ``CONFORMS, with 3 warnings``, ``GAPS`` ..."""
        name = (_(OUTCOMES[value], self.lang) if value in OUTCOMES
                else value.replace("_", " ").upper())
        if value == "conforms" and warnings:
            return self.plural(WITH_WARNINGS, warnings, outcome=name)
        return name

    def element(self, key: str) -> str:
        """Name of an Annex I element in this language (the key, spaced, when unknown)."""
        if key in ELEMENTS:
            return element_label(key, self.lang)
        return key.replace("_", " ")

    def grade(self, value: str) -> str:
        """'strong', 'substantial', 'weak', 'none'."""
        return self.pick(GRADES, value)

    def advice(self, value: str) -> str:
        """'Recognise', 'Recognise with conditions', 'Substantial differences'."""
        return self.pick(ADVICE, value)

    def advice_explained(self, value: str, items: Iterable[str]) -> str:
        """The sentence that explains the advice, naming the criteria or areas."""
        return _(ADVICE_EXPLAINED[value], self.lang, items=", ".join(items))

    def verdict(self, value: str) -> str:
        """A substantial-difference area's verdict."""
        return self.pick(VERDICTS, value)

    def level_outcome(self, value: str) -> str:
        """How a level translated: 'mapped', 'comparison only' ..."""
        return self.pick(LEVEL_OUTCOMES, value)

    def step_status(self, value: str) -> str:
        """Status of one hop of a level translation."""
        return self.pick(STEP_STATUSES, value)

    def confidence(self, value: str | None) -> str:
        """'confirmed', 'secondary' ... ('' for none)."""
        return self.pick(CONFIDENCES, value) if value else ""

    def skill_check(self, value: str) -> str:
        """Result of checking a stated ESCO URI."""
        return self.pick(SKILL_CHECKS, value)

    def review_status(self, value: str) -> str:
        """'suggested', 'accepted', 'rejected'."""
        return self.pick(REVIEW_STATUSES, value)

    def mapper_decision(self, value: str) -> str:
        """The ESCO mapper's own call on a suggestion: 'accept', 'review', 'reject'."""
        entry = MAPPER_DECISIONS.get(value)
        return pgettext(entry[0], entry[1], self.lang) if entry else value.replace("_", " ")

    def category(self, value: str) -> str:
        """An Annex I category free text was read as."""
        return self.pick(ANNEX1_CATEGORIES, value) if value in ANNEX1_CATEGORIES else value

    def role(self, value: str) -> str:
        """The role of an input file in a dossier's reproducibility block."""
        return self.pick(INPUT_ROLES, value) if value in INPUT_ROLES else value

    def fact(self, key: str) -> str:
        """The label of a fact a recognition criterion was graded on."""
        return self.pick(FACTS, key)

    def mapped(self, category: str) -> str:
        """'read as “supervised online with identity verification” (Annex I category)'."""
        return _(MAPPED_FROM_TEXT, self.lang, category=self.category(category))

    def _party(self, d: Mapping[str, Any]) -> str:
        name = d.get("name") or d.get("identifier") or ""
        ident = d.get("legal_identifier")
        where = d.get("country")
        return _join([name, f"({ident})" if ident else "", where or ""], " ")

    def value(self, key: str, data: Any) -> str:
        """An element value laid out for people, from the dossier's JSON ``data``."""
        if data in (None, "", [], {}):
            return ""
        t = self.t
        if key == "workload" and isinstance(data, dict):
            return self._workload(data)
        if key == "level" and isinstance(data, dict):
            parts = []
            if data.get("eqf") is not None:
                parts.append(t(LEVEL_EQF, eqf=data["eqf"]))
            if data.get("framework") or data.get("nqf"):
                parts.append(LEVEL_NQF.format(framework=data.get("framework") or "",
                                              nqf=data.get("nqf") or "").strip())
            if data.get("qf_ehea_cycle"):
                cycle = data["qf_ehea_cycle"]
                parts.append(t(LEVEL_CYCLES[cycle]) if cycle in LEVEL_CYCLES
                             else t(LEVEL_CYCLE, cycle=cycle))
            if data.get("not_applicable"):
                parts.append(t(LEVEL_NONE))
            return LEVEL_SEPARATOR.join(parts)
        if key == "quality_assurance" and isinstance(data, dict):
            ext = data.get("external")
            body = data.get("external_body")
            return _join([
                data.get("description") or "",
                t(QA_EXTERNAL_BODY, external=ext or QA_DEFAULT, body=body) if body
                else t(QA_EXTERNAL, external=ext) if ext else "",
                t(QA_INTERNAL, internal=data["internal"]) if data.get("internal") else "",
                t(QA_REVIEWED, date=self.F.day(data["review_date"]))
                if data.get("review_date") else ""])
        if key == "grade" and isinstance(data, dict):
            return (t(GRADE_SCHEME, value=data.get("value", ""), scheme=data["scheme"])
                    if data.get("scheme") else str(data.get("value", "")))
        if key == "stackability" and isinstance(data, dict):
            return (t(STACK_TOWARDS, mode=data.get("mode", ""), towards=data["towards"])
                    if data.get("towards") else str(data.get("mode", "")))
        if key == "learner" and isinstance(data, dict):
            return _join([data.get("name") or "", data.get("identifier") or ""], ", ")
        if key == "issue_date":
            return self.F.day(str(data))
        if isinstance(data, list):
            if all(isinstance(d, dict) for d in data):
                return _join(self._party(d) for d in data)
            return ", ".join(str(d) for d in data)
        if isinstance(data, dict):
            return _join(f"{v}" for _, v in sorted(data.items()))
        return str(data)

    def _workload(self, d: Mapping[str, Any]) -> str:
        t, num = self.t, self.F.number
        ects, hours = d.get("ects"), d.get("hours")
        system, amount = d.get("credit_system"), d.get("credit_amount")
        if ects is not None:
            text = (t(WORKLOAD_ECTS_HOURS, ects=num(ects), hours=num(hours))
                    if hours is not None else t(WORKLOAD_ECTS, ects=num(ects)))
        elif amount is not None and system:
            text = (t(WORKLOAD_CREDITS_HOURS, amount=num(amount), system=system,
                      hours=num(hours))
                    if hours is not None else t(WORKLOAD_CREDITS, amount=num(amount),
                                                system=system))
        elif hours is not None:
            text = t(WORKLOAD_HOURS, hours=num(hours))
        else:
            text = ""
        if d.get("duration"):
            text = _join([text, t(WORKLOAD_DURATION, duration=d["duration"])])
        return text


@cache
def for_lang(lang: str) -> Labels:
    """The labels of ``lang`` (one per language)."""
    return Labels(lang)


def status(value: str, lang: str = DEFAULT_LANG) -> str:
    """Label of a finding status (any status, known or new)."""
    return for_lang(lang).status(value)


def counts_line(counts: Mapping[str, int], lang: str = DEFAULT_LANG) -> str:
    """See :meth:`Labels.counts_line`."""
    return for_lang(lang).counts_line(counts)


def outcome(value: str, warnings: int = 0, lang: str = DEFAULT_LANG) -> str:
    """See :meth:`Labels.outcome`."""
    return for_lang(lang).outcome(value, warnings)


def element(key: str, lang: str = DEFAULT_LANG) -> str:
    """Name of an Annex I element (the key itself, spaced, when unknown)."""
    return for_lang(lang).element(key)


def value(key: str, data: Any, lang: str = DEFAULT_LANG) -> str:
    """See :meth:`Labels.value`."""
    return for_lang(lang).value(key, data)
