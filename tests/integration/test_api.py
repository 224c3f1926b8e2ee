"""The cohort upload API against the real broker and PostgreSQL (HTTP through TestClient)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from schemas.vacancies import VacancyPosted
from streams.producer import EventProducer
from streams.topics import VACANCIES, Topics
from tests.integration.conftest import StartWorker
from tests.integration.helpers import bearer, eventually, query
from tests.integration.test_ingest import (
    BAD_FRACTION,
    ROWS,
    assert_contacts_match,
    graduation_events,
    url_of,
)
from vincula.api import create_api
from vincula.demo import scenario
from vincula.settings import Settings
from vincula.synthetic.cohorts import write_cohort_jsonl
from vincula.synthetic.vacancies import generate_vacancies

pytestmark = pytest.mark.integration


def test_api_upload_publishes_events_and_stores_contacts(
    settings: Settings, tmp_path: Path
) -> None:
    manifest = write_cohort_jsonl(
        tmp_path / "cohorte.jsonl",
        ROWS,
        bad_fraction=BAD_FRACTION,
        seed=12,
        reference_data_dir=settings.reference_data_dir,
    )
    with TestClient(create_api(settings), headers=bearer(settings, "operator")) as client:
        anonymous = client.post(
            "/v1/cohorts",
            files={"file": ("conalep.jsonl", manifest.path.read_bytes())},
            headers={"Authorization": ""},
        )
        assert anonymous.status_code == 401
        response = client.post(
            "/v1/cohorts", files={"file": ("conalep.jsonl", manifest.path.read_bytes())}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["accepted"] == manifest.good_rows
        assert body["rejected"] == len(manifest.bad_lines)
        assert {error["line"] for error in body["errors"]} == set(manifest.bad_lines)
        events = graduation_events(settings, manifest.good_rows)
        assert len({event.event_id for event in events}) == manifest.good_rows
        assert_contacts_match(settings, events)

        again = client.post(
            "/v1/cohorts", files={"file": ("conalep.jsonl", manifest.path.read_bytes())}
        )
        assert again.json() == body
    assert query(url_of(settings), "SELECT count(*) FROM contacts") == [(manifest.good_rows,)]


def test_health_answers_and_says_which_service_is_down(settings: Settings) -> None:
    broken = settings.model_copy(update={"kafka_bootstrap": "127.0.0.1:1"})
    with TestClient(create_api(broken)) as client:
        body = client.get("/health").json()
        assert body["status"] == "ok"
        assert body["broker"]["ok"] is False
        assert body["database"]["ok"] is True
        assert body["workers"]["members"] is None


def test_health_reports_the_workers_and_their_lag(
    settings: Settings, start_worker: StartWorker
) -> None:
    with EventProducer(settings) as producer:
        producer.send_all(scenario.as_outgoing(_vacancies(settings, 3)))
    vacancies = Topics(settings.topic_namespace).name(VACANCIES)

    def workers() -> dict[str, Any]:
        # A new app each time: an app reuses its answer for a few seconds.
        with TestClient(create_api(settings)) as client:
            body = client.get("/health").json()
        assert body["broker"]["ok"] is True
        found: dict[str, Any] = body["workers"]
        return found

    def waiting() -> dict[str, Any] | None:
        found = workers()
        lags = {item["topic"]: item["lag"] for item in found["topics"]}
        return found if found["members"] == 0 and lags.get(vacancies) == 3 else None

    assert eventually(waiting, timeout=30, every=1.0)["lag"] >= 3
    start_worker()

    def settled() -> dict[str, Any] | None:
        found = workers()
        return found if found["members"] == 1 and found["lag"] == 0 else None

    assert eventually(settled, timeout=120, every=1.0)["group"] == settings.consumer_group


def _vacancies(settings: Settings, count: int) -> list[VacancyPosted]:
    return generate_vacancies(count, seed=5, reference_data_dir=settings.reference_data_dir)


def test_an_unreachable_database_is_503_and_health_still_answers(settings: Settings) -> None:
    broken = settings.model_copy(
        update={"database_url": SecretStr("postgresql://vincula@127.0.0.1:1/nada")}
    )
    with TestClient(create_api(broken)) as client:
        response = client.get(
            "/v1/reports/placements", headers={"Authorization": "Bearer vnc_min_0123456789ab_0"}
        )
        assert response.status_code == 503
        assert "PostgreSQL" in response.json()["detail"]
        health = client.get("/health").json()
        assert health["status"] == "ok"
        assert health["database"] == {
            "ok": False,
            "detail": "PostgreSQL no responde (OperationalError)",
        }
