"""Ranking metrics, written out so their definitions are explicit and tested.

A ranking is a sequence of document indices, best first. Relevance is either a
set of relevant indices (binary) or a mapping from index to a graded gain.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence


def recall_at_k(ranking: Sequence[int], relevant: Collection[int], k: int) -> float:
    """Share of the relevant documents found in the first k positions (0 if none exist)."""
    if not relevant:
        return 0.0
    hits = sum(1 for doc in ranking[:k] if doc in relevant)
    return hits / len(relevant)


def reciprocal_rank(ranking: Sequence[int], relevant: Collection[int]) -> float:
    """1 / position of the first relevant document, 0 when none is ranked."""
    for position, doc in enumerate(ranking, start=1):
        if doc in relevant:
            return 1.0 / position
    return 0.0


def dcg_at_k(gains: Sequence[float], k: int) -> float:
    """Discounted cumulative gain with the log2(position + 1) discount."""
    return sum(gain / math.log2(position + 1) for position, gain in enumerate(gains[:k], 1))


def ndcg_at_k(ranking: Sequence[int], grades: Mapping[int, float], k: int) -> float:
    """DCG of the ranking over the DCG of the ideal ordering of the graded documents."""
    ideal = dcg_at_k(sorted(grades.values(), reverse=True), k)
    if ideal == 0.0:
        return 0.0
    return dcg_at_k([grades.get(doc, 0.0) for doc in ranking], k) / ideal
