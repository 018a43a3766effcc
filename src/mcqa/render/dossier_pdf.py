"""The dossier as PDF, for front ends that offer only the formats installed.

Importing this module imports WeasyPrint (the ``pdf`` extra): where it or its
system libraries are missing, the import fails and ``mcqa.api`` leaves PDF out
of the dossier formats instead of offering a format that cannot be written.
"""

from __future__ import annotations

from typing import Any

import weasyprint  # noqa: F401  (availability check; the work is in mcqa.render.pdf)

from mcqa.dossier.model import Dossier
from mcqa.render.pdf import render_dossier_pdf as _render


def render_dossier_pdf(dossier: Dossier, **options: Any) -> bytes:
    """The HTML dossier printed to A4 by WeasyPrint."""
    return _render(dossier, **options)
