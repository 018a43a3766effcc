"""The mcqa CLI run in this process through click's runner, for hostile cases whose outcome
is the exit code, the messages and the files written, not the behaviour of a process.

Why: a child interpreter costs about a second to start and import mcqa; most cases in
``test_hostile_cli.py`` check what mcqa decides, which the runner shows just as well (the
CLI's own exit-code mapping, ``run_cli``, is used; sockets are blocked by the autouse
fixture in ``tests/conftest.py``). Cases about the process itself — memory and time limits
(hangs, bombs), blocking reads, standard input and ``/dev/stdout`` — keep ``run_mcqa``.
A case here still cannot hang the suite: it is interrupted after ``TIME_LIMIT`` seconds.
"""

from __future__ import annotations

import contextlib
import signal
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

TIME_LIMIT = 20


class Hang(BaseException):
    """A case ran past ``TIME_LIMIT`` (a BaseException: mcqa's own handlers cannot catch it)."""


@dataclass(frozen=True)
class Outcome:
    """What a run left, with the names of :class:`subprocess.CompletedProcess`."""

    returncode: int
    stdout: str
    stderr: str


def _hang(signum: int, frame: FrameType | None) -> None:
    raise Hang(f"mcqa ran longer than {TIME_LIMIT} s")


def invoke(*args: str, cwd: Path) -> Outcome:
    """``mcqa ARGS`` run from ``cwd`` in this process, with ``NO_COLOR`` as ``run_mcqa``."""
    import click
    from click.testing import CliRunner

    from mcqa.cli import cli
    from mcqa.cli._common import run_cli

    cmd = click.Command("mcqa", callback=lambda: run_cli(cli, list(args)))
    previous = signal.signal(signal.SIGALRM, _hang)
    signal.alarm(TIME_LIMIT)
    try:
        with contextlib.chdir(cwd):
            res = CliRunner().invoke(cmd, [], catch_exceptions=False, env={"NO_COLOR": "1"})
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return Outcome(res.exit_code, res.stdout, res.stderr)
