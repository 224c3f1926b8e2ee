"""Rankers the harness compares: lexical, dense, and ESCO-normalised fusion.

A ranker scores every query against every document; higher is better. The
matcher proper can be plugged in through the same protocol.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from matching.normaliser import Normaliser, TextEncoder
from matching.text import fold

Scores = npt.NDArray[np.float64]

# Profiles list skills separated by commas or semicolons.
_SKILL_SEPARATOR = re.compile(r"[,;\n]+")


class Ranker(Protocol):
    """Scores queries against documents: a (queries × documents) matrix."""

    def rank(self, query_texts: Sequence[str], doc_texts: Sequence[str]) -> Scores: ...


class TfidfRanker:
    """Character n-gram TF-IDF cosine, fitted on the texts being ranked."""

    def __init__(self, ngram_range: tuple[int, int] = (3, 5)) -> None:
        self._ngram_range = ngram_range

    def rank(self, query_texts: Sequence[str], doc_texts: Sequence[str]) -> Scores:
        """Cosine of folded character n-gram TF-IDF vectors."""
        # scikit-learn ships no type information; importing it by name keeps the
        # strict type check of this module independent of stub availability.
        text_features = importlib.import_module("sklearn.feature_extraction.text")
        vectoriser = text_features.TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=self._ngram_range,
            sublinear_tf=True,
            preprocessor=fold,
        )
        matrix = vectoriser.fit_transform([*doc_texts, *query_texts])
        docs = matrix[: len(doc_texts)]
        queries = matrix[len(doc_texts) :]
        # Rows are L2-normalised by the vectoriser, so the product is the cosine.
        return np.asarray((queries @ docs.T).toarray(), dtype=np.float64)


class EmbeddingRanker:
    """Plain dense cosine between sentence embeddings, no normalisation."""

    def __init__(self, encoder: TextEncoder) -> None:
        self._encoder = encoder

    def rank(self, query_texts: Sequence[str], doc_texts: Sequence[str]) -> Scores:
        """Cosine of the encoder's unit vectors."""
        queries = self._encoder.encode(list(query_texts))
        docs = self._encoder.encode(list(doc_texts))
        return np.asarray(queries @ docs.T, dtype=np.float64)


def _row_minmax(scores: Scores) -> Scores:
    # Signals live on different scales; per-query min-max puts each on [0, 1]
    # so the fusion weights mean what they say.
    low = scores.min(axis=1, keepdims=True)
    span = scores.max(axis=1, keepdims=True) - low
    span[span == 0.0] = 1.0
    return np.asarray((scores - low) / span, dtype=np.float64)


class NormalisedRanker:
    """Fuses ESCO concept overlap with dense and lexical similarity.

    Queries are skill lists: each item is normalised to a concept, and concepts
    named inside the text are extracted too. Documents are free text: concepts
    are extracted from them. Concept overlap is the IDF-weighted cosine of the
    two concept sets. Only skill labels are used, never occupation data, so the
    ranker cannot look the answer up.
    """

    def __init__(
        self,
        normaliser: Normaliser,
        encoder: TextEncoder | None = None,
        *,
        concept_weight: float = 0.4,
        dense_weight: float = 0.3,
        lexical_weight: float = 0.3,
    ) -> None:
        self._normaliser = normaliser
        self._dense = EmbeddingRanker(encoder) if encoder is not None else None
        self._lexical = TfidfRanker()
        self._weights = (
            concept_weight,
            dense_weight if encoder else 0.0,
            lexical_weight,
        )

    def query_concepts(self, text: str) -> set[str]:
        """Concept ids of a skill-list text."""
        items = [item.strip() for item in _SKILL_SEPARATOR.split(text) if item.strip()]
        found = {match.concept_id for match in self._normaliser.normalise_many(items) if match}
        found.update(match.concept_id for match in self._normaliser.extract(text))
        return found

    def document_concepts(self, text: str) -> set[str]:
        """Concept ids named in a free text."""
        return {match.concept_id for match in self._normaliser.extract(text)}

    def concept_scores(self, query_texts: Sequence[str], doc_texts: Sequence[str]) -> Scores:
        """IDF-weighted cosine between query and document concept sets."""
        queries = [self.query_concepts(text) for text in query_texts]
        docs = [self.document_concepts(text) for text in doc_texts]
        vocabulary = sorted(set().union(*queries, *docs))
        column = {concept: index for index, concept in enumerate(vocabulary)}
        q = np.zeros((len(queries), len(vocabulary)))
        d = np.zeros((len(docs), len(vocabulary)))
        for row, concepts in enumerate(queries):
            q[row, [column[c] for c in concepts]] = 1.0
        for row, concepts in enumerate(docs):
            d[row, [column[c] for c in concepts]] = 1.0
        idf = np.log((1.0 + len(docs)) / (1.0 + d.sum(axis=0))) + 1.0
        q *= idf
        d *= idf
        q_norm = np.linalg.norm(q, axis=1, keepdims=True)
        d_norm = np.linalg.norm(d, axis=1, keepdims=True)
        q_norm[q_norm == 0.0] = 1.0
        d_norm[d_norm == 0.0] = 1.0
        return np.asarray((q / q_norm) @ (d / d_norm).T, dtype=np.float64)

    def rank(self, query_texts: Sequence[str], doc_texts: Sequence[str]) -> Scores:
        """Weighted sum of the per-query min-max scaled signals."""
        concept_weight, dense_weight, lexical_weight = self._weights
        total = concept_weight * _row_minmax(self.concept_scores(query_texts, doc_texts))
        if lexical_weight:
            total += lexical_weight * _row_minmax(self._lexical.rank(query_texts, doc_texts))
        if self._dense is not None and dense_weight:
            total += dense_weight * _row_minmax(self._dense.rank(query_texts, doc_texts))
        return total


class FusionRanker:
    """Weighted sum of other rankers' per-query min-max scaled scores."""

    def __init__(self, parts: Sequence[tuple[Ranker, float]]) -> None:
        self._parts = tuple(parts)

    def rank(self, query_texts: Sequence[str], doc_texts: Sequence[str]) -> Scores:
        """Fused scores of every part."""
        total = np.zeros((len(query_texts), len(doc_texts)))
        for ranker, weight in self._parts:
            total += weight * _row_minmax(ranker.rank(query_texts, doc_texts))
        return total
