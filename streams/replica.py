"""Each worker's in-memory copy of the global candidate set, checked against PostgreSQL.

Before every match the replica reads one cheap version per graduate (or
vacancy) from the committed state, reloads and re-encodes only what changed,
and drops what disappeared. It is therefore as current as a full read — of
two workers committing concurrently, the later one sees the earlier one's
row — while ranking runs on an index kept in memory (see the measurements
in the README, `python -m bench.candidate_set`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from matching.domain import Candidate, Opening
from matching.encoder import Matrix
from matching.index import CandidateIndex, OpeningIndex
from matching.matcher import Matcher
from models.pool import Connection
from models.profiles import candidate_versions, load_candidates, load_openings, opening_versions

Item = TypeVar("Item", contravariant=True)


class _Index(Protocol[Item]):
    def upsert(self, item: Item, vector: Matrix) -> None: ...

    def remove(self, item_id: str) -> None: ...


Index = TypeVar("Index", bound=_Index[Any])
Loaded = TypeVar("Loaded")


class _Replica(Generic[Loaded, Index]):
    def __init__(
        self,
        index: Index,
        *,
        versions: Callable[[Connection], Awaitable[dict[str, str]]],
        load: Callable[[Connection, list[str]], Awaitable[Sequence[Loaded]]],
        encode: Callable[[Sequence[Loaded]], Matrix],
    ) -> None:
        self.index: Index = index
        self._versions_of = versions
        self._load = load
        self._encode = encode
        self._versions: dict[str, str] = {}
        self._lock = asyncio.Lock()

    async def sync(self, connection: Connection) -> Index:
        """Bring the index up to the committed state; return it."""
        async with self._lock:
            current = await self._versions_of(connection)
            changed = sorted(k for k, v in current.items() if self._versions.get(k) != v)
            for gone in self._versions.keys() - current.keys():
                self.index.remove(gone)
            if changed:
                items = await self._load(connection, changed)
                vectors = await asyncio.to_thread(self._encode, items)
                for item, vector in zip(items, vectors, strict=True):
                    self.index.upsert(item, vector)
            self._versions = current
            return self.index


async def _every_candidate(connection: Connection, ids: list[str]) -> Sequence[Candidate]:
    return await load_candidates(connection, graduate_ids=ids, only_matchable=False)


async def _every_opening(connection: Connection, ids: list[str]) -> Sequence[Opening]:
    return await load_openings(connection, vacancy_ids=ids, only_open=False)


class CandidateReplica(_Replica[Candidate, CandidateIndex]):
    """Every graduate (with or without consent: retrieval filters), encoded once per version."""

    def __init__(self, matcher: Matcher) -> None:
        super().__init__(
            CandidateIndex(),
            versions=candidate_versions,
            load=_every_candidate,
            encode=matcher.encode_candidates,
        )


class OpeningReplica(_Replica[Opening, OpeningIndex]):
    """Every vacancy (closed ones do not take candidates), encoded once per version."""

    def __init__(self, matcher: Matcher) -> None:
        super().__init__(
            OpeningIndex(),
            versions=opening_versions,
            load=_every_opening,
            encode=matcher.encode_openings,
        )
