"""The matcher facade end to end, with the deterministic hashing encoder."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.domain import Candidate, Opening
from matching.encoder import HashingEncoder
from matching.learning import OutcomeExample, train_placement_model
from matching.matcher import Matcher
from matching.retrieval import is_eligible
from matching.scoring import COMPONENTS, heuristic_score
from matching.skills import CredentialCrosswalk, SkillNormaliser
from schemas.enums import MexicanState, Modality, VacancyKind
from tests.unit.matching.matching_engine_factories import (
    candidate,
    candidates,
    credential,
    opening,
    openings,
    unique_by,
    unique_openings,
)


@dataclass(frozen=True)
class Held:
    graduate_id: str
    vacancy_id: str
    visible: bool = True


def make_matcher(**kwargs: Any) -> Matcher:
    return Matcher(HashingEncoder(256), lexical_encoder=HashingEncoder(128, ngram=4), **kwargs)


def test_candidates_for_ranks_the_better_fit_first() -> None:
    m = make_matcher()
    o = opening(title="Ingeniera de datos", required=("Python", "SQL", "AWS"))
    good = candidate("good", skills=("Python", "SQL", "AWS"), headline="Ingeniera de datos")
    some = candidate("some", skills=("Python",), headline="Desarrollador web")
    far = candidate("far", skills=("Python", "SQL", "AWS"), state=MexicanState.JAL)
    no_consent = candidate("nc", skills=("Python", "SQL", "AWS"), consent=False)
    ranked = m.candidates_for(o, [some, far, good, no_consent], k=5)
    assert [r.graduate_id for r in ranked] == ["good", "some"]
    top = ranked[0]
    assert top.skills_missing == ()
    assert top.reasons[0].startswith("Cubre 3 de 3 habilidades requeridas")
    assert top.model_version == m.model_version
    assert top.model_version.endswith("heuristic:" + m.weights.version())
    assert top.score == pytest.approx(heuristic_score(top.components, m.weights), abs=1e-5)


def test_vacancies_for_respects_filters_and_k() -> None:
    m = make_matcher()
    c = candidate(skills=("Java", "SQL"), modalities=frozenset({Modality.REMOTE, Modality.HYBRID}))
    opens = [
        opening(
            "v-remote",
            state=MexicanState.NLE,
            modality=Modality.REMOTE,
            required=("Java",),
        ),
        opening("v-hybrid", modality=Modality.HYBRID, required=("Java", "SQL")),
        opening("v-onsite", required=("Java", "SQL")),
        opening("v-full", modality=Modality.HYBRID, seats=2, open_seats=0),
    ]
    ranked = m.vacancies_for(c, opens, k=1)
    assert [r.vacancy_id for r in ranked] == ["v-hybrid"]
    assert {r.vacancy_id for r in m.vacancies_for(c, opens, k=10)} == {
        "v-remote",
        "v-hybrid",
    }


@settings(max_examples=25, deadline=None)
@given(
    st.lists(candidates(), min_size=1, max_size=8),
    openings(),
    st.integers(1, 5),
    st.randoms(use_true_random=False),
)
def test_ranking_ignores_candidate_order_and_never_breaks_filters(
    cands: list[Candidate], op: Opening, k: int, rnd: random.Random
) -> None:
    cands = unique_by(cands)
    shuffled = list(cands)
    rnd.shuffle(shuffled)
    m = make_matcher()
    a = m.candidates_for(op, cands, k)
    b = m.candidates_for(op, shuffled, k)
    assert a == b
    by_id = {c.graduate_id: c for c in cands}
    assert all(is_eligible(by_id[r.graduate_id], op) for r in a)
    assert len(a) == min(k, sum(is_eligible(c, op) for c in cands))
    assert [r.score for r in a] == sorted((r.score for r in a), reverse=True)


@settings(max_examples=20, deadline=None)
@given(
    st.lists(candidates(), min_size=1, max_size=10),
    st.lists(openings(), min_size=1, max_size=5),
    st.dictionaries(st.text("abcdefgh", min_size=1, max_size=4), st.integers(0, 3)),
    st.integers(0, 3),
    st.sampled_from([0.5, 1.0, 2.0]),
)
def test_batch_allocation_respects_caps_and_filters(
    cands: list[Candidate],
    opens: list[Opening],
    active: dict[str, int],
    cap: int,
    factor: float,
) -> None:
    cands, opens = unique_by(cands), unique_openings(opens)
    m = make_matcher(exposure_cap=cap, shortlist_factor=factor)
    # Proposals held elsewhere: they use up exposure, not these openings' places.
    held = [Held(g, f"elsewhere-{i}") for g, n in active.items() for i in range(n)]
    index = m.opening_index(opens)
    chosen = m.allocate_batch(cands, index, held)
    by_c = {c.graduate_id: c for c in cands}
    by_o = {o.vacancy_id: o for o in opens}
    per_g = Counter(r.graduate_id for r in chosen)
    per_v = Counter(r.vacancy_id for r in chosen)
    for g, n in per_g.items():
        assert n + active.get(g, 0) <= cap
    for v, n in per_v.items():
        assert n <= np.ceil(by_o[v].open_seats * factor)
    assert all(is_eligible(by_c[r.graduate_id], by_o[r.vacancy_id]) for r in chosen)
    greedy = m.allocate_batch(cands, index, held, joint=False)
    assert sum(r.score for r in chosen) >= sum(r.score for r in greedy) - 1e-9


def test_cohort_is_allocated_jointly() -> None:
    m = make_matcher(exposure_cap=1, shortlist_factor=1.0)
    data = opening("A", title="Analista de datos", required=("Python", "SQL"))
    cloud = opening("B", title="Ingeniero cloud", required=("AWS", "Linux"))
    versatile = candidate("g1", skills=("Python", "SQL", "AWS", "Linux"))
    specialist = candidate("g2", skills=("Python", "SQL"))
    chosen = m.allocate_batch([versatile, specialist], m.opening_index([data, cloud]), [])
    assert {(r.graduate_id, r.vacancy_id) for r in chosen} == {("g1", "B"), ("g2", "A")}


def _examples(n: int) -> list[OutcomeExample]:
    rng = np.random.default_rng(0)
    out = []
    for _ in range(n):
        comps = {k: float(rng.uniform()) for k in COMPONENTS}
        hired = bool(rng.uniform() < comps["required_coverage"])
        out.append(OutcomeExample(comps, None, VacancyKind.JOB, hired))
    return out


def test_placement_model_is_used_only_above_the_outcome_threshold() -> None:
    model = train_placement_model(_examples(200), seed=0).model
    o = opening(required=("Python", "SQL"))
    c = candidate()
    few = make_matcher(placement_model=model, min_outcomes=1000)
    enough = make_matcher(placement_model=model, min_outcomes=100)
    heuristic = few.candidates_for(o, [c], 1)[0]
    learnt = enough.candidates_for(o, [c], 1)[0]
    assert "placement" not in heuristic.components
    assert heuristic.model_version.endswith("heuristic:" + few.weights.version())
    assert learnt.model_version.endswith("placement:" + model.version)
    assert learnt.score == pytest.approx(learnt.components["placement"])
    assert learnt.score == pytest.approx(model.predict(learnt.components), abs=1e-5)


class FakeNormaliser:
    """Knows that "Programación en Python" and "Python" are the same concept."""

    class Hit:
        def __init__(self, concept_id: str, label_es: str) -> None:
            self.concept_id = concept_id
            self.label_es = label_es

    def normalise_many(self, texts: list[str] | tuple[str, ...]) -> list[Hit | None]:
        table = {"python": "esco:python", "programación en python": "esco:python"}
        return [
            self.Hit(table[t.casefold()], "Python") if t.casefold() in table else None
            for t in texts
        ]


def test_normaliser_makes_synonyms_count() -> None:
    o = opening(required=("Programación en Python",))
    c = candidate(skills=("Python",))
    plain = make_matcher().candidates_for(o, [c], 1)[0]
    normalised = make_matcher(normaliser=FakeNormaliser()).candidates_for(o, [c], 1)[0]
    assert plain.skills_missing == ("Programación en Python",)
    assert normalised.skills_covered == ("Python",)
    assert normalised.score > plain.score


def test_real_crosswalk_and_normaliser_fit_the_protocols() -> None:
    from matching.crosswalk import Crosswalk, default_crosswalk
    from matching.normaliser import Normaliser

    def conforms(n: Normaliser, c: Crosswalk) -> tuple[SkillNormaliser, CredentialCrosswalk]:
        return n, c

    assert callable(conforms)
    cw = default_crosswalk()
    m = make_matcher(crosswalk=cw)
    holder = candidate("g1", skills=(), credentials=(credential("AWS-SAA"),))
    ranked = m.candidates_for(opening(credentials=("AWS-SAA",), required=()), [holder], 1)
    assert ranked[0].components["credential"] == 1.0
