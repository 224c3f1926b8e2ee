"""Joint allocation beats greedy, stays optimal and never exceeds a capacity; graduates who do
not share their profile never take a place the employer sees."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.allocation import (
    allocate_greedy,
    allocate_joint,
    graduate_capacities,
    opening_capacities,
    shortlist_size,
    total_score,
)
from matching.domain import Candidate, ScoredMatch
from matching.encoder import HashingEncoder
from matching.matcher import Matcher
from tests.unit.matching.matching_engine_factories import candidate, opening


@dataclass(frozen=True)
class Held:
    graduate_id: str
    vacancy_id: str
    visible: bool = True


def edge(g: str, v: str, score: float) -> ScoredMatch:
    return ScoredMatch(g, v, score, {}, (), (), (), "test")


def test_joint_beats_greedy_on_a_crossing() -> None:
    edges = [
        edge("g1", "A", 0.9),
        edge("g1", "B", 0.8),
        edge("g2", "A", 0.85),
        edge("g2", "B", 0.1),
    ]
    caps_o = {"A": 1, "B": 1}
    caps_g = {"g1": 1, "g2": 1}
    greedy = allocate_greedy(edges, opening_capacity=caps_o, graduate_capacity=caps_g)
    joint = allocate_joint(edges, opening_capacity=caps_o, graduate_capacity=caps_g)
    assert total_score(greedy) == pytest.approx(1.0)
    assert total_score(joint) == pytest.approx(1.65)
    assert {(m.graduate_id, m.vacancy_id) for m in joint} == {("g1", "B"), ("g2", "A")}


def test_shortlist_and_exposure_capacities() -> None:
    assert shortlist_size(3, 1.5) == 5
    assert shortlist_size(2, 1.0) == 2
    assert shortlist_size(0, 3.0) == 0
    with pytest.raises(ValueError):
        shortlist_size(1, 0)
    caps = opening_capacities([opening("a", seats=2), opening("b", is_open=False)], 2.0)
    assert caps == {"a": 4, "b": 0}
    held = [Held("x", "a"), Held("x", "z"), *(Held("y", f"v{i}") for i in range(5))]
    assert graduate_capacities(["x", "y", "w"], held, 3) == {"x": 1, "y": 0, "w": 3}
    assert opening_capacities([opening("a", seats=2)], 2.0, held) == {"a": 3}


pair_scores = st.dictionaries(
    st.tuples(st.sampled_from("abcde"), st.sampled_from("VWXY")),
    st.floats(0.0, 1.0, allow_nan=False),
    max_size=14,
)


def _edges(scores: dict[tuple[str, str], float]) -> list[ScoredMatch]:
    return [edge(g, v, round(s, 4)) for (g, v), s in scores.items()]


def _check_caps(chosen: list[ScoredMatch], caps_o: dict[str, int], caps_g: dict[str, int]) -> None:
    per_o = Counter(m.vacancy_id for m in chosen)
    per_g = Counter(m.graduate_id for m in chosen)
    assert all(n <= caps_o[v] for v, n in per_o.items())
    assert all(n <= caps_g[g] for g, n in per_g.items())
    assert len({(m.graduate_id, m.vacancy_id) for m in chosen}) == len(chosen)


def _brute_force(edges: list[ScoredMatch], caps_o: dict[str, int], caps_g: dict[str, int]) -> float:
    best = 0.0
    for mask in itertools.product([0, 1], repeat=len(edges)):
        chosen = [e for e, keep in zip(edges, mask, strict=True) if keep]
        if all(n <= caps_o[v] for v, n in Counter(m.vacancy_id for m in chosen).items()) and all(
            n <= caps_g[g] for g, n in Counter(m.graduate_id for m in chosen).items()
        ):
            best = max(best, total_score(chosen))
    return best


@settings(max_examples=60, deadline=None)
@given(
    pair_scores,
    st.fixed_dictionaries({v: st.integers(0, 2) for v in "VWXY"}),
    st.fixed_dictionaries({g: st.integers(0, 2) for g in "abcde"}),
)
def test_joint_is_feasible_optimal_and_at_least_greedy(
    scores: dict[tuple[str, str], float], caps_o: dict[str, int], caps_g: dict[str, int]
) -> None:
    edges = _edges(scores)
    joint = allocate_joint(edges, opening_capacity=caps_o, graduate_capacity=caps_g)
    greedy = allocate_greedy(edges, opening_capacity=caps_o, graduate_capacity=caps_g)
    _check_caps(joint, caps_o, caps_g)
    _check_caps(greedy, caps_o, caps_g)
    assert total_score(joint) >= total_score(greedy) - 1e-9
    if len(edges) <= 10:
        assert total_score(joint) == pytest.approx(_brute_force(edges, caps_o, caps_g), abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(pair_scores, st.randoms(use_true_random=False))
def test_allocation_does_not_depend_on_input_order(
    scores: dict[tuple[str, str], float], rnd: object
) -> None:
    import random

    assert isinstance(rnd, random.Random)
    edges = _edges(scores)
    shuffled = list(edges)
    rnd.shuffle(shuffled)
    caps_o = dict.fromkeys("VWXY", 1)
    caps_g = dict.fromkeys("abcde", 1)
    for allocate in (allocate_joint, allocate_greedy):
        a = allocate(edges, opening_capacity=caps_o, graduate_capacity=caps_g)
        b = allocate(shuffled, opening_capacity=caps_o, graduate_capacity=caps_g)
        assert a == b


def test_missing_capacities_mean_zero() -> None:
    edges = [edge("g", "V", 0.5), edge("h", "W", 0.5)]
    chosen = allocate_joint(edges, opening_capacity={"V": 1}, graduate_capacity={"g": 1, "h": 1})
    assert [(m.graduate_id, m.vacancy_id) for m in chosen] == [("g", "V")]


# The policy the stream workers run (``streams.matchmaking`` calls exactly these).


def make_matcher(**kwargs: Any) -> Matcher:
    return Matcher(HashingEncoder(256), lexical_encoder=HashingEncoder(128, ngram=4), **kwargs)


def test_held_pairs_are_not_proposed_again_and_use_up_places() -> None:
    m = make_matcher(shortlist_factor=2.0, exposure_cap=3)
    cands = [candidate(f"g{i}") for i in range(4)]
    index = m.opening_index([opening("A", seats=1)])
    chosen = m.allocate_batch(cands, index, [Held("g0", "A")])
    # Two places, one held by g0: one more, and never g0 again.
    assert len(chosen) == 1
    assert chosen[0].graduate_id != "g0"
    assert m.allocate_batch(cands, index, [Held("g0", "A"), Held("g9", "A")]) == []


def test_a_graduate_at_the_exposure_cap_gets_no_proposal() -> None:
    m = make_matcher(shortlist_factor=3.0, exposure_cap=1)
    index = m.opening_index([opening("A", seats=2)])
    chosen = m.allocate_batch([candidate("g0"), candidate("g1")], index, [Held("g0", "Z")])
    assert [r.graduate_id for r in chosen] == ["g1"]


def test_a_batch_ranks_at_least_as_deep_as_the_places_left() -> None:
    m = make_matcher(shortlist_factor=1.0, exposure_cap=3, edges_per_opening=1)
    cands = [candidate(f"g{i}") for i in range(5)]
    chosen = m.allocate_batch(cands, m.opening_index([opening("A", seats=3)]), [])
    assert len(chosen) == 3


def test_fill_shortlist_skips_the_listed_and_the_capped() -> None:
    m = make_matcher(shortlist_factor=2.0, exposure_cap=1)
    vacancy = opening("A", seats=2)
    cands = m.candidate_index([candidate(f"g{i}") for i in range(6)])
    held = [Held("g0", "A"), Held("g1", "Z")]
    chosen = m.fill_shortlist(vacancy, cands, held)
    assert len(chosen) == 3
    assert not {"g0", "g1"} & {r.graduate_id for r in chosen}
    assert m.fill_shortlist(opening("A", is_open=False), cands, held) == []


def test_stale_proposals_are_those_the_opening_no_longer_admits() -> None:
    m = make_matcher()
    vacancy = opening("A")
    cands = m.candidate_index([candidate("fits"), candidate("refused", consent=False)])
    proposed = [Held("fits", "A"), Held("refused", "A"), Held("gone", "A"), Held("refused", "B")]
    stale = m.stale_proposals(vacancy, cands, proposed)
    assert stale == [Held("refused", "A"), Held("gone", "A")]
    assert m.stale_proposals(opening("A", is_open=False), cands, proposed) == []


# Only graduates who share their profile take the places the employer sees.


def shown(g: str, v: str, score: float) -> ScoredMatch:
    return ScoredMatch(g, v, score, {}, (), (), (), "test", visible=True)


def unshown(g: str, v: str, score: float) -> ScoredMatch:
    return ScoredMatch(g, v, score, {}, (), (), (), "test", visible=False)


def test_only_shown_proposals_take_the_shortlist_places() -> None:
    held = [Held("s", "a"), Held("h1", "a", visible=False), Held("h2", "a", visible=False)]
    assert opening_capacities([opening("a", seats=2)], 2.0, held) == {"a": 3}
    assert opening_capacities([opening("a", seats=2)], 2.0, held, visible=False) == {"a": 2}
    assert opening_capacities([opening("b", is_open=False)], 2.0, visible=False) == {"b": 0}


def test_unshown_pairs_take_places_of_their_own_never_the_shortlist() -> None:
    edges = [
        unshown("h1", "V", 0.9),
        unshown("h2", "V", 0.8),
        unshown("h3", "V", 0.7),
        shown("s1", "V", 0.5),
        shown("s2", "V", 0.4),
        shown("s3", "V", 0.3),
    ]
    caps_g = dict.fromkeys(["h1", "h2", "h3", "s1", "s2", "s3"], 1)
    for allocate in (allocate_joint, allocate_greedy):
        chosen = allocate(
            edges, opening_capacity={"V": 2}, unshown_capacity={"V": 2}, graduate_capacity=caps_g
        )
        assert sorted(m.graduate_id for m in chosen) == ["h1", "h2", "s1", "s2"]
        hidden_full = allocate(
            edges, opening_capacity={"V": 2}, unshown_capacity={"V": 0}, graduate_capacity=caps_g
        )
        assert sorted(m.graduate_id for m in hidden_full) == ["s1", "s2"]
        # Without places of their own, every pair draws on the one list (the old policy).
        single = allocate(edges, opening_capacity={"V": 2}, graduate_capacity=caps_g)
        assert sorted(m.graduate_id for m in single) == ["h1", "h2"]


SHARING = frozenset("abc")


@settings(max_examples=60, deadline=None)
@given(
    pair_scores,
    st.fixed_dictionaries({v: st.integers(0, 2) for v in "VWXY"}),
    st.fixed_dictionaries({v: st.integers(0, 2) for v in "VWXY"}),
    st.fixed_dictionaries({g: st.integers(0, 2) for g in "abcde"}),
)
def test_graduates_not_shown_never_change_what_the_employer_sees(
    scores: dict[tuple[str, str], float],
    caps_shown: dict[str, int],
    caps_unshown: dict[str, int],
    caps_g: dict[str, int],
) -> None:
    edges = [
        ScoredMatch(g, v, round(s, 4), {}, (), (), (), "test", visible=g in SHARING)
        for (g, v), s in scores.items()
    ]
    only_shown = [m for m in edges if m.visible]
    for allocate in (allocate_joint, allocate_greedy):
        chosen = allocate(
            edges,
            opening_capacity=caps_shown,
            unshown_capacity=caps_unshown,
            graduate_capacity=caps_g,
        )
        visible = [m for m in chosen if m.visible]
        _check_caps(visible, caps_shown, caps_g)
        _check_caps([m for m in chosen if not m.visible], caps_unshown, caps_g)
        alone = allocate(only_shown, opening_capacity=caps_shown, graduate_capacity=caps_g)
        assert len(visible) == len(alone)
        assert total_score(visible) == pytest.approx(total_score(alone), abs=1e-9)


def strong_hidden_weak_shown(count: int = 3) -> list[Candidate]:
    """Graduates who do not share and fit best, and graduates who share and fit less."""
    hidden = [
        candidate(f"h{i}", skills=("Python", "SQL"), headline="Analista de datos", shares=False)
        for i in range(count)
    ]
    return hidden + [candidate(f"s{i}", skills=("Python",)) for i in range(count)]


def visible_ids(chosen: list[ScoredMatch]) -> list[str]:
    return sorted(m.graduate_id for m in chosen if m.visible)


def test_fill_shortlist_gives_every_visible_place_to_a_graduate_who_shares() -> None:
    m = make_matcher(shortlist_factor=2.0, exposure_cap=3)
    vacancy = opening("A", seats=1)
    cands = m.candidate_index(strong_hidden_weak_shown())
    chosen = m.fill_shortlist(vacancy, cands, [])
    assert visible_ids(chosen) == ["s0", "s1"]
    hidden = [r for r in chosen if not r.visible]
    assert len(hidden) == 2
    # The premise: those not shown outrank every graduate who is.
    assert min(r.score for r in hidden) > max(r.score for r in chosen if r.visible)
    assert [r.score for r in chosen] == sorted((r.score for r in chosen), reverse=True)

    # Unshown proposals held: the two visible places are all still there.
    held = [Held("h0", "A", visible=False)]
    again = m.fill_shortlist(vacancy, cands, held)
    assert visible_ids(again) == ["s0", "s1"]
    assert [r.graduate_id for r in again if not r.visible] == ["h1"]
    both = [*held, Held("h1", "A", visible=False)]
    assert visible_ids(m.fill_shortlist(vacancy, cands, both)) == ["s0", "s1"]

    # Visible places full: only unshown places are left to fill.
    full = [Held("s0", "A"), Held("s1", "A")]
    assert visible_ids(m.fill_shortlist(vacancy, cands, full)) == []


def test_a_batch_gives_every_visible_place_to_a_graduate_who_shares() -> None:
    m = make_matcher(shortlist_factor=2.0, exposure_cap=3, edges_per_opening=1)
    index = m.opening_index([opening("A", seats=1)])
    sharing = {"s0", "s1", "s2"}  # equal profiles: which two is a tie
    for joint in (True, False):
        chosen = m.allocate_batch(strong_hidden_weak_shown(), index, [], joint=joint)
        assert len(set(visible_ids(chosen)) & sharing) == 2
        assert len([r for r in chosen if not r.visible]) == 2
        held = [Held("h0", "A", visible=False)]
        again = m.allocate_batch(strong_hidden_weak_shown(), index, held, joint=joint)
        assert len(set(visible_ids(again)) & sharing) == 2
        assert len([r for r in again if not r.visible and r.graduate_id != "h0"]) == 1


def test_a_matched_pair_is_visible_exactly_when_the_graduate_shares() -> None:
    m = make_matcher()
    ranked = m.candidates_for(opening("A"), strong_hidden_weak_shown(1), k=5)
    assert {r.graduate_id: r.visible for r in ranked} == {"h0": False, "s0": True}
    only = m.rank_candidates(opening("A"), m.candidate_index(strong_hidden_weak_shown(1)), 5)
    assert len(only) == 2
