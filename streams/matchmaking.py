"""Finding matches for new graduates and vacancies against the global candidate set.

Topics are partitioned, but a graduate must be matched against every open
vacancy and a vacancy against every graduate. Each worker therefore brings
its replica of the other side up to the state in PostgreSQL — which every
worker commits to — right after committing its own event. Of two events
committed concurrently by two workers, the one that commits second always
sees the first, so no pair is missed; a pair found by both gets the same
match id and is stored once.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from matching.allocation import allocate_joint, shortlist_size
from matching.domain import Candidate, Opening, ScoredMatch
from matching.encoder import Matrix
from matching.index import CandidateIndex, OpeningIndex
from matching.matcher import Matcher
from matching.retrieval import is_eligible
from models.matches import ActiveMatch, active_matches
from models.pool import Database
from models.profiles import load_candidates
from schemas.base import BaseEvent
from schemas.enums import WithdrawalReason
from streams import metrics
from streams.processing import Outgoing
from streams.proposals import proposals, withdrawals
from streams.replica import CandidateReplica, OpeningReplica


class Matchmaker:
    """Runs the matcher over the shared state and turns decisions into events."""

    def __init__(self, matcher: Matcher, database: Database) -> None:
        self._matcher = matcher
        self._database = database
        self._candidates = CandidateReplica(matcher)
        self._openings = OpeningReplica(matcher)
        # One match at a time per worker: ranking reads the replicas in a
        # thread while a later sync would change them.
        self._lock = asyncio.Lock()

    def _remaining_shortlist(
        self, openings: Iterable[Opening], active: Sequence[ActiveMatch]
    ) -> dict[str, int]:
        taken = Counter(match.vacancy_id for match in active)
        return {
            opening.vacancy_id: max(
                0,
                shortlist_size(opening.open_seats, self._matcher.shortlist_factor)
                - taken[opening.vacancy_id],
            )
            if opening.takes_candidates
            else 0
            for opening in openings
        }

    def _remaining_exposure(
        self, graduate_ids: Iterable[str], active: Sequence[ActiveMatch]
    ) -> dict[str, int]:
        exposure = Counter(match.graduate_id for match in active)
        return {g: max(0, self._matcher.exposure_cap - exposure[g]) for g in graduate_ids}

    async def for_graduates(self, causes: Mapping[str, BaseEvent]) -> list[Outgoing]:
        """Proposals for graduates that arrived together (id → their event), allocated jointly."""
        started = time.perf_counter()
        async with self._lock:
            async with self._database.connection() as connection:
                candidates = await load_candidates(connection, graduate_ids=sorted(causes))
                openings = await self._openings.sync(connection)
                active = await active_matches(connection)
            if not candidates or not len(openings):
                return []
            chosen = await asyncio.to_thread(self._allocate, candidates, openings, active)
        metrics.MATCH_SECONDS.labels(side="graduate").observe(time.perf_counter() - started)
        return proposals(chosen, cause_of=lambda match: causes[match.graduate_id])

    def _allocate(
        self,
        candidates: Sequence[Candidate],
        openings: OpeningIndex,
        active: Sequence[ActiveMatch],
    ) -> list[ScoredMatch]:
        existing = {(match.graduate_id, match.vacancy_id) for match in active}
        index = self._matcher.candidate_index(candidates)
        room = self._remaining_shortlist(openings.items(), active)
        edges: list[ScoredMatch] = []
        for row, opening in enumerate(openings.items()):
            if room[opening.vacancy_id] == 0:
                continue
            # Never fewer edges than places left, so the batch a graduate arrives
            # in cannot cut them off a shortlist that has room.
            depth = max(self._matcher.edges_per_opening, room[opening.vacancy_id])
            ranked = self._matcher.rank_candidates(
                opening, index, depth, query=openings.matrix[row]
            )
            edges.extend(m for m in ranked if (m.graduate_id, m.vacancy_id) not in existing)
        return allocate_joint(
            edges,
            opening_capacity=room,
            graduate_capacity=self._remaining_exposure([c.graduate_id for c in candidates], active),
        )

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
            outgoing = self._no_longer_eligible(opening, candidates, active, cause=cause)
            dropped = {item.event.match_id for item in outgoing}  # type: ignore[attr-defined]
            still_active = [m for m in active if m.match_id not in dropped]
            chosen = await asyncio.to_thread(
                self._fill_shortlist, opening, query, candidates, still_active
            )
        metrics.MATCH_SECONDS.labels(side="vacancy").observe(time.perf_counter() - started)
        return outgoing + proposals(chosen, cause=cause)

    def _no_longer_eligible(
        self,
        opening: Opening,
        candidates: CandidateIndex,
        active: Sequence[ActiveMatch],
        *,
        cause: BaseEvent,
    ) -> list[Outgoing]:
        stale = [
            (m.match_id, m.graduate_id, m.vacancy_id)
            for m in active
            if m.vacancy_id == opening.vacancy_id
            and m.status == "proposed"
            and opening.takes_candidates
            and (
                m.graduate_id not in candidates
                or not is_eligible(candidates.get(m.graduate_id), opening, self._matcher.resolver)
            )
        ]
        return withdrawals(stale, reason=WithdrawalReason.VACANCY_CHANGED, cause=cause)

    def _fill_shortlist(
        self,
        opening: Opening,
        query: Matrix,
        candidates: CandidateIndex,
        active: Sequence[ActiveMatch],
    ) -> list[ScoredMatch]:
        room = self._remaining_shortlist([opening], active)[opening.vacancy_id]
        if room == 0 or not len(candidates):
            return []
        capacity = self._remaining_exposure(candidates.ids, active)
        blocked = {g for g, left in capacity.items() if left == 0} | {
            m.graduate_id for m in active if m.vacancy_id == opening.vacancy_id
        }
        # Rank deep enough that the blocked ones cannot crowd out the places left.
        ranked = self._matcher.rank_candidates(
            opening, candidates, room + len(blocked), query=query
        )
        return [m for m in ranked if m.graduate_id not in blocked][:room]

    async def withdraw_for_vacancy(
        self, vacancy_id: str, *, reason: WithdrawalReason, cause: BaseEvent
    ) -> list[Outgoing]:
        """Withdraw the open proposals of a closed or filled vacancy."""
        async with self._database.connection() as connection:
            active = await active_matches(connection, vacancy_id=vacancy_id)
        pending = [
            (m.match_id, m.graduate_id, m.vacancy_id) for m in active if m.status == "proposed"
        ]
        return withdrawals(pending, reason=reason, cause=cause)

    async def withdraw_for_graduate(
        self, graduate_id: str, *, reason: WithdrawalReason, cause: BaseEvent
    ) -> list[Outgoing]:
        """Withdraw every open proposal of a graduate (consent withdrawn, placed elsewhere)."""
        async with self._database.connection() as connection:
            active = await active_matches(connection, graduate_id=graduate_id)
        pending = [
            (m.match_id, m.graduate_id, m.vacancy_id) for m in active if m.status == "proposed"
        ]
        return withdrawals(pending, reason=reason, cause=cause)
