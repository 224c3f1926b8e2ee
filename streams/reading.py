"""Reading whole topics from offset 0 up to their end at the time of the call.

No consumer group: nothing is committed and no running worker is disturbed.
Used by the dead-letter tools and by replay.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

from streams.admin import reaching_broker
from streams.config import KafkaConfig
from streams.errors import BrokerUnavailableError

POLL_MS = 500


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """One message as it sits in the log."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]
    timestamp_ms: int


def _consumer(settings: KafkaConfig, client_id: str) -> KafkaConsumer:
    with reaching_broker(settings):
        return KafkaConsumer(
            bootstrap_servers=settings.kafka_bootstrap.split(","),
            client_id=client_id,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=2000,
        )


def end_offsets(settings: KafkaConfig, topics: Sequence[str]) -> dict[tuple[str, int], int]:
    """The next offset of every partition of ``topics`` (missing topics are skipped)."""
    consumer = _consumer(settings, "vincula-offsets")
    try:
        parts = _partitions(consumer, topics)
        return {(tp.topic, tp.partition): end for tp, end in consumer.end_offsets(parts).items()}
    finally:
        consumer.close()


def _partitions(consumer: KafkaConsumer, topics: Sequence[str]) -> list[TopicPartition]:
    parts: list[TopicPartition] = []
    for topic in topics:
        for partition in sorted(consumer.partitions_for_topic(topic) or ()):
            parts.append(TopicPartition(topic, partition))
    return parts


def read_from_beginning(
    settings: KafkaConfig,
    topics: Sequence[str],
    *,
    client_id: str = "vincula-reader",
    timeout: float = 120.0,
) -> Iterator[StoredMessage]:
    """Every message of ``topics`` from offset 0 to the end offsets taken at the start."""
    consumer = _consumer(settings, client_id)
    try:
        parts = _partitions(consumer, topics)
        if not parts:
            return
        ends = consumer.end_offsets(parts)
        consumer.assign(parts)
        consumer.seek_to_beginning(*parts)
        pending = {tp for tp in parts if ends[tp] > 0}
        deadline = time.monotonic() + timeout
        while pending:
            if time.monotonic() > deadline:
                missing = ", ".join(f"{tp.topic}[{tp.partition}]" for tp in sorted(pending))
                raise BrokerUnavailableError(f"Kafka no entregó a tiempo: {missing}")
            for tp, records in consumer.poll(timeout_ms=POLL_MS).items():
                for record in records:
                    if record.offset >= ends[tp]:
                        break
                    yield StoredMessage(
                        topic=record.topic,
                        partition=record.partition,
                        offset=record.offset,
                        key=record.key,
                        value=record.value,
                        headers=tuple((k, v or b"") for k, v in record.headers or ()),
                        timestamp_ms=record.timestamp,
                    )
            # Positions, not record counts: compaction and transaction markers leave gaps.
            pending = {tp for tp in pending if consumer.position(tp) < ends[tp]}
    except KafkaError as error:
        raise BrokerUnavailableError(f"Kafka falló al leer {', '.join(topics)}: {error}") from error
    finally:
        consumer.close()
