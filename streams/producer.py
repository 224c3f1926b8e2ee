"""Producing events from commands (ingestion, demo, re-publishing dead letters)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import TracebackType

from kafka import KafkaProducer
from kafka.errors import KafkaError

from schemas.codec import event_to_json
from streams.admin import broker_unreachable_message
from streams.config import KafkaConfig
from streams.errors import BrokerUnavailableError
from streams.processing import Outgoing
from streams.topics import Topics


class EventProducer:
    """A blocking producer with idempotence and acks from all in-sync replicas."""

    def __init__(self, settings: KafkaConfig) -> None:
        try:
            self._producer = KafkaProducer(
                bootstrap_servers=settings.kafka_bootstrap.split(","),
                client_id="vincula-cli",
                acks="all",
                enable_idempotence=True,
                linger_ms=5,
                request_timeout_ms=30_000,
            )
            self._topics = Topics(settings.topic_namespace)
        except (KafkaError, OSError) as error:
            raise BrokerUnavailableError(
                broker_unreachable_message(settings.kafka_bootstrap)
            ) from error

    def send(self, outgoing: Outgoing) -> None:
        """Queue one event (call ``flush`` to wait for all)."""
        event_type = type(outgoing.event).__name__
        self.send_raw(
            self._topics.for_event_type(event_type),
            key=outgoing.key.encode(),
            value=event_to_json(outgoing.event),
            headers=[("vincula.event_type", event_type.encode())],
        )

    def send_raw(
        self,
        topic: str,
        *,
        key: bytes | None,
        value: bytes,
        headers: Sequence[tuple[str, bytes]] = (),
    ) -> None:
        """Queue raw bytes, as dead letters are re-published."""
        self._producer.send(topic, key=key, value=value, headers=list(headers))

    def send_all(self, items: Iterable[Outgoing]) -> int:
        """Send every event and wait until the broker has them all; return the count."""
        count = 0
        for item in items:
            self.send(item)
            count += 1
        self.flush()
        return count

    def flush(self, timeout: float = 60.0) -> None:
        """Wait for every queued message to be acknowledged."""
        try:
            self._producer.flush(timeout=timeout)
        except KafkaError as error:
            raise BrokerUnavailableError(
                f"Kafka did not acknowledge the events: {error}"
            ) from error

    def close(self) -> None:
        """Flush and close the connection."""
        self._producer.close(timeout=30)

    def __enter__(self) -> EventProducer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
