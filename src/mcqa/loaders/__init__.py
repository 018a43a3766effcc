"""Loader registry, content-based detection, and reading of paths and folders.

Add a format by writing a module with a class that follows
:class:`mcqa.loaders.base.Loader` and listing it in ``_LOADERS``. Order
matters: more specific formats come first.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path

from mcqa.errors import InputError, UnsupportedFormatError
from mcqa.loaders.base import Limits, Loader, LoadOptions, SourceDocument
from mcqa.marks import N_
from mcqa.model import InputProblem, LoadItem
from mcqa.model.load import Deferred, LoadUnit

__all__ = [
    "Limits",
    "LoadOptions",
    "Loader",
    "SourceDocument",
    "candidate_files",
    "detect",
    "iter_files",
    "load_file",
    "load_paths",
    "load_units",
]

# "module:Class"; modules that do not exist yet are skipped.
_LOADERS: tuple[str, ...] = (
    "mcqa.loaders.reports:McqaReportLoader",  # mcqa's own reports beside the inputs: skipped
    "mcqa.loaders.sdjwt:SdJwtVcLoader",  # first: its payloads may look like OB 3.0 or ELM
    "mcqa.loaders.reference:ReferenceDocumentLoader",  # contexts, schemas: not credentials
    "mcqa.loaders.elm:ElmLoader",
    "mcqa.loaders.clr:ClrLoader",
    "mcqa.loaders.ob3:Ob3Loader",
    "mcqa.loaders.ob2:Ob2Loader",
    "mcqa.loaders.ctdl:CtdlLoader",
    "mcqa.loaders.jsonl:JsonLinesLoader",  # before native: a JSONL file is not one JSON value
    "mcqa.loaders.native:NativeLoader",
    "mcqa.loaders.catalogue:XlsxCatalogueLoader",
    "mcqa.loaders.catalogue:CsvCatalogueLoader",
    "mcqa.loaders.reference:PlainCredentialLoader",  # last: a VC no format read, no learning
)

EXPECTED = N_(
    "an mcqa descriptor (YAML/JSON), Europass ELM/EDC JSON-LD, Open Badges 2.0/3.0, "
    "CLR 2.0, CTDL JSON-LD, an SD-JWT VC wallet presentation, JSON Lines, or an XLSX/CSV "
    "catalogue"
)


@cache
def registered_loaders() -> tuple[Loader, ...]:
    """Instances of every available loader, in detection order."""
    found: list[Loader] = []
    for target in _LOADERS:
        module_name, cls_name = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        found.append(getattr(module, cls_name)())
    return tuple(found)


def detect(doc: SourceDocument) -> Loader:
    """The loader whose ``matches`` accepts the content, or a clear error."""
    if not doc.head.strip():
        raise InputError("file is empty", file=doc.display, hint=f"expected {EXPECTED}")
    for loader in registered_loaders():
        if loader.matches(doc):
            return loader
    from mcqa.loaders._common import explain_unmatched

    explain_unmatched(doc)  # a specific reason (size limit, hosted badge...) when there is one
    if doc.head.startswith(b"PK\x03\x04"):
        raise UnsupportedFormatError(
            "zip archive that cannot be read as an XLSX workbook (truncated, damaged, or "
            "another kind of archive)", file=doc.display,
            hint="re-save the workbook from Excel or LibreOffice as .xlsx, or download it again")
    raise UnsupportedFormatError(
        "content is not a format mcqa reads", file=doc.display, hint=f"expected {EXPECTED}"
    )


def load_file(path: Path, display: str | None = None,
              options: LoadOptions | None = None) -> Iterator[LoadItem]:
    """Yield the records of one file; a file-level failure becomes one problem item."""
    for unit in load_units(path, display, options):
        if isinstance(unit, Deferred):
            yield from unit.items()
        else:
            yield unit


def load_units(path: Path, display: str | None = None,
               options: LoadOptions | None = None) -> Iterator[LoadUnit]:
    """Like :func:`load_file`, but with ``options.defer`` streamed formats (JSON Lines,
    XLSX/CSV) yield one :class:`Deferred` unit per line/row for a batch worker to build.

    Every file gives at least one item: a file that holds no records (a catalogue with a
    header row and no data rows) is a problem item too, so it cannot pass a check unseen.
    """
    doc = SourceDocument(path, display, options)
    try:
        loader = detect(doc)
        empty = True
        for item in loader.load(doc):
            empty = False
            yield item
        if empty:
            raise InputError(f"no micro-credentials found (no records: read as {loader.name}, "
                             "but the file holds no credential or data row)", file=doc.display,
                             hint="check that the export is complete")
    except InputError as exc:
        yield InputProblem(file=doc.display, locator=exc.location or "", message=exc.one_line())


def with_roots(options: LoadOptions | None, paths: Iterable[Path]) -> LoadOptions:
    """``options`` knowing the folders among ``paths`` (what the user named), and with
    its mapping file checked once: a broken mapping is one configuration error, not a
    problem per catalogue."""
    from dataclasses import replace

    from mcqa.fsguard import named_roots

    opts = options or LoadOptions()
    if opts.mapping_file is not None:
        from mcqa.loaders.columns import ColumnMapping

        ColumnMapping.load(opts.mapping_file)
    return replace(opts, roots=named_roots(paths)) if not opts.roots else opts


_SKIP_DIRS = {".git", "__pycache__", ".hypothesis", "node_modules"}


def iter_files(paths: Iterable[Path], options: LoadOptions | None = None
               ) -> Iterator[tuple[Path, str]]:
    """Files under ``paths`` (folders recursively), as (path, display name), sorted by
    display name: reports list files in this order, so a streamed run can write
    records as they are checked. The run's own output (``options.written``) is left out.
    Display names come from ``options.display_names`` where given, else they are the
    paths (undecodable bytes shown as U+FFFD)."""
    from mcqa.fsguard import STDIN_DISPLAY, display_name, is_stdin

    opts = options or LoadOptions()
    written = {os.path.basename(w) for w in opts.written}  # compared by name first: cheap

    def name(p: Path) -> str:
        given = opts.display_for(p)
        return given if given != str(p) else display_name(p)

    found: list[tuple[str, Path]] = []
    for root in paths:
        if is_stdin(root):
            found.append((STDIN_DISPLAY, root))  # SourceDocument reads it once
        elif root.is_dir():
            # hidden files are listed too: candidate_files skips and counts them
            found.extend((name(p), p) for p in root.rglob("*")
                         if p.is_file() and not (_SKIP_DIRS & set(p.relative_to(root).parts))
                         and not (p.name in written and os.path.realpath(p) in opts.written))
        elif root.exists():
            found.append((name(root), root))
        else:
            raise InputError("no such file or folder", file=display_name(root),
                             hint="check the path")
    found.sort(key=lambda pair: pair[0])
    for display, path in found:
        yield path, display


def candidate_files(paths: Iterable[Path], options: LoadOptions | None = None,
                    on_skip: Callable[[str, str | None], None] | None = None
                    ) -> Iterator[tuple[Path, str]]:
    """:func:`iter_files` without the files of the folders given that cannot be
    credentials or catalogues (PDFs, images, lock files, READMEs) or that ``--include`` /
    ``--exclude`` leave out; ``on_skip(display, reason)`` hears of each (``reason`` None:
    left out by a glob). Files named directly are always read."""
    from mcqa.loaders.candidates import is_selected, not_a_candidate

    paths = list(paths)
    opts = options or LoadOptions()
    folders = [p for p in paths if p.is_dir()]
    named = {p for p in paths if not p.is_dir()}
    for path, display in iter_files(paths, opts):
        if path not in named and folders:
            root = next((f for f in folders if path.is_relative_to(f)), None)
            relative = path.relative_to(root).as_posix() if root is not None else path.name
            if not is_selected(relative, opts.include, opts.exclude):
                if on_skip is not None:
                    on_skip(display, None)
                continue
            reason = not_a_candidate(path, opts)
            if reason is not None:
                if on_skip is not None:
                    on_skip(display, reason)
                continue
        yield path, display


def load_paths(paths: Iterable[Path], options: LoadOptions | None = None) -> Iterator[LoadItem]:
    """Every record under ``paths``, in a deterministic order (folder files that are not
    credentials or catalogues are skipped)."""
    paths = list(paths)
    options = with_roots(options, paths)
    for path, display in candidate_files(paths, options):
        yield from load_file(path, display, options)
