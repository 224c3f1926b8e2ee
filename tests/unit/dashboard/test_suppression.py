"""Small cells: nothing under 10 can be read or computed from a published table."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.dashboard.oracle import Span, leaks
from vincula.dashboard.suppression import (
    SMALL_CELL,
    TOTAL,
    Grid,
    Mask,
    SuppressionError,
    protect,
)

# Shapes of real tables: a funnel (nested steps), a partition, independent counts and the
# branching of follow-ups (hired ⊇ followed for 6 months ⊇ retained, ⊇ followed for 12).
STRUCTURES: Mapping[str, tuple[tuple[str, ...], tuple[Mask, ...]]] = {
    "embudo": (
        ("a", "b", "c", "d"),
        tuple(frozenset("abcd"[: i + 1]) for i in range(4)),
    ),
    "partición": (("t", "x", "y"), (frozenset("tx"), frozenset("ty"))),
    "independientes": (("x", "y"), (frozenset("x"), frozenset("y"))),
    "ramas": (
        ("h", "e", "p", "f"),
        (frozenset("h"), frozenset("he"), frozenset("hep"), frozenset("hef"), frozenset("hepf")),
    ),
}
ROWS = ("QUE", "NLE", "JAL", "CMX", "GUA")


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    """A grid of a real shape with small and large counts, its total fixed or not."""
    measures, masks = STRUCTURES[draw(st.sampled_from(sorted(STRUCTURES)))]
    rows = ROWS[: draw(st.integers(1, 4))]
    count = st.one_of(st.integers(0, 4), st.integers(5, 12), st.integers(0, 40))
    counts = {(row, mask): draw(count) for row in rows for mask in masks}
    with_total = draw(st.booleans())
    grid = Grid(rows, measures, masks, counts, with_total=with_total)
    if with_total and draw(st.booleans()):
        return Grid(rows, measures, masks, counts, fixed_total=summary_of(grid))
    return grid


def summary_of(grid: Grid) -> dict[str, bool]:
    """What the one-row summary of ``grid`` publishes, as another table would fix it."""
    totals = {
        ("todo", mask): sum(grid.counts.get((row, mask), 0) for row in grid.rows)
        for mask in grid.masks
    }
    one_row = Grid(("todo",), grid.measures, grid.masks, totals, with_total=False)
    return protect(one_row).total_visibility()


@settings(max_examples=400, deadline=None)
@given(grids())
def test_nothing_under_10_is_published_or_computable_from_what_is(grid: Grid) -> None:
    assert leaks(grid, protect(grid)) == []


@settings(max_examples=200, deadline=None)
@given(grids())
def test_subtracting_published_cells_from_a_published_total_leaves_0_or_10_and_more(
    grid: Grid,
) -> None:
    protected = protect(grid)
    for row in protected.rows:
        for measure in grid.measures:
            shown = protected.shown(row, measure)
            assert shown is None or shown >= SMALL_CELL
    if not grid.with_total:
        return
    for measure in grid.measures:
        total = protected.shown(TOTAL, measure)
        hidden = [row for row in grid.rows if protected.shown(row, measure) is None]
        if total is None or not hidden:
            continue
        published = sum(protected.shown(row, measure) or 0 for row in grid.rows)
        assert total - published >= SMALL_CELL, (measure, total, published)


@settings(max_examples=200, deadline=None)
@given(grids())
def test_published_cells_are_the_true_counts_and_a_fixed_total_is_kept(grid: Grid) -> None:
    protected = protect(grid)
    for (row, mask), count in grid.counts.items():
        assert count >= 0 and row in protected.rows and mask in grid.masks
    for row in protected.rows:
        for measure in grid.measures:
            members = [row] if row != TOTAL else list(grid.rows)
            true = sum(
                grid.counts.get((r, mask), 0)
                for r in members
                for mask in grid.masks
                if measure in mask
            )
            assert protected.values[row, measure] == true
    if grid.fixed_total is not None:
        assert protected.total_visibility() == {
            m: grid.fixed_total.get(m, False) for m in grid.measures
        }
    assert protect(grid) == protected


def chain(rows: Mapping[str, tuple[int, int, int]], **options: object) -> Grid:
    """A funnel matched ⊇ interested ⊇ hired from each row's people who stopped at each step."""
    masks = (frozenset("m"), frozenset("mi"), frozenset("mih"))
    counts = {
        (row, mask): count
        for row, steps in rows.items()
        for mask, count in zip(masks, steps, strict=True)
    }
    return Grid(tuple(rows), ("m", "i", "h"), masks, counts, **options)  # type: ignore[arg-type]


def test_a_table_without_small_counts_is_published_whole() -> None:
    protected = protect(chain({"QUE": (20, 15, 12), "NLE": (30, 25, 40)}))
    assert protected.hidden == frozenset()
    assert protected.shown(TOTAL, "m") == 142


def test_a_small_cell_takes_a_second_one_with_it_so_the_total_does_not_give_it_away() -> None:
    # Hired: 12 in Querétaro, 4 in Nuevo León, 30 in Jalisco, 46 in all.
    protected = protect(chain({"QUE": (20, 15, 12), "NLE": (30, 25, 4), "JAL": (10, 10, 30)}))
    assert protected.shown("NLE", "h") is None
    assert protected.shown("QUE", "h") is None  # the smallest other cell of the column
    assert protected.shown("JAL", "h") == 30
    assert protected.shown(TOTAL, "h") == 46


def test_two_published_steps_may_not_differ_by_1_to_9() -> None:
    # Querétaro: 30 matched, 25 of them interested: «5 were not» would be published.
    protected = protect(chain({"QUE": (5, 10, 15), "NLE": (40, 40, 40)}))
    assert protected.shown("QUE", "m") == 30
    assert protected.shown("QUE", "i") is None
    assert leaks(chain({"QUE": (5, 10, 15), "NLE": (40, 40, 40)}), protected) == []


def test_hidden_zeros_are_not_given_away_by_a_total_that_equals_the_published_cells() -> None:
    grid = chain({"QUE": (40, 0, 0), "NLE": (0, 0, 0), "JAL": (0, 0, 0)})
    protected = protect(grid)
    assert protected.shown("NLE", "m") is None and protected.shown("JAL", "m") is None
    assert protected.shown("QUE", "m") is None  # else 40 − 40 = 0 for the other two
    assert protected.shown(TOTAL, "m") == 40


def test_a_fixed_total_is_never_taken_as_a_complementary_cell() -> None:
    grid = chain({"QUE": (20, 15, 12), "NLE": (30, 25, 4)}, fixed_total={"m": True, "i": True})
    protected = protect(grid)
    assert protected.total_visibility() == {"m": True, "i": True, "h": False}
    assert leaks(grid, protected) == []


def test_a_fixed_total_under_10_is_refused() -> None:
    with pytest.raises(SuppressionError):
        protect(chain({"QUE": (1, 1, 1)}, fixed_total={"m": True, "i": True, "h": True}))


def test_grids_that_do_not_add_up_are_refused() -> None:
    masks = (frozenset("x"),)
    with pytest.raises(ValueError, match="outside"):
        Grid(("a",), ("y",), masks, {})
    with pytest.raises(ValueError, match="does not fit"):
        Grid(("a",), ("x",), masks, {("b", masks[0]): 1})
    with pytest.raises(ValueError, match="total row"):
        Grid((TOTAL,), ("x",), masks, {})


def test_the_oracle_sees_a_difference_as_computable() -> None:
    span = Span([[1, 1, 0], [0, 1, 0]])
    assert [1, 0, 0] in span and [0, 0, 1] not in span
