"""Joint allocation of a batch: a b-matching that maximises total score under capacities.

Each opening takes at most its shortlist size, each graduate at most the
exposure cap minus the proposals they already have. The constraint matrix is
the incidence matrix of a bipartite graph, hence totally unimodular, so the LP
relaxation has an integral optimum; we still round and verify, and fall back
to a MILP if the solver returns a fractional vertex.

The employer sees only graduates who share their profile, so only their
proposals take the shortlist's places. Graduates who are matched but not
shown (they hear of the vacancy, the employer does not see them) have places
of their own, as many again, so they never make the visible list shorter.
Splitting an opening's row in two keeps the matrix an incidence matrix: each
pair still draws on one opening row and one graduate row.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import numpy as np
from scipy import sparse  # type: ignore[import-untyped, unused-ignore]
from scipy.optimize import (  # type: ignore[import-untyped, unused-ignore]
    Bounds,
    LinearConstraint,
    linprog,
    milp,
)

from matching.domain import Opening, ScoredMatch
from matching.errors import AllocationError

_INTEGRAL_TOL = 1e-6


def shortlist_size(open_seats: int, factor: float) -> int:
    """Shortlist length for an opening: ceil(open seats × factor), never negative."""
    if factor <= 0:
        raise ValueError("shortlist_factor debe ser positivo")
    return max(0, math.ceil(open_seats * factor - 1e-9))


class Held(Protocol):
    """A proposal that already takes a place (shown or not) and one of its graduate's exposures."""

    @property
    def graduate_id(self) -> str: ...

    @property
    def vacancy_id(self) -> str: ...

    @property
    def visible(self) -> bool: ...


def opening_capacities(
    openings: Iterable[Opening],
    shortlist_factor: float,
    held: Iterable[Held] = (),
    *,
    visible: bool = True,
) -> dict[str, int]:
    """Places left per vacancy id after ``held``; closed or full openings get zero.

    The places of the shortlist the employer sees, or with ``visible=False``
    those of the graduates who are proposed but not shown.
    """
    taken = Counter(item.vacancy_id for item in held if item.visible == visible)
    return {
        o.vacancy_id: max(0, shortlist_size(o.open_seats, shortlist_factor) - taken[o.vacancy_id])
        if o.takes_candidates
        else 0
        for o in openings
    }


def graduate_capacities(
    graduate_ids: Iterable[str], held: Iterable[Held], exposure_cap: int
) -> dict[str, int]:
    """Proposals each graduate may still receive under the exposure cap, given ``held``."""
    if exposure_cap < 0:
        raise ValueError("exposure_cap no puede ser negativo")
    exposure = Counter(item.graduate_id for item in held)
    return {g: max(0, exposure_cap - exposure[g]) for g in graduate_ids}


def _canonical(matches: Sequence[ScoredMatch]) -> list[ScoredMatch]:
    # One edge per pair (the best), in a fixed order, so input order never matters.
    best: dict[tuple[str, str], ScoredMatch] = {}
    for m in matches:
        key = (m.vacancy_id, m.graduate_id)
        if m.score > 0 and (key not in best or m.score > best[key].score):
            best[key] = m
    return [best[k] for k in sorted(best)]


# The places a pair draws on: its vacancy's, and whether those of the unshown graduates.
Place = tuple[str, bool]


class _Places:
    """Which places each pair takes, and how many each place has."""

    def __init__(self, shown: Mapping[str, int], unshown: Mapping[str, int] | None = None) -> None:
        self._shown = shown
        self._unshown = unshown

    def of(self, match: ScoredMatch) -> Place:
        # Without separate places for the unshown, every pair takes a shortlist place.
        return (match.vacancy_id, self._unshown is not None and not match.visible)

    def room(self, place: Place) -> int:
        vacancy_id, unshown = place
        capacity = self._unshown if unshown and self._unshown is not None else self._shown
        return capacity.get(vacancy_id, 0)


def _feasible_edges(
    matches: Sequence[ScoredMatch], places: _Places, graduate_capacity: Mapping[str, int]
) -> list[ScoredMatch]:
    return [
        m
        for m in _canonical(matches)
        if places.room(places.of(m)) > 0 and graduate_capacity.get(m.graduate_id, 0) > 0
    ]


def allocate_greedy(
    matches: Sequence[ScoredMatch],
    *,
    opening_capacity: Mapping[str, int],
    graduate_capacity: Mapping[str, int],
    unshown_capacity: Mapping[str, int] | None = None,
) -> list[ScoredMatch]:
    """Take pairs best-first while both sides have room; the baseline to beat.

    With ``unshown_capacity``, pairs of graduates the employer does not see
    (``visible`` false) take those places instead of ``opening_capacity``.
    """
    places = _Places(opening_capacity, unshown_capacity)
    left_g = dict(graduate_capacity)
    chosen: list[ScoredMatch] = []
    edges = _feasible_edges(matches, places, graduate_capacity)
    left_o = {places.of(m): places.room(places.of(m)) for m in edges}
    for m in sorted(edges, key=lambda m: (-m.score, m.vacancy_id, m.graduate_id)):
        place = places.of(m)
        if left_o[place] > 0 and left_g[m.graduate_id] > 0:
            left_o[place] -= 1
            left_g[m.graduate_id] -= 1
            chosen.append(m)
    return _ordered(chosen)


def allocate_joint(
    matches: Sequence[ScoredMatch],
    *,
    opening_capacity: Mapping[str, int],
    graduate_capacity: Mapping[str, int],
    unshown_capacity: Mapping[str, int] | None = None,
) -> list[ScoredMatch]:
    """Pairs maximising the total score with every capacity respected (exact).

    With ``unshown_capacity``, pairs of graduates the employer does not see
    (``visible`` false) take those places instead of ``opening_capacity``.
    """
    places = _Places(opening_capacity, unshown_capacity)
    edges = _feasible_edges(matches, places, graduate_capacity)
    if not edges:
        return []
    place_ids = sorted({places.of(m) for m in edges})
    grad_ids = sorted({m.graduate_id for m in edges})
    place_row = {p: i for i, p in enumerate(place_ids)}
    grad_row = {g: len(place_ids) + i for i, g in enumerate(grad_ids)}
    n = len(edges)
    rows = np.empty(2 * n, dtype=np.int64)
    rows[:n] = [place_row[places.of(m)] for m in edges]
    rows[n:] = [grad_row[m.graduate_id] for m in edges]
    cols = np.concatenate([np.arange(n), np.arange(n)])
    a = sparse.csr_array((np.ones(2 * n), (rows, cols)), shape=(len(place_ids) + len(grad_ids), n))
    caps = np.array(
        [places.room(p) for p in place_ids] + [graduate_capacity[g] for g in grad_ids],
        dtype=np.float64,
    )
    cost = -np.array([m.score for m in edges], dtype=np.float64)
    res = linprog(cost, A_ub=a, b_ub=caps, bounds=(0.0, 1.0), method="highs")
    if res.status != 0 or res.x is None:
        raise AllocationError(f"No se pudo resolver la asignación: {res.message}")
    x = np.asarray(res.x)
    if np.max(np.abs(x - np.round(x))) > _INTEGRAL_TOL:
        x = _solve_milp(cost, a, caps)
    picked = np.round(x).astype(bool)
    if np.any(a @ picked.astype(np.float64) > caps + _INTEGRAL_TOL):
        raise AllocationError("La asignación excede alguna capacidad")
    return _ordered([m for m, keep in zip(edges, picked, strict=True) if keep])


def _solve_milp(cost: np.ndarray, a: sparse.csr_array, caps: np.ndarray) -> np.ndarray:
    res = milp(
        cost,
        constraints=LinearConstraint(a, -np.inf, caps),
        integrality=np.ones(cost.shape[0]),
        bounds=Bounds(0.0, 1.0),
    )
    if res.status != 0 or res.x is None:
        raise AllocationError(f"No se pudo resolver la asignación entera: {res.message}")
    return np.asarray(res.x)


def _ordered(matches: list[ScoredMatch]) -> list[ScoredMatch]:
    return sorted(matches, key=lambda m: (m.vacancy_id, -m.score, m.graduate_id))


def total_score(matches: Iterable[ScoredMatch]) -> float:
    """Sum of scores of an allocation."""
    return float(sum(m.score for m in matches))
