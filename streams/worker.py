"""The stream worker: builds the app, binds every flow's agent, serves health and metrics.

``vincula worker`` composes it from settings (see ``vincula.bootstrap``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Any

import faust
from faust.web import Request, Response, View
from prometheus_client import generate_latest

from matching.matcher import Matcher
from models.pool import Database
from streams import metrics
from streams.app import create_app
from streams.config import WorkerConfig
from streams.effects import PostgresStore
from streams.flows import FLOWS, TIMERS, Flow, Services, Timer
from streams.matchmaking import Matchmaker
from streams.notification_store import PostgresNotificationStore
from streams.notifications import NotifyConfig, senders_from_settings
from streams.processing import (
    BatchHandler,
    Delivery,
    Sender,
    process_batches,
    process_stream,
    send_event,
)
from streams.topics import Topics, TopicSpec

log = logging.getLogger(__name__)


class FaustSender:
    """Sends through the worker's own producer and waits for the acknowledgement."""

    def __init__(self, app: faust.App) -> None:
        self._app = app

    async def send(
        self, topic: str, *, key: bytes | None, value: bytes, headers: Sequence[tuple[str, bytes]]
    ) -> None:
        """Send one message; return once the broker has it."""
        await self._app.producer.send_and_wait(
            topic, key, value, partition=None, timestamp=None, headers=list(headers)
        )


def _deliveries(stream: Any) -> AsyncIterator[tuple[bytes | None, Delivery]]:
    async def generate() -> AsyncIterator[tuple[bytes | None, Delivery]]:
        async for event in stream.events():
            yield event.value, _delivery_of(event)

    return generate()


def _delivery_of(event: Any) -> Delivery:
    message = event.message
    return Delivery(
        topic=message.topic, partition=message.partition, offset=message.offset, key=message.key
    )


def bind_agent(
    app: faust.App, spec: TopicSpec, handler: BatchHandler, sender: FaustSender, topics: Topics
) -> None:
    """Declare an agent that runs ``handler`` over every message of ``spec``, one at a time."""
    name = topics.name(spec)

    async def agent(stream: Any) -> None:
        await process_stream(_deliveries(stream), handler=handler, sender=sender, topics=topics)

    agent.__name__ = agent.__qualname__ = name.replace(".", "_").replace("-", "_")
    app.agent(app.topic(name, key_type=bytes, value_type=bytes), name=name)(agent)


def bind_batch_agent(
    app: faust.App,
    spec: TopicSpec,
    handler: BatchHandler,
    sender: FaustSender,
    topics: Topics,
    *,
    size: int,
    within: float,
) -> None:
    """Declare an agent that hands ``handler`` what arrives together (up to ``size`` events)."""
    name = topics.name(spec)

    async def batches(stream: Any) -> AsyncIterator[list[tuple[bytes | None, Delivery]]]:
        async for events in stream.take_events(size, within=within):
            yield [(event.value, _delivery_of(event)) for event in events]

    async def agent(stream: Any) -> None:
        await process_batches(batches(stream), handler=handler, sender=sender, topics=topics)

    agent.__name__ = agent.__qualname__ = name.replace(".", "_").replace("-", "_")
    app.agent(app.topic(name, key_type=bytes, value_type=bytes), name=name)(agent)


LAG_INTERVAL_SECONDS = 10.0
METRICS_CONTENT_TYPE = "text/plain"


def record_consumer_lag(consumer: Any) -> None:
    """Set the lag gauge of every assigned partition: end offset minus next offset to read."""
    for tp in consumer.assignment():
        end = consumer.highwater(tp)
        # Faust keeps the last offset read per partition (None before the first).
        last_read = consumer._read_offset.get(tp)
        if end is None:
            continue
        lag = end - (last_read + 1 if last_read is not None else 0)
        metrics.CONSUMER_LAG.labels(topic=tp.topic, partition=str(tp.partition)).set(max(0, lag))


def bind_flow(
    app: faust.App,
    flow: Flow,
    handler: BatchHandler,
    sender: FaustSender,
    topics: Topics,
    settings: WorkerConfig,
) -> None:
    """Declare one agent per topic of ``flow``, batched when the flow has a window."""
    for spec in flow.topics:
        if flow.window is None:
            bind_agent(app, spec, handler, sender, topics)
        else:
            window = flow.window(settings)
            bind_batch_agent(
                app, spec, handler, sender, topics, size=window.size, within=window.seconds
            )


def bind_timer(
    app: faust.App, timer: Timer, database: Database, sender: Sender, topics: Topics, every: float
) -> None:
    """Publish what ``timer`` finds due, every ``every`` seconds, on the leader only."""

    async def publish() -> None:
        for item in await timer.due(database, datetime.now(UTC)):
            await send_event(sender, item, topics)

    publish.__name__ = publish.__qualname__ = f"publish_{timer.name}"
    app.timer(every, on_leader=True)(publish)


def worker_services(settings: WorkerConfig, database: Database, matcher: Matcher) -> Services:
    """The real dependencies of every flow: PostgreSQL, the matcher, SMTP and webhooks."""
    email, webhook = senders_from_settings(settings)
    return Services(
        store=PostgresStore(database),
        matchmaking=Matchmaker(matcher, database),
        notifications=PostgresNotificationStore(database),
        email=email,
        webhook=webhook,
        notify=NotifyConfig.from_settings(settings),
    )


def build_worker(settings: WorkerConfig, database_url: str, matcher: Matcher) -> faust.App:
    """The Faust app with every flow of ``streams.flows`` bound, ready for ``faust.Worker``."""
    app = create_app(settings)
    database = Database(database_url)
    sender = FaustSender(app)
    topics = Topics(settings.topic_namespace)
    services = worker_services(settings, database, matcher)
    for flow in FLOWS:
        bind_flow(app, flow, flow.build(services), sender, topics, settings)
    for timer in TIMERS:
        bind_timer(app, timer, database, sender, topics, timer.seconds(settings))

    @app.timer(LAG_INTERVAL_SECONDS)  # type: ignore[untyped-decorator]
    async def measure_lag() -> None:
        record_consumer_lag(app.consumer)

    @app.page("/health")
    class Health(View):
        async def get(self, request: Request) -> Response:
            assigned = sorted(f"{tp.topic}:{tp.partition}" for tp in app.consumer.assignment())
            body = {"status": "ok", "assigned": assigned}
            return self.bytes(json.dumps(body).encode(), content_type="application/json")

    @app.page("/metrics")
    class Metrics(View):
        async def get(self, request: Request) -> Response:
            # aiohttp refuses a charset inside content_type; the text format is UTF-8.
            return self.bytes(generate_latest(), content_type=METRICS_CONTENT_TYPE)

    return app
