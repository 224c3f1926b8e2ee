"""Producing events from commands (ingestion, demo, re-publishing dead letters)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import TracebackType

from kafka import KafkaProducer
from kafka.errors import KafkaError

from streams.admin import reaching_broker
from streams.config import KafkaConfig
from streams.errors import BrokerUnavailableError
from streams.processing import Outgoing, encode
from streams.topics import Topics


class EventProducer:
    """A blocking producer with idempotence and acks from all in-sync replicas."""

    def __init__(self, settings: KafkaConfig) -> None:
        with reaching_broker(settings):
            self._producer = KafkaProducer(
                bootstrap_servers=settings.kafka_bootstrap.split(","),
                client_id="vincula-cli",
                acks="all",
                enable_idempotence=True,
                linger_ms=5,
                request_timeout_ms=30_000,
            )
        self._topics = Topics(settings.topic_namespace)

    def send(self, outgoing: Outgoing) -> None:
        """Queue one event (call ``flush`` to wait for all)."""
        envelope = encode(outgoing, self._topics)
        self.send_raw(
            envelope.topic, key=envelope.key, value=envelope.value, headers=envelope.headers
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
