"""Digest requests: one per graduate and day, deterministic, independent of input order."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from schemas.codec import event_to_json, parse_event
from schemas.enums import NotificationChannel, NotificationKind
from streams.notify.digest import (
    MAX_DIGEST_ITEMS,
    DeferredItem,
    digest_cutoff,
    digest_day,
    digest_items,
    digest_requests,
)
from streams.notify.policy import day_window, local_day

GRADUATES = [f"{n:064x}" for n in (1, 2, 3)]
START = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)

items = st.builds(
    DeferredItem,
    graduate_id=st.sampled_from(GRADUATES),
    notification_id=st.uuids(),
    requested_at=st.integers(min_value=0, max_value=4 * 24 * 60).map(
        lambda minutes: START + timedelta(minutes=minutes)
    ),
)


@given(deferred=st.lists(items, max_size=40, unique_by=lambda item: item.notification_id))
def test_every_item_is_listed_once_in_its_graduates_day(deferred: list[DeferredItem]) -> None:
    requests = digest_requests(deferred)
    listed: dict[uuid.UUID, tuple[str, date]] = {}
    for request in requests:
        assert request.kind is NotificationKind.DIGEST
        assert request.channel is NotificationChannel.EMAIL
        for item in digest_items(request.params):
            assert item not in listed
            listed[item] = (request.graduate_id, digest_day(request.params))
        # The digest's time is the start of the next day, so it is never capped by its own day.
        assert request.event_time == day_window(digest_day(request.params))[1]
        assert request.params["count"] == str(len(digest_items(request.params)))
    assert listed == {
        item.notification_id: (item.graduate_id, local_day(item.requested_at)) for item in deferred
    }
    keys = [(request.graduate_id, digest_day(request.params)) for request in requests]
    assert len(keys) == len(set(keys))


@given(deferred=st.lists(items, max_size=30, unique_by=lambda item: item.notification_id))
def test_requests_do_not_depend_on_input_order(deferred: list[DeferredItem]) -> None:
    assert digest_requests(deferred) == digest_requests(list(reversed(deferred)))


def test_same_items_give_the_same_ids_and_new_items_a_new_digest() -> None:
    first = DeferredItem(GRADUATES[0], uuid.uuid4(), START)
    second = DeferredItem(GRADUATES[0], uuid.uuid4(), START + timedelta(hours=1))
    [once] = digest_requests([first])
    [again] = digest_requests([first])
    [both] = digest_requests([first, second])
    assert (once.notification_id, once.event_id) == (again.notification_id, again.event_id)
    assert both.notification_id != once.notification_id


def test_digest_requests_survive_the_codec() -> None:
    deferred = [DeferredItem(GRADUATES[1], uuid.uuid4(), START) for _ in range(3)]
    [request] = digest_requests(deferred)
    assert parse_event(event_to_json(request)) == request


def test_a_busy_day_is_split_at_the_parameter_limit() -> None:
    deferred = [
        DeferredItem(GRADUATES[0], uuid.uuid4(), START) for _ in range(MAX_DIGEST_ITEMS + 5)
    ]
    [request] = digest_requests(deferred)
    assert len(digest_items(request.params)) == MAX_DIGEST_ITEMS


def test_cutoff_is_the_start_of_today_in_mexico_city() -> None:
    now = datetime(2026, 3, 4, 3, 0, tzinfo=UTC)  # still 3 March in Mexico City
    assert digest_cutoff(now) == datetime(2026, 3, 3, 6, 0, tzinfo=UTC)
