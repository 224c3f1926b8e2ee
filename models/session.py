"""A store that owns one synchronous connection, for commands that write in batches."""

from __future__ import annotations

from types import TracebackType
from typing import Self

import psycopg
from psycopg.rows import TupleRow

from models.errors import DatabaseUnavailableError


class ConnectionOwner:
    """Opens one connection (with an actionable error) and closes it on exit."""

    unavailable_message = "PostgreSQL no respondió"

    def __init__(self, url: str) -> None:
        try:
            self._connection: psycopg.Connection[TupleRow] = psycopg.connect(url)
        except psycopg.OperationalError as error:
            raise DatabaseUnavailableError(f"{self.unavailable_message}: {error}") from error

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
