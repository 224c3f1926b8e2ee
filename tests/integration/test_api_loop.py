"""Employers and graduates close the loop over HTTP, against a real worker, broker and database."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from streams.processing import Outgoing
from streams.producer import EventProducer
from tests.integration.factories import graduate, months_ago, vacancy
from tests.integration.helpers import eventually, query
from tests.integration.test_pipeline import all_partitions
from vincula.api import create_api
from vincula.local.stack import WorkerProcess, wait_for_assignment
from vincula.settings import Settings

pytestmark = pytest.mark.integration


def test_vacancy_shortlist_answers_outcomes_and_reports_over_http(
    settings: Settings, start_worker: Callable[..., WorkerProcess]
) -> None:
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    wait_for_assignment([start_worker()], all_partitions(settings))
    body = vacancy("HTTP-1", seats=2, at=months_ago(1)).model_dump(
        mode="json", exclude={"event_id", "event_time", "schema_version", "event_type"}
    )
    with TestClient(create_api(settings)) as client:
        posted = client.post("/v1/vacancies", json=body)
        assert posted.status_code == 202, posted.text
        assert client.post("/v1/vacancies", json=body | {"seats": 0}).status_code == 422
        eventually(lambda: query(url, "SELECT 1 FROM vacancies WHERE vacancy_id = 'HTTP-1'"))

        person = graduate("lola", at=months_ago(1))
        with EventProducer(settings) as producer:
            producer.send_all([Outgoing(key=person.graduate_id, event=person)])
        [(match_id,)] = eventually(lambda: query(url, "SELECT match_id FROM matches"))

        shortlist = client.get("/v1/vacancies/HTTP-1/shortlist").json()
        assert [entry["graduate"] for entry in shortlist] == [person.graduate_id]
        assert any("habilidades requeridas" in r for r in shortlist[0]["reasons"])
        assert client.get("/v1/vacancies/NOPE/shortlist").status_code == 404

        # The graduate clicks "me interesa" in the e-mail (twice: still one outcome).
        for _ in range(2):
            answer = client.get(f"/coincidencias/{match_id}", params={"respuesta": "me-interesa"})
            assert answer.status_code == 200 and "Gracias" in answer.text
        eventually(lambda: query(url, "SELECT 1 FROM matches WHERE status = 'applied'"))

        hired = client.post(
            "/v1/outcomes",
            json={
                "match_id": str(match_id),
                "outcome": "hired",
                "occurred_at": months_ago(0).isoformat(),
            },
        )
        assert hired.status_code == 202, hired.text
        [(follow_up_id,)] = eventually(
            lambda: query(url, "SELECT follow_up_id FROM follow_ups WHERE months = 3")
        )
        reply = client.get(
            f"/seguimientos/{follow_up_id}", params={"respuesta": "sigo-trabajando-ahi"}
        )
        assert reply.status_code == 200
        eventually(
            lambda: query(url, "SELECT 1 FROM follow_ups WHERE months = 3 AND status = 'answered'")
        )
        assert query(url, "SELECT count(*) FROM outcomes WHERE outcome = 'applied'") == [(1,)]

        report = client.get("/v1/reports/placements", params={"by": "state"}).json()
        # One person: every cell is under 10 and so suppressed.
        assert report == [{"value": "CMX", "matched": None, "hired": None, "retained": None}]

        closed = client.post("/v1/vacancies/HTTP-1/close", json={"reason": "cancelled"})
        assert closed.status_code == 202
        eventually(lambda: query(url, "SELECT 1 FROM vacancies WHERE status = 'closed'"))
