"""What every ``VectorCache`` backend must do; subclassed once per backend."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from matching.cache import CachedEncoder, VectorCache
from matching.encoder import Matrix
from matching.errors import VectorDimensionError

DIM = 8


class CountingEncoder:
    """Deterministic vectors that depend on the encoder's name; counts texts seen."""

    def __init__(self, name: str, dim: int = DIM) -> None:
        self.name = name
        self.dim = dim
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> Matrix:
        self.seen.extend(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            seed = sum((i + 1) * ord(ch) for i, ch in enumerate(self.name + text))
            out[row] = np.random.default_rng(seed).normal(size=self.dim)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0.0] = 1.0
        result: Matrix = (out / norms).astype(np.float32)
        return result


def random_vectors(count: int, dim: int = DIM, seed: int = 0) -> dict[str, Matrix]:
    """``count`` float32 vectors under distinct hex-like keys."""
    rng = np.random.default_rng(seed)
    rows = rng.normal(size=(count, dim)).astype(np.float32)
    return {f"{seed:04d}{i:060d}": rows[i] for i in range(count)}


class VectorCacheContract:
    """Subclasses provide ``make_cache(model, dimensions)`` for their backend."""

    def make_cache(self, model: str, dimensions: int = DIM) -> VectorCache:
        raise NotImplementedError

    def test_hits_after_put(self) -> None:
        cache = self.make_cache("m")
        items = random_vectors(3)
        cache.put_many(items)
        found = cache.get_many([*items, "f" * 64])
        assert set(found) == set(items)
        for key, vec in items.items():
            assert found[key].dtype == np.float32
            np.testing.assert_array_equal(found[key], vec)

    def test_nothing_before_put(self) -> None:
        cache = self.make_cache("m")
        assert cache.get_many(list(random_vectors(2))) == {}
        assert cache.get_many([]) == {}

    def test_second_encode_is_served_from_the_cache(self) -> None:
        inner = CountingEncoder("modelo-a")
        encoder = CachedEncoder(inner, self.make_cache(inner.name))
        first = encoder.encode(["Python", "SQL", "Python"])
        second = encoder.encode(["SQL", "Python"])
        assert inner.seen == ["Python", "SQL"]
        np.testing.assert_array_equal(second, first[[1, 0]])
        assert encoder.stats() == {"hits": 3, "misses": 2}

    def test_models_do_not_share_vectors(self) -> None:
        a = CountingEncoder("modelo-a")
        b = CountingEncoder("modelo-b")
        from_a = CachedEncoder(a, self.make_cache(a.name)).encode(["Java"])
        from_b = CachedEncoder(b, self.make_cache(b.name)).encode(["Java"])
        assert b.seen == ["Java"]
        np.testing.assert_array_equal(from_b, b.encode(["Java"]))
        assert not np.array_equal(from_a, from_b)

    def test_wrong_width_is_refused_and_nothing_is_stored(self) -> None:
        cache = self.make_cache("m", dimensions=DIM)
        good = random_vectors(1)
        bad = {"e" * 64: np.ones(DIM - 1, dtype=np.float32)}
        with pytest.raises(VectorDimensionError):
            cache.put_many({**good, **bad})
        assert cache.get_many([*good, *bad]) == {}
        with pytest.raises(ValueError):
            cache.put_many({"d" * 64: np.ones((1, DIM), dtype=np.float32)})

    def test_deleted_keys_are_gone_and_the_others_stay(self) -> None:
        cache = self.make_cache("m")
        items = random_vectors(4)
        cache.put_many(items)
        doomed, kept = list(items)[:2], list(items)[2:]
        cache.delete_many([*doomed, doomed[0]])
        assert set(cache.get_many(list(items))) == set(kept)
        cache.put_many({doomed[0]: items[doomed[0]]})
        assert set(cache.get_many(doomed)) == {doomed[0]}

    def test_deleting_again_unknown_or_no_keys_is_harmless(self) -> None:
        cache = self.make_cache("m")
        items = random_vectors(2)
        cache.put_many(items)
        first = next(iter(items))
        for _ in range(2):  # a redelivered erasure deletes again
            cache.delete_many([first, "f" * 64])
        cache.delete_many([])
        assert set(cache.get_many(list(items))) == set(items) - {first}

    def test_a_forgotten_text_is_encoded_again_and_the_others_are_not(self) -> None:
        inner = CountingEncoder("modelo-a")
        encoder = CachedEncoder(inner, self.make_cache(inner.name))
        before = encoder.encode(["Python", "SQL"])
        encoder.forget(["Python", "Python", "nunca vista"])
        encoder.forget([])
        after = encoder.encode(["Python", "SQL"])
        assert inner.seen == ["Python", "SQL", "Python"]
        np.testing.assert_array_equal(after, before)

    def test_batch_of_a_thousand(self) -> None:
        cache = self.make_cache("m", dimensions=384)
        items = random_vectors(1000, dim=384, seed=3)
        cache.put_many(items)
        unknown = [f"{k:064x}" for k in range(10)]
        found = cache.get_many([*unknown, *items])
        assert len(found) == 1000
        stacked = np.stack([found[k] for k in items])
        np.testing.assert_array_equal(stacked, np.stack(list(items.values())))
