"""Translate a level between frameworks through the EQF, and look up EQF mappings.

The chain is always NQF → EQF → target NQF. Each step keeps the status,
confidence and source of the table row it rests on, and a level without an
EQF number stops the chain with an explicit ``no_mapping``: mcqa never
guesses a neighbouring level.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mcqa.errors import ConfigError
from mcqa.frameworks.models import (
    NUMBERED_STATUSES,
    Confidence,
    Framework,
    Level,
    LevelMapping,
    MappingStatus,
    SourceInfo,
    weakest,
)
from mcqa.frameworks.registry import FrameworkRegistry, load_frameworks
from mcqa.marks import N_
from mcqa.model.base import FrozenModel as _Frozen

Outcome = Literal["mapped", "mapped_range", "comparison_only", "unconfirmed", "no_mapping"]

EQF_ID = "EQF"




class LevelRef(_Frozen):
    """A level of a framework, as shown to users: ``IE-NFQ 8``."""

    framework: str
    level: str
    label: str

    def display(self) -> str:
        """``FRAMEWORK LEVEL``."""
        return f"{self.framework} {self.level}"


class Step(_Frozen):
    """One hop of a translation chain and the table row it rests on."""

    from_framework: str
    from_level: str
    to_framework: str
    to_level: str | None = Field(description="None: the chain stops here (no EQF number).")
    status: MappingStatus
    confidence: Confidence
    source: SourceInfo
    year: int | None
    note: str | None = None

    def display(self) -> str:
        """``IE-NFQ 8 → EQF 6`` (``→ EQF (none)`` when the chain stops)."""
        to = self.to_level if self.to_level is not None else "(none)"
        return f"{self.from_framework} {self.from_level} → {self.to_framework} {to}"


class Translation(_Frozen):
    """Result of :func:`translate`: candidates, the chain behind them, and one sentence."""

    source: LevelRef
    target_framework: str
    outcome: Outcome
    candidates: tuple[LevelRef, ...] = Field(description="Matching target levels; may be empty.")
    eqf_levels: tuple[int, ...] = Field(description="EQF level(s) the chain went through.")
    chain: tuple[Step, ...]
    confidence: Confidence = Field(description="Weakest confidence along the chain.")
    explanation: str

    def path(self) -> str:
        """Compact chain: ``IE-NFQ 8 → EQF 6 → UK-SCQF 9 | 10``."""
        parts = [self.source.display()]
        if self.source.framework != EQF_ID and self.target_framework != self.source.framework:
            parts.append(f"EQF {' | '.join(map(str, self.eqf_levels))}" if self.eqf_levels
                         else "EQF (none)")
        if self.target_framework not in (EQF_ID, self.source.framework):
            if self.candidates:
                parts.append(f"{self.target_framework} "
                             + " | ".join(c.level for c in self.candidates))
            elif self.eqf_levels:
                parts.append(f"{self.target_framework} (none)")
        elif self.target_framework == self.source.framework:
            parts.append(self.candidates[0].display())
        return " → ".join(parts)


def _ref(fw: Framework, level: Level) -> LevelRef:
    return LevelRef(framework=fw.id, level=level.code, label=level.label)


def _split(source: str) -> tuple[str, str]:
    name, sep, code = source.partition(":")
    if not sep or not name.strip() or not code.strip():
        raise ConfigError(f"cannot read level {source!r}",
                          hint="write FRAMEWORK:LEVEL, e.g. IE-NFQ:8, UK-RQF:'Entry 3', EQF:6")
    return name.strip(), code.strip()


def or_list(items: list[str]) -> str:
    """"6", "6 or 7", "5, 6 or 7" (the "or" marked for translation)."""
    if len(items) == 1:
        return items[0]
    return N_("{items} or {last}").format(items=", ".join(items[:-1]), last=items[-1])


_NO_EQF: dict[str, tuple[str, str]] = {
    "below_eqf": (
        N_("{source} sits below EQF level 1, so it has no {framework} equivalent."),
        N_("{source} sits below EQF level 1 ({detail}), so it has no {framework} "
           "equivalent.")),
    "not_referenced": (
        N_("{source} is not referenced to any EQF level, so it has no {framework} "
           "equivalent."),
        N_("{source} is not referenced to any EQF level ({detail}), so it has no "
           "{framework} equivalent.")),
    "unknown": (
        N_("{source} has no recorded EQF level, so it has no {framework} equivalent."),
        N_("{source} has no recorded EQF level ({detail}), so it has no {framework} "
           "equivalent.")),
    "": (
        N_("{source} has no EQF level, so it has no {framework} equivalent."),
        N_("{source} has no EQF level ({detail}), so it has no {framework} equivalent.")),
}
"""Why a level has no equivalent, a whole sentence per mapping status (without and with a
detail in brackets), so that each translates whole."""


def _no_eqf(mapping: LevelMapping, fw: Framework, source: str, target: str) -> str:
    plain, detailed = _NO_EQF.get(mapping.status, _NO_EQF[""])
    detail = ""
    if fw.relationship.kind == "none":
        ref = fw.relationship.references
        detail = (N_("{framework} is not linked to the EQF; it references {ref}").format(
            framework=fw.id, ref=ref) if ref else
            N_("{framework} is not linked to the EQF").format(framework=fw.id))
    elif mapping.note:
        note = mapping.note.rstrip(".")
        detail = f"{note[:1].lower()}{note[1:]}"
    if detail:
        return detailed.format(source=source, detail=detail, framework=target)
    return plain.format(source=source, framework=target)


def _no_target(target: Framework, eqf: tuple[int, ...], source: str) -> str:
    """Why no level of ``target`` matches: a whole sentence per reason."""
    eqf_text = or_list([str(e) for e in eqf])
    if target.relationship.kind == "none":
        ref = target.relationship.references
        if ref:
            return N_("{source} corresponds to EQF {eqf}, but {framework} is not linked to the "
                      "EQF (it references {ref}), so no level can be derived.").format(
                source=source, eqf=eqf_text, framework=target.id, ref=ref)
        return N_("{source} corresponds to EQF {eqf}, but {framework} is not linked to the "
                  "EQF, so no level can be derived.").format(
            source=source, eqf=eqf_text, framework=target.id)
    if all(lv.mapping.status == "unknown" for lv in target.levels):
        return N_("{source} corresponds to EQF {eqf}, but the level-by-level EQF comparison "
                  "for {framework} is not recorded.").format(
            source=source, eqf=eqf_text, framework=target.id)
    return N_("{source} corresponds to EQF {eqf}, but no {framework} level is mapped to EQF "
              "{eqf}.").format(source=source, eqf=eqf_text, framework=target.id)


def _outcome(chain: list[Step], candidates: list[LevelRef], eqf: tuple[int, ...]) -> Outcome:
    statuses = {s.status for s in chain}
    if "unconfirmed" in statuses or any(s.confidence == "unconfirmed" for s in chain):
        return "unconfirmed"
    if "comparison_only" in statuses:
        return "comparison_only"
    if len(candidates) > 1 or len(eqf) > 1 or "range" in statuses:
        return "mapped_range"
    return "mapped"


_SENTENCES: dict[tuple[str, str], str] = {
    ("eqf", "plain"): N_("{source} corresponds to EQF {eqf}."),
    ("eqf", "unconfirmed"): N_("{source} corresponds to EQF {eqf}, but {step} is not "
                               "confirmed, so verify before relying on it."),
    ("eqf", "comparison_only"): N_("{source} corresponds to EQF {eqf}, but part of the chain "
                                   "is a comparison study, not a formal referencing."),
    ("direct", "plain"): N_("{source} corresponds to {levels}."),
    ("direct", "unconfirmed"): N_("{source} corresponds to {levels}, but {step} is not "
                                  "confirmed, so verify before relying on it."),
    ("direct", "comparison_only"): N_("{source} corresponds to {levels}, but part of the chain "
                                      "is a comparison study, not a formal referencing."),
    ("via", "plain"): N_("{source} corresponds to {levels} through EQF {eqf}."),
    ("via", "unconfirmed"): N_("{source} corresponds to {levels} through EQF {eqf}, but {step} "
                               "is not confirmed, so verify before relying on it."),
    ("via", "comparison_only"): N_("{source} corresponds to {levels} through EQF {eqf}, but "
                                   "part of the chain is a comparison study, not a formal "
                                   "referencing."),
}
"""The explanation of a translation, one whole sentence per case (so each translates whole)."""


def _sentence(kind: str, outcome: Outcome, chain: list[Step], **params: str) -> str:
    """The explanation: ``kind`` of chain (to the EQF, direct from the EQF, via the EQF)
    with the reservation an unconfirmed or comparison-only chain needs."""
    reserve = outcome if outcome in ("unconfirmed", "comparison_only") else "plain"
    step = ""
    if reserve == "unconfirmed":
        step = next(s for s in chain
                    if s.status == "unconfirmed" or s.confidence == "unconfirmed").display()
    return _SENTENCES[(kind, reserve)].format(step=step, **params)


def _step(mapping: LevelMapping, from_fw: str, from_level: str, to_fw: str,
          to_level: str | None) -> Step:
    return Step(from_framework=from_fw, from_level=from_level, to_framework=to_fw,
                to_level=to_level, status=mapping.status, confidence=mapping.confidence,
                source=mapping.source, year=mapping.year, note=mapping.note)


def translate(source: str, target: str, *, registry: FrameworkRegistry | None = None
              ) -> Translation:
    """Translate ``source`` (``"IE-NFQ:8"``) to the framework ``target`` (id or country code).

    Returns every target level whose EQF level equals the source's; raises
    :class:`ConfigError` (listing valid choices) for an unknown framework or level.
    """
    reg = load_frameworks() if registry is None else registry
    name, code = _split(source)
    src_fw = reg.resolve(name)
    src_level = reg.level(src_fw, code)
    tgt_fw = reg.resolve(target)
    src = _ref(src_fw, src_level)

    def result(outcome: Outcome, candidates: list[LevelRef], eqf: tuple[int, ...],
               chain: list[Step], sentence: str) -> Translation:
        return Translation(source=src, target_framework=tgt_fw.id, outcome=outcome,
                           candidates=tuple(candidates), eqf_levels=eqf, chain=tuple(chain),
                           confidence=weakest([s.confidence for s in chain]),
                           explanation=sentence)

    if tgt_fw.id == src_fw.id:
        return result("mapped", [src], src_level.mapping.eqf_levels, [],
                      N_("{source} is already in {framework}; nothing to translate.").format(
                          source=src.display(), framework=tgt_fw.id))

    chain: list[Step] = []
    mapping = src_level.mapping
    if src_fw.id == EQF_ID:
        eqf = mapping.eqf_levels
    else:
        if mapping.status not in NUMBERED_STATUSES or not mapping.eqf_levels:
            chain.append(_step(mapping, src_fw.id, src_level.code, EQF_ID, None))
            return result("no_mapping", [], (), chain,
                          _no_eqf(mapping, src_fw, src.display(), tgt_fw.id))
        eqf = mapping.eqf_levels
        for e in eqf:
            chain.append(_step(mapping, src_fw.id, src_level.code, EQF_ID, str(e)))

    eqf_text = or_list([str(e) for e in eqf])
    if tgt_fw.id == EQF_ID:
        candidates = [LevelRef(framework=EQF_ID, level=str(e), label=f"EQF level {e}") for e in eqf]
        outcome = _outcome(chain, candidates, eqf)
        return result(outcome, candidates, eqf, chain,
                      _sentence("eqf", outcome, chain, source=src.display(), eqf=eqf_text))

    candidates = []
    for level in tgt_fw.levels:
        m = level.mapping
        if level.legacy or m.status not in NUMBERED_STATUSES:
            continue
        hits = [e for e in eqf if e in m.eqf_levels]
        for e in hits:
            chain.append(_step(m, EQF_ID, str(e), tgt_fw.id, level.code))
        if hits:
            candidates.append(_ref(tgt_fw, level))
    if not candidates:
        return result("no_mapping", [], eqf, chain,
                      _no_target(tgt_fw, eqf, src.display()))
    outcome = _outcome(chain, candidates, eqf)
    names = or_list([c.display() for c in candidates])
    kind = "direct" if src_fw.id == EQF_ID else "via"
    return result(outcome, candidates, eqf, chain,
                  _sentence(kind, outcome, chain, source=src.display(), levels=names,
                            eqf=eqf_text))


def eqf_for(framework_id: str, level_code: str, *, registry: FrameworkRegistry | None = None
            ) -> LevelMapping:
    """EQF mapping of one framework level, for rules that compare stated NQF and EQF levels.

    Raises :class:`ConfigError` for an unknown framework or level; rule
    operators that must not fail should check ``registry.find`` first.
    """
    reg = load_frameworks() if registry is None else registry
    fw = reg.resolve(framework_id)
    return reg.level(fw, level_code).mapping
