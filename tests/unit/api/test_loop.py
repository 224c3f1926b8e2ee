"""Vacancies, outcomes, answers, shortlists and reports over HTTP, with dependencies overridden.

The state reads are replaced by fixed answers and the producer by a list; the
real database and broker are exercised by ``tests/integration/test_api_loop.py``.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from psycopg_pool import PoolTimeout

from models import reports
from models.access import MatchOwners
from models.api_tokens import TokenRole
from schemas.enums import OutcomeKind, Reporter
from schemas.outcomes import PlacementOutcome
from schemas.vacancies import VacancyClosed, VacancyPosted, VacancyUpdated
from streams.errors import BrokerUnavailableError
from streams.ingest.service import ContactStore, EventSink
from streams.notify.links import LinkPurpose, LinkSigner
from streams.processing import Outgoing
from vincula.api import create_api, deps, security
from vincula.api.routes import outcomes, vacancies, webhooks
from vincula.settings import Settings

KEY = "clave-de-prueba-de-32-bytes-0001-api"
EXAMPLE = Path(__file__).resolve().parents[3] / "schemas" / "examples" / "VacancyPosted" / "v1.json"
ENVELOPE = {"event_id", "event_time", "schema_version", "event_type"}
MATCH = reports.MatchRef(uuid.uuid4(), "a" * 64, "V-1")
EMPLOYER = "aeroparts-queretaro"
OWNERS = MatchOwners(MATCH.match_id, MATCH.graduate_id, "V-1", EMPLOYER, "tecnm_infotec")
FOLLOW_UP = reports.FollowUpRef(MATCH.match_id, MATCH.graduate_id, MATCH.vacancy_id, months=3)
FOLLOW_UP_ID = uuid.uuid4()
LINKS = LinkSigner(Settings().link_signing_key.get_secret_value().encode())


def token(purpose: LinkPurpose, subject: uuid.UUID, *, at: datetime | None = None) -> str:
    """A link token as the e-mails carry it."""
    return LINKS.sign(purpose, str(subject), now=at or datetime.now(UTC))


MATCH_TOKEN = token(LinkPurpose.MATCH_ANSWER, MATCH.match_id)
FOLLOW_UP_TOKEN = token(LinkPurpose.FOLLOW_UP_ANSWER, FOLLOW_UP_ID)


class Producer:
    def __init__(self) -> None:
        self.sent: list[Outgoing] = []
        self.flushes = 0

    def send(self, outgoing: Outgoing) -> None:
        self.sent.append(outgoing)

    def flush(self) -> None:
        self.flushes += 1


@contextmanager
def no_backends() -> Iterator[tuple[ContactStore, EventSink]]:
    raise AssertionError("cohorts are not uploaded here")
    yield  # pragma: no cover


def vacancy_body(**changes: Any) -> dict[str, Any]:
    event = json.loads(EXAMPLE.read_text())
    # Events of the first contract named a webhook per vacancy; bodies no longer may.
    dropped = ENVELOPE | {"webhook_url"}
    return {k: v for k, v in event.items() if k not in dropped} | {"vacancy_id": "V-1"} | changes


@pytest.fixture
def app() -> FastAPI:
    return create_api(Settings(pseudonym_key=KEY), backends=no_backends)


def act_as(
    app: FastAPI, role: TokenRole, *, employer: str | None = None, programme: str | None = None
) -> None:
    """Every request comes from a credential of ``role`` (tokens are tested elsewhere)."""
    caller = security.Caller("0123456789ab", role, employer, programme)
    app.dependency_overrides[security.get_caller] = lambda: caller


@pytest.fixture
def producer(app: FastAPI) -> Producer:
    fake = Producer()
    app.dependency_overrides[deps.get_connection] = lambda: object()
    app.dependency_overrides[deps.get_producer] = lambda: fake
    act_as(app, TokenRole.EMPLOYER, employer=EMPLOYER)
    return fake


@pytest.fixture
def client(app: FastAPI, producer: Producer) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def known(monkeypatch: pytest.MonkeyPatch) -> None:
    """The state knows vacancy V-1 (of EMPLOYER) and V-9 (of another), MATCH and FOLLOW_UP."""
    owners = {"V-1": EMPLOYER, "V-9": "otra-empresa"}
    monkeypatch.setattr(
        vacancies, "vacancy_employer", lambda _, *, vacancy_id: owners.get(vacancy_id)
    )
    monkeypatch.setattr(
        outcomes,
        "match_owners",
        lambda _, *, match_id: OWNERS if match_id == MATCH.match_id else None,
    )
    monkeypatch.setattr(
        reports, "match_ref", lambda _, *, match_id: MATCH if match_id == MATCH.match_id else None
    )
    monkeypatch.setattr(reports, "follow_up_ref", lambda _, *, follow_up_id: FOLLOW_UP)


LOOP_REQUESTS = [
    ("POST", "/v1/vacancies", vacancy_body()),
    ("POST", "/v1/vacancies/V-1/close", {"reason": "filled"}),
    ("GET", "/v1/vacancies/V-1/shortlist", None),
    (
        "POST",
        "/v1/outcomes",
        {"match_id": str(MATCH.match_id), "outcome": "hired", "occurred_at": "2026-11-01T10:00Z"},
    ),
    ("GET", f"/coincidencias/{MATCH.match_id}?t={MATCH_TOKEN}&respuesta=me-interesa", None),
    ("GET", f"/seguimientos/{FOLLOW_UP_ID}?t={FOLLOW_UP_TOKEN}&respuesta=cambie-de-empleo", None),
    ("GET", "/v1/reports/placements", None),
]


@pytest.mark.parametrize(("method", "path", "body"), LOOP_REQUESTS)
def test_without_kafka_and_postgres_the_loop_is_503_in_spanish(
    app: FastAPI, method: str, path: str, body: dict[str, Any] | None
) -> None:
    with TestClient(app, headers={"Authorization": "Bearer vnc_ops_0123456789ab_x"}) as client:
        response = client.request(method, path, json=body)
    assert response.status_code == 503
    assert response.json() == {"detail": "el servicio no tiene Kafka ni PostgreSQL"}


def test_a_busy_pool_is_503(app: FastAPI) -> None:
    class Exhausted:
        def getconn(self) -> None:
            raise PoolTimeout("couldn't get a connection after 10.00 sec")

    app.dependency_overrides[deps.get_pool] = Exhausted
    act_as(app, TokenRole.MINISTRY)
    with TestClient(app) as client:
        response = client.get("/v1/reports/placements")
    assert response.status_code == 503
    assert "PostgreSQL no respondió" in response.json()["detail"]


def test_an_unreachable_broker_is_503(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable() -> None:
        raise BrokerUnavailableError("Kafka no responde en 127.0.0.1:1")

    app.dependency_overrides[deps.get_connection] = lambda: object()
    app.dependency_overrides[deps.get_producer] = unreachable
    act_as(app, TokenRole.EMPLOYER, employer=EMPLOYER)
    monkeypatch.setattr(vacancies, "vacancy_employer", lambda _, *, vacancy_id: EMPLOYER)
    with TestClient(app) as client:
        response = client.post("/v1/vacancies/V-1/close", json={"reason": "filled"})
    assert response.status_code == 503
    assert "Kafka" in response.json()["detail"]


@pytest.mark.usefixtures("known")
def test_a_new_vacancy_is_posted_and_a_known_one_updated(
    client: TestClient, producer: Producer
) -> None:
    new = client.post("/v1/vacancies", json=vacancy_body(vacancy_id="V-2"))
    again = client.post("/v1/vacancies", json=vacancy_body(vacancy_id="V-2"))
    known = client.post("/v1/vacancies", json=vacancy_body())
    assert [r.status_code for r in (new, again, known)] == [202, 202, 202]
    assert new.json()["status"] == "aceptado"
    assert new.json()["event_id"] == again.json()["event_id"] != known.json()["event_id"]
    posted, _, updated = (o.event for o in producer.sent)
    assert type(posted) is VacancyPosted and type(updated) is VacancyUpdated
    assert posted.vacancy_id == "V-2" and updated.vacancy_id == "V-1"
    assert str(posted.event_id) == new.json()["event_id"]
    assert producer.flushes == 3


@pytest.mark.parametrize(
    "changes",
    [{"seats": 0}, {"salary_min_mxn": 30_000, "salary_max_mxn": 20_000}, {"state": "XX"}],
)
@pytest.mark.usefixtures("known")
def test_an_invalid_vacancy_is_422_and_publishes_nothing(
    client: TestClient, producer: Producer, changes: dict[str, Any]
) -> None:
    response = client.post("/v1/vacancies", json=vacancy_body(**changes))
    assert response.status_code == 422
    assert producer.sent == []


@pytest.mark.usefixtures("known")
def test_closing_an_unknown_vacancy_is_404(client: TestClient, producer: Producer) -> None:
    response = client.post("/v1/vacancies/NOPE/close", json={"reason": "cancelled"})
    assert response.status_code == 404
    assert response.json() == {"detail": "la vacante NOPE no existe"}
    closed = client.post("/v1/vacancies/V-1/close", json={"reason": "cancelled"})
    assert closed.status_code == 202
    [event] = [o.event for o in producer.sent]
    assert isinstance(event, VacancyClosed) and event.reason == "cancelled"


@pytest.mark.usefixtures("known")
def test_the_shortlist_is_typed_and_rounded(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = reports.ShortlistEntry(
        1, MATCH.match_id, "b" * 64, 0.876543, ["Tiene 3 de 4 habilidades"], "proposed"
    )
    monkeypatch.setattr(reports, "shortlist", lambda _, *, vacancy_id: [entry])
    [shown] = client.get("/v1/vacancies/V-1/shortlist").json()
    reference = shown.pop("candidate")
    assert shown == {
        "rank": 1,
        "match_id": str(MATCH.match_id),
        "score": 0.8765,
        "status": "proposed",
        "reasons": ["Tiene 3 de 4 habilidades"],
    }
    # An opaque reference of this employer's: never the stream pseudonym.
    assert reference.startswith("c_") and "b" * 64 not in reference
    assert client.get("/v1/vacancies/NOPE/shortlist").status_code == 404


@pytest.mark.usefixtures("known")
def test_an_outcome_of_an_unknown_match_is_404(client: TestClient, producer: Producer) -> None:
    unknown = uuid.uuid4()
    body = {"match_id": str(unknown), "outcome": "hired", "occurred_at": "2026-11-01T10:00Z"}
    response = client.post("/v1/outcomes", json=body)
    assert response.status_code == 404
    assert response.json() == {"detail": f"la vinculación {unknown} no existe"}
    assert client.post("/v1/outcomes", json=body | {"occurred_at": "2026-11-01"}).status_code == 422
    accepted = client.post("/v1/outcomes", json=body | {"match_id": str(MATCH.match_id)})
    assert accepted.status_code == 202
    [event] = [o.event for o in producer.sent]
    assert isinstance(event, PlacementOutcome) and event.reported_by is Reporter.EMPLOYER


def open_and_answer(
    client: TestClient, path: str, link_token: str, answer: str
) -> tuple[httpx.Response, httpx.Response]:
    """Open the e-mail's link (GET), then press the answer's button (POST) as a browser would."""
    shown = client.get(path, params={"t": link_token, "respuesta": answer})
    csrf = re.search(r'name="csrf" value="([^"]+)"', shown.text)
    assert csrf is not None, shown.text
    pressed = client.post(path, data={"t": link_token, "csrf": csrf.group(1), "respuesta": answer})
    return shown, pressed


@pytest.mark.usefixtures("known")
def test_opening_a_link_changes_nothing_and_a_second_answer_publishes_the_same_event(
    client: TestClient, producer: Producer
) -> None:
    path = f"/coincidencias/{MATCH.match_id}"
    for _ in range(2):
        shown, pressed = open_and_answer(client, path, MATCH_TOKEN, "me-interesa")
        assert shown.status_code == 200 and "text/html" in shown.headers["content-type"]
        # The answer chosen in the e-mail stands out, and is named; only the press sends it.
        assert 'value="me-interesa" class="principal">Me interesa</button>' in shown.text
        assert "En el correo elegiste «Me interesa»" in shown.text
        assert pressed.status_code == 200
        assert "Avisamos a la empresa de tu interés" in pressed.text
    client.get(path, params={"t": MATCH_TOKEN})  # a mail scanner following the link
    first, second = (o.event for o in producer.sent)
    assert isinstance(first, PlacementOutcome) and first.outcome is OutcomeKind.APPLIED
    assert first.event_id == second.event_id
    _, declined = open_and_answer(client, path, MATCH_TOKEN, "no-me-interesa")
    assert "No volveremos" in declined.text
    assert len(producer.sent) == 3


@pytest.mark.usefixtures("known")
def test_links_without_a_valid_token_or_csrf_are_refused(
    client: TestClient, producer: Producer
) -> None:
    path = f"/coincidencias/{MATCH.match_id}"
    other = token(LinkPurpose.MATCH_ANSWER, uuid.uuid4())
    expired = token(LinkPurpose.MATCH_ANSWER, MATCH.match_id, at=datetime(2020, 1, 1, tzinfo=UTC))
    follow_up = token(LinkPurpose.FOLLOW_UP_ANSWER, MATCH.match_id)
    for bad in (other, expired, follow_up, MATCH_TOKEN[:-3] + "abc"):
        refused = client.get(path, params={"t": bad})
        assert refused.status_code == 403 and "text/html" in refused.headers["content-type"]
    assert client.get(path).status_code == 422
    no_cookie = TestClient(client.app)
    forged = no_cookie.post(path, data={"t": MATCH_TOKEN, "csrf": "x", "respuesta": "me-interesa"})
    assert forged.status_code == 403 and "no vino de Vincula" in forged.text
    unknown = uuid.uuid4()
    missing = client.get(
        f"/coincidencias/{unknown}", params={"t": token(LinkPurpose.MATCH_ANSWER, unknown)}
    )
    assert missing.status_code == 404 and "No encontramos" in missing.text
    assert producer.sent == []


@pytest.mark.parametrize(
    ("answer", "kind"),
    [("sigo-trabajando-ahi", OutcomeKind.RETAINED_3M), ("no-estoy-trabajando", OutcomeKind.LEFT)],
)
@pytest.mark.usefixtures("known")
def test_a_follow_up_answer_is_an_outcome(
    client: TestClient, producer: Producer, answer: str, kind: OutcomeKind
) -> None:
    path = f"/seguimientos/{FOLLOW_UP_ID}"
    shown, reply = open_and_answer(client, path, FOLLOW_UP_TOKEN, answer)
    assert "Han pasado 3 meses" in shown.text
    assert reply.status_code == 200 and "Gracias por contarnos cómo te va." in reply.text
    [event] = [o.event for o in producer.sent]
    assert isinstance(event, PlacementOutcome) and event.outcome is kind
    assert event.reported_by is Reporter.GRADUATE and event.match_id == MATCH.match_id


def test_placements_keep_suppressed_cells_null(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [reports.PlacementRow("CMX", 12, None, None)]
    asked: list[str] = []

    def placements_by(_: object, *, dimension: reports.Dimension) -> list[reports.PlacementRow]:
        asked.append(dimension)
        return rows

    monkeypatch.setattr(reports, "placements_by", placements_by)
    assert client.get("/v1/reports/placements").status_code == 403  # an employer's credential
    act_as(client.app, TokenRole.MINISTRY)  # type: ignore[arg-type]
    report = client.get("/v1/reports/placements", params={"by": "state"})
    assert report.json() == [{"value": "CMX", "matched": 12, "hired": None, "retained": None}]
    assert client.get("/v1/reports/placements").status_code == 200
    assert client.get("/v1/reports/placements", params={"by": "city"}).status_code == 422
    assert asked == ["state", "programme"]


@pytest.mark.usefixtures("known")
def test_another_employers_vacancy_looks_like_one_that_does_not_exist(
    client: TestClient, producer: Producer
) -> None:
    for response in (
        client.get("/v1/vacancies/V-9/shortlist"),
        client.post("/v1/vacancies/V-9/close", json={"reason": "cancelled"}),
        client.post("/v1/vacancies", json=vacancy_body(vacancy_id="V-9")),
    ):
        assert response.status_code == 404
        assert response.json() == {"detail": "la vacante V-9 no existe"}
    assert producer.sent == []


@pytest.mark.usefixtures("known")
def test_an_employer_posts_only_for_itself(client: TestClient, producer: Producer) -> None:
    response = client.post("/v1/vacancies", json=vacancy_body(employer_id="otra-empresa"))
    assert response.status_code == 403
    assert producer.sent == []


@pytest.mark.usefixtures("known")
def test_outcomes_of_other_tenants_are_404_and_the_reporter_is_the_role(
    app: FastAPI, client: TestClient, producer: Producer
) -> None:
    body = {"match_id": str(MATCH.match_id), "outcome": "hired", "occurred_at": "2026-11-01T10:00Z"}
    act_as(app, TokenRole.EMPLOYER, employer="otra-empresa")
    assert client.post("/v1/outcomes", json=body).status_code == 404
    act_as(app, TokenRole.PROGRAMME, programme="aws")
    assert client.post("/v1/outcomes", json=body).status_code == 404
    act_as(app, TokenRole.PROGRAMME, programme="tecnm_infotec")
    assert client.post("/v1/outcomes", json=body).status_code == 202
    claimed = body | {"reported_by": "graduate"}
    assert client.post("/v1/outcomes", json=claimed).status_code == 422
    act_as(app, TokenRole.MINISTRY)
    assert client.post("/v1/outcomes", json=body).status_code == 403
    [event] = [o.event for o in producer.sent]
    assert isinstance(event, PlacementOutcome) and event.reported_by is Reporter.PROGRAMME


def test_without_a_credential_every_organisation_endpoint_is_401(app: FastAPI) -> None:
    with TestClient(app) as client:
        for method, path, body in LOOP_REQUESTS:
            if not path.startswith("/v1/"):
                continue
            response = client.request(method, path, json=body)
            assert response.status_code == 401, path
            assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "hook",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.0.0.5/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
    ],
)
def test_a_webhook_to_a_non_public_address_is_refused_at_registration(
    client: TestClient, producer: Producer, hook: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(webhooks, "registered_endpoint", lambda connection, employer_id: None)
    response = client.put("/v1/webhook", json={"url": hook})
    assert response.status_code == 422
    assert "no pública" in response.json()["detail"][0]["msg"]
    assert producer.sent == []


@pytest.mark.usefixtures("known")
def test_a_vacancy_naming_its_own_webhook_is_refused(
    client: TestClient, producer: Producer
) -> None:
    body = vacancy_body(webhook_url="https://rh.example.mx/hook")
    response = client.post("/v1/vacancies", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "webhook_url"]
    assert producer.sent == []
