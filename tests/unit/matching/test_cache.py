"""The in-memory vector cache against the shared cache contract, and its LRU bound."""

from __future__ import annotations

import numpy as np

from matching.cache import InMemoryVectorCache, TieredVectorCache, VectorCache
from tests.unit.matching.vector_cache_contract import (
    DIM,
    VectorCacheContract,
    random_vectors,
)


class TestInMemoryVectorCache(VectorCacheContract):
    def setup_method(self) -> None:
        # One store for every model, as a worker shares one cache between encoders.
        self.shared: dict[int, InMemoryVectorCache] = {}

    def make_cache(self, model: str, dimensions: int = DIM) -> VectorCache:
        if dimensions not in self.shared:
            self.shared[dimensions] = InMemoryVectorCache(dimensions=dimensions)
        return self.shared[dimensions]


def test_least_recently_used_is_evicted_first() -> None:
    cache = InMemoryVectorCache(2)
    a, b, c = random_vectors(3).items()
    cache.put_many(dict([a, b]))
    cache.get_many([a[0]])
    cache.put_many(dict([c]))
    assert set(cache.get_many([a[0], b[0], c[0]])) == {a[0], c[0]}


def test_any_width_without_a_declared_dimension() -> None:
    cache = InMemoryVectorCache()
    cache.put_many({"x": np.ones(3, dtype=np.float32)})
    cache.put_many({"y": np.ones(5, dtype=np.float32)})
    assert len(cache) == 2


def test_tiered_cache_promotes_far_hits_and_writes_both_tiers() -> None:
    near, far = InMemoryVectorCache(10), InMemoryVectorCache(10)
    vector = np.ones(4, dtype=np.float32)
    far.put_many({"a": vector})
    tiered = TieredVectorCache(near, far)
    assert set(tiered.get_many(["a", "b"])) == {"a"}
    assert set(near.get_many(["a"])) == {"a"}
    tiered.put_many({"b": vector * 2})
    assert set(far.get_many(["b"])) == {"b"} and set(near.get_many(["b"])) == {"b"}
