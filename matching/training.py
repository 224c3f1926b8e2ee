"""From stored matches and outcomes to labelled examples, and a training report.

Labels are taken as of the latest outcome anyone reported, never the wall
clock: training twice on the same records gives the same examples, and a
replayed database trains the same model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from matching.errors import MatchingError
from matching.learning import (
    DEFAULT_HORIZON,
    OutcomeExample,
    TrainingResult,
    placement_label,
)
from matching.scoring import COMPONENTS, KIND_WEIGHT
from schemas.enums import CredentialKind, OutcomeKind, VacancyKind


class NotEnoughOutcomesError(MatchingError):
    """Too few labelled matches to train a placement model worth using."""


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """A stored match with what the model needs and every outcome reported for it."""

    match_id: str
    components: Mapping[str, float]
    credential_kind: CredentialKind | None
    vacancy_kind: VacancyKind
    proposed_at: datetime
    outcomes: tuple[tuple[datetime, OutcomeKind], ...]


def strongest_kind(kinds: Iterable[CredentialKind]) -> CredentialKind | None:
    """The credential kind that weighs most in scoring (ties: enum order)."""
    ordered = sorted(kinds, key=lambda k: (-KIND_WEIGHT[k], list(CredentialKind).index(k)))
    return ordered[0] if ordered else None


def latest_outcome_time(records: Iterable[MatchRecord]) -> datetime | None:
    """When the last outcome was reported, the moment labels are taken at."""
    times = [when for record in records for when, _ in record.outcomes]
    return max(times) if times else None


def build_examples(
    records: Sequence[MatchRecord],
    *,
    as_of: datetime,
    horizon: timedelta = DEFAULT_HORIZON,
) -> list[OutcomeExample]:
    """Labelled examples, in match id order; undecided matches are left out."""
    examples: list[OutcomeExample] = []
    for record in sorted(records, key=lambda r: r.match_id):
        # Matches scored before a component existed cannot be featurised.
        if any(name not in record.components for name in COMPONENTS):
            continue
        label = placement_label(
            [o for o in record.outcomes if o[0] <= as_of],
            proposed_at=record.proposed_at,
            as_of=as_of,
            horizon=horizon,
        )
        if label is None:
            continue
        examples.append(
            OutcomeExample(
                components={name: record.components[name] for name in COMPONENTS},
                credential_kind=record.credential_kind,
                vacancy_kind=record.vacancy_kind,
                hired=label,
            )
        )
    return examples


def require_enough(examples: Sequence[OutcomeExample], minimum: int) -> None:
    """Refuse, with a message for the operator, when too few matches are labelled."""
    if len(examples) < minimum:
        raise NotEnoughOutcomesError(
            f"Solo hay {len(examples)} vinculaciones con resultado etiquetado; "
            f"se necesitan al menos {minimum} para entrenar el modelo de colocación "
            "(ajuste VINCULA_MIN_OUTCOMES_FOR_MODEL o --min-outcomes si es a propósito)."
        )


def training_metrics(
    result: TrainingResult, *, as_of: datetime, examples: Sequence[OutcomeExample]
) -> dict[str, object]:
    """What the model store keeps next to the model, as plain JSON values."""
    return {
        "auc": round(result.auc, 6),
        "n_train": result.n_train,
        "n_test": result.n_test,
        "positives": sum(1 for e in examples if e.hired),
        "as_of": as_of.isoformat(),
        "calibration": [
            {
                "bin": b.bin,
                "predicted": round(b.predicted, 6),
                "observed": round(b.observed, 6),
                "count": b.count,
            }
            for b in result.calibration
        ],
    }


def render_training(result: TrainingResult, *, as_of: datetime) -> str:
    """AUC and the calibration table of the held-out matches, in Markdown."""
    lines = [
        f"Modelo {result.model.version}: {result.n_train} vinculaciones de "
        f"entrenamiento, {result.n_test} de prueba; etiquetas al {as_of.isoformat()}",
        f"AUC en prueba: {result.auc:.3f}",
        "",
        "| intervalo | predicho | observado | vinculaciones |",
        "| --- | ---: | ---: | ---: |",
    ]
    for b in result.calibration:
        low, high = b.bin / 10, (b.bin + 1) / 10
        lines.append(f"| {low:.1f}–{high:.1f} | {b.predicted:.3f} | {b.observed:.3f} | {b.count} |")
    return "\n".join(lines) + "\n"
