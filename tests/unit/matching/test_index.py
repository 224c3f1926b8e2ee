"""Candidate and opening indexes stay consistent under upserts and removals."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.index import CandidateIndex, OpeningIndex
from tests.unit.matching.matching_engine_factories import candidate, opening

ops = st.lists(
    st.tuples(st.booleans(), st.sampled_from(["a", "b", "c", "d", "e"]), st.integers(0, 9)),
    max_size=40,
)


def _vec(seed: int) -> np.ndarray:
    return np.full(4, float(seed), dtype=np.float32)


@settings(max_examples=60)
@given(ops)
def test_candidate_index_matches_a_dict_model(
    operations: list[tuple[bool, str, int]],
) -> None:
    index = CandidateIndex(capacity=1)
    model: dict[str, int] = {}
    for is_upsert, gid, seed in operations:
        if is_upsert:
            index.upsert(candidate(gid, credentials=(), skills=(str(seed),)), _vec(seed))
            model[gid] = seed
        else:
            index.remove(gid)
            model.pop(gid, None)
    assert sorted(index.ids) == sorted(model)
    for gid, seed in model.items():
        row = index.row(gid)
        assert index.matrix[row][0] == seed
        assert index.at(row).graduate_id == gid
        assert index.get(gid).skills == (str(seed),)
    assert len(index.column("state")) == len(model)


@settings(max_examples=60)
@given(ops)
def test_opening_index_matches_a_dict_model(
    operations: list[tuple[bool, str, int]],
) -> None:
    index = OpeningIndex(capacity=1)
    model: dict[str, int] = {}
    for is_upsert, vid, seed in operations:
        if is_upsert:
            index.upsert(opening(vid, seats=seed + 1), _vec(seed))
            model[vid] = seed
        else:
            index.remove(vid)
            model.pop(vid, None)
    assert sorted(index.ids) == sorted(model)
    for vid, seed in model.items():
        assert index.matrix[index.row(vid)][0] == seed
        assert index.get(vid).seats == seed + 1


def test_credential_holders_follow_updates() -> None:
    from tests.unit.matching.matching_engine_factories import credential

    index = CandidateIndex()
    index.upsert(candidate("a", credentials=(credential("CCNA"),)), _vec(1))
    index.upsert(candidate("b", credentials=(credential("ccna"),)), _vec(2))
    assert index.holders_of("CcNa") == {"a", "b"}
    index.upsert(candidate("a", credentials=()), _vec(1))
    assert index.holders_of("CCNA") == {"b"}
    index.remove("b")
    assert index.holders_of("CCNA") == frozenset()
    assert index.held_codes() == frozenset()
