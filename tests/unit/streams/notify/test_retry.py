"""The retry policy: backoff bounds, and which failures are retried."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.enums import DeliveryStatus
from streams.notify.errors import PermanentDeliveryError, TransientDeliveryError
from streams.notify.retry import DeliveryResult, RetryPolicy, deliver_with_retries


class ScriptedAttempt:
    """An attempt that raises the scripted errors in turn, then succeeds."""

    def __init__(self, errors: Sequence[Exception]) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> None:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)


def run(attempt: ScriptedAttempt, policy: RetryPolicy) -> tuple[DeliveryResult, list[float]]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    result = asyncio.run(deliver_with_retries(attempt, policy, sleep=sleep, draw=lambda: 0.5))
    return result, slept


def test_transient_failures_are_retried_until_success() -> None:
    attempt = ScriptedAttempt([TransientDeliveryError("SMTP 451")] * 2)
    result, slept = run(attempt, RetryPolicy(attempts=5, base_seconds=1.0))
    assert result == DeliveryResult(DeliveryStatus.DELIVERED, 3, "entregada")
    assert attempt.calls == 3
    assert len(slept) == 2 and slept[0] < slept[1]


def test_permanent_failure_is_not_retried() -> None:
    attempt = ScriptedAttempt([PermanentDeliveryError("SMTP 550")])
    result, slept = run(attempt, RetryPolicy(attempts=5))
    assert result.status is DeliveryStatus.FAILED
    assert (result.attempts, result.detail, slept) == (1, "SMTP 550", [])


def test_attempts_run_out() -> None:
    attempt = ScriptedAttempt([TransientDeliveryError("HTTP 503")] * 10)
    result, slept = run(attempt, RetryPolicy(attempts=4, base_seconds=0.1))
    assert result.status is DeliveryStatus.FAILED
    assert result.attempts == attempt.calls == 4
    assert "HTTP 503" in result.detail
    assert len(slept) == 3  # no pointless wait after the last attempt


def test_unexpected_errors_propagate() -> None:
    attempt = ScriptedAttempt([RuntimeError("bug")])
    with pytest.raises(RuntimeError):
        run(attempt, RetryPolicy(attempts=3))


@given(
    base=st.floats(min_value=0.0, max_value=10.0),
    extra=st.floats(min_value=0.0, max_value=100.0),
    retry=st.integers(min_value=1, max_value=30),
    unit=st.floats(min_value=0.0, max_value=1.0, exclude_max=True),
)
def test_delay_has_jitter_within_half_and_full_ceiling(
    base: float, extra: float, retry: int, unit: float
) -> None:
    policy = RetryPolicy(attempts=3, base_seconds=base, max_seconds=base + extra)
    ceiling = policy.ceiling(retry)
    delay = policy.delay(retry, unit)
    assert ceiling / 2 <= delay <= ceiling <= policy.max_seconds


@given(retry=st.integers(min_value=1, max_value=20))
def test_ceiling_doubles_until_the_cap(retry: int) -> None:
    policy = RetryPolicy(attempts=3, base_seconds=0.5, max_seconds=30.0)
    assert policy.ceiling(retry + 1) == min(30.0, 2 * policy.ceiling(retry))


def test_invalid_policies_are_refused() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(base_seconds=5.0, max_seconds=1.0)
