"""Training examples from stored matches: labels as of the last outcome."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from matching.learning import train_placement_model
from matching.scoring import COMPONENTS
from matching.training import (
    MatchRecord,
    NotEnoughOutcomesError,
    build_examples,
    latest_outcome_time,
    render_training,
    require_enough,
    strongest_kind,
    training_metrics,
)
from schemas.enums import CredentialKind, OutcomeKind, VacancyKind

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def record(
    match_id: str,
    outcomes: tuple[tuple[datetime, OutcomeKind], ...] = (),
    *,
    proposed_at: datetime = T0,
    coverage: float = 0.5,
    components: dict[str, float] | None = None,
) -> MatchRecord:
    values = components if components is not None else dict.fromkeys(COMPONENTS, 0.5)
    if components is None:
        values["required_coverage"] = coverage
    return MatchRecord(
        match_id=match_id,
        components=values,
        credential_kind=None,
        vacancy_kind=VacancyKind.JOB,
        proposed_at=proposed_at,
        outcomes=outcomes,
    )


def test_labels_follow_outcomes_and_the_horizon() -> None:
    records = [
        record("b", ((T0 + timedelta(days=5), OutcomeKind.HIRED),)),
        record("a", ((T0 + timedelta(days=3), OutcomeKind.REJECTED),)),
        record("c"),  # proposed at T0, no outcome: past the 90-day horizon → not hired
        record("d", proposed_at=T0 + timedelta(days=95)),  # too recent: undecided
    ]
    as_of = T0 + timedelta(days=100)
    examples = build_examples(records, as_of=as_of)
    assert [e.hired for e in examples] == [False, True, False]


def test_outcomes_after_as_of_are_ignored() -> None:
    later = record("a", ((T0 + timedelta(days=20), OutcomeKind.HIRED),))
    assert build_examples([later], as_of=T0 + timedelta(days=10)) == []
    assert [e.hired for e in build_examples([later], as_of=T0 + timedelta(days=20))] == [True]


def test_matches_without_every_component_are_skipped() -> None:
    partial = record(
        "a", ((T0, OutcomeKind.HIRED),), components={"semantic": 0.4, "placement": 0.2}
    )
    assert build_examples([partial], as_of=T0) == []


def test_extra_components_are_dropped_from_features() -> None:
    values = dict.fromkeys(COMPONENTS, 0.3) | {"placement": 0.9}
    (example,) = build_examples(
        [record("a", ((T0, OutcomeKind.HIRED),), components=values)], as_of=T0
    )
    assert set(example.components) == set(COMPONENTS)


def test_latest_outcome_time() -> None:
    assert latest_outcome_time([record("a")]) is None
    times = (T0 + timedelta(days=1), OutcomeKind.APPLIED), (T0, OutcomeKind.HIRED)
    assert latest_outcome_time([record("a", times)]) == T0 + timedelta(days=1)


def test_strongest_kind_follows_scoring_weights() -> None:
    assert strongest_kind([]) is None
    kinds = [CredentialKind.BADGE, CredentialKind.CERTIFICATION, CredentialKind.MASTERS]
    assert strongest_kind(kinds) is CredentialKind.CERTIFICATION
    degree_or_masters = [CredentialKind.MASTERS, CredentialKind.TECHNICAL_DEGREE]
    assert strongest_kind(degree_or_masters) is strongest_kind(degree_or_masters[::-1])


def test_too_few_examples_are_refused_in_spanish() -> None:
    with pytest.raises(NotEnoughOutcomesError, match=r"Solo hay 0 .* al menos 5"):
        require_enough([], 5)


def test_report_and_metrics_of_a_trained_model() -> None:
    rng = np.random.default_rng(0)
    records = []
    for i in range(300):
        coverage = float(rng.uniform())
        hired = bool(rng.uniform() < coverage)
        kind = OutcomeKind.HIRED if hired else OutcomeKind.REJECTED
        records.append(record(f"m{i:04d}", ((T0, kind),), coverage=coverage))
    examples = build_examples(records, as_of=T0)
    result = train_placement_model(examples, seed=0)
    text = render_training(result, as_of=T0)
    assert f"AUC en prueba: {result.auc:.3f}" in text
    assert text.count("\n| 0.") + text.count("\n| 1.") >= 2
    metrics = training_metrics(result, as_of=T0, examples=examples)
    assert metrics["n_test"] == result.n_test
    assert metrics["positives"] == sum(e.hired for e in examples)
    assert metrics["as_of"] == T0.isoformat()
