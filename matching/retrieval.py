"""Hard filters and exact cosine top-k, in both directions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.domain import Candidate, Opening
from matching.encoder import Matrix
from matching.index import (
    STATE_CODE,
    CandidateIndex,
    OpeningIndex,
    modality_mask,
    state_mask,
)
from matching.skills import SkillResolver
from schemas.enums import Modality

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Hit:
    """One retrieved row: its id, row number and cosine similarity to the query."""

    item_id: str
    row: int
    similarity: float


def location_ok(candidate: Candidate, opening: Opening) -> bool:
    """Remote, same state, a preferred state, or the candidate would relocate."""
    return (
        opening.modality is Modality.REMOTE
        or opening.state == candidate.state
        or opening.state in candidate.preferred_states
        or candidate.willing_to_relocate
    )


def english_ok(candidate: Candidate, opening: Opening) -> bool:
    """The candidate's English level meets the one asked, if any."""
    if opening.english_level is None:
        return True
    if candidate.english_level is None:
        return False
    return candidate.english_level.rank >= opening.english_level.rank


def credential_held(candidate: Candidate, code: str, resolver: SkillResolver | None) -> bool:
    """Held by code, or (with a crosswalk) covered by the skills of held credentials."""
    if code.casefold() in candidate.held_vendor_codes():
        return True
    if resolver is None or not resolver.has_crosswalk:
        return False
    needed = resolver.credential_skills(code)
    if not needed:
        return False
    return needed <= resolver.implied_by(c.vendor_code for c in candidate.credentials)


def credentials_ok(candidate: Candidate, opening: Opening, resolver: SkillResolver | None) -> bool:
    """Every required credential is held."""
    return all(credential_held(candidate, r, resolver) for r in opening.required_credentials)


def is_eligible(
    candidate: Candidate, opening: Opening, resolver: SkillResolver | None = None
) -> bool:
    """All hard constraints of a pair: consent, open seat, place, modality, credentials, English."""
    return (
        candidate.can_be_matched
        and opening.takes_candidates
        and location_ok(candidate, opening)
        and opening.modality in candidate.modalities
        and english_ok(candidate, opening)
        and credentials_ok(candidate, opening, resolver)
    )


def eligible_openings(
    candidate: Candidate, index: OpeningIndex, resolver: SkillResolver | None = None
) -> BoolArray:
    """Mask over the index rows of openings this candidate may be matched with."""
    n = len(index)
    if not candidate.can_be_matched or n == 0:
        return np.zeros(n, dtype=np.bool_)
    state = index.column("state")
    modality = index.column("modality")
    remote = modality == modality_mask(frozenset({Modality.REMOTE}))
    if candidate.willing_to_relocate:
        place = np.ones(n, dtype=np.bool_)
    else:
        allowed = state_mask(candidate.preferred_states) | (1 << STATE_CODE[candidate.state])
        place = ((np.left_shift(np.int64(1), state.astype(np.int64)) & allowed) != 0) | remote
    rank = candidate.english_level.rank if candidate.english_level else 0
    mask: BoolArray = (
        index.column("takes")
        & place
        & ((modality & modality_mask(candidate.modalities)) != 0)
        & (index.column("english") <= rank)
    )
    for row in np.flatnonzero(mask & index.column("needs_credentials")):
        if not credentials_ok(candidate, index.at(int(row)), resolver):
            mask[row] = False
    return mask


def _holders_mask(code: str, index: CandidateIndex, resolver: SkillResolver | None) -> BoolArray:
    mask = np.zeros(len(index), dtype=np.bool_)
    for gid in index.holders_of(code):
        mask[index.row(gid)] = True
    if resolver is None or not resolver.has_crosswalk:
        return mask
    needed = resolver.credential_skills(code)
    if not needed:
        return mask
    # Only holders of a credential that certifies some of the needed skills can cover them.
    maybe: set[str] = set()
    for held in index.held_codes():
        if resolver.credential_skills(held) & needed:
            maybe |= index.holders_of(held)
    for gid in maybe:
        row = index.row(gid)
        if not mask[row] and credential_held(index.at(row), code, resolver):
            mask[row] = True
    return mask


def eligible_candidates(
    opening: Opening,
    index: CandidateIndex,
    resolver: SkillResolver | None = None,
    *,
    sharing: bool | None = None,
) -> BoolArray:
    """Mask over the index rows of candidates this opening may be matched with.

    ``sharing`` keeps only those who share their profile with employers (True)
    or only those who do not (False); None keeps both.
    """
    n = len(index)
    if not opening.takes_candidates or n == 0:
        return np.zeros(n, dtype=np.bool_)
    mask: BoolArray = index.column("can_match") & (
        (index.column("modalities") & modality_mask(frozenset({opening.modality}))) != 0
    )
    if sharing is not None:
        mask &= index.column("shares") == sharing
    if opening.modality is not Modality.REMOTE:
        code = STATE_CODE[opening.state]
        mask &= (
            (index.column("state") == code)
            | ((index.column("preferred") & (1 << code)) != 0)
            | index.column("relocate")
        )
    if opening.english_level is not None:
        mask &= index.column("english") >= opening.english_level.rank
    for required in opening.required_credentials:
        mask &= _holders_mask(required, index, resolver)
    return mask


def top_k(similarities: Matrix, mask: BoolArray, ids: list[str], k: int) -> list[Hit]:
    """The k best eligible rows by similarity, ties broken by id ascending."""
    eligible = np.flatnonzero(mask)
    if k <= 0 or eligible.size == 0:
        return []
    sims = similarities[eligible]
    if eligible.size > k:
        # Keep every row tied with the k-th best so the id tie-break sees all of them.
        kth = np.partition(sims, eligible.size - k)[eligible.size - k]
        keep = sims >= kth
        eligible, sims = eligible[keep], sims[keep]
    order = sorted(range(eligible.size), key=lambda i: (-float(sims[i]), ids[int(eligible[i])]))
    return [Hit(ids[int(eligible[i])], int(eligible[i]), float(sims[i])) for i in order[:k]]


def search_openings(
    candidate: Candidate,
    query: Matrix,
    index: OpeningIndex,
    k: int,
    resolver: SkillResolver | None = None,
) -> list[Hit]:
    """Top-k eligible openings for a candidate's vector."""
    if len(index) == 0:
        return []
    sims = index.matrix @ query.reshape(-1)
    return top_k(sims, eligible_openings(candidate, index, resolver), index.ids, k)


def search_candidates(
    opening: Opening,
    query: Matrix,
    index: CandidateIndex,
    k: int,
    resolver: SkillResolver | None = None,
    *,
    sharing: bool | None = None,
) -> list[Hit]:
    """Top-k eligible candidates for an opening's vector (of one sharing group, if given)."""
    if len(index) == 0:
        return []
    mask = eligible_candidates(opening, index, resolver, sharing=sharing)
    if not mask.any():
        return []
    sims = index.matrix @ query.reshape(-1)
    return top_k(sims, mask, index.ids, k)
