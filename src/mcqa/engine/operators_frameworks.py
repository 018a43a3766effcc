"""Operators that judge levels and workload against the framework and credit-system data.

These operators read ``standards/frameworks/`` and ``standards/credit-systems.yaml``
through :mod:`mcqa.frameworks` instead of hard-coding tables in packs, so a
correction to a referencing table or a credit ratio changes every rule that
relies on it, and every verdict can name the mapping status and confidence
it rests on.

They share three promises with the core operators:

* they never raise on odd records: a missing, mistyped or unknown value is a
  failing :class:`~mcqa.engine.operators.Outcome` whose ``observed`` text says
  why (an unknown framework id is a finding, not a crash);
* ``observed`` always explains the arithmetic or the mapping used, because a
  QA officer has to be able to redo the check by hand;
* operators with ``needs_path=False`` judge several fields together; a rule
  gates them with ``applies_when`` so that a record which states nothing to
  compare is *not applicable* rather than silently passed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from mcqa.engine.operators import Context, Outcome, Values, _num, operator
from mcqa.errors import McqaError
from mcqa.frameworks import (
    CreditRange,
    CreditSystem,
    CreditSystems,
    Framework,
    FrameworkRegistry,
    convert,
    load_credit_systems,
    load_frameworks,
)
from mcqa.marks import N_
from mcqa.model import CredentialRecord

__all__ = [
    "op_excludes_words",
    "op_nqf_eqf_consistent",
    "op_nqf_level_exists",
    "op_workload_consistent",
    "op_workload_in_range",
]

_CONFIDENCES = ["confirmed", "secondary", "unconfirmed"]
_NOT_JUDGED = {
    "confirmed": N_("stated EQF {stated} differs, but the mapping is confirmed and not "
                    "judged by this rule: {basis}"),
    "secondary": N_("stated EQF {stated} differs, but the mapping is secondary and not "
                    "judged by this rule: {basis}"),
    "unconfirmed": N_("stated EQF {stated} differs, but the mapping is unconfirmed and not "
                      "judged by this rule: {basis}"),
}
"""A whole sentence per mapping confidence (the confidence is not inserted as a word)."""


def _registry() -> FrameworkRegistry | None:
    """The framework registry, or ``None`` if the bundled data cannot be loaded.

    A broken data file must not take a whole run down from inside a rule; the
    rule then fails with a note, and ``mcqa levels list`` shows the real error.
    """
    try:
        return load_frameworks()
    except McqaError:
        return None


def _credit_systems() -> CreditSystems | None:
    """The credit-system data, or ``None`` when it cannot be loaded (see :func:`_registry`)."""
    try:
        return load_credit_systems()
    except McqaError:
        return None


def _text(value: Any) -> str | None:
    """Stripped text of a string or integer value (levels are often written as numbers)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _stated_level(rec: CredentialRecord) -> tuple[str | None, str | None, Any]:
    """(framework id, NQF level code, stated EQF value) as the record gives them."""
    level = rec.level
    if level is None:
        return None, None, None
    return _text(level.framework), _text(level.nqf), level.eqf


def _find_level(reg: FrameworkRegistry | None, fw_id: str | None, code: str | None
                ) -> tuple[Framework | None, Any, str]:
    """Framework and level for a record, or ``None`` plus the reason for the observed note."""
    if reg is None:
        return None, None, "framework data could not be loaded"
    if fw_id is None:
        return None, None, "no framework stated (level.framework)"
    fw = reg.find(fw_id)
    if fw is None:
        return None, None, f"unknown framework {fw_id!r}"
    if code is None:
        return fw, None, f"{fw.id}: no level stated (level.nqf)"
    lvl = fw.find_level(code)
    if lvl is None:
        return fw, None, (f"{fw.id} has no level {code!r} "
                          f"(levels: {', '.join(fw.level_codes())})")
    return fw, lvl, ""


@operator("nqf_level_exists",
          {"frameworks": {"type": "array", "minItems": 1, "items": {"type": "string"},
                          "description": "Only these framework ids are accepted."}},
          needs_path=False)
def op_nqf_level_exists(values: Values, args: Mapping[str, Any], ctx: Context,
                        rec: CredentialRecord) -> Outcome:
    """``level.framework`` is a known framework (optionally one of ``frameworks``) with ``level.nqf``.

    A platform's own scale ("advanced", "Level 3 of our academy") is not a
    qualifications framework, so an id missing from the framework data fails.
    """
    fw_id, code, _ = _stated_level(rec)
    fw, lvl, why = _find_level(_registry(), fw_id, code)
    if fw is not None:
        allowed = [a.strip().upper() for a in args.get("frameworks", [])]
        if allowed and fw.id.upper() not in allowed:
            return Outcome(False, "level.framework",
                           f"{fw.id} is not one of {', '.join(args['frameworks'])}")
    if lvl is None:
        return Outcome(False, "level.nqf" if fw is not None else "level.framework", why)
    assert fw is not None
    return Outcome(True, "level.nqf", f"{fw.id} level {lvl.code} ({lvl.label})")


@operator("nqf_eqf_consistent",
          {"on_unknown": {"enum": ["pass", "fail"],
                          "description": "Verdict when the data has no EQF pairs for the level."},
           "confidence": {"type": "array", "minItems": 1, "uniqueItems": True,
                          "items": {"enum": _CONFIDENCES},
                          "description": "Mapping confidences this rule may fail on."}},
          needs_path=False)
def op_nqf_eqf_consistent(values: Values, args: Mapping[str, Any], ctx: Context,
                          rec: CredentialRecord) -> Outcome:
    """The stated EQF level agrees with the referencing of the stated NQF level.

    Reads ``level.framework``, ``level.nqf`` and ``level.eqf``; gate the rule
    with ``applies_when`` on all three. Decisions, so the verdict is never
    surer than the data:

    * unknown framework or level: fails (the claim cannot stand on a table
      mcqa does not know);
    * a level below the EQF or left unlevelled (SCQF 1, NZQCF 8): any stated
      EQF level fails, because none may be claimed;
    * a mapping whose pairs are not recorded (status ``unknown``, e.g. AQF):
      passes with an observed note, unless ``on_unknown: fail``;
    * a disagreement whose mapping confidence is not listed in ``confidence``
      passes with a note, so a pack can judge confirmed rows at ``warning``
      and unconfirmed rows in a separate ``info`` rule.
    """
    fw_id, code, eqf = _stated_level(rec)
    fw, lvl, why = _find_level(_registry(), fw_id, code)
    if lvl is None:
        return Outcome(False, "level.framework" if fw is None else "level.nqf", why)
    assert fw is not None
    stated = _num(eqf)
    if stated is None or not stated.is_integer():
        return Outcome(False, "level.eqf", f"stated EQF level {eqf!r} is not a whole number")
    m = lvl.mapping
    pairs = " or ".join(str(n) for n in m.eqf_levels) or "none"
    basis = f"{fw.id} {lvl.code} -> EQF {pairs} ({m.status}, {m.confidence}; {m.source.title})"
    verdict = m.agrees_with(int(stated))
    if verdict is None:
        ok = args.get("on_unknown", "pass") == "pass"
        return Outcome(ok, "level.eqf",
                       f"stated EQF {int(stated)}; mapping unknown, not judged: {basis}")
    if verdict:
        return Outcome(True, "level.eqf", f"stated EQF {int(stated)} agrees: {basis}")
    judged = args.get("confidence", _CONFIDENCES)
    if m.confidence not in judged:
        message = _NOT_JUDGED.get(m.confidence) or N_(
            "stated EQF {stated} differs, but the mapping is {confidence} and not judged by "
            "this rule: {basis}")
        return Outcome(True, "level.eqf", message.format(stated=int(stated), basis=basis,
                                                         confidence=m.confidence))
    return Outcome(False, "level.eqf", f"stated EQF {int(stated)} disagrees: {basis}")


def _within(value: float, lo: float, hi: float, tolerance: float) -> bool:
    """``value`` in [lo, hi] widened by a relative ``tolerance`` (0.1 = 10 %)."""
    eps = 1e-9
    return lo * (1 - tolerance) - eps <= value <= hi * (1 + tolerance) + eps


def _fmt(x: float) -> str:
    return f"{round(x, 2):g}"


def _system(systems: CreditSystems, name: str | None) -> CreditSystem | None:
    return systems.find(name) if name else None


@operator("workload_consistent",
          {"tolerance": {"type": "number", "minimum": 0, "maximum": 1,
                         "description": "Relative slack on each bound (0.1 = 10 %)."}},
          needs_path=False)
def op_workload_consistent(values: Values, args: Mapping[str, Any], ctx: Context,
                           rec: CredentialRecord) -> Outcome:
    """Hours, ECTS and national credits in ``workload`` agree with each other.

    Every pair the record states is compared: hours against
    ``credit_amount`` in ``credit_system`` (that system's hours-per-credit
    range), hours against ECTS (25-30 h), and national credits against ECTS
    (a stated equivalence such as 2 UK credits = 1 ECTS, else through hours).
    When national credits are stated, ECTS is judged against them and not
    against hours: the sources disagree at the margin (2 UK credits = 1 ECTS,
    yet 10 h per UK credit and 25-30 h per ECTS), and the hours-per-ECTS ratio
    alone is eu-2022's rule EU-AI-M07d.
    ``tolerance`` widens each bound, because providers round. Fails on the
    first pair that disagrees, on an unknown credit system, or when no pair
    is stated (gate the rule with ``applies_when``).
    """
    systems = _credit_systems()
    wl = rec.workload
    if systems is None:
        return Outcome(False, "workload", "credit-system data could not be loaded")
    if wl is None:
        return Outcome(False, "workload", "no workload stated")
    tol = float(args.get("tolerance", 0))
    hours, ects, amount = _num(wl.hours), _num(wl.ects), _num(wl.credit_amount)
    checked: list[str] = []
    if amount is not None and wl.credit_system:
        sys = _system(systems, wl.credit_system)
        if sys is None:
            return Outcome(False, "workload.credit_system",
                           f"unknown credit system {wl.credit_system!r} "
                           f"(known: {', '.join(systems.ids())})")
        if sys.id == "ECTS":
            if ects is not None and not math.isclose(amount, ects):
                return Outcome(False, "workload.credit_amount",
                               f"disagree: credit_amount {_fmt(amount)} ECTS but ects {_fmt(ects)}")
            ects = amount
        else:
            if hours is not None:
                lo, hi = amount * sys.hours_per_credit[0], amount * sys.hours_per_credit[1]
                note = f"{_fmt(amount)} {sys.id} = {_fmt(lo)}-{_fmt(hi)} h; stated {_fmt(hours)} h"
                if not _within(hours, lo, hi, tol):
                    return Outcome(False, "workload.hours", f"disagree: {note}")
                checked.append(note)
            rng = _safe_convert(amount, sys.id, "ECTS", systems) if ects is not None else None
            if ects is not None and rng is not None:
                note = (f"{_fmt(amount)} {sys.id} = {_fmt(rng.min)}-{_fmt(rng.max)} ECTS; "
                        f"stated {_fmt(ects)} ECTS")
                if not _within(ects, rng.min, rng.max, tol):
                    return Outcome(False, "workload.ects", f"disagree: {note}")
                checked.append(note)
    national = bool(checked) or (amount is not None and ects is None)
    ects_sys = systems.find("ECTS")
    if ects is not None and hours is not None and ects_sys is not None and not national:
        lo, hi = ects * ects_sys.hours_per_credit[0], ects * ects_sys.hours_per_credit[1]
        note = f"{_fmt(ects)} ECTS = {_fmt(lo)}-{_fmt(hi)} h; stated {_fmt(hours)} h"
        if not _within(hours, lo, hi, tol):
            return Outcome(False, "workload.hours", f"disagree: {note}")
        checked.append(note)
    if not checked:
        return Outcome(False, "workload",
                       "nothing to compare: state hours together with ECTS or national credits")
    return Outcome(True, "workload", "agree: " + "; ".join(checked))


def _safe_convert(amount: float, unit: str, to: str, systems: CreditSystems) -> CreditRange | None:
    """:func:`convert` that returns ``None`` instead of raising on odd input."""
    try:
        return convert(amount, unit, to, systems=systems)
    except McqaError:
        return None


@operator("workload_in_range",
          {"unit": {"type": "string", "minLength": 1,
                    "description": "Credit system id or alias: ECTS, hours, NZ, UK ..."},
           "min": {"type": "number", "minimum": 0}, "max": {"type": "number", "minimum": 0},
           "exclusive_min": {"type": "boolean",
                             "description": "The workload must be above min, not equal to it."},
           "exclusive_max": {"type": "boolean",
                             "description": "The workload must be below max, not equal to it "
                                            "(Spain: 'menos de 15 ECTS')."},
           "mode": {"enum": ["overlap", "within"],
                    "description": "overlap (default): a converted range need only touch "
                                   "[min, max]; within: it must lie inside."}},
          required=["unit"], needs_path=False)
def op_workload_in_range(values: Values, args: Mapping[str, Any], ctx: Context,
                         rec: CredentialRecord) -> Outcome:
    """The workload, expressed in ``unit`` (converted when needed), lies within [min, max].

    A figure the record states in ``unit`` itself is used as is. Otherwise the
    first stated of national credits, ECTS, hours is converted with the
    credit-system data; a conversion gives a range (100 h = 3.33-4 ECTS), and
    by default the rule passes when that range overlaps [min, max], because a
    value that *may* be inside given the source's own ratio range is not shown
    to be outside. ``mode: within`` demands the whole range inside.
    ``exclusive_min`` / ``exclusive_max`` make a bound strict, for sources that
    say "less than" rather than "at most"; the observed note then writes the
    bound with a round bracket, ``[, 15)``.
    """
    systems = _credit_systems()
    if systems is None:
        return Outcome(False, "workload", "credit-system data could not be loaded")
    target = systems.find(str(args["unit"]))
    if target is None:
        return Outcome(False, "workload", f"unknown unit {args['unit']!r} in the rule")
    wl = rec.workload
    if wl is None:
        return Outcome(False, "workload", "no workload stated")
    stated: list[tuple[str, float, str]] = []  # (path, amount, system id)
    amount = _num(wl.credit_amount)
    if amount is not None and wl.credit_system:
        sys = _system(systems, wl.credit_system)
        if sys is None:
            return Outcome(False, "workload.credit_system",
                           f"unknown credit system {wl.credit_system!r}")
        stated.append(("workload.credit_amount", amount, sys.id))
    if (ects := _num(wl.ects)) is not None:
        stated.append(("workload.ects", ects, "ECTS"))
    if (hours := _num(wl.hours)) is not None:
        stated.append(("workload.hours", hours, "HOURS"))
    if not stated:
        return Outcome(False, "workload", "no workload in credits or hours")
    direct = [s for s in stated if s[2] == target.id]
    path, value, unit = (direct or stated)[0]
    if value < 0:
        return Outcome(False, path, f"negative workload {_fmt(value)}")
    rng = _safe_convert(value, unit, target.id, systems)
    if rng is None:
        return Outcome(False, path, f"cannot convert {_fmt(value)} {unit} to {target.id}")
    lo_b, hi_b = args.get("min"), args.get("max")
    ex_lo, ex_hi = bool(args.get("exclusive_min")), bool(args.get("exclusive_max"))
    span = _fmt(rng.min) if math.isclose(rng.min, rng.max) else f"{_fmt(rng.min)}-{_fmt(rng.max)}"
    bounds = (f"{'(' if ex_lo else '['}{'' if lo_b is None else _fmt(lo_b)}, "
              f"{'' if hi_b is None else _fmt(hi_b)}{')' if ex_hi else ']'}")
    via = "" if unit == target.id else f" (from {_fmt(value)} {unit})"
    note = f"{span} {target.id}{via}; allowed {bounds}"
    within = args.get("mode", "overlap") == "within"
    # overlap: the range's far end decides; within: its near end does
    low_end, high_end = (rng.min, rng.max) if within else (rng.max, rng.min)
    ok = (lo_b is None or _above(low_end, lo_b, ex_lo)) and \
         (hi_b is None or _above(hi_b, high_end, ex_hi))
    return Outcome(ok, path, note)


def _above(value: float, bound: float, strict: bool) -> bool:
    """``value >= bound`` (``>`` when ``strict``), with float noise from conversions ignored."""
    eps = 1e-9
    return value > bound + eps if strict else value >= bound - eps


@cache
def _word_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word, case-insensitive pattern; hyphens in a word also match a space or nothing."""
    parts = []
    for w in words:
        tokens = [re.escape(t) for t in re.split(r"[-\s]+", w.strip()) if t]
        parts.append(r"[-\s]?".join(tokens))
    return re.compile(r"(?<![\w])(" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)


@operator("excludes_words",
          {"words": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}},
          required=["words"])
def op_excludes_words(values: Values, args: Mapping[str, Any], ctx: Context,
                      rec: CredentialRecord) -> Outcome:
    """Text contains none of ``words`` as a whole word (case-insensitive; "post-graduate" = "postgraduate").

    Exists for reserved-word rules (NZQA listing rule 6.2): the observed value
    names the word found, which ``not matches`` could not do.
    """
    rx = _word_regex(tuple(args["words"]))
    if not values:
        return Outcome(False, "", None)
    for path, value in values:
        if not isinstance(value, str) or not value.strip():
            return Outcome(False, path, "no text")
        hit = rx.search(value)
        if hit:
            return Outcome(False, path, f"contains {hit.group(0)!r}")
    return Outcome(True, values[0][0], "none of the reserved words")
