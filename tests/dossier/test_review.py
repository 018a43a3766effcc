"""Review files: outcomes numbered as displayed, quotes checked, errors with file and line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mcqa.dossier import dossier_for_file, parse_decisions
from mcqa.errors import InputError

from .conftest import EXAMPLE, PINNED_PACK

SKILL = "http://data.europa.eu/esco/skill/c3e36d05-8ae8-447f-bb2b-6f9409f85389"
ENTRY = {"skill": SKILL, "decision": "accept", "reviewer": "M. Keane", "date": "2025-09-30"}


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "review.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def _dossier(review: Path, esco_db: Path | None = None):  # type: ignore[no-untyped-def]
    return dossier_for_file(EXAMPLE, "DE", esco_db=esco_db, use_default_esco=False,
                            review=review, packs=[PINNED_PACK], as_of=date(2025, 10, 1))


def test_outcome_3_lands_on_lo3(tmp_path: Path, esco_db: Path) -> None:
    review = _write(tmp_path, f"version: 2\ndecisions:\n  - outcome: 3\n    skill: {SKILL}\n"
                    "    decision: accept\n    reviewer: M. Keane\n    date: 2025-09-30\n")
    d = _dossier(review, esco_db)
    reviewed = {o.index + 1: [s.uri for s in o.suggested if s.review_status == "accepted"]
                for o in d.esco.outcomes}
    assert reviewed == {1: [], 2: [], 3: [SKILL], 4: []}
    assert d.esco.unmatched_decisions == ()


def test_out_of_range_outcome_names_file_and_line(tmp_path: Path) -> None:
    review = _write(tmp_path, "version: 2\ndecisions:\n  - outcome: 1\n"
                    f"    skill: {SKILL}\n    decision: reject\n    reviewer: A\n"
                    "    date: 2025-09-30\n  - outcome: 5\n"
                    f"    skill: {SKILL}\n    decision: accept\n    reviewer: A\n"
                    "    date: 2025-09-30\n")
    with pytest.raises(InputError) as err:
        _dossier(review)
    assert f"{review}:line 8:" in err.value.one_line()
    assert "4 learning outcomes (LO1-LO4)" in err.value.one_line()


def test_quote_that_does_not_match_is_an_error(tmp_path: Path) -> None:
    review = _write(tmp_path, "version: 2\ndecisions:\n  - outcome: 4\n"
                    "    quote: Deliver visual presentation\n"
                    f"    skill: {SKILL}\n    decision: accept\n    reviewer: A\n"
                    "    date: 2025-09-30\n")
    with pytest.raises(InputError, match=r"line 3: quote 'Deliver visual presentation' is not "
                       r"in LO4"):
        _dossier(review)


def test_matching_quote_is_accepted_case_and_space_insensitive(tmp_path: Path) -> None:
    review = _write(tmp_path, "version: 2\ndecisions:\n  - outcome: 3\n"
                    "    quote: '  deliver   VISUAL presentation '\n"
                    f"    skill: {SKILL}\n    decision: accept\n    reviewer: A\n"
                    "    date: 2025-09-30\n")
    assert _dossier(review).esco.unmatched_decisions == ()


def test_format_1_files_are_refused_not_misread() -> None:
    with pytest.raises(InputError, match="version: 2"):
        parse_decisions({"decisions": [{**ENTRY, "outcome": 2}]})


def test_zero_and_invalid_entries_name_the_entry() -> None:
    with pytest.raises(InputError, match="decision 1: outcome"):
        parse_decisions({"version": 2, "decisions": [{**ENTRY, "outcome": 0}]})
    with pytest.raises(InputError, match="decision 1: decision"):
        parse_decisions({"version": 2, "decisions": [{**ENTRY, "outcome": 1,
                                                      "decision": "maybe"}]})
    with pytest.raises(InputError, match="no 'decisions' list"):
        parse_decisions({"nope": 1})
    with pytest.raises(InputError, match="set by mcqa"):
        parse_decisions({"version": 2, "decisions": [{**ENTRY, "outcome": 1, "line": 3}]})


def test_unknown_hash_is_listed_not_applied(tmp_path: Path, esco_db: Path) -> None:
    review = _write(tmp_path, "version: 2\ndecisions:\n  - outcome_hash: deadbeefdeadbeef\n"
                    f"    skill: {SKILL}\n    decision: accept\n    reviewer: A\n"
                    "    date: 2025-09-30\n")
    d = _dossier(review, esco_db)
    assert len(d.esco.unmatched_decisions) == 1
    assert not any(s.review_status != "unreviewed" for o in d.esco.outcomes for s in o.suggested)
