"""ESCO support: import official releases, validate skill URIs, map text to skills.

Everything works offline from one SQLite file built by :func:`import_esco`
(``mcqa esco import``); mcqa ships no ESCO data.
"""

from __future__ import annotations

from mcqa.esco.coverage import outcome_coverage
from mcqa.esco.importer import ATTRIBUTION, import_esco, read_release
from mcqa.esco.mapper import DEFAULT_THRESHOLD, Mapper, Suggestion
from mcqa.esco.service import EscoService, open_esco_service
from mcqa.esco.store import (
    ConceptDetail,
    ConceptInfo,
    EscoIndex,
    OccupationLink,
    SearchHit,
    UriCheck,
    default_db_path,
)

__all__ = [
    "ATTRIBUTION",
    "DEFAULT_THRESHOLD",
    "ConceptDetail",
    "ConceptInfo",
    "EscoIndex",
    "EscoService",
    "Mapper",
    "OccupationLink",
    "SearchHit",
    "Suggestion",
    "UriCheck",
    "default_db_path",
    "import_esco",
    "open_esco_service",
    "outcome_coverage",
    "read_release",
]
