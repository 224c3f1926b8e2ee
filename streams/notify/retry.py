"""The retry policy: exponential backoff with jitter for transient failures, none for permanent.

A delivery ends with a ``DeliveryResult`` either way, so the caller always
has a final status to publish.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from schemas.enums import DeliveryStatus
from streams.notify.errors import PermanentDeliveryError, TransientDeliveryError

Sleep = Callable[[float], Awaitable[None]]
Attempt = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    """How many attempts a delivery gets and how long to wait between them."""

    attempts: int = 5
    base_seconds: float = 1.0
    max_seconds: float = 60.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts debe ser al menos 1")
        if self.base_seconds < 0 or self.max_seconds < self.base_seconds:
            raise ValueError("se requiere 0 <= base_seconds <= max_seconds")

    def ceiling(self, retry: int) -> float:
        """Upper bound of the wait before retry number ``retry`` (1-based)."""
        return min(self.max_seconds, self.base_seconds * 2.0 ** (retry - 1))

    def delay(self, retry: int, unit: float) -> float:
        """Wait before retry ``retry`` given a uniform draw ``unit`` in [0, 1).

        Half the ceiling is fixed and half is random ("equal jitter"): the
        wait still grows with each retry, yet senders that failed together
        do not come back together.
        """
        ceiling = self.ceiling(retry)
        return ceiling / 2.0 + unit * ceiling / 2.0


@dataclass(frozen=True)
class DeliveryResult:
    """Final state of one delivery: status, how many attempts it took, a short detail."""

    status: DeliveryStatus
    attempts: int
    detail: str


async def deliver_with_retries(
    attempt: Attempt,
    policy: RetryPolicy,
    *,
    sleep: Sleep = asyncio.sleep,
    draw: Callable[[], float] = random.random,
) -> DeliveryResult:
    """Run ``attempt`` until it succeeds, fails permanently, or the attempts run out."""
    detail = ""
    for number in range(1, policy.attempts + 1):
        try:
            await attempt()
        except PermanentDeliveryError as error:
            return DeliveryResult(DeliveryStatus.FAILED, number, error.detail)
        except TransientDeliveryError as error:
            detail = error.detail
            if number < policy.attempts:
                await sleep(policy.delay(number, draw()))
            continue
        return DeliveryResult(DeliveryStatus.DELIVERED, number, "entregada")
    return DeliveryResult(
        DeliveryStatus.FAILED,
        policy.attempts,
        f"reintentos agotados tras {policy.attempts} intentos: {detail}"[:300],
    )
