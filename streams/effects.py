"""Applying an event's effect exactly once: claim and state change in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from models.materialise import apply_event
from models.outcomes import OutcomeEffect
from models.pool import Database
from models.processed import claim_event
from schemas.registry import AnyEvent
from streams.processing import Delivery


@dataclass(frozen=True)
class Applied:
    """Whether this delivery applied the event now (False: an earlier one did)."""

    first_time: bool
    outcome: OutcomeEffect | None = None


async def apply_once(
    database: Database, *, consumer: str, event: AnyEvent, delivery: Delivery
) -> Applied:
    """Claim the event for ``consumer`` and apply its effect, or do nothing if done before."""
    async with database.transaction() as connection:
        claimed = await claim_event(
            connection,
            consumer=consumer,
            event_id=event.event_id,
            event_type=event.event_type,
            topic=delivery.topic,
            event_time=event.event_time,
        )
        if not claimed:
            return Applied(first_time=False)
        return Applied(first_time=True, outcome=await apply_event(connection, event))
