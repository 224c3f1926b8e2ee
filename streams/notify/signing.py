"""Webhook signatures by the Standard Webhooks convention, with one secret per employer endpoint.

Every delivery carries ``webhook-id`` (stable across retries, so a receiver
can drop a copy), ``webhook-timestamp`` (Unix seconds of this attempt) and
``webhook-signature``: ``v1,<base64 HMAC-SHA256>`` over
``<id>.<timestamp>.<body>``, once per secret in use, separated by spaces.
Receivers verify with any Standard Webhooks library and refuse timestamps
more than five minutes away from their clock.

Secrets are never stored: version ``n`` of an employer's secret is derived
from the workers' key, the employer id and ``n``. Rotating makes version
``n + 1`` current while version ``n`` still signs for a grace period, so a
receiver can switch without losing a delivery.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from standardwebhooks.webhooks import Webhook

ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"
SECRET_PREFIX = "whsec_"
TOLERANCE = timedelta(minutes=5)
# How long the previous secret keeps signing after a rotation.
ROTATION_GRACE = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class EndpointSecrets:
    """Derives each employer's webhook secrets from one key held by the workers and the API."""

    key: bytes

    def secret(self, employer_id: str, version: int) -> str:
        """Version ``version`` of the employer's secret, as ``whsec_<base64>``."""
        material = f"vincula-webhook-secret:{employer_id}:{version}".encode()
        digest = hmac.new(self.key, material, hashlib.sha256).digest()
        return SECRET_PREFIX + base64.b64encode(digest).decode("ascii")

    def signing(
        self,
        employer_id: str,
        version: int,
        *,
        previous_valid_until: datetime | None,
        now: datetime,
    ) -> tuple[str, ...]:
        """The secrets a delivery at ``now`` is signed with: current, and previous while valid."""
        current = self.secret(employer_id, version)
        if version > 1 and previous_valid_until is not None and now < previous_valid_until:
            return (current, self.secret(employer_id, version - 1))
        return (current,)


def signature(secrets: Sequence[str], *, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value: one ``v1,<signature>`` per secret."""
    moment = datetime.fromtimestamp(timestamp, tz=UTC)
    text = body.decode("utf-8")
    return " ".join(
        Webhook(secret).sign(msg_id=message_id, timestamp=moment, data=text) for secret in secrets
    )


def standard_headers(
    body: bytes, *, message_id: str, timestamp: int, secrets: Sequence[str]
) -> dict[str, str]:
    """The three Standard Webhooks headers for one attempt."""
    if not secrets:
        raise ValueError("a webhook needs at least one secret")
    return {
        ID_HEADER: message_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secrets, message_id=message_id, timestamp=timestamp, body=body),
    }
