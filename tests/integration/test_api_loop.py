"""Employers and graduates close the loop over HTTP, against a real worker, broker and database."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest
from fastapi.testclient import TestClient

from streams.ingest.service import IngestReport
from streams.notify.links import LinkPurpose, LinkSigner
from streams.processing import Outgoing
from streams.producer import EventProducer
from tests.integration.factories import graduate, months_ago, vacancy
from tests.integration.helpers import bearer, eventually, query
from tests.integration.test_pipeline import all_partitions
from vincula.api import create_api
from vincula.api.runtime import APPLICATION_NAME, POOL_MAX_SIZE
from vincula.demo import report as demo_report
from vincula.demo.mailbox import Mailbox
from vincula.demo.webhooks import WebhookInbox
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
    employer = bearer(settings, "employer", employer=body["employer_id"])
    other = bearer(settings, "employer", employer="otra-empresa")
    ministry = bearer(settings, "ministry")
    with TestClient(create_api(settings), headers=employer) as client:
        assert client.post("/v1/vacancies", json=body, headers=ministry).status_code == 403
        posted = client.post("/v1/vacancies", json=body)
        assert posted.status_code == 202, posted.text
        assert client.post("/v1/vacancies", json=body | {"seats": 0}).status_code == 422
        eventually(lambda: query(url, "SELECT 1 FROM vacancies WHERE vacancy_id = 'HTTP-1'"))

        person = graduate("lola", at=months_ago(1))
        with EventProducer(settings) as producer:
            producer.send_all([Outgoing(key=person.graduate_id, event=person)])
        [(match_id,)] = eventually(lambda: query(url, "SELECT match_id FROM matches"))

        shortlist = client.get("/v1/vacancies/HTTP-1/shortlist").json()
        assert [entry["match_id"] for entry in shortlist] == [str(match_id)]
        assert person.graduate_id not in str(shortlist)
        assert client.get("/v1/vacancies/HTTP-1/shortlist", headers=other).status_code == 404
        assert any("habilidades requeridas" in r for r in shortlist[0]["reasons"])
        assert client.get("/v1/vacancies/NOPE/shortlist").status_code == 404

        # The graduate opens the e-mail's link and answers "me interesa" (twice: one outcome).
        match_token = signed(settings, LinkPurpose.MATCH_ANSWER, match_id)
        for _ in range(2):
            answer = answer_link(client, f"/coincidencias/{match_id}", match_token, "me-interesa")
            assert answer.status_code == 200 and "Gracias" in answer.text
        eventually(lambda: query(url, "SELECT 1 FROM matches WHERE status = 'applied'"))

        hire = {
            "match_id": str(match_id),
            "outcome": "hired",
            "occurred_at": months_ago(0).isoformat(),
        }
        assert client.post("/v1/outcomes", json=hire, headers=other).status_code == 404
        hired = client.post("/v1/outcomes", json=hire)
        assert hired.status_code == 202, hired.text
        [(follow_up_id,)] = eventually(
            lambda: query(url, "SELECT follow_up_id FROM follow_ups WHERE months = 3")
        )
        follow_up_token = signed(settings, LinkPurpose.FOLLOW_UP_ANSWER, follow_up_id)
        reply = answer_link(
            client, f"/seguimientos/{follow_up_id}", follow_up_token, "sigo-trabajando-ahi"
        )
        assert reply.status_code == 200
        eventually(
            lambda: query(url, "SELECT 1 FROM follow_ups WHERE months = 3 AND status = 'answered'")
        )
        assert query(url, "SELECT count(*) FROM outcomes WHERE outcome = 'applied'") == [(1,)]

        assert client.get("/v1/reports/placements").status_code == 403
        report = client.get(
            "/v1/reports/placements", params={"by": "state"}, headers=ministry
        ).json()
        # One person: every cell is under 10 and so suppressed.
        assert report == [{"value": "CMX", "matched": None, "hired": None, "retained": None}]

        closed = client.post("/v1/vacancies/HTTP-1/close", json={"reason": "cancelled"})
        assert closed.status_code == 202
        eventually(lambda: query(url, "SELECT 1 FROM vacancies WHERE status = 'closed'"))
        # Every read above borrowed from one pool: its connections outlive the requests.
        [(held,)] = api_connections(url)
        assert isinstance(held, int) and 1 <= held <= POOL_MAX_SIZE
    # The lifespan closed the pool with the app.
    eventually(lambda: api_connections(url) == [(0,)])

    # The demo's closing report reads the same views through its own connection.
    out = io.StringIO()
    demo_report.render(
        out,
        url=url,
        ingested=IngestReport(accepted=1),
        mailbox=Mailbox(port=0),
        webhooks=WebhookInbox(url="http://127.0.0.1:1"),
        hires=1,
        seconds=1.0,
    )
    text = out.getvalue()
    assert "1 perfiles guardados; 1 personas con al menos una vinculación" in text
    assert "seguimiento a 3 meses" in text and "(respondido)" in text
    assert "Ciudad de México" in text and "<10" in text


def signed(settings: Settings, purpose: LinkPurpose, subject: object) -> str:
    """The token the worker puts in an e-mail link."""
    signer = LinkSigner(settings.link_signing_key.get_secret_value().encode())
    return signer.sign(purpose, str(subject), now=datetime.now(UTC))


def answer_link(client: TestClient, path: str, token: str, answer: str) -> httpx.Response:
    """Open the page of an e-mail link and press the answer's button."""
    shown = client.get(path, params={"t": token, "respuesta": answer})
    csrf = re.search(r'name="csrf" value="([^"]+)"', shown.text)
    assert shown.status_code == 200 and csrf is not None, shown.text
    return client.post(path, data={"t": token, "csrf": csrf.group(1), "respuesta": answer})


def api_connections(url: str) -> list[tuple[object, ...]]:
    """How many connections the API's pool holds on this test's database."""
    return query(
        url,
        "SELECT count(*)::int FROM pg_stat_activity"
        " WHERE application_name = %s AND datname = current_database()",
        (APPLICATION_NAME,),
    )
