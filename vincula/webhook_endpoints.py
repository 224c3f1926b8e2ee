"""Registering an employer's webhook endpoint: the handshake and the events, for the API and demo.

Registration posts a challenge signed with the endpoint's secret and
publishes the endpoint only when the receiver echoes it, so an endpoint is
always one its owner controls and can verify. Secrets are derived from
``VINCULA_WEBHOOK_SIGNING_KEY`` (see ``streams.notify.signing``), never stored.
"""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from datetime import datetime

from pydantic import HttpUrl

from models.webhook_endpoints import WebhookEndpoint
from schemas.employers import WebhookEndpointRegistered, WebhookEndpointRemoved
from streams.notify.endpoints import EndpointPolicy
from streams.notify.signing import ROTATION_GRACE, EndpointSecrets
from streams.notify.webhook import HttpWebhookSender
from vincula.settings import Settings

# The handshake waits less than a delivery: a person is waiting for the answer.
HANDSHAKE_SECONDS = 5.0
_NAMESPACE = uuid.UUID("0b6f8d0e-5a43-4c1e-9f64-8a1c9d2b7e30")


def secrets_of(settings: Settings) -> EndpointSecrets:
    """The secret derivation the workers sign with."""
    return EndpointSecrets(settings.webhook_signing_key.get_secret_value().encode())


def handshake(url: str, secret: str, settings: Settings) -> None:
    """Post a signed challenge to ``url``; a ``DeliveryError`` unless it is safe and echoed."""
    sender = HttpWebhookSender(
        timeout_seconds=min(HANDSHAKE_SECONDS, settings.webhook_timeout_seconds),
        policy=EndpointPolicy.from_settings(settings),
    )

    async def run() -> None:
        try:
            await sender.verify_endpoint(url, secret=secret)
        finally:
            await sender.close()

    # Called from sync code (a route's worker thread, a command): a private loop is fine.
    asyncio.run(run())


def _event_id(kind: str, employer_id: str, at: datetime) -> uuid.UUID:
    digest = hashlib.sha256(f"{employer_id}|{at.isoformat()}".encode()).hexdigest()
    return uuid.uuid5(_NAMESPACE, f"{kind}:{digest}")


def register(
    employer_id: str,
    url: str,
    *,
    stored: WebhookEndpoint | None,
    settings: Settings,
    now: datetime,
) -> tuple[WebhookEndpointRegistered, str]:
    """Verify ``url`` and return the registration event and the secret to show its owner.

    Moving an endpoint keeps the secret version (and a rotation's grace).
    """
    version = 1 if stored is None else stored.secret_version
    secret = secrets_of(settings).secret(employer_id, version)
    handshake(url, secret, settings)
    event = WebhookEndpointRegistered(
        event_id=_event_id("registered", employer_id, now),
        event_time=now,
        schema_version=1,
        employer_id=employer_id,
        url=HttpUrl(url),
        secret_version=version,
        previous_secret_valid_until=None if stored is None else stored.previous_secret_valid_until,
        verified_at=now,
    )
    return event, secret


def rotate(
    stored: WebhookEndpoint, *, settings: Settings, now: datetime
) -> tuple[WebhookEndpointRegistered, str]:
    """The next secret version; the previous one keeps signing for ``ROTATION_GRACE``."""
    version = stored.secret_version + 1
    event = WebhookEndpointRegistered(
        event_id=_event_id("rotated", stored.employer_id, now),
        event_time=now,
        schema_version=1,
        employer_id=stored.employer_id,
        url=HttpUrl(stored.url),
        secret_version=version,
        previous_secret_valid_until=now + ROTATION_GRACE,
        verified_at=stored.verified_at,
    )
    return event, secrets_of(settings).secret(stored.employer_id, version)


def removal(employer_id: str, *, now: datetime) -> WebhookEndpointRemoved:
    """The event that stops an employer's webhooks."""
    return WebhookEndpointRemoved(
        event_id=_event_id("removed", employer_id, now),
        event_time=now,
        schema_version=1,
        employer_id=employer_id,
    )
