"""Content-addressed vector cache, so repeated cohort texts are embedded once."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from matching.encoder import Encoder, Matrix
from matching.errors import VectorDimensionError

Vector = Matrix


class VectorCache(Protocol):
    """Stores vectors by key; a PostgreSQL table or an in-memory LRU."""

    def get_many(self, keys: Sequence[str]) -> dict[str, Vector]: ...

    def put_many(self, items: Mapping[str, Vector]) -> None: ...

    def delete_many(self, keys: Sequence[str]) -> None: ...


@runtime_checkable
class Forgetful(Protocol):
    """An encoder that keeps vectors of the texts it has seen and can drop them."""

    def forget(self, texts: Sequence[str]) -> None: ...


def cache_key(model_name: str, text: str) -> str:
    """SHA-256 hex of the model name and the text, unambiguous about the boundary."""
    digest = hashlib.sha256()
    digest.update(model_name.encode())
    digest.update(b"\x00")
    digest.update(text.encode())
    return digest.hexdigest()


def check_dimensions(items: Mapping[str, Vector], dimensions: int | None) -> None:
    """Refuse a batch with any vector that is not one row of ``dimensions`` values."""
    if dimensions is None:
        return
    for key, vec in items.items():
        if vec.ndim != 1 or vec.shape[0] != dimensions:
            raise VectorDimensionError(
                f"El vector de {key[:12]}… tiene forma {vec.shape}; "
                f"la caché guarda vectores de {dimensions} dimensiones"
            )


class InMemoryVectorCache:
    """A bounded least-recently-used cache, optionally of one vector width."""

    def __init__(self, max_items: int = 100_000, *, dimensions: int | None = None) -> None:
        if max_items <= 0:
            raise ValueError("max_items debe ser positivo")
        self._max = max_items
        self.dimensions = dimensions
        self._items: OrderedDict[str, Vector] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get_many(self, keys: Sequence[str]) -> dict[str, Vector]:
        """Vectors found for the keys; missing keys are absent from the result."""
        found: dict[str, Vector] = {}
        for key in keys:
            vec = self._items.get(key)
            if vec is not None:
                self._items.move_to_end(key)
                found[key] = vec
        return found

    def put_many(self, items: Mapping[str, Vector]) -> None:
        """Store vectors, evicting the least recently used beyond the bound."""
        # The whole batch is checked first, so a bad vector stores nothing.
        check_dimensions(items, self.dimensions)
        for key, vec in items.items():
            self._items[key] = vec
            self._items.move_to_end(key)
        while len(self._items) > self._max:
            self._items.popitem(last=False)

    def delete_many(self, keys: Sequence[str]) -> None:
        """Drop the vectors of the keys; unknown keys are ignored."""
        for key in keys:
            self._items.pop(key, None)


class CachedEncoder:
    """Wraps an encoder; only texts missing from the cache reach it, in one batch."""

    def __init__(self, inner: Encoder, cache: VectorCache) -> None:
        self._inner = inner
        self._cache = cache
        self.name = inner.name
        self.hits = 0
        self.misses = 0

    def encode(self, texts: Sequence[str]) -> Matrix:
        """Embeddings of the texts, from the cache where possible."""
        keys = [cache_key(self.name, t) for t in texts]
        unique = list(dict.fromkeys(keys))
        found = self._cache.get_many(unique)
        todo = [k for k in unique if k not in found]
        # A text repeated within one batch is embedded once: later copies count as hits.
        self.misses += len(todo)
        self.hits += len(keys) - len(todo)
        if todo:
            text_of = dict(zip(keys, texts, strict=True))
            fresh = self._inner.encode([text_of[k] for k in todo])
            new_items = {k: fresh[i] for i, k in enumerate(todo)}
            self._cache.put_many(new_items)
            found.update(new_items)
        if not texts:
            return self._inner.encode([])
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)

    def forget(self, texts: Sequence[str]) -> None:
        """Drop the cached vectors of the texts (a graduate erased); absent ones are ignored."""
        keys = list(dict.fromkeys(cache_key(self.name, t) for t in texts))
        if keys:
            self._cache.delete_many(keys)

    def stats(self) -> dict[str, int]:
        """Hit and miss counters, for metrics."""
        return {"hits": self.hits, "misses": self.misses}


class TieredVectorCache:
    """A fast cache in front of a durable one: misses of the first are looked up in the second."""

    def __init__(self, near: VectorCache, far: VectorCache) -> None:
        self._near = near
        self._far = far

    def get_many(self, keys: Sequence[str]) -> dict[str, Vector]:
        """Vectors found in either tier; far hits are copied into the near tier."""
        found = self._near.get_many(keys)
        missing = [key for key in keys if key not in found]
        if missing:
            promoted = self._far.get_many(missing)
            if promoted:
                self._near.put_many(promoted)
                found.update(promoted)
        return found

    def put_many(self, items: Mapping[str, Vector]) -> None:
        """Store in both tiers."""
        self._far.put_many(items)
        self._near.put_many(items)

    def delete_many(self, keys: Sequence[str]) -> None:
        """Delete from both tiers, the durable one first (as ``put_many`` writes it first)."""
        self._far.delete_many(keys)
        self._near.delete_many(keys)
