"""The replay order and decoding, without a broker or a database."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from schemas.codec import event_to_json, parse_event
from schemas.graduates import ConsentChanged
from streams.flows import CONSUMER_OF
from streams.reading import StoredMessage
from streams.replay import ReplayReport, decode_log, replay_order
from streams.topics import ALL_TOPICS, CONSENTS, GRADUATIONS, Topics

EXAMPLES = Path(__file__).resolve().parents[3] / "schemas" / "examples"
BASE = datetime(2027, 1, 15, 12, tzinfo=UTC)


def consent(seconds: int) -> bytes:
    event = parse_event((EXAMPLES / "ConsentChanged" / "v1.json").read_bytes())
    assert isinstance(event, ConsentChanged)
    changed = event.model_copy(
        update={"event_id": uuid.uuid4(), "event_time": BASE + timedelta(seconds=seconds)}
    )
    return event_to_json(changed)


def message(topic: str, partition: int, offset: int, value: bytes | None) -> StoredMessage:
    return StoredMessage(topic, partition, offset, b"k", value, (), 0)


def test_every_topic_has_a_consumer() -> None:
    assert set(CONSUMER_OF) == set(ALL_TOPICS)


def test_undecodable_messages_are_counted_not_applied() -> None:
    topics = Topics("ns")
    report = ReplayReport()
    logged = decode_log(
        [
            message("ns.consents.v1", 0, 0, b"{not json"),
            message("ns.consents.v1", 0, 1, None),
            message("ns.consents.v1", 0, 2, consent(0)),
        ],
        topics,
        report,
    )
    assert report.read == 3
    assert [item.offset for item in logged] == [2]
    assert [skipped.offset for skipped in report.undecodable] == [0, 1]


@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 3)),
        min_size=1,
        max_size=25,
    ),
)
def test_order_is_event_time_then_topic_then_partition_then_offset(
    items: list[tuple[int, int]],
) -> None:
    topics = Topics("ns")
    messages = [
        message(topics.name(CONSENTS), partition, offset, consent(seconds))
        for offset, (seconds, partition) in enumerate(items)
    ]
    ordered = replay_order(decode_log(messages, topics, ReplayReport()))
    keys = [(item.event.event_time, item.partition, item.offset) for item in ordered]
    assert keys == sorted(keys)
    # Input order must not matter.
    reversed_order = replay_order(decode_log(list(reversed(messages)), topics, ReplayReport()))
    assert [i.event.event_id for i in reversed_order] == [i.event.event_id for i in ordered]


def test_topic_order_breaks_ties_of_equal_event_times() -> None:
    topics = Topics("ns")
    payload = consent(0)
    logged = decode_log(
        [
            message(topics.name(CONSENTS), 0, 0, payload),
            message(topics.name(GRADUATIONS), 0, 0, payload),
        ],
        topics,
        ReplayReport(),
    )
    # Graduations is declared before consents.
    assert [item.spec for item in replay_order(logged)] == [GRADUATIONS, CONSENTS]
