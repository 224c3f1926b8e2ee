"""Polling and reading helpers shared by the integration tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import psycopg
from kafka import KafkaConsumer

from vincula.settings import Settings

T = TypeVar("T")


def eventually(probe: Callable[[], T | None], *, timeout: float = 60.0, every: float = 0.3) -> T:
    """Call ``probe`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(every)
    raise AssertionError(f"condition not met within {timeout:.0f} s (last value: {last!r})")


def query(url: str, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Rows of one query on a fresh connection."""
    with psycopg.connect(url) as connection:
        return connection.execute(sql.encode(), parameters).fetchall()


def read_topic(
    bootstrap: str, topic: str, *, expected: int, timeout: float = 30.0
) -> list[tuple[bytes | None, bytes | None, dict[str, bytes]]]:
    """Read ``expected`` messages of a topic from the beginning: (key, value, headers)."""
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
        consumer_timeout_ms=1000,
    )
    found: list[tuple[bytes | None, bytes | None, dict[str, bytes]]] = []
    deadline = time.monotonic() + timeout
    try:
        while len(found) < expected and time.monotonic() < deadline:
            for message in consumer:
                found.append((message.key, message.value, dict(message.headers)))
    finally:
        consumer.close()
    return found


def caught_up(settings: Settings) -> bool:
    """True when the workers' group has committed every message of every consumed topic."""
    from kafka import KafkaAdminClient

    from streams.flows import CONSUMED_TOPICS
    from streams.reading import end_offsets
    from streams.topics import Topics

    names = [Topics(settings.topic_namespace).name(spec) for spec in CONSUMED_TOPICS]
    ends = end_offsets(settings, names)
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
    try:
        committed = admin.list_group_offsets(settings.consumer_group)[settings.consumer_group]
    finally:
        admin.close()
    done = {
        (tp.topic, tp.partition): getattr(meta, "offset", meta) for tp, meta in committed.items()
    }
    return all(done.get(part, 0) >= end for part, end in ends.items() if end > 0)


def bearer(
    settings: Settings,
    role: str,
    *,
    employer: str | None = None,
    programme: str | None = None,
) -> dict[str, str]:
    """An ``Authorization`` header with a fresh credential stored in this test's database."""
    from datetime import UTC, datetime

    from models.api_tokens import TokenRole
    from vincula.auth.tokens import Scope, issue_token

    assert settings.database_url is not None
    with psycopg.connect(settings.database_url.get_secret_value(), autocommit=True) as connection:
        issued = issue_token(
            connection,
            key=settings.token_hash_key.get_secret_value().encode(),
            scope=Scope(TokenRole(role), employer_id=employer, programme=programme),
            now=datetime.now(UTC),
        )
    return {"Authorization": f"Bearer {issued.token}"}
