"""The full matcher as a ranker, and weight tuning on its components."""

from __future__ import annotations

import numpy as np
import pytest

from matching.encoder import HashingEncoder, Matrix
from matching.evaluation import build_cases, run_evaluation
from matching.evaluation.cases import eligible_occupations, in_split
from matching.evaluation.matcher_ranker import (
    NOT_RETRIEVED,
    MatcherRanker,
    description_opening,
    profile_candidate,
)
from matching.evaluation.suite import full_matcher
from matching.evaluation.tuning import TUNED, tune_weights, weight_grid
from matching.normaliser import Normaliser
from matching.scoring import ScoringWeights
from tests.unit.matching.test_evaluation_harness import TAXONOMY, WordEncoder

NORMALISER = Normaliser(TAXONOMY, aliases={})


def ranker(language: str = "es", **kwargs: object) -> MatcherRanker:
    matcher = full_matcher(WordEncoder(), NORMALISER)
    return MatcherRanker(matcher, NORMALISER, language=language, **kwargs)  # type: ignore[arg-type]


def test_profile_becomes_a_candidate_with_its_listed_skills() -> None:
    c = profile_candidate("q1", "Estadística, bases de datos;  soldar ,")
    assert c.graduate_id == "q1"
    assert c.skills == ("Estadística", "bases de datos", "soldar")
    assert c.can_be_matched


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("es", "Trabajan con soldar y estadística.", ("soldar", "estadística")),
        ("en", "They work with statistics and weld.", ("statistics", "weld")),
    ],
)
def test_description_requires_the_concepts_it_names(
    language: str, text: str, expected: tuple[str, ...]
) -> None:
    opening = description_opening("d1", text, language=language, normaliser=NORMALISER)
    assert set(opening.required_skills) == set(expected)
    assert opening.language == language
    assert opening.takes_candidates


def test_full_matcher_finds_the_right_occupation_on_easy_cases() -> None:
    for language in ("es", "en"):
        cases = build_cases(TAXONOMY, count=4, seed=3, vacancy_language=language)
        report = run_evaluation(cases, {"matcher": ranker(language)}, k=1)
        assert report.results[0].mrr > 0.7, report.results[0]


def test_scores_are_matcher_scores_in_unit_range() -> None:
    cases = build_cases(TAXONOMY, count=4, seed=3)
    scores = ranker().rank(cases.queries, cases.documents)
    assert scores.shape == (4, 4)
    assert ((scores >= 0.0) & (scores <= 1.0)).all()
    assert not (scores == NOT_RETRIEVED).any()


def test_vectors_go_through_the_storage_round_trip() -> None:
    seen: list[tuple[int, ...]] = []

    def zero(matrix: Matrix) -> Matrix:
        seen.append(matrix.shape)
        return np.zeros_like(matrix)

    cases = build_cases(TAXONOMY, count=4, seed=3)
    plain = ranker().matches(cases.queries, cases.documents)
    zeroed = ranker(storage=zero).matches(cases.queries, cases.documents)
    assert len(seen) == 1 and seen[0][0] == 4
    # Zero vectors leave no text similarity: semantic falls to 0.5, lexical to 0.
    assert all(m.components["lexical"] == 0.0 for row in zeroed for m in row.values())
    assert any(m.components["lexical"] > 0.0 for row in plain for m in row.values())


def test_weight_grid_keeps_fixed_weights_and_sums_to_one() -> None:
    defaults = ScoringWeights()
    grid = weight_grid(defaults, step_percent=10)
    assert len(grid) == 36  # splits of 70 % in steps of 10: 8·9/2
    for weights in grid:
        values = weights.as_dict()
        assert sum(values.values()) == pytest.approx(1.0)
        for name, value in defaults.as_dict().items():
            if name not in TUNED:
                assert values[name] == value


def test_tuning_never_does_worse_than_the_defaults_on_its_own_cases() -> None:
    cases = build_cases(TAXONOMY, count=4, seed=3)
    result = tune_weights([(ranker(), cases)], k=1)
    assert result.ndcg >= result.default_ndcg
    assert result.tried == len(weight_grid(ScoringWeights()))


def test_tuning_split_has_no_reported_occupation() -> None:
    reported = {o.id for o in eligible_occupations(TAXONOMY)}
    tuning = {o.id for o in eligible_occupations(TAXONOMY, "tuning")}
    assert not reported & tuning
    assert in_split("2512", "report") and not in_split("2512", "tuning")
    assert in_split("2611", "tuning") and not in_split("2611", "report")
    assert not in_split("9999", "tuning")


def test_a_lexical_only_matcher_also_ranks() -> None:
    matcher = full_matcher(HashingEncoder(64), NORMALISER)
    cases = build_cases(TAXONOMY, count=4, seed=3)
    scores = MatcherRanker(matcher, NORMALISER).rank(cases.queries, cases.documents)
    assert int(np.argmax(scores[0])) == 0
