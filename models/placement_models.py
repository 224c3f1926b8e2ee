"""Trained placement models in PostgreSQL, and the matches and outcomes they learn from.

Synchronous, for the ``vincula train`` command and for loading a model when a
process starts. Models are stored by version (a content hash), so storing
the same model twice is a no-op.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import TupleRow, class_row
from psycopg.types.json import Jsonb

from matching.learning import PlacementModel
from matching.training import MatchRecord, strongest_kind
from models.errors import StorageError
from schemas.enums import CredentialKind, OutcomeKind, VacancyKind

SyncConnection = psycopg.Connection[TupleRow]


@dataclass(frozen=True, slots=True)
class StoredModel:
    """A placement model with when it was trained and how it did."""

    version: str
    trained_at: datetime
    examples: int
    metrics: Mapping[str, Any]
    model: PlacementModel


def save_model(
    connection: SyncConnection,
    *,
    model: PlacementModel,
    trained_at: datetime,
    metrics: Mapping[str, Any],
) -> bool:
    """Store a model under its version; False when that version was already stored."""
    try:
        cursor = connection.execute(
            "INSERT INTO placement_models (version, trained_at, examples, metrics, blob)"
            " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (version) DO NOTHING",
            (
                model.version,
                trained_at,
                model.n_examples,
                Jsonb(dict(metrics)),
                model.to_bytes(),
            ),
        )
    except psycopg.Error as error:
        raise StorageError(f"No se pudo guardar el modelo {model.version}: {error}") from error
    return cursor.rowcount == 1


@dataclass(frozen=True, slots=True)
class _ModelRow:
    version: str
    trained_at: datetime
    examples: int
    metrics: dict[str, Any]
    blob: bytes


def load_latest(connection: SyncConnection) -> StoredModel | None:
    """The most recently trained model (ties: highest version), or None."""
    with connection.cursor(row_factory=class_row(_ModelRow)) as cursor:
        row = cursor.execute(
            "SELECT version, trained_at, examples, metrics, blob FROM placement_models"
            " ORDER BY trained_at DESC, version DESC LIMIT 1"
        ).fetchone()
    if row is None:
        return None
    return StoredModel(
        version=row.version,
        trained_at=row.trained_at,
        examples=row.examples,
        metrics=row.metrics,
        model=PlacementModel.from_bytes(row.blob),
    )


@dataclass(frozen=True, slots=True)
class _OutcomeRow:
    match_id: str
    occurred_at: datetime
    outcome: str


@dataclass(frozen=True, slots=True)
class _CredentialRow:
    graduate_id: str
    kind: str


@dataclass(frozen=True, slots=True)
class _MatchRow:
    match_id: str
    graduate_id: str
    components: dict[str, Any]
    proposed_at: datetime
    vacancy_kind: str | None


def training_records(connection: SyncConnection) -> list[MatchRecord]:
    """Every stored match with its vacancy kind, strongest credential and outcomes."""
    outcomes: dict[str, list[tuple[datetime, OutcomeKind]]] = defaultdict(list)
    with connection.cursor(row_factory=class_row(_OutcomeRow)) as cursor:
        for outcome in cursor.execute(
            "SELECT match_id::text AS match_id, occurred_at, outcome FROM outcomes"
            " ORDER BY match_id, occurred_at, outcome_id"
        ):
            outcomes[outcome.match_id].append((outcome.occurred_at, OutcomeKind(outcome.outcome)))
    kinds: dict[str, list[CredentialKind]] = defaultdict(list)
    with connection.cursor(row_factory=class_row(_CredentialRow)) as cursor:
        for credential in cursor.execute("SELECT graduate_id, kind FROM credentials"):
            kinds[credential.graduate_id].append(CredentialKind(credential.kind))
    records: list[MatchRecord] = []
    with connection.cursor(row_factory=class_row(_MatchRow)) as cursor:
        for match in cursor.execute(
            "SELECT m.match_id::text AS match_id, m.graduate_id, m.components, m.proposed_at,"
            " v.kind AS vacancy_kind"
            " FROM matches m LEFT JOIN vacancies v ON v.vacancy_id = m.vacancy_id"
            " ORDER BY m.match_id"
        ):
            records.append(
                MatchRecord(
                    match_id=match.match_id,
                    components={str(k): float(v) for k, v in match.components.items()},
                    credential_kind=strongest_kind(kinds.get(match.graduate_id, ())),
                    # A vacancy erased from the state still leaves its matches as jobs.
                    vacancy_kind=(
                        VacancyKind(match.vacancy_kind) if match.vacancy_kind else VacancyKind.JOB
                    ),
                    proposed_at=match.proposed_at,
                    outcomes=tuple(outcomes.get(match.match_id, ())),
                )
            )
    return records
