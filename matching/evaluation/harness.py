"""Run rankers over labelled cases and collect recall@k, nDCG@k and MRR."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matching.evaluation.cases import EvaluationCases
from matching.evaluation.metrics import ndcg_at_k, recall_at_k, reciprocal_rank
from matching.evaluation.rankers import Ranker, Scores

DEFAULT_K = 10


@dataclass(frozen=True, slots=True)
class RankerResult:
    """Mean metrics of one ranker on one case set."""

    cases: str
    ranker: str
    queries: int
    documents: int
    recall_at_k: float
    ndcg_at_k: float
    mrr: float
    seconds: float


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """Every (case set, ranker) result, in the order they ran."""

    k: int
    results: tuple[RankerResult, ...]

    def best(self, cases: str) -> RankerResult:
        """The ranker with the highest nDCG@k on a case set (ties: first run)."""
        return max((r for r in self.results if r.cases == cases), key=lambda r: r.ndcg_at_k)


def rankings(scores: Scores) -> list[list[int]]:
    """Document indices per query, best first; ties broken by document index."""
    # A stable sort on the negated scores keeps equal scores in index order,
    # so a ranking never depends on floating-point noise in the sort.
    order = np.argsort(-scores, axis=1, kind="stable")
    return [[int(doc) for doc in row] for row in order]


def score_cases(
    cases: EvaluationCases, name: str, scores: Scores, *, k: int, seconds: float
) -> RankerResult:
    """Mean metrics of a score matrix against the cases' relevance labels."""
    expected = (len(cases.queries), len(cases.documents))
    if scores.shape != expected:
        raise ValueError(f"El ranker {name} devolvió {scores.shape}, se esperaba {expected}")
    ranked = rankings(scores)
    recalls, ndcgs, rrs = [], [], []
    for query, ranking in enumerate(ranked):
        relevant = cases.relevant(query)
        recalls.append(recall_at_k(ranking, relevant, k))
        ndcgs.append(ndcg_at_k(ranking, cases.grades[query], k))
        rrs.append(reciprocal_rank(ranking, relevant))
    return RankerResult(
        cases=cases.name,
        ranker=name,
        queries=len(cases.queries),
        documents=len(cases.documents),
        recall_at_k=float(np.mean(recalls)) if recalls else 0.0,
        ndcg_at_k=float(np.mean(ndcgs)) if ndcgs else 0.0,
        mrr=float(np.mean(rrs)) if rrs else 0.0,
        seconds=seconds,
    )


def run_evaluation(
    cases: EvaluationCases | Sequence[EvaluationCases],
    rankers: Mapping[str, Ranker],
    *,
    k: int = DEFAULT_K,
    progress: Callable[[str], None] | None = None,
) -> EvaluationReport:
    """Every ranker on every case set; ``progress`` hears about each step."""
    case_sets = [cases] if isinstance(cases, EvaluationCases) else list(cases)
    results = []
    for case_set in case_sets:
        for name, ranker in rankers.items():
            if progress is not None:
                progress(f"{case_set.name}: {name}…")
            started = time.perf_counter()
            scores = ranker.rank(case_set.queries, case_set.documents)
            elapsed = time.perf_counter() - started
            results.append(score_cases(case_set, name, scores, k=k, seconds=elapsed))
    return EvaluationReport(k=k, results=tuple(results))
