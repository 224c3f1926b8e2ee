"""The in-memory vector cache against the shared cache contract, its LRU bound, and forgetting."""

from __future__ import annotations

import numpy as np

from matching.cache import (
    CachedEncoder,
    InMemoryVectorCache,
    TieredVectorCache,
    VectorCache,
    cache_key,
)
from matching.encoder import HashingEncoder
from matching.fusion import FusedEncoder
from matching.matcher import Matcher
from tests.unit.matching.matching_engine_factories import candidate
from tests.unit.matching.vector_cache_contract import (
    DIM,
    CountingEncoder,
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


def test_tiered_cache_deletes_from_both_tiers() -> None:
    near, far = InMemoryVectorCache(10), InMemoryVectorCache(10)
    tiered = TieredVectorCache(near, far)
    vector = np.ones(4, dtype=np.float32)
    tiered.put_many({"a": vector, "b": vector})
    tiered.delete_many(["a", "z"])
    assert set(near.get_many(["a", "b"])) == {"b"} and set(far.get_many(["a", "b"])) == {"b"}
    # Nothing left in the far tier to promote the deleted key back from.
    assert tiered.get_many(["a"]) == {}


def test_a_matcher_forgets_the_vectors_of_the_candidates_it_is_given() -> None:
    inner = CountingEncoder("modelo-a", dim=16)
    cache = InMemoryVectorCache()
    matcher = Matcher(CachedEncoder(inner, cache), lexical_encoder=HashingEncoder(32))
    erased = candidate("erased", skills=("Python", "SQL"), headline="Ciencia de datos")
    kept = candidate("kept", skills=("Java",), headline="Desarrollo web")
    matcher.encode_candidates([erased, kept])
    key = {c.graduate_id: cache_key(inner.name, Matcher.candidate_text(c)) for c in (erased, kept)}
    assert set(cache.get_many(list(key.values()))) == set(key.values())

    matcher.forget_candidates([erased])
    matcher.forget_candidates([])
    assert set(cache.get_many(list(key.values()))) == {key["kept"]}
    matcher.encode_candidates([erased, kept])
    assert inner.seen.count(Matcher.candidate_text(erased)) == 2
    assert inner.seen.count(Matcher.candidate_text(kept)) == 1


def test_a_fused_encoder_forgets_through_every_part_that_keeps_vectors() -> None:
    dense_cache, lexical_cache = InMemoryVectorCache(), InMemoryVectorCache()
    dense = CachedEncoder(CountingEncoder("denso", dim=8), dense_cache)
    lexical = CachedEncoder(HashingEncoder(16), lexical_cache)
    FusedEncoder(dense, lexical, lexical_share=0.5).encode(["Python"])
    FusedEncoder(dense, HashingEncoder(16), lexical_share=0.5).forget(["Python"])
    assert len(dense_cache) == 0 and len(lexical_cache) == 1
    FusedEncoder(dense, lexical, lexical_share=0.5).forget(["Python"])
    assert len(lexical_cache) == 0
