"""Hard filters and exact cosine top-k, in both directions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from matching.domain import Candidate, Opening
from matching.encoder import Matrix
from matching.index import (
    COUNTRY_CODE,
    STATE_CODE,
    CandidateIndex,
    OpeningIndex,
    country_lookup,
    modality_mask,
    state_lookup,
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


def country_ok(candidate: Candidate, opening: Opening) -> bool:
    """The opening takes residents of the candidate's country (by default only its own)."""
    return candidate.country in opening.accepts


def location_ok(candidate: Candidate, opening: Opening) -> bool:
    """An accepted country, and: remote, same state, a preferred state, or would relocate.

    Relocation is as wide as the accepted countries: a Salvadoran willing to move takes an
    on-site opening in Querétaro only if it accepts El Salvador.
    """
    return country_ok(candidate, opening) and (
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


def enrolment_ok(candidate: Candidate, opening: Opening) -> bool:
    """A work-based learning place takes only enrolled students."""
    return candidate.enrolled_student or not opening.work_based_learning


def age_ok(candidate: Candidate, opening: Opening, on: date | None) -> bool:
    """A minor (on the day ``on``) takes only openings that admit people aged 15 to 17."""
    return opening.admits_minors or not candidate.is_minor_on(on)


def is_eligible(
    candidate: Candidate,
    opening: Opening,
    resolver: SkillResolver | None = None,
    *,
    on: date | None = None,
) -> bool:
    """Every hard constraint of a pair: consent, seat, place, modality, credentials, English, age.

    Work-based learning places take only enrolled students, minors only openings that
    admit them. ``on`` is the day of the match (its cause's date); without it, whoever was a minor
    when certified counts as one still.
    """
    return (
        candidate.can_be_matched
        and opening.takes_candidates
        and location_ok(candidate, opening)
        and opening.modality in candidate.modalities
        and english_ok(candidate, opening)
        and credentials_ok(candidate, opening, resolver)
        and enrolment_ok(candidate, opening)
        and age_ok(candidate, opening, on)
    )


def eligible_openings(
    candidate: Candidate,
    index: OpeningIndex,
    resolver: SkillResolver | None = None,
    *,
    on: date | None = None,
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
        allowed = state_lookup(candidate.preferred_states | {candidate.state})
        place = allowed[state] | remote
    country_bit = 1 << COUNTRY_CODE[candidate.country]
    place &= (index.column("accepts") & country_bit) != 0
    rank = candidate.english_level.rank if candidate.english_level else 0
    mask: BoolArray = (
        index.column("takes")
        & place
        & ((modality & modality_mask(candidate.modalities)) != 0)
        & (index.column("english") <= rank)
    )
    if not candidate.enrolled_student:
        mask &= ~index.column("work_based_learning")
    if candidate.is_minor_on(on):
        mask &= index.column("admits_minors")
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
    on: date | None = None,
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
        mask &= (
            (index.column("state") == STATE_CODE[opening.state])
            | index.preferring(opening.state)
            | index.column("relocate")
        )
    mask &= country_lookup(opening.accepts)[index.column("country")]
    if opening.english_level is not None:
        mask &= index.column("english") >= opening.english_level.rank
    if opening.work_based_learning:
        mask &= index.column("enrolled")
    if not opening.admits_minors:
        mask &= ~index.minors_on(on)
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
    *,
    on: date | None = None,
) -> list[Hit]:
    """Top-k eligible openings for a candidate's vector (``on``: the day of the match)."""
    if len(index) == 0:
        return []
    sims = index.matrix @ query.reshape(-1)
    return top_k(sims, eligible_openings(candidate, index, resolver, on=on), index.ids, k)


def search_candidates(
    opening: Opening,
    query: Matrix,
    index: CandidateIndex,
    k: int,
    resolver: SkillResolver | None = None,
    *,
    sharing: bool | None = None,
    on: date | None = None,
) -> list[Hit]:
    """Top-k eligible candidates for an opening's vector (of one sharing group, if given)."""
    if len(index) == 0:
        return []
    mask = eligible_candidates(opening, index, resolver, sharing=sharing, on=on)
    if not mask.any():
        return []
    sims = index.matrix @ query.reshape(-1)
    return top_k(sims, mask, index.ids, k)
