"""The processed-events record that makes every consumer idempotent."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from models.pool import Connection


async def claim_event(
    connection: Connection,
    *,
    consumer: str,
    event_id: UUID,
    event_type: str,
    topic: str,
    event_time: datetime,
) -> bool:
    """Record that ``consumer`` applies ``event_id``; False if it already did.

    Call inside the transaction that writes the event's effect, so the effect
    and the record commit or roll back together.
    """
    cursor = await connection.execute(
        "INSERT INTO processed_events (consumer, event_id, event_type, topic, event_time)"
        " VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
        (consumer, event_id, event_type, topic, event_time),
    )
    return cursor.rowcount == 1
