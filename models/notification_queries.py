"""What the notification sender reads at send time: state, consent, contact, cap, digest items.

The contact table is read here and nowhere else in the stream workers:
this module is the notification sender's only door to personal data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from models.pool import Connection

_NOTIFICATION_COLUMNS = """
    notification_id, graduate_id, kind, channel, match_id, template, params, status,
    attempts, COALESCE(detail, ''), requested_at
"""


@dataclass(frozen=True)
class StoredNotification:
    """One row of ``notifications`` as the sender needs it."""

    notification_id: UUID
    graduate_id: str
    kind: str
    channel: str
    match_id: UUID | None
    template: str
    params: dict[str, str]
    status: str
    attempts: int
    detail: str
    requested_at: datetime


@dataclass(frozen=True)
class Recipient:
    """Who an e-mail goes to: the full name (for the greeting) and the address."""

    full_name: str
    email: str | None


@dataclass(frozen=True)
class DeferredNotification:
    """A notification the daily cap held back and no digest has listed yet."""

    graduate_id: str
    notification_id: UUID
    requested_at: datetime


def _notification(row: tuple[Any, ...]) -> StoredNotification:
    params = row[6] if isinstance(row[6], dict) else {}
    return StoredNotification(
        notification_id=row[0],
        graduate_id=str(row[1]),
        kind=str(row[2]),
        channel=str(row[3]),
        match_id=row[4],
        template=str(row[5]),
        params={str(key): str(value) for key, value in params.items()},
        status=str(row[7]),
        attempts=int(row[8]),
        detail=str(row[9]),
        requested_at=row[10],
    )


async def stored_notification(
    connection: Connection, *, notification_id: UUID
) -> StoredNotification | None:
    """The stored notification, or None if it was never stored (e.g. its graduate was erased)."""
    cursor = await connection.execute(
        f"SELECT {_NOTIFICATION_COLUMNS} FROM notifications WHERE notification_id = %s",
        (notification_id,),
    )
    row = await cursor.fetchone()
    return None if row is None else _notification(row)


async def notifications_by_id(
    connection: Connection, *, notification_ids: Sequence[UUID]
) -> list[StoredNotification]:
    """Stored notifications among ``notification_ids``, oldest first (ties by id)."""
    cursor = await connection.execute(
        f"SELECT {_NOTIFICATION_COLUMNS} FROM notifications WHERE notification_id = ANY(%s)"
        " ORDER BY requested_at, notification_id",
        (list(notification_ids),),
    )
    return [_notification(row) for row in await cursor.fetchall()]


async def recipient_of(connection: Connection, *, graduate_id: str) -> Recipient | None:
    """Name and e-mail address of a graduate, or None if no contact is stored."""
    cursor = await connection.execute(
        "SELECT full_name, email FROM contacts WHERE graduate_id = %s", (graduate_id,)
    )
    row = await cursor.fetchone()
    if row is None:
        return None
    return Recipient(full_name=str(row[0]), email=None if row[1] is None else str(row[1]))


async def consent_granted(connection: Connection, *, graduate_id: str, purpose: str) -> bool:
    """The graduate's current answer for ``purpose``; no answer means no consent."""
    cursor = await connection.execute(
        "SELECT granted FROM consents WHERE graduate_id = %s AND purpose = %s",
        (graduate_id, purpose),
    )
    row = await cursor.fetchone()
    return bool(row[0]) if row is not None else False


async def capped_emails_delivered(
    connection: Connection, *, graduate_id: str, start: datetime, end: datetime
) -> int:
    """E-mails (digests excluded) delivered to a graduate with event time in [start, end)."""
    cursor = await connection.execute(
        """
        SELECT count(*) FROM notifications
        WHERE graduate_id = %s AND channel = 'email' AND kind <> 'digest'
          AND status = 'delivered' AND requested_at >= %s AND requested_at < %s
        """,
        (graduate_id, start, end),
    )
    row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def match_status(connection: Connection, *, match_id: UUID) -> str | None:
    """``proposed``, ``withdrawn``… of a match, or None if it is not stored."""
    cursor = await connection.execute("SELECT status FROM matches WHERE match_id = %s", (match_id,))
    row = await cursor.fetchone()
    return None if row is None else str(row[0])


async def vacancy_webhook_url(connection: Connection, *, vacancy_id: str) -> str | None:
    """The employer's current webhook URL for a vacancy, or None."""
    cursor = await connection.execute(
        "SELECT webhook_url FROM vacancies WHERE vacancy_id = %s", (vacancy_id,)
    )
    row = await cursor.fetchone()
    return None if row is None or row[0] is None else str(row[0])


async def undigested_deferred(
    connection: Connection, *, before: datetime, limit: int = 1000
) -> list[DeferredNotification]:
    """Deferred e-mails with event time before ``before`` that no digest lists yet."""
    # A digest lists its items by id in params->>'items', so the listing
    # survives a replay: it comes from the digest's own event.
    cursor = await connection.execute(
        """
        SELECT n.graduate_id, n.notification_id, n.requested_at
        FROM notifications n
        WHERE n.status = 'deferred' AND n.channel = 'email' AND n.kind <> 'digest'
          AND n.requested_at < %s
          AND NOT EXISTS (
              SELECT 1 FROM notifications d
              WHERE d.graduate_id = n.graduate_id AND d.kind = 'digest'
                AND position(n.notification_id::text IN COALESCE(d.params->>'items', '')) > 0
          )
        ORDER BY n.graduate_id, n.requested_at, n.notification_id
        LIMIT %s
        """,
        (before, limit),
    )
    return [
        DeferredNotification(graduate_id=str(row[0]), notification_id=row[1], requested_at=row[2])
        for row in await cursor.fetchall()
    ]
