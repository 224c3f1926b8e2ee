"""The stream worker: builds the app, binds every flow's agent, serves health and metrics.

Start it with ``vincula worker`` (or ``faust -A streams.worker worker`` with
the settings in the environment).
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any

import faust
from faust.web import Request, Response, View
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from models.pool import Database
from streams.app import create_app
from streams.graduations import graduation_handler
from streams.processing import Delivery, Handler, process_stream
from streams.topics import CONSENTS, GRADUATIONS, Topics, TopicSpec
from vincula.settings import Settings, load_settings

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


def bind_agent(
    app: faust.App, spec: TopicSpec, handler: Handler, sender: FaustSender, topics: Topics
) -> None:
    """Declare an agent that runs ``handler`` over every message of ``spec``."""
    name = topics.name(spec)
    topic = app.topic(name, key_type=bytes, value_type=bytes)

    async def messages(stream: Any) -> AsyncIterator[tuple[bytes | None, Delivery]]:
        async for event in stream.events():
            message = event.message
            yield event.value, Delivery(
                topic=message.topic,
                partition=message.partition,
                offset=message.offset,
                key=message.key,
            )

    async def agent(stream: Any) -> None:
        await process_stream(messages(stream), handler=handler, sender=sender, topics=topics)

    agent.__name__ = agent.__qualname__ = name.replace(".", "_").replace("-", "_")
    app.agent(topic, name=name)(agent)


def build_worker(settings: Settings, database_url: str) -> faust.App:
    """The Faust app with every flow bound, ready for ``faust.Worker``."""
    app = create_app(settings)
    database = Database(database_url)
    sender = FaustSender(app)
    topics = Topics(settings.topic_namespace)
    graduations = graduation_handler(database)
    bind_agent(app, GRADUATIONS, graduations, sender, topics)
    bind_agent(app, CONSENTS, graduations, sender, topics)

    @app.page("/health")
    class Health(View):  # type: ignore[misc]
        async def get(self, request: Request) -> Response:
            assigned = sorted(f"{tp.topic}:{tp.partition}" for tp in app.consumer.assignment())
            body = {"status": "ok", "assigned": assigned}
            return self.bytes(json.dumps(body).encode(), content_type="application/json")

    @app.page("/metrics")
    class Metrics(View):  # type: ignore[misc]
        async def get(self, request: Request) -> Response:
            return self.bytes(generate_latest(), content_type=CONTENT_TYPE_LATEST)

    return app


def _app_from_environment() -> faust.App:
    settings = load_settings()
    if settings.database_url is None:
        # The CLI resolves the embedded server before starting workers; a
        # bare `faust -A streams.worker` needs an explicit URL.
        raise SystemExit("DATABASE_URL (or VINCULA_DATABASE_URL) must be set for a worker")
    return build_worker(settings, settings.database_url.get_secret_value())


def __getattr__(name: str) -> object:
    # `faust -A streams.worker` looks up `app`; build it only then, so
    # importing this module has no side effects.
    if name == "app":
        return _app_from_environment()
    raise AttributeError(name)
