"""Storage precision: int8 and float16 round trips, agreement and memory."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from matching.precision import (
    Precision,
    PrecisionRow,
    agreement_at_k,
    bytes_per_vector,
    dequantise_int8,
    quantise_int8,
    render,
    round_trip,
    top_k_rows,
)

finite_rows = arrays(
    np.float32,
    st.tuples(st.integers(1, 6), st.integers(1, 40)),
    elements=st.floats(-1e3, 1e3, width=32),
)


@given(finite_rows)
def test_int8_error_is_at_most_half_a_step(matrix: npt.NDArray[np.float32]) -> None:
    codes, scales = quantise_int8(matrix)
    assert codes.dtype == np.int8 and scales.shape == (matrix.shape[0],)
    back = dequantise_int8(codes, scales)
    step = scales.reshape(-1, 1)
    assert np.all(np.abs(back - matrix) <= step / 2 + 1e-6 * np.abs(matrix) + 1e-30)
    # The largest magnitude of each row survives exactly up to float rounding.
    assert np.all(np.abs(codes).max(axis=1)[scales > 0] == 127)


def test_zero_rows_stay_zero() -> None:
    matrix = np.zeros((2, 5), dtype=np.float32)
    np.testing.assert_array_equal(round_trip(Precision.INT8)(matrix), matrix)


def test_float32_is_untouched_and_float16_is_close() -> None:
    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(10, 32)).astype(np.float32)
    assert round_trip(Precision.FLOAT32)(matrix) is not None
    np.testing.assert_array_equal(round_trip(Precision.FLOAT32)(matrix), matrix)
    half = round_trip(Precision.FLOAT16)(matrix)
    assert half.dtype == np.float32
    assert not np.array_equal(half, matrix)
    np.testing.assert_allclose(half, matrix, rtol=1e-3, atol=1e-4)


def test_bytes_per_vector() -> None:
    assert bytes_per_vector(Precision.FLOAT32, 896) == 3584
    assert bytes_per_vector(Precision.FLOAT16, 896) == 1792
    assert bytes_per_vector(Precision.INT8, 896) == 900


def test_top_k_breaks_ties_by_row() -> None:
    queries = np.array([[1.0, 0.0]], dtype=np.float32)
    rows = np.array([[0.5, 0], [0.9, 0], [0.5, 0], [0.1, 0]], dtype=np.float32)
    assert top_k_rows(queries, rows, 3) == [[1, 0, 2]]


def test_agreement_is_one_for_the_same_rows_and_drops_when_order_flips() -> None:
    rng = np.random.default_rng(1)
    rows = rng.normal(size=(50, 8)).astype(np.float32)
    queries = rng.normal(size=(5, 8)).astype(np.float32)
    assert agreement_at_k(queries, rows, rows, k=10) == 1.0
    assert agreement_at_k(queries, rows, -rows, k=10) < 0.5
    assert agreement_at_k(queries, rows, round_trip(Precision.INT8)(rows), k=10) > 0.8


def test_render_lists_every_row() -> None:
    row = PrecisionRow("c", Precision.INT8, 0.987, 100, 0.5, 0.4, 0.3, 90.0)
    table = render([row], 896)
    assert "| c | int8 | 0.987 (100) | 0.500 | 0.400 | 0.300 | 90.0 |" in table
    assert "896 dim" in table


@pytest.mark.parametrize("precision", list(Precision))
def test_round_trip_keeps_shape(precision: Precision) -> None:
    matrix = np.ones((3, 4), dtype=np.float32)
    assert round_trip(precision)(matrix).shape == (3, 4)
