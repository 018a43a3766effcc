"""The ``mcqa`` command line: thin over the library API.

Sub-commands live in their own modules and are imported only when invoked,
so ``mcqa check one.json`` does not pay for ESCO, XLSX or HTML imports.
Register a new command by adding it to ``_COMMANDS``.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from mcqa import __version__

# name -> "module:attribute" of a click.Command (or Group)
_COMMANDS: dict[str, str] = {
    "check": "mcqa.cli.check:check",
    "inspect": "mcqa.cli.inspect:inspect",
    "packs": "mcqa.cli.packs:packs",
    "rules": "mcqa.cli.packs:rules",
    "schema": "mcqa.cli.schema:schema",
    "levels": "mcqa.cli.levels:levels",
    "credits": "mcqa.cli.levels:credits",
    "esco": "mcqa.cli.esco:esco",
    "dossier": "mcqa.cli.dossier:dossier",
    "benchmark": "mcqa.cli.benchmark:benchmark",
    "template": "mcqa.cli.benchmark:template",
    "diff": "mcqa.cli.benchmark:diff",
    "serve": "mcqa.cli.serve:serve",
}


class _LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in _COMMANDS if self._load(name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = _COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # command not built yet
                return None
            raise
        command: click.Command = getattr(module, attr)
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mcqa")
def cli() -> None:
    """mcqa: check micro-credentials against the EU standard and national rules.

    Exit codes: 0 conforms, 1 gaps at or above --fail-on, 2 input/pack/config
    error, 3 internal error, 141 output pipe closed by its reader.
    """


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    from mcqa.cli._common import run_cli

    return run_cli(cli, argv if argv is not None else sys.argv[1:])
