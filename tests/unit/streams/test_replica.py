"""The candidate replica and matchmaking forget an erased graduate's vectors, without a database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from matching.cache import CachedEncoder, InMemoryVectorCache, cache_key
from matching.domain import Candidate
from matching.encoder import HashingEncoder
from matching.matcher import Matcher
from streams import matchmaking, replica
from streams.matchmaking import Matchmaker
from streams.replica import CandidateReplica
from tests.unit.matching.matching_engine_factories import candidate
from tests.unit.matching.vector_cache_contract import CountingEncoder

EVA = candidate("eva", skills=("Python", "SQL"), headline="Ciencia de datos")
RAUL = candidate("raul", skills=("Java",), headline="Desarrollo web")


@dataclass
class Rows:
    """The graduates 'committed' in PostgreSQL: id → (version, candidate)."""

    stored: dict[str, tuple[str, Candidate]] = field(default_factory=dict)

    async def versions(self, connection: Any) -> dict[str, str]:
        return {gid: version for gid, (version, _) in self.stored.items()}

    async def load(self, connection: Any, ids: list[str]) -> list[Candidate]:
        return [self.stored[gid][1] for gid in ids if gid in self.stored]

    async def load_candidates(
        self, connection: Any, *, graduate_ids: list[str], only_matchable: bool
    ) -> list[Candidate]:
        return await self.load(connection, graduate_ids)


class FakeDatabase:
    @asynccontextmanager
    async def connection(self) -> AsyncIterator[None]:
        yield None


@pytest.fixture
def rows(monkeypatch: pytest.MonkeyPatch) -> Rows:
    found = Rows({"eva": ("1", EVA), "raul": ("1", RAUL)})
    monkeypatch.setattr(replica, "candidate_versions", found.versions)
    monkeypatch.setattr(replica, "_every_candidate", found.load)
    monkeypatch.setattr(matchmaking, "load_candidates", found.load_candidates)
    return found


@dataclass
class Setup:
    inner: CountingEncoder
    cache: InMemoryVectorCache
    matcher: Matcher

    def key(self, c: Candidate) -> str:
        return cache_key(self.inner.name, Matcher.candidate_text(c))

    def cached(self, *people: Candidate) -> set[str]:
        keys = {self.key(c): c.graduate_id for c in people}
        return {keys[k] for k in self.cache.get_many(list(keys))}

    def encoded(self, c: Candidate) -> int:
        return self.inner.seen.count(Matcher.candidate_text(c))


@pytest.fixture
def setup() -> Setup:
    inner, cache = CountingEncoder("denso", dim=16), InMemoryVectorCache()
    matcher = Matcher(CachedEncoder(inner, cache), lexical_encoder=HashingEncoder(32))
    return Setup(inner, cache, matcher)


def test_a_vanished_graduate_leaves_the_replica_with_their_vectors(
    rows: Rows, setup: Setup
) -> None:
    candidates = CandidateReplica(setup.matcher)
    asyncio.run(candidates.sync(None))  # type: ignore[arg-type]
    assert setup.cached(EVA, RAUL) == {"eva", "raul"}
    del rows.stored["eva"]  # erased by another worker
    index = asyncio.run(candidates.sync(None))  # type: ignore[arg-type]
    assert index.ids == ["raul"]
    assert setup.cached(EVA, RAUL) == {"raul"}


def test_a_withheld_graduate_stays_out_until_their_rows_are_gone(rows: Rows, setup: Setup) -> None:
    candidates = CandidateReplica(setup.matcher)
    asyncio.run(candidates.sync(None))  # type: ignore[arg-type]
    assert asyncio.run(candidates.withhold("eva")) == EVA
    # Rows still there: a sync before the deletion commits neither loads nor encodes her.
    index = asyncio.run(candidates.sync(None))  # type: ignore[arg-type]
    assert index.ids == ["raul"] and setup.encoded(EVA) == 1
    assert asyncio.run(candidates.withhold("eva")) is None  # redelivered
    del rows.stored["eva"]
    assert asyncio.run(candidates.sync(None)).ids == ["raul"]  # type: ignore[arg-type]
    # Once the rows are gone the id is no longer remembered.
    rows.stored["eva"] = ("2", EVA)
    assert sorted(asyncio.run(candidates.sync(None)).ids) == ["eva", "raul"]  # type: ignore[arg-type]


def test_forgetting_a_graduate_drops_every_version_of_their_profile_once_or_twice(
    rows: Rows, setup: Setup
) -> None:
    maker = Matchmaker(setup.matcher, FakeDatabase())  # type: ignore[arg-type]
    asyncio.run(maker._candidates.sync(None))  # type: ignore[arg-type]
    # Her profile changed after the replica last saw it: both texts were embedded.
    updated = candidate("eva", skills=("Python", "SQL", "AWS"), headline="Ciencia de datos")
    rows.stored["eva"] = ("2", updated)
    setup.matcher.encode_candidates([updated])
    assert setup.cached(EVA, updated, RAUL) == {"eva", "raul"} and len(setup.cache) == 3

    for _ in range(2):  # redelivered erasure
        asyncio.run(maker.forget_graduate("eva"))
    assert setup.cached(EVA, updated, RAUL) == {"raul"}
    assert "eva" not in maker._candidates.index
    assert asyncio.run(maker._candidates.sync(None)).ids == ["raul"]  # type: ignore[arg-type]
    assert setup.encoded(updated) == 1
