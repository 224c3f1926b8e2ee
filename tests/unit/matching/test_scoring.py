"""Score components, weights and the invariants of the heuristic score."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matching.domain import Candidate, Opening
from matching.errors import InvalidWeightsError
from matching.evaluation.tuning import weight_grid
from matching.scoring import (
    COMPONENTS,
    KIND_WEIGHT,
    NEUTRAL_COVERAGE,
    LocationFit,
    ScoringWeights,
    assess_pair,
    heuristic_score,
    location_fit,
)
from matching.skills import SkillResolver
from schemas.enums import CredentialKind, MexicanState, Modality
from tests.unit.matching.matching_engine_factories import (
    SKILLS,
    candidate,
    candidates,
    credential,
    opening,
    openings,
)

cosines = st.floats(-1.0, 1.0)
unit = st.floats(0.0, 1.0)


@st.composite
def weights(draw: st.DrawFn) -> ScoringWeights:
    raw = [draw(st.floats(0.0, 1.0)) for _ in COMPONENTS]
    total = sum(raw)
    if total == 0:
        return ScoringWeights()
    return ScoringWeights(**{n: v / total for n, v in zip(COMPONENTS, raw, strict=True)})


def _score(c: Candidate, o: Opening, w: ScoringWeights, sem: float, lex: float) -> float:
    a = assess_pair(c, o, semantic_cos=sem, lexical_cos=lex, resolver=SkillResolver())
    return heuristic_score(a.components(), w)


def test_default_weights_are_valid_and_versioned() -> None:
    w = ScoringWeights()
    assert math.isclose(sum(w.as_dict().values()), 1.0)
    assert w.version() != ScoringWeights(semantic=0.3, lexical=0.3).version()


@pytest.mark.parametrize(
    "kwargs",
    [{"semantic": -0.1, "lexical": 0.5}, {"semantic": 0.5}, {"semantic": float("nan")}],
)
def test_invalid_weights_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(InvalidWeightsError):
        ScoringWeights(**kwargs)


@given(candidates(), openings(), cosines, unit, weights())
def test_score_and_components_are_in_unit_interval(
    c: Candidate, o: Opening, sem: float, lex: float, w: ScoringWeights
) -> None:
    a = assess_pair(c, o, semantic_cos=sem, lexical_cos=lex, resolver=SkillResolver())
    comps = a.components()
    assert set(comps) == set(COMPONENTS)
    assert all(0.0 <= v <= 1.0 for v in comps.values())
    assert 0.0 <= heuristic_score(comps, w) <= 1.0


@given(candidates(), openings(), cosines, unit, weights(), st.data())
def test_covering_one_more_required_skill_never_lowers_the_score(
    c: Candidate,
    o: Opening,
    sem: float,
    lex: float,
    w: ScoringWeights,
    data: st.DataObject,
) -> None:
    missing = [s for s in o.required_skills if s not in c.skills]
    if not missing:
        return
    extra = data.draw(st.sampled_from(missing))
    better = dataclasses.replace(c, skills=(*c.skills, extra))
    before = _score(c, o, w, sem, lex)
    after = _score(better, o, w, sem, lex)
    assert after >= before - 1e-12
    if w.required_coverage > 1e-6:
        assert after > before


def test_coverage_counts_distinct_normalised_skills() -> None:
    a = assess_pair(
        candidate(skills=("python", "SQL")),
        opening(required=("Python", "SQL", "Kubernetes", "Python"), nice=("sql", "Docker")),
        semantic_cos=0.0,
        lexical_cos=0.0,
        resolver=SkillResolver(),
    )
    assert a.covered == ("Python", "SQL")
    assert a.missing == ("Kubernetes",)
    # "sql" is already required, so it does not count twice as nice-to-have.
    assert a.nice_total == 1
    assert a.components()["required_coverage"] == pytest.approx(2 / 3)
    assert a.components()["nice_coverage"] == 0.0
    assert a.components()["semantic"] == pytest.approx(0.5)


def test_crosswalk_skills_count_as_covered() -> None:
    class Cw:
        def credential_skills(self, vendor_code: str) -> frozenset[str]:
            return frozenset({"txt:aws", "txt:linux"}) if vendor_code == "AWS-CCP" else frozenset()

    c = candidate(skills=(), credentials=(credential("AWS-CCP"),))
    o = opening(required=("AWS", "Python"))
    plain = assess_pair(c, o, semantic_cos=0, lexical_cos=0, resolver=SkillResolver())
    walked = assess_pair(
        c, o, semantic_cos=0, lexical_cos=0, resolver=SkillResolver(crosswalk=Cw())
    )
    assert plain.covered == ()
    assert walked.covered == ("AWS",)
    assert walked.credential_relevant and not plain.credential_relevant


def test_credential_kind_order_and_verification() -> None:
    assert (
        KIND_WEIGHT[CredentialKind.CERTIFICATION]
        > KIND_WEIGHT[CredentialKind.TECHNICAL_DEGREE]
        == KIND_WEIGHT[CredentialKind.MASTERS]
        > KIND_WEIGHT[CredentialKind.BADGE]
        > KIND_WEIGHT[CredentialKind.COURSE_COMPLETION]
    )
    o = opening(credentials=("AWS-CCP",), required=())
    r = SkillResolver()

    def comps(*creds: object) -> dict[str, float]:
        c = candidate(credentials=creds)  # type: ignore[arg-type]
        return assess_pair(c, o, semantic_cos=0, lexical_cos=0, resolver=r).components()

    cert = comps(credential("AWS-CCP", verified=True))
    unverified = comps(credential("AWS-CCP", verified=False))
    badge = comps(credential("AWS-CCP", kind=CredentialKind.BADGE))
    unrelated = comps(credential("CCNA"))
    assert cert["credential"] == 1.0 and cert["verification"] == 1.0
    assert unverified["credential"] == 1.0 and unverified["verification"] == 0.0
    assert badge["credential"] < cert["credential"]
    assert unrelated["credential"] < cert["credential"]
    assert comps()["credential"] == 0.0


def test_location_fit_levels() -> None:
    o = opening(state=MexicanState.NLE)
    assert location_fit(candidate(state=MexicanState.NLE), o) is LocationFit.SAME_STATE
    pref = candidate(preferred=frozenset({MexicanState.NLE}))
    assert location_fit(pref, o) is LocationFit.PREFERRED_STATE
    assert location_fit(candidate(relocate=True), o) is LocationFit.RELOCATION
    assert location_fit(candidate(), o) is LocationFit.NONE
    remote = opening(state=MexicanState.NLE, modality=Modality.REMOTE)
    assert location_fit(candidate(), remote) is LocationFit.REMOTE


def test_skill_pool_is_large_enough_for_properties() -> None:
    assert len(SKILLS) >= 5


@given(candidates(), openings(), cosines, unit)
def test_an_opening_without_skills_never_beats_one_fully_covered(
    c: Candidate, o: Opening, sem: float, lex: float
) -> None:
    listed = dataclasses.replace(o, required_skills=c.skills[:1] or ("Python",))
    covered = dataclasses.replace(c, skills=(*c.skills, *listed.required_skills))
    silent = dataclasses.replace(o, required_skills=())
    w = ScoringWeights()
    no_skills = assess_pair(
        covered, silent, semantic_cos=sem, lexical_cos=lex, resolver=SkillResolver()
    )
    assert no_skills.components()["required_coverage"] == NEUTRAL_COVERAGE
    assert _score(covered, silent, w, sem, lex) < _score(covered, listed, w, sem, lex)


def test_neutral_coverage_is_unknown_not_complete() -> None:
    assert 0.0 <= NEUTRAL_COVERAGE < 1.0
    a = assess_pair(
        candidate(skills=("Python",)),
        opening(required=(), nice=()),
        semantic_cos=0.0,
        lexical_cos=0.0,
        resolver=SkillResolver(),
    )
    assert a.required_total == 0
    assert a.components()["required_coverage"] == NEUTRAL_COVERAGE
    assert a.components()["nice_coverage"] == NEUTRAL_COVERAGE


def test_default_weights_are_a_point_of_the_tuning_grid() -> None:
    # The defaults were fitted with tune_weights; they must be reachable by its grid.
    assert ScoringWeights() in weight_grid(ScoringWeights())
