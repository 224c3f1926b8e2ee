"""Placement probability learnt from outcomes, calibrated and versioned.

Label: a proposed match is positive when the graduate was hired for it
(``hired`` or any ``retained_*``; leaving later does not undo the hire, since
retention is reported separately). It is negative when the candidate was
rejected or declined, or left the process, or when no hire was recorded
within the horizon after the proposal. Before the horizon ends with no
decisive outcome the match is not labelled and is left out of training.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.calibration import CalibratedClassifierCV  # type: ignore[import-untyped, unused-ignore]
from sklearn.ensemble import HistGradientBoostingClassifier  # type: ignore[import-untyped, unused-ignore]
from sklearn.metrics import roc_auc_score  # type: ignore[import-untyped, unused-ignore]
from sklearn.model_selection import train_test_split  # type: ignore[import-untyped, unused-ignore]

from matching.errors import IncompatibleModelError, MatchingError
from matching.scoring import COMPONENTS
from schemas.enums import CredentialKind, OutcomeKind, VacancyKind

FORMAT_VERSION = 1
DEFAULT_HORIZON = timedelta(days=90)

POSITIVE_OUTCOMES = frozenset(
    {
        OutcomeKind.HIRED,
        OutcomeKind.RETAINED_3M,
        OutcomeKind.RETAINED_6M,
        OutcomeKind.RETAINED_12M,
    }
)
NEGATIVE_OUTCOMES = frozenset({OutcomeKind.REJECTED, OutcomeKind.DECLINED, OutcomeKind.LEFT})

_KIND_FEATURES = (
    *(f"credential_kind={k.value}" for k in CredentialKind),
    "credential_kind=none",
)
_VACANCY_FEATURES = tuple(f"vacancy_kind={k.value}" for k in VacancyKind)
FEATURES: tuple[str, ...] = COMPONENTS + _KIND_FEATURES + _VACANCY_FEATURES

# More coverage of what the employer asked for must never lower the prediction.
_MONOTONE_UP = frozenset({"required_coverage", "nice_coverage"})

FloatArray = npt.NDArray[np.float64]


def placement_label(
    outcomes: Sequence[tuple[datetime, OutcomeKind]],
    *,
    proposed_at: datetime,
    as_of: datetime,
    horizon: timedelta = DEFAULT_HORIZON,
) -> bool | None:
    """True if hired, False if not (or not within the horizon), None if still undecided."""
    for _, kind in sorted(outcomes, key=lambda o: o[0]):
        if kind in POSITIVE_OUTCOMES:
            return True
        if kind in NEGATIVE_OUTCOMES:
            return False
    if as_of - proposed_at >= horizon:
        return False
    return None


@dataclass(frozen=True, slots=True)
class OutcomeExample:
    """One labelled match: its score components and what became of it."""

    components: Mapping[str, float]
    credential_kind: CredentialKind | None
    vacancy_kind: VacancyKind
    hired: bool


def feature_vector(
    components: Mapping[str, float],
    credential_kind: CredentialKind | None,
    vacancy_kind: VacancyKind,
) -> FloatArray:
    """Features in the order of FEATURES."""
    values = [float(components[name]) for name in COMPONENTS]
    kind = "none" if credential_kind is None else credential_kind.value
    values += [1.0 if f == f"credential_kind={kind}" else 0.0 for f in _KIND_FEATURES]
    values += [1.0 if f == f"vacancy_kind={vacancy_kind.value}" else 0.0 for f in _VACANCY_FEATURES]
    return np.asarray(values, dtype=np.float64)


class PlacementModel:
    """A calibrated classifier of hire probability, with a content-hash version."""

    def __init__(
        self,
        estimator: Any,
        *,
        n_examples: int,
        features: Sequence[str] = FEATURES,
        version: str | None = None,
    ) -> None:
        if tuple(features) != FEATURES:
            raise IncompatibleModelError(
                "El modelo de colocación usa otras variables que este código: hay que reentrenarlo"
            )
        self._estimator = estimator
        self.n_examples = n_examples
        self.version = version or hashlib.sha256(pickle.dumps(estimator)).hexdigest()[:12]

    def predict_features(self, x: FloatArray) -> FloatArray:
        """Hire probability for each row of a feature matrix."""
        proba = self._estimator.predict_proba(np.atleast_2d(x))
        return np.clip(np.asarray(proba[:, 1], dtype=np.float64), 0.0, 1.0)

    def predict(
        self,
        components: Mapping[str, float],
        *,
        credential_kind: CredentialKind | None = None,
        vacancy_kind: VacancyKind = VacancyKind.JOB,
    ) -> float:
        """Hire probability of one match."""
        x = feature_vector(components, credential_kind, vacancy_kind)
        return float(self.predict_features(x)[0])

    def to_bytes(self) -> bytes:
        """Serialised model with its feature list and version."""
        payload = {
            "format": FORMAT_VERSION,
            "features": list(FEATURES),
            "n_examples": self.n_examples,
            "version": self.version,
            "estimator": self._estimator,
        }
        return pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, blob: bytes) -> PlacementModel:
        """Load a model written by to_bytes; only ever from the project's own store."""
        payload = pickle.loads(blob)  # only blobs from our own model store
        if not isinstance(payload, dict) or payload.get("format") != FORMAT_VERSION:
            raise IncompatibleModelError("Formato de modelo de colocación desconocido")
        if tuple(payload.get("features", ())) != FEATURES:
            raise IncompatibleModelError(
                "El modelo guardado declara otras variables que este código: hay que reentrenarlo"
            )
        return cls(
            payload["estimator"],
            n_examples=int(payload["n_examples"]),
            version=str(payload["version"]),
        )


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    """Mean predicted and observed hire rate of the test matches in one probability bin."""

    bin: int
    predicted: float
    observed: float
    count: int


@dataclass(frozen=True, slots=True)
class TrainingResult:
    """A trained model and how it did on held-out matches."""

    model: PlacementModel
    auc: float
    calibration: list[CalibrationBin]
    n_train: int
    n_test: int


def calibration_table(
    predicted: FloatArray, observed: npt.NDArray[np.int_], n_bins: int = 10
) -> list[CalibrationBin]:
    """Equal-width probability bins with their mean prediction and observed rate."""
    bins = np.minimum((predicted * n_bins).astype(int), n_bins - 1)
    table: list[CalibrationBin] = []
    for b in range(n_bins):
        inside = bins == b
        count = int(inside.sum())
        if count:
            table.append(
                CalibrationBin(
                    bin=b,
                    predicted=float(predicted[inside].mean()),
                    observed=float(observed[inside].mean()),
                    count=count,
                )
            )
    return table


def _estimator(seed: int) -> CalibratedClassifierCV:
    monotone = [1 if f in _MONOTONE_UP else 0 for f in FEATURES]
    base = HistGradientBoostingClassifier(
        max_iter=150, learning_rate=0.08, monotonic_cst=monotone, random_state=seed
    )
    # Isotonic calibration is a non-decreasing map, so it keeps the monotone constraints.
    return CalibratedClassifierCV(base, method="isotonic", cv=3)


def train_placement_model(
    examples: Sequence[OutcomeExample], *, seed: int = 0, test_fraction: float = 0.25
) -> TrainingResult:
    """Fit and evaluate a calibrated placement model on labelled matches."""
    if not 0.0 < test_fraction < 1.0:
        raise ValueError("test_fraction debe estar en (0, 1)")
    x = np.stack(
        [feature_vector(e.components, e.credential_kind, e.vacancy_kind) for e in examples]
    )
    y = np.asarray([int(e.hired) for e in examples])
    if len(set(y.tolist())) < 2 or min(int(y.sum()), int((1 - y).sum())) < 10:
        raise MatchingError(
            "Hacen falta al menos 10 colocaciones y 10 no colocaciones para entrenar"
        )
    x_tr, x_te, y_tr, y_te = train_test_split(
        x, y, test_size=test_fraction, random_state=seed, stratify=y
    )
    estimator = _estimator(seed).fit(x_tr, y_tr)
    model = PlacementModel(estimator, n_examples=len(examples))
    predicted = model.predict_features(x_te)
    return TrainingResult(
        model=model,
        auc=float(roc_auc_score(y_te, predicted)),
        calibration=calibration_table(predicted, y_te),
        n_train=len(y_tr),
        n_test=len(y_te),
    )
