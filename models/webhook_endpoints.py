"""Employers' webhook endpoints: where shortlist and answer webhooks go, and the secret version.

Folded from ``WebhookEndpointRegistered`` and ``WebhookEndpointRemoved``
(the workers write; the API and the senders read). An older event never
overwrites a newer registration.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import class_row

from models.pool import Connection
from models.rows import Record
from schemas.employers import WebhookEndpointRegistered, WebhookEndpointRemoved

SyncConnection = psycopg.Connection[Any]


class WebhookEndpoint(Record):
    """One employer's registered endpoint (the secret itself is never stored)."""

    employer_id: str
    url: str
    secret_version: int
    previous_secret_valid_until: datetime | None
    verified_at: datetime
    updated_at: datetime


_SELECT = (
    "SELECT employer_id, url, secret_version, previous_secret_valid_until, verified_at,"
    " updated_at FROM webhook_endpoints"
)


async def store_endpoint(connection: Connection, *, event: WebhookEndpointRegistered) -> None:
    """Register or replace an employer's endpoint, unless a newer registration is stored."""
    await connection.execute(
        """
        INSERT INTO webhook_endpoints (employer_id, url, secret_version,
            previous_secret_valid_until, verified_at, updated_at)
        VALUES (%s, %s, %s, %s, %s, %s)
        ON CONFLICT (employer_id) DO UPDATE SET
            url = EXCLUDED.url, secret_version = EXCLUDED.secret_version,
            previous_secret_valid_until = EXCLUDED.previous_secret_valid_until,
            verified_at = EXCLUDED.verified_at, updated_at = EXCLUDED.updated_at
        WHERE webhook_endpoints.updated_at <= EXCLUDED.updated_at
        """,
        (
            event.employer_id,
            str(event.url),
            event.secret_version,
            event.previous_secret_valid_until,
            event.verified_at,
            event.event_time,
        ),
    )


async def remove_endpoint(connection: Connection, *, event: WebhookEndpointRemoved) -> None:
    """Forget an employer's endpoint, unless it was registered again after the removal."""
    await connection.execute(
        "DELETE FROM webhook_endpoints WHERE employer_id = %s AND updated_at <= %s",
        (event.employer_id, event.event_time),
    )


async def endpoint_of(connection: Connection, *, employer_id: str) -> WebhookEndpoint | None:
    """The employer's endpoint, for a sender."""
    async with connection.cursor(row_factory=class_row(WebhookEndpoint)) as cursor:
        await cursor.execute(_SELECT + " WHERE employer_id = %s", (employer_id,))
        return await cursor.fetchone()


def registered_endpoint(connection: SyncConnection, *, employer_id: str) -> WebhookEndpoint | None:
    """The employer's endpoint, for the API."""
    with connection.cursor(row_factory=class_row(WebhookEndpoint)) as cursor:
        return cursor.execute(_SELECT + " WHERE employer_id = %s", (employer_id,)).fetchone()
