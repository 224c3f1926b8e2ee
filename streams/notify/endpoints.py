"""Webhook endpoints that cannot be turned against Vincula's own network.

An employer chooses the URL its shortlists are posted to, so a careless or
hostile URL could aim the workers at loopback services, the private network
or a cloud metadata endpoint (server-side request forgery). Every send
therefore resolves the host itself, refuses the attempt unless *every*
address is publicly routable, and connects to the address it checked (so a
DNS answer that changes between check and connect cannot slip through),
keeping the original host for the ``Host`` header and TLS verification.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from streams.config import DeliveryConfig
from streams.notify.errors import PermanentDeliveryError, TransientDeliveryError

Resolver = Callable[[str, int], Awaitable[list[str]]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud metadata services that some providers place on otherwise global ranges.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address) for address in ("100.100.100.200", "fd00:ec2::254")
)


class UnsafeEndpointError(PermanentDeliveryError):
    """The URL is not HTTPS where required, or reaches a non-public address."""


@dataclass(frozen=True, slots=True)
class EndpointPolicy:
    """What endpoints may be used: HTTPS only unless ``allow_http``; ``allowed`` bypasses checks.

    ``allowed`` holds ``host:port`` pairs an operator lists on purpose (the
    local demo receiver in development); production settings refuse it.
    """

    allow_http: bool = False
    allowed: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_settings(cls, settings: DeliveryConfig) -> EndpointPolicy:
        """The policy the settings describe (the same for the API and the workers)."""
        return cls(
            allow_http=settings.webhook_allow_http,
            allowed=frozenset(settings.webhook_allowed_endpoints),
        )


@dataclass(frozen=True, slots=True)
class PinnedTarget:
    """Where to connect (an address already checked) and the host the request is for."""

    url: str
    host: str


async def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host``."""
    loop = asyncio.get_running_loop()
    try:
        answers = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise TransientDeliveryError("no se pudo resolver el host del webhook") from error
    return sorted({str(answer[4][0]) for answer in answers})


def is_public(address: IPAddress) -> bool:
    """True for a globally routable address that is not a known metadata service."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast and address not in METADATA_ADDRESSES


def check_shape(url: str, policy: EndpointPolicy) -> tuple[str, str, int]:
    """Scheme, host and port of an acceptable URL; ``UnsafeEndpointError`` otherwise."""
    parts = urlsplit(url)
    allowed_schemes = ("https", "http") if policy.allow_http else ("https",)
    if parts.scheme not in allowed_schemes:
        raise UnsafeEndpointError("el webhook debe usar HTTPS")
    if not parts.hostname or parts.username or parts.password:
        raise UnsafeEndpointError("URL de webhook no válida")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise UnsafeEndpointError("URL de webhook no válida") from error
    return parts.scheme, parts.hostname, port


async def pin_target(
    url: str, policy: EndpointPolicy, resolve: Resolver = system_resolver
) -> PinnedTarget:
    """The checked address to connect to for ``url``, or ``UnsafeEndpointError``."""
    scheme, host, port = check_shape(url, policy)
    if f"{host}:{port}" in policy.allowed:
        return PinnedTarget(url=url, host=host)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    addresses = (
        [literal]
        if literal is not None
        else [ipaddress.ip_address(answer) for answer in await resolve(host, port)]
    )
    if not addresses or not all(is_public(address) for address in addresses):
        raise UnsafeEndpointError("el webhook apunta a una dirección no pública")
    chosen = addresses[0]
    netloc = f"[{chosen}]:{port}" if chosen.version == 6 else f"{chosen}:{port}"
    parts = urlsplit(url)
    pinned = urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
    return PinnedTarget(url=pinned, host=host)
