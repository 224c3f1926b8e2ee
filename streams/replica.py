"""Each worker's in-memory copy of the global candidate set, checked against PostgreSQL.

Before every match the replica reads one cheap version per graduate (or
vacancy) from the committed state, reloads and re-encodes only what changed,
and drops what disappeared. It is therefore as current as a full read — of
two workers committing concurrently, the later one sees the earlier one's
row — while ranking runs on an index kept in memory (see the measurements
in the README, `python -m bench.candidate_set`).

A graduate who is erased leaves the candidate replica with their vectors:
the erasure flow withholds them before their rows are deleted (so no sync in
between brings them back), and every other worker's replica forgets the
vectors of a graduate whose row has vanished at its next sync.
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

Item = TypeVar("Item")


class _Index(Protocol[Item]):
    def __contains__(self, item_id: object) -> bool: ...

    def upsert(self, item: Item, vector: Matrix) -> None: ...

    def remove(self, item_id: str) -> None: ...

    def get(self, item_id: str) -> Item: ...


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
        forget: Callable[[Sequence[Loaded]], None] | None = None,
    ) -> None:
        self.index: Index = index
        self._versions_of = versions
        self._load = load
        self._encode = encode
        self._forget = forget
        self._versions: dict[str, str] = {}
        # Ids kept out of the index until their rows are gone (being erased).
        self._withheld: set[str] = set()
        self._lock = asyncio.Lock()

    async def sync(self, connection: Connection) -> Index:
        """Bring the index up to the committed state; return it."""
        async with self._lock:
            found = await self._versions_of(connection)
            self._withheld &= found.keys()
            current = {k: v for k, v in found.items() if k not in self._withheld}
            changed = sorted(k for k, v in current.items() if self._versions.get(k) != v)
            await self._drop(sorted(self._versions.keys() - current.keys()))
            if changed:
                items = await self._load(connection, changed)
                vectors = await asyncio.to_thread(self._encode, items)
                for item, vector in zip(items, vectors, strict=True):
                    self.index.upsert(item, vector)
            self._versions = current
            return self.index

    async def withhold(self, item_id: str) -> Loaded | None:
        """Drop an item and keep it out while its row remains; the item dropped, if held."""
        async with self._lock:
            self._withheld.add(item_id)
            self._versions.pop(item_id, None)
            held: Loaded | None = self.index.get(item_id) if item_id in self.index else None
            self.index.remove(item_id)
            return held

    async def _drop(self, ids: Sequence[str]) -> None:
        held = [self.index.get(i) for i in ids if i in self.index]
        # Vectors first: if forgetting fails, the items stay and the next sync retries.
        if held and self._forget is not None:
            await asyncio.to_thread(self._forget, held)
        for item_id in ids:
            self.index.remove(item_id)


async def _every_candidate(connection: Connection, ids: list[str]) -> Sequence[Candidate]:
    return await load_candidates(connection, graduate_ids=ids, only_matchable=False)


async def _every_opening(connection: Connection, ids: list[str]) -> Sequence[Opening]:
    return await load_openings(connection, vacancy_ids=ids, only_open=False)


class CandidateReplica(_Replica[Candidate, CandidateIndex]):
    """Every graduate (with or without consent: retrieval filters), encoded once per version.

    A graduate whose row vanishes (erased) takes their cached vectors along.
    """

    def __init__(self, matcher: Matcher) -> None:
        super().__init__(
            CandidateIndex(),
            versions=candidate_versions,
            load=_every_candidate,
            encode=matcher.encode_candidates,
            forget=matcher.forget_candidates,
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
