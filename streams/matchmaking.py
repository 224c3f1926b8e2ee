"""Finding matches for new graduates and vacancies against the global candidate set.

The policy — who is proposed, under which capacities — is the matcher's
(``Matcher.allocate_batch``, ``fill_shortlist``, ``stale_proposals``); this
module feeds it the shared state and turns its decisions into events.

Topics are partitioned, but a graduate must be matched against every open
vacancy and a vacancy against every graduate. Each worker therefore brings
its replica of the other side up to the state in PostgreSQL — which every
worker commits to — right after committing its own event. Of two events
committed concurrently by two workers, the one that commits second always
sees the first, so no pair is missed; a pair found by both gets the same
match id and is stored once.

The day of a match is its cause's event date in Mexico City (never the wall
clock, so a replay decides the same): it tells the matcher whether a graduate
is still a minor. A batch of graduates is matched on its earliest day.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from datetime import date
from typing import Protocol
from zoneinfo import ZoneInfo

from matching.matcher import Matcher
from models.matches import active_matches
from models.pool import Database
from models.profiles import load_candidates
from schemas.base import BaseEvent
from schemas.enums import MatchStatus, WithdrawalReason
from streams import metrics
from streams.processing import Outgoing
from streams.proposals import proposals, withdrawals
from streams.replica import CandidateReplica, OpeningReplica

_MEXICO_CITY = ZoneInfo("America/Mexico_City")


def match_day(cause: BaseEvent) -> date:
    """The day a match caused by ``cause`` happens: its event date in Mexico City."""
    return cause.event_time.astimezone(_MEXICO_CITY).date()


class Matchmaking(Protocol):
    """What the flows ask of matchmaking: proposals to make and proposals to withdraw."""

    async def for_graduates(self, causes: Mapping[str, BaseEvent]) -> list[Outgoing]:
        """Proposals for graduates that arrived together (id → their event)."""
        ...

    async def for_vacancy(self, vacancy_id: str, *, cause: BaseEvent) -> list[Outgoing]:
        """Withdrawals a changed vacancy calls for, then proposals for its shortlist."""
        ...

    async def withdraw_for_vacancy(
        self, vacancy_id: str, *, reason: WithdrawalReason, cause: BaseEvent
    ) -> list[Outgoing]:
        """Withdraw the open proposals of a vacancy."""
        ...

    async def withdraw_for_graduate(
        self, graduate_id: str, *, reason: WithdrawalReason, cause: BaseEvent
    ) -> list[Outgoing]:
        """Withdraw every open proposal of a graduate."""
        ...

    async def forget_graduate(self, graduate_id: str) -> None:
        """Drop a graduate being erased, and the vectors of their profile, from every cache."""
        ...


class Matchmaker:
    """Runs the matcher's policy over the shared state and turns decisions into events."""

    def __init__(self, matcher: Matcher, database: Database) -> None:
        self._matcher = matcher
        self._database = database
        self._candidates = CandidateReplica(matcher)
        self._openings = OpeningReplica(matcher)
        # One match at a time per worker: ranking reads the replicas in a
        # thread while a later sync would change them.
        self._lock = asyncio.Lock()

    async def for_graduates(self, causes: Mapping[str, BaseEvent]) -> list[Outgoing]:
        """Proposals for graduates that arrived together (id → their event), allocated jointly."""
        started = time.perf_counter()
        async with self._lock:
            async with self._database.connection() as connection:
                candidates = await load_candidates(connection, graduate_ids=sorted(causes))
                openings = await self._openings.sync(connection)
                active = await active_matches(connection)
            on = min((match_day(cause) for cause in causes.values()), default=None)
            chosen = await asyncio.to_thread(
                self._matcher.allocate_batch, candidates, openings, active, on=on
            )
        metrics.MATCH_SECONDS.labels(side="graduate").observe(time.perf_counter() - started)
        return proposals(chosen, cause_of=lambda match: causes[match.graduate_id])

    async def for_vacancy(self, vacancy_id: str, *, cause: BaseEvent) -> list[Outgoing]:
        """Withdraw proposals a changed vacancy no longer admits, then fill its shortlist."""
        started = time.perf_counter()
        async with self._lock:
            async with self._database.connection() as connection:
                candidates = await self._candidates.sync(connection)
                openings = await self._openings.sync(connection)
                active = await active_matches(connection)
            if vacancy_id not in openings:
                return []
            opening = openings.get(vacancy_id)
            query = openings.matrix[openings.row(vacancy_id)]
            proposed = [m for m in active if m.status == MatchStatus.PROPOSED]
            on = match_day(cause)
            stale = self._matcher.stale_proposals(opening, candidates, proposed, on=on)
            dropped = {m.match_id for m in stale}
            still_active = [m for m in active if m.match_id not in dropped]
            chosen = await asyncio.to_thread(
                self._matcher.fill_shortlist, opening, candidates, still_active, query=query, on=on
            )
        metrics.MATCH_SECONDS.labels(side="vacancy").observe(time.perf_counter() - started)
        pairs = [(m.match_id, m.graduate_id, m.vacancy_id) for m in stale]
        withdrawn = withdrawals(pairs, reason=WithdrawalReason.VACANCY_CHANGED, cause=cause)
        return withdrawn + proposals(chosen, cause=cause)

    async def withdraw_for_vacancy(
        self, vacancy_id: str, *, reason: WithdrawalReason, cause: BaseEvent
    ) -> list[Outgoing]:
        """Withdraw the open proposals of a closed or filled vacancy."""
        return await self._withdraw(reason, cause, vacancy_id=vacancy_id)

    async def withdraw_for_graduate(
        self, graduate_id: str, *, reason: WithdrawalReason, cause: BaseEvent
    ) -> list[Outgoing]:
        """Withdraw every open proposal of a graduate (consent withdrawn, placed elsewhere)."""
        return await self._withdraw(reason, cause, graduate_id=graduate_id)

    async def forget_graduate(self, graduate_id: str) -> None:
        """Drop a graduate being erased, and the vectors of their profile, from every cache.

        Called before their rows are deleted, while the profile is there to read;
        the replica then keeps them out until the rows are gone, so no match in
        between encodes them again. Forgetting twice is harmless (redelivery).
        """
        async with self._lock:
            async with self._database.connection() as connection:
                stored = await load_candidates(
                    connection, graduate_ids=[graduate_id], only_matchable=False
                )
            held = await self._candidates.withhold(graduate_id)
            # The replica may hold an older version of the profile, with another text.
            versions = [*stored, *([held] if held is not None else [])]
            await asyncio.to_thread(self._matcher.forget_candidates, versions)

    async def _withdraw(
        self,
        reason: WithdrawalReason,
        cause: BaseEvent,
        *,
        vacancy_id: str | None = None,
        graduate_id: str | None = None,
    ) -> list[Outgoing]:
        async with self._database.connection() as connection:
            active = await active_matches(
                connection, vacancy_id=vacancy_id, graduate_id=graduate_id
            )
        pending = [
            (m.match_id, m.graduate_id, m.vacancy_id)
            for m in active
            if m.status == MatchStatus.PROPOSED
        ]
        return withdrawals(pending, reason=reason, cause=cause)
