"""In-memory indexes of candidates and openings: vectors plus the columns filters read."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from matching.domain import Candidate, Opening
from matching.encoder import Matrix
from schemas.enums import Modality
from schemas.regions import SUBDIVISIONS, Country, Subdivision

# Every state, department and province of every country, Mexico's first.
STATE_CODE: dict[Subdivision, int] = {s: i for i, s in enumerate(SUBDIVISIONS)}
MODALITY_BIT: dict[Modality, int] = {m: 1 << i for i, m in enumerate(Modality)}
COUNTRY_CODE: dict[Country, int] = {c: i for i, c in enumerate(Country)}
# More subdivisions than one 64-bit word holds: preferred states take several words.
STATE_WORDS = (len(STATE_CODE) + 63) // 64
_WORD = (1 << 64) - 1


def state_mask(states: frozenset[Subdivision]) -> int:
    """Bit set of states, one bit per state code (an int of any size)."""
    mask = 0
    for s in states:
        mask |= 1 << STATE_CODE[s]
    return mask


def state_lookup(states: frozenset[Subdivision]) -> npt.NDArray[np.bool_]:
    """A table indexed by state code: True for the given states."""
    table = np.zeros(len(STATE_CODE), dtype=np.bool_)
    table[[STATE_CODE[s] for s in states]] = True
    return table


def country_mask(countries: frozenset[Country]) -> int:
    """Bit set of countries, one bit per country code."""
    mask = 0
    for c in countries:
        mask |= 1 << COUNTRY_CODE[c]
    return mask


def country_lookup(countries: frozenset[Country]) -> npt.NDArray[np.bool_]:
    """A table indexed by country code: True for the given countries."""
    table = np.zeros(len(COUNTRY_CODE), dtype=np.bool_)
    table[[COUNTRY_CODE[c] for c in countries]] = True
    return table


def modality_mask(modalities: frozenset[Modality]) -> int:
    """Bit set of accepted modalities."""
    mask = 0
    for m in modalities:
        mask |= MODALITY_BIT[m]
    return mask


def _words(mask: int) -> dict[str, int]:
    """A state bit set split into the 64-bit ``preferred_<n>`` columns."""
    return {f"preferred_{word}": (mask >> (64 * word)) & _WORD for word in range(STATE_WORDS)}


class _RowStore:
    """Dense rows plus typed columns; removal moves the last row into the hole."""

    _COLUMNS: ClassVar[dict[str, npt.DTypeLike]] = {}

    def __init__(self, capacity: int = 1024) -> None:
        self._capacity = max(1, capacity)
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._matrix: Matrix | None = None
        self._cols: dict[str, npt.NDArray[Any]] = {
            name: np.zeros(self._capacity, dtype=dtype) for name, dtype in self._COLUMNS.items()
        }

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._row_of

    @property
    def ids(self) -> list[str]:
        """Ids in row order (row i of `matrix` belongs to ids[i])."""
        return self._ids

    @property
    def matrix(self) -> Matrix:
        """The live rows, one unit vector each."""
        if self._matrix is None:
            return np.zeros((0, 0), dtype=np.float32)
        return self._matrix[: len(self._ids)]

    def column(self, name: str) -> npt.NDArray[Any]:
        """The live part of one filter column."""
        return self._cols[name][: len(self._ids)]

    def row(self, item_id: str) -> int:
        """Row of an id; KeyError if absent."""
        return self._row_of[item_id]

    def _grow(self, dim: int) -> None:
        new_cap = self._capacity * 2
        assert self._matrix is not None
        matrix = np.zeros((new_cap, dim), dtype=np.float32)
        matrix[: self._capacity] = self._matrix
        self._matrix = matrix
        for name, col in self._cols.items():
            bigger = np.zeros(new_cap, dtype=col.dtype)
            bigger[: self._capacity] = col
            self._cols[name] = bigger
        self._capacity = new_cap

    def _put(self, item_id: str, vector: Matrix, values: dict[str, Any]) -> int:
        vec = np.asarray(vector, dtype=np.float32).reshape(-1)
        if self._matrix is None:
            self._matrix = np.zeros((self._capacity, vec.shape[0]), dtype=np.float32)
        if vec.shape[0] != self._matrix.shape[1]:
            raise ValueError(
                f"dimensión {vec.shape[0]} distinta de la del índice {self._matrix.shape[1]}"
            )
        row = self._row_of.get(item_id)
        if row is None:
            if len(self._ids) == self._capacity:
                self._grow(vec.shape[0])
            row = len(self._ids)
            self._ids.append(item_id)
            self._row_of[item_id] = row
        self._matrix[row] = vec
        for name, value in values.items():
            self._cols[name][row] = value
        return row

    def _drop(self, item_id: str) -> tuple[int, int] | None:
        """Remove an id; returns (hole, moved_from) rows, or None if absent."""
        row = self._row_of.pop(item_id, None)
        if row is None:
            return None
        last = len(self._ids) - 1
        assert self._matrix is not None
        if row != last:
            moved = self._ids[last]
            self._ids[row] = moved
            self._row_of[moved] = row
            self._matrix[row] = self._matrix[last]
            for col in self._cols.values():
                col[row] = col[last]
        self._ids.pop()
        return row, last


class CandidateIndex(_RowStore):
    """Candidates by graduate id, with the columns the hard filters need."""

    _COLUMNS: ClassVar[dict[str, npt.DTypeLike]] = {
        "can_match": np.bool_,
        "shares": np.bool_,
        "state": np.int16,
        "country": np.int8,
        **{f"preferred_{word}": np.uint64 for word in range(STATE_WORDS)},
        "relocate": np.bool_,
        "modalities": np.int8,
        "english": np.int8,
        "enrolled": np.bool_,
        # Proleptic ordinal of the day a minor is surely of age; 0 for everyone else.
        "adult_from": np.int32,
    }

    def __init__(self, capacity: int = 1024) -> None:
        super().__init__(capacity)
        self._items: list[Candidate] = []
        self._holders: dict[str, set[str]] = {}

    def upsert(self, candidate: Candidate, vector: Matrix) -> None:
        """Insert or replace a candidate and its vector."""
        if candidate.graduate_id in self:
            self.remove(candidate.graduate_id)
        row = self._put(
            candidate.graduate_id,
            vector,
            {
                "can_match": candidate.can_be_matched,
                "shares": candidate.shares_with_employers,
                "state": STATE_CODE[candidate.state],
                "country": COUNTRY_CODE[candidate.country],
                **_words(state_mask(candidate.preferred_states)),
                "relocate": candidate.willing_to_relocate,
                "modalities": modality_mask(candidate.modalities),
                "english": candidate.english_level.rank if candidate.english_level else 0,
                "enrolled": candidate.enrolled_student,
                "adult_from": candidate.adult_from.toordinal() if candidate.adult_from else 0,
            },
        )
        if row == len(self._items):
            self._items.append(candidate)
        else:
            self._items[row] = candidate
        for code in candidate.held_vendor_codes():
            self._holders.setdefault(code, set()).add(candidate.graduate_id)

    def remove(self, graduate_id: str) -> None:
        """Forget a candidate; no error if unknown."""
        if graduate_id not in self:
            return
        candidate = self._items[self.row(graduate_id)]
        for code in candidate.held_vendor_codes():
            holders = self._holders.get(code)
            if holders is not None:
                holders.discard(graduate_id)
                if not holders:
                    del self._holders[code]
        moved = self._drop(graduate_id)
        assert moved is not None
        hole, last = moved
        if hole != last:
            self._items[hole] = self._items[last]
        self._items.pop()

    def minors_on(self, day: date | None) -> npt.NDArray[np.bool_]:
        """Mask of the candidates under 18 on ``day`` (as ``Candidate.is_minor_on``)."""
        minors: npt.NDArray[np.bool_] = self.column("adult_from") > (
            0 if day is None else day.toordinal()
        )
        return minors

    def preferring(self, state: Subdivision) -> npt.NDArray[np.bool_]:
        """Mask of the candidates who named ``state`` among their preferred states."""
        word, bit = divmod(STATE_CODE[state], 64)
        bits = self.column(f"preferred_{word}") & np.uint64(1 << bit)
        prefers: npt.NDArray[np.bool_] = bits != 0
        return prefers

    def get(self, graduate_id: str) -> Candidate:
        """The stored candidate; KeyError if absent."""
        return self._items[self.row(graduate_id)]

    def items(self) -> Iterator[Candidate]:
        """Stored candidates in row order."""
        return iter(self._items)

    def at(self, row: int) -> Candidate:
        """Candidate at a row."""
        return self._items[row]

    def holders_of(self, vendor_code: str) -> frozenset[str]:
        """Graduate ids holding a credential code (case-insensitive)."""
        return frozenset(self._holders.get(vendor_code.casefold(), ()))

    def held_codes(self) -> frozenset[str]:
        """Every credential code some stored candidate holds."""
        return frozenset(self._holders)


class OpeningIndex(_RowStore):
    """Openings by vacancy id, with the columns the hard filters need."""

    _COLUMNS: ClassVar[dict[str, npt.DTypeLike]] = {
        "takes": np.bool_,
        "state": np.int16,
        "accepts": np.int8,  # bit set of the countries whose residents it takes
        "modality": np.int8,
        "english": np.int8,
        "needs_credentials": np.bool_,
        "work_based_learning": np.bool_,
        "admits_minors": np.bool_,
    }

    def __init__(self, capacity: int = 256) -> None:
        super().__init__(capacity)
        self._items: list[Opening] = []

    def upsert(self, opening: Opening, vector: Matrix) -> None:
        """Insert or replace an opening and its vector."""
        row = self._put(
            opening.vacancy_id,
            vector,
            {
                "takes": opening.takes_candidates,
                "state": STATE_CODE[opening.state],
                "accepts": country_mask(opening.accepts),
                "modality": MODALITY_BIT[opening.modality],
                "english": opening.english_level.rank if opening.english_level else 0,
                "needs_credentials": bool(opening.required_credentials),
                "work_based_learning": opening.work_based_learning,
                "admits_minors": opening.admits_minors,
            },
        )
        if row == len(self._items):
            self._items.append(opening)
        else:
            self._items[row] = opening

    def remove(self, vacancy_id: str) -> None:
        """Forget an opening; no error if unknown."""
        moved = self._drop(vacancy_id)
        if moved is None:
            return
        hole, last = moved
        if hole != last:
            self._items[hole] = self._items[last]
        self._items.pop()

    def get(self, vacancy_id: str) -> Opening:
        """The stored opening; KeyError if absent."""
        return self._items[self.row(vacancy_id)]

    def items(self) -> Iterator[Opening]:
        """Stored openings in row order."""
        return iter(self._items)

    def at(self, row: int) -> Opening:
        """Opening at a row."""
        return self._items[row]
