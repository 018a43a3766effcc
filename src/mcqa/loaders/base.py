"""The loader seam: detect a file's format from its content, then read records.

A loader never trusts the extension. ``matches`` looks at the content (parsed
JSON when the file is JSON, otherwise the first bytes); ``load`` yields
:class:`~mcqa.model.CredentialRecord` or :class:`~mcqa.model.InputProblem`
items (one per record: a bad record never hides the others).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from mcqa.errors import InputError, InputLimitError
from mcqa.model.load import LoadUnit


@dataclass(frozen=True)
class Limits:
    """Safety limits for untrusted input; every one is configurable.

    README.md (Safety with untrusted files → Limits) lists each limit with its default, option
    and reason.
    """

    max_file_bytes: int = 64 * 1024 * 1024
    max_json_depth: int = 200
    max_records_per_file: int = 2_000_000
    max_text_chars: int = 1_000_000
    max_unzipped_bytes: int = 1024 * 1024 * 1024
    """XLSX: total declared uncompressed size of all zip members (zip-bomb cap)."""
    max_zip_ratio: int = 100
    """XLSX: largest uncompressed/compressed ratio of a member above 1 MiB."""
    max_zip_members: int = 10_000
    """XLSX: most zip members a workbook may have."""
    max_xml_run_bytes: int = 16 * 1024 * 1024
    """XLSX: longest stretch of a member's XML without a ``<`` (one text node or tag)."""


@dataclass(frozen=True)
class LoadOptions:
    """Options shared by loaders (set from the CLI)."""

    limits: Limits = field(default_factory=Limits)
    context_dir: Path | None = None
    mapping_file: Path | None = None
    roots: tuple[Path, ...] = ()
    """The folders the user named (absolute): a symbolic link inside one that leads
    outside all of them is not followed, and OB 2.0 linked documents are looked up only
    in the credential's own folder and, within these folders, its sub-folders."""
    trust_dir: Path | None = None
    """Folder of issuer keys (JWK) and certificates (X.509) that may verify SD-JWT VC
    signatures; nothing is ever fetched. ``None``: signatures are not verified."""
    trust_time: date | None = None
    """Date at which certificates must be valid (the audit date; default today)."""
    defer: bool = False
    """Yield :class:`~mcqa.model.load.Deferred` units for rows and lines instead of
    records, so a batch run builds them in its worker processes. Per-file
    intake statistics then count rows, not records."""
    include: tuple[str, ...] = ()
    """Folders: read only files whose name or relative path matches one of these globs."""
    exclude: tuple[str, ...] = ()
    """Folders: skip files whose name or relative path matches one of these globs."""
    date_order: str | None = None
    """Catalogues: the order (``dmy``, ``mdy``, ``ymd``) of a date column whose every value
    could be read either way; ``None`` = day-first, with a note per such column. A column
    with a value whose first part is above 12 decides for itself."""
    written: tuple[str, ...] = ()
    """Real paths of the files this run writes (its ``--output``): left out when a folder
    is read, so a run never reads its own output (an earlier one) as an input."""
    display_names: tuple[tuple[str, str], ...] = ()
    """(path, name) pairs: the name reports show for a file instead of its path. For front
    ends that keep inputs under generated names (the web application never lets an
    uploaded name reach the file system) yet must report the names users gave."""

    def display_for(self, path: Path) -> str:
        """The name reports show for ``path``: its display name if one was given, else the
        path as given."""
        key = str(path)
        for stored, name in self.display_names:
            if stored == key:
                return name
        return key


class _DuplicateKeys(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeys(key)
        out[key] = value
    return out


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


_SURROGATE_ESCAPE = re.compile(r"\\[uU]0{0,4}[dD][89a-fA-F]")


def refuse_lone_surrogates(text: str, value: Any) -> None:
    """``ValueError`` when a string (key or value) parsed from ``text`` holds an unpaired
    UTF-16 surrogate: JSON and YAML escapes such as ``\\ud800`` decode to one, which is not
    Unicode, so no report holding it could be written. Only looks when ``text`` has such an
    escape; iterative."""
    if not _SURROGATE_ESCAPE.search(text):
        return
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
            stack.extend(key for key in node if isinstance(key, str))
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ValueError(f"unpaired surrogate escape \\u{ord(node[exc.start]):04x} in "
                                 f"{node[:40]!r} (not valid Unicode)") from None


def check_depth(value: Any, limit: int, file: str, location: str | None = None) -> None:
    """Raise :class:`InputLimitError` when parsed JSON nests more than ``limit`` levels
    (the top-level object or array is level 1). Iterative: safe at any depth."""
    if not isinstance(value, (dict, list)):
        return
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > limit:
                    raise InputLimitError(f"JSON nested more than {limit} levels deep",
                                          file=file, location=location,
                                          hint="flatten the document; real credentials nest "
                                               "fewer than 30 levels")
                stack.append((child, depth + 1))


class SourceDocument:
    """One input file, read lazily and at most once."""

    HEAD_BYTES = 64 * 1024

    def __init__(self, path: Path, display: str | None = None, options: LoadOptions | None = None):
        from mcqa.fsguard import STDIN_DISPLAY, display_name, is_stdin

        self.options = options or LoadOptions()
        if is_stdin(path):  # read once into a private copy; every later read uses it
            from mcqa.fsguard import stdin_copy

            display = display if display is not None and not is_stdin(display) \
                else STDIN_DISPLAY
            path = stdin_copy(self.options.limits.max_file_bytes)
            self._named_stdin = True
        else:
            self._named_stdin = False
        self.path = path
        self.display = display_name(display if display is not None else path)

    @cached_property
    def checked(self) -> bool:
        """The path is a regular file mcqa may read (:func:`mcqa.fsguard.check_input`:
        no FIFO or device, no symbolic link out of a scanned folder); raises otherwise."""
        if not self._named_stdin:
            from mcqa.fsguard import check_input

            check_input(self.path, self.display, self.options.roots)
        return True

    @cached_property
    def head(self) -> bytes:
        """First 64 KiB, for sniffing."""
        _ = self.checked  # refuses FIFOs, devices and links out of a scanned folder
        try:
            with self.path.open("rb") as fh:
                return fh.read(self.HEAD_BYTES)
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", file=self.display) from None

    @cached_property
    def data(self) -> bytes:
        """Whole content, refused above ``max_file_bytes``."""
        limit = self.options.limits.max_file_bytes
        _ = self.checked  # refuses FIFOs, devices and links out of a scanned folder
        try:
            size = self.path.stat().st_size
            if size > limit:
                raise InputLimitError(
                    f"file is {size} bytes, above the limit of {limit}",
                    file=self.display,
                    hint="raise --max-file-bytes if this file is trusted",
                )
            return self.path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", file=self.display) from None

    @cached_property
    def text(self) -> str:
        """Content decoded as UTF-8 (BOM honoured) or UTF-16 with BOM."""
        raw = self.data
        try:
            if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                return raw.decode("utf-16")
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid UTF-8 (byte {exc.start})",
                file=self.display,
                location=f"byte {exc.start}",
                hint="save the file as UTF-8",
            ) from None

    def looks_like_json(self) -> bool:
        """True when the first non-blank character opens a JSON value."""
        head = self.head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if self.head.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = self.head.decode("utf-16", errors="ignore").lstrip().encode()
        return head[:1] in (b"{", b"[")

    @cached_property
    def json(self) -> Any:
        """Parsed JSON; duplicate keys, NaN/Infinity and excessive depth are errors."""
        text = self.text
        try:
            value = json.loads(
                text, object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant
            )
            refuse_lone_surrogates(text, value)
        except _DuplicateKeys as exc:
            raise InputError(
                f"duplicate JSON key {str(exc)!r}",
                file=self.display,
                hint="each key may appear once per object",
            ) from None
        except json.JSONDecodeError as exc:
            raise InputError(
                f"invalid JSON: {exc.msg}",
                file=self.display,
                location=f"line {exc.lineno} column {exc.colno}",
                hint="fix the syntax or re-export the file",
            ) from None
        except ValueError as exc:
            raise InputError(f"invalid JSON: {exc}", file=self.display) from None
        except RecursionError:
            raise InputLimitError(
                "JSON nesting too deep", file=self.display, hint="flatten the document"
            ) from None
        check_depth(value, self.options.limits.max_json_depth, self.display)
        return value


class Loader(Protocol):
    """A reader for one input format."""

    name: str
    """Short format id, also used as ``CredentialRecord.source_format``."""

    def matches(self, doc: SourceDocument) -> bool:
        """True when the content is this format (never judge by extension alone)."""

    def load(self, doc: SourceDocument) -> Iterator[LoadUnit]:
        """Yield one item per record in the file (or, for streamed formats with
        ``doc.options.defer``, a deferred unit per line/row)."""
