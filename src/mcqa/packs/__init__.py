"""Rule packs: YAML files validated by a JSON Schema, then by each operator's schema.

A pack names its source document and lists cited rules. ``extends`` pulls in
another pack's rules (kept under that pack's id and citation); ``overrides``
change a base rule's severity or disable it. Errors name the file, the line
and the JSON path, and say what to fix.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from pydantic import ConfigDict, Field

from mcqa._yaml import line_of, load_aux
from mcqa.errors import ConfigError, PackError
from mcqa.fsguard import display_name
from mcqa.marks import N_
from mcqa.model import Citation, Severity
from mcqa.model.base import FrozenModel as _Frozen
from mcqa.resources import standards_dir

__all__ = [
    "AUTO_COUNTRY",
    "Pack",
    "PackMeta",
    "Rule",
    "RuleSet",
    "available_packs",
    "country_code",
    "country_packs",
    "load_pack_file",
    "national_packs",
    "pack_schema",
    "resolve_packs",
]

AUTO_COUNTRY = "auto"
"""``--country auto``: each record gets the national packs of its awarding body's country."""




class PackSource(_Frozen):
    """The document a pack encodes."""

    document: str
    url: str
    date: str


class PackMeta(_Frozen):
    """Pack identity and provenance."""

    id: str
    version: str
    title: str
    description: str = ""
    jurisdiction: str
    source: PackSource
    extends: tuple[str, ...] = ()


class FreeText(_Frozen):
    """How a rule reports an element the credential states only in free text."""

    message: str = Field(description="What was found: stated only as free text.")
    request: str = Field(description="What the auditor should confirm.")


class Rule(_Frozen):
    """One cited rule: data only; the check is an operator expression."""

    id: str
    name: str
    element: str | None = None
    principle: str | None = None
    severity: Severity
    citation: Citation
    applies_when: dict[str, Any] | None = None
    not_applicable_message: str | None = None
    check: dict[str, Any] | None = None
    evidence: str | None = None
    message: str
    pass_message: str | None = None
    free_text: FreeText | None = None
    remedy: str
    aliases: tuple[str, ...] = ()


class Override(_Frozen):
    """Severity change or disabling of an inherited rule."""

    rule: str
    severity: Severity | None = None
    disabled: bool = False


class Pack(_Frozen):
    """A loaded, validated pack file."""

    meta: PackMeta = Field(alias="pack")
    rules: tuple[Rule, ...]
    overrides: tuple[Override, ...] = ()
    file: str = ""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


@dataclass(frozen=True)
class RuleSet:
    """Packs resolved for one run: every active rule with its pack and effective severity.

    ``reasons`` says why each pack is in the run (requested, extended by another
    pack, national pack of a country), for the report header. ``scopes`` limits
    packs to records whose awarding body (or, failing that, issuer) is in one of
    the given countries; packs without a scope apply to every record. Both are
    tuples of pairs, so the rule set stays immutable and cheap to send to workers.
    """

    packs: tuple[Pack, ...]
    rules: tuple[tuple[Pack, Rule], ...]
    reasons: tuple[tuple[str, str], ...] = ()
    scopes: tuple[tuple[str, frozenset[str]], ...] = ()

    def get(self, rule_id: str) -> tuple[Pack, Rule] | None:
        """Rule by id or alias."""
        for pack, rule in self.rules:
            if rule.id == rule_id or rule_id in rule.aliases:
                return pack, rule
        return None

    def reason(self, pack_id: str) -> str:
        """Why ``pack_id`` is in the run (``requested`` unless recorded otherwise)."""
        return dict(self.reasons).get(pack_id, "requested")

    def scope_of(self, pack_id: str) -> frozenset[str] | None:
        """Countries whose records ``pack_id`` applies to; ``None``: every record."""
        return dict(self.scopes).get(pack_id)


@cache
def pack_schema() -> dict[str, Any]:
    """The published JSON Schema of a pack file."""
    with (standards_dir() / "schemas" / "pack.schema.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _fail(file: str, text: str, path: list[Any], message: str, hint: str) -> PackError:
    pointer = "/" + "/".join(str(p) for p in path)
    line = line_of(text, path)
    where = f"line {line} ({pointer})" if line else pointer
    return PackError(message, file=file, location=where, hint=hint)


def _check_expr(expr: Any, path: list[Any], file: str, text: str) -> None:
    from mcqa.engine.operators import OPERATORS

    if not isinstance(expr, Mapping):
        return
    for key in ("all_of", "any_of"):
        if key in expr:
            for i, sub in enumerate(expr[key]):
                _check_expr(sub, [*path, key, i], file, text)
            return
    if "not" in expr:
        _check_expr(expr["not"], [*path, "not"], file, text)
        return
    op = expr.get("op")
    if op not in OPERATORS:
        raise _fail(file, text, [*path, "op"], f"unknown operator {op!r}",
                    f"use one of: {', '.join(sorted(OPERATORS))}")
    errors = sorted(jsonschema.Draft202012Validator(OPERATORS[op].args).iter_errors(expr),
                    key=lambda e: list(e.path))
    if errors:
        err = errors[0]
        raise _fail(file, text, [*path, *err.path], f"operator {op!r}: {err.message}",
                    "see `mcqa schema pack` and the operator list in the README")
    validate = OPERATORS[op].validate
    problem = validate(expr) if validate is not None else None
    if problem is not None:
        raise _fail(file, text, path, f"operator {op!r}: {problem}",
                    "see the operator list in the README")
    if op == "matches":
        from mcqa.engine.operators import PatternError, _regex

        try:
            _regex(expr["pattern"])
        except PatternError as exc:
            raise _fail(file, text, [*path, "pattern"], f"pattern not usable: {exc}",
                        "rewrite the pattern without backreferences or lookaround "
                        "(RE2 syntax)") from None


MAX_PACK_BYTES = 8 * 1024 * 1024
"""Largest pack file read (the biggest bundled pack is about 60 kB)."""


def load_pack_file(path: Path) -> Pack:
    """Read, schema-validate and parse one pack file (bounded: see :func:`load_aux`)."""
    file = display_name(path)
    data, text = load_aux(path, what=N_("pack"), error=PackError, limit=MAX_PACK_BYTES)
    validator = jsonschema.Draft202012Validator(pack_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(list(e.path)), list(map(str, e.path))))
    if errors:
        err = jsonschema.exceptions.best_match(errors)
        raise _fail(file, text, list(err.path), err.message,
                    "the pack must follow `mcqa schema pack`")
    for i, rule in enumerate(data["rules"]):
        for key in ("applies_when", "check"):
            if key in rule:
                _check_expr(rule[key], ["rules", i, key], file, text)
    seen: set[str] = set()
    for i, rule in enumerate(data["rules"]):
        if rule["id"] in seen:
            raise _fail(file, text, ["rules", i, "id"], f"duplicate rule id {rule['id']!r}",
                        "rule ids are unique and never reused")
        seen.add(rule["id"])
    return Pack.model_validate({**data, "file": path.name})


def _bundled_dir() -> Path:
    return standards_dir() / "packs"


@cache
def available_packs() -> dict[str, Path]:
    """Bundled packs by id (file name without ``.yaml``)."""
    return {p.stem: p for p in sorted(_bundled_dir().glob("*.yaml"))}


@cache
def _load_cached(path: Path) -> Pack:
    return load_pack_file(path)


def _load_ref(ref: str, base: Path | None = None) -> tuple[Pack, Path]:
    """(pack, its folder) for a reference the user gave (``base`` None: a bundled pack id or
    the path of a pack file), or one from an ``extends`` list in a pack file in folder
    ``base``: then only a bundled pack id or the name of a pack file in that same folder,
    so a pack cannot make mcqa open any YAML file on the machine."""
    packs = available_packs()
    if base is not None and ref not in packs:
        if Path(ref).name != ref or ref in (".", "..") or not ref.endswith((".yaml", ".yml")):
            raise PackError(f"extends {ref[:80]!r}: not a bundled pack, and not a pack file "
                            "in the same folder", location="/pack/extends",
                            hint=f"extend a bundled pack ({', '.join(packs)}) or a pack file "
                            "next to this one, by file name")
        path = base / ref
        if not path.is_file():
            raise PackError(f"extends {ref!r}: no such pack file in the same folder",
                            file=display_name(path), location="/pack/extends",
                            hint="check the file name")
        resolved = path.resolve()
        return _load_cached(resolved), resolved.parent
    path = Path(ref)
    if base is None and ref.endswith((".yaml", ".yml")) and path.exists():
        resolved = path.resolve()
        return _load_cached(resolved), resolved.parent
    if ref not in packs:
        raise PackError(f"unknown pack {ref[:80]!r}", hint=f"bundled packs: {', '.join(packs)}; "
                        "or give the path of a pack file")
    pack = _load_cached(packs[ref])
    if pack.meta.id != ref:
        raise PackError(f"pack id {pack.meta.id!r} does not match its file name", file=pack.file,
                        location="/pack/id", hint="name the file after the pack id")
    return pack, packs[ref].parent


def country_code(value: str) -> str | None:
    """ISO alpha-2 country of a jurisdiction or record country (``UK`` -> ``GB``,
    ``GB-SCT`` -> ``GB``, EU authority URI -> code); ``None`` for ``EU`` or a name."""
    from mcqa.frameworks import normalise_country

    code = normalise_country(value).partition("-")[0]
    return code if len(code) == 2 and code.isalpha() and code != "EU" else None


@cache
def national_packs() -> dict[str, str]:
    """Bundled packs whose jurisdiction is one country: pack id -> ISO alpha-2 code.

    Only the metadata is read here (a pack is validated when it is resolved), so
    one broken, unrelated pack cannot stop a run for another country. EU-wide and
    consortium packs (``EU``, ``European MOOC Consortium``) are not national.
    """
    out: dict[str, str] = {}
    for pid, path in available_packs().items():
        try:
            meta = yaml.safe_load(path.read_text(encoding="utf-8")).get("pack") or {}
        except (OSError, yaml.YAMLError, AttributeError):
            continue
        code = country_code(str(meta.get("jurisdiction", "")))
        if code is not None:
            out[pid] = code
    return out


def country_packs(country: str | None) -> list[str]:
    """Bundled packs whose jurisdiction is ``country`` (any spelling: ``ES``, ``ESP``,
    ``UK``, an EU authority URI), sorted by id.

    The one place that decides which national packs belong to a country:
    ``mcqa check --country`` and the recognition dossier (``--to``) both use it.
    """
    wanted = country_code(country) if country else None
    if wanted is None:
        return []
    return sorted(pid for pid, code in national_packs().items() if code == wanted)


def _ordered(refs: Iterable[str], reasons: dict[str, str], requested: str) -> list[Pack]:
    """Packs of ``refs`` with their ``extends`` chains, bases first; records each new
    pack's reason in ``reasons`` (``requested`` for a ref, ``extended by X`` for a base)."""
    ordered: list[Pack] = []
    visiting: set[str] = set()

    def visit(ref: str, why: str, base: Path | None) -> None:
        try:
            pack, folder = _load_ref(ref, base)
        except PackError as exc:
            if base is not None and exc.file is None:
                raise PackError(exc.message, file=str(ordered_file.get(base, base)),
                                location=exc.location, hint=exc.hint) from None
            raise
        if any(p.meta.id == pack.meta.id for p in ordered):
            return
        if pack.meta.id in visiting:
            raise PackError(f"pack {pack.meta.id!r} extends itself through a cycle",
                            file=pack.file, location="/pack/extends")
        visiting.add(pack.meta.id)
        ordered_file[folder] = pack.file
        for base_ref in pack.meta.extends:
            visit(base_ref, N_("extended by {pack}").format(pack=pack.meta.id), folder)
        visiting.discard(pack.meta.id)
        ordered.append(pack)
        reasons.setdefault(pack.meta.id, why)

    ordered_file: dict[Path, str] = {}
    for ref in refs:
        visit(ref, requested, None)
    return ordered


def _with_country(refs: list[str], country: str, reasons: dict[str, str]
                  ) -> tuple[list[str], dict[str, frozenset[str]]]:
    """Refs extended by the national packs ``--country`` asks for, and their scopes.

    A fixed country adds its packs for every record. ``auto`` adds every national
    pack, each limited to records of its country; a base such a pack extends that
    the run did not already have (``eu-2022`` under ``--pack nz-nzqa``) is limited
    to the same countries.
    """
    if country.strip().lower() != AUTO_COUNTRY:
        code = country_code(country)
        if code is None:
            raise ConfigError(f"--country {country!r} is not a country code",
                              hint="give an ISO 3166 code such as ES or NL, or 'auto'")
        extra = [p for p in country_packs(code) if p not in refs]
        for pid in extra:
            reasons[pid] = f"--country {code}"
        return refs + extra, {}
    base = {p.meta.id for p in _ordered(refs, {}, "requested")}
    extra = [pid for pid in sorted(national_packs()) if pid not in base]
    scopes: dict[str, set[str]] = {}
    users: dict[str, set[str]] = {}
    for pid in extra:
        code = national_packs()[pid]
        for member in (p.meta.id for p in _ordered([pid], {}, "requested")):
            if member in base:
                continue
            scopes.setdefault(member, set()).add(code)
            if member != pid:
                users.setdefault(member, set()).add(pid)
    for pid, codes in scopes.items():
        where = ", ".join(sorted(codes))
        reasons[pid] = (N_("--country auto: records awarded in {countries}").format(
            countries=where) if pid not in users else
            N_("extended by {packs}; --country auto: records awarded in {countries}").format(
                packs=", ".join(sorted(users[pid])), countries=where))
    return refs + extra, {pid: frozenset(c) for pid, c in scopes.items()}


def resolve_packs(refs: Iterable[str], *, country: str | None = None) -> RuleSet:
    """Load packs and their ``extends`` chains; apply overrides; check id uniqueness.

    ``country`` adds national packs (see :func:`country_packs`): a country code
    adds that country's packs for every record; ``auto`` adds each national pack
    for the records whose awarding body is in its country (the engine skips it
    for the others). The rule set records why each pack is there.
    """
    reasons: dict[str, str] = {}
    wanted = list(refs)
    scopes: dict[str, frozenset[str]] = {}
    if country:
        wanted, scopes = _with_country(wanted, country, reasons)
    ordered = _ordered(wanted, reasons, "requested")
    overrides: dict[str, Override] = {}
    for pack in ordered:
        for ov in pack.overrides:
            overrides[ov.rule] = ov
    rules: list[tuple[Pack, Rule]] = []
    owner: dict[str, str] = {}
    for pack in ordered:
        for rule in pack.rules:
            if rule.id in owner:
                raise PackError(f"rule id {rule.id!r} is defined by both {owner[rule.id]!r} "
                                f"and {pack.meta.id!r}", file=pack.file,
                                hint="rule ids must be unique across packs")
            owner[rule.id] = pack.meta.id
            override = overrides.get(rule.id)
            if override is not None and override.disabled:
                continue
            if override is not None and override.severity is not None:
                rule = rule.model_copy(update={"severity": override.severity})
            rules.append((pack, rule))
    for rid in overrides:
        if rid not in owner:
            raise PackError(f"override names unknown rule {rid!r}", hint="check the rule id")
    rules.sort(key=lambda pr: (pr[0].meta.id, pr[1].id))
    return RuleSet(packs=tuple(ordered), rules=tuple(rules),
                   reasons=tuple(sorted((pid, why) for pid, why in reasons.items()
                                        if why != "requested")),
                   scopes=tuple(sorted(scopes.items())))
