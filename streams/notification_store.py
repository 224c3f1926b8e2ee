"""What the notifier reads and writes, behind small protocols, and their PostgreSQL adapter.

The notifier (``streams.notifications``) depends only on the protocols, so
its decisions are unit-tested against an in-memory fake; the adapter is the
one the worker runs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime
from typing import Protocol
from uuid import UUID

from models import notification_queries as queries
from models.materialise import apply_event
from models.notification_queries import Recipient, StoredNotification
from models.pool import Connection, Database
from models.webhook_endpoints import WebhookEndpoint, endpoint_of
from schemas.enums import ConsentPurpose, MatchStatus
from schemas.notifications import NotificationDelivered, NotificationRequested
from streams.effects import claim_and_apply


class NotificationReads(Protocol):
    """What a send decision reads, all from one snapshot of the committed state."""

    async def consent_granted(self, graduate_id: str, purpose: ConsentPurpose) -> bool:
        """The graduate's current answer for ``purpose``; no answer means no consent."""
        ...

    async def match_status(self, match_id: UUID) -> MatchStatus | None:
        """``proposed``, ``withdrawn``… of a match, or None if it is not stored."""
        ...

    async def capped_emails_delivered(
        self, graduate_id: str, start: datetime, end: datetime
    ) -> int:
        """E-mails (digests excluded) delivered to a graduate with event time in [start, end)."""
        ...

    async def recipient_of(self, graduate_id: str) -> Recipient | None:
        """Name and e-mail address of a graduate, or None if no contact is stored."""
        ...

    async def webhook_endpoint(self, employer_id: str) -> WebhookEndpoint | None:
        """The employer's registered webhook endpoint, or None."""
        ...

    async def notifications_by_id(self, ids: Sequence[UUID]) -> list[StoredNotification]:
        """Stored notifications among ``ids``, oldest first."""
        ...


class NotificationStore(Protocol):
    """Where requests and their final statuses are kept."""

    async def store_request(
        self, event: NotificationRequested, *, consumer: str, topic: str
    ) -> StoredNotification | None:
        """Claim and store a request (once ever); the stored row, None if it was not kept."""
        ...

    async def store_delivery(self, event: NotificationDelivered) -> None:
        """Store a notification's final status."""
        ...

    def reading(self) -> AbstractAsyncContextManager[NotificationReads]:
        """A snapshot to decide one send from."""
        ...


class _PostgresReads:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def consent_granted(self, graduate_id: str, purpose: ConsentPurpose) -> bool:
        return await queries.consent_granted(
            self._connection, graduate_id=graduate_id, purpose=purpose
        )

    async def match_status(self, match_id: UUID) -> MatchStatus | None:
        return await queries.match_status(self._connection, match_id=match_id)

    async def capped_emails_delivered(
        self, graduate_id: str, start: datetime, end: datetime
    ) -> int:
        return await queries.capped_emails_delivered(
            self._connection, graduate_id=graduate_id, start=start, end=end
        )

    async def recipient_of(self, graduate_id: str) -> Recipient | None:
        return await queries.recipient_of(self._connection, graduate_id=graduate_id)

    async def webhook_endpoint(self, employer_id: str) -> WebhookEndpoint | None:
        return await endpoint_of(self._connection, employer_id=employer_id)

    async def notifications_by_id(self, ids: Sequence[UUID]) -> list[StoredNotification]:
        return await queries.notifications_by_id(self._connection, notification_ids=ids)


class PostgresNotificationStore:
    """``NotificationStore`` over PostgreSQL."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def store_request(
        self, event: NotificationRequested, *, consumer: str, topic: str
    ) -> StoredNotification | None:
        """Claim and store a request (once ever); the stored row, None if it was not kept."""
        async with self._database.transaction() as connection:
            await claim_and_apply(connection, consumer=consumer, event=event, topic=topic)
            return await queries.stored_notification(
                connection, notification_id=event.notification_id
            )

    async def store_delivery(self, event: NotificationDelivered) -> None:
        """Store a notification's final status."""
        async with self._database.transaction() as connection:
            await apply_event(connection, event)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[NotificationReads]:
        """A snapshot to decide one send from."""
        async with self._database.connection() as connection:
            yield _PostgresReads(connection)
