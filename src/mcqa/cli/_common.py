"""Shared CLI plumbing: error-to-exit-code mapping, output selection, safe printing."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from mcqa.errors import McqaError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_GAPS, EXIT_USER, EXIT_INTERNAL = 0, 1, 2, 3


def run_cli(group: click.Group, argv: list[str]) -> int:
    """Run ``group`` and map every outcome to a documented exit code."""
    try:
        rc = group.main(args=argv, prog_name="mcqa", standalone_mode=False)
    except McqaError as exc:
        click.echo(f"mcqa: error: {exc.one_line()}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("mcqa: aborted", err=True)
        sys.exit(EXIT_USER)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USER)
    except (BrokenPipeError, KeyboardInterrupt):
        sys.exit(EXIT_USER)
    except Exception as exc:  # pragma: no cover - last line of defence
        click.echo(
            f"mcqa: internal error: {type(exc).__name__}: {exc} — please report this with the input",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(rc if isinstance(rc, int) else EXIT_OK)


def format_option(choices: tuple[str, ...] = ("text", "json"), default: str | None = None
                  ) -> Callable[[F], F]:
    """``--format`` with ``text`` on a terminal; callers treat ``None`` as auto."""
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default,
        help="Output format (default: text on a terminal).",
    )


@contextmanager
def output_stream(output: Path | None) -> Iterator[IO[str]]:
    """A text stream to ``output`` (or stdout) for reports written piece by piece.

    A file is written under a temporary name beside it and renamed at the end,
    so an interrupted run never leaves a truncated report where the old one was.
    """
    if output is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    from mcqa.errors import RenderError

    part = output.with_name(f".{output.name}.part")
    try:
        with part.open("w", encoding="utf-8", newline="\n") as fh:
            yield fh
        os.replace(part, output)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise RenderError(f"cannot write report: {exc.strerror}", file=str(output),
                          hint="check the folder exists and is writable") from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def emit(text: str | bytes, output: Path | None) -> None:
    """Write to ``output`` or stdout."""
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            click.echo(text, nl=not text.endswith("\n"))
        return
    from mcqa.errors import RenderError

    try:
        if isinstance(text, bytes):
            output.write_bytes(text)
        else:
            output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise RenderError(f"cannot write output: {exc.strerror}", file=str(output),
                          hint="choose a writable --output path") from None


def dump_json(data: Any) -> str:
    """Deterministic JSON for ``--format json``."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
