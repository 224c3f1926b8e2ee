"""Webhook delivery to employers: a ``WebhookSender`` Protocol and its httpx implementation.

Every attempt is signed afresh with the current time (the receiver checks
the signature and that the timestamp is recent). The notification id
travels in ``X-Vincula-Delivery`` so a receiver can drop a copy sent again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

import httpx

from streams.notify import signing
from streams.notify.endpoints import EndpointPolicy, Resolver, pin_target, system_resolver
from streams.notify.errors import PermanentDeliveryError, TransientDeliveryError

# Timeouts and throttling are worth another try; every other 4xx is the
# receiver telling us the request itself is wrong.
RETRYABLE_CLIENT_STATUSES = frozenset({408, 425, 429})


class WebhookSender(Protocol):
    """Posts one JSON body to an employer's URL; raises a ``DeliveryError`` when it cannot."""

    async def post(self, url: str, body: bytes, *, delivery_id: str) -> None: ...


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL; a permanent failure otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PermanentDeliveryError("URL de webhook no válida")
    return url


def classify_status(status: int) -> TransientDeliveryError | PermanentDeliveryError | None:
    """None for a 2xx answer, else whether the failure is worth retrying."""
    if 200 <= status < 300:
        return None
    if status >= 500 or status in RETRYABLE_CLIENT_STATUSES:
        return TransientDeliveryError(f"HTTP {status}")
    return PermanentDeliveryError(f"HTTP {status}")


def signed_headers(body: bytes, *, key: bytes, timestamp: int, delivery_id: str) -> dict[str, str]:
    """Content type, delivery id, timestamp and signature headers for one attempt."""
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Vincula-Webhooks/1",
        signing.DELIVERY_HEADER: delivery_id,
        signing.TIMESTAMP_HEADER: str(timestamp),
        signing.SIGNATURE_HEADER: signing.sign(body, timestamp=timestamp, key=key),
    }


@dataclass
class HttpWebhookSender:
    """Posts signed JSON with ``httpx.AsyncClient`` (one client, reused across deliveries)."""

    signing_key: bytes
    timeout_seconds: float = 10.0
    clock: Callable[[], float] = time.time
    transport: httpx.AsyncBaseTransport | None = None
    policy: EndpointPolicy = field(default_factory=EndpointPolicy)
    resolve: Resolver = system_resolver
    _client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=self.timeout_seconds, transport=self.transport, follow_redirects=False
            )
        return self._client

    async def post(self, url: str, body: bytes, *, delivery_id: str) -> None:
        """Send ``body`` to ``url`` signed; raise a transient or permanent ``DeliveryError``.

        The host is resolved and checked on every attempt, and the request goes
        to the checked address; the answer's body is never read.
        """
        target = await pin_target(check_url(url), self.policy, self.resolve)
        headers = signed_headers(
            body, key=self.signing_key, timestamp=int(self.clock()), delivery_id=delivery_id
        ) | {"Host": urlsplit(url).netloc}
        request = self._http().build_request(
            "POST",
            target.url,
            content=body,
            headers=headers,
            extensions={"sni_hostname": target.host},
        )
        try:
            async with asyncio.timeout(self.timeout_seconds):
                response = await self._http().send(request, stream=True)
                await response.aclose()
        except (TimeoutError, httpx.TimeoutException) as error:
            raise TransientDeliveryError("tiempo de espera agotado") from error
        except httpx.TransportError as error:
            raise TransientDeliveryError("no se pudo conectar con el webhook") from error
        failure = classify_status(response.status_code)
        if failure is not None:
            raise failure

    async def close(self) -> None:
        """Close the HTTP client if it was opened."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None
