"""The loop every agent runs: decode, hand to a handler, send, or dead-letter.

Effects are exactly once (each handler claims the event in the same
transaction as its effect); the events a handler returns are sent at least
once, with deterministic ids, so their consumers deduplicate them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import psycopg
from kafka.errors import KafkaError

from models.errors import DatabaseUnavailableError
from schemas.base import BaseEvent
from schemas.codec import event_to_json, parse_event
from schemas.errors import SchemaError
from schemas.registry import AnyEvent
from streams import metrics
from streams.errors import BrokerUnavailableError
from streams.topics import Topics, dead_letter_topic

log = logging.getLogger(__name__)

MAX_RETRY_DELAY_SECONDS = 30.0


@dataclass(frozen=True)
class Delivery:
    """Where a message was read from."""

    topic: str
    partition: int
    offset: int
    key: bytes | None


@dataclass(frozen=True)
class Outgoing:
    """An event to send, with the key that keeps its entity's order."""

    key: str
    event: BaseEvent


Handler = Callable[[AnyEvent, Delivery], Awaitable[Sequence[Outgoing]]]


class Sender(Protocol):
    """Sends bytes to a topic and waits for the broker's acknowledgement."""

    async def send(
        self, topic: str, *, key: bytes | None, value: bytes, headers: Sequence[tuple[str, bytes]]
    ) -> None: ...


class PermanentError(Exception):
    """An event that can never be applied as it is (unknown reference, broken invariant)."""


FailureAction = Literal["retry", "dead_letter"]


def failure_action(error: BaseException) -> FailureAction:
    """The error policy: retry what may pass later, dead-letter everything else."""
    transient = (
        psycopg.OperationalError,
        BrokerUnavailableError,
        DatabaseUnavailableError,
        KafkaError,
        ConnectionError,
        TimeoutError,
    )
    if isinstance(error, transient) and not isinstance(error, PermanentError):
        return "retry"
    return "dead_letter"


def dead_letter_headers(
    delivery: Delivery, *, reason: str, error: BaseException
) -> list[tuple[str, bytes]]:
    """Headers that say why and from where a message was dead-lettered."""
    return [
        ("vincula.reason", reason.encode("utf-8")[:4000]),
        ("vincula.exception", type(error).__qualname__.encode()),
        ("vincula.source.topic", delivery.topic.encode()),
        ("vincula.source.partition", str(delivery.partition).encode()),
        ("vincula.source.offset", str(delivery.offset).encode()),
        ("vincula.dead_lettered_at", str(int(time.time() * 1000)).encode()),
    ]


@dataclass(frozen=True)
class Envelope:
    """An event as the broker takes it: topic, key, JSON value and headers."""

    topic: str
    key: bytes
    value: bytes
    headers: tuple[tuple[str, bytes], ...]


def encode(outgoing: Outgoing, topics: Topics) -> Envelope:
    """The one encoding of an outgoing event: its type's topic, its key, JSON, its type header."""
    event_type = type(outgoing.event).__name__
    return Envelope(
        topic=topics.for_event_type(event_type),
        key=outgoing.key.encode(),
        value=event_to_json(outgoing.event),
        headers=(("vincula.event_type", event_type.encode()),),
    )


async def send_event(sender: Sender, outgoing: Outgoing, topics: Topics) -> None:
    """Encode and send one outgoing event to the topic declared for its type."""
    envelope = encode(outgoing, topics)
    await sender.send(
        envelope.topic, key=envelope.key, value=envelope.value, headers=envelope.headers
    )


BatchHandler = Callable[[Sequence[tuple[AnyEvent, Delivery]]], Awaitable[Sequence[Outgoing]]]


def single(handler: Handler) -> BatchHandler:
    """A batch handler that applies ``handler`` to each event in turn."""

    async def handle_batch(items: Sequence[tuple[AnyEvent, Delivery]]) -> Sequence[Outgoing]:
        outgoing: list[Outgoing] = []
        for event, delivery in items:
            outgoing.extend(await handler(event, delivery))
        return outgoing

    return handle_batch


async def process_batch(
    messages: Sequence[tuple[bytes | None, Delivery]],
    *,
    handler: BatchHandler,
    sender: Sender,
    topics: Topics,
    retry_delay: float = 0.5,
) -> None:
    """Apply messages that arrived together; a bad one is dead-lettered, the rest go on.

    The batch is handed over whole (so a cohort can be allocated jointly); if
    it fails permanently, each event is retried alone to find the culprit.
    """
    decoded: list[tuple[AnyEvent, Delivery, bytes]] = []
    for value, delivery in messages:
        if value is None:
            await _dead_letter(sender, b"", delivery, reason="mensaje vacío", error=SchemaError())
            continue
        try:
            decoded.append((parse_event(value), delivery, value))
        except SchemaError as bad_payload:
            await _dead_letter(sender, value, delivery, reason=str(bad_payload), error=bad_payload)
    if not decoded:
        return
    if len(decoded) == 1:
        await _process_decoded(decoded, handler, sender, topics, retry_delay)
        return
    outgoing, failure = await _handle_with_retries(decoded, handler, retry_delay)
    if failure is None:
        await _send_all(outgoing, decoded, sender, topics)
        return
    for item in decoded:
        await _process_decoded([item], handler, sender, topics, retry_delay)


async def _process_decoded(
    decoded: list[tuple[AnyEvent, Delivery, bytes]],
    handler: BatchHandler,
    sender: Sender,
    topics: Topics,
    retry_delay: float,
) -> None:
    outgoing, failure = await _handle_with_retries(decoded, handler, retry_delay)
    if failure is None:
        await _send_all(outgoing, decoded, sender, topics)
        return
    _, delivery, value = decoded[0]
    await _dead_letter(sender, value, delivery, reason=str(failure) or repr(failure), error=failure)


async def _handle_with_retries(
    decoded: list[tuple[AnyEvent, Delivery, bytes]], handler: BatchHandler, retry_delay: float
) -> tuple[Sequence[Outgoing], BaseException | None]:
    """The handler's events, or the error that makes the batch fail permanently."""
    delay = retry_delay
    items = [(event, delivery) for event, delivery, _ in decoded]
    topic = decoded[0][1].topic
    while True:
        started = time.perf_counter()
        try:
            outgoing = await handler(items)
        except Exception as error:
            if failure_action(error) == "retry":
                log.warning("transient failure on %s; retrying in %.1f s: %s", topic, delay, error)
                metrics.RETRIES.labels(topic=topic).inc()
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_RETRY_DELAY_SECONDS)
                continue
            log.warning("permanent failure on %s: %s", topic, error, exc_info=len(items) == 1)
            return (), error
        metrics.HANDLER_SECONDS.labels(topic=topic).observe(time.perf_counter() - started)
        return outgoing, None


async def _send_all(
    outgoing: Sequence[Outgoing],
    decoded: list[tuple[AnyEvent, Delivery, bytes]],
    sender: Sender,
    topics: Topics,
) -> None:
    for item in outgoing:
        await send_event(sender, item, topics)
    for event, delivery, _ in decoded:
        metrics.EVENTS_PROCESSED.labels(topic=delivery.topic, event_type=event.event_type).inc()


async def _dead_letter(
    sender: Sender, value: bytes, delivery: Delivery, *, reason: str, error: BaseException
) -> None:
    await sender.send(
        dead_letter_topic(delivery.topic),
        key=delivery.key,
        value=value,
        headers=dead_letter_headers(delivery, reason=reason, error=error),
    )
    metrics.DEAD_LETTERS.labels(topic=delivery.topic, exception=type(error).__name__).inc()
    log.warning(
        "dead-lettered %s[%d]@%d: %s", delivery.topic, delivery.partition, delivery.offset, reason
    )


async def process_batches(
    batches: AsyncIterator[Sequence[tuple[bytes | None, Delivery]]],
    *,
    handler: BatchHandler,
    sender: Sender,
    topics: Topics,
) -> None:
    """Run ``process_batch`` over a stream of batches."""
    async for batch in batches:
        await process_batch(batch, handler=handler, sender=sender, topics=topics)


async def process_stream(
    messages: AsyncIterator[tuple[bytes | None, Delivery]],
    *,
    handler: BatchHandler,
    sender: Sender,
    topics: Topics,
) -> None:
    """Run ``process_batch`` over a stream of (value, delivery) pairs, one message at a time."""
    async for value, delivery in messages:
        await process_batch([(value, delivery)], handler=handler, sender=sender, topics=topics)
