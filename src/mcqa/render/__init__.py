"""Renderers: a finished Report in, text or bytes out. Renderers never compute.

They select, order, escape and lay out; counts and verdicts come from the
Report. ``RENDERERS`` maps a format name to a callable.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from mcqa.errors import ConfigError

# format -> "module:function(report, **options) -> str | bytes"
RENDERERS: dict[str, str] = {
    "text": "mcqa.render.text:render_text",
    "json": "mcqa.render.json:render_json",
    "md": "mcqa.render.markdown:render_markdown",
    "html": "mcqa.render.html:render_html",
    "sarif": "mcqa.render.sarif:render_sarif",
    "junit": "mcqa.render.junit:render_junit",
}


def get_renderer(fmt: str) -> Callable[..., Any]:
    """The render function for ``fmt``, or a ConfigError listing the valid ones."""
    target = RENDERERS.get(fmt)
    if target is None:
        raise ConfigError(f"unknown format {fmt!r}", hint=f"use one of: {', '.join(RENDERERS)}")
    module, func = target.split(":")
    try:
        return getattr(importlib.import_module(module), func)  # type: ignore[no-any-return]
    except ModuleNotFoundError:
        raise ConfigError(f"format {fmt!r} is not available in this build",
                          hint=f"use one of: {', '.join(RENDERERS)}") from None
