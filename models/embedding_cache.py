"""The embedding cache in PostgreSQL: vectors by content hash, for one model.

``CachedEncoder`` calls ``get_many``, ``put_many`` and ``delete_many``
synchronously, so this cache uses a synchronous psycopg pool, or one
connection in autocommit mode.
Vectors are stored as little-endian float32 bytes with the model name and
width; a row of another model or width is never returned, so switching
models cannot mix vectors.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import psycopg
from psycopg.rows import TupleRow, class_row, scalar_row
from psycopg_pool import ConnectionPool

from matching.cache import Vector, check_dimensions
from models.errors import StorageError

SyncConnection = psycopg.Connection[TupleRow]
_FLOAT32 = np.dtype("<f4")


def vector_bytes(vector: Vector) -> bytes:
    """Little-endian float32 bytes of one vector."""
    return np.asarray(vector, dtype=_FLOAT32).tobytes()


def bytes_vector(blob: bytes, dimensions: int) -> Vector:
    """The vector stored as ``blob``; a length that does not match is refused."""
    if len(blob) != dimensions * _FLOAT32.itemsize:
        raise StorageError(
            f"Un vector guardado mide {len(blob)} bytes; se esperaban "
            f"{dimensions * _FLOAT32.itemsize}"
        )
    return np.frombuffer(blob, dtype=_FLOAT32).astype(np.float32)


@dataclass(frozen=True, slots=True)
class _Cached:
    content_hash: str
    embedding: bytes


class PostgresVectorCache:
    """``VectorCache`` over the ``embedding_cache`` table, bound to one model."""

    def __init__(
        self,
        source: SyncConnection | ConnectionPool[SyncConnection],
        *,
        model: str,
        dimensions: int,
    ) -> None:
        if dimensions <= 0:
            raise ValueError("dimensions debe ser positivo")
        # A connection outside autocommit would leave our writes in a transaction
        # that only its owner can commit.
        if isinstance(source, psycopg.Connection) and not source.autocommit:
            raise ValueError("La conexión de la caché debe estar en modo autocommit")
        self._source = source
        self.model = model
        self.dimensions = dimensions

    @contextmanager
    def _connection(self) -> Iterator[SyncConnection]:
        try:
            if isinstance(self._source, ConnectionPool):
                with self._source.connection() as connection:
                    yield connection
            else:
                yield self._source
        except psycopg.Error as error:
            raise StorageError(
                f"No se pudo leer o escribir la caché de vectores: {error}"
            ) from error

    def get_many(self, keys: Sequence[str]) -> dict[str, Vector]:
        """Vectors of this model found for the keys; missing keys are absent."""
        if not keys:
            return {}
        with (
            self._connection() as connection,
            connection.cursor(row_factory=class_row(_Cached)) as cursor,
        ):
            rows = cursor.execute(
                "SELECT content_hash, embedding FROM embedding_cache"
                " WHERE content_hash = ANY(%s) AND model = %s AND dimensions = %s",
                (list(dict.fromkeys(keys)), self.model, self.dimensions),
            ).fetchall()
        return {row.content_hash: bytes_vector(row.embedding, self.dimensions) for row in rows}

    def put_many(self, items: Mapping[str, Vector]) -> None:
        """Store vectors in one transaction; a key already stored keeps its vector."""
        if not items:
            return
        check_dimensions(items, self.dimensions)
        rows = [(key, self.model, self.dimensions, vector_bytes(vec)) for key, vec in items.items()]
        with (
            self._connection() as connection,
            connection.transaction(),
            connection.cursor() as cursor,
        ):
            # Keys hash the model name and the text: a conflict is the same vector.
            cursor.executemany(
                "INSERT INTO embedding_cache"
                " (content_hash, model, dimensions, embedding)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (content_hash) DO NOTHING",
                rows,
            )

    def delete_many(self, keys: Sequence[str]) -> None:
        """Delete the rows of the keys (a graduate erased); absent keys are ignored.

        A key hashes the model name with the text, so it names one model's
        vector of one text: rows are deleted by key alone, whatever width they
        were stored with, so none of the text's vectors outlives the deletion.
        """
        if not keys:
            return
        with self._connection() as connection:
            connection.execute(
                "DELETE FROM embedding_cache WHERE content_hash = ANY(%s)",
                (list(dict.fromkeys(keys)),),
            )

    def count(self) -> int:
        """Rows stored for this model and width."""
        with (
            self._connection() as connection,
            connection.cursor(row_factory=scalar_row) as cursor,
        ):
            count = cursor.execute(
                "SELECT count(*) FROM embedding_cache WHERE model = %s AND dimensions = %s",
                (self.model, self.dimensions),
            ).fetchone()
        return int(count or 0)
