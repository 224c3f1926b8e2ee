"""Ranking metrics against hand-computed values."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.evaluation.metrics import (
    dcg_at_k,
    ndcg_at_k,
    recall_at_k,
    reciprocal_rank,
)


def test_recall_at_k_hand_computed() -> None:
    assert recall_at_k([3, 1, 2, 0], {1, 0}, 2) == 0.5
    assert recall_at_k([3, 1, 2, 0], {1, 0}, 4) == 1.0
    assert recall_at_k([3, 1], set(), 2) == 0.0


def test_reciprocal_rank_hand_computed() -> None:
    assert reciprocal_rank([4, 2, 7], {7}) == pytest.approx(1 / 3)
    assert reciprocal_rank([4, 2, 7], {2, 7}) == 0.5
    assert reciprocal_rank([4, 2, 7], {9}) == 0.0


def test_ndcg_hand_computed() -> None:
    # Ranking gains [0, 2, 1]: DCG = 2/log2(3) + 1/2; ideal [2, 1]: 2 + 1/log2(3).
    expected = (2 / math.log2(3) + 0.5) / (2 + 1 / math.log2(3))
    assert ndcg_at_k([0, 1, 2], {1: 2.0, 2: 1.0}, 3) == pytest.approx(expected)
    assert ndcg_at_k([1, 2, 0], {1: 2.0, 2: 1.0}, 3) == pytest.approx(1.0)
    assert ndcg_at_k([0, 2, 1], {1: 2.0}, 2) == 0.0
    assert ndcg_at_k([0], {}, 10) == 0.0
    assert dcg_at_k([3.0, 3.0], 1) == 3.0


rankings = st.permutations(list(range(8)))
grade_maps = st.dictionaries(st.integers(0, 7), st.sampled_from([1.0, 2.0]), max_size=8)


@given(rankings, grade_maps, st.integers(1, 8))
def test_metrics_stay_in_unit_interval(
    ranking: list[int], grades: dict[int, float], k: int
) -> None:
    relevant = {doc for doc, gain in grades.items() if gain == 2.0}
    for value in (
        recall_at_k(ranking, relevant, k),
        reciprocal_rank(ranking, relevant),
        ndcg_at_k(ranking, grades, k),
    ):
        assert 0.0 <= value <= 1.0 + 1e-12


@given(grade_maps.filter(bool), st.integers(1, 8))
def test_ideal_ordering_has_ndcg_one(grades: dict[int, float], k: int) -> None:
    ideal = sorted(grades, key=lambda doc: -grades[doc])
    rest = [doc for doc in range(8) if doc not in grades]
    assert ndcg_at_k(ideal + rest, grades, k) == pytest.approx(1.0)
