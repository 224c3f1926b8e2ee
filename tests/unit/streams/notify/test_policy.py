"""The send-time decision and the daily cap, counted per calendar day in Mexico City."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.enums import DeliveryStatus, NotificationChannel, NotificationKind
from streams.notify.policy import (
    MEXICO_CITY,
    NO_ADDRESS,
    NO_CONSENT,
    SendContext,
    Verdict,
    counts_towards_cap,
    day_window,
    decide,
    local_day,
    needs_consent,
)


def context(**changes: object) -> SendContext:
    values: dict[str, object] = {
        "kind": NotificationKind.MATCH,
        "channel": NotificationChannel.EMAIL,
        "consented": True,
        "has_address": True,
        "match_withdrawn": False,
        "sent_today": 0,
        "cap": 3,
    }
    values.update(changes)
    return SendContext(**values)  # type: ignore[arg-type]


def test_mexico_city_midnight_is_six_in_the_morning_utc() -> None:
    # Mexico City keeps UTC-6 all year since 2022.
    assert local_day(datetime(2026, 3, 4, 5, 59, tzinfo=UTC)) == date(2026, 3, 3)
    assert local_day(datetime(2026, 3, 4, 6, 0, tzinfo=UTC)) == date(2026, 3, 4)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        local_day(datetime(2026, 3, 4, 12, 0))


@given(moment=st.datetimes(timezones=st.just(UTC), min_value=datetime(2000, 1, 1)))
def test_every_moment_falls_inside_its_own_day(moment: datetime) -> None:
    start, end = day_window(local_day(moment))
    assert start <= moment < end
    assert start.astimezone(MEXICO_CITY).hour == 0
    assert timedelta(hours=23) <= end - start <= timedelta(hours=25)


@given(
    sent=st.integers(min_value=0, max_value=20),
    cap=st.integers(min_value=1, max_value=10),
    kind=st.sampled_from(NotificationKind),
    channel=st.sampled_from(NotificationChannel),
)
def test_cap_defers_only_capped_messages_at_or_over_the_cap(
    sent: int, cap: int, kind: NotificationKind, channel: NotificationChannel
) -> None:
    decision = decide(context(sent_today=sent, cap=cap, kind=kind, channel=channel))
    capped = channel is NotificationChannel.EMAIL and kind not in {
        NotificationKind.DIGEST,
        NotificationKind.ACCESS,
    }
    assert counts_towards_cap(kind, channel) == capped
    if capped and sent >= cap:
        assert decision.verdict is Verdict.DEFER
        assert decision.status is DeliveryStatus.DEFERRED
    else:
        assert decision.verdict is Verdict.SEND


@given(cap=st.integers(min_value=1, max_value=10), requests=st.integers(min_value=0, max_value=30))
def test_a_day_of_requests_sends_at_most_cap(cap: int, requests: int) -> None:
    sent = deferred = 0
    for _ in range(requests):
        if decide(context(sent_today=sent, cap=cap)).verdict is Verdict.SEND:
            sent += 1
        else:
            deferred += 1
    assert sent == min(cap, requests)
    assert sent + deferred == requests


def test_consent_is_checked_before_the_cap() -> None:
    decision = decide(context(consented=False, sent_today=99))
    assert (decision.verdict, decision.status, decision.detail) == (
        Verdict.REFUSE,
        DeliveryStatus.FAILED,
        NO_CONSENT,
    )


@given(sent=st.integers(min_value=0, max_value=20), consented=st.booleans())
def test_a_profile_link_asked_for_is_sent_without_consent_and_never_deferred(
    sent: int, consented: bool
) -> None:
    # Withdrawing the notification consent must not lock a graduate out of their own data.
    decision = decide(
        context(kind=NotificationKind.ACCESS, consented=consented, sent_today=sent, cap=1)
    )
    assert decision.verdict is Verdict.SEND
    assert not needs_consent(NotificationKind.ACCESS)
    assert all(
        needs_consent(kind) for kind in NotificationKind if kind is not NotificationKind.ACCESS
    )


def test_a_profile_link_still_needs_an_address() -> None:
    decision = decide(context(kind=NotificationKind.ACCESS, has_address=False))
    assert (decision.verdict, decision.detail) == (Verdict.REFUSE, NO_ADDRESS)


def test_withdrawn_match_and_missing_address_are_refused() -> None:
    assert decide(context(match_withdrawn=True)).verdict is Verdict.REFUSE
    missing = decide(context(has_address=False))
    assert (missing.verdict, missing.detail) == (Verdict.REFUSE, NO_ADDRESS)
