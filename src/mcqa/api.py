"""The typed library API the CLI is a thin layer over.

>>> from mcqa.api import check
>>> report = check([Path("examples")], packs=["eu-2022"])
>>> report.conforms, report.summary.records
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from mcqa import __version__
from mcqa.engine import build_report
from mcqa.engine.waivers import Waiver, load_waivers
from mcqa.loaders import LoadOptions, load_paths
from mcqa.model import LoadItem
from mcqa.model.report import Report
from mcqa.packs import RuleSet, resolve_packs

DEFAULT_PACKS = ("eu-2022",)


def data_versions() -> dict[str, str]:
    """Versions of bundled data other than packs (frameworks, credit systems), if present."""
    try:
        from mcqa.frameworks import framework_data_versions
    except ImportError:
        return {}
    return dict(framework_data_versions())


def check_items(items: Iterable[LoadItem], rules: RuleSet, *, as_of: date | None = None,
                waivers: tuple[Waiver, ...] = (), services: dict[str, Any] | None = None
                ) -> Report:
    """Check already-loaded items against a resolved rule set."""
    return build_report(items, rules, as_of=as_of or date.today(), waivers=waivers,
                        services=services, mcqa_version=__version__,
                        data_versions=data_versions())


def check(paths: Sequence[Path], packs: Sequence[str] = DEFAULT_PACKS, *,
          as_of: date | None = None, waivers_file: Path | None = None,
          options: LoadOptions | None = None) -> Report:
    """Load every credential under ``paths`` and check it against ``packs``."""
    rules = resolve_packs(packs or DEFAULT_PACKS)
    waivers = load_waivers(waivers_file) if waivers_file else ()
    return check_items(load_paths(paths, options), rules, as_of=as_of, waivers=waivers)
