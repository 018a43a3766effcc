"""YAML helpers shared by the pack and framework-data loaders, and limits for the YAML
files users hand mcqa (packs, waivers, mappings, review files, descriptors)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import yaml

SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when available (about 10x faster start-up), else PyYAML's."""


def load_safe(text: str) -> Any:
    """Parse trusted bundled YAML with the fastest safe loader."""
    return yaml.load(text, Loader=SAFE_LOADER)


@lru_cache(maxsize=2)
def _composed(text: str) -> Any:
    """The node tree of ``text`` (``None`` when it does not parse), kept for the next call:
    a review file asks for the line of each of its entries, and composing a 4 MB file once
    per entry took minutes."""
    try:
        return yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return None


def line_of(text: str, path: Iterable[Any]) -> int | None:
    """1-based line of the YAML node at ``path`` (or its nearest existing parent), for errors."""
    node: Any = _composed(text)
    if node is None:
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == str(part)),
                        None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


MAX_NODES = 500_000
"""Most YAML nodes an auxiliary file (pack, waivers, mapping, review file) may hold, with
aliases counted as the nodes they expand to (an alias bomb is refused before it is built)."""
MAX_DEPTH = 100
"""Deepest nesting of collections in such a file."""


class YamlLimitError(ValueError):
    """A YAML text above a node, alias or depth limit; ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _line(event: Any) -> int:
    mark = getattr(event, "start_mark", None)
    return mark.line + 1 if mark is not None else 0


def check_limits(text: str, *, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH,
                 allow_aliases: bool = True) -> None:
    """Walk the YAML event stream (libyaml's C parser when available) before anything is
    built: refuse more than ``max_nodes`` nodes counting what every alias expands to,
    nesting deeper than ``max_depth``, or (``allow_aliases=False``) any alias. Raises
    :class:`YamlLimitError`; syntax errors surface as ``yaml.YAMLError`` here or later."""
    anchors: dict[str, int] = {}
    stack: list[list[Any]] = []  # open collections: [anchor, expanded size so far]
    expanded = 0
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            stack.append([event.anchor, 1])
            size = 1
            if len(stack) > max_depth:
                raise YamlLimitError(f"YAML nested more than {max_depth} levels deep",
                                     _line(event))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, subtree = stack.pop()
            if anchor:
                anchors[anchor] = subtree
            if stack:
                stack[-1][1] += subtree
            continue
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor:
                anchors[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            if not allow_aliases:
                raise YamlLimitError("YAML aliases (*name) are not allowed here",
                                     _line(event))
            size = anchors.get(event.anchor or "", 1)
        else:
            continue
        if stack and not isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            stack[-1][1] += size
        expanded += size
        if expanded > max_nodes:
            raise YamlLimitError(f"YAML holds more than {max_nodes:,} nodes (aliases counted "
                                 "as what they expand to)", _line(event))


def load_aux(path: Any, *, what: str, error: Any, limit: int,
             loader: Any = None, allow_aliases: bool = True,
             max_nodes: int = MAX_NODES, display: str | None = None) -> tuple[Any, str]:
    """(data, text) of an auxiliary YAML file the user named (pack, waivers, mapping,
    review file), every failure one ``error`` (a :class:`~mcqa.errors.McqaError` class)
    naming the file (as ``display`` when given, e.g. an upload's own name) and line: not
    a regular file, above ``limit`` bytes, not UTF-8, invalid YAML, over the
    node/alias/depth limits, an escape to a lone surrogate."""
    from mcqa.errors import McqaError
    from mcqa.fsguard import display_name, read_limited
    from mcqa.loaders.base import refuse_lone_surrogates

    shown = display or display_name(path)
    raw = read_limited(path, limit, file=shown, what=what, error=error)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise error(f"the {what} is not UTF-8 (byte {exc.start})", file=shown,
                    location=f"line {line}", hint="save it as UTF-8") from None
    try:
        check_limits(text, allow_aliases=allow_aliases, max_nodes=max_nodes)
        data = yaml.load(text, Loader=loader or SAFE_LOADER)
        refuse_lone_surrogates(text, data)
    except YamlLimitError as exc:
        raise error(str(exc), file=shown, location=f"line {exc.line}",
                    hint=f"is this the right file? a {what} is small") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise error(f"invalid YAML: {exc.problem}", file=shown,
                    location=f"line {mark.line + 1}" if mark else None,
                    hint="fix the YAML syntax") from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", file=shown, hint="fix the YAML syntax") from None
    except McqaError as exc:  # raised by a constructor (duplicate key...): add the file
        raise type(exc)(exc.message, file=shown, location=exc.location, hint=exc.hint) from None
    except RecursionError:
        raise error("YAML nested too deep", file=shown, hint="flatten the file") from None
    except ValueError as exc:
        raise error(f"invalid YAML: {exc}", file=shown, hint="fix the text") from None
    if data is None:  # empty, or comments only
        raise error(f"the {what} is empty", file=shown,
                    hint=f"write the {what}, or leave out the option that names it")
    return data, text
