"""Events a match decision produces, with deterministic ids and event times."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from uuid import UUID

from matching.domain import ScoredMatch
from schemas.base import BaseEvent
from schemas.enums import WithdrawalReason
from schemas.matches import MatchProposed, MatchWithdrawn
from streams.processing import Outgoing

MATCH_NAMESPACE = uuid.UUID("0c3b8a52-6f7e-4d3e-a1f4-59d0c0b6e1a7")
MAX_REASONS = 50


def match_id(graduate_id: str, vacancy_id: str) -> UUID:
    """One match id per graduate-vacancy pair, whichever worker finds it."""
    return uuid.uuid5(MATCH_NAMESPACE, f"match:{graduate_id}:{vacancy_id}")


def derived_event_id(kind: str, subject: UUID | str, cause: BaseEvent) -> UUID:
    """Id of an event derived from ``cause``: the same on redelivery and replay."""
    return uuid.uuid5(MATCH_NAMESPACE, f"{kind}:{subject}:{cause.event_id}")


def proposals(
    matches: Sequence[ScoredMatch],
    *,
    cause: BaseEvent | None = None,
    cause_of: Callable[[ScoredMatch], BaseEvent] | None = None,
) -> list[Outgoing]:
    """``MatchProposed`` events for scored matches, ranked per vacancy by score.

    Ranks count shown and unshown candidates apart, so a shown rank reveals nothing
    about candidates who do not share their profile.

    Each proposal takes its id and event time from the event that caused it:
    ``cause`` for all, or ``cause_of(match)`` when a batch had several causes.
    """
    if (cause is None) == (cause_of is None):
        raise ValueError("give exactly one of cause and cause_of")
    by_vacancy: dict[str, list[ScoredMatch]] = {}
    for match in matches:
        by_vacancy.setdefault(match.vacancy_id, []).append(match)
    events: list[Outgoing] = []
    for vacancy_id in sorted(by_vacancy):
        ranked = sorted(by_vacancy[vacancy_id], key=lambda m: (-m.score, m.graduate_id))
        # Ranked within what the employer sees: a hidden candidate never shifts a shown rank.
        ranks: dict[bool, int] = {True: 0, False: 0}
        for match in ranked:
            ranks[match.visible] += 1
            rank = ranks[match.visible]
            identifier = match_id(match.graduate_id, match.vacancy_id)
            origin = cause if cause is not None else cause_of(match)  # type: ignore[misc]
            event = MatchProposed(
                event_id=derived_event_id("proposed", identifier, origin),
                event_time=origin.event_time,
                schema_version=1,
                match_id=identifier,
                graduate_id=match.graduate_id,
                vacancy_id=match.vacancy_id,
                score=match.score,
                components=dict(match.components),
                reasons=tuple(match.reasons[:MAX_REASONS]),
                rank=rank,
                model_version=match.model_version[:100],
            )
            events.append(Outgoing(key=str(identifier), event=event))
    return events


def withdrawals(
    pairs: Iterable[tuple[UUID, str, str]], *, reason: WithdrawalReason, cause: BaseEvent
) -> list[Outgoing]:
    """``MatchWithdrawn`` events for (match id, graduate id, vacancy id) triples."""
    events: list[Outgoing] = []
    for identifier, graduate_id, vacancy_id in sorted(pairs, key=lambda item: str(item[0])):
        event = MatchWithdrawn(
            event_id=derived_event_id("withdrawn", identifier, cause),
            event_time=cause.event_time,
            schema_version=1,
            match_id=identifier,
            graduate_id=graduate_id,
            vacancy_id=vacancy_id,
            reason=reason,
        )
        events.append(Outgoing(key=str(identifier), event=event))
    return events
