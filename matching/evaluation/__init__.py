"""Offline evaluation of rankers on labelled cases built from ESCO."""

from __future__ import annotations

from matching.evaluation.cases import EvaluationCases, build_cases, eligible_occupations
from matching.evaluation.harness import (
    EvaluationReport,
    RankerResult,
    rankings,
    run_evaluation,
)
from matching.evaluation.metrics import ndcg_at_k, recall_at_k, reciprocal_rank
from matching.evaluation.rankers import (
    EmbeddingRanker,
    FusionRanker,
    NormalisedRanker,
    Ranker,
    TfidfRanker,
)
from matching.evaluation.report import render_markdown

__all__ = [
    "EmbeddingRanker",
    "EvaluationCases",
    "EvaluationReport",
    "FusionRanker",
    "NormalisedRanker",
    "Ranker",
    "RankerResult",
    "TfidfRanker",
    "build_cases",
    "eligible_occupations",
    "ndcg_at_k",
    "rankings",
    "recall_at_k",
    "reciprocal_rank",
    "render_markdown",
    "run_evaluation",
]
