"""Hard filters agree with their plain definition and top-k is exact and deterministic."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.domain import Candidate, Opening
from matching.encoder import Matrix
from matching.index import CandidateIndex, OpeningIndex
from matching.retrieval import (
    eligible_candidates,
    eligible_openings,
    is_eligible,
    search_candidates,
    search_openings,
    top_k,
)
from matching.skills import SkillResolver
from schemas.enums import CefrLevel, MexicanState, Modality
from tests.unit.matching.matching_engine_factories import (
    candidate,
    candidates,
    credential,
    opening,
    openings,
    unique_by,
    unique_openings,
)


class FakeCrosswalk:
    """CCNA certifies networking; NET-PRO certifies the same and more."""

    table: ClassVar[dict[str, frozenset[str]]] = {
        "ccna": frozenset({"esco:redes"}),
        "net-pro": frozenset({"esco:redes", "esco:seguridad"}),
        "aws-ccp": frozenset({"esco:cloud"}),
    }

    def credential_skills(self, vendor_code: str) -> frozenset[str]:
        return self.table.get(vendor_code.casefold(), frozenset())


def _rand(n: int, dim: int = 8, seed: int = 0) -> Matrix:
    v = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    unit: Matrix = v / np.linalg.norm(v, axis=1, keepdims=True)
    return unit


def test_each_filter_excludes_on_its_own() -> None:
    base_c = candidate()
    base_o = opening()
    assert is_eligible(base_c, base_o)
    assert not is_eligible(candidate(consent=False), base_o)
    assert not is_eligible(base_c, opening(is_open=False))
    assert not is_eligible(base_c, opening(seats=2, open_seats=0))
    assert not is_eligible(base_c, opening(state=MexicanState.NLE))
    assert is_eligible(base_c, opening(state=MexicanState.NLE, modality=Modality.REMOTE))
    assert is_eligible(
        candidate(preferred=frozenset({MexicanState.NLE})),
        opening(state=MexicanState.NLE),
    )
    assert is_eligible(candidate(relocate=True), opening(state=MexicanState.NLE))
    assert not is_eligible(candidate(modalities=frozenset({Modality.REMOTE})), base_o)
    assert not is_eligible(candidate(english=CefrLevel.A2), opening(english=CefrLevel.B1))
    assert not is_eligible(candidate(english=None), opening(english=CefrLevel.A1))
    assert is_eligible(candidate(english=CefrLevel.B1), opening(english=CefrLevel.B1))
    assert not is_eligible(base_c, opening(credentials=("CCNA",)))
    assert is_eligible(candidate(credentials=(credential("ccna"),)), opening(credentials=("CCNA",)))


def test_required_credential_via_crosswalk() -> None:
    resolver = SkillResolver(crosswalk=FakeCrosswalk())
    holder = candidate(credentials=(credential("NET-PRO"),))
    other = candidate(credentials=(credential("AWS-CCP"),))
    needs = opening(credentials=("CCNA",))
    assert not is_eligible(holder, needs)
    assert is_eligible(holder, needs, resolver)
    assert not is_eligible(other, needs, resolver)
    index = CandidateIndex()
    index.upsert(holder, _rand(1)[0])
    index.upsert(candidate("g2", credentials=(credential("AWS-CCP"),)), _rand(1, seed=1)[0])
    assert eligible_candidates(needs, index, resolver).tolist() == [True, False]
    assert eligible_candidates(needs, index).tolist() == [False, False]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(candidates(), min_size=1, max_size=8),
    st.lists(openings(), min_size=1, max_size=8),
)
def test_vector_masks_equal_the_plain_rule(cands: list[Candidate], opens: list[Opening]) -> None:
    cands, opens = unique_by(cands), unique_openings(opens)
    resolver = SkillResolver(crosswalk=FakeCrosswalk())
    cindex, oindex = CandidateIndex(capacity=1), OpeningIndex(capacity=1)
    for i, c in enumerate(cands):
        cindex.upsert(c, _rand(1, seed=i)[0])
    for i, o in enumerate(opens):
        oindex.upsert(o, _rand(1, seed=100 + i)[0])
    for c in cands:
        mask = eligible_openings(c, oindex, resolver)
        assert mask.tolist() == [is_eligible(c, oindex.at(r), resolver) for r in range(len(opens))]
    for o in opens:
        mask = eligible_candidates(o, cindex, resolver)
        assert mask.tolist() == [is_eligible(cindex.at(r), o, resolver) for r in range(len(cands))]


@settings(max_examples=60, deadline=None)
@given(st.lists(candidates(), min_size=1, max_size=10), openings(), st.integers(1, 6))
def test_search_candidates_is_exact_and_never_breaks_filters(
    cands: list[Candidate], op: Opening, k: int
) -> None:
    cands = unique_by(cands)
    vecs = _rand(len(cands) + 1, seed=len(cands))
    index = CandidateIndex()
    for c, v in zip(cands, vecs[1:], strict=True):
        index.upsert(c, v)
    hits = search_candidates(op, vecs[0], index, k)
    assert all(is_eligible(index.get(h.item_id), op) for h in hits)
    eligible = [
        (float(vecs[0] @ index.matrix[index.row(c.graduate_id)]), c.graduate_id)
        for c in cands
        if is_eligible(c, op)
    ]
    expected = sorted(eligible, key=lambda t: (-t[0], t[1]))[:k]
    assert [h.item_id for h in hits] == [gid for _, gid in expected]


def test_ties_are_broken_by_id() -> None:
    sims = np.array([0.5, 0.9, 0.5, 0.5], dtype=np.float32)
    ids = ["d", "a", "b", "c"]
    hits = top_k(sims, np.ones(4, dtype=bool), ids, 3)
    assert [h.item_id for h in hits] == ["a", "b", "c"]
    assert top_k(sims, np.zeros(4, dtype=bool), ids, 3) == []


def test_search_openings_for_a_candidate() -> None:
    index = OpeningIndex()
    vecs = _rand(4, seed=3)
    index.upsert(opening("near"), vecs[1])
    index.upsert(opening("far", state=MexicanState.JAL), vecs[0])
    index.upsert(opening("remote", state=MexicanState.JAL, modality=Modality.REMOTE), vecs[2])
    index.upsert(opening("closed", is_open=False), vecs[0])
    hits = search_openings(candidate(), vecs[0], index, 10)
    assert {h.item_id for h in hits} == {"near", "remote"}
    assert hits[0].similarity >= hits[1].similarity
