"""ESCO coverage of a credential's learning outcomes (pure: no index needed)."""

from __future__ import annotations

from mcqa.model.record import CredentialRecord


def outcome_coverage(record: CredentialRecord) -> float:
    """Share of learning outcomes citing at least one ESCO URI (0.0 when there are none).

    Pure so pack rules can call it without an imported index; whether the URIs
    resolve is :meth:`mcqa.esco.EscoIndex.validate_skill_uris`'s job.
    """
    outcomes = record.learning_outcomes
    if not outcomes:
        return 0.0
    linked = sum(1 for lo in outcomes if any(u.strip() for u in lo.esco_skills))
    return linked / len(outcomes)
