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

from mcqa._yaml import line_of, load_safe
from mcqa.errors import PackError
from mcqa.model import Citation, Severity
from mcqa.model.base import FrozenModel as _Frozen
from mcqa.resources import standards_dir

__all__ = [
    "Pack",
    "PackMeta",
    "Rule",
    "RuleSet",
    "available_packs",
    "load_pack_file",
    "pack_schema",
    "resolve_packs",
]




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
    """Packs resolved for one run: every active rule with its pack and effective severity."""

    packs: tuple[Pack, ...]
    rules: tuple[tuple[Pack, Rule], ...]

    def get(self, rule_id: str) -> tuple[Pack, Rule] | None:
        """Rule by id or alias."""
        for pack, rule in self.rules:
            if rule.id == rule_id or rule_id in rule.aliases:
                return pack, rule
        return None


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


def load_pack_file(path: Path) -> Pack:
    """Read, schema-validate and parse one pack file."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"cannot read pack: {exc}", file=file) from None
    try:
        data = load_safe(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise PackError(f"invalid YAML: {exc.problem}", file=file,
                        location=f"line {mark.line + 1}" if mark else None,
                        hint="fix the YAML syntax") from None
    except yaml.YAMLError as exc:
        raise PackError(f"invalid YAML: {exc}", file=file) from None
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


def _load_ref(ref: str) -> Pack:
    path = Path(ref)
    if ref.endswith((".yaml", ".yml")) and path.exists():
        return _load_cached(path.resolve())
    packs = available_packs()
    if ref not in packs:
        raise PackError(f"unknown pack {ref!r}", hint=f"bundled packs: {', '.join(packs)}; "
                        "or give the path of a pack file")
    pack = _load_cached(packs[ref])
    if pack.meta.id != ref:
        raise PackError(f"pack id {pack.meta.id!r} does not match its file name", file=pack.file,
                        location="/pack/id", hint="name the file after the pack id")
    return pack


def resolve_packs(refs: Iterable[str]) -> RuleSet:
    """Load packs and their ``extends`` chains; apply overrides; check id uniqueness."""
    ordered: list[Pack] = []
    visiting: set[str] = set()

    def visit(ref: str) -> None:
        pack = _load_ref(ref)
        if any(p.meta.id == pack.meta.id for p in ordered):
            return
        if pack.meta.id in visiting:
            raise PackError(f"pack {pack.meta.id!r} extends itself through a cycle",
                            file=pack.file, location="/pack/extends")
        visiting.add(pack.meta.id)
        for base in pack.meta.extends:
            visit(base)
        visiting.discard(pack.meta.id)
        ordered.append(pack)

    for ref in refs:
        visit(ref)
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
    return RuleSet(packs=tuple(ordered), rules=tuple(rules))
