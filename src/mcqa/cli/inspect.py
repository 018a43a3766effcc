"""``mcqa inspect``: show records exactly as the rules see them.

When a finding surprises, the first question is "what did mcqa read, and from
where?". This command prints every Annex I element of every record with its
value and provenance (file#pointer), or "absent (looked at ...)", without
running any rule.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from mcqa.cli._common import EXIT_USER, dump_json, format_option
from mcqa.model import ELEMENTS, CredentialRecord, InputProblem, Skipped


def _value_text(value: Any) -> str:
    """Compact text of an element value for the table."""
    if value is None or value == ():
        return ""
    if isinstance(value, tuple):
        return "\n".join(_value_text(v) for v in value)
    if hasattr(value, "model_dump"):
        data = value.model_dump(exclude_defaults=True)
        return ", ".join(f"{k}={v}" for k, v in data.items())
    return str(value)


def _provenance(record: CredentialRecord, element: str) -> str:
    if element in record.withheld:
        digests = record.provenance.get(f"withheld.{element}")
        where = digests.display() if digests else record.source_file
        return f"withheld by the holder (undisclosed digests at {where})"
    ref = record.provenance.get(element)
    if ref is None:
        return "not looked for by this loader"
    if ref.present:
        return ref.display()
    where = f"{ref.file}#{ref.locator}" if ref.locator else ref.file
    return f"absent (looked at {where})"


def _render_text(records: list[CredentialRecord], problems: list[InputProblem],
                 skipped: list[Skipped]) -> None:
    """Rich tables whose every cell is an inert ``Text`` (the output-safety layer): record
    ids such as ``[/]`` or ``urn:x:1`` are never read as console markup or emoji."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from mcqa.render._safe import rich_text as rt

    console = Console(soft_wrap=False, markup=False, emoji=False, highlight=False)
    for record in records:
        title = rt(record.record_id)
        title.append(f"  [{record.source_format}]")
        table = Table(title=title, show_lines=True, title_justify="left")
        table.add_column("element", style="bold", no_wrap=True)
        table.add_column("value", overflow="fold")
        table.add_column("source", overflow="fold")
        for element in ELEMENTS:
            value = record.element_value(element)
            present = value not in (None, ())
            table.add_row(element, rt(_value_text(value)) if present else "—",
                          rt(_provenance(record, element)) if present
                          or element in record.provenance else "absent (not looked for)")
        extras = {
            "parent_id": record.parent_id, "provider": record.provider_name,
            "language": record.language, "isced_f": record.isced_f,
            "valid_until": record.valid_until,
            "signature": ((record.signature.method or "signed")
                          + (f"; {record.signature.verification}"
                             if record.signature.verification else ""))
            if record.signature.signed else "unsigned",
        }
        for key, value in extras.items():
            if value:
                table.add_row(key, rt(value), rt(_provenance(record, key))
                              if key in record.provenance else "", style="dim")
        for key, value in sorted(record.extensions.items()):
            ref = record.provenance.get(f"extensions.{key}")
            table.add_row(rt(f"ext:{key}"), rt(value), rt(ref.display()) if ref else "",
                          style="dim")
        for i, st in enumerate(record.statements):
            ref = record.provenance.get(f"statements.{i}")
            text = st.text if len(st.text) <= 300 else st.text[:299] + "…"
            table.add_row(rt(f"free text ({', '.join(st.elements)})"), rt(text),
                          rt(ref.display() if ref else st.field), style="italic")
        console.print(table)
    for problem in problems:
        where = f"{problem.file}#{problem.locator}" if problem.locator else problem.file
        line = Text("cannot read", style="bold red")
        line.append(" ")
        line.append(rt(f"{where}: {problem.message}"))
        console.print(line)
    for item in skipped:
        where = f"{item.file}#{item.locator}" if item.locator else item.file
        line = Text("skipped", style="dim")
        line.append(" ")
        line.append(rt(f"{where}: not a micro-credential: {item.reason}"))
        console.print(line)


@click.command("inspect")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, exists=False))
@format_option()
@click.option("--context-dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Folder of local JSON-LD contexts (never fetched).")
@click.option("--trust", "trust_dir", type=click.Path(path_type=Path, file_okay=False,
              exists=True), help="Folder of issuer keys (JWK) and X.509 certificates that "
              "verify SD-JWT VC signatures (nothing is fetched).")
def inspect(files: tuple[Path, ...], fmt: str | None, context_dir: Path | None,
            trust_dir: Path | None) -> None:
    """Print the normalised record(s) of FILE... with the source of every element.

    For an SD-JWT VC wallet presentation also the claims rebuilt from its disclosures,
    each disclosure's number and claim path, and where digests stayed undisclosed.
    Exit 2 when a file could not be read (its problem is printed too).
    """
    from mcqa.fsguard import named_roots
    from mcqa.loaders import LoadOptions, load_paths

    if trust_dir is not None:
        from mcqa.loaders.sdjwt.trust import load_trust_store

        load_trust_store(str(trust_dir))
    options = LoadOptions(context_dir=context_dir, roots=named_roots(files),
                          trust_dir=trust_dir)
    records: list[CredentialRecord] = []
    problems: list[InputProblem] = []
    skipped: list[Skipped] = []
    for item in load_paths(list(files), options):
        if isinstance(item, InputProblem):
            problems.append(item)
        elif isinstance(item, Skipped):
            skipped.append(item)
        else:
            records.append(item)
    presentations = _presentations(files, options)
    fmt = fmt or ("text" if sys.stdout.isatty() else "json")
    if fmt == "json":
        click.echo(dump_json({  # dump_json escapes what a terminal would act on
            "records": [r.model_dump(mode="json") for r in records],
            "problems": [p.model_dump(mode="json") for p in problems],
            "skipped": [s.model_dump(mode="json") for s in skipped],
            "sd_jwt": presentations,
        }), nl=False)
        from mcqa.cli._common import chosen_lang, warn
        from mcqa.cli.check import INPUT_ERROR
        from mcqa.i18n import _, localize_text

        lang = chosen_lang()
        for problem in problems:  # the JSON is data; the terminal still gets one line each
            warn(_(INPUT_ERROR, lang, message=localize_text(problem.message, lang)))
    else:
        _render_presentations(presentations)
        _render_text(records, problems, skipped)
    if problems:
        # run_cli ignores the code of click's Exit under standalone_mode=False; exit directly.
        sys.exit(EXIT_USER)


def _presentations(files: tuple[Path, ...], options: Any) -> list[dict[str, Any]]:
    """The SD-JWT VC presentations among ``files``, explained (see
    :func:`mcqa.loaders.sdjwt.explain`)."""
    from mcqa.errors import InputError
    from mcqa.loaders import SourceDocument, iter_files
    from mcqa.loaders.sdjwt import SdJwtVcLoader, explain

    loader = SdJwtVcLoader()
    out: list[dict[str, Any]] = []
    for path, display in iter_files(list(files)):
        doc = SourceDocument(path, display, options)
        try:
            if loader.matches(doc):
                out.extend(explain(doc))
        except InputError:
            continue  # the record listing reports it
    return out


def _render_presentations(presentations: list[dict[str, Any]]) -> None:
    import json

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(soft_wrap=False)
    for p in presentations:
        where = p["file"] + (f" {p['presentation']}" if p["presentation"] else "")
        if "error" in p:
            continue  # listed with the problems below
        console.print(Text(f"SD-JWT VC {p['vct']} — {where}", style="bold"))
        console.print(Text(f"  issuer JWT: alg {p['alg']}, typ {p['typ']}, kid {p['kid']}, "
                           f"x5c certificates {p['x5c']}; digests {p['hash']}; key binding: "
                           f"{p['key_binding']}"))
        table = Table(show_lines=False, title_justify="left", title="disclosures")
        for column in ("#", "claim", "path in the claims", "digest"):
            table.add_column(column, overflow="fold")
        for d in p["disclosures"]:
            table.add_row(Text(str(d["number"])), Text(d["claim"] or "(array element)"),
                          Text(d["path"]), Text(d["digest"]))
        console.print(table)
        for u in p["undisclosed"]:
            console.print(Text(f"  undisclosed (withheld or decoy): {u['digests']} digest(s) "
                               f"at {u['at']}", style="dim"))
        console.print(Text("  claims rebuilt from the issuer JWT and the disclosures:"))
        console.print(Text(json.dumps(p["claims"], indent=2, ensure_ascii=False, sort_keys=True)))
