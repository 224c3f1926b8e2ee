"""Tune the matcher's text and coverage weights on the tuning split only.

Components do not depend on the weights once every document is retrieved, so
the matcher scores each tuning pair once and every weight triple is tried
with a dot product. Location, credential, nice-to-have and verification keep
their default weights: in these cases they are equal for every pair.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.evaluation.cases import EvaluationCases
from matching.evaluation.harness import DEFAULT_K, score_cases
from matching.evaluation.matcher_ranker import NOT_RETRIEVED, MatcherRanker
from matching.scoring import ScoringWeights

TUNED = ("semantic", "lexical", "required_coverage")
GRID_STEP_PERCENT = 5

FloatMatrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class TuningResult:
    """The chosen weights and the mean nDCG@k they reached on the tuning cases."""

    weights: ScoringWeights
    ndcg: float
    default_ndcg: float
    tried: int


def component_matrices(ranker: MatcherRanker, cases: EvaluationCases) -> dict[str, FloatMatrix]:
    """One (queries x documents) matrix per tuned component; NaN where not retrieved."""
    shape = (len(cases.queries), len(cases.documents))
    out = {name: np.full(shape, np.nan) for name in TUNED}
    for row, found in enumerate(ranker.matches(cases.queries, cases.documents)):
        for column, match in found.items():
            for name in TUNED:
                out[name][row, column] = match.components[name]
    return out


def weight_grid(
    defaults: ScoringWeights, step_percent: int = GRID_STEP_PERCENT
) -> list[ScoringWeights]:
    """Every split of the tuned weights' total mass in steps, the others kept."""
    values = defaults.as_dict()
    mass = round(sum(values[name] for name in TUNED) * 100)
    grid: list[ScoringWeights] = []
    for semantic in range(0, mass + 1, step_percent):
        for lexical in range(0, mass - semantic + 1, step_percent):
            coverage = mass - semantic - lexical
            grid.append(
                dataclasses.replace(
                    defaults,
                    semantic=semantic / 100,
                    lexical=lexical / 100,
                    required_coverage=coverage / 100,
                )
            )
    return grid


def _scores(matrices: dict[str, FloatMatrix], weights: ScoringWeights) -> FloatMatrix:
    w = weights.as_dict()
    total = sum(w[name] * matrices[name] for name in TUNED)
    assert isinstance(total, np.ndarray)
    return np.where(np.isnan(total), NOT_RETRIEVED, total)


def tune_weights(
    rankers: Sequence[tuple[MatcherRanker, EvaluationCases]],
    *,
    defaults: ScoringWeights | None = None,
    k: int = DEFAULT_K,
    progress: Callable[[str], None] | None = None,
) -> TuningResult:
    """The grid weights with the best mean nDCG@k over the tuning case sets."""
    base = defaults or ScoringWeights()
    prepared = []
    for ranker, cases in rankers:
        if progress is not None:
            progress(f"ajuste: componentes de {cases.name}…")
        prepared.append((cases, component_matrices(ranker, cases)))

    def mean_ndcg(weights: ScoringWeights) -> float:
        values = [
            score_cases(cases, "ajuste", _scores(matrices, weights), k=k, seconds=0.0).ndcg_at_k
            for cases, matrices in prepared
        ]
        return float(np.mean(values))

    grid = weight_grid(base)
    # Strictly better only: ties keep the earlier grid point, so the choice is stable.
    best, best_ndcg = base, mean_ndcg(base)
    default_ndcg = best_ndcg
    for weights in grid:
        value = mean_ndcg(weights)
        if value > best_ndcg + 1e-12:
            best, best_ndcg = weights, value
    return TuningResult(weights=best, ndcg=best_ndcg, default_ndcg=default_ndcg, tried=len(grid))
