"""The closed set of check operators rule packs may use, in one registry.

Each operator is a small function ``(values, args, ctx) -> Outcome`` over the
values a path resolved to, plus a JSON Schema for its arguments (checked when
a pack loads). A new kind of check means a new entry here with its own tests,
never code inside YAML.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from pydantic import BaseModel

from mcqa.engine.paths import resolve
from mcqa.model import CredentialRecord


@dataclass
class Context:
    """What operators may consult besides the record: the audit date and services."""

    as_of: date
    services: dict[str, Any] = field(default_factory=dict)


class Outcome(NamedTuple):
    """Result of one operator: ok, and which concrete path/value decided it.

    ``unverifiable`` means the operator lacked the data to judge (e.g. no ESCO
    index): ``ok`` is then False so nothing reads it as a pass, ``observed`` says
    why, and ``evidence`` what would let the check run. The engine reports it as
    an *unverifiable* finding, never as a failure. A named tuple rather than a
    dataclass: ~10^8 are made in a national run.
    """

    ok: bool
    path: str = ""
    observed: Any = None
    unverifiable: bool = False
    evidence: str | None = None


Values = list[tuple[str, Any]]
OpFn = Callable[[Values, Mapping[str, Any], Context, CredentialRecord], Outcome]


@dataclass(frozen=True)
class Operator:
    """A registered operator: function, argument schema, one-line doc.

    ``service`` names the :attr:`Context.services` entry the operator consults
    (e.g. ``esco``); without it the operator reports *unverifiable*.
    """

    fn: OpFn
    args: dict[str, Any]
    doc: str
    needs_path: bool = True
    prepare: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None
    """Turns validated arguments into the form ``fn`` reads (sets, compiled patterns),
    once per rule when the engine compiles a pack rather than on every record."""
    make_test: Callable[[Mapping[str, Any]], Callable[[Any], bool]] | None = None
    """For operators that judge each value on its own (through ``_each``): the
    per-value test for given (prepared) arguments. The engine calls it directly
    for single-valued paths, which is what ``fn`` would do, minus the overhead."""
    service: str | None = None
    validate: Callable[[Mapping[str, Any]], str | None] | None = None
    """Checks the arguments against data the JSON Schema cannot know (a vocabulary's
    entries) when a pack loads; returns what is wrong, or ``None``."""


OPERATORS: dict[str, Operator] = {}


def operator(name: str, args: dict[str, Any] | None = None, *, required: list[str] | None = None,
             needs_path: bool = True, service: str | None = None,
             prepare: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None,
             make_test: Callable[[Mapping[str, Any]], Callable[[Any], bool]] | None = None,
             validate: Callable[[Mapping[str, Any]], str | None] | None = None
             ) -> Callable[[OpFn], OpFn]:
    """Register ``fn`` as operator ``name`` with a JSON Schema for its arguments."""
    props: dict[str, Any] = {"op": {"const": name}, "quantifier": {"enum": ["all", "any"]}}
    if needs_path:
        props["path"] = {"type": "string"}
    props.update(args or {})
    req = (["path"] if needs_path else []) + (required or [])
    schema = {"type": "object", "additionalProperties": False, "properties": props,
              "required": ["op", *req]}

    def deco(fn: OpFn) -> OpFn:
        OPERATORS[name] = Operator(fn=fn, args=schema, doc=(fn.__doc__ or "").strip(),
                                   needs_path=needs_path, service=service,
                                   prepare=prepare, make_test=make_test, validate=validate)
        return fn

    return deco


def expr_services(expr: Mapping[str, Any] | None) -> set[str]:
    """Services the operators in an expression (``op``/``all_of``/``any_of``/``not``) consult.

    Lets callers open a data source (the ESCO index) only for rule sets that use it.
    """
    if not expr:
        return set()
    found: set[str] = set()
    for key in ("all_of", "any_of"):
        for sub in expr.get(key, ()):
            found |= expr_services(sub)
    if "not" in expr:
        found |= expr_services(expr["not"])
    op = OPERATORS.get(expr.get("op", ""))
    if op is not None and op.service is not None:
        found.add(op.service)
    return found


def is_blank(value: Any) -> bool:
    """None, blank text, or an empty collection."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict, set)):
        return len(value) == 0
    if isinstance(value, BaseModel):
        return all(is_blank(v) for v in value.__dict__.values() if not isinstance(v, bool))
    return False


def _each(values: Values, args: Mapping[str, Any], test: Callable[[Any], bool]) -> Outcome:
    """Apply ``test`` to every resolved value (or to any, with ``quantifier: any``)."""
    if not values:
        return Outcome(False, "", None)
    if args.get("quantifier") == "any":
        for path, value in values:
            if test(value):
                return Outcome(True, path, value)
        return Outcome(False, values[0][0], values[0][1])
    for path, value in values:
        if not test(value):
            return Outcome(False, path, value)
    return Outcome(True, values[0][0], values[0][1])


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _not_blank(value: Any) -> bool:
    return not is_blank(value)


@operator("present", make_test=lambda args: _not_blank)
def op_present(values: Values, args: Mapping[str, Any], ctx: Context,
               rec: CredentialRecord) -> Outcome:
    """The value exists: not missing, not blank text, not an empty list or object."""
    return _each(values, args, _not_blank)


def _allowed(args: Mapping[str, Any]) -> frozenset[Any]:
    sensitive = bool(args.get("case_sensitive", False))
    return frozenset(v if sensitive or not isinstance(v, str) else v.strip().lower()
                     for v in args["values"])


def _prepare_one_of(args: Mapping[str, Any]) -> Mapping[str, Any]:
    return {**args, "_allowed": _allowed(args)}


def _one_of_test(args: Mapping[str, Any]) -> Callable[[Any], bool]:
    sensitive = bool(args.get("case_sensitive", False))
    allowed = args.get("_allowed") or _allowed(args)

    def test(value: Any) -> bool:
        items = _as_list(value)
        if not items or all(is_blank(i) for i in items):
            return False
        for item in items:
            key = item.strip().lower() if isinstance(item, str) and not sensitive else item
            if key not in allowed:
                return False
        return True

    return test


@operator("one_of", {"values": {"type": "array", "minItems": 1, "items": {"type": ["string",
          "number", "boolean"]}}, "case_sensitive": {"type": "boolean"}}, required=["values"],
          prepare=_prepare_one_of, make_test=_one_of_test)
def op_one_of(values: Values, args: Mapping[str, Any], ctx: Context,
              rec: CredentialRecord) -> Outcome:
    """Every item of the value is one of ``values`` (text compared case-insensitively)."""
    return _each(values, args, _one_of_test(args))


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    return None


@operator("range", {"min": {"type": "number"}, "max": {"type": "number"},
                    "exclusive_min": {"type": "boolean"}, "exclusive_max": {"type": "boolean"}})
def op_range(values: Values, args: Mapping[str, Any], ctx: Context,
             rec: CredentialRecord) -> Outcome:
    """The value is a number within [min, max] (bounds optional, exclusive on request)."""
    lo, hi = args.get("min"), args.get("max")
    ex_lo, ex_hi = bool(args.get("exclusive_min")), bool(args.get("exclusive_max"))

    def test(value: Any) -> bool:
        n = _num(value)
        if n is None:
            return False
        if lo is not None and (n <= lo if ex_lo else n < lo):
            return False
        return not (hi is not None and (n >= hi if ex_hi else n > hi))

    return _each(values, args, test)


class PatternError(ValueError):
    """A rule pattern RE2 cannot run (backreferences, lookaround: not linear-time)."""


@cache
def _regex(pattern: str) -> Any:
    """A pack pattern compiled by RE2, whose matching time is linear in the text whatever
    the pattern (``^(a+)+$`` included): packs may come from anyone, and Python's
    backtracking engine can take hours on a short value. Features RE2 cannot run in
    linear time (backreferences, lookaround) raise :class:`PatternError`, so the pack is
    refused when it loads."""
    import re2  # type: ignore[import-untyped]

    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(pattern, options=options)
    except re2.error as exc:
        detail = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(
            exc.args[0], bytes) else str(exc)
        raise PatternError(f"{detail} (patterns must run in linear time: no "
                           "backreferences or lookaround)") from None


@operator("matches", {"pattern": {"type": "string", "format": "regex"},
                      "search": {"type": "boolean"}}, required=["pattern"])
def op_matches(values: Values, args: Mapping[str, Any], ctx: Context,
               rec: CredentialRecord) -> Outcome:
    """Text matches the regular expression (whole value, or anywhere with ``search``)."""
    rx = _regex(args["pattern"])
    search = bool(args.get("search"))

    def test(value: Any) -> bool:
        if not isinstance(value, str):
            return False
        return bool(rx.search(value) if search else rx.fullmatch(value))

    return _each(values, args, test)


@operator("min_length", {"chars": {"type": "integer", "minimum": 0},
                         "words": {"type": "integer", "minimum": 0}})
def op_min_length(values: Values, args: Mapping[str, Any], ctx: Context,
                  rec: CredentialRecord) -> Outcome:
    """Text has at least ``chars`` characters and ``words`` words."""
    chars, words = int(args.get("chars", 0)), int(args.get("words", 0))

    def test(value: Any) -> bool:
        return isinstance(value, str) and len(value.strip()) >= chars and \
            len(value.split()) >= words

    return _each(values, args, test)


@operator("count", {"min": {"type": "integer", "minimum": 0},
                    "max": {"type": "integer", "minimum": 0}})
def op_count(values: Values, args: Mapping[str, Any], ctx: Context,
             rec: CredentialRecord) -> Outcome:
    """The list has between ``min`` and ``max`` items."""
    lo, hi = args.get("min", 0), args.get("max")

    def test(value: Any) -> bool:
        n = len(value) if isinstance(value, (list, tuple)) else (0 if value is None else 1)
        return n >= lo and (hi is None or n <= hi)

    return _each(values, args, test)


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$")


def parse_date(value: Any) -> date | None:
    """ISO 8601 date or date-time text → date; ``None`` when not a real date."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


@operator("date", {"not_future": {"type": "boolean"},
                   "max_age_days": {"type": "integer", "minimum": 1},
                   "not_before": {"type": "string"}})
def op_date(values: Values, args: Mapping[str, Any], ctx: Context,
            rec: CredentialRecord) -> Outcome:
    """A real ISO 8601 date; optionally not after the audit date, or not older than N days."""
    not_before = parse_date(args.get("not_before"))

    def test(value: Any) -> bool:
        d = parse_date(value)
        if d is None:
            return False
        if args.get("not_future") and d > ctx.as_of:
            return False
        if args.get("max_age_days") and (ctx.as_of - d).days > int(args["max_age_days"]):
            return False
        return not (not_before and d < not_before)

    return _each(values, args, test)


EU_COUNTRY_ALIASES = {"EL": "GR", "UK": "GB"}
_AUTHORITY = "http://publications.europa.eu/resource/authority/country/"


@lru_cache(maxsize=4096)
def normalise_country(value: str) -> str | None:
    """ISO alpha-2 for a code, EU alias (EL, UK), alpha-3 or EU authority URI; else None."""
    import pycountry

    text = value.strip()
    if text.startswith(("http://", "https://")):
        if not text.startswith(_AUTHORITY):
            return None
        text = text[len(_AUTHORITY):]
    code = text.upper()
    code = EU_COUNTRY_ALIASES.get(code, code)
    if len(code) == 2 and code.isalpha():
        hit = pycountry.countries.get(alpha_2=code)
    elif len(code) == 3 and code.isalpha():
        hit = pycountry.countries.get(alpha_3=code)
    else:
        hit = None
    return str(hit.alpha_2) if hit is not None else None


@operator("country_code")
def op_country_code(values: Values, args: Mapping[str, Any], ctx: Context,
                    rec: CredentialRecord) -> Outcome:
    """A valid country: ISO 3166 alpha-2/alpha-3, EU aliases EL/UK, or EU authority URI."""
    return _each(values, args,
                 lambda v: all(isinstance(i, str) and normalise_country(i) is not None
                               for i in _as_list(v)) and not is_blank(v))


@operator("url")
def op_url(values: Values, args: Mapping[str, Any], ctx: Context,
           rec: CredentialRecord) -> Outcome:
    """An absolute http(s) URL with a host."""
    def test(value: Any) -> bool:
        if not isinstance(value, str) or any(c.isspace() for c in value.strip()):
            return False
        parts = urlsplit(value.strip())
        return parts.scheme in ("http", "https") and bool(parts.netloc)

    return _each(values, args, test)


@operator("ratio", {"denominator": {"type": "string"}, "min": {"type": "number"},
                    "max": {"type": "number"}}, required=["denominator"])
def op_ratio(values: Values, args: Mapping[str, Any], ctx: Context,
             rec: CredentialRecord) -> Outcome:
    """``path`` / ``denominator`` lies within [min, max] (e.g. hours per ECTS in 25-30)."""
    den = _num(resolve(rec, args["denominator"])[0][1])
    lo, hi = args.get("min"), args.get("max")

    def test(value: Any) -> bool:
        num = _num(value)
        if num is None or den is None or den <= 0:
            return False
        r = num / den
        return (lo is None or r >= lo) and (hi is None or r <= hi)

    return _each(values, args, test)


@operator("in_values_of", {"other": {"type": "string"}}, required=["other"])
def op_in_values_of(values: Values, args: Mapping[str, Any], ctx: Context,
                    rec: CredentialRecord) -> Outcome:
    """Every value at ``path`` is also among the values at ``other`` (text compared
    case-insensitively): e.g. the sealer's country is one of the issuer countries."""
    allowed = {str(v).strip().casefold() for _, raw in resolve(rec, args["other"])
               for v in _as_list(raw) if not is_blank(v)}
    return _each(values, args, lambda v: not is_blank(v) and all(
        str(i).strip().casefold() in allowed for i in _as_list(v)))


@operator("signed", needs_path=False)
def op_signed(values: Values, args: Mapping[str, Any], ctx: Context,
              rec: CredentialRecord) -> Outcome:
    """The credential carries a signature (embedded proof, JWS/JAdES or JWT)."""
    return Outcome(rec.signature.signed, "signature", rec.signature.method or "unsigned")


@operator("signature_verified", needs_path=False)
def op_signature_verified(values: Values, args: Mapping[str, Any], ctx: Context,
                          rec: CredentialRecord) -> Outcome:
    """The signature was verified with a key or certificate the user supplied (``--trust``);
    unverifiable when none was supplied, failed when keys were supplied and none verified it."""
    sig = rec.signature
    note = sig.verification or ("unsigned" if not sig.signed else "not verified")
    if sig.verified is None:
        return Outcome(False, "signature", note, unverifiable=True,
                       evidence="Run mcqa with --trust DIR holding the issuer's public key (JWK) "
                                "or the trust anchor certificate its x5c chain leads to.")
    return Outcome(sig.verified, "signature", note)


from mcqa.engine import (  # noqa: E402,F401  (register more operators)
    operators_esco,
    operators_frameworks,
    operators_vocab,
)
