"""``mcqa esco``: import an ESCO release, search it, show concepts, map texts to skills.

Exit codes follow the main CLI: 0 ok, 1 nothing found (``show`` of an unknown
URI, ``validate`` with a non-ok URI), 2 input/config/data-store error.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from mcqa.cli._common import dump_json, emit, emit_text, format_option, guard_output, warn
from mcqa.errors import ConfigError, InputError
from mcqa.render._safe import one_line

_DB_HELP = "ESCO index file (default: esco.sqlite in $MCQA_DATA_DIR, else the mcqa user data dir)."


def _db_option(func: Any) -> Any:
    return click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path),
                        default=None, help=_DB_HELP)(func)


def _open(db: Path | None) -> Any:
    from mcqa.esco import EscoIndex

    return EscoIndex.open(db)


def _auto(fmt: str | None) -> str:
    """``--format`` default: text on a terminal, JSON when piped (as ``mcqa inspect``)."""
    return fmt or ("text" if sys.stdout.isatty() else "json")


def _top(value: int) -> int:
    if value < 1 or value > 1000:
        raise ConfigError(f"--top must be between 1 and 1000, got {value}",
                          hint="e.g. --top 10")
    return value


@click.group()
def esco() -> None:
    """Import ESCO (official download), look up and validate URIs, map texts to skills."""


@esco.command("import")
@click.argument("paths", metavar="PATH [PACKAGE...]", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@_db_option
@click.option("--language", default=None,
              help="Label language of PATH (default: from file names, en).")
@click.option("--esco-version", "esco_version", default=None,
              help="ESCO release, e.g. v1.2.0 (default: from the path, else 'unknown').")
@format_option()
def import_cmd(paths: tuple[Path, ...], db: Path | None, language: str | None,
               esco_version: str | None, fmt: str | None) -> None:
    """Import the ESCO CSV package (zip or folder) or a SKOS RDF file (.ttl/.rdf/.nt).

    Further PACKAGEs are ESCO language packages (skills_fr.csv, occupations_de.csv, ...;
    the language comes from the file names): their labels are attached to PATH's concepts
    by URI, so `esco map` can map texts in those languages and show labels in them.
    """
    from mcqa.esco import ATTRIBUTION, default_db_path, import_esco

    target = db or default_db_path()
    for path in paths:
        guard_output(target, path, option="--db")
    path = paths[0]
    started = time.perf_counter()
    if sys.stderr.isatty() and fmt != "json":
        from rich.progress import Progress

        steps = ("reading", "concepts", "search index", "mapping index")
        with Progress(transient=True) as progress:
            task = progress.add_task("ESCO import", total=len(steps))

            def step(name: str) -> None:
                progress.update(task, description=f"ESCO import: {name}",
                                completed=steps.index(name) if name in steps else 0)

            counts = import_esco(list(paths), target, language=language,
                                 version=esco_version, step=step)
            progress.update(task, completed=len(steps))
    else:
        counts = import_esco(list(paths), target, language=language, version=esco_version)
    seconds = round(time.perf_counter() - started, 2)
    from mcqa.esco import EscoIndex

    index = EscoIndex.open(target)
    languages = index.languages
    result = {"db": str(target), "esco_version": index.version, "language": index.language,
              "counts": counts, "seconds": seconds, "attribution": ATTRIBUTION,
              "languages": [info.to_dict() for info in languages]}
    index.close()
    if _auto(fmt) == "json":
        emit(dump_json(result), None)
        return
    summary = ", ".join(f"{v:,} {k}" for k, v in counts.items())
    extra = "".join(f"{_language_line(info, index.version)}\n" for info in languages
                    if not info.base)
    emit_text(f"Imported ESCO {result['esco_version']} ({result['language']}) into {target} "
              f"in {seconds:.1f} s: {summary}\n{extra}{ATTRIBUTION}\n")


def _language_line(info: Any, base_version: str) -> str:
    """One line on a further language: labels per type, release (mismatch), dropped."""
    counts = info.counts
    line = (f"  + {info.code} labels ({info.version}): {counts.get('skill', 0):,} skills "
            f"({counts.get('base_skills_labelled_pct', 0)}% of the base release), "
            f"{counts.get('occupation', 0):,} occupations, "
            f"{counts.get('skill-group', 0):,} skill groups")
    if info.version != base_version:
        line += (f"; note: release {info.version} is not the base's {base_version}: labels "
                 f"matched by concept URI, {counts.get('dropped', 0):,} concepts not in the "
                 "base release left out")
    return line


@esco.command()
@_db_option
@format_option()
def status(db: Path | None, fmt: str | None) -> None:
    """The installed (or given) ESCO index: release, languages and their label counts."""
    from mcqa import api

    info = api.esco_status(db)
    if _auto(fmt) == "json":
        emit(dump_json(info), None)
        return
    if not info["installed"]:
        emit_text(f"No ESCO index at {info['db']}: run `mcqa esco import PATH`.\n")
        return
    lines = [f"ESCO {info['version']} ({info['language']}) at {info['db']}: "
             + ", ".join(f"{v:,} {k}" for k, v in info["counts"].items())]
    from types import SimpleNamespace

    for lang in info["languages"]:
        if lang["base"]:
            lines.append(f"  {lang['code']} (base): every concept, its labels and relations")
        else:
            lines.append(_language_line(SimpleNamespace(**lang), info["version"]))
    emit_text("\n".join(lines) + "\n")


@esco.command()
@click.argument("text")
@click.option("--top", "top", type=int, default=10, show_default=True, help="Number of hits.")
@click.option("--type", "kind", type=click.Choice(["skill", "occupation", "skill-group",
                                                   "isco-group"]), default=None,
              help="Only concepts of this type.")
@_db_option
@format_option()
def search(text: str, top: int, kind: str | None, db: Path | None, fmt: str | None) -> None:
    """Full-text search of ESCO labels and descriptions."""
    index = _open(db)
    hits = index.search(text, top=_top(top), kind=kind)
    if _auto(fmt) == "json":
        emit(dump_json({"esco_version": index.version, "query": text,
                        "results": [h.to_dict() for h in hits]}), None)
        return
    if not hits:
        emit("no matches\n", None)
        return
    emit_text("".join(f"{h.score:8.2f}  {h.type:<11} {one_line(h.label)}  <{one_line(h.uri)}>\n"
                      for h in hits))


@esco.command()
@click.argument("uri")
@click.option("--lang", "lang", default=None, metavar="CODE",
              help="Language of the labels and description (default: the index's base "
                   "language; falls back to it where the index has none).")
@_db_option
@format_option()
def show(uri: str, lang: str | None, db: Path | None, fmt: str | None) -> None:
    """Labels, type, reuse level, hierarchy, collections and related occupations of a URI."""
    index = _open(db)
    detail = index.detail(uri, lang)
    if detail is None:
        warn(f"{uri}: not in ESCO {index.version} — try `mcqa esco search`")
        sys.exit(1)
    if _auto(fmt) == "json":
        emit(dump_json({"esco_version": index.version, **detail.to_dict()}), None)
        return
    info = detail.info
    lines = [f"{info.preferred_label}  <{info.uri}>",
             f"  type: {info.type}   status: {info.status}"
             + (f"   replaced by: {info.replaced_by}" if info.replaced_by else "")]
    if info.skill_type or info.reuse_level:
        lines.append(f"  skill type: {info.skill_type or '-'}   reuse level: "
                     f"{info.reuse_level or '-'}")
    if info.code or info.isco_group:
        lines.append(f"  code: {info.code or '-'}   ISCO group: {info.isco_group or '-'}")
    if info.alt_labels:
        lines.append("  alternative labels: " + "; ".join(info.alt_labels))
    if info.description:
        lines.append(f"  description: {info.description}")
    if detail.broader:
        lines.append("  broader: " + "; ".join(
            f"{b['label'] or b['uri']}" for b in detail.broader))
    if detail.collections:
        lines.append("  collections: " + ", ".join(detail.collections))
    for title, items in (("occupations", detail.occupations), ("skills", detail.skills),
                         ("related skills", detail.related_skills)):
        if items:
            lines.append(f"  {title} ({len(items)}):")
            lines.extend(
                f"    {i['relation']:<9} {i.get('isco_code', '') and i['isco_code'] + ' '}"
                f"{i['label']}  <{i['uri']}>" for i in items[:50])
            if len(items) > 50:
                lines.append(f"    … {len(items) - 50} more (use --format json)")
    emit_text("\n".join(lines) + "\n")


def _texts(source: str) -> list[str]:
    """A file of one text per line, ``-`` for stdin, else the argument itself."""
    if source == "-":
        return [line.strip() for line in sys.stdin if line.strip()]
    path = Path(source)
    try:
        is_file = len(source) < 4096 and "\n" not in source and path.is_file()
    except OSError:
        is_file = False
    if not is_file:
        return [source]
    try:
        return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()]
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read texts: {exc}", file=source,
                         hint="give a UTF-8 file with one text per line") from None


@esco.command("map")
@click.argument("source", metavar="TEXT|FILE")
@click.option("--top", "top", type=int, default=5, show_default=True,
              help="Suggestions per text.")
@click.option("--threshold", type=float, default=None,
              help="Score at or above which a suggestion is 'accept' (default: calibrated; "
                   "learned ranker: a probability 0-1).")
@click.option("--reject-below", "reject_below", type=float, default=None,
              help="Learned ranker: probability below which a suggestion is 'reject' and not "
                   "shown (default: calibrated).")
@click.option("--ranker", type=click.Choice(["auto", "learned", "lexical"]), default="auto",
              show_default=True,
              help="auto: the learned ranker when installed (mcqa[esco-ml]), else lexical.")
@click.option("--show-rejected", is_flag=True, default=False,
              help="Also list suggestions the learned ranker rejects.")
@click.option("--occupations/--no-occupations", default=False,
              help="Also list occupations supported by the accepted skills.")
@click.option("--text-lang", "text_lang", default=None, metavar="CODE",
              help="Language of the texts (default: detected per text; unsure → the "
                   "index's base language).")
@click.option("--lang", "lang", default=None, metavar="CODE",
              help="Language of the skill labels shown (default: the index's base "
                   "language; falls back to it per skill).")
@_db_option
@format_option()
def map_cmd(source: str, top: int, threshold: float | None, reject_below: float | None,
            ranker: str, show_rejected: bool, occupations: bool, text_lang: str | None,
            lang: str | None, db: Path | None, fmt: str | None) -> None:
    """Ranked ESCO skills for a text, or for each line of FILE, with accept/review decisions.

    A text whose every candidate is rejected gets no suggestion ("no skill above
    threshold"): the mapper abstains rather than guess.
    """
    from mcqa.esco import Mapper

    index = _open(db)
    mapper = Mapper(index, threshold=threshold, reject_threshold=reject_below, ranker=ranker,
                    lang=lang, text_lang=text_lang)
    if lang and not index.has_language(lang):
        warn(f"note: the ESCO index holds no {lang} labels; labels are shown in "
             f"{index.language} (import the {lang} package to have them)")
    texts = _texts(source)
    languages = [mapper.text_language(t) for t in texts]
    results = [(text, [s for s in sug if show_rejected or s.decision != "reject"])
               for text, sug in zip(texts, mapper.map_many(texts, top=_top(top)), strict=True)]
    accepted = list(dict.fromkeys(s.uri for _t, sug in results for s in sug
                                  if s.decision == "accept"))
    occ = index.occupations_for(accepted)[:20] if occupations else []
    if _auto(fmt) == "json":
        emit(dump_json({
            "esco_version": index.version, "language": index.language,
            "ranker": mapper.ranker, "method": mapper.method,
            "threshold": mapper.threshold, "reject_threshold": mapper.reject_threshold,
            "labels_lang": mapper.lang,
            "results": [{"text": t, "text_lang": code,
                         "abstained": not any(s.decision != "reject" for s in sug),
                         "suggestions": [s.to_dict() for s in sug]}
                        for (t, sug), code in zip(results, languages, strict=True)],
            **({"occupations": [o.to_dict() for o in occ]} if occupations else {}),
        }), None)
        return
    lines: list[str] = []
    for (text, suggestions), code in zip(results, languages, strict=True):
        lines.append(one_line(text) + (f"  [{code}, lexical]" if code != index.language
                                       else ""))
        if not any(s.decision != "reject" for s in suggestions):
            lines.append(f"    (no skill above threshold: {mapper.method} found no skill "
                         f"scoring {mapper.reject_threshold:g} or more)"
                         if mapper.reject_threshold is not None else
                         "    (no ESCO skill matched)")
        score = "{:6.2f}" if mapper.ranker == "lexical" else "{:6.3f}"
        lines.extend(f"  {score.format(s.score)} {s.decision:<6} {one_line(s.label)}  "
                     f"<{one_line(s.uri)}>\n                  {one_line(s.reason)}"
                     for s in suggestions)
    if occupations:
        lines.append("Occupations supported by accepted skills:")
        lines.extend(f"  {one_line(o.isco_code) or '----'} {one_line(o.label)}: "
                     f"{len(o.essential)} essential, {len(o.optional)} optional  "
                     f"<{one_line(o.uri)}>" for o in occ)
    emit_text("\n".join(lines) + "\n")


@esco.command()
@click.argument("uris", nargs=-1, required=True)
@_db_option
@format_option()
def validate(uris: tuple[str, ...], db: Path | None, fmt: str | None) -> None:
    """Check URIs stated as ESCO skills (ok, unknown, obsolete, not_a_skill, malformed)."""
    index = _open(db)
    checks = index.validate_skill_uris(uris)
    if _auto(fmt) == "json":
        emit(dump_json({"esco_version": index.version,
                        "results": [c.to_dict() for c in checks]}), None)
    else:
        emit_text("".join(f"{c.status:<12} {one_line(c.uri)}  {one_line(c.label)} "
                          f"{one_line(c.message)}".rstrip() + "\n" for c in checks))
    if any(c.status != "ok" for c in checks):
        sys.exit(1)
