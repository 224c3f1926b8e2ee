"""Notification requests and their delivery results."""

from __future__ import annotations

from psycopg.types.json import Jsonb

from models.pool import Connection
from schemas.notifications import NotificationDelivered, NotificationRequested


async def store_notification(connection: Connection, *, event: NotificationRequested) -> None:
    """Record a requested notification (once per notification id)."""
    await connection.execute(
        """
        INSERT INTO notifications (notification_id, graduate_id, kind, channel, match_id, template,
                                   params, requested_at, updated_at)
        VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)
        ON CONFLICT (notification_id) DO NOTHING
        """,
        (
            event.notification_id,
            event.graduate_id,
            event.kind.value,
            event.channel.value,
            event.match_id,
            event.template,
            Jsonb(dict(sorted(event.params.items()))),
            event.event_time,
            event.event_time,
        ),
    )


async def record_delivery(connection: Connection, *, event: NotificationDelivered) -> None:
    """Store the final delivery status of a notification."""
    await connection.execute(
        """
        UPDATE notifications SET status = %s, attempts = %s, detail = %s, updated_at = %s
        WHERE notification_id = %s AND updated_at <= %s
        """,
        (
            event.status.value,
            event.attempts,
            event.detail,
            event.event_time,
            event.notification_id,
            event.event_time,
        ),
    )
