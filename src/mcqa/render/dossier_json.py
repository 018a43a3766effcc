"""Plain JSON dossier: the Dossier model, sorted keys, for other tools."""

from __future__ import annotations

import json
from typing import Any

from mcqa.dossier.model import Dossier


def render_dossier_json(dossier: Dossier, **_: Any) -> str:
    """Deterministic JSON (sorted keys, 2-space indent, UTF-8, trailing newline)."""
    return json.dumps(dossier.model_dump(mode="json"), indent=2, sort_keys=True,
                      ensure_ascii=False) + "\n"
