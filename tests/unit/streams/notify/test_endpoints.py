"""Webhook endpoints: only public addresses, HTTPS unless allowed, checked after resolution."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest

from streams.notify.endpoints import (
    EndpointPolicy,
    UnsafeEndpointError,
    is_public,
    pin_target,
)

PUBLIC = "93.184.215.14"


def resolving_to(*addresses: str):  # type: ignore[no-untyped-def]
    async def resolve(host: str, port: int) -> list[str]:
        return list(addresses)

    return resolve


STRICT = EndpointPolicy()


def pin(url: str, policy: EndpointPolicy = STRICT, *answers: str) -> str:
    target = asyncio.run(pin_target(url, policy, resolving_to(*(answers or (PUBLIC,)))))
    return target.url


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "::1",
        "10.1.2.3",
        "172.16.0.5",
        "192.168.1.1",
        "169.254.169.254",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "100.100.100.200",
        "0.0.0.0",
        "::ffff:127.0.0.1",
        "224.0.0.1",
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))
    host = f"[{address}]" if ":" in address else address
    with pytest.raises(UnsafeEndpointError):
        pin(f"https://{host}/hook")
    with pytest.raises(UnsafeEndpointError):
        pin("https://ats.example.mx/hook", EndpointPolicy(), address)


def test_a_name_resolving_to_any_private_address_is_refused() -> None:
    with pytest.raises(UnsafeEndpointError, match="no pública"):
        pin("https://ats.example.mx/hook", EndpointPolicy(), PUBLIC, "10.0.0.7")


def test_a_public_endpoint_is_pinned_to_the_address_that_was_checked() -> None:
    assert pin("https://ats.example.mx:8443/hooks/vincula?x=1") == (
        f"https://{PUBLIC}:8443/hooks/vincula?x=1"
    )
    assert pin("https://ats.example.mx/h", EndpointPolicy(), "2606:2800:21f:cb07::1") == (
        "https://[2606:2800:21f:cb07::1]:443/h"
    )


def test_http_is_refused_unless_the_policy_allows_it() -> None:
    with pytest.raises(UnsafeEndpointError, match="HTTPS"):
        pin("http://ats.example.mx/hook")
    assert pin("http://ats.example.mx/hook", EndpointPolicy(allow_http=True)).startswith("http://")


def test_only_listed_host_and_port_pairs_bypass_the_address_check() -> None:
    policy = EndpointPolicy(allow_http=True, allowed=frozenset({"127.0.0.1:8765"}))
    assert pin("http://127.0.0.1:8765/hook", policy) == "http://127.0.0.1:8765/hook"
    with pytest.raises(UnsafeEndpointError):
        pin("http://127.0.0.1:8766/hook", policy)


@pytest.mark.parametrize(
    "url", ["ftp://ats.example.mx/x", "https:///x", "https://user:pw@ats.example.mx/", "nada"]
)
def test_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(UnsafeEndpointError):
        pin(url)
