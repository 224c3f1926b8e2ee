"""Graduations: store the certified profile (matching is added by the matcher flow)."""

from __future__ import annotations

from collections.abc import Sequence

from models.graduates import apply_consent_change, store_graduate
from models.pool import Database
from models.processed import claim_event
from schemas.graduates import ConsentChanged, GraduateCertified
from schemas.registry import AnyEvent
from streams.processing import Delivery, Handler, Outgoing, PermanentError

CONSUMER = "graduations"


def graduation_handler(database: Database) -> Handler:
    """Handler for the graduations and consents topics."""

    async def handle(event: AnyEvent, delivery: Delivery) -> Sequence[Outgoing]:
        if not isinstance(event, GraduateCertified | ConsentChanged):
            raise PermanentError(f"{event.event_type} no pertenece a {delivery.topic}")
        async with database.transaction() as connection:
            claimed = await claim_event(
                connection,
                consumer=CONSUMER,
                event_id=event.event_id,
                event_type=event.event_type,
                topic=delivery.topic,
                event_time=event.event_time,
            )
            if claimed and isinstance(event, GraduateCertified):
                await store_graduate(connection, event=event)
            elif claimed and isinstance(event, ConsentChanged):
                await apply_consent_change(connection, event=event)
        return []

    return handle
