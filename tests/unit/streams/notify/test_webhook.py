"""The webhook sender against an in-process HTTP transport: signature and failure classes."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from streams.notify.errors import PermanentDeliveryError, TransientDeliveryError
from streams.notify.signing import DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from streams.notify.webhook import HttpWebhookSender, check_url, classify_status

KEY = b"test-signing-key-0123456789abcdef"
URL = "https://rh.example.com/vincula"


PUBLIC = "93.184.215.14"


async def resolve_public(host: str, port: int) -> list[str]:
    return [PUBLIC]


def post_with(handler: httpx.MockTransport, body: bytes = b'{"a":1}') -> None:
    sender = HttpWebhookSender(
        signing_key=KEY,
        clock=lambda: 1_700_000_000.5,
        transport=handler,
        resolve=resolve_public,
    )

    async def go() -> None:
        try:
            await sender.post(URL, body, delivery_id="n-1")
        finally:
            await sender.close()

    asyncio.run(go())


def test_request_is_signed_over_timestamp_and_raw_body() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    post_with(httpx.MockTransport(answer))
    [request] = seen
    # Sent to the address that was checked, for the host the employer registered.
    assert request.url.host == PUBLIC
    assert request.headers["host"] == "rh.example.com"
    assert request.extensions["sni_hostname"] == "rh.example.com"
    timestamp = int(request.headers[TIMESTAMP_HEADER])
    assert timestamp == 1_700_000_000
    assert request.headers[DELIVERY_HEADER] == "n-1"
    assert request.content == b'{"a":1}'
    assert verify(
        request.content, timestamp=timestamp, signature=request.headers[SIGNATURE_HEADER], key=KEY
    )
    assert not verify(
        request.content, timestamp=timestamp, signature=request.headers[SIGNATURE_HEADER], key=b"x"
    )


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (500, TransientDeliveryError),
        (503, TransientDeliveryError),
        (429, TransientDeliveryError),
        (400, PermanentDeliveryError),
        (404, PermanentDeliveryError),
        (410, PermanentDeliveryError),
    ],
)
def test_status_codes_map_to_retry_or_not(
    status: int, error: type[TransientDeliveryError | PermanentDeliveryError]
) -> None:
    with pytest.raises(error, match=f"HTTP {status}"):
        post_with(httpx.MockTransport(lambda request: httpx.Response(status)))
    assert classify_status(200) is None


def test_timeouts_and_refused_connections_are_transient() -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("lento", request=request)

    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("rechazada", request=request)

    for handler in (timeout, refused):
        with pytest.raises(TransientDeliveryError):
            post_with(httpx.MockTransport(handler))


@pytest.mark.parametrize(
    "url", ["ftp://x.example/a", "/relativa", "https://", "file:///etc/passwd"]
)
def test_only_absolute_http_urls_are_accepted(url: str) -> None:
    with pytest.raises(PermanentDeliveryError):
        check_url(url)


def test_a_private_address_is_refused_before_anything_is_sent() -> None:
    seen: list[httpx.Request] = []

    async def resolve_private(host: str, port: int) -> list[str]:
        return ["10.0.0.8"]

    sender = HttpWebhookSender(
        signing_key=KEY,
        transport=httpx.MockTransport(lambda request: seen.append(request) or httpx.Response(204)),
        resolve=resolve_private,
    )
    with pytest.raises(PermanentDeliveryError, match="no pública"):
        asyncio.run(sender.post(URL, b"{}", delivery_id="n-2"))
    assert seen == []
