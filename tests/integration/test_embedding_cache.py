"""The PostgreSQL vector cache against the same contract as the in-memory one."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt
import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from psycopg.rows import TupleRow

from matching.cache import (
    CachedEncoder,
    InMemoryVectorCache,
    TieredVectorCache,
    VectorCache,
    cache_key,
)
from models.embedding_cache import PostgresVectorCache, bytes_vector, vector_bytes
from models.errors import StorageError
from tests.unit.matching.vector_cache_contract import (
    DIM,
    CountingEncoder,
    VectorCacheContract,
    random_vectors,
)

pytestmark = pytest.mark.integration


class TestPostgresVectorCache(VectorCacheContract):
    @pytest.fixture(autouse=True)
    def _connection(self, database_url: str) -> Iterator[None]:
        with psycopg.connect(database_url, autocommit=True) as connection:
            self.connection: psycopg.Connection[TupleRow] = connection
            yield

    def make_cache(self, model: str, dimensions: int = DIM) -> VectorCache:
        return PostgresVectorCache(self.connection, model=model, dimensions=dimensions)

    def test_a_row_of_another_model_is_not_returned(self) -> None:
        items = random_vectors(2)
        PostgresVectorCache(self.connection, model="a", dimensions=DIM).put_many(items)
        other = PostgresVectorCache(self.connection, model="b", dimensions=DIM)
        assert other.get_many(list(items)) == {}
        assert other.count() == 0

    def test_a_row_of_another_width_is_not_returned(self) -> None:
        items = random_vectors(2)
        PostgresVectorCache(self.connection, model="a", dimensions=DIM).put_many(items)
        wider = PostgresVectorCache(self.connection, model="a", dimensions=DIM * 2)
        assert wider.get_many(list(items)) == {}

    def test_rows_keep_model_and_width(self) -> None:
        cache = PostgresVectorCache(self.connection, model="a", dimensions=DIM)
        cache.put_many(random_vectors(4))
        rows = self.connection.execute(
            "SELECT model, dimensions, octet_length(embedding) FROM embedding_cache"
        ).fetchall()
        assert rows == [("a", DIM, DIM * 4)] * 4
        assert cache.count() == 4

    def test_a_stored_key_keeps_its_first_vector(self) -> None:
        cache = PostgresVectorCache(self.connection, model="a", dimensions=DIM)
        key = "c" * 64
        first = np.ones(DIM, dtype=np.float32)
        cache.put_many({key: first})
        cache.put_many({key: np.zeros(DIM, dtype=np.float32)})
        np.testing.assert_array_equal(cache.get_many([key])[key], first)

    def test_delete_many_removes_the_rows_of_the_keys_and_only_those(self) -> None:
        cache = PostgresVectorCache(self.connection, model="a", dimensions=DIM)
        items = random_vectors(5)
        cache.put_many(items)
        doomed = list(items)[:2]
        cache.delete_many([*doomed, "f" * 64])
        cache.delete_many(doomed)  # redelivered: nothing left to delete, no error
        rows = self.connection.execute(
            "SELECT content_hash FROM embedding_cache ORDER BY content_hash"
        ).fetchall()
        assert [key for (key,) in rows] == sorted(set(items) - set(doomed))
        assert cache.count() == 3

    def test_delete_many_removes_a_key_stored_at_another_width(self) -> None:
        key = "c" * 64
        PostgresVectorCache(self.connection, model="a", dimensions=DIM * 2).put_many(
            {key: np.ones(DIM * 2, dtype=np.float32)}
        )
        PostgresVectorCache(self.connection, model="a", dimensions=DIM).delete_many([key])
        assert self.connection.execute("SELECT count(*) FROM embedding_cache").fetchone() == (0,)

    def test_a_tiered_cache_deletes_from_memory_and_from_postgresql(self) -> None:
        durable = PostgresVectorCache(self.connection, model="a", dimensions=DIM)
        near = InMemoryVectorCache(dimensions=DIM)
        encoder = CachedEncoder(CountingEncoder("a"), TieredVectorCache(near, durable))
        encoder.encode(["Python", "SQL"])
        assert durable.count() == 2 and len(near) == 2
        encoder.forget(["Python"])
        assert durable.count() == 1 and len(near) == 1
        [(left,)] = self.connection.execute("SELECT content_hash FROM embedding_cache").fetchall()
        assert left == cache_key("a", "SQL")

    def test_a_connection_outside_autocommit_is_refused(self, database_url: str) -> None:
        with (
            psycopg.connect(database_url) as connection,
            pytest.raises(ValueError),
        ):
            PostgresVectorCache(connection, model="a", dimensions=DIM)

    def test_database_errors_become_storage_errors(self) -> None:
        self.connection.execute("DROP TABLE embedding_cache")
        cache = PostgresVectorCache(self.connection, model="a", dimensions=DIM)
        with pytest.raises(StorageError):
            cache.get_many(["a" * 64])
        with pytest.raises(StorageError):
            cache.delete_many(["a" * 64])


@settings(max_examples=200)
@given(arrays(np.float32, st.integers(1, 64), elements=st.floats(width=32)))
def test_bytes_round_trip_is_exact(vector: npt.NDArray[np.float32]) -> None:
    back = bytes_vector(vector_bytes(vector), vector.shape[0])
    np.testing.assert_array_equal(back, vector)


def test_a_blob_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(StorageError):
        bytes_vector(b"\x00" * 12, 4)
