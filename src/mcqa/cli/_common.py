"""Shared CLI plumbing: error-to-exit-code mapping, output selection, safe printing."""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from mcqa.errors import McqaError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_GAPS, EXIT_USER, EXIT_INTERNAL = 0, 1, 2, 3
#: The reader of standard output went away (``mcqa ... | head``): the shell's convention for
#: a program ended by SIGPIPE (128 + 13), so the verdict is never mistaken for 0 or 1.
EXIT_PIPE = 141

_CHOSEN: dict[str, str] = {}
"""The ``--lang`` of this invocation, once click has read it (errors and notes use it)."""


def chosen_lang() -> str:
    """The language the running command writes its messages in (English by default)."""
    return _CHOSEN.get("lang", "en")


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from mcqa.errors import ConfigError
    from mcqa.i18n import check_lang

    try:
        _CHOSEN["lang"] = check_lang(value.strip().lower())
    except ConfigError as exc:  # a usage error: exit 2, choices named, under any runner
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc
    return _CHOSEN["lang"]


def lang_option(default: str | None = "en", help_text: str | None = None
                ) -> Callable[[F], F]:
    """``--lang CODE``: the language of everything the command writes for people (the
    report, its messages, errors and the closing count); read first, so that errors in
    other options are in that language too."""
    from mcqa.vocab import LANGUAGES

    return click.option(
        "--lang", "lang", default=default, metavar="CODE", callback=_set_lang, is_eager=True,
        show_default=default is not None,
        help=help_text or f"Output language: {', '.join(LANGUAGES)}.")


def run_cli(group: click.Group, argv: list[str]) -> int:
    """Run ``group`` and map every outcome to a documented exit code."""
    from mcqa.i18n import _, localize_error

    _CHOSEN.clear()
    try:
        with warnings.catch_warnings():
            if not sys.warnoptions:  # a library's warning (a weak key in a credential) is
                warnings.simplefilter("ignore")  # not for the user; -W shows them again
            rc = group.main(args=argv, prog_name="mcqa", standalone_mode=False)
        sys.stdout.flush()
    except McqaError as exc:
        lang = chosen_lang()
        warn(_("error: {message}", lang, message=localize_error(exc, lang)))
        sys.exit(exc.exit_code)
    except MemoryError:
        warn(_("error: out of memory — the input is too large for this machine; split it "
               "or raise the memory limit", chosen_lang()))
        sys.exit(EXIT_USER)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except SystemExit:
        # click turns a broken pipe on stdout into exit 1 after wrapping the streams; 1 means
        # "gaps" here, so say what happened instead.
        if type(sys.stdout).__name__ == "_PacifyFlushWrapper":
            _quiet_stdout()
            sys.exit(EXIT_PIPE)
        raise
    except click.Abort:
        click.echo("mcqa: " + _("aborted", chosen_lang()), err=True)
        sys.exit(EXIT_USER)
    except click.ClickException as exc:
        warn(_("error: {message}", chosen_lang(), message=exc.format_message()))
        sys.exit(EXIT_USER)
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(EXIT_PIPE)
    except KeyboardInterrupt:
        sys.exit(EXIT_USER)
    except Exception as exc:  # pragma: no cover - last line of defence
        warn(_("internal error: {kind}: {error} — please report this with the input",
               chosen_lang(), kind=type(exc).__name__, error=exc))
        sys.exit(EXIT_INTERNAL)
    sys.exit(rc if isinstance(rc, int) else EXIT_OK)


def _quiet_stdout() -> None:
    """Point standard output at /dev/null so the interpreter's final flush of the text
    still buffered does not raise a second BrokenPipeError (and print a traceback) at exit."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def warn(message: str) -> None:
    """One line on standard error, ``mcqa: ...``, inert (through the output-safety layer):
    file names, record ids and values quoted in a message never reach the terminal as
    escape sequences, and never span lines."""
    from mcqa.render._safe import one_line

    click.echo(f"mcqa: {one_line(message, 4000)}", err=True)


def format_option(choices: tuple[str, ...] = ("text", "json"), default: str | None = None
                  ) -> Callable[[F], F]:
    """``--format`` with ``text`` on a terminal; callers treat ``None`` as auto."""
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default,
        help="Output format (default: text on a terminal).",
    )


@contextmanager
def output_stream(output: Path | None) -> Iterator[IO[str]]:
    """A text stream to ``output`` (or stdout) for reports written piece by piece, by the
    rules of :func:`mcqa.fsguard.open_output` (atomic replace of a regular file; devices,
    pipes and ``/dev/stdout`` written directly)."""
    if output is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    from mcqa.fsguard import open_output

    with open_output(output) as fh:
        yield fh


def emit(text: str | bytes, output: Path | None) -> None:
    """Write to ``output`` (as :func:`output_stream`) or stdout."""
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            click.echo(text, nl=not text.endswith("\n"))
        return
    from mcqa.fsguard import open_output

    with open_output(output, binary=isinstance(text, bytes)) as fh:
        fh.write(text)


def guard_output(output: Path | None, *inputs: Path | str | tuple[Any, ...] | None,
                 option: str = "--output") -> None:
    """Refuse ``output`` when it would overwrite an input (see
    :func:`mcqa.fsguard.check_output`); ``inputs`` may hold tuples of paths and pack
    references (those that are not files are ignored). An earlier mcqa report inside a
    scanned folder may be replaced: reading skips it, so it is no input."""
    from mcqa.fsguard import check_output
    from mcqa.loaders.reports import report_file_kind

    flat: list[Path] = []
    for item in inputs:
        for one in (item if isinstance(item, tuple) else (item,)):
            if one is not None:
                flat.append(Path(one))
    check_output(output, flat, option=option,
                 replaceable=lambda path: report_file_kind(path) is not None)


def written_files(output: Path | None) -> tuple[str, ...]:
    """The file ``output`` names and the temporary file it is written under, as real paths,
    for ``LoadOptions.written``: this run's own output is never read as one of its inputs
    (nor listed as a skipped file), so ``mcqa check . -o report.json`` run twice writes the
    same report."""
    from mcqa.fsguard import STDERR_NAMES, is_stdout, part_path

    if output is None or is_stdout(output) or str(output) in STDERR_NAMES:
        return ()
    import os

    real = os.path.realpath(output)
    return (real, str(part_path(Path(real))))


def emit_text(text: str, output: Path | None = None) -> None:
    """Human text built from data (ESCO labels, file names): made inert line by line."""
    from mcqa.render._safe import terminal_safe

    emit(terminal_safe(text, limit=len(text) + 1), output)


def dump_json(data: Any) -> str:
    """Deterministic JSON for ``--format json``; characters a terminal would act on are
    written as ``\\u`` escapes (same data, see :func:`mcqa.render._safe.json_safe`)."""
    from mcqa.render._safe import json_safe

    return json_safe(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"
