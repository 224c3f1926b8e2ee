"""Small cells of published tables: primary and complementary suppression.

A table is a *grid*: rows (the values of a dimension, and a total row) × measures
(graduates, matched, hired…). Every unit a table counts — a person, a seat — sits in
one row and carries a *mask*: the set of measures it counts in (a person hired counts
in matched, interested… hired). A cell is the number of units of its row whose mask
holds its measure, so every published number is a sum of *atoms*, the unknown number
of units of each (row, mask). The masks of a grid are every mask a unit *could* have
(given by whoever builds the grid), so an empty atom is as unknown as any other.

What someone can compute from a published table by adding and subtracting is exactly
the linear span of the published cells over the atoms. The rule, with
``SMALL_CELL = 10``:

1. **Primary.** A cell under 10 units, zero included, is hidden (shown «<10»).
2. **Complementary.** Further cells are hidden, the smallest first, until none of these
   can be computed from the published cells:
   a. a hidden cell under 10;
   b. a count of 1 to 9 units between two nested measures of a row (e.g. matched but
      not interested), or of one atom (e.g. hired, followed for 6 months, not retained);
   c. in every column, what the total minus the published cells leaves: the hidden
      cells together must hold 10 units or more (the same for a difference of two
      nested measures: not 1 to 9).
   Zero is protected where it would reveal a hidden cell (1a, 2c), not where two
   published counts are simply equal (everyone hired was retained).

The total row's visibility may be *fixed* by another grid (the dashboard's summary),
so that every table of a page shows the same totals; complementary cells are then
taken from the rows only.

Derivability is tested in the small space of masks: with ``W_r`` the span of a row's
published cells and ``U`` that of the published totals, a quantity of row ``r`` can be
computed iff it lies in ``W_r + (U ∩ ⋂_{r'≠r} W_r')``, and a quantity of the total row
iff it lies in ``U + ⋂_r W_r``. The unit tests check the result against exact
rational elimination over all atoms.

This protects each table on its own. Differencing *between* tables of nested
dimensions (programmes within an issuer) or between two filter selections is not
prevented: that is the known limit of suppression for flexible tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

SMALL_CELL = 10
TOTAL = "total"
_EPS = 1e-8

Mask = frozenset[str]
Cell = tuple[str, str]
Vector = npt.NDArray[np.float64]


class SuppressionError(RuntimeError):
    """The grid cannot be protected without hiding a cell another table fixed as shown."""


@dataclass(frozen=True)
class Grid:
    """Counts to publish: rows × measures, units by (row, mask), and what the total shows."""

    rows: tuple[str, ...]
    measures: tuple[str, ...]
    masks: tuple[Mask, ...]
    counts: Mapping[tuple[str, Mask], int]
    with_total: bool = True
    # Visibility of each total cell when another grid decided it; None decides it here.
    fixed_total: Mapping[str, bool] | None = None

    def __post_init__(self) -> None:
        if self.with_total and TOTAL in self.rows:
            raise ValueError(f"«{TOTAL}» names the total row; no row may take it")
        if len(set(self.rows)) != len(self.rows) or len(set(self.masks)) != len(self.masks):
            raise ValueError("rows and masks must not repeat")
        known = set(self.measures)
        for mask in self.masks:
            if not mask <= known:
                raise ValueError(f"mask {sorted(mask)} names measures outside {self.measures}")
        rows, masks = set(self.rows), set(self.masks)
        for (row, mask), count in self.counts.items():
            if row not in rows or mask not in masks or count < 0:
                raise ValueError(f"count {count} of ({row}, {sorted(mask)}) does not fit")
        if self.fixed_total is not None and not self.with_total:
            raise ValueError("a fixed total needs a total row")


@dataclass(frozen=True)
class Protected:
    """A grid's cells with the ones to hide; true values stay internal."""

    rows: tuple[str, ...]  # the grid's rows, then TOTAL when it has a total row
    measures: tuple[str, ...]
    values: Mapping[Cell, int]
    hidden: frozenset[Cell]

    def shown(self, row: str, measure: str) -> int | None:
        """The published count, or None where it is hidden."""
        return None if (row, measure) in self.hidden else self.values[row, measure]

    def visible(self, row: str, measure: str) -> bool:
        """Whether the cell is published."""
        return (row, measure) not in self.hidden

    def total_visibility(self) -> dict[str, bool]:
        """Which cells of the total row (or of the only row) are published."""
        row = TOTAL if TOTAL in self.rows else self.rows[0]
        return {measure: self.visible(row, measure) for measure in self.measures}


# Subspaces of the mask space, as matrices whose rows are an orthonormal basis.


def _basis(matrix: Vector, size: int) -> Vector:
    if matrix.size == 0:
        return np.zeros((0, size))
    _, singular, right = np.linalg.svd(matrix, full_matrices=False)
    return right[singular > _EPS * max(1.0, float(singular[0]))]


def _intersection(first: Vector, second: Vector, size: int) -> Vector:
    if first.shape[0] == 0 or second.shape[0] == 0:
        return np.zeros((0, size))
    left, cosines, _ = np.linalg.svd(first @ second.T, full_matrices=False)
    shared = left[:, cosines > 1 - 1e-7]
    return _basis((first.T @ shared).T, size)


def _sum(first: Vector, second: Vector, size: int) -> Vector:
    return _basis(np.vstack([first, second]), size)


def _contains(basis: Vector, vector: Vector) -> bool:
    residual = vector - basis.T @ (basis @ vector)
    return float(np.linalg.norm(residual)) <= 1e-6 * max(1.0, float(np.linalg.norm(vector)))


@dataclass
class _Layout:
    """The grid in mask space: measure and difference patterns, atoms and cell values."""

    grid: Grid
    size: int = 0
    pattern: dict[str, Vector] = field(default_factory=dict)
    nested: dict[tuple[str, str], Vector] = field(default_factory=dict)
    atoms: dict[str, Vector] = field(default_factory=dict)
    rows: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        grid = self.grid
        self.size = len(grid.masks)
        self.pattern = {
            m: np.array([1.0 if m in mask else 0.0 for mask in grid.masks]) for m in grid.measures
        }
        # m2 nested in m1: every unit counted in m2 is counted in m1.
        for m1 in grid.measures:
            for m2 in grid.measures:
                difference = self.pattern[m1] - self.pattern[m2]
                if m1 != m2 and difference.min() >= 0 and difference.max() > 0:
                    self.nested[m1, m2] = difference
        self.atoms = {
            row: np.array([float(grid.counts.get((row, mask), 0)) for mask in grid.masks])
            for row in grid.rows
        }
        if grid.with_total:
            self.atoms[TOTAL] = sum((self.atoms[row] for row in grid.rows), np.zeros(self.size))
        self.rows = (*grid.rows, TOTAL) if grid.with_total else grid.rows

    def value(self, row: str, vector: Vector) -> int:
        return round(float(self.atoms[row] @ vector))

    def columns(self) -> Iterable[tuple[str, Vector, bool]]:
        """Every measure and nested difference: name, pattern, and whether it is a measure."""
        for measure, vector in self.pattern.items():
            yield measure, vector, True
        for (m1, m2), vector in self.nested.items():
            yield f"{m1}-{m2}", vector, False


Signature = frozenset[str]  # the measures a row publishes


class _Spans:
    """Subspaces computed once per grid: a row's span depends only on what it publishes."""

    def __init__(self, layout: _Layout) -> None:
        self.layout = layout
        self._rows: dict[Signature, Vector] = {}
        self._caps: dict[frozenset[Signature], Vector] = {frozenset(): np.eye(layout.size)}
        self._derivable: dict[tuple[Signature, frozenset[Signature], Signature], Vector] = {}
        self.known: dict[tuple[object, str], bool] = {}

    def of(self, shown: Signature) -> Vector:
        """The span of the patterns of ``shown`` measures."""
        if shown not in self._rows:
            size = self.layout.size
            patterns = [self.layout.pattern[m] for m in sorted(shown)]
            matrix = np.array(patterns) if patterns else np.zeros((0, size))
            self._rows[shown] = _basis(matrix, size)
        return self._rows[shown]

    def cap(self, signatures: frozenset[Signature]) -> Vector:
        """What every row of these signatures determines alike (their spans' intersection)."""
        if signatures not in self._caps:
            first, *rest = sorted(signatures, key=sorted)
            self._caps[signatures] = _intersection(
                self.cap(frozenset(rest)), self.of(first), self.layout.size
            )
        return self._caps[signatures]

    def derivable(
        self, own: Signature | None, others: frozenset[Signature], totals: Signature
    ) -> Vector:
        """What a row publishing ``own`` (None: the total row) reveals, beside the others."""
        key = (own if own is not None else frozenset({"\x00"}), others, totals)
        if key not in self._derivable:
            size = self.layout.size
            if own is None:
                span = _sum(self.of(totals), self.cap(others), size)
            else:
                through = _intersection(self.of(totals), self.cap(others), size)
                span = _sum(self.of(own), through, size)
            self._derivable[key] = span
        return self._derivable[key]


class _Round:
    """The published cells for one set of hidden cells, and what they reveal."""

    def __init__(
        self,
        layout: _Layout,
        spans: _Spans,
        hidden: set[Cell],
        shown: dict[str, Signature] | None = None,
    ) -> None:
        self.layout = layout
        self.spans = spans
        self.hidden = hidden
        grid = layout.grid
        self.shown: dict[str, Signature] = shown or {
            row: frozenset(m for m in grid.measures if (row, m) not in hidden)
            for row in layout.rows
        }
        self.totals: Signature = self.shown[TOTAL] if grid.with_total else frozenset()
        self.count: dict[Signature, int] = {}
        for row in grid.rows:
            self.count[self.shown[row]] = self.count.get(self.shown[row], 0) + 1

    def hiding(self, cell: Cell) -> _Round:
        """The same round with one more cell hidden."""
        shown = dict(self.shown)
        shown[cell[0]] = shown[cell[0]] - {cell[1]}
        return _Round(self.layout, self.spans, self.hidden | {cell}, shown)

    def key(self, row: str) -> tuple[Signature | None, frozenset[Signature], Signature]:
        """What the span of ``row`` depends on: its signature, the others', the totals'."""
        everyone = frozenset(self.count)
        if row == TOTAL:
            return None, everyone, self.totals
        own = self.shown[row]
        if not self.layout.grid.with_total:
            return own, frozenset(), frozenset()
        others = everyone if self.count[own] > 1 else everyone - {own}
        return own, others, self.totals

    def span(self, row: str) -> Vector:
        """Everything about ``row`` (or the total row) that the published cells determine."""
        own, others, totals = self.key(row)
        if own is not None and not self.layout.grid.with_total:
            return self.spans.of(own)
        return self.spans.derivable(own, others, totals)

    def derivable(self, row: str, vector: Vector, name: str | None = None) -> bool:
        """Whether the published cells determine the quantity ``vector`` of ``row``.

        A ``name`` for the vector lets the answer be remembered for rows of the same key.
        """
        if name is None:
            return _contains(self.span(row), vector)
        memo = (self.key(row), name)
        if memo not in self.spans.known:
            self.spans.known[memo] = _contains(self.span(row), vector)
        return self.spans.known[memo]

    def all_derivable(self, row: str, vectors: Vector) -> npt.NDArray[np.bool_]:
        """``derivable`` for every row of ``vectors`` at once."""
        basis = self.span(row)
        residual = vectors - (vectors @ basis.T) @ basis
        norms = np.linalg.norm(residual, axis=1)
        return np.asarray(norms <= 1e-6 * np.maximum(1.0, np.linalg.norm(vectors, axis=1)))


@dataclass(frozen=True)
class _Problem:
    """Something the published cells reveal, and the cells that may hide it."""

    row: str
    vector: Vector
    candidates: tuple[Cell, ...]


# How many candidate cells are tried before the smallest is hidden anyway.
_TRIES = 24


def protect(grid: Grid) -> Protected:
    """Hide the cells of ``grid`` that the small-cell rule requires (see the module)."""
    layout = _Layout(grid)
    values = {
        (row, m): layout.value(row, layout.pattern[m]) for row in layout.rows for m in grid.measures
    }
    hidden = {cell for cell, value in values.items() if value < SMALL_CELL}
    if grid.fixed_total is not None:
        for measure in grid.measures:
            shown = grid.fixed_total.get(measure, False)
            if shown and values[TOTAL, measure] < SMALL_CELL:
                raise SuppressionError(f"the fixed total of {measure} is under {SMALL_CELL}")
            if not shown:
                hidden.add((TOTAL, measure))
    if not grid.rows:
        return Protected(layout.rows, grid.measures, values, frozenset(values))
    sensitive = _sensitive(layout, values)
    spans = _Spans(layout)
    clean: set[tuple[str, object]] = set()  # rows found safe under a given span
    state = _Round(layout, spans, hidden)
    for _ in range(len(values) + 1):
        problem = _first_problem(layout, state, sensitive, values, clean)
        if problem is None:
            return Protected(layout.rows, grid.measures, values, frozenset(state.hidden))
        cell = _choose(layout, state, problem, values)
        if cell is None:
            raise SuppressionError("no published cell left whose hiding protects the rest")
        state = state.hiding(cell)
    raise SuppressionError("complementary suppression did not settle")


def _sensitive(layout: _Layout, values: Mapping[Cell, int]) -> dict[str, Vector]:
    """Per row, the quantities that must not be computable: small cells, differences, atoms."""
    found: dict[str, Vector] = {}
    for row in layout.rows:
        vectors = [v for m, v in layout.pattern.items() if values[row, m] < SMALL_CELL]
        vectors += [v for v in layout.nested.values() if 1 <= layout.value(row, v) < SMALL_CELL]
        vectors += [
            np.eye(layout.size)[i]
            for i, count in enumerate(layout.atoms[row])
            if 1 <= count < SMALL_CELL
        ]
        if vectors:
            found[row] = np.array(vectors)
    return found


def _first_problem(
    layout: _Layout,
    state: _Round,
    sensitive: Mapping[str, Vector],
    values: Mapping[Cell, int],
    clean: set[tuple[str, object]],
) -> _Problem | None:
    """The first quantity the published cells reveal (rules 2a–2c), if any."""
    for row, vectors in sensitive.items():
        key = (row, id(state.span(row)))  # spans are kept, so an id names one span
        if key in clean:
            continue
        revealed = np.flatnonzero(state.all_derivable(row, vectors))
        if not revealed.size:
            clean.add(key)
        else:
            vector = vectors[revealed[0]]
            return _Problem(row, vector, _candidates(layout, state, row, vector, values))
    if not layout.grid.with_total:
        return None
    rows = layout.grid.rows
    for name, vector, is_measure in layout.columns():
        if not state.derivable(TOTAL, vector, name):
            continue
        unknown = [row for row in rows if not state.derivable(row, vector, name)]
        left = sum(layout.value(row, vector) for row in unknown)
        exposed = left < SMALL_CELL if is_measure else 1 <= left < SMALL_CELL
        if unknown and exposed:
            # Hide the smallest computable part of the column, so the unknown part grows.
            known = sorted(
                (r for r in rows if r not in unknown and layout.value(r, vector) > 0),
                key=lambda r: layout.value(r, vector),
            )
            if not known:
                return _Problem(TOTAL, vector, ())
            row = known[0]
            parts = [name] if is_measure else list(name.split("-"))
            own = tuple(
                (row, m)
                for m in sorted(parts, key=lambda m: values[row, m])
                if (row, m) not in state.hidden
            )
            return _Problem(row, vector, own + _candidates(layout, state, row, vector, values))
    return None


def _candidates(
    layout: _Layout, state: _Round, row: str, vector: Vector, values: Mapping[Cell, int]
) -> tuple[Cell, ...]:
    """Published cells of the measures ``vector`` is made of, in this row first, smallest first."""
    grid = layout.grid
    patterns = np.array([layout.pattern[m] for m in grid.measures])
    weights = np.linalg.lstsq(patterns.T, vector, rcond=None)[0]
    involved = [m for m, w in zip(grid.measures, weights, strict=True) if abs(w) > 1e-7]
    if not involved:
        involved = list(grid.measures)
    fixed = grid.fixed_total is not None
    rows = [r for r in layout.rows if not (fixed and r == TOTAL)]
    cells = [(r, m) for r in rows for m in involved if (r, m) not in state.hidden]
    order = {r: i for i, r in enumerate(layout.rows)}
    return tuple(sorted(cells, key=lambda c: (c[0] != row, values[c], order[c[0]])))


def _choose(
    layout: _Layout, state: _Round, problem: _Problem, values: Mapping[Cell, int]
) -> Cell | None:
    """The first candidate whose hiding stops the quantity being computed; else the smallest."""
    candidates = list(dict.fromkeys(problem.candidates))
    for cell in candidates[:_TRIES]:
        if not state.hiding(cell).derivable(problem.row, problem.vector):
            return cell
    if not candidates:
        return None
    return min(candidates, key=lambda c: values[c])
