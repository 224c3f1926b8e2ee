"""The complete matcher as a ranker, so it is measured on the same labelled cases.

A case query is a list of Spanish skill labels: it becomes a candidate who
declares those skills. A case document is a free-text vacancy description
(Spanish or English): it becomes an opening whose required skills are the
ESCO concepts the normaliser finds in the text, as an employer's skill list
would be after ingestion. The matcher then retrieves (exact fused cosine,
hard filters) and rescores every pair with its full score; documents it does
not retrieve rank below every retrieved one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from matching.domain import Candidate, Opening, ScoredMatch
from matching.encoder import Matrix
from matching.index import OpeningIndex
from matching.matcher import Matcher
from matching.normaliser import Normaliser
from schemas.enums import MexicanState, Modality, Sector, VacancyKind

# Below any score the matcher gives, which lies in [0, 1].
NOT_RETRIEVED = -1.0

_SKILL_SEPARATOR = re.compile(r"[,;\n]+")

# How vectors are kept in the index; the identity keeps float32.
StorageRoundTrip = Callable[[Matrix], Matrix]


def profile_candidate(query_id: str, text: str) -> Candidate:
    """A candidate who declares the skills listed in a profile text."""
    skills = tuple(item.strip() for item in _SKILL_SEPARATOR.split(text) if item.strip())
    return Candidate(
        graduate_id=query_id,
        skills=skills,
        credentials=(),
        state=MexicanState.QUE,
    )


def description_opening(
    vacancy_id: str, text: str, *, language: str, normaliser: Normaliser
) -> Opening:
    """An opening whose required skills are the concepts named in its description."""
    found = normaliser.extract(text)
    # The concept's label in the vacancy's own language, as its employer would write it.
    required = tuple(dict.fromkeys(m.label_en if language == "en" else m.label_es for m in found))
    return Opening(
        vacancy_id=vacancy_id,
        employer_id="evaluacion",
        kind=VacancyKind.JOB,
        title="",
        description=text,
        language=language,
        sector=Sector.OTHER,
        state=MexicanState.QUE,
        city="Querétaro",
        modality=Modality.ON_SITE,
        seats=1,
        open_seats=1,
        required_skills=required,
    )


def _identity(matrix: Matrix) -> Matrix:
    return matrix


class MatcherRanker:
    """Ranks case documents for each case query with ``Matcher.rank_openings``."""

    def __init__(
        self,
        matcher: Matcher,
        normaliser: Normaliser,
        *,
        language: str = "es",
        storage: StorageRoundTrip = _identity,
    ) -> None:
        self._matcher = matcher
        self._normaliser = normaliser
        self._language = language
        self._storage = storage

    def openings(self, doc_texts: Sequence[str]) -> list[Opening]:
        """The case documents as openings."""
        return [
            description_opening(
                f"d{j:05d}", text, language=self._language, normaliser=self._normaliser
            )
            for j, text in enumerate(doc_texts)
        ]

    def opening_index(self, openings: Sequence[Opening]) -> OpeningIndex:
        """An index of the openings, vectors passed through the storage round trip."""
        vectors = self._storage(self._matcher.encode_openings(openings))
        index = OpeningIndex(capacity=max(1, len(openings)))
        for opening, vector in zip(openings, vectors, strict=True):
            index.upsert(opening, vector)
        return index

    def matches(
        self, query_texts: Sequence[str], doc_texts: Sequence[str]
    ) -> list[dict[int, ScoredMatch]]:
        """Per query, the scored matches the matcher returns, by document index."""
        openings = self.openings(doc_texts)
        index = self.opening_index(openings)
        column = {o.vacancy_id: j for j, o in enumerate(openings)}
        candidates = [profile_candidate(f"q{i:05d}", t) for i, t in enumerate(query_texts)]
        vectors = self._matcher.encode_candidates(candidates)
        found: list[dict[int, ScoredMatch]] = []
        for candidate, vector in zip(candidates, vectors, strict=True):
            ranked = self._matcher.rank_openings(candidate, index, len(openings), query=vector)
            found.append({column[m.vacancy_id]: m for m in ranked})
        return found

    def rank(self, query_texts: Sequence[str], doc_texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Full matcher score of every (query, document) pair."""
        scores = np.full((len(query_texts), len(doc_texts)), NOT_RETRIEVED)
        for row, found in enumerate(self.matches(query_texts, doc_texts)):
            for column, match in found.items():
                scores[row, column] = match.score
        return scores
