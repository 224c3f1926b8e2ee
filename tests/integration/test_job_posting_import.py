"""JobPosting JSON-LD through the real API, broker, worker and database."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.conftest import StartWorker
from tests.integration.helpers import bearer, eventually, query
from tests.integration.test_pipeline import all_partitions
from vincula.api import create_api
from vincula.local.stack import wait_for_assignment
from vincula.settings import Settings

pytestmark = pytest.mark.integration

POSTINGS = Path(__file__).resolve().parents[1] / "unit" / "streams" / "ingest" / "job_postings"
EMPLOYER = "aeroparts-queretaro"
LD_JSON = {"Content-Type": "application/ld+json"}


def posting(name: str) -> dict[str, Any]:
    """A stored fixture document, closing a month from now."""
    document: dict[str, Any] = json.loads((POSTINGS / name).read_text(encoding="utf-8"))
    return document | {"validThrough": (date.today() + timedelta(days=30)).isoformat()}


def test_a_job_posting_is_published_stored_and_replaced(
    settings: Settings, start_worker: StartWorker
) -> None:
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    wait_for_assignment([start_worker()], all_partitions(settings))
    document = posting("google_full_time.json")
    with TestClient(
        create_api(settings), headers=bearer(settings, "employer", employer=EMPLOYER)
    ) as client:
        answer = client.post("/v1/vacancies/jsonld", content=json.dumps(document), headers=LD_JSON)
        assert answer.status_code == 202, answer.text
        [published] = answer.json()["vacancies"]
        assert published["vacancy_id"] == f"{EMPLOYER}.REQ-2026-014"
        assert published["updated"] is False
        sql = (
            "SELECT employer_id, title, state, city, modality, sector, seats, salary_min_mxn,"
            " salary_max_mxn, required_skills, description FROM vacancies WHERE vacancy_id = %s"
        )
        [row] = eventually(lambda: query(url, sql, (published["vacancy_id"],)))
        assert row[:10] == (
            EMPLOYER,
            "Ingeniera o ingeniero de datos",
            "QUE",
            "Colón",
            "on_site",
            "aerospace",
            2,
            28000,
            35000,
            ["Python", "SQL", "Power BI"],
        )
        assert "- Modelar datos de producción" in str(row[10]) and "<" not in str(row[10])

        # The same identifier again, edited: the stored vacancy is replaced, not duplicated.
        edited = document | {"totalJobOpenings": 3}
        again = client.post("/v1/vacancies/jsonld", json=edited)  # plain application/json too
        assert again.status_code == 202, again.text
        assert again.json()["vacancies"][0]["updated"] is True
        eventually(lambda: query(url, "SELECT 1 FROM vacancies WHERE seats = 3") or None)
        assert query(url, "SELECT count(*) FROM vacancies") == [(1,)]

        # Another employer's credential makes its own vacancy, never touches this one.
        other = bearer(settings, "employer", employer="otra-empresa")
        theirs = client.post("/v1/vacancies/jsonld", json=document, headers=other)
        assert theirs.json()["vacancies"][0]["vacancy_id"] == "otra-empresa.REQ-2026-014"


def test_a_document_with_problems_is_answered_422_and_nothing_is_published(
    settings: Settings, start_worker: StartWorker
) -> None:
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    wait_for_assignment([start_worker()], all_partitions(settings))
    good = posting("remote_english.json")
    bad = posting("usd_salary.json")
    with TestClient(
        create_api(settings), headers=bearer(settings, "employer", employer=EMPLOYER)
    ) as client:
        refused = client.post(
            "/v1/vacancies/jsonld",
            content=json.dumps({"@context": "https://schema.org", "@graph": [good, bad]}),
            headers=LD_JSON,
        )
        assert refused.status_code == 422, refused.text
        assert refused.json()["errors"] == [
            {
                "property": "@graph[1].baseSalary.currency",
                "message": "«USD»: Vincula publica sueldos en pesos mexicanos (MXN); exprese el "
                "sueldo en MXN o quite baseSalary",
            }
        ]
        broken = client.post("/v1/vacancies/jsonld", content=b"{no es json", headers=LD_JSON)
        assert broken.status_code == 400
        text = client.post(
            "/v1/vacancies/jsonld", content=b"{}", headers={"Content-Type": "text/plain"}
        )
        assert text.status_code == 415
        # The good posting alone goes through, so the worker was there to store the bad one.
        accepted = client.post("/v1/vacancies/jsonld", json=good)
        assert accepted.status_code == 202, accepted.text
    eventually(lambda: query(url, "SELECT vacancy_id FROM vacancies") or None)
    assert query(url, "SELECT vacancy_id, modality FROM vacancies") == [
        (f"{EMPLOYER}.CSE-7781", "remote")
    ]
