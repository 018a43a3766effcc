"""mcqa's own descriptor format (YAML or JSON), for describing a programme by hand.

A descriptor is a mapping whose keys are the record's field names, plus the
marker key ``mcqa`` (format version). Values are read field by field: a value
of the wrong type becomes an input issue on that element and the rest of the
record is still checked. The same mapping reader serves JSON Lines and
spreadsheet rows (:func:`read_mapping`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import yaml

from mcqa.errors import InputError, InputLimitError
from mcqa.loaders.base import SourceDocument, refuse_lone_surrogates
from mcqa.model import LoadItem, RecordBuilder
from mcqa.model.record import LocatorKind

FORMAT_VERSION = 1

_TOP_LEVEL = {
    "mcqa", "kind", "id", "provider", "language", "isced_f", "valid_until", "title", "learner",
    "issuer_country", "awarding_body", "issue_date", "learning_outcomes", "workload", "level",
    "assessment_type", "participation_form", "quality_assurance", "prerequisites",
    "supervision_identity", "grade", "stackability", "further_info", "extensions",
}


class _Bad(ValueError):
    """A value of the wrong shape; carries the message for the input issue."""


MAX_TEXT_CHARS = 1_000_000
"""Longest text value accepted in one field (see Limits.max_text_chars)."""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
        raise _Bad(f"text of {len(value)} characters exceeds the limit of {MAX_TEXT_CHARS}")
    if isinstance(value, (bool, dict, list)):
        raise _Bad(f"expected text, got {type(value).__name__}")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise _Bad("expected text, got a non-finite number")
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _Bad("expected a number, got true/false")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            raise _Bad(f"expected a number, got {value[:40]!r}") from None
    else:
        raise _Bad(f"expected a number, got {type(value).__name__}")
    if not math.isfinite(number):
        raise _Bad("expected a finite number")
    if abs(number) > 1e12:
        raise _Bad("number out of range")
    return number


def _integer(value: Any) -> int | None:
    number = _number(value)
    if number is None:
        return None
    if number != int(number):
        raise _Bad(f"expected a whole number, got {number:g}")
    return int(number)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "yes", "1", "y"}:
        return True
    if isinstance(value, str) and value.strip().lower() in {"false", "no", "0", "n", ""}:
        return False
    if value is None:
        return False
    raise _Bad("expected true or false")


def _mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _Bad(f"expected a mapping, got {type(value).__name__}")
    return value


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


class MappingReader:
    """Read one descriptor-shaped mapping into a :class:`RecordBuilder`."""

    def __init__(self, builder: RecordBuilder, locate: Callable[[str], str],
                 kind: LocatorKind = "json-pointer"):
        self.b = builder
        self.locate = locate  # field path ("workload/ects") -> locator in the file
        self.kind: LocatorKind = kind

    def _try(self, path: str, ptr: str, conv: Callable[[Any], Any], value: Any) -> Any:
        try:
            return conv(value)
        except _Bad as exc:
            self.b.issue(path, self.locate(ptr), f"{path}: {exc}")
            return None

    def _src(self, path: str, ptr: str) -> None:
        self.b.source(path, self.locate(ptr), kind=self.kind)

    def _sub(self, data: Mapping[str, Any], key: str, keys: dict[str, Callable[[Any], Any]],
             ) -> dict[str, Any] | None:
        raw = data.get(key)
        if raw is None:
            self.b.looked(key, self.locate(key), kind=self.kind)
            return None
        m = self._try(key, key, _mapping, raw)
        if m is None:
            return None
        out: dict[str, Any] = {}
        for sub, conv in keys.items():
            if sub in m:
                value = self._try(f"{key}.{sub}", f"{key}/{sub}", conv, m[sub])
                if value is not None:
                    out[sub] = value
                    self._src(f"{key}.{sub}", f"{key}/{sub}")
        for sub in m:
            if sub not in keys:
                self.b.issue(f"{key}.{sub}", self.locate(f"{key}/{sub}"),
                             f"unknown key {key}.{sub!s:.40}; expected one of {', '.join(keys)}")
        self._src(key, key)
        return out

    def read(self, data: Mapping[str, Any]) -> None:
        """Fill the builder from ``data``; never raises on wrong types."""
        b = self.b
        for key in data:
            if key not in _TOP_LEVEL:
                b.issue(str(key)[:40], self.locate(str(key)),
                        f"unknown field {str(key)[:40]!r}; see `mcqa schema record`")
        kind = self._try("kind", "kind", _text, data.get("kind"))
        if kind is not None:
            if kind in ("credential", "specification"):
                b.fields["record_kind"] = kind
            else:
                b.issue("kind", self.locate("kind"), "kind must be credential or specification")
        for key in ("title", "language", "isced_f", "valid_until", "assessment_type",
                    "participation_form", "prerequisites", "supervision_identity",
                    "further_info", "issue_date"):
            if data.get(key) is None:
                b.looked(key, self.locate(key), kind=self.kind)
                continue
            value = self._try(key, key, _text, data[key])
            if value is not None:
                b.set(key, value, self.locate(key), kind=self.kind)
        rid = self._try("id", "id", _text, data.get("id"))
        if rid:
            b.set("record_id", rid, self.locate("id"), kind=self.kind)
        provider = self._sub(data, "provider", {"id": _text, "name": _text})
        if provider:
            b.fields["provider_id"] = provider.get("id")
            b.fields["provider_name"] = provider.get("name")
        learner = self._sub(data, "learner", {"name": _text, "identifier": _text})
        if learner is not None:
            b.fields["learner"] = learner
        countries = [self._try("issuer_country", f"issuer_country/{i}", _text, v)
                     for i, v in enumerate(_list(data.get("issuer_country")))]
        if any(countries):
            b.set("issuer_country", tuple(c for c in countries if c),
                  self.locate("issuer_country"), kind=self.kind)
        else:
            b.looked("issuer_country", self.locate("issuer_country"), kind=self.kind)
        self._awarding(data)
        self._outcomes(data)
        workload = self._sub(data, "workload", {
            "ects": _number, "hours": _number, "credit_system": _text,
            "credit_amount": _number, "duration": _text})
        if workload is not None:
            b.fields["workload"] = workload
        level = self._sub(data, "level", {
            "eqf": _integer, "framework": _text, "nqf": _text, "qf_ehea_cycle": _text,
            "not_applicable": _bool})
        if level is not None:
            b.fields["level"] = level
        qa = self._sub(data, "quality_assurance", {
            "description": _text, "internal": _text, "external": _text,
            "external_body": _text, "review_date": _text, "results_url": _text})
        if qa is not None:
            b.fields["quality_assurance"] = qa
        self._grade(data)
        self._stack(data)
        self._extensions(data)

    def _awarding(self, data: Mapping[str, Any]) -> None:
        bodies = []
        for i, raw in enumerate(_list(data.get("awarding_body"))):
            ptr = f"awarding_body/{i}" if isinstance(data.get("awarding_body"), list) \
                else "awarding_body"
            if isinstance(raw, str):
                bodies.append({"name": raw})
                continue
            m = self._try("awarding_body", ptr, _mapping, raw)
            if m is None:
                continue
            body: dict[str, Any] = {}
            for key in ("name", "identifier", "legal_identifier", "url", "country"):
                if key in m:
                    body[key] = self._try(f"awarding_body.{key}", f"{ptr}/{key}",
                                          _text, m[key])
            bodies.append(body)
        if bodies:
            self.b.set("awarding_body", tuple(bodies), self.locate("awarding_body"),
                       kind=self.kind)
        else:
            self.b.looked("awarding_body", self.locate("awarding_body"), kind=self.kind)

    def _outcomes(self, data: Mapping[str, Any]) -> None:
        outcomes: list[dict[str, Any]] = []
        for i, raw in enumerate(_list(data.get("learning_outcomes"))):
            ptr = f"learning_outcomes/{i}"
            if isinstance(raw, Mapping):
                text = self._try("learning_outcomes", f"{ptr}/text", _text, raw.get("text"))
                esco = [(k, self._try("learning_outcomes", f"{ptr}/esco", _text, v))
                        for k, v in enumerate(_list(raw.get("esco")))]
                esco_at = [(k, e) for k, e in esco if e]
            else:
                text = self._try("learning_outcomes", ptr, _text, raw)
                esco_at = []
            if text:
                n = len(outcomes)
                self.b.source(f"learning_outcomes.{n}", self.locate(ptr), kind=self.kind)
                for j, (k, _uri) in enumerate(esco_at):  # ESCO findings point at the link
                    self.b.source(f"learning_outcomes.{n}.esco_skills.{j}",
                                  self.locate(f"{ptr}/esco/{k}"), kind=self.kind)
                outcomes.append({"text": text, "esco_skills": tuple(e for _k, e in esco_at)})
        if outcomes:
            self.b.set("learning_outcomes", tuple(outcomes), self.locate("learning_outcomes"),
                       kind=self.kind)
        else:
            self.b.looked("learning_outcomes", self.locate("learning_outcomes"), kind=self.kind)

    def _grade(self, data: Mapping[str, Any]) -> None:
        raw = data.get("grade")
        if raw is None:
            self.b.looked("grade", self.locate("grade"), kind=self.kind)
            return
        if isinstance(raw, Mapping):
            value = self._try("grade", "grade/value", _text, raw.get("value"))
            scheme = self._try("grade", "grade/scheme", _text, raw.get("scheme"))
        else:
            value, scheme = self._try("grade", "grade", _text, raw), None
        if value:
            self.b.set("grade", {"value": value, "scheme": scheme}, self.locate("grade"),
                       kind=self.kind)

    def _stack(self, data: Mapping[str, Any]) -> None:
        raw = data.get("stackability")
        if raw is None:
            self.b.looked("stackability", self.locate("stackability"), kind=self.kind)
            return
        if isinstance(raw, Mapping):
            mode = self._try("stackability", "stackability/mode", _text, raw.get("mode"))
            towards = self._try("stackability", "stackability/towards",
                                _text, raw.get("towards"))
        else:
            mode, towards = self._try("stackability", "stackability", _text, raw), None
        if mode:
            self.b.set("stackability", {"mode": mode, "towards": towards},
                       self.locate("stackability"), kind=self.kind)

    def _extensions(self, data: Mapping[str, Any]) -> None:
        raw = data.get("extensions")
        if raw is None:
            return
        m = self._try("extensions", "extensions", _mapping, raw)
        if not m:
            return
        ext: dict[str, Any] = {}
        for key, value in m.items():
            if isinstance(value, (str, int, float, bool)) and not (
                isinstance(value, float) and not math.isfinite(value)
            ):
                ext[str(key)] = value
                self.b.source(f"extensions.{key}", self.locate(f"extensions/{key}"),
                              kind=self.kind)
            else:
                self.b.issue(f"extensions.{key}", self.locate(f"extensions/{key}"),
                             "extension values must be text, numbers or true/false")
        self.b.fields["extensions"] = ext


def _escape_pointer(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


@lru_cache(maxsize=4096)
def _pointer(path: str) -> str:
    """``workload/ects`` → ``/workload/ects`` with ~ and / in keys escaped (RFC 6901)."""
    return "/" + "/".join(_escape_pointer(p) for p in path.split("/"))


def pointer_locator(prefix: str = "") -> Callable[[str], str]:
    """Locator function producing JSON pointers under ``prefix``."""
    def locate(path: str) -> str:
        return prefix + _pointer(path)
    return locate


def record_from_mapping(data: Any, source_file: str, source_format: str, pointer_prefix: str,
                        default_id: str, kind: LocatorKind = "json-pointer") -> LoadItem:
    """One descriptor-shaped mapping → record (or problem if it is not a mapping).

    Shared by descriptors, JSON Lines (``kind="line"``, prefix ``line N#``) and fixtures.
    """
    from mcqa.model import InputProblem

    if not isinstance(data, Mapping):
        return InputProblem(file=source_file, locator=pointer_prefix or "/",
                            message=f"{source_file}#{pointer_prefix or '/'}: expected an object "
                            f"describing one micro-credential, got {type(data).__name__}",
                            record_id=default_id)
    builder = RecordBuilder(source_file, source_format, kind=kind)
    builder.fields["record_id"] = default_id
    MappingReader(builder, pointer_locator(pointer_prefix), kind=kind).read(data)
    try:
        return builder.build()
    except InputError as exc:
        return InputProblem(file=source_file, locator=exc.location or pointer_prefix.rstrip("#"),
                            message=exc.one_line(), record_id=default_id)


class _SafeLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases: no alias bombs, no shared mutable nodes."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise InputError("YAML aliases (*name) are not allowed in descriptors",
                             location=f"line {event.start_mark.line + 1}",
                             hint="write the value out in full")
        return super().compose_node(parent, index)

    def construct_yaml_timestamp(self, node: Any) -> Any:
        """A date that does not exist (``2024-02-30``) stays text, as in JSON: the date rules
        report it, instead of the whole file failing."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _SafeLoader.construct_yaml_timestamp)


MAX_DESCRIPTOR_NODES = 200_000
"""Most YAML nodes a descriptor may hold (a real one has a few hundred): a 6 MB file of
1.5 million list items is refused in about a second instead of building for minutes."""


def parse_yaml(doc: SourceDocument) -> Any:
    """Parse YAML safely (no Python tags, no aliases, bounded node count and depth), with
    file and line in errors."""
    from mcqa._yaml import YamlLimitError, check_limits

    try:
        check_limits(doc.text, max_nodes=MAX_DESCRIPTOR_NODES,
                     max_depth=doc.options.limits.max_json_depth, allow_aliases=False)
    except YamlLimitError as exc:
        message = str(exc).replace("here", "in descriptors")
        error = InputLimitError if "aliases" not in message else InputError
        raise error(message, file=doc.display, location=f"line {exc.line}",
                    hint="write the value out in full" if "aliases" in message
                    else "is this a credential descriptor?") from None
    except yaml.YAMLError:
        pass  # reported with its line by the full parse below
    try:
        value = yaml.load(doc.text, Loader=_SafeLoader)
        refuse_lone_surrogates(doc.text, value)
        return value
    except ValueError as exc:
        raise InputError(f"invalid YAML: {exc}", file=doc.display,
                         hint="fix the text; only plain YAML is accepted") from None
    except InputError as exc:
        exc.file = doc.display
        raise InputError(exc.message, file=doc.display, location=exc.location,
                         hint=exc.hint) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1} column {mark.column + 1}" if mark else None
        raise InputError(f"invalid YAML: {exc.problem}", file=doc.display, location=where,
                         hint="fix the syntax; only plain YAML is accepted") from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", file=doc.display) from None
    except RecursionError:
        raise InputLimitError("YAML nesting too deep", file=doc.display) from None


class NativeLoader:
    """Reads mcqa descriptors (.yaml/.yml/.json with the ``mcqa`` marker key)."""

    name = "native"

    def matches(self, doc: SourceDocument) -> bool:
        """JSON object with ``mcqa`` key, or YAML whose text has a top-level ``mcqa:``."""
        if doc.looks_like_json():
            return isinstance(doc.json, dict) and "mcqa" in doc.json
        head = doc.head.decode("utf-8", errors="replace")
        return any(line.startswith("mcqa:") for line in head.splitlines())

    def load(self, doc: SourceDocument) -> Iterator[LoadItem]:
        """Yield the one record of the descriptor."""
        data = doc.json if doc.looks_like_json() else parse_yaml(doc)
        if isinstance(data, Mapping) and data.get("mcqa") not in (FORMAT_VERSION, str(FORMAT_VERSION)):
            raise InputError(f"unsupported descriptor version {str(data.get('mcqa'))[:20]!r}",
                             file=doc.display, location="/mcqa",
                             hint=f"set `mcqa: {FORMAT_VERSION}`")
        yield record_from_mapping(data, doc.display, self.name, "", doc.display)
