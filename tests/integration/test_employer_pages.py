"""The employer's pages over HTTP, against a real worker, broker and database.

An employer signs in, posts a vacancy through the form (first with mistakes,
shown in Spanish under each field), reads the explained shortlist once the
worker has matched, sees the graduate's answer, records an interview and a
hire with the page's buttons, edits the vacancy and closes it. Another
employer's session finds nothing; a programme's is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

import pytest
from fastapi.testclient import TestClient

from schemas.codec import parse_event
from schemas.vacancies import VacancyPosted
from streams.notify.links import LinkPurpose
from streams.processing import Outgoing
from streams.producer import EventProducer
from streams.topics import VACANCIES, Topics
from tests.integration.factories import graduate
from tests.integration.helpers import bearer, eventually, query, read_topic
from tests.integration.test_api_loop import answer_link, signed
from tests.integration.test_pipeline import all_partitions
from vincula.api import create_api
from vincula.local.stack import WorkerProcess, wait_for_assignment
from vincula.settings import Settings
from vincula.web.formats import MEXICO_CITY

pytestmark = pytest.mark.integration

EMPLOYER = "aeroparts-queretaro"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(text: str) -> str:
    """The CSRF value a page's forms repeat."""
    found = CSRF.search(text)
    assert found is not None, text
    return found.group(1)


def sign_in(client: TestClient, settings: Settings, role: str, **scope: str) -> None:
    """Open a page session for a fresh credential, through the sign-in form."""
    token = bearer(settings, role, **scope)["Authorization"].removeprefix("Bearer ")
    shown = client.get("/entrar")
    signed_in = client.post(
        "/entrar", data={"token": token, "csrf": csrf_of(shown.text)}, follow_redirects=False
    )
    assert signed_in.status_code == 303, signed_in.text


def closing_day(days: int = 60) -> str:
    """A closing date ``days`` ahead, as people in Mexico write it."""
    return (datetime.now(MEXICO_CITY) + timedelta(days=days)).strftime("%d/%m/%Y")


def vacancy_form(**changes: str) -> dict[str, str]:
    """The form of the example vacancy (Querétaro, hybrid, AWS-CCP), as a person fills it."""
    return {
        "vacancy_id": "PAG-1",
        "employer_name": "Aeropartes del Bajío S.A. de C.V.",
        "kind": "job",
        "title": "Analista de datos de manufactura",
        "description": "Integrarás datos de sensores en la nube y construirás tableros.",
        "language": "es",
        "sector": "aerospace",
        "state": "QUE",
        "city": "Colón",
        "modality": "hybrid",
        "seats": "2",
        "required_skills": "SQL\nPython\nanálisis de datos",
        "nice_to_have_skills": "Power BI",
        "required_credentials": "aws-ccp",
        "nice_to_have_credentials": "",
        "english_level": "B1",
        "salary_min_mxn": "$22,000",
        "salary_max_mxn": "30,000 MXN",
        "closes_on": closing_day(),
    } | changes


def press(client: TestClient, page: str, action: str, **fields: str) -> tuple[int, str]:
    """Open ``page`` and send one of its forms to ``action`` with ``fields``."""
    shown = client.get(page)
    assert shown.status_code == 200, shown.text
    sent = client.post(action, data={"csrf": csrf_of(shown.text), **fields}, follow_redirects=False)
    return sent.status_code, sent.headers.get("location", sent.text)


def test_an_employer_posts_reads_records_edits_and_closes_through_its_pages(
    settings: Settings, start_worker: Callable[..., WorkerProcess]
) -> None:
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    wait_for_assignment([start_worker()], all_partitions(settings))
    app = create_api(settings)
    with TestClient(app) as client, TestClient(app) as other, TestClient(app) as programme:
        # Without a session the pages send to sign in, and back afterwards.
        away = client.get("/empresa/vacantes/nueva", follow_redirects=False)
        assert away.status_code == 303
        assert away.headers["location"] == "/entrar?siguiente=/empresa/vacantes/nueva"
        sign_in(client, settings, "employer", employer=EMPLOYER)
        sign_in(other, settings, "employer", employer="otra-empresa")
        sign_in(programme, settings, "programme", programme="tecnm_infotec")
        empty = client.get("/empresa")
        assert empty.status_code == 200 and "Aún no hay vacantes" in empty.text
        refused = programme.get("/empresa")
        assert refused.status_code == 403 and "no permite" in refused.text

        # Mistakes come back in Spanish, under their fields, with what was typed kept.
        wrong = vacancy_form(
            title="", closes_on="30/02/2027", salary_min_mxn="40,000", seats="muchas"
        )
        status, text = press(client, "/empresa/vacantes/nueva", "/empresa/vacantes/nueva", **wrong)
        assert status == 422
        assert "Escriba el título del puesto." in text
        assert "Escriba la fecha como dd/mm/aaaa" in text
        assert "es menor que el mínimo" in text
        assert "Escriba un número entero de plazas" in text
        assert 'aria-invalid="true" aria-describedby="title-error"' in text
        assert 'value="Colón"' in text and "Revise los 4 campos marcados" in text
        assert query(url, "SELECT count(*) FROM vacancies") == [(0,)]

        status, location = press(
            client, "/empresa/vacantes/nueva", "/empresa/vacantes/nueva", **vacancy_form()
        )
        assert (status, location) == (303, "/empresa?aviso=publicada")
        eventually(lambda: query(url, "SELECT 1 FROM vacancies WHERE vacancy_id = 'PAG-1'"))
        [stored] = query(
            url,
            "SELECT employer_id, required_credentials, salary_min_mxn, salary_max_mxn, seats"
            " FROM vacancies",
        )
        assert stored == (EMPLOYER, ["AWS-CCP"], 22000, 30000, 2)
        listing = client.get("/empresa", params={"aviso": "publicada"}).text
        assert "Recibimos la vacante" in listing
        assert "Analista de datos de manufactura" in listing and "Querétaro" in listing
        assert "Aeroespacial" in listing and closing_day() in listing
        # The same id again is refused, not silently turned into an update.
        status, text = press(
            client, "/empresa/vacantes/nueva", "/empresa/vacantes/nueva", **vacancy_form()
        )
        assert status == 422 and "Ya publicó una vacante con ese identificador" in text
        status, text = press(
            other, "/empresa/vacantes/nueva", "/empresa/vacantes/nueva", **vacancy_form()
        )
        assert status == 422 and "no está disponible" in text

        # One graduate shares their profile with employers, one does not.
        sharing = graduate("pagina-lola")
        private = graduate(
            "pagina-nadie",
            consents={"matching": True, "share_with_employers": False, "notifications": True},
        )
        with EventProducer(settings) as producer:
            producer.send_all([Outgoing(key=g.graduate_id, event=g) for g in (sharing, private)])
        [(match_id,)] = eventually(
            lambda: query(
                url, "SELECT match_id FROM matches WHERE graduate_id = %s", (sharing.graduate_id,)
            )
        )
        eventually(lambda: len(query(url, "SELECT 1 FROM matches")) == 2)
        page = client.get("/empresa/vacantes/PAG-1").text
        assert "habilidades requeridas" in page and "Habilidades requeridas:" in page
        # The example graduate's credential was a typed yes, stored before signatures.
        assert "AWS Certified Cloud Practitioner" in page
        assert "verificada por el programa, sin firma" in page
        assert "Aún no responde" in page and "Propuesta" in page
        assert page.count('name="resultado" value="hired"') == 1, "only the sharing graduate"
        for pseudonym in (sharing.graduate_id, private.graduate_id):
            assert pseudonym not in page

        # The graduate says «me interesa» from the e-mail; the employer sees the answer.
        token = signed(settings, LinkPurpose.MATCH_ANSWER, match_id)
        assert answer_link(client, f"/coincidencias/{match_id}", token, "me-interesa").is_success
        eventually(lambda: "Le interesa (" in client.get("/empresa/vacantes/PAG-1").text)

        # Another employer's session finds nothing, exactly as an unknown vacancy.
        theirs = other.get("/empresa/vacantes/PAG-1")
        unknown = other.get("/empresa/vacantes/NADA-1")
        assert theirs.status_code == unknown.status_code == 404
        assert CSRF.sub("", theirs.text) == CSRF.sub("", unknown.text)
        status, _ = press(
            other,
            "/empresa",
            "/empresa/vacantes/PAG-1/resultados",
            match_id=str(match_id),
            resultado="hired",
        )
        assert status == 404

        # Interview, then hire, with the shortlist's buttons.
        page_path = "/empresa/vacantes/PAG-1"
        for outcome in ("interviewed", "hired"):
            status, location = press(
                client,
                page_path,
                f"{page_path}/resultados",
                match_id=str(match_id),
                resultado=outcome,
            )
            assert status == 303 and location.startswith(f"{page_path}?aviso={outcome}#c_")
            reached = "SELECT 1 FROM matches WHERE match_id = %s AND status = %s"
            eventually(partial(query, url, reached, (match_id, outcome)))
        assert query(
            url, "SELECT outcome FROM outcomes WHERE reported_by = 'employer' ORDER BY occurred_at"
        ) == [("interviewed",), ("hired",)]
        eventually(lambda: query(url, "SELECT 1 FROM vacancies WHERE seats_filled = 1"))
        hired_page = client.get(page_path, params={"aviso": "hired"}).text
        assert "Registramos la contratación" in hired_page and "Contratada" in hired_page
        assert "1 de 2 cubiertas" in hired_page

        # Editing shows the vacancy as stored, in Mexico's formats, and replaces it whole.
        form = client.get(f"{page_path}/editar").text
        assert 'value="22,000"' in form and f'value="{closing_day()}"' in form
        assert "AWS-CCP</textarea>" in form
        status, location = press(
            client,
            f"{page_path}/editar",
            f"{page_path}/editar",
            **vacancy_form(title="Analista de datos (turno matutino)", vacancy_id="OTRA"),
        )
        assert (status, location) == (303, f"{page_path}?aviso=actualizada")
        eventually(
            lambda: query(url, "SELECT 1 FROM vacancies WHERE strpos(title, 'turno matutino') > 0")
        )
        assert query(url, "SELECT vacancy_id FROM vacancies") == [("PAG-1",)]

        # A form without the page's CSRF value changes nothing.
        forged = client.post(
            f"{page_path}/cerrar", data={"csrf": "x", "reason": "cancelled"}, follow_redirects=False
        )
        assert forged.status_code == 403 and "venció" in forged.text

        # Closing asks why; then the vacancy closes and can no longer be edited.
        status, text = press(client, f"{page_path}/cerrar", f"{page_path}/cerrar")
        assert status == 422 and "Elija por qué cierra la vacante." in text
        status, location = press(
            client, f"{page_path}/cerrar", f"{page_path}/cerrar", reason="cancelled"
        )
        assert (status, location) == (303, "/empresa?aviso=cerrada")
        eventually(lambda: query(url, "SELECT 1 FROM vacancies WHERE status = 'closed'"))
        assert "Cerrada: cancelada" in client.get("/empresa").text
        assert client.get(f"{page_path}/editar").status_code == 409


def test_the_form_publishes_the_very_event_the_json_api_publishes(settings: Settings) -> None:
    """The page and ``POST /v1/vacancies`` build one event for the same vacancy: one id."""
    employer = bearer(settings, "employer", employer=EMPLOYER)
    with TestClient(create_api(settings)) as client:
        sign_in(client, settings, "employer", employer=EMPLOYER)
        status, _ = press(
            client, "/empresa/vacantes/nueva", "/empresa/vacantes/nueva", **vacancy_form()
        )
        assert status == 303
        body = {
            "vacancy_id": "PAG-1",
            "employer_id": EMPLOYER,
            "employer_name": "Aeropartes del Bajío S.A. de C.V.",
            "kind": "job",
            "title": "Analista de datos de manufactura",
            "description": "Integrarás datos de sensores en la nube y construirás tableros.",
            "language": "es",
            "sector": "aerospace",
            "state": "QUE",
            "city": "Colón",
            "modality": "hybrid",
            "seats": 2,
            "required_skills": ["SQL", "Python", "análisis de datos"],
            "nice_to_have_skills": ["Power BI"],
            "required_credentials": ["AWS-CCP"],
            "english_level": "B1",
            "salary_min_mxn": 22000,
            "salary_max_mxn": 30000,
            "closes_on": datetime.strptime(closing_day(), "%d/%m/%Y").date().isoformat(),
        }
        accepted = client.post("/v1/vacancies", json=body, headers=employer)
        assert accepted.status_code == 202, accepted.text
    topic = Topics(settings.topic_namespace).name(VACANCIES)
    events = [
        parse_event(value or b"")
        for _, value, _ in read_topic(settings.kafka_bootstrap, topic, expected=2)
    ]
    assert [type(event) for event in events] == [VacancyPosted, VacancyPosted]
    assert str(events[0].event_id) == str(events[1].event_id) == accepted.json()["event_id"]
