"""Load every ``standards/frameworks/*.yaml`` file into one :class:`FrameworkRegistry`.

Files are schema-checked first, then cross-checked (source ids resolve, level
codes are unique, no country code points at two frameworks, the file is named
after its id) so that lookups later can trust the data.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from mcqa.errors import ConfigError, PackError
from mcqa.frameworks._data import load_yaml, location
from mcqa.frameworks.models import (
    Descriptors,
    EqfRelationship,
    Framework,
    Level,
    LevelMapping,
    SourceInfo,
    level_key,
)
from mcqa.resources import standards_dir

SCHEMA = "framework.schema.json"

_ALIASES = {"EL": "GR", "UK": "GB"}
"""EU style (Publications Office) codes -> ISO 3166-1 alpha-2."""

_ALPHA3 = {
    "AUS": "AU", "AUT": "AT", "BEL": "BE", "CHE": "CH", "CZE": "CZ", "DEU": "DE", "ESP": "ES",
    "EST": "EE", "FIN": "FI", "FRA": "FR", "GBR": "GB", "GRC": "GR", "HKG": "HK", "IDN": "ID",
    "IRL": "IE", "ITA": "IT", "MLT": "MT", "MYS": "MY", "NLD": "NL", "NZL": "NZ", "POL": "PL",
    "PRT": "PT", "SWE": "SE", "USA": "US",
}
"""Alpha-3 codes of the countries we hold data for, so EU authority URIs
(``.../authority/country/IRL``) resolve too."""


def normalise_country(code: str) -> str:
    """Canonical ISO form: ``el``→``GR``, ``UK-SCT``→``GB-SCT``, ``.../country/IRL``→``IE``."""
    text = code.strip().rstrip("/")
    if "/" in text:  # EU country authority URI
        text = text.rsplit("/", 1)[1]
    text = text.upper()
    country, sep, region = text.partition("-")
    country = _ALPHA3.get(country, country)
    country = _ALIASES.get(country, country)
    return f"{country}{sep}{region}"


class FrameworkRegistry:
    """All known frameworks, by id and by country code."""

    def __init__(self, frameworks: list[Framework]) -> None:
        ordered = sorted(frameworks, key=lambda f: f.id)
        self._by_id: dict[str, Framework] = {fw.id: fw for fw in ordered}
        self._by_country: dict[str, str] = {
            code: fw.id for fw in self._by_id.values() for code in fw.countries
        }

    def __iter__(self) -> Iterator[Framework]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def ids(self) -> list[str]:
        """Framework ids, sorted."""
        return list(self._by_id)

    def country_codes(self) -> list[str]:
        """Country/region codes that resolve to a framework, sorted."""
        return sorted(self._by_country)

    def find(self, framework_id: str) -> Framework | None:
        """Framework by id (case-insensitive), ``None`` when unknown."""
        return self._by_id.get(framework_id.strip().upper())

    def get(self, framework_id: str) -> Framework:
        """Framework by id; a :class:`ConfigError` listing valid ids when unknown."""
        fw = self.find(framework_id)
        if fw is None:
            raise ConfigError(f"unknown framework {framework_id!r}",
                              hint=f"valid ids: {', '.join(self.ids())}")
        return fw

    def for_country(self, code: str) -> Framework | None:
        """Default framework of a country or ISO 3166-2 region (EL/GR and UK/GB equivalent).

        A region without its own entry falls back to its country (``GB-XYZ`` → ``GB``).
        """
        canonical = normalise_country(code)
        fid = self._by_country.get(canonical) or self._by_country.get(canonical.split("-")[0])
        return self._by_id[fid] if fid else None

    def resolve(self, name: str) -> Framework:
        """Framework by id or by country code, for user input; errors list the choices."""
        fw = self.find(name) or self.for_country(name)
        if fw is None:
            raise ConfigError(
                f"unknown framework or country {name!r}",
                hint=f"use a framework id ({', '.join(self.ids())}) "
                f"or a country code ({', '.join(self.country_codes())})",
            )
        return fw

    def level(self, framework: Framework, code: str) -> Level:
        """Level of ``framework`` by code; errors list the valid codes."""
        level = framework.find_level(code)
        if level is None:
            raise ConfigError(f"{framework.id} has no level {code!r}",
                              hint=f"valid levels: {', '.join(framework.level_codes())}")
        return level

    def versions(self) -> dict[str, str]:
        """Data version of each framework file, by id (for reports)."""
        return {fid: fw.data_version for fid, fw in self._by_id.items()}


def _source_index(data: dict[str, Any], path: Path, text: str) -> dict[str, SourceInfo]:
    index: dict[str, SourceInfo] = {}
    for i, raw in enumerate(data["sources"]):
        if raw["id"] in index:
            raise PackError(f"duplicate source id {raw['id']!r}", file=str(path),
                            location=location(text, ["sources", i, "id"]))
        index[raw["id"]] = SourceInfo(**raw)
    return index


def _cite(sources: dict[str, SourceInfo], ref: str, path: Path, text: str,
          where: list[Any]) -> SourceInfo:
    try:
        return sources[ref]
    except KeyError:
        raise PackError(f"unknown source id {ref!r}", file=str(path),
                        location=location(text, where),
                        hint=f"declare it under 'sources' (known: {', '.join(sorted(sources))})",
                        ) from None


def parse_framework(path: Path) -> Framework:
    """Read, validate and cross-check one framework file."""
    data, text = load_yaml(path, SCHEMA)
    if data["id"] != path.stem:
        raise PackError(f"id {data['id']!r} does not match the file name {path.name!r}",
                        file=str(path), location=location(text, ["id"]),
                        hint=f"rename the file to {data['id']}.yaml")
    sources = _source_index(data, path, text)
    rel = data["eqf_relationship"]
    relationship = EqfRelationship(
        kind=rel["kind"], year=rel["year"], first_year=rel.get("first_year"),
        references=rel.get("references"), confidence=rel["confidence"],
        source=_cite(sources, rel["source"], path, text, ["eqf_relationship", "source"]),
        note=rel.get("note"),
    )
    levels: list[Level] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(data["levels"]):
        key = level_key(raw["code"])
        if key in seen:
            raise PackError(f"level code {raw['code']!r} repeats level #{seen[key]}",
                            file=str(path), location=location(text, ["levels", i, "code"]))
        seen[key] = i
        m = raw["eqf"]
        number = m.get("level")
        eqf_levels: tuple[int, ...] = (
            () if number is None else (number,) if isinstance(number, int) else tuple(number))
        mapping = LevelMapping(
            framework=data["id"], level=raw["code"], status=m["status"], eqf_levels=eqf_levels,
            confidence=m["confidence"],
            source=_cite(sources, m["source"], path, text, ["levels", i, "eqf", "source"]),
            year=m.get("year", relationship.year), note=m.get("note"),
        )
        desc = raw.get("descriptors")
        descriptors = None
        if desc is not None:
            descriptors = Descriptors(
                knowledge=desc["knowledge"], skills=desc["skills"],
                responsibility_autonomy=desc["responsibility_autonomy"],
                confidence=desc["confidence"],
                source=_cite(sources, desc["source"], path, text,
                             ["levels", i, "descriptors", "source"]),
            )
        levels.append(Level(code=raw["code"], label=raw["label"], uri=raw.get("uri"),
                            legacy=raw.get("legacy", False), descriptors=descriptors,
                            mapping=mapping))
    return Framework(
        id=data["id"], title=data["title"], country=data["country"],
        countries=tuple(data["countries"]), data_version=data["data_version"],
        relationship=relationship, sources=tuple(sources.values()), levels=tuple(levels),
        notes=data.get("notes"), aliases=tuple(data.get("aliases", ())), file=str(path),
    )


def _cross_check(frameworks: list[Framework]) -> None:
    ids = {fw.id for fw in frameworks}
    owner: dict[str, str] = {}
    for fw in frameworks:
        for code in fw.countries:
            if code in owner:
                raise PackError(f"country code {code!r} is already claimed by {owner[code]}",
                                file=fw.file, location="/countries",
                                hint="a country code may default to one framework only")
            owner[code] = fw.id
        ref = fw.relationship.references
        if ref is not None and ref not in ids:
            raise PackError(f"eqf_relationship.references names unknown framework {ref!r}",
                            file=fw.file, location="/eqf_relationship/references")
    if "EQF" not in ids:
        raise PackError("the EQF framework file is missing", file="EQF.yaml",
                        hint="every translation goes through EQF.yaml; restore it")


@cache
def _load(directory: Path) -> FrameworkRegistry:
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise PackError("no framework files found", file=str(directory),
                        hint="reinstall mcqa or point to a folder of <ID>.yaml files")
    frameworks = [parse_framework(path) for path in files]
    _cross_check(frameworks)
    return FrameworkRegistry(frameworks)


def load_frameworks(directory: Path | None = None) -> FrameworkRegistry:
    """All frameworks from ``directory`` (default: the bundled data), loaded once and cached."""
    return _load((directory or standards_dir() / "frameworks").resolve())
