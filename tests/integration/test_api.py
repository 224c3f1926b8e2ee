"""The cohort upload API against the real broker and PostgreSQL (HTTP through TestClient)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from tests.integration.helpers import bearer, query
from tests.integration.test_ingest import (
    BAD_FRACTION,
    ROWS,
    assert_contacts_match,
    graduation_events,
    url_of,
)
from vincula.api import create_api
from vincula.settings import Settings
from vincula.synthetic.cohorts import write_cohort_jsonl

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


def test_health_answers_without_reaching_kafka_or_postgres(settings: Settings) -> None:
    broken = settings.model_copy(update={"kafka_bootstrap": "127.0.0.1:1"})
    with TestClient(create_api(broken)) as client:
        assert client.get("/health").json() == {"status": "ok"}


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
        assert client.get("/health").json() == {"status": "ok"}
