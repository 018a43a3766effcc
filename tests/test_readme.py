"""README's example outputs come from the current program: each example whose command
needs only the repository is run, and its shown lines must appear in the real output, in
order (a line with '...' matches any output line starting with the text before it)."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from mcqa.cli import cli
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
PAIRS = re.findall(r"```sh\n((?:(?!```).)*)```\s*\n```text\n((?:(?!```).)*)```", README,
                   flags=re.S)
NEEDS_MORE = ("mcqa esco", "--esco-db", "--pack esco", "catalogue.xlsx", "~/", "--jobs")
"""Examples that need an ESCO download or a national catalogue are not run here."""

RUNNABLE = [(cmd.splitlines()[0].split("  #")[0].strip(), text) for cmd, text in PAIRS
            if cmd.startswith("mcqa ") and not any(m in cmd for m in NEEDS_MORE)]


def test_readme_has_runnable_examples() -> None:
    commands = [c for c, _ in RUNNABLE]
    assert len(commands) >= 5, commands
    assert any(c.startswith("mcqa dossier") for c in commands)


@pytest.mark.parametrize("command, shown", RUNNABLE, ids=[c for c, _ in RUNNABLE])
def test_readme_example_matches_a_real_run(command: str, shown: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    args = shlex.split(command)[1:]
    result = CliRunner().invoke(cli, args, catch_exceptions=False, terminal_width=200)
    out = [line.rstrip() for line in result.output.splitlines()]
    pos = 0
    for want in (line.rstrip() for line in shown.splitlines()):
        if not want.strip() or want.strip() in ("...", "…"):
            continue
        prefix = want.split("...", 1)[0] if "..." in want else None
        while pos < len(out) and not (out[pos].startswith(prefix) if prefix is not None
                                      else out[pos] == want):
            pos += 1
        assert pos < len(out), f"README line not in the output of `{command}`:\n{want}"
        pos += 1
