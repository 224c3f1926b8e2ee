"""Work-based learning places and minors as hard filters, per pair and over the indexes."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.domain import Candidate, Opening
from matching.encoder import Matrix
from matching.explain import placement_reasons
from matching.index import CandidateIndex, OpeningIndex
from matching.matcher import Matcher
from matching.retrieval import eligible_candidates, eligible_openings, is_eligible
from tests.unit.matching.matching_engine_factories import (
    candidate,
    candidates,
    opening,
    openings,
    unique_by,
    unique_openings,
)

TODAY = date(2026, 3, 1)
COMES_OF_AGE = date(2026, 9, 1)
DUAL = "Plaza de formación dual para estudiantes inscritos"
MINORS = "Admite personas de 15 a 17 años: jornada diurna de hasta 6 horas, sin trabajo peligroso"


class ConstantEncoder:
    """Every text gets the same unit vector: only the filters decide."""

    name = "constante"

    def encode(self, texts: list[str]) -> Matrix:
        out = np.zeros((len(texts), 4), dtype=np.float32)
        out[:, 0] = 1.0
        return out


def _vector(seed: int) -> Matrix:
    v = np.random.default_rng(seed).normal(size=4).astype(np.float32)
    unit: Matrix = v / np.linalg.norm(v)
    return unit


@pytest.mark.parametrize(
    ("enrolled", "adult_from", "on", "work_based_learning", "admits_minors", "eligible"),
    [
        # An ordinary job: adults only, enrolled or not.
        (False, None, TODAY, False, False, True),
        (True, None, TODAY, False, False, True),
        (True, COMES_OF_AGE, TODAY, False, False, False),
        # The day a minor comes of age, and after, they are an adult.
        (True, COMES_OF_AGE, COMES_OF_AGE, False, False, True),
        (False, COMES_OF_AGE, date(2027, 1, 1), False, False, True),
        # With no day, whoever was a minor when certified still counts as one.
        (False, COMES_OF_AGE, None, False, False, False),
        (False, COMES_OF_AGE, None, False, True, True),
        # An opening that admits minors takes minors and adults alike.
        (False, COMES_OF_AGE, TODAY, False, True, True),
        (False, None, TODAY, False, True, True),
        # A work-based learning place takes only enrolled students, minors only if admitted.
        (False, None, TODAY, True, True, False),
        (True, None, TODAY, True, False, True),
        (True, COMES_OF_AGE, TODAY, True, False, False),
        (True, COMES_OF_AGE, TODAY, True, True, True),
    ],
)
def test_enrolment_and_age_rules(
    enrolled: bool,
    adult_from: date | None,
    on: date | None,
    work_based_learning: bool,
    admits_minors: bool,
    eligible: bool,
) -> None:
    person = candidate(enrolled=enrolled, adult_from=adult_from)
    place = opening(work_based_learning=work_based_learning, admits_minors=admits_minors)
    assert is_eligible(person, place, on=on) is eligible
    cindex, oindex = CandidateIndex(capacity=1), OpeningIndex(capacity=1)
    cindex.upsert(person, _vector(1))
    oindex.upsert(place, _vector(2))
    assert eligible_candidates(place, cindex, on=on).tolist() == [eligible]
    assert eligible_openings(person, oindex, on=on).tolist() == [eligible]


match_days = st.none() | st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 1, 1))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(candidates(), min_size=1, max_size=8),
    st.lists(openings(), min_size=1, max_size=8),
    match_days,
)
def test_vector_masks_agree_with_the_pair_rule_on_any_day(
    cands: list[Candidate], opens: list[Opening], on: date | None
) -> None:
    cands, opens = unique_by(cands), unique_openings(opens)
    cindex, oindex = CandidateIndex(capacity=1), OpeningIndex(capacity=1)
    for i, c in enumerate(cands):
        cindex.upsert(c, _vector(i))
    for i, o in enumerate(opens):
        oindex.upsert(o, _vector(100 + i))
    # Removing a row moves the last one into its hole: the columns must move with it.
    cindex.remove(cands[0].graduate_id)
    for c in cands:
        mask = eligible_openings(c, oindex, on=on)
        assert mask.tolist() == [is_eligible(c, oindex.at(r), on=on) for r in range(len(oindex))]
    for o in opens:
        mask = eligible_candidates(o, cindex, on=on)
        expected = [is_eligible(cindex.at(r), o, on=on) for r in range(len(cindex))]
        assert mask.tolist() == expected


def test_the_matcher_keeps_minors_and_non_students_to_their_places() -> None:
    matcher = Matcher(ConstantEncoder(), lexical_encoder=ConstantEncoder())
    people = [
        candidate("adulta", enrolled=False),
        candidate("estudiante", enrolled=True),
        candidate("menor", enrolled=True, adult_from=COMES_OF_AGE),
    ]
    places = matcher.opening_index(
        [
            opening("dual-menores", seats=5, work_based_learning=True, admits_minors=True),
            opening("dual", seats=5, work_based_learning=True),
            opening("empleo", seats=5),
        ]
    )
    chosen = matcher.allocate_batch(people, places, [], on=TODAY)
    pairs = {(m.graduate_id, m.vacancy_id) for m in chosen}
    assert pairs == {
        ("adulta", "empleo"),
        ("estudiante", "dual-menores"),
        ("estudiante", "dual"),
        ("estudiante", "empleo"),
        ("menor", "dual-menores"),
    }
    # Once of age, the same person may take the places for adults too.
    later = matcher.allocate_batch(people[2:], places, [], on=COMES_OF_AGE)
    assert {m.vacancy_id for m in later} == {"dual-menores", "dual", "empleo"}


def test_a_vacancy_that_stops_admitting_minors_withdraws_their_proposals() -> None:
    matcher = Matcher(ConstantEncoder(), lexical_encoder=ConstantEncoder())
    minor = candidate("menor", adult_from=COMES_OF_AGE)
    adult = candidate("adulta")
    index = matcher.candidate_index([minor, adult])
    before = opening("v1", seats=3, admits_minors=True)
    held = matcher.fill_shortlist(before, index, [], on=TODAY)
    assert {m.graduate_id for m in held} == {"menor", "adulta"}
    after = opening("v1", seats=3)
    stale = matcher.stale_proposals(after, index, held, on=TODAY)
    assert [m.graduate_id for m in stale] == ["menor"]
    assert matcher.stale_proposals(after, index, held, on=COMES_OF_AGE) == []


def test_explanations_say_what_kind_of_place_it_is() -> None:
    assert placement_reasons(opening()) == []
    assert placement_reasons(opening(work_based_learning=True)) == [DUAL]
    assert placement_reasons(opening(admits_minors=True)) == [MINORS]
    matcher = Matcher(ConstantEncoder(), lexical_encoder=ConstantEncoder())
    both = opening(work_based_learning=True, admits_minors=True)
    (match,) = matcher.candidates_for(both, [candidate(enrolled=True)], 1, on=TODAY)
    assert DUAL in match.reasons
    assert MINORS in match.reasons
    # Nothing in the reasons tells the employer a person's age.
    assert not any("menor de edad" in reason for reason in match.reasons)
