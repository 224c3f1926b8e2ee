"""Dead letters decoded from their headers, found by position, re-published once."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from streams.dead_letters import (
    REPUBLISHED_FROM,
    DeadLetter,
    DeadLetterError,
    dead_letter_of,
    describe,
    parse_position,
    republish,
    resolve_dead_letter_topics,
    select,
)
from streams.processing import Delivery, dead_letter_headers
from streams.reading import StoredMessage
from streams.topics import ALL_TOPICS, Topics


def stored(partition: int = 1, offset: int = 5, value: bytes | None = b'{"a": 1}') -> StoredMessage:
    delivery = Delivery(topic="ns.outcomes.v1", partition=3, offset=41, key=b"k")
    headers = dead_letter_headers(delivery, reason="resultado desconocido", error=KeyError("x"))
    return StoredMessage(
        topic="ns.outcomes.v1.dlq",
        partition=partition,
        offset=offset,
        key=b"k",
        value=value,
        headers=tuple(headers),
        timestamp_ms=0,
    )


def test_headers_written_by_the_processing_loop_are_read_back() -> None:
    letter = dead_letter_of(stored())
    assert letter.reason == "resultado desconocido"
    assert letter.exception == "KeyError"
    assert (letter.source_topic, letter.source_partition, letter.source_offset) == (
        "ns.outcomes.v1",
        3,
        41,
    )
    assert letter.source == "ns.outcomes.v1[3]@41"
    assert letter.position == "1:5"
    # The dead-lettering time comes from its header, not the record timestamp (0 here).
    assert letter.time.year >= 2025


def test_missing_headers_leave_fields_empty() -> None:
    message = StoredMessage("t.dlq", 0, 0, None, b"x", (), timestamp_ms=1_700_000_000_000)
    letter = dead_letter_of(message)
    assert letter.source_topic is None and letter.source == "?"
    assert letter.time == datetime.fromtimestamp(1_700_000_000, tz=UTC)


@pytest.mark.parametrize(
    "name", ["outcomes", "outcomes.v1", "outcomes.v1.dlq", "ns.outcomes.v1", "ns.outcomes.v1.dlq"]
)
def test_every_form_of_a_topic_name_resolves_to_its_dead_letter_topic(name: str) -> None:
    assert resolve_dead_letter_topics(Topics("ns"), name) == ["ns.outcomes.v1.dlq"]


def test_unknown_topic_lists_the_known_ones() -> None:
    with pytest.raises(DeadLetterError, match="graduations"):
        resolve_dead_letter_topics(Topics("ns"), "nada")
    assert len(resolve_dead_letter_topics(Topics("ns"), None)) == len(ALL_TOPICS)


@given(st.integers(0, 1000), st.integers(0, 10**12))
def test_positions_round_trip(partition: int, offset: int) -> None:
    assert parse_position(f"{partition}:{offset}") == (partition, offset)
    assert parse_position(str(offset)) == (None, offset)


def test_bad_position_is_refused() -> None:
    with pytest.raises(DeadLetterError):
        parse_position("a:b")


def test_an_offset_present_in_two_partitions_needs_the_partition() -> None:
    letters = [dead_letter_of(stored(partition=p, offset=5)) for p in (0, 2)]
    with pytest.raises(DeadLetterError, match="0:5, 2:5"):
        select(letters, None, 5)
    assert select(letters, 2, 5).partition == 2
    with pytest.raises(DeadLetterError):
        select(letters, 1, 5)


def test_describe_pretty_prints_json_and_shows_raw_bytes_otherwise() -> None:
    assert '"a": 1' in describe(dead_letter_of(stored()))
    assert "b'{not json'" in describe(dead_letter_of(stored(value=b"{not json")))


class MemoryLog:
    def __init__(self) -> None:
        self.done: set[tuple[str, int, int]] = set()

    @contextmanager
    def claim(
        self, *, dlq_topic: str, partition: int, offset: int, source_topic: str
    ) -> Iterator[bool]:
        key = (dlq_topic, partition, offset)
        first = key not in self.done
        yield first
        # Only a block that finished commits the claim, as the database does.
        self.done.add(key)


class Recorder:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[str, bytes | None, bytes, list[tuple[str, bytes]]]] = []
        self.fail = fail

    def send_raw(
        self,
        topic: str,
        *,
        key: bytes | None,
        value: bytes,
        headers: Sequence[tuple[str, bytes]] = (),
    ) -> None:
        self.sent.append((topic, key, value, list(headers)))

    def flush(self, timeout: float = 60.0) -> None:
        if self.fail:
            raise ConnectionError("sin broker")


def test_republish_sends_once_to_the_source_topic_with_its_origin() -> None:
    letters: list[DeadLetter] = [dead_letter_of(stored(partition=p)) for p in (0, 1)]
    log, sender = MemoryLog(), Recorder()
    first = list(republish(letters, log=log, sender=sender))
    second = list(republish(letters, log=log, sender=sender))
    assert [r.sent for r in first] == [True, True]
    assert [r.sent for r in second] == [False, False]
    assert len(sender.sent) == 2
    topic, key, value, headers = sender.sent[1]
    assert (topic, key, value) == ("ns.outcomes.v1", b"k", b'{"a": 1}')
    assert headers == [(REPUBLISHED_FROM, b"ns.outcomes.v1.dlq:1:5")]


def test_a_failed_send_is_not_recorded() -> None:
    log = MemoryLog()
    with pytest.raises(ConnectionError):
        list(republish([dead_letter_of(stored())], log=log, sender=Recorder(fail=True)))
    assert log.done == set()
    assert [r.sent for r in republish([dead_letter_of(stored())], log=log, sender=Recorder())] == [
        True
    ]


def test_a_letter_without_source_is_refused() -> None:
    letter = dead_letter_of(StoredMessage("t.dlq", 0, 0, None, b"x", (), 0))
    with pytest.raises(DeadLetterError):
        list(republish([letter], log=MemoryLog(), sender=Recorder()))
