"""Recognition dossiers: one credential, one target country or framework, every fact cited.

>>> from mcqa.dossier import dossier_for_file
>>> d = dossier_for_file(Path("examples/ie-nfq8-elm-credential.json"), "DE", esco_db=None)
>>> d.level.path
'IE-NFQ 8 → EQF 6 → DE-DQR 6'
>>> d.advice.advice
'recognise_with_conditions'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from mcqa.dossier.builder import DEFAULT_PACKS, build_dossier, resolve_target
from mcqa.dossier.model import Dossier
from mcqa.dossier.review import ReviewDecision, load_decisions, parse_decisions, text_hash
from mcqa.errors import InputError
from mcqa.model import CredentialRecord, InputProblem, Skipped
from mcqa.packs import country_packs

if TYPE_CHECKING:
    from mcqa.loaders import LoadOptions

__all__ = [
    "DEFAULT_PACKS",
    "Dossier",
    "ReviewDecision",
    "build_dossier",
    "country_packs",
    "dossier_for_file",
    "load_decisions",
    "load_record",
    "parse_decisions",
    "resolve_target",
    "text_hash",
]


def load_record(path: Path, record_id: str | None = None,
                options: LoadOptions | None = None) -> CredentialRecord:
    """The one credential in ``path`` (or the one with ``record_id``); InputError otherwise."""
    from mcqa.loaders import LoadOptions, load_file

    display = (options or LoadOptions()).display_for(path)
    records: list[CredentialRecord] = []
    for item in load_file(path, display, options):
        if isinstance(item, InputProblem):
            # the problem's one line already names the file and place: say them once
            where = item.file + (f":{item.locator}" if item.locator else "") + ": "
            message = item.message.removeprefix(where)
            raise InputError(message, file=item.file, location=item.locator or None)
        if isinstance(item, Skipped):
            raise InputError(f"not a micro-credential: {item.reason}", file=item.file,
                             location=item.locator or None,
                             hint="a dossier is about one issued credential or programme")
        records.append(item)
    if record_id is not None:
        records = [r for r in records if r.record_id == record_id]
    if len(records) != 1:
        ids = ", ".join(r.record_id for r in records[:10]) or "none"
        raise InputError(f"expected one credential, found {len(records)} ({ids})", file=display,
                         hint="a dossier is about one credential; pass --record ID")
    return records[0]


def dossier_for_file(path: Path, target: str, *, esco_db: Path | None = None,
                     use_default_esco: bool = True, review: Path | None = None,
                     packs: Sequence[str] = DEFAULT_PACKS, as_of: date | None = None,
                     record_id: str | None = None, options: LoadOptions | None = None,
                     display: str | None = None, review_display: str | None = None,
                     waivers: Path | None = None, esco_lang: str | None = None) -> Dossier:
    """Load ``path``, open the ESCO index (given, else the default one if installed), build.

    Every file read is hashed into the reproducibility block, named as given (or as
    ``display`` and ``review_display``, for inputs kept under generated names).
    """
    from dataclasses import replace

    from mcqa.engine.waivers import load_waivers
    from mcqa.esco import EscoIndex, default_db_path
    from mcqa.loaders import LoadOptions

    shown = display or str(path)
    if display is not None:
        opts = options or LoadOptions()
        options = replace(opts, display_names=(*opts.display_names, (str(path), display)))
    record = load_record(path, record_id, options)
    files: list[tuple[str, Path, str]] = [("credential", path, shown)]
    approved = load_waivers(waivers) if waivers is not None else ()
    if waivers is not None:
        files.append(("waivers", waivers, str(waivers)))
    decisions: tuple[ReviewDecision, ...] = ()
    if review is not None:
        decisions = load_decisions(review, review_display)
        files.append(("review decisions", review, review_display or str(review)))
    for ref in packs:
        if ref.endswith((".yaml", ".yml")) and Path(ref).is_file():
            files.append(("rule pack", Path(ref), ref))
    index = None
    if esco_db is not None:
        index = EscoIndex.open(esco_db)
    elif use_default_esco and default_db_path().is_file():
        index = EscoIndex.open(default_db_path())
    try:
        return build_dossier(record, target, esco_index=index, esco_lang=esco_lang,
                             decisions=decisions,
                             packs=packs, as_of=as_of, waivers=approved, input_files=files)
    finally:
        if index is not None:
            index.close()
