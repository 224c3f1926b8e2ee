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
from psycopg.rows import TupleRow
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


_SELECT_MODEL = "SELECT version, trained_at, examples, metrics, blob FROM placement_models"


def _stored(row: tuple[Any, ...] | None) -> StoredModel | None:
    if row is None:
        return None
    version, trained_at, examples, metrics, blob = row
    return StoredModel(
        version=str(version),
        trained_at=trained_at,
        examples=int(examples),
        metrics=dict(metrics),
        model=PlacementModel.from_bytes(bytes(blob)),
    )


def load_latest(connection: SyncConnection) -> StoredModel | None:
    """The most recently trained model (ties: highest version), or None."""
    row = connection.execute(
        _SELECT_MODEL + " ORDER BY trained_at DESC, version DESC LIMIT 1"
    ).fetchone()
    return _stored(row)


def load_version(connection: SyncConnection, version: str) -> StoredModel | None:
    """The model stored under ``version``, or None."""
    row = connection.execute(_SELECT_MODEL + " WHERE version = %s", (version,)).fetchone()
    return _stored(row)


def list_versions(connection: SyncConnection) -> list[tuple[str, datetime, int]]:
    """(version, trained_at, examples) of every stored model, newest first."""
    rows = connection.execute(
        "SELECT version, trained_at, examples FROM placement_models"
        " ORDER BY trained_at DESC, version DESC"
    ).fetchall()
    return [(str(v), t, int(n)) for v, t, n in rows]


def training_records(connection: SyncConnection) -> list[MatchRecord]:
    """Every stored match with its vacancy kind, strongest credential and outcomes."""
    outcomes: dict[str, list[tuple[datetime, OutcomeKind]]] = defaultdict(list)
    for match_id, occurred_at, outcome in connection.execute(
        "SELECT match_id::text, occurred_at, outcome FROM outcomes"
        " ORDER BY match_id, occurred_at, outcome_id"
    ):
        outcomes[str(match_id)].append((occurred_at, OutcomeKind(outcome)))
    kinds: dict[str, list[CredentialKind]] = defaultdict(list)
    for graduate_id, kind in connection.execute("SELECT graduate_id, kind FROM credentials"):
        kinds[str(graduate_id)].append(CredentialKind(kind))
    records: list[MatchRecord] = []
    for match_id, graduate_id, components, proposed_at, vacancy_kind in connection.execute(
        "SELECT m.match_id::text, m.graduate_id, m.components, m.proposed_at, v.kind"
        " FROM matches m LEFT JOIN vacancies v ON v.vacancy_id = m.vacancy_id"
        " ORDER BY m.match_id"
    ):
        records.append(
            MatchRecord(
                match_id=str(match_id),
                components={str(k): float(v) for k, v in dict(components).items()},
                credential_kind=strongest_kind(kinds.get(str(graduate_id), ())),
                # A vacancy erased from the state still leaves its matches as jobs.
                vacancy_kind=VacancyKind(vacancy_kind) if vacancy_kind else VacancyKind.JOB,
                proposed_at=proposed_at,
                outcomes=tuple(outcomes.get(str(match_id), ())),
            )
        )
    return records
