"""An async connection pool, opened lazily inside the worker's event loop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from psycopg import AsyncConnection
from psycopg.rows import TupleRow
from psycopg_pool import AsyncConnectionPool

Connection = AsyncConnection[TupleRow]


class Database:
    """The worker's access to PostgreSQL: one pool, one transaction per unit of work."""

    def __init__(self, url: str, *, min_size: int = 1, max_size: int = 4) -> None:
        self._url = url
        self._min_size = min_size
        self._max_size = max_size
        self._pool: AsyncConnectionPool[Connection] | None = None

    async def _open(self) -> AsyncConnectionPool[Connection]:
        if self._pool is None:
            pool: AsyncConnectionPool[Connection] = AsyncConnectionPool(
                self._url, min_size=self._min_size, max_size=self._max_size, open=False
            )
            await pool.open(wait=True, timeout=30)
            self._pool = pool
        return self._pool

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        """A connection inside a transaction that commits on success."""
        pool = await self._open()
        async with pool.connection() as connection, connection.transaction():
            yield connection

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Connection]:
        """A connection in autocommit-free mode, for reads."""
        pool = await self._open()
        async with pool.connection() as connection:
            yield connection

    async def close(self) -> None:
        """Close the pool if it was opened."""
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
