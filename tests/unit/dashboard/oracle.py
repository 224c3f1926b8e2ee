"""An independent judge of a protected grid: exact rational elimination over every atom.

It knows nothing of the engine's mask-space shortcuts. It lists what an attacker can
compute by adding and subtracting the published cells — the span of their atom
vectors, with fractions, over every (row, mask) — and every count under 10 that the
rule says must stay out of reach.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from vincula.dashboard.suppression import SMALL_CELL, TOTAL, Grid, Protected

Vector = tuple[Fraction, ...]


class Span:
    """The exact linear span of some vectors (reduced row echelon form)."""

    def __init__(self, vectors: Sequence[Sequence[int]]) -> None:
        self.pivots: list[tuple[int, list[Fraction]]] = []
        for vector in vectors:
            self._add([Fraction(x) for x in vector])

    def _reduce(self, vector: list[Fraction]) -> list[Fraction]:
        reduced = list(vector)
        for column, row in self.pivots:
            factor = reduced[column]
            if factor:
                reduced = [a - factor * b for a, b in zip(reduced, row, strict=True)]
        return reduced

    def _add(self, vector: list[Fraction]) -> None:
        reduced = self._reduce(vector)
        column = next((i for i, x in enumerate(reduced) if x), None)
        if column is None:
            return
        lead = reduced[column]
        reduced = [x / lead for x in reduced]
        updated = []
        for other_column, row in self.pivots:
            factor = row[column]
            if factor:
                row = [a - factor * b for a, b in zip(row, reduced, strict=True)]
            updated.append((other_column, row))
        self.pivots = [*updated, (column, reduced)]

    def __contains__(self, vector: Sequence[int]) -> bool:
        # A quantity over no atom at all (the total of a table without rows) is no secret:
        # tables list only the values someone has.
        if not any(vector):
            return False
        return not any(self._reduce([Fraction(x) for x in vector]))


@dataclass(frozen=True)
class Leak:
    """Something under 10 that the published cells give away."""

    what: str
    value: int


def _atoms(grid: Grid) -> list[tuple[str, frozenset[str]]]:
    return [(row, mask) for row in grid.rows for mask in grid.masks]


def _vector(grid: Grid, row: str, keep: object) -> list[int]:
    """The atom vector of the units of ``row`` (every row for TOTAL) that ``keep`` admits."""
    return [
        1 if (row in (TOTAL, atom_row) and keep(mask)) else 0  # type: ignore[operator]
        for atom_row, mask in _atoms(grid)
    ]


def _count(grid: Grid, vector: list[int]) -> int:
    return sum(
        weight * grid.counts.get(atom, 0) for weight, atom in zip(vector, _atoms(grid), strict=True)
    )


def _nested(grid: Grid) -> list[tuple[str, str]]:
    pairs = []
    for m1 in grid.measures:
        for m2 in grid.measures:
            within = all(m1 in mask for mask in grid.masks if m2 in mask)
            wider = any(m1 in mask and m2 not in mask for mask in grid.masks)
            if m1 != m2 and within and wider:
                pairs.append((m1, m2))
    return pairs


def leaks(grid: Grid, protected: Protected) -> list[Leak]:
    """Every count under 10 the published cells reveal, by addition and subtraction."""
    rows = [*grid.rows, TOTAL] if grid.with_total else list(grid.rows)
    published = [
        _vector(grid, row, lambda mask, m=measure: m in mask)
        for row in rows
        for measure in grid.measures
        if protected.visible(row, measure)
    ]
    span = Span(published)
    found: list[Leak] = []
    for row in rows:
        for measure in grid.measures:
            value = protected.values[row, measure]
            if protected.visible(row, measure) and value < SMALL_CELL:
                found.append(Leak(f"{row}/{measure} publicada", value))
            vector = _vector(grid, row, lambda mask, m=measure: m in mask)
            if value < SMALL_CELL and vector in span:
                found.append(Leak(f"{row}/{measure} deducible", value))
        for m1, m2 in _nested(grid):
            vector = _vector(grid, row, lambda mask, a=m1, b=m2: a in mask and b not in mask)
            value = _count(grid, vector)
            if 1 <= value < SMALL_CELL and vector in span:
                found.append(Leak(f"{row}/{m1}-{m2} deducible", value))
        for mask in grid.masks:
            vector = _vector(grid, row, lambda candidate, m=mask: candidate == m)
            value = _count(grid, vector)
            if 1 <= value < SMALL_CELL and vector in span:
                found.append(Leak(f"{row}/átomo {sorted(mask)} deducible", value))
    if grid.with_total:
        found += _column_leaks(grid, span)
    return found


def _column_leaks(grid: Grid, span: Span) -> list[Leak]:
    """What a total minus the computable rows leaves, when it is small (rule 2c)."""
    found = []
    columns: list[tuple[str, object, bool]] = [
        (m, lambda mask, m=m: m in mask, True) for m in grid.measures
    ]
    columns += [
        (f"{a}-{b}", lambda mask, a=a, b=b: a in mask and b not in mask, False)
        for a, b in _nested(grid)
    ]
    for name, keep, is_measure in columns:
        if _vector(grid, TOTAL, keep) not in span:
            continue
        unknown = [row for row in grid.rows if _vector(grid, row, keep) not in span]
        left = sum(_count(grid, _vector(grid, row, keep)) for row in unknown)
        small = left < SMALL_CELL if is_measure else 1 <= left < SMALL_CELL
        if unknown and small:
            found.append(Leak(f"columna {name}: total menos lo publicado", left))
    return found
