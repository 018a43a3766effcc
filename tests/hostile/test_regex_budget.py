"""Every regular expression mcqa applies to input runs in linear time on 10^5-character input.

The patterns are harvested from the source (every ``re.<fn>("literal", ...)`` call, so a new
pattern is covered without editing this file) and each is fed pumped inputs built from its
own literals: each character the pattern names repeated 10^5 times, after each literal run
the pattern starts with (``eqf`` + 10^5 spaces + ``x``, ``5`` + 10^5 spaces + ``x``...), with
a final character that makes the match fail (the backtracking worst case). ``search``,
``match`` and ``fullmatch`` each run. A catastrophic pattern would never return, so the
patterns run in a child process with a deadline, which reports each pattern's time.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys

from tests.conftest import REPO

N = 100_000
PER_PATTERN_SECONDS = 4.0
"""Budget per pattern for its ~50 inputs at 10^5 characters (linear: well under a second on
a loaded machine; quadratic backtracking: hours)."""
_FUNCS = {"compile", "match", "search", "fullmatch", "sub", "subn", "split", "findall",
          "finditer"}


def harvest() -> list[tuple[str, str, int]]:
    """(where, pattern, flags) of every literal pattern in ``src/mcqa``."""
    out: list[tuple[str, str, int]] = []
    for path in sorted((REPO / "src" / "mcqa").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in _FUNCS and node.args):
                continue
            try:
                pattern = ast.literal_eval(node.args[0])
            except ValueError:
                continue  # built at run time (checked where it is built)
            flags = 0
            flag_nodes = [kw.value for kw in node.keywords if kw.arg == "flags"]
            if node.func.attr == "compile" and len(node.args) > 1:
                flag_nodes.append(node.args[1])
            for flag in flag_nodes:
                flags |= eval(compile(ast.Expression(flag), "<flags>", "eval"),
                              {"re": re})
            if isinstance(pattern, bytes):
                pattern = pattern.decode("latin-1")
                flags |= 1 << 30  # marker: bytes pattern
            out.append((f"{path.relative_to(REPO)}:{node.lineno}", pattern, flags))
    return out


_HARNESS = r'''
import json, re, sys, time
from re import _parser as sre_parse
N = int(sys.argv[1])

def literals(tree, out):
    for op, av in tree:
        if op is sre_parse.LITERAL:
            out.add(chr(av))
        elif op is sre_parse.IN:
            for kind, val in av:
                if kind is sre_parse.LITERAL:
                    out.add(chr(val))
                elif kind is sre_parse.RANGE:
                    out.add(chr(val[0]))
                elif kind is sre_parse.CATEGORY:
                    out.update({"1", " ", "a", "\n"})
        elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
            literals(av[2], out)
        elif op is sre_parse.SUBPATTERN:
            literals(av[-1], out)
        elif op is sre_parse.ATOMIC_GROUP:
            literals(av, out)
        elif op is sre_parse.BRANCH:
            for b in av[1]:
                literals(b, out)
        elif op is sre_parse.ANY:
            out.update({"a", " "})
        elif op is sre_parse.CATEGORY:
            out.update({"1", " ", "a"})

def prefixes(pattern):
    """Literal words in the pattern: inputs start with them to reach deep states."""
    words = set(re.findall(r"[A-Za-z0-9]{2,}", re.sub(r"\\[A-Za-z]", " ", pattern)))
    return [""] + sorted(words)[:2]

for where, pattern, flags in json.loads(sys.stdin.read()):
    is_bytes = bool(flags & (1 << 30))
    flags &= ~(1 << 30)
    rx = re.compile(pattern.encode("latin-1") if is_bytes else pattern, flags)
    chars = set()
    literals(sre_parse.parse(pattern, flags), chars)
    chars |= {" ", "a", "1"}
    cases = []
    for pre in prefixes(pattern):
        for ch in sorted(chars)[:8]:
            cases.append(pre + ch * N + "\x00")
            cases.append(pre + (pre + ch) * (N // max(1, len(pre) + 1)) + "\x00")
    started = time.perf_counter()
    for text in cases:
        data = text.encode("latin-1", "replace") if is_bytes else text
        rx.search(data); rx.match(data); rx.fullmatch(data); rx.findall(data[:N])
    print(json.dumps([where, pattern, round(time.perf_counter() - started, 3), len(cases)]),
          flush=True)
'''


def test_patterns_harvested() -> None:
    found = harvest()
    assert len(found) >= 40, len(found)  # the harvest itself works
    assert any("loaders/catalogue/" in where for where, _, _ in found)


def test_every_pattern_is_linear_on_pumped_input() -> None:
    patterns = harvest()
    proc = subprocess.run([sys.executable, "-c", _HARNESS, str(N)], input=json.dumps(patterns),
                          capture_output=True, text=True, timeout=240, check=False)
    done = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert proc.returncode == 0, (proc.stderr[-2000:], done[-1:] if done else None)
    assert len(done) == len(patterns)
    slow = [(where, pattern, seconds) for where, pattern, seconds, _ in done
            if seconds > PER_PATTERN_SECONDS]
    assert not slow, slow


def test_pack_patterns_run_in_linear_time() -> None:
    """User pack patterns run through RE2: the classic catastrophic ones finish at once."""
    from mcqa.engine.operators import _regex

    for pattern in (r"^(a+)+$", r"(a|aa)+$", r"^(\w+\s?)*$", r"(.*a){20}", r"\s*x"):
        rx = _regex(pattern)
        import time

        started = time.perf_counter()
        rx.search("a" * N + "!")
        rx.fullmatch(" " * N + "!")
        assert time.perf_counter() - started < PER_PATTERN_SECONDS, pattern
