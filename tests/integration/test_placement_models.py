"""``vincula train`` on a real database: examples from stored matches and outcomes."""

from __future__ import annotations

import argparse
import io
import math
import random
import re
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from psycopg.types.json import Jsonb

from matching.scoring import COMPONENTS
from matching.training import NotEnoughOutcomesError
from models.placement_models import load_latest, training_records
from vincula.commands.matching import train_command
from vincula.settings import Settings

pytestmark = pytest.mark.integration

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
NAMESPACE = uuid.UUID("0c4f3b0e-51a6-4c57-9d55-2f4b2a8e6a10")


def seed(url: str, *, decided: int, undecided: int = 0, rng_seed: int = 1) -> None:
    """Matches whose hiring depends on required-skill coverage, with their outcomes."""
    rng = random.Random(rng_seed)
    with psycopg.connect(url) as connection:
        connection.execute(
            "INSERT INTO employers (employer_id, name, updated_at) VALUES ('e1', 'Aero', %s)",
            (START,),
        )
        for kind in ("job", "apprenticeship"):
            connection.execute(
                """
                INSERT INTO vacancies (vacancy_id, employer_id, kind, title, description,
                    language, sector, state, city, modality, seats, closes_on, posted_at,
                    updated_at)
                VALUES (%s, 'e1', %s, 'Técnico', '', 'es', 'aerospace', 'QUE', 'Querétaro',
                    'on_site', 50, '2026-12-31', %s, %s)
                """,
                (f"v-{kind}", kind, START, START),
            )
        for i in range(decided + undecided):
            match_id = uuid.uuid5(NAMESPACE, str(i))
            coverage = rng.random()
            components = {name: round(rng.random(), 4) for name in COMPONENTS}
            components["required_coverage"] = round(coverage, 4)
            proposed = START + timedelta(hours=i)
            vacancy = "v-job" if i % 3 else "v-apprenticeship"
            connection.execute(
                """
                INSERT INTO matches (match_id, graduate_id, vacancy_id, score, components,
                    reasons, rank, model_version, proposed_at, updated_at)
                VALUES (%s, %s, %s, 0.5, %s, '{}', 1, 'test', %s, %s)
                """,
                (match_id, f"{i:064x}", vacancy, Jsonb(components), proposed, proposed),
            )
            if i >= decided:
                continue
            hired = rng.random() < 1.0 / (1.0 + math.exp(-8.0 * (coverage - 0.5)))
            connection.execute(
                """
                INSERT INTO outcomes (outcome_id, match_id, graduate_id, vacancy_id, outcome,
                    reported_by, occurred_at)
                VALUES (%s, %s, %s, %s, %s, 'employer', %s)
                """,
                (
                    uuid.uuid5(NAMESPACE, f"o{i}"),
                    match_id,
                    f"{i:064x}",
                    vacancy,
                    "hired" if hired else "rejected",
                    proposed + timedelta(days=10),
                ),
            )


def settings_for(url: str, *, minimum: int = 200) -> Settings:
    return Settings(
        environment="test",
        database_url=url,
        min_outcomes_for_model=minimum,
    )


def train(url: str, minimum: int | None = None) -> str:
    out = io.StringIO()
    arguments = argparse.Namespace(min_outcomes=minimum, seed=0)
    assert train_command(arguments, settings_for(url), out=out) == 0
    return out.getvalue()


def test_trains_stores_and_loads_back_the_same_version(database_url: str) -> None:
    seed(database_url, decided=600, undecided=40)
    report = train(database_url)

    auc_line = re.search(r"AUC en prueba: ([0-9.]+)", report)
    version_line = re.search(r"modelo ([0-9a-f]{12}) guardado", report)
    assert auc_line is not None and version_line is not None, report
    assert float(auc_line.group(1)) > 0.6
    assert "| intervalo | predicho | observado | vinculaciones |" in report

    with psycopg.connect(database_url, autocommit=True) as connection:
        latest = load_latest(connection)
        assert latest is not None
        assert latest.version == version_line.group(1)
        assert latest.examples == 600  # the 40 recent matches without outcome are undecided
        assert float(latest.metrics["auc"]) > 0.6
        # Labels are taken at the last outcome, not at the wall clock.
        last_outcome = START + timedelta(hours=599, days=10)
        assert latest.trained_at == last_outcome
        assert latest.metrics["as_of"] == last_outcome.isoformat()
        # The stored blob loads back into the model that was trained.
        assert latest.model.version == latest.version
        low = dict.fromkeys(COMPONENTS, 0.5) | {"required_coverage": 0.1}
        high = low | {"required_coverage": 0.9}
        assert latest.model.predict(high) > latest.model.predict(low)

    # Same records, same seed: the same model, stored once.
    again = train(database_url)
    assert f"modelo {latest.version} ya estaba guardado" in again
    with psycopg.connect(database_url, autocommit=True) as connection:
        stored = connection.execute("SELECT version FROM placement_models").fetchall()
    assert stored == [(latest.version,)]


def test_records_carry_vacancy_kind_and_outcomes(database_url: str) -> None:
    seed(database_url, decided=6, undecided=3)
    with psycopg.connect(database_url, autocommit=True) as connection:
        records = training_records(connection)
    assert len(records) == 9
    kinds = {r.vacancy_kind.value for r in records}
    assert kinds == {"job", "apprenticeship"}
    assert sum(1 for r in records if r.outcomes) == 6


def test_refuses_with_too_few_labelled_outcomes(database_url: str) -> None:
    seed(database_url, decided=120)
    with pytest.raises(NotEnoughOutcomesError, match="al menos 200"):
        train(database_url)
    with psycopg.connect(database_url, autocommit=True) as connection:
        assert load_latest(connection) is None


def test_the_threshold_can_be_lowered_on_the_command_line(database_url: str) -> None:
    seed(database_url, decided=120)
    assert "guardado" in train(database_url, minimum=100)


def test_refuses_an_empty_database(database_url: str) -> None:
    with pytest.raises(NotEnoughOutcomesError, match="Solo hay 0"):
        train(database_url)
