"""Webhook delivery to employers: a ``WebhookSender`` Protocol and its httpx implementation.

Every attempt is signed afresh with the current time by the Standard
Webhooks convention (see ``signing``); the notification id is the
``webhook-id``, so a receiver can drop a copy sent again. Before an
endpoint is registered, ``verify_endpoint`` proves that its owner holds the
secret: it posts a signed challenge the receiver must echo.
"""

from __future__ import annotations

import asyncio
import json
import secrets as random
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

import httpx

from streams.notify.endpoints import EndpointPolicy, Resolver, pin_target, system_resolver
from streams.notify.errors import PermanentDeliveryError, TransientDeliveryError
from streams.notify.signing import standard_headers

# Timeouts and throttling are worth another try; every other 4xx is the
# receiver telling us the request itself is wrong.
RETRYABLE_CLIENT_STATUSES = frozenset({408, 425, 429})
# The only answer Vincula ever reads is a handshake's echo.
MAX_CHALLENGE_ANSWER_BYTES = 4096
VERIFICATION_TYPE = "webhook.verification"


class WebhookSender(Protocol):
    """Posts one signed JSON body to an employer URL; raises ``DeliveryError`` when it cannot."""

    async def post(
        self, url: str, body: bytes, *, delivery_id: str, secrets: Sequence[str]
    ) -> None: ...


def classify_status(status: int) -> TransientDeliveryError | PermanentDeliveryError | None:
    """None for a 2xx answer, else whether the failure is worth retrying."""
    if 200 <= status < 300:
        return None
    if status >= 500 or status in RETRYABLE_CLIENT_STATUSES:
        return TransientDeliveryError(f"HTTP {status}")
    return PermanentDeliveryError(f"HTTP {status}")


def challenge_body(challenge: str) -> bytes:
    """The handshake's JSON body."""
    return json.dumps(
        {"type": VERIFICATION_TYPE, "challenge": challenge}, separators=(",", ":")
    ).encode()


@dataclass
class HttpWebhookSender:
    """Posts signed JSON with ``httpx.AsyncClient`` (one client, reused across deliveries)."""

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

    async def post(
        self, url: str, body: bytes, *, delivery_id: str, secrets: Sequence[str]
    ) -> None:
        """Send ``body`` to ``url`` signed; raise a transient or permanent ``DeliveryError``.

        The host is resolved and checked on every attempt, and the request goes
        to the checked address; the answer's body is never read.
        """
        status, _ = await self._send(url, body, delivery_id=delivery_id, secrets=secrets)
        failure = classify_status(status)
        if failure is not None:
            raise failure

    async def verify_endpoint(self, url: str, *, secret: str) -> None:
        """Post a signed challenge; the endpoint must answer 2xx with ``{"challenge": <same>}``."""
        challenge = random.token_urlsafe(24)
        status, answer = await self._send(
            url,
            challenge_body(challenge),
            delivery_id=f"verify_{uuid.uuid4().hex}",
            secrets=(secret,),
            read_limit=MAX_CHALLENGE_ANSWER_BYTES,
        )
        failure = classify_status(status)
        if failure is not None:
            raise failure
        try:
            echoed = json.loads(answer).get("challenge")
        except (ValueError, AttributeError) as error:
            raise PermanentDeliveryError("la respuesta al reto no es JSON") from error
        if echoed != challenge:
            raise PermanentDeliveryError("el webhook no devolvió el reto")

    async def _send(
        self,
        url: str,
        body: bytes,
        *,
        delivery_id: str,
        secrets: Sequence[str],
        read_limit: int = 0,
    ) -> tuple[int, bytes]:
        target = await pin_target(url, self.policy, self.resolve)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Vincula-Webhooks/2",
            "Host": urlsplit(url).netloc,
        } | standard_headers(
            body, message_id=delivery_id, timestamp=int(self.clock()), secrets=secrets
        )
        request = self._http().build_request(
            "POST",
            target.url,
            content=body,
            headers=headers,
            extensions={"sni_hostname": target.host},
        )
        answer = b""
        try:
            async with asyncio.timeout(self.timeout_seconds):
                response = await self._http().send(request, stream=True)
                try:
                    if read_limit:
                        async for chunk in response.aiter_bytes():
                            answer += chunk
                            if len(answer) > read_limit:
                                raise PermanentDeliveryError(
                                    "respuesta del webhook demasiado grande"
                                )
                finally:
                    await response.aclose()
        except (TimeoutError, httpx.TimeoutException) as error:
            raise TransientDeliveryError("tiempo de espera agotado") from error
        except httpx.TransportError as error:
            raise TransientDeliveryError("no se pudo conectar con el webhook") from error
        return response.status_code, answer

    async def close(self) -> None:
        """Close the HTTP client if it was opened."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None
