"""The API's dependencies, as ``Annotated`` aliases that endpoints declare as parameters.

Everything comes from the :class:`~vincula.api.runtime.Runtime` that the app's
lifespan owns. Tests replace any of these functions through
``app.dependency_overrides``, or pass fake cohort backends to ``create_api``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Request
from psycopg_pool import PoolTimeout

from models.errors import DatabaseUnavailableError
from models.reports import Connection
from streams.producer import EventProducer
from vincula.api.runtime import CohortBackends, Pool, Runtime
from vincula.settings import Settings


def get_runtime(request: Request) -> Runtime:
    """The runtime the lifespan opened for this app."""
    runtime = request.app.state.runtime
    if not isinstance(runtime, Runtime):
        raise TypeError("the API's lifespan did not start")
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_settings(runtime: RuntimeDep) -> Settings:
    """The settings the app was built with."""
    return runtime.settings


def get_upload_limit(runtime: RuntimeDep) -> int:
    """The largest cohort file accepted, in bytes."""
    return runtime.max_upload_bytes


def get_backends(runtime: RuntimeDep) -> CohortBackends:
    """Where an uploaded cohort's contacts and events go."""
    return runtime.backends


def get_pool(runtime: RuntimeDep) -> Pool:
    """The shared PostgreSQL pool (503 when there is none)."""
    return runtime.pool()


def get_producer(runtime: RuntimeDep) -> EventProducer:
    """The shared Kafka producer (503 when there is none)."""
    return runtime.producer()


SettingsDep = Annotated[Settings, Depends(get_settings)]
UploadLimitDep = Annotated[int, Depends(get_upload_limit)]
BackendsDep = Annotated[CohortBackends, Depends(get_backends)]
PoolDep = Annotated[Pool, Depends(get_pool)]
ProducerDep = Annotated[EventProducer, Depends(get_producer)]


@contextmanager
def pooled(pool: Pool) -> Iterator[Connection]:
    """A connection lent by ``pool`` for the block (503 when none frees up in time)."""
    try:
        connection = pool.getconn()
    except PoolTimeout as error:
        raise DatabaseUnavailableError(f"PostgreSQL no respondió a tiempo: {error}") from error
    try:
        yield connection
    finally:
        pool.putconn(connection)


def get_connection(pool: PoolDep) -> Iterator[Connection]:
    """One pooled connection for the request, returned to the pool afterwards."""
    with pooled(pool) as connection:
        yield connection


ConnectionDep = Annotated[Connection, Depends(get_connection)]
