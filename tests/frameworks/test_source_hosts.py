"""Every framework step and credit conversion cites an official or primary source.

The allow-list lives in standards/source-hosts.yaml; a source on a host outside it
fails here, and a source on an 'unofficial' host is accepted only where every fact
citing it says ``confidence: unconfirmed``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml

from mcqa.resources import standards_dir

ROOT = standards_dir()
HOSTS: dict[str, Any] = yaml.safe_load((ROOT / "source-hosts.yaml").read_text(encoding="utf-8"))
DATA_FILES = [*sorted((ROOT / "frameworks").glob("*.yaml")), ROOT / "credit-systems.yaml"]


def _classify(url: str) -> str | None:
    """'official', 'unofficial' or None for ``url`` (most specific host entry wins)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()

    def covers(entry_host: str) -> bool:
        return host == entry_host or host.endswith("." + entry_host)

    entries = [("official", e) for e in HOSTS["official"]] + \
              [("unofficial", e) for e in HOSTS["unofficial"]]
    hits = sorted((e for e in entries if covers(e[1]["host"])),
                  key=lambda e: len(e[1]["host"]), reverse=True)
    if not hits:
        return None
    kind, entry = hits[0]
    if not parts.path.startswith(entry.get("path", "/")):
        return None
    return kind


def _sources_and_uses(path: Path) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Source id -> url, and source id -> confidences of the facts that cite it."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    urls = {s["id"]: s["url"] for s in data["sources"]}
    uses: dict[str, set[str]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("source"), str) and "confidence" in node:
                uses.setdefault(node["source"], set()).add(node["confidence"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk({k: v for k, v in data.items() if k != "sources"})
    return urls, uses


def test_allow_list_validates() -> None:
    schema = json.loads((ROOT / "schemas" / "source-hosts.schema.json").read_text())
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(HOSTS)) == []


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.stem)
def test_every_source_is_on_an_allowed_host(path: Path) -> None:
    urls, uses = _sources_and_uses(path)
    outside = {sid: url for sid, url in urls.items() if _classify(url) is None}
    assert outside == {}, f"{path.name}: sources outside standards/source-hosts.yaml"
    for sid, url in urls.items():
        if _classify(url) == "unofficial":
            assert uses.get(sid, set()) <= {"unconfirmed"}, (
                f"{path.name}: {sid} is an unofficial copy, so what cites it must be unconfirmed")


@pytest.mark.parametrize("url, expected", [
    ("https://www.cedefop.europa.eu/en/tools/nqfs-online-tool/countries/germany-2024", "official"),
    ("https://www.cedefop.europa.eu/hu/tools/nqfs-online-tool/countries/germany-2024", None),
    ("https://europass.europa.eu/en/compare-qualifications", "official"),
    ("https://www.readkong.com/page/x", "unofficial"),
    ("https://studylib.net/doc/1", None),
    ("https://github.com/someone/else", None),
])
def test_classification(url: str, expected: str | None) -> None:
    assert _classify(url) == expected
