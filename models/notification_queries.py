"""What the notification sender reads at send time: state, consent, contact, cap, digest items.

The contact table is read here and nowhere else in the stream workers:
this module is the notification sender's only door to personal data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from psycopg import sql
from psycopg.rows import class_row, scalar_row

from models.pool import Connection
from models.rows import Record
from schemas.enums import (
    ConsentPurpose,
    MatchStatus,
    NotificationChannel,
    NotificationKind,
    NotificationStatus,
)

_NOTIFICATION_COLUMNS = sql.SQL(
    """
    notification_id, graduate_id, kind, channel, match_id, template, params, status,
    attempts, COALESCE(detail, '') AS detail, requested_at
    """
)


class StoredNotification(Record):
    """One row of ``notifications`` as the sender needs it."""

    notification_id: UUID
    graduate_id: str
    kind: NotificationKind
    channel: NotificationChannel
    match_id: UUID | None
    template: str
    params: dict[str, str]
    status: NotificationStatus
    attempts: int
    detail: str
    requested_at: datetime


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who an e-mail goes to: the full name (for the greeting) and the address."""

    full_name: str
    email: str | None


@dataclass(frozen=True, slots=True)
class DeferredNotification:
    """A notification the daily cap held back and no digest has listed yet."""

    graduate_id: str
    notification_id: UUID
    requested_at: datetime


async def stored_notification(
    connection: Connection, *, notification_id: UUID
) -> StoredNotification | None:
    """The stored notification, or None if it was never stored (e.g. its graduate was erased)."""
    query = sql.SQL("SELECT {} FROM notifications WHERE notification_id = %s").format(
        _NOTIFICATION_COLUMNS
    )
    async with connection.cursor(row_factory=class_row(StoredNotification)) as cursor:
        await cursor.execute(query, (notification_id,))
        return await cursor.fetchone()


async def notifications_by_id(
    connection: Connection, *, notification_ids: Sequence[UUID]
) -> list[StoredNotification]:
    """Stored notifications among ``notification_ids``, oldest first (ties by id)."""
    query = sql.SQL(
        "SELECT {} FROM notifications WHERE notification_id = ANY(%s)"
        " ORDER BY requested_at, notification_id"
    ).format(_NOTIFICATION_COLUMNS)
    async with connection.cursor(row_factory=class_row(StoredNotification)) as cursor:
        await cursor.execute(query, (list(notification_ids),))
        return await cursor.fetchall()


async def recipient_of(connection: Connection, *, graduate_id: str) -> Recipient | None:
    """Name and e-mail address of a graduate, or None if no contact is stored."""
    async with connection.cursor(row_factory=class_row(Recipient)) as cursor:
        await cursor.execute(
            "SELECT full_name, email FROM contacts WHERE graduate_id = %s", (graduate_id,)
        )
        return await cursor.fetchone()


async def consent_granted(
    connection: Connection, *, graduate_id: str, purpose: ConsentPurpose
) -> bool:
    """The graduate's current answer for ``purpose``; no answer means no consent."""
    async with connection.cursor(row_factory=scalar_row) as cursor:
        await cursor.execute(
            "SELECT granted FROM consents WHERE graduate_id = %s AND purpose = %s",
            (graduate_id, purpose.value),
        )
        return bool(await cursor.fetchone())


async def capped_emails_delivered(
    connection: Connection, *, graduate_id: str, start: datetime, end: datetime
) -> int:
    """E-mails (digests and asked-for access links excluded) delivered in [start, end)."""
    async with connection.cursor(row_factory=scalar_row) as cursor:
        await cursor.execute(
            """
            SELECT count(*) FROM notifications
            WHERE graduate_id = %s AND channel = 'email' AND kind NOT IN ('digest', 'access')
              AND status = 'delivered' AND requested_at >= %s AND requested_at < %s
            """,
            (graduate_id, start, end),
        )
        return int(await cursor.fetchone() or 0)


async def match_status(connection: Connection, *, match_id: UUID) -> MatchStatus | None:
    """``proposed``, ``withdrawn``… of a match, or None if it is not stored."""
    async with connection.cursor(row_factory=scalar_row) as cursor:
        await cursor.execute("SELECT status FROM matches WHERE match_id = %s", (match_id,))
        status = await cursor.fetchone()
    return None if status is None else MatchStatus(status)


async def undigested_deferred(
    connection: Connection, *, before: datetime, limit: int = 1000
) -> list[DeferredNotification]:
    """Deferred e-mails with event time before ``before`` that no digest lists yet."""
    # A digest lists its items by id in params->>'items', so the listing
    # survives a replay: it comes from the digest's own event.
    async with connection.cursor(row_factory=class_row(DeferredNotification)) as cursor:
        await cursor.execute(
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
        return await cursor.fetchall()
