"""Notification requests and their delivery results."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

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


async def delivered_on_day(connection: Connection, *, graduate_id: str, day_start: datetime) -> int:
    """Notifications sent to a graduate during the 24 hours from ``day_start``."""
    cursor = await connection.execute(
        """
        SELECT count(*) FROM notifications
        WHERE graduate_id = %s AND status = 'delivered'
          AND requested_at >= %s AND requested_at < %s
        """,
        (graduate_id, day_start, day_start + timedelta(days=1)),
    )
    row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def delivery_status(connection: Connection, *, notification_id: UUID) -> str | None:
    """Current status of a notification, or None if unknown."""
    cursor = await connection.execute(
        "SELECT status FROM notifications WHERE notification_id = %s", (notification_id,)
    )
    row = await cursor.fetchone()
    return None if row is None else str(row[0])
