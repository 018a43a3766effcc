"""Resolve/validate, coverage, occupations and mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

import mcqa.esco.mapper as mapper_module
from mcqa.esco import EscoIndex, Mapper, outcome_coverage
from mcqa.model.record import CredentialRecord, LearningOutcome

from .conftest import DB_DESIGNER, DB_SKILL, SQL_SKILL


def test_validate_statuses(index: EscoIndex) -> None:
    made_up = "http://data.europa.eu/esco/skill/11111111-2222-4333-8444-555555555555"
    checks = index.validate_skill_uris(
        [DB_SKILL, made_up, DB_DESIGNER, "not a uri", "http://example.org/skill/1"])
    assert [c.status for c in checks] == ["ok", "unknown", "not_a_skill", "malformed",
                                         "malformed"]
    assert checks[0].label == "design database scheme"
    assert index.resolve(made_up) is None


def test_outcome_coverage() -> None:
    record = CredentialRecord(
        record_id="r1", source_file="x.json", source_format="native",
        learning_outcomes=(LearningOutcome(text="a", esco_skills=(DB_SKILL,)),
                           LearningOutcome(text="b"), LearningOutcome(text="c"),
                           LearningOutcome(text="d", esco_skills=(SQL_SKILL,))))
    assert outcome_coverage(record) == 0.5
    assert outcome_coverage(CredentialRecord(record_id="r", source_file="f",
                                             source_format="native")) == 0.0


def test_occupations_for(index: EscoIndex) -> None:
    links = index.occupations_for([DB_SKILL, SQL_SKILL])
    designer = next(o for o in links if o.uri == DB_DESIGNER)
    assert designer.isco_code == "2521" and DB_SKILL in designer.essential
    assert designer.total_essential >= len(designer.essential)
    assert index.occupations_for([]) == []


def test_search(index: EscoIndex) -> None:
    hits = index.search("database scheme", top=5, kind="skill")
    assert hits and hits[0].uri == DB_SKILL
    assert index.search("!!!") == []
    assert index.search("SQL", top=3)[0].uri == SQL_SKILL  # exact label first


def test_mapping_full_release(full_db: Path) -> None:
    mapper = Mapper(EscoIndex.open(full_db), ranker="lexical")
    result = mapper.map("Design and implement a relational database schema", top=5)
    labels = [s.label for s in result]
    assert labels[0] == "design database scheme"
    assert result[0].decision == "accept" and result[0].coverage == 1.0
    assert "databas" in result[0].matched_terms
    assert sum("database" in label.lower() for label in labels) >= 3
    skills = mapper.map("Communicate effectively in a team and solve problems", top=10)
    assert skills[0].label == "solve problems"
    assert any("communic" in s.matched_terms and "team" in s.matched_terms for s in skills[:5])
    assert mapper.map("zzzz qqqq") == []
    assert all(s.decision == "review"
               for s in Mapper(mapper.index, threshold=1e9, ranker="lexical").map("SQL", top=3))


def test_mapping_spreads_the_top_over_the_text(full_db: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Work in a team and communicate with customers by telephone"
    mapper = Mapper(EscoIndex.open(full_db), ranker="lexical")
    spread = mapper.map(text, top=10)
    monkeypatch.setattr(mapper_module, "DIVERSITY", 0.0)
    plain = {s.uri: s.score for s in mapper.map(text, top=30)}
    scores = [s.score for s in spread]
    assert scores == sorted(scores, reverse=True)
    assert spread[0].score == plain[spread[0].uri]  # the best match is never lowered
    # a skill whose matched words a better one already matched ("contact customers"
    # after "communicate with customers") loses points; new words cost nothing
    assert all(s.score <= plain[s.uri] for s in spread)
    lowered = {s.label for s in spread if s.score < plain[s.uri] - 1e-6}
    assert "contact customers" in lowered and "work in teams" not in lowered
    assert {"communicate with customers", "communicate by telephone",
            "work in teams"} <= {s.label for s in spread[:5]}
