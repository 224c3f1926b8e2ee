"""The dashboard on a few thousand graduates: how long the page takes, and that it protects.

Rows are written with plain SQL (the fold is tested elsewhere), spread as a national
programme would be: eleven programmes, every state, hubs heavier, three in four matched.
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from psycopg.types.json import Jsonb

from schemas.enums import MexicanState, Sector
from vincula.dashboard.filters import Filters, parse_filters
from vincula.dashboard.labels import DIMENSIONS
from vincula.dashboard.page import sections
from vincula.dashboard.service import build_dashboard
from vincula.settings import Settings

pytestmark = pytest.mark.integration
log = logging.getLogger(__name__)

GRADUATES = 3_000
PROGRAMMES = [f"Programa {letter}" for letter in "ABCDEFGHIJK"]
ISSUERS = ["tecnm_infotec", "aws", "conalep", "ibm", "kyndryl"]
HUBS = {"QUE", "NLE", "JAL", "BCN", "GUA", "COA", "CHH", "CMX"}
OUTCOMES = ["applied", "interviewed", "offered", "hired", "retained_3m", "retained_6m"]
NOW = datetime.now(UTC)


def populate(url: str, seed: int = 7) -> None:
    """Write GRADUATES graduates, 25 vacancies, their matches and outcomes."""
    rng = random.Random(seed)
    states = [s.value for s in MexicanState]
    weights = [8 if s in HUBS else 1 for s in states]
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO employers (employer_id, name, updated_at) VALUES ('e', 'E', now())"
        )
        vacancies = []
        for v in range(25):
            vacancy_id = f"V-{v}"
            sector = rng.choice([s.value for s in Sector])
            state = rng.choices(states, weights)[0]
            seats = rng.randint(5, 60)
            cursor.execute(
                """INSERT INTO vacancies (vacancy_id, employer_id, kind, title, description,
                   language, sector, state, city, modality, seats, seats_filled,
                   required_skills, closes_on, posted_at, updated_at)
                   VALUES (%s, 'e', %s, 't', 'd', 'es', %s, %s, 'c', 'hybrid', %s, %s, %s,
                           '2030-01-01', now(), now())""",
                (
                    vacancy_id,
                    rng.choice(["job", "job", "apprenticeship", "internship"]),
                    sector,
                    state,
                    seats,
                    rng.randint(0, seats // 2),
                    rng.sample(["Python", "SQL", "AWS", "Java", "Redes", "Kubernetes"], 3),
                ),
            )
            vacancies.append(vacancy_id)
        for g in range(GRADUATES):
            graduate_id = hashlib.sha256(f"g{g}".encode()).hexdigest()
            programme = rng.choice(PROGRAMMES)
            certified = NOW - timedelta(days=rng.randint(30, 700))
            cursor.execute(
                """INSERT INTO graduates (graduate_id, programme, issuer, state, skills,
                   birth_year, sex, certified_at, updated_at, languages)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)""",
                (
                    graduate_id,
                    programme,
                    ISSUERS[PROGRAMMES.index(programme) % len(ISSUERS)],
                    rng.choices(states, weights)[0],
                    rng.sample(["Python", "SQL", "AWS", "Java", "Excel"], 2),
                    certified.year - rng.randint(16, 39),
                    rng.choice(["female", "male", None, None]),
                    certified,
                    certified,
                    Jsonb([]),
                ),
            )
            cursor.execute(
                """INSERT INTO credentials VALUES (%s, 'C1', %s, 'n', %s, '2025-01-01', %s)""",
                (
                    graduate_id,
                    rng.choice(["certification", "badge", "course_completion"]),
                    rng.choice(["ai", "data", "cloud", "java", "cybersecurity"]),
                    rng.random() < 0.8,
                ),
            )
            if rng.random() < 0.25:
                continue
            for vacancy_id in rng.sample(vacancies, rng.randint(1, 3)):
                match = uuid.uuid4()
                proposed = certified + timedelta(days=rng.randint(1, 30))
                cursor.execute(
                    """INSERT INTO matches (match_id, graduate_id, vacancy_id, score, components,
                       reasons, rank, model_version, proposed_at, updated_at)
                       VALUES (%s, %s, %s, 0.5, '{}', '{}', 1, 'm', %s, %s)""",
                    (match, graduate_id, vacancy_id, proposed, proposed),
                )
                for step, kind in enumerate(OUTCOMES[: rng.choice([0, 0, 1, 2, 4, 5, 6])]):
                    cursor.execute(
                        """INSERT INTO outcomes VALUES (%s, %s, %s, %s, %s, 'employer', %s)""",
                        (
                            uuid.uuid4(),
                            match,
                            graduate_id,
                            vacancy_id,
                            kind,
                            proposed + timedelta(days=10 + 60 * step),
                        ),
                    )
        connection.commit()


def test_the_page_of_3000_graduates_publishes_no_small_count_and_prints_its_timings(
    settings: Settings,
) -> None:
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    populate(url)
    timings = {}
    with psycopg.connect(url) as connection:
        for name, raw in (("todo", {}), ("un programa", {"programa": "Programa C"})):
            filters, errors = parse_filters(raw)
            assert not errors
            started = time.perf_counter()
            dashboard = build_dashboard(connection, filters, as_of=NOW)
            read = time.perf_counter() - started
            page = sections(dashboard, filters, "estado")
            shown = time.perf_counter() - started
            for dimension in DIMENSIONS:
                dashboard.funnel(dimension)  # every breakdown protects
            timings[name] = (read, shown, time.perf_counter() - started)
            for table in [page["resumen"], page["embudo"].table, page["indicadores"].table]:
                for row in table.rows:
                    for cell, column in zip(row.cells, table.columns, strict=True):
                        if column.kind == "personas" and cell.value is not None:
                            assert cell.value >= 10
    # Figures, not a timed assertion: reading the state, the whole page, every breakdown.
    for name, (read, shown, everything) in timings.items():
        print(
            f"tablero, {GRADUATES} egresadas, {name}: lectura {read:.2f} s,"
            f" página {shown:.2f} s, todos los desgloses {everything:.2f} s"
        )
    assert Filters().scope().programme is None
