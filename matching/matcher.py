"""The matcher facade the stream agents and the API call."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TypeVar

import numpy as np

from matching.allocation import (
    Held,
    allocate_greedy,
    allocate_joint,
    graduate_capacities,
    opening_capacities,
)
from matching.domain import Candidate, Opening, ScoredMatch
from matching.encoder import Encoder, Matrix
from matching.explain import explain
from matching.fusion import FusedEncoder
from matching.index import CandidateIndex, OpeningIndex
from matching.learning import PlacementModel
from matching.lexical import TfidfHashingEncoder
from matching.retrieval import Hit, is_eligible, search_candidates, search_openings
from matching.scoring import ScoringWeights, assess_pair, heuristic_score
from matching.skills import CredentialCrosswalk, SkillNormaliser, SkillResolver

H = TypeVar("H", bound=Held)

DEFAULT_MIN_OUTCOMES = 200
_DECIMALS = 6


class Matcher:
    """Retrieves, scores, explains and allocates matches between graduates and openings."""

    def __init__(
        self,
        encoder: Encoder,
        *,
        normaliser: SkillNormaliser | None = None,
        crosswalk: CredentialCrosswalk | None = None,
        lexical_encoder: Encoder | None = None,
        weights: ScoringWeights | None = None,
        placement_model: PlacementModel | None = None,
        min_outcomes: int = DEFAULT_MIN_OUTCOMES,
        exposure_cap: int = 3,
        shortlist_factor: float = 2.0,
        retrieval_depth: int = 200,
        edges_per_opening: int = 50,
    ) -> None:
        self.weights = weights or ScoringWeights()
        self.resolver = SkillResolver(normaliser, crosswalk)
        # Default lexical signal: hashed character n-gram TF-IDF with the packaged ESCO IDF.
        lexical = lexical_encoder if lexical_encoder is not None else TfidfHashingEncoder()
        self.encoder = FusedEncoder(encoder, lexical, lexical_share=self.weights.lexical_share)
        # The learnt model replaces the heuristic only once enough outcomes back it.
        use_model = placement_model is not None and placement_model.n_examples >= min_outcomes
        self.placement_model = placement_model if use_model else None
        self.exposure_cap = exposure_cap
        self.shortlist_factor = shortlist_factor
        self.retrieval_depth = retrieval_depth
        self.edges_per_opening = edges_per_opening

    @property
    def model_version(self) -> str:
        """Encoder and scorer that produce this matcher's scores."""
        if self.placement_model is not None:
            scorer = f"placement:{self.placement_model.version}"
        else:
            scorer = f"heuristic:{self.weights.version()}"
        return f"{self.encoder.name}|{scorer}"

    @staticmethod
    def candidate_text(candidate: Candidate) -> str:
        """Text embedded for a graduate profile."""
        return candidate.summary_text()

    @staticmethod
    def opening_text(opening: Opening) -> str:
        """Text embedded for an opening."""
        return opening.summary_text()

    def encode_candidates(self, candidates: Sequence[Candidate]) -> Matrix:
        """Fused vectors of candidate profiles."""
        return self.encoder.encode([self.candidate_text(c) for c in candidates])

    def encode_openings(self, openings: Sequence[Opening]) -> Matrix:
        """Fused vectors of openings."""
        return self.encoder.encode([self.opening_text(o) for o in openings])

    def forget_candidates(self, candidates: Sequence[Candidate]) -> None:
        """Drop the cached vectors of these profiles' texts, as when a graduate is erased."""
        if candidates:
            self.encoder.forget([self.candidate_text(c) for c in candidates])

    def candidate_index(self, candidates: Sequence[Candidate]) -> CandidateIndex:
        """A fresh index of the given candidates."""
        index = CandidateIndex(capacity=max(1, len(candidates)))
        for cand, vec in zip(candidates, self.encode_candidates(candidates), strict=True):
            index.upsert(cand, vec)
        return index

    def opening_index(self, openings: Sequence[Opening]) -> OpeningIndex:
        """A fresh index of the given openings."""
        index = OpeningIndex(capacity=max(1, len(openings)))
        for op, vec in zip(openings, self.encode_openings(openings), strict=True):
            index.upsert(op, vec)
        return index

    def score_pair(
        self,
        candidate: Candidate,
        opening: Opening,
        *,
        semantic_cos: float,
        lexical_cos: float,
    ) -> ScoredMatch:
        """Score and explain one pair, given its text similarities."""
        a = assess_pair(
            candidate,
            opening,
            semantic_cos=round(semantic_cos, _DECIMALS),
            lexical_cos=round(lexical_cos, _DECIMALS),
            resolver=self.resolver,
        )
        components = a.components()
        if self.placement_model is not None:
            kind = a.best_credential.kind if a.best_credential else None
            score = self.placement_model.predict(
                components, credential_kind=kind, vacancy_kind=opening.kind
            )
            components["placement"] = score
        else:
            score = heuristic_score(components, self.weights)
        return ScoredMatch(
            graduate_id=candidate.graduate_id,
            vacancy_id=opening.vacancy_id,
            score=round(score, _DECIMALS),
            components={k: round(v, _DECIMALS) for k, v in components.items()},
            reasons=explain(a, candidate, opening),
            skills_covered=a.covered,
            skills_missing=a.missing,
            model_version=self.model_version,
            visible=candidate.shares_with_employers,
        )

    def _rescore(
        self,
        query: Matrix,
        matrix: Matrix,
        hits: list[Hit],
        pairs: list[tuple[Candidate, Opening]],
    ) -> list[ScoredMatch]:
        rows = np.asarray([h.row for h in hits], dtype=np.int64)
        semantic, lexical = self.encoder.split_similarities(query, matrix[rows])
        scored = [
            self.score_pair(c, o, semantic_cos=float(s), lexical_cos=float(lx))
            for (c, o), s, lx in zip(pairs, semantic, lexical, strict=True)
        ]
        return scored

    def rank_openings(
        self,
        candidate: Candidate,
        index: OpeningIndex,
        k: int,
        *,
        query: Matrix | None = None,
        on: date | None = None,
    ) -> list[ScoredMatch]:
        """Best k eligible openings of an index for a candidate, by full score.

        ``on`` is the day of the match, which tells whether a graduate is still a minor;
        without it, whoever was a minor when certified counts as one.
        """
        q = self.encode_candidates([candidate])[0] if query is None else query
        depth = max(k, self.retrieval_depth)
        hits = search_openings(candidate, q, index, depth, self.resolver, on=on)
        if not hits:
            return []
        pairs = [(candidate, index.at(h.row)) for h in hits]
        return _best(self._rescore(q, index.matrix, hits, pairs), k, by_vacancy=True)

    def rank_candidates(
        self,
        opening: Opening,
        index: CandidateIndex,
        k: int,
        *,
        query: Matrix | None = None,
        sharing: bool | None = None,
        on: date | None = None,
    ) -> list[ScoredMatch]:
        """Best k eligible candidates of an index for an opening, by full score.

        ``sharing`` ranks only those who share their profile with employers
        (True) or only those who do not (False); None ranks both. ``on`` is the
        day of the match, as in :meth:`rank_openings`.
        """
        q = self.encode_openings([opening])[0] if query is None else query
        depth = max(k, self.retrieval_depth)
        hits = search_candidates(opening, q, index, depth, self.resolver, sharing=sharing, on=on)
        if not hits:
            return []
        pairs = [(index.at(h.row), opening) for h in hits]
        return _best(self._rescore(q, index.matrix, hits, pairs), k, by_vacancy=False)

    def vacancies_for(
        self,
        candidate: Candidate,
        openings: Sequence[Opening],
        k: int,
        *,
        on: date | None = None,
    ) -> list[ScoredMatch]:
        """Best k eligible openings among those given, for one candidate."""
        return self.rank_openings(candidate, self.opening_index(openings), k, on=on)

    def candidates_for(
        self,
        opening: Opening,
        candidates: Sequence[Candidate],
        k: int,
        *,
        on: date | None = None,
    ) -> list[ScoredMatch]:
        """Best k eligible candidates among those given, for one opening."""
        return self.rank_candidates(opening, self.candidate_index(candidates), k, on=on)

    def allocate_batch(
        self,
        candidates: Sequence[Candidate],
        openings: OpeningIndex,
        held: Sequence[Held],
        *,
        joint: bool = True,
        on: date | None = None,
    ) -> list[ScoredMatch]:
        """Proposals for graduates arriving together, allocated jointly under places and exposure.

        The policy the stream workers run. ``held`` are the active proposals:
        their pairs are never proposed again, and they use up places and
        exposure. Only graduates who share their profile take the shortlist's
        places; those who do not have as many places of their own. ``on`` is the
        day of the match (see :meth:`rank_openings`).
        """
        if not candidates or not len(openings):
            return []
        existing = {(item.graduate_id, item.vacancy_id) for item in held}
        index = self.candidate_index(candidates)
        # Pairs of this batch already held are ranked and dropped: rank past them too.
        listed = Counter(v for g, v in existing if g in index)
        shown = opening_capacities(openings.items(), self.shortlist_factor, held)
        unshown = opening_capacities(openings.items(), self.shortlist_factor, held, visible=False)
        edges: list[ScoredMatch] = []
        for row, opening in enumerate(openings.items()):
            for sharing, room in _groups(opening, shown, unshown):
                # Never fewer edges than places left, so the batch a graduate arrives
                # in cannot cut them off a shortlist that has room.
                depth = max(self.edges_per_opening, room + listed[opening.vacancy_id])
                ranked = self.rank_candidates(
                    opening, index, depth, query=openings.matrix[row], sharing=sharing, on=on
                )
                edges.extend(m for m in ranked if (m.graduate_id, m.vacancy_id) not in existing)
        exposure = graduate_capacities(index.ids, held, self.exposure_cap)
        allocate = allocate_joint if joint else allocate_greedy
        return allocate(
            edges, opening_capacity=shown, unshown_capacity=unshown, graduate_capacity=exposure
        )

    def fill_shortlist(
        self,
        opening: Opening,
        candidates: CandidateIndex,
        held: Sequence[Held],
        *,
        query: Matrix | None = None,
        on: date | None = None,
    ) -> list[ScoredMatch]:
        """The best candidates for the places an opening's shortlist has left, under exposure.

        Those who share their profile fill the places the employer sees; those
        who do not fill as many places of their own, never the visible ones.
        """
        if not len(candidates):
            return []
        shown = opening_capacities([opening], self.shortlist_factor, held)
        unshown = opening_capacities([opening], self.shortlist_factor, held, visible=False)
        groups = _groups(opening, shown, unshown)
        if not groups:
            return []
        capacity = graduate_capacities(candidates.ids, held, self.exposure_cap)
        blocked = {g for g, left in capacity.items() if left == 0} | {
            item.graduate_id for item in held if item.vacancy_id == opening.vacancy_id
        }
        chosen: list[ScoredMatch] = []
        for sharing, room in groups:
            # Rank deep enough that the blocked ones cannot crowd out the places left.
            ranked = self.rank_candidates(
                opening, candidates, room + len(blocked), query=query, sharing=sharing, on=on
            )
            chosen += [m for m in ranked if m.graduate_id not in blocked][:room]
        return _best(chosen, len(chosen), by_vacancy=False)

    def stale_proposals(
        self,
        opening: Opening,
        candidates: CandidateIndex,
        proposed: Sequence[H],
        *,
        on: date | None = None,
    ) -> list[H]:
        """The proposals of an open ``opening`` that its current requirements no longer admit."""
        if not opening.takes_candidates:
            return []
        return [
            item
            for item in proposed
            if item.vacancy_id == opening.vacancy_id
            and (
                item.graduate_id not in candidates
                or not is_eligible(candidates.get(item.graduate_id), opening, self.resolver, on=on)
            )
        ]


def _groups(
    opening: Opening, shown: Mapping[str, int], unshown: Mapping[str, int]
) -> list[tuple[bool, int]]:
    """(shares with employers, places left) for each group of candidates with room."""
    rooms = ((True, shown[opening.vacancy_id]), (False, unshown[opening.vacancy_id]))
    return [(sharing, room) for sharing, room in rooms if room > 0]


def _best(scored: list[ScoredMatch], k: int, *, by_vacancy: bool) -> list[ScoredMatch]:
    def key(m: ScoredMatch) -> tuple[float, str]:
        return (-m.score, m.vacancy_id if by_vacancy else m.graduate_id)

    return sorted(scored, key=key)[:k]
