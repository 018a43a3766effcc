"""``mcqa serve``: the web application, a sibling of the CLI on the top floor.

Pages call :mod:`mcqa.api` and the renderers of :mod:`mcqa.render` only, so the
browser and the command line can never disagree. Heavy work (checking, benchmarks,
dossiers, downloads) runs in worker processes with a timeout and a memory cap;
uploads live in a per-request temporary folder deleted when the response is done.
Needs the ``web`` extra (Starlette, Jinja2, uvicorn, python-multipart).
"""

from __future__ import annotations

from mcqa.web.app import create_app
from mcqa.web.settings import Settings

__all__ = ["Settings", "create_app"]
