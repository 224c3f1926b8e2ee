"""The webhook sender against an in-process HTTP transport: Standard Webhooks signatures,
the registration handshake and failure classes."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from streams.notify.endpoints import EndpointPolicy
from streams.notify.errors import PermanentDeliveryError, TransientDeliveryError
from streams.notify.signing import (
    ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    EndpointSecrets,
)
from streams.notify.webhook import VERIFICATION_TYPE, HttpWebhookSender, classify_status

SECRETS = EndpointSecrets(b"test-signing-key-0123456789abcdef")
SECRET = SECRETS.secret("aeroparts", 1)
URL = "https://rh.example.com/vincula"
PUBLIC = "93.184.215.14"
NOW = 1_700_000_000.5


async def resolve_public(host: str, port: int) -> list[str]:
    return [PUBLIC]


def sender_with(handler: Callable[[httpx.Request], httpx.Response]) -> HttpWebhookSender:
    return HttpWebhookSender(
        clock=lambda: NOW, transport=httpx.MockTransport(handler), resolve=resolve_public
    )


def run(sender: HttpWebhookSender, call: Callable[[HttpWebhookSender], object]) -> None:
    async def go() -> None:
        try:
            await call(sender)  # type: ignore[misc]
        finally:
            await sender.close()

    asyncio.run(go())


def post_with(
    handler: Callable[[httpx.Request], httpx.Response],
    body: bytes = b'{"a":1}',
    secrets: Sequence[str] = (SECRET,),
) -> None:
    run(sender_with(handler), lambda s: s.post(URL, body, delivery_id="n-1", secrets=secrets))


def by_hand(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The v1 signature as the Standard Webhooks specification defines it."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    material = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, material, hashlib.sha256).digest()).decode()


def test_a_delivery_carries_the_standard_webhooks_headers_over_id_timestamp_and_body() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    body = '{"resumen":"Nuevo candidato — lugar 1"}'.encode()
    post_with(answer, body)
    [request] = seen
    # Sent to the address that was checked, for the host the employer registered.
    assert request.url.host == PUBLIC
    assert request.headers["host"] == "rh.example.com"
    assert request.extensions["sni_hostname"] == "rh.example.com"
    assert request.headers[ID_HEADER] == "n-1"
    assert request.headers[TIMESTAMP_HEADER] == "1700000000"
    assert request.content == body
    assert request.headers[SIGNATURE_HEADER] == by_hand(SECRET, "n-1", 1_700_000_000, body)


def test_a_receiver_with_a_standard_webhooks_library_accepts_it_and_refuses_tampering() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    sender = HttpWebhookSender(
        transport=httpx.MockTransport(answer), resolve=resolve_public
    )  # the real clock: the library checks the five-minute window against its own
    run(sender, lambda s: s.post(URL, b'{"a":1}', delivery_id="n-9", secrets=(SECRET,)))
    [request] = seen
    headers = dict(request.headers)
    assert Webhook(SECRET).verify(request.content, headers) == {"a": 1}
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(b'{"a":2}', headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRETS.secret("otra-empresa", 1)).verify(request.content, headers)
    old = headers | {TIMESTAMP_HEADER: str(int(NOW))}
    with pytest.raises(WebhookVerificationError, match="too old"):
        Webhook(SECRET).verify(request.content, old)


def test_during_a_rotation_each_secret_signs_and_either_verifies() -> None:
    seen: list[httpx.Request] = []
    newer = SECRETS.secret("aeroparts", 2)

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    post_with(answer, secrets=(newer, SECRET))
    signatures = seen[0].headers[SIGNATURE_HEADER].split(" ")
    assert signatures == [
        by_hand(newer, "n-1", 1_700_000_000, b'{"a":1}'),
        by_hand(SECRET, "n-1", 1_700_000_000, b'{"a":1}'),
    ]


def test_secrets_are_per_employer_and_version_and_the_previous_one_signs_only_in_its_grace() -> (
    None
):
    assert SECRETS.secret("a", 1) != SECRETS.secret("b", 1) != SECRETS.secret("a", 2)
    assert SECRETS.secret("a", 1).startswith("whsec_")
    now = datetime(2027, 1, 1, tzinfo=UTC)
    grace = now + timedelta(hours=1)
    assert SECRETS.signing("a", 2, previous_valid_until=grace, now=now) == (
        SECRETS.secret("a", 2),
        SECRETS.secret("a", 1),
    )
    after = SECRETS.signing("a", 2, previous_valid_until=grace, now=grace)
    assert after == (SECRETS.secret("a", 2),)
    assert SECRETS.signing("a", 1, previous_valid_until=None, now=now) == (SECRETS.secret("a", 1),)


def echo(request: httpx.Request) -> httpx.Response:
    payload = json.loads(request.content)
    assert payload["type"] == VERIFICATION_TYPE
    assert Webhook(SECRET).verify(request.content, dict(request.headers), json_parse=False) is None
    return httpx.Response(200, json={"challenge": payload["challenge"]})


def verify_with(handler: Callable[[httpx.Request], httpx.Response]) -> None:
    sender = HttpWebhookSender(transport=httpx.MockTransport(handler), resolve=resolve_public)
    run(sender, lambda s: s.verify_endpoint(URL, secret=SECRET))


def test_the_handshake_passes_when_the_signed_challenge_is_echoed() -> None:
    verify_with(echo)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (httpx.Response(200, json={"challenge": "otro"}), "no devolvió el reto"),
        (httpx.Response(204), "no es JSON"),
        (httpx.Response(200, content=b"x" * 10_000), "demasiado grande"),
        (httpx.Response(302, headers={"Location": "http://127.0.0.1/"}), "HTTP 302"),
        (httpx.Response(404), "HTTP 404"),
    ],
)
def test_the_handshake_fails_unless_the_challenge_comes_back(
    answer: httpx.Response, message: str
) -> None:
    with pytest.raises(PermanentDeliveryError, match=message):
        verify_with(lambda request: answer)


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (500, TransientDeliveryError),
        (503, TransientDeliveryError),
        (429, TransientDeliveryError),
        (400, PermanentDeliveryError),
        (404, PermanentDeliveryError),
        (410, PermanentDeliveryError),
        (301, PermanentDeliveryError),
    ],
)
def test_status_codes_map_to_retry_or_not(
    status: int, error: type[TransientDeliveryError | PermanentDeliveryError]
) -> None:
    with pytest.raises(error, match=f"HTTP {status}"):
        post_with(lambda request: httpx.Response(status))
    assert classify_status(200) is None


def test_timeouts_and_refused_connections_are_transient() -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("lento", request=request)

    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("rechazada", request=request)

    for handler in (timeout, refused):
        with pytest.raises(TransientDeliveryError):
            post_with(handler)


@pytest.mark.parametrize(
    "url", ["ftp://x.example/a", "/relativa", "https://", "file:///etc/passwd", "http://x.mx/"]
)
def test_only_absolute_https_urls_are_accepted(url: str) -> None:
    seen: list[httpx.Request] = []
    sender = sender_with(lambda request: seen.append(request) or httpx.Response(204))
    with pytest.raises(PermanentDeliveryError):
        run(sender, lambda s: s.post(url, b"{}", delivery_id="n-3", secrets=(SECRET,)))
    assert seen == []


def test_a_private_address_is_refused_before_anything_is_sent() -> None:
    seen: list[httpx.Request] = []

    async def resolve_private(host: str, port: int) -> list[str]:
        return ["10.0.0.8"]

    sender = HttpWebhookSender(
        transport=httpx.MockTransport(lambda request: seen.append(request) or httpx.Response(204)),
        resolve=resolve_private,
        policy=EndpointPolicy(),
    )
    with pytest.raises(PermanentDeliveryError, match="no pública"):
        run(sender, lambda s: s.verify_endpoint(URL, secret=SECRET))
    with pytest.raises(PermanentDeliveryError, match="no pública"):
        run(sender, lambda s: s.post(URL, b"{}", delivery_id="n-2", secrets=(SECRET,)))
    assert seen == []
