"""The request for a profile link: one notification per graduate and minute, never capped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from schemas.codec import parse_event
from schemas.enums import NotificationChannel, NotificationKind
from schemas.notifications import NotificationRequested
from streams.notify.policy import counts_towards_cap, needs_consent
from streams.notify.requests import ACCESS_WINDOW, access_request
from streams.notify.templates import PROFILE_ACCESS

GRADUATE = "ab" * 32
OTHER = "cd" * 32
AT = datetime(2026, 3, 3, 9, 0, 12, tzinfo=UTC)


def test_a_profile_link_request_is_an_uncapped_email_with_nothing_personal() -> None:
    request = access_request(GRADUATE, at=AT)
    assert isinstance(request, NotificationRequested)
    assert (request.kind, request.channel, request.template) == (
        NotificationKind.ACCESS,
        NotificationChannel.EMAIL,
        PROFILE_ACCESS,
    )
    assert request.graduate_id == GRADUATE
    assert request.params == {} and request.match_id is None
    assert not counts_towards_cap(request.kind, request.channel)
    assert not needs_consent(request.kind)
    assert parse_event(request.model_dump_json().encode()) == request


@given(offset=st.integers(min_value=0, max_value=59))
def test_asking_twice_within_the_minute_is_the_same_event(offset: int) -> None:
    start = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    first = access_request(GRADUATE, at=start)
    again = access_request(GRADUATE, at=start + timedelta(seconds=offset, microseconds=999))
    assert again == first
    assert first.event_time == start


def test_another_minute_or_another_graduate_is_another_notification() -> None:
    first = access_request(GRADUATE, at=AT)
    later = access_request(GRADUATE, at=AT + ACCESS_WINDOW)
    other = access_request(OTHER, at=AT)
    ids = {first.notification_id, later.notification_id, other.notification_id}
    assert len(ids) == 3
    assert len({first.event_id, later.event_id, other.event_id}) == 3
