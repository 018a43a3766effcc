"""Credit systems and workload conversion (hours ↔ credits, credits ↔ credits).

Sources give hours per credit as ranges (ECTS: 25-30 h), so a conversion
returns a :class:`CreditRange` rather than one number, together with the
arithmetic steps and the sources used. Both bounds are linear in the amount
with non-negative factors, so conversions are monotonic by construction.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import Field

from mcqa.errors import ConfigError, PackError
from mcqa.frameworks._data import load_yaml, location
from mcqa.frameworks.models import Confidence, SourceInfo, weakest
from mcqa.frameworks.registry import normalise_country
from mcqa.model.base import FrozenModel as _Frozen
from mcqa.resources import standards_dir

SCHEMA = "credit-systems.schema.json"




class CreditSystem(_Frozen):
    """One unit of learning volume and how many notional hours it stands for."""

    id: str
    title: str
    unit: str
    aliases: tuple[str, ...]
    hours_per_credit: tuple[float, float]
    approximate: bool = False
    confidence: Confidence
    source: SourceInfo
    note: str | None = None


class Equivalence(_Frozen):
    """A ratio a source states directly (credits of ``to`` per credit of ``from_system``)."""

    from_system: str
    to_system: str
    factor: tuple[float, float]
    confidence: Confidence
    source: SourceInfo
    note: str | None = None


class CreditRange(_Frozen):
    """Result of :func:`convert`: ``min``-``max`` in ``unit``, with the steps and sources."""

    amount: float
    from_unit: str
    min: float
    max: float
    unit: str
    confidence: Confidence = Field(description="Weakest confidence of the facts used.")
    approximate: bool = Field(description="True when a factor used is itself approximate.")
    sources: tuple[SourceInfo, ...]
    steps: tuple[str, ...]


class CreditSystems:
    """All credit systems plus the country and framework defaults."""

    def __init__(self, data_version: str, systems: list[CreditSystem],
                 equivalences: list[Equivalence], country_defaults: dict[str, str],
                 framework_defaults: dict[str, str]) -> None:
        self.data_version = data_version
        self.systems = {s.id: s for s in systems}
        self.equivalences = equivalences
        self.country_defaults = country_defaults
        self.framework_defaults = framework_defaults
        self._names: dict[str, str] = {}
        for s in systems:
            for name in (s.id, *s.aliases):
                self._names[name.casefold()] = s.id

    def ids(self) -> list[str]:
        """System ids in data order."""
        return list(self.systems)

    def find(self, unit: str) -> CreditSystem | None:
        """System by id or alias (case-insensitive; spaces/underscores as hyphens)."""
        key = "-".join(unit.replace("_", " ").split()).casefold()
        sid = self._names.get(key)
        return self.systems[sid] if sid else None

    def get(self, unit: str) -> CreditSystem:
        """System by id or alias; :class:`ConfigError` listing the choices when unknown."""
        system = self.find(unit)
        if system is None:
            raise ConfigError(f"unknown credit unit {unit!r}",
                              hint=f"valid units: {', '.join(self.ids())} (or an alias such as "
                              "'hours', 'ects', 'uk')")
        return system

    def for_country(self, code: str) -> CreditSystem | None:
        """Default credit system of a country/region (EL/GR, UK/GB equivalent)."""
        canonical = normalise_country(code)
        sid = self.country_defaults.get(canonical) or self.country_defaults.get(
            canonical.split("-")[0])
        return self.systems[sid] if sid else None

    def for_framework(self, framework_id: str, country: str | None = None) -> CreditSystem | None:
        """Default credit system of a framework, else of its country."""
        sid = self.framework_defaults.get(framework_id.upper())
        if sid:
            return self.systems[sid]
        return self.for_country(country) if country else None

    def equivalence(self, src: str, dst: str) -> tuple[Equivalence, bool] | None:
        """Stated equivalence src→dst, and whether it is used in reverse."""
        for eq in self.equivalences:
            if (eq.from_system, eq.to_system) == (src, dst):
                return eq, False
            if (eq.from_system, eq.to_system) == (dst, src):
                return eq, True
        return None


def _fmt(x: float) -> str:
    return f"{round(x, 2):g}"


def _span(lo: float, hi: float) -> str:
    return _fmt(lo) if math.isclose(lo, hi) else f"{_fmt(lo)}-{_fmt(hi)}"


def _units(lo: float, hi: float, unit: str) -> str:
    """``10 ECTS credits``, ``1 hour``, ``3.33-4 ECTS credits``."""
    plural = "" if math.isclose(lo, 1) and math.isclose(hi, 1) else "s"
    return f"{_span(lo, hi)} {unit}{plural}"


def convert(amount: float, unit: str, to: str, *, systems: CreditSystems | None = None
            ) -> CreditRange:
    """Convert ``amount`` of ``unit`` into ``to`` (ids or aliases, e.g. ``"hours"``).

    Uses a stated equivalence when one exists, otherwise goes through notional
    hours. Negative, NaN or infinite amounts raise :class:`ConfigError`.
    """
    if isinstance(amount, bool) or not isinstance(amount, int | float) or not math.isfinite(
            amount) or amount < 0:
        raise ConfigError(f"invalid amount {amount!r}",
                          hint="give a finite number of credits or hours, zero or more")
    reg = load_credit_systems() if systems is None else systems
    src, dst = reg.get(unit), reg.get(to)
    a = float(amount)
    used: list[tuple[Confidence, SourceInfo]] = []
    steps: list[str] = []
    approx = False
    if src.id == dst.id:
        lo = hi = a
        steps.append(f"{_units(a, a, src.unit)}: already in {dst.id}")
    elif (found := reg.equivalence(src.id, dst.id)) is not None:
        eq, reverse = found
        f_lo, f_hi = eq.factor
        lo, hi = (a / f_hi, a / f_lo) if reverse else (a * f_lo, a * f_hi)
        used.append((eq.confidence, eq.source))
        rule = f": {eq.note.rstrip('.')}" if eq.note else ""
        steps.append(f"{_units(a, a, src.unit)} = {_units(lo, hi, dst.unit)} "
                     f"(stated equivalence{rule}"
                     f"{'; used in reverse' if reverse else ''})")
    else:
        h_lo, h_hi = a * src.hours_per_credit[0], a * src.hours_per_credit[1]
        if src.id != "HOURS":
            used.append((src.confidence, src.source))
            approx |= src.approximate
            steps.append(f"{_units(a, a, src.unit)} at {_span(*src.hours_per_credit)} h each"
                         f" = {_span(h_lo, h_hi)} h")
        lo, hi = h_lo / dst.hours_per_credit[1], h_hi / dst.hours_per_credit[0]
        if dst.id != "HOURS":
            used.append((dst.confidence, dst.source))
            approx |= dst.approximate
            steps.append(f"{_span(h_lo, h_hi)} h at {_span(*dst.hours_per_credit)} h per "
                         f"{dst.unit} = {_units(lo, hi, dst.unit)}")
    sources = {s.id: s for _, s in used}
    return CreditRange(
        amount=a, from_unit=src.id, min=lo, max=hi, unit=dst.id,
        confidence=weakest([c for c, _ in used]), approximate=approx,
        sources=tuple(sources[k] for k in sorted(sources)), steps=tuple(steps),
    )


def _parse(path: Path) -> CreditSystems:
    data, text = load_yaml(path, SCHEMA)
    sources: dict[str, SourceInfo] = {}
    for i, raw in enumerate(data["sources"]):
        if raw["id"] in sources:
            raise PackError(f"duplicate source id {raw['id']!r}", file=str(path),
                            location=location(text, ["sources", i, "id"]))
        sources[raw["id"]] = SourceInfo(**raw)

    def cite(ref: str, where: list[Any]) -> SourceInfo:
        if ref not in sources:
            raise PackError(f"unknown source id {ref!r}", file=str(path),
                            location=location(text, where),
                            hint="declare it under 'sources'")
        return sources[ref]

    systems: list[CreditSystem] = []
    names: set[str] = set()
    for i, raw in enumerate(data["systems"]):
        lo, hi = raw["hours_per_credit"]
        if lo > hi:
            raise PackError("hours_per_credit must be [min, max] with min <= max", file=str(path),
                            location=location(text, ["systems", i, "hours_per_credit"]))
        for name in sorted({n.casefold() for n in (raw["id"], *raw["aliases"])}):
            if name in names:
                raise PackError(f"unit name {name!r} is used twice", file=str(path),
                                location=location(text, ["systems", i]))
            names.add(name)
        systems.append(CreditSystem(
            id=raw["id"], title=raw["title"], unit=raw["unit"], aliases=tuple(raw["aliases"]),
            hours_per_credit=(lo, hi), approximate=raw.get("approximate", False),
            confidence=raw["confidence"], source=cite(raw["source"], ["systems", i, "source"]),
            note=raw.get("note"),
        ))
    ids = {s.id for s in systems}

    def known(sid: str, where: list[Any]) -> str:
        if sid not in ids:
            raise PackError(f"unknown credit system {sid!r}", file=str(path),
                            location=location(text, where), hint=f"known: {', '.join(sorted(ids))}")
        return sid

    equivalences = [
        Equivalence(from_system=known(raw["from"], ["equivalences", i, "from"]),
                    to_system=known(raw["to"], ["equivalences", i, "to"]),
                    factor=(raw["factor"][0], raw["factor"][1]), confidence=raw["confidence"],
                    source=cite(raw["source"], ["equivalences", i, "source"]),
                    note=raw.get("note"))
        for i, raw in enumerate(data["equivalences"])
    ]
    cd = data["country_defaults"]
    cite(cd["source"], ["country_defaults", "source"])
    countries = {c: known(s, ["country_defaults", "countries", c])
                 for c, s in cd["countries"].items()}
    frameworks = {f: known(s, ["framework_defaults", f])
                  for f, s in data["framework_defaults"].items()}
    return CreditSystems(data["data_version"], systems, equivalences, countries, frameworks)


@cache
def _load(path: Path) -> CreditSystems:
    return _parse(path)


def load_credit_systems(path: Path | None = None) -> CreditSystems:
    """Credit systems from ``path`` (default: bundled ``credit-systems.yaml``), cached."""
    return _load((path or standards_dir() / "credit-systems.yaml").resolve())
