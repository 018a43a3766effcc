"""Shared test helpers: repository paths and fixture-record construction."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = REPO / "tests" / "fixtures"
AS_OF = date(2026, 1, 1)


def deep_merge(base: Any, patch: Any) -> Any:
    """Merge ``patch`` over ``base``; ``None`` in the patch deletes the key."""
    if not isinstance(base, dict) or not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def base_descriptor() -> dict[str, Any]:
    """The complete conforming credential all rule fixtures start from."""
    with (FIXTURES / "rules" / "base.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def make_record(patch: dict[str, Any] | None = None, file: str = "fixture.yaml") -> Any:
    """A CredentialRecord from the base descriptor with ``patch`` merged over it.

    A ``_record`` key in the patch sets record fields directly (for fields a
    descriptor cannot express, such as ``source_format`` or ``signature``).
    """
    from mcqa.loaders.native import record_from_mapping
    from mcqa.model import CredentialRecord

    patch = dict(patch or {})
    direct = patch.pop("_record", None)
    data = deep_merge(base_descriptor(), patch)
    rec = record_from_mapping(data, file, "native", "", file)
    assert isinstance(rec, CredentialRecord), rec
    if direct:
        rec = CredentialRecord.model_validate({**rec.model_dump(), **direct})
    return rec


ESCO_V111 = SHARED / "esco" / "v1.1.1"
ESCO = "http://data.europa.eu/esco/"
ESCO_DATA_CLEANSING = ESCO + "skill/50b100ea-74fd-4706-99db-3e4ca55e51b8"
"""'perform data cleansing' (skill/competence), cited by the fixture base record."""
ESCO_DATA_MINING = ESCO + "skill/25f0ea33-b4a2-4f31-b7b4-7d20e827b180"
"""'data mining' (a knowledge concept)."""
ESCO_DB_SKILL = ESCO + "skill/6c08403c-a5bb-4868-b8c2-b7d039c0e511"
"""'design database scheme' (skill/competence)."""
ESCO_DB_DESIGNER = ESCO + "occupation/8d9ec84d-cf2d-4179-87bc-335cda54a427"
"""'database designer': an occupation, wrong in a skill slot."""
ESCO_ISCO_2521 = ESCO + "isco/C2521"
ESCO_SKILL_GROUP = ESCO + "skill/021a23e1-907e-4627-b05a-555f889cbb65"
"""'self-management skills and competences': a skill group, with a skill-like URI."""
ESCO_OBSOLETE = ESCO + "skill/00000000-0000-4000-8000-0000000000ab"
"""Made up for tests: marked obsolete in the fixture index, replaced by ESCO_DB_SKILL."""
ESCO_MADE_UP = ESCO + "skill/00000000-0000-0000-0000-000000000000"
"""In no ESCO release."""
_ESCO_EXAMPLE_SKILLS = {  # the ELM example's real links
    ESCO + "skill/2b92a5b2-6758-4ee3-9fb4-b6387a55cc8f",
    ESCO + "skill/cc7370dd-69fa-4c67-a96f-d4d135d38700",
    ESCO + "skill/382c11ed-20d5-4ae7-b60e-15fec527fa6c",
}


def _esco_rows(name: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of one CSV of the real v1.1.1 release (gzipped or not)."""
    import csv
    import gzip

    path = ESCO_V111 / name
    previous = csv.field_size_limit(2**31 - 1)
    try:
        with (gzip.open(path, "rt", encoding="utf-8", newline="") if name.endswith(".gz")
              else path.open(encoding="utf-8", newline="")) as fh:
            reader = csv.DictReader(fh)
            return list(reader.fieldnames or []), list(reader)
    finally:
        csv.field_size_limit(previous)


def build_esco_fixture_package(dest: Path) -> Path:
    """A tiny ESCO CSV package: real v1.1.1 rows for the URIs above, plus one obsolete skill."""
    import csv

    dest.mkdir(parents=True, exist_ok=True)
    wanted = {
        "skills_en.csv.gz": {ESCO_DATA_CLEANSING, ESCO_DATA_MINING, ESCO_DB_SKILL}
        | _ESCO_EXAMPLE_SKILLS,
        "occupations_en.csv.gz": {ESCO_DB_DESIGNER},
        "ISCOGroups_en.csv": {ESCO_ISCO_2521},
        "skillGroups_en.csv": {ESCO_SKILL_GROUP},
    }
    for name, uris in wanted.items():
        header, rows = _esco_rows(name)
        rows = [r for r in rows if r["conceptUri"] in uris]
        assert len(rows) == len(uris), f"{name}: not all fixture URIs found in {ESCO_V111}"
        if name.startswith("skills"):
            header = [*header, "isReplacedBy"]
            rows.append({"conceptType": "KnowledgeSkillCompetence", "conceptUri": ESCO_OBSOLETE,
                         "skillType": "skill/competence", "reuseLevel": "sector-specific",
                         "preferredLabel": "design old database schemes", "status": "obsolete",
                         "isReplacedBy": ESCO_DB_SKILL})
        out = dest / name.removesuffix(".gz")
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
    return dest


@pytest.fixture(scope="session")
def esco_fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ESCO index (v1.1.1 rows) for rule fixtures with ``esco: true`` and ESCO check tests."""
    from mcqa.esco import import_esco

    base = tmp_path_factory.mktemp("esco-fixture")
    db = base / "esco.sqlite"
    import_esco(build_esco_fixture_package(base / "csv"), db, version="v1.1.1")
    return db


@pytest.fixture
def as_of() -> date:
    """Fixed audit date so date rules are reproducible."""
    return AS_OF


@pytest.fixture(autouse=True)
def _no_installed_esco(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the default ESCO index location at an empty folder for every test.

    ``mcqa check`` and ``mcqa dossier`` use an installed index when one exists; a
    developer's own import must not change test results or golden reports. Tests
    that want an index pass it explicitly (``--esco-db``).
    """
    from mcqa.esco.store import DATA_DIR_ENV

    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path_factory.mktemp("mcqa-data")))


class NetworkAttempt(AssertionError):
    """Raised when code under test tries to open a network connection."""


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Block every outgoing socket connection and DNS lookup for every test: mcqa never
    needs the network.

    Local UNIX sockets stay allowed (some libraries use them for IPC); anything with a host
    and port raises :class:`NetworkAttempt`. Every attempt is also recorded and fails the
    test at teardown, so code that catches the exception (``except Exception``) cannot hide
    it. The fixture value is that record.
    """
    import socket

    attempts: list[str] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def refuse(address: object) -> NetworkAttempt:
        attempts.append(repr(address))
        return NetworkAttempt(f"network connection attempted to {address!r}")

    def guard(self: socket.socket, address: object) -> object:
        if self.family == socket.AF_UNIX:
            return real_connect(self, address)  # type: ignore[arg-type]
        raise refuse(address)

    def guard_ex(self: socket.socket, address: object) -> object:
        if self.family == socket.AF_UNIX:
            return real_connect_ex(self, address)  # type: ignore[arg-type]
        raise refuse(address)

    def lookup(host: object, port: object, *args: object, **kwargs: object) -> object:
        raise refuse((host, port))

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket.socket, "connect_ex", guard_ex)
    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    monkeypatch.setattr(socket, "create_connection",
                        lambda address, *a, **k: (_ for _ in ()).throw(refuse(address)))
    yield attempts
    if attempts:
        pytest.fail(f"network access attempted (even if the code caught the error): "
                    f"{', '.join(attempts)}")


def json_paths(node: Any, per_list: int, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key/index path in a JSON tree (the first ``per_list`` items of each list),
    for tests that mutate one place of a real sample at a time."""
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out.extend(json_paths(v, per_list, (*prefix, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node[:per_list]):
            out.extend(json_paths(v, per_list, (*prefix, i)))
    return out
