"""Qualification frameworks and credit systems as data, for rules and dossiers.

Public API::

    load_frameworks()             -> FrameworkRegistry (cached)
    translate("IE-NFQ:8", "DE")   -> Translation (chain NQF → EQF → NQF)
    eqf_for("UK-RQF", "Entry 3")  -> LevelMapping
    level_refs("DQR/EQR 6")       -> [("DE-DQR", "6"), ("EQF", "6")]  (catalogue level cells)
    convert(10, "ECTS", "hours")  -> CreditRange
    framework_data_versions()     -> {"IE-NFQ": "2026.1", ..., "credit-systems": "2026.1"}

Data lives in ``standards/frameworks/*.yaml`` and ``standards/credit-systems.yaml``
and is schema-validated on load; see docs/frameworks.md.
"""

from __future__ import annotations

from mcqa.frameworks.credits import (
    CreditRange,
    CreditSystem,
    CreditSystems,
    Equivalence,
    convert,
    load_credit_systems,
)
from mcqa.frameworks.leveltext import level_refs
from mcqa.frameworks.models import (
    Confidence,
    Descriptors,
    EqfRelationship,
    Framework,
    Level,
    LevelMapping,
    MappingStatus,
    SourceInfo,
)
from mcqa.frameworks.registry import FrameworkRegistry, load_frameworks, normalise_country
from mcqa.frameworks.translate import LevelRef, Outcome, Step, Translation, eqf_for, translate

CREDIT_SYSTEMS_KEY = "credit-systems"
"""Key of the credit-system data in :func:`framework_data_versions` (never a framework id)."""


def framework_data_versions() -> dict[str, str]:
    """Data version of every framework file and of the credit systems, for reports.

    Every report calls this, so it reads only ``id`` and ``data_version`` with libyaml;
    the full schema validation runs when frameworks are actually used.
    """
    from mcqa._yaml import load_safe
    from mcqa.resources import standards_dir

    versions: dict[str, str] = {}
    root = standards_dir()
    for path in sorted((root / "frameworks").glob("*.yaml")):
        data = load_safe(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "id" in data:
            versions[str(data["id"])] = str(data.get("data_version", "?"))
    credits = load_safe((root / "credit-systems.yaml").read_text(encoding="utf-8"))
    versions[CREDIT_SYSTEMS_KEY] = str(credits.get("data_version", "?"))
    return dict(sorted(versions.items()))


__all__ = [
    "CREDIT_SYSTEMS_KEY",
    "Confidence",
    "CreditRange",
    "CreditSystem",
    "CreditSystems",
    "Descriptors",
    "EqfRelationship",
    "Equivalence",
    "Framework",
    "FrameworkRegistry",
    "Level",
    "LevelMapping",
    "LevelRef",
    "MappingStatus",
    "Outcome",
    "SourceInfo",
    "Step",
    "Translation",
    "convert",
    "eqf_for",
    "framework_data_versions",
    "level_refs",
    "load_credit_systems",
    "load_frameworks",
    "normalise_country",
    "translate",
]
