"""The placement model learns from outcomes, is calibrated, versioned and refuses foreign blobs."""

from __future__ import annotations

import itertools
import pickle
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from matching.errors import IncompatibleModelError, MatchingError
from matching.learning import (
    FEATURES,
    OutcomeExample,
    PlacementModel,
    TrainingResult,
    placement_label,
    train_placement_model,
)
from matching.scoring import COMPONENTS
from schemas.enums import CredentialKind, OutcomeKind, VacancyKind

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def synthetic(n: int, seed: int) -> list[OutcomeExample]:
    """Hire probability rises with required coverage; the other components are noise."""
    rng = np.random.default_rng(seed)
    out: list[OutcomeExample] = []
    kinds = [*CredentialKind, None]
    for _ in range(n):
        comps = {name: float(rng.uniform()) for name in COMPONENTS}
        p = 0.05 + 0.8 * comps["required_coverage"] ** 2
        out.append(
            OutcomeExample(
                components=comps,
                credential_kind=kinds[int(rng.integers(len(kinds)))],
                vacancy_kind=VacancyKind.JOB,
                hired=bool(rng.uniform() < p),
            )
        )
    return out


@pytest.fixture(scope="module")
def trained() -> TrainingResult:
    return train_placement_model(synthetic(1500, seed=1), seed=3, test_fraction=0.3)


def test_auc_is_clearly_better_than_chance(trained: TrainingResult) -> None:
    assert trained.auc > 0.7
    assert trained.n_test == 450


def test_calibration_table_is_sane(trained: TrainingResult) -> None:
    table = trained.calibration
    assert sum(b.count for b in table) == trained.n_test
    assert all(0.0 <= b.predicted <= 1.0 and 0.0 <= b.observed <= 1.0 for b in table)
    weighted_gap = sum(abs(b.predicted - b.observed) * b.count for b in table) / trained.n_test
    assert weighted_gap < 0.12
    assert table[-1].observed > table[0].observed


def test_prediction_rises_with_coverage(trained: TrainingResult) -> None:
    base = dict.fromkeys(COMPONENTS, 0.5)
    preds = [trained.model.predict({**base, "required_coverage": c}) for c in np.linspace(0, 1, 11)]
    assert all(b >= a - 1e-12 for a, b in itertools.pairwise(preds))
    assert preds[-1] - preds[0] > 0.3


def test_round_trip_keeps_predictions_and_version(trained: TrainingResult) -> None:
    blob = trained.model.to_bytes()
    loaded = PlacementModel.from_bytes(blob)
    comps = dict.fromkeys(COMPONENTS, 0.7)
    assert loaded.version == trained.model.version
    assert loaded.n_examples == 1500
    assert loaded.predict(comps, credential_kind=CredentialKind.BADGE) == pytest.approx(
        trained.model.predict(comps, credential_kind=CredentialKind.BADGE)
    )


def test_refuses_a_blob_with_other_features(trained: TrainingResult) -> None:
    payload = pickle.loads(trained.model.to_bytes())
    payload["features"] = [*FEATURES[:-1], "something_else"]
    with pytest.raises(IncompatibleModelError):
        PlacementModel.from_bytes(pickle.dumps(payload))
    with pytest.raises(IncompatibleModelError):
        PlacementModel.from_bytes(pickle.dumps({"format": 99}))


def test_version_changes_with_training_data() -> None:
    a = train_placement_model(synthetic(300, seed=5), seed=0)
    b = train_placement_model(synthetic(300, seed=6), seed=0)
    assert a.model.version != b.model.version


def test_refuses_to_train_on_one_class() -> None:
    examples = [OutcomeExample(dict.fromkeys(COMPONENTS, 0.5), None, VacancyKind.JOB, True)] * 50
    with pytest.raises(MatchingError):
        train_placement_model(examples)


def test_labels() -> None:
    later = T0 + timedelta(days=10)
    assert placement_label([(later, OutcomeKind.HIRED)], proposed_at=T0, as_of=later) is True
    assert placement_label([(later, OutcomeKind.RETAINED_6M)], proposed_at=T0, as_of=later)
    hired_then_left = [
        (later, OutcomeKind.HIRED),
        (later + timedelta(days=30), OutcomeKind.LEFT),
    ]
    assert placement_label(hired_then_left, proposed_at=T0, as_of=later) is True
    rejected = [(later, OutcomeKind.INTERVIEWED), (later, OutcomeKind.REJECTED)]
    assert placement_label(rejected, proposed_at=T0, as_of=later) is False
    applied = [(later, OutcomeKind.APPLIED)]
    assert placement_label(applied, proposed_at=T0, as_of=later) is None
    assert placement_label(applied, proposed_at=T0, as_of=T0 + timedelta(days=90)) is False
