"""Plain JSON dossier: the Dossier model, sorted keys, for other tools."""

from __future__ import annotations

import json
from typing import Any

from mcqa.dossier.model import Dossier
from mcqa.i18n import DEFAULT_LANG
from mcqa.render._safe import json_safe
from mcqa.render.dossier_i18n import localize_dossier


def render_dossier_json(dossier: Dossier, lang: str = DEFAULT_LANG, **_: Any) -> str:
    """Deterministic JSON (sorted keys, 2-space indent, UTF-8, trailing newline); sentences
    in ``lang``, which ``lang`` names; keys, codes and ids the same in every language."""
    return json_safe(json.dumps(localize_dossier(dossier, lang).model_dump(mode="json"),
                                indent=2, sort_keys=True, ensure_ascii=False)) + "\n"
