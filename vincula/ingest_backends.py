"""The real backends of cohort ingestion: PostgreSQL contacts and the Kafka sink.

The only module of ``streams.ingest`` that reaches Kafka and PostgreSQL; the
CLI and the API both build their backends here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from types import TracebackType
from typing import Self

from models.contacts import PostgresContactStore
from streams.cohort_sink import ProducerEventSink
from streams.ingest.service import ContactStore, EventSink
from streams.producer import EventProducer
from vincula.local.postgres import database_url
from vincula.settings import Settings


class LiveBackends:
    """Resolves the database once and shares one producer; each session gets its own connection."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._stack = ExitStack()
        self._url: str | None = None
        self._producer: EventProducer | None = None
        self._lock = threading.Lock()

    def resolve(self) -> tuple[str, EventProducer]:
        """The database URL and the shared producer, opened on first use."""
        return self._resolve()

    def url(self) -> str:
        """The database URL alone (reads need no broker), resolved on first use."""
        with self._lock:
            return self._database()

    def _database(self) -> str:
        if self._url is None:
            self._url = self._stack.enter_context(database_url(self._settings))
        return self._url

    def _resolve(self) -> tuple[str, EventProducer]:
        # Lazily, so an API whose broker is down still starts and answers /health.
        with self._lock:
            url = self._database()
            if self._producer is None:
                self._producer = self._stack.enter_context(EventProducer(self._settings))
            return url, self._producer

    @contextmanager
    def session(self) -> Iterator[tuple[ContactStore, EventSink]]:
        """A contact store and an event sink for one file."""
        url, producer = self._resolve()
        with PostgresContactStore(url) as contacts:
            yield contacts, ProducerEventSink(producer)

    def close(self) -> None:
        """Close the producer and, if embedded, stop PostgreSQL."""
        with self._lock:
            self._stack.close()
            self._url = None
            self._producer = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
