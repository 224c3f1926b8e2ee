"""Applying an event's effect exactly once: claim and state change in one transaction.

``claim_and_apply`` is the one place an event is claimed for a consumer and
folded into the tables; the flows (through ``PostgresStore``), the notifier
and replay all go through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from models.graduates import consents_of
from models.materialise import apply_event
from models.outcomes import OutcomeEffect
from models.pool import Connection, Database
from models.processed import claim_event
from models.vacancies import VacancySummary, vacancy_summary
from schemas.enums import ConsentPurpose
from schemas.registry import AnyEvent


@dataclass(frozen=True)
class Applied:
    """Whether this delivery applied the event now (False: an earlier one did)."""

    first_time: bool
    outcome: OutcomeEffect | None = None


async def claim_and_apply(
    connection: Connection, *, consumer: str, event: AnyEvent, topic: str
) -> Applied:
    """Claim ``event`` for ``consumer`` and apply it, in the caller's transaction; once ever."""
    claimed = await claim_event(
        connection,
        consumer=consumer,
        event_id=event.event_id,
        event_type=event.event_type,
        topic=topic,
        event_time=event.event_time,
    )
    if not claimed:
        return Applied(first_time=False)
    return Applied(first_time=True, outcome=await apply_event(connection, event))


class FlowStore(Protocol):
    """What the flow handlers write and read: an event's effect, once, and two lookups."""

    async def apply_once(self, *, consumer: str, event: AnyEvent, topic: str) -> Applied:
        """Claim the event for ``consumer`` and apply its effect, or do nothing if done before."""
        ...

    async def vacancy_summary(self, vacancy_id: str) -> VacancySummary | None:
        """What a notification may say about a vacancy, or None if it is not stored."""
        ...

    async def consents_of(self, graduate_id: str) -> dict[ConsentPurpose, bool]:
        """Current consent per purpose; an absent purpose means no consent."""
        ...


class PostgresStore:
    """``FlowStore`` over PostgreSQL: each call is its own transaction or connection."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def apply_once(self, *, consumer: str, event: AnyEvent, topic: str) -> Applied:
        """Claim the event for ``consumer`` and apply its effect, or do nothing if done before."""
        async with self._database.transaction() as connection:
            return await claim_and_apply(connection, consumer=consumer, event=event, topic=topic)

    async def vacancy_summary(self, vacancy_id: str) -> VacancySummary | None:
        """What a notification may say about a vacancy, or None if it is not stored."""
        async with self._database.connection() as connection:
            return await vacancy_summary(connection, vacancy_id=vacancy_id)

    async def consents_of(self, graduate_id: str) -> dict[ConsentPurpose, bool]:
        """Current consent per purpose; an absent purpose means no consent."""
        async with self._database.connection() as connection:
            return await consents_of(connection, graduate_id=graduate_id)
