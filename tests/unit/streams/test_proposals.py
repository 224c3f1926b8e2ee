"""Proposal events: ids from their cause, ranks counted within what the employer sees."""

from __future__ import annotations

from matching.domain import ScoredMatch
from schemas.graduates import GraduateErased
from schemas.matches import MatchProposed
from streams.proposals import proposals
from tests.unit.streams.fakes import example


def scored(graduate: str, score: float, *, visible: bool) -> ScoredMatch:
    return ScoredMatch(
        graduate_id=graduate * 64,
        vacancy_id="V-1",
        score=score,
        components={"semantic": score},
        reasons=("Cubre 3 de 4 habilidades requeridas",),
        skills_covered=(),
        skills_missing=(),
        model_version="m",
        visible=visible,
    )


def test_a_hidden_candidate_never_shifts_a_shown_rank() -> None:
    chosen = [
        scored("a", 0.9, visible=False),
        scored("b", 0.8, visible=True),
        scored("c", 0.7, visible=True),
    ]
    events = [item.event for item in proposals(chosen, cause=example(GraduateErased))]
    ranks = {
        event.graduate_id[0]: event.rank for event in events if isinstance(event, MatchProposed)
    }
    assert ranks == {"b": 1, "c": 2, "a": 1}
