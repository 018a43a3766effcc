"""The ESCO service (picklable, per-process connection) and the ESCO check operators."""

from __future__ import annotations

import multiprocessing
import pickle
from pathlib import Path
from typing import Any

import pytest

from mcqa.engine import Context, evaluate_expr
from mcqa.engine.operators import OPERATORS, expr_services
from mcqa.errors import DataStoreError
from mcqa.esco import EscoService, default_db_path, open_esco_service
from mcqa.esco.store import DATA_DIR_ENV, EscoIndex
from tests.conftest import (
    AS_OF,
    ESCO_DATA_MINING,
    ESCO_DB_DESIGNER,
    ESCO_DB_SKILL,
    ESCO_ISCO_2521,
    ESCO_MADE_UP,
    ESCO_OBSOLETE,
    ESCO_SKILL_GROUP,
    make_record,
)

PATH = "learning_outcomes[*].esco_skills"


def _run(expr: dict[str, Any], uris: list[str], service: EscoService | None,
         outcomes: list[dict[str, Any]] | None = None) -> Any:
    rec = make_record({"learning_outcomes": outcomes or [
        {"text": "Design a relational database schema and justify it.", "esco": uris}]})
    services = {"esco": service} if service is not None else {}
    return evaluate_expr(expr, rec, Context(as_of=AS_OF, services=services))


@pytest.fixture
def service(esco_fixture_db: Path) -> Any:
    svc = EscoService.open(esco_fixture_db)
    yield svc
    svc.close()


# --- default location -----------------------------------------------------------------


def test_default_location_follows_mcqa_data_dir(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    assert default_db_path() == tmp_path / "esco.sqlite"
    monkeypatch.delenv(DATA_DIR_ENV)
    assert default_db_path().name == "esco.sqlite" and default_db_path().parent != tmp_path


def test_tests_never_see_an_installed_index() -> None:
    """tests/conftest.py points the default at an empty folder for every test."""
    assert not default_db_path().exists()
    assert open_esco_service() is None


def test_open_service_explicit_default_and_none(esco_fixture_db: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DataStoreError, match="no ESCO index"):
        open_esco_service(esco_fixture_db.parent / "missing.sqlite")
    monkeypatch.setenv(DATA_DIR_ENV, str(esco_fixture_db.parent))  # holds esco.sqlite
    found = open_esco_service()
    assert found is not None and found.version == "v1.1.1"
    assert open_esco_service(use_default=False) is None


# --- picklable, one connection per process --------------------------------------------


def _labels_in_child(service: EscoService, uri: str) -> str:
    info = service.index().resolve(uri)
    return info.preferred_label if info else ""


def test_service_pickles_without_its_connection(service: EscoService) -> None:
    service.index()  # open a connection in this process
    clone = pickle.loads(pickle.dumps(Context(as_of=AS_OF, services={"esco": service})))
    copy = clone.services["esco"]
    assert copy.version == "v1.1.1" and copy.path == service.path
    assert copy._index is None  # nothing was pickled but path and release facts
    assert copy.index().resolve(ESCO_DB_SKILL) is not None


def test_service_works_in_spawned_and_forked_workers(service: EscoService) -> None:
    service.index()
    for method in ("spawn", "fork"):
        with multiprocessing.get_context(method).Pool(1) as pool:
            label = pool.apply(_labels_in_child, (service, ESCO_DB_SKILL))
        assert label == "design database scheme", method


def test_service_reopens_after_fork(service: EscoService) -> None:
    first = service.index()
    service._pid = -1  # as seen from a forked child: the inherited connection is not its own
    second = service.index()
    assert second is not first
    first.close()


# --- store: kind-agnostic URI check -----------------------------------------------------


def test_check_uri_is_kind_agnostic_and_validate_skill_uris_unchanged(
        esco_fixture_db: Path) -> None:
    index = EscoIndex.open(esco_fixture_db)
    try:
        assert index.check_uri(ESCO_DB_DESIGNER).status == "ok"
        assert index.check_uri(ESCO_MADE_UP).status == "unknown"
        obsolete = index.check_uri(ESCO_OBSOLETE)
        assert (obsolete.status, obsolete.replaced_by) == ("obsolete", ESCO_DB_SKILL)
        https = index.check_uri(ESCO_DB_SKILL.replace("http://", "https://"))
        assert https.status == "malformed" and "http://" in https.message
        statuses = [c.status for c in index.validate_skill_uris(
            [ESCO_DB_SKILL, ESCO_DB_DESIGNER, ESCO_OBSOLETE, ESCO_MADE_UP, "SQL"])]
        assert statuses == ["ok", "not_a_skill", "obsolete", "unknown", "malformed"]
    finally:
        index.close()


# --- operators ----------------------------------------------------------------------------


def test_operators_declare_the_esco_service() -> None:
    assert OPERATORS["esco_uri_valid"].service == "esco"
    assert OPERATORS["esco_concept_type"].service == "esco"
    assert OPERATORS["esco_outcome_coverage"].service is None  # needs no index
    assert expr_services({"not": {"any_of": [{"op": "present", "path": "title"},
                                             {"op": "esco_uri_valid", "path": PATH}]}}) == {"esco"}


def test_uri_valid_names_unknown_uri_and_obsolete_successor(service: EscoService) -> None:
    out = _run({"op": "esco_uri_valid", "path": PATH}, [ESCO_DATA_MINING, ESCO_MADE_UP], service)
    assert not out.ok and out.observed == f"{ESCO_MADE_UP} not in ESCO v1.1.1"
    assert out.path == "learning_outcomes.0.esco_skills.1"
    out = _run({"op": "esco_uri_valid", "path": PATH}, [ESCO_OBSOLETE], service)
    assert not out.ok and ESCO_DB_SKILL in out.observed and len(out.observed) <= 120
    out = _run({"op": "esco_uri_valid", "path": PATH, "reject": ["obsolete"]}, [ESCO_MADE_UP],
               service)
    assert out.ok and "1 unknown" in out.observed


def test_concept_type_names_type_and_label(service: EscoService) -> None:
    expr = {"op": "esco_concept_type", "path": PATH}
    for uri, kind in ((ESCO_DB_DESIGNER, "occupation"), (ESCO_ISCO_2521, "isco-group"),
                      (ESCO_SKILL_GROUP, "skill-group")):
        out = _run(expr, [ESCO_DB_SKILL, uri], service)
        assert not out.ok and f"is an ESCO {kind}" in out.observed
    assert _run({**expr, "types": ["skill", "occupation"]}, [ESCO_DB_DESIGNER], service).ok


def test_index_operators_are_unverifiable_without_index() -> None:
    for op in ("esco_uri_valid", "esco_concept_type"):
        out = _run({"op": op, "path": PATH}, [ESCO_DB_SKILL], None)
        assert out.unverifiable and not out.ok
        assert "mcqa esco import" in out.evidence and "--esco-db" in out.evidence


def test_no_uri_stated_passes_without_needing_an_index() -> None:
    out = _run({"op": "esco_uri_valid", "path": PATH}, [], None)
    assert out.ok and not out.unverifiable


def test_coverage_counts_outcomes_and_names_first_unlinked() -> None:
    outcomes = [{"text": "one two three four five", "esco": [ESCO_DB_SKILL]},
                {"text": "six seven eight nine ten"},
                {"text": "eleven twelve thirteen fourteen", "esco": [ESCO_MADE_UP]}]
    out = _run({"op": "esco_outcome_coverage", "min": 1}, [], None, outcomes)
    assert not out.ok and out.path == "learning_outcomes.1.text"
    assert out.observed.startswith("2 of 3 learning outcomes cite an ESCO URI (67%")
    assert _run({"op": "esco_outcome_coverage", "min": 0.6}, [], None, outcomes).ok
