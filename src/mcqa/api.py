"""The typed library API the CLI is a thin layer over.

>>> from mcqa.api import check
>>> report = check([Path("examples")], packs=["eu-2022"])
>>> report.conforms, report.summary.records
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from mcqa import __version__
from mcqa.engine import build_report
from mcqa.engine.waivers import Waiver
from mcqa.loaders import LoadOptions
from mcqa.model import LoadItem
from mcqa.model.report import Report
from mcqa.packs import RuleSet

DEFAULT_PACKS = ("eu-2022",)


def data_versions(services: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Versions of bundled data other than packs (frameworks, credit systems), if present,
    and of the data each service consults (``esco``: the imported ESCO release)."""
    versions: dict[str, str] = {}
    try:
        from mcqa.frameworks import framework_data_versions
    except ImportError:
        pass
    else:
        versions.update(framework_data_versions())
    for name, service in (services or {}).items():
        version = getattr(service, "data_version", None)
        if isinstance(version, str):
            versions[name] = version
    return versions


def rule_services(rules: RuleSet, *, esco_db: Path | None = None,
                  use_default_esco: bool = True) -> dict[str, Any]:
    """The services the active rules consult, opened only when some rule needs them.

    ``esco``: the index at ``esco_db``, else the installed default one (unless
    ``use_default_esco`` is false); with neither, ESCO rules are unverifiable.
    An explicit ``esco_db`` is opened even when no rule needs it, so a mistyped
    path is an error (:class:`~mcqa.errors.DataStoreError`), never silently ignored.
    """
    from mcqa.engine.operators import expr_services
    from mcqa.esco.service import SERVICE_NAME, open_esco_service

    needed: set[str] = set()
    for _pack, rule in rules.rules:
        needed |= expr_services(rule.check) | expr_services(rule.applies_when)
    services: dict[str, Any] = {}
    if esco_db is not None or SERVICE_NAME in needed:
        esco = open_esco_service(esco_db, use_default=use_default_esco)
        if esco is not None and SERVICE_NAME in needed:
            services[SERVICE_NAME] = esco
    return services


def check_items(items: Iterable[LoadItem], rules: RuleSet, *, as_of: date | None = None,
                waivers: tuple[Waiver, ...] = (), services: dict[str, Any] | None = None
                ) -> Report:
    """Check already-loaded items against a resolved rule set."""
    return build_report(items, rules, as_of=as_of or date.today(), waivers=waivers,
                        services=services, mcqa_version=__version__,
                        data_versions=data_versions(services))


def check(paths: Sequence[Path], packs: Sequence[str] = DEFAULT_PACKS, *,
          as_of: date | None = None, waivers_file: Path | None = None,
          options: LoadOptions | None = None, esco_db: Path | None = None,
          use_default_esco: bool = True, country: str | None = None) -> Report:
    """Load every credential under ``paths`` and check it against ``packs``.

    The same streaming path as ``mcqa check`` (:func:`mcqa.batch.check_batch`), in-process
    and without a progress bar; use ``check_batch`` directly for workers and counts.
    ESCO rules use ``esco_db``, else the installed index (see :func:`rule_services`).
    ``country`` adds national packs: a country code adds that country's packs, ``"auto"``
    each record's awarding-body country's packs (see :func:`mcqa.packs.resolve_packs`).
    """
    from mcqa.batch import BatchOptions, check_batch

    return check_batch(paths, packs or DEFAULT_PACKS, as_of=as_of, waivers_file=waivers_file,
                       load_options=options, options=BatchOptions(jobs=1, progress=False),
                       esco_db=esco_db, use_default_esco=use_default_esco,
                       country=country).report


def with_shacl(report: Report, shapes_dir: Path, context_dir: Path | None = None) -> Report:
    """Add SHACL conformance findings (official ELM shapes the user downloaded) to ELM records.

    Each SHACL result becomes a finding of pseudo-pack ``shacl``; a credential that cannot be
    validated (e.g. its context is not available locally) gets one ``unverifiable`` finding
    instead, so nothing is silently skipped.
    """
    from mcqa.errors import McqaError
    from mcqa.loaders.shacl import shacl_findings
    from mcqa.model import Citation, Finding, Severity, SourceRef, Status
    from mcqa.model.report import PackInfo

    records = []
    versions: set[str] = set()
    for rec in report.records:
        if rec.input_error is not None or rec.source_format != "elm":
            records.append(rec)
            continue
        try:
            extra = shacl_findings(Path(rec.source_file), rec.source_file, rec.record_id,
                                   shapes_dir, context_dir)
        except McqaError as exc:
            extra = [Finding(
                record_id=rec.record_id, source_file=rec.source_file, rule_id="SHACL-RUN",
                pack_id="shacl", pack_version="-", severity=Severity.WARNING,
                status=Status.UNVERIFIABLE, title="shacl.not-run",
                message=f"SHACL validation could not run: {exc.one_line()}",
                remedy="Provide the shapes and JSON-LD contexts locally (--shapes, "
                       "--context-dir).",
                evidence_request="Validate the credential with the official ELM validator "
                                 "and attach the result.",
                citation=Citation(document="ELM SHACL shapes", locator=str(shapes_dir.name)),
                location=SourceRef(file=rec.source_file, locator=""))]
        versions.update(f.pack_version for f in extra if f.pack_version != "-")
        findings = sorted((*rec.findings, *extra), key=Finding.sort_key)
        records.append(rec.model_copy(update={"findings": tuple(findings)}))
    shacl_pack = PackInfo(id="shacl", version=",".join(sorted(versions)) or "-",
                          title="Official ELM/EDC SHACL shapes (user-supplied)",
                          source_document=f"SHACL shapes in {shapes_dir.name}",
                          source_url="https://github.com/european-commission-empl/European-Learning-Model")
    packs = tuple(sorted((*report.packs, shacl_pack), key=lambda p: p.id))
    return report.model_copy(update={"records": tuple(records), "packs": packs})
