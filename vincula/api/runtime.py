"""What the API's lifespan owns: one PostgreSQL pool, one Kafka producer, the cohort backends.

Nothing is reached at start-up, so an API whose broker or database is down
still starts and answers ``/health``; the pool opens on the first request
that reads the state, and the lifespan closes it with the producer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from models.errors import DatabaseUnavailableError
from streams.ingest.service import ContactStore, EventSink
from streams.producer import EventProducer
from vincula.ingest_backends import LiveBackends
from vincula.settings import Settings

CohortBackends = Callable[[], AbstractContextManager[tuple[ContactStore, EventSink]]]
Pool = ConnectionPool[psycopg.Connection[Any]]

APPLICATION_NAME = "vincula-api"
POOL_MIN_SIZE = 1
POOL_MAX_SIZE = 8
POOL_OPEN_SECONDS = 10.0
# How long a request waits for a free connection before the API answers 503.
POOL_WAIT_SECONDS = 10.0


class NoLiveBackendsError(RuntimeError):
    """The API was built with injected cohort backends, so it has no Kafka nor PostgreSQL."""


class Runtime:
    """The long-lived objects of one run of the app, opened lazily and closed together."""

    def __init__(
        self, settings: Settings, *, backends: CohortBackends | None, max_upload_bytes: int
    ) -> None:
        self.settings = settings
        self.max_upload_bytes = max_upload_bytes
        self._live = LiveBackends(settings) if backends is None else None
        self.backends: CohortBackends = backends or self._require_live().session
        self._pool: Pool | None = None
        self._lock = threading.Lock()

    def _require_live(self) -> LiveBackends:
        if self._live is None:
            raise NoLiveBackendsError("el servicio no tiene Kafka ni PostgreSQL")
        return self._live

    def pool(self) -> Pool:
        """The shared connection pool, opened on first use."""
        live = self._require_live()
        with self._lock:
            if self._pool is None:
                self._pool = _open_pool(live.url())
            return self._pool

    def producer(self) -> EventProducer:
        """The shared producer, opened on first use."""
        _, producer = self._require_live().resolve()
        return producer

    def close(self) -> None:
        """Close the pool, the producer and, if embedded, PostgreSQL."""
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
        if self._live is not None:
            self._live.close()


def _open_pool(url: str) -> Pool:
    pool: Pool = ConnectionPool(
        url,
        min_size=POOL_MIN_SIZE,
        max_size=POOL_MAX_SIZE,
        timeout=POOL_WAIT_SECONDS,
        # The API only reads: no transaction stays open between a request's queries.
        kwargs={"autocommit": True, "application_name": APPLICATION_NAME},
        check=ConnectionPool.check_connection,
        name="vincula-api",
        open=False,
    )
    try:
        pool.open(wait=True, timeout=POOL_OPEN_SECONDS)
    except PoolTimeout as error:
        pool.close()
        raise DatabaseUnavailableError(f"PostgreSQL no respondió: {error}") from error
    return pool
