"""Translations are a low floor that renderers consult: the engine, the model, the
loaders and the packs never import them (the engine writes English; reports are
translated when they are laid out)."""

from __future__ import annotations

import ast

from tests.conftest import REPO

SRC = REPO / "src" / "mcqa"
BELOW = ("engine", "model", "loaders", "packs", "frameworks", "esco")


def _imports(path: object) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def test_engine_and_lower_layers_do_not_import_i18n() -> None:
    offenders = [str(p.relative_to(SRC)) for sub in BELOW for p in (SRC / sub).rglob("*.py")
                 if any(m == "mcqa.i18n" or m.startswith("mcqa.i18n.") for m in _imports(p))]
    assert not offenders, offenders


def test_i18n_does_not_import_renderers_or_front_ends() -> None:
    for p in (SRC / "i18n").rglob("*.py"):
        bad = [m for m in _imports(p) if m.startswith(("mcqa.render", "mcqa.cli", "mcqa.web",
                                                        "mcqa.api", "mcqa.engine", "mcqa.batch"))]
        assert not bad, (p.name, bad)
