"""Consumer lag is end offset minus the next offset to read, never negative."""

from __future__ import annotations

from dataclasses import dataclass, field

from streams import metrics
from streams.worker import record_consumer_lag


@dataclass(frozen=True)
class TP:
    topic: str
    partition: int


@dataclass
class FakeConsumer:
    ends: dict[TP, int | None]
    _read_offset: dict[TP, int | None] = field(default_factory=dict)

    def assignment(self) -> set[TP]:
        return set(self.ends)

    def highwater(self, tp: TP) -> int | None:
        return self.ends[tp]


def gauge(topic: str, partition: int) -> float:
    value = metrics.CONSUMER_LAG.labels(topic=topic, partition=str(partition))._value.get()
    return float(value)


def test_lag_counts_unread_messages_per_partition() -> None:
    a, b = TP("lag.test", 0), TP("lag.test", 1)
    consumer = FakeConsumer(ends={a: 10, b: 5}, _read_offset={a: 6, b: None})
    record_consumer_lag(consumer)
    assert gauge("lag.test", 0) == 3  # offsets 7, 8, 9 unread
    assert gauge("lag.test", 1) == 5  # nothing read yet
