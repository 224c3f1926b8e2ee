"""The ministry's dashboard against the real database: its numbers are what the state says.

The state is folded from events into this test's database; the API reads it. Every
count checked here is also counted with plain SQL, independently of the dashboard.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from fastapi.testclient import TestClient

from models.materialise import apply_event
from schemas.base import BaseEvent
from schemas.codec import parse_event
from schemas.enums import OutcomeKind
from schemas.matches import MatchProposed
from streams.proposals import match_id
from tests.integration.factories import EXAMPLES, graduate, graduate_id, outcome, vacancy
from tests.integration.helpers import bearer, query
from vincula.api import create_api
from vincula.dashboard.export import BOM
from vincula.settings import Settings
from vincula.web.formats import MEXICO_CITY

pytestmark = pytest.mark.integration

AWS = "Capacitación AWS — Fundamentos de la nube"
CONALEP = "CONALEP Aprendices Digitales — Google Cloud"
LONG_AGO = datetime.now(UTC) - timedelta(days=430)
RECENTLY = datetime.now(UTC) - timedelta(days=60)


def proposal(name: str, vacancy_id: str, at: datetime) -> MatchProposed:
    """The example proposal, for a test person and a vacancy."""
    event = parse_event((EXAMPLES / "MatchProposed" / "v1.json").read_bytes()).model_copy(
        update={
            "event_id": match_id(graduate_id(name), vacancy_id),
            "match_id": match_id(graduate_id(name), vacancy_id),
            "graduate_id": graduate_id(name),
            "vacancy_id": vacancy_id,
            "event_time": at,
        }
    )
    assert isinstance(event, MatchProposed)
    return event


def cohort_events() -> list[BaseEvent]:
    """40 AWS graduates in Querétaro and 30 CONALEP graduates in Nuevo León, and what followed.

    Groups of ten, so that the totals publish whole. AWS: 30 matched to an aerospace job
    and interested, 20 hired 14 months ago, 10 of them still there at 6 and 12 months.
    CONALEP (20 women, 10 men): 20 matched to an automotive internship, 10 interested and
    hired two months ago.
    """
    events: list[BaseEvent] = [
        vacancy("V-AERO", at=LONG_AGO, seats=60, closes_on="2030-01-31"),
        vacancy(
            "V-AUTO",
            at=LONG_AGO,
            seats=40,
            kind="internship",
            sector="automotive",
            state="NLE",
            required_skills=["Python", "SQL", "Kubernetes"],
            closes_on="2030-01-31",
        ),
    ]
    certified = LONG_AGO - timedelta(days=30)
    for i in range(40):
        name = f"aws-{i}"
        events.append(
            graduate(name, at=certified, programme=AWS, issuer="aws", state="QUE", campus=None)
        )
        if i < 30:
            events.append(proposal(name, "V-AERO", LONG_AGO))
        steps = [(i < 30, OutcomeKind.APPLIED, 1), (i < 20, OutcomeKind.HIRED, 5)]
        steps += [(i < 10, OutcomeKind.RETAINED_6M, 190), (i < 10, OutcomeKind.RETAINED_12M, 370)]
        for chosen, kind, days in steps:
            if chosen:
                events.append(outcome(name, "V-AERO", kind, at=LONG_AGO + timedelta(days=days)))
    badge = {
        "kind": "badge",
        "vendor_code": "GCP-CDL",
        "name": "Google Cloud Digital Leader",
        "track": "cloud",
        "issued_on": "2025-06-01",
        "verified": True,
    }
    for i in range(30):
        name = f"conalep-{i}"
        events.append(
            graduate(
                name,
                at=RECENTLY - timedelta(days=20),
                programme=CONALEP,
                issuer="conalep",
                state="NLE",
                sex="female" if i < 20 else "male",
                credentials=[badge],
            )
        )
        if i < 20:
            events.append(proposal(name, "V-AUTO", RECENTLY))
        if i < 10:
            events.append(outcome(name, "V-AUTO", OutcomeKind.APPLIED, at=RECENTLY))
            events.append(outcome(name, "V-AUTO", OutcomeKind.HIRED, at=RECENTLY))
    return events


def seed(url: str) -> None:
    """Fold the cohort's events into the database, as the workers would."""

    async def fold() -> None:
        async with await psycopg.AsyncConnection.connect(url) as connection:
            for event in cohort_events():
                await apply_event(connection, event)
                await connection.commit()

    asyncio.run(fold())


@pytest.fixture
def seeded(settings: Settings) -> Iterator[tuple[Settings, str]]:
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    seed(url)
    yield settings, url


def sign_in(client: TestClient, settings: Settings, role: str = "ministry", **scope: str) -> None:
    """Open a page session in ``client`` with a fresh credential of ``role``."""
    token = bearer(settings, role, **scope)["Authorization"].removeprefix("Bearer ")
    shown = client.get("/entrar")
    csrf = re.search(r'name="csrf" value="([^"]+)"', shown.text)
    assert csrf is not None
    answer = client.post(
        "/entrar", data={"token": token, "csrf": csrf.group(1)}, follow_redirects=False
    )
    assert answer.status_code == 303, answer.text


def cells(table: dict[str, object], row: str) -> dict[str, object]:
    """A JSON table's row by key, as column → value (None where suppressed)."""
    for item in table["filas"]:  # type: ignore[attr-defined]
        if item["clave"] == row:
            return {c["columna"]: c["valor"] for c in item["celdas"]}
    raise AssertionError(f"no row {row}")


def count(url: str, sql: str, *parameters: object) -> int:
    [(value,)] = query(url, sql, parameters)
    assert isinstance(value, int)
    return value


HIRED = "('hired', 'retained_3m', 'retained_6m', 'retained_12m')"


def test_the_numbers_are_those_of_the_database_and_filters_combine(
    seeded: tuple[Settings, str],
) -> None:
    settings, url = seeded
    ministry = bearer(settings, "ministry")
    with TestClient(create_api(settings)) as client:
        summary = client.get("/v1/tablero/resumen", headers=ministry).json()
        total = cells(summary, "total")
        assert total["graduates"] == count(url, "SELECT count(*)::int FROM graduates") == 70
        assert total["matched"] == count(
            url, "SELECT count(DISTINCT graduate_id)::int FROM matches"
        )
        assert total["hired"] == count(
            url, f"SELECT count(DISTINCT graduate_id)::int FROM outcomes WHERE outcome IN {HIRED}"
        )
        assert total["placement_rate"] == pytest.approx(30 / 50)
        # Employment at 6 months: AWS hires are 14 months old, CONALEP's too recent.
        assert total["employment_6m"] == pytest.approx(10 / 20)
        assert total["employment_12m"] == pytest.approx(10 / 20)
        assert total["same_employer_rate"] == pytest.approx(10 / 20)

        by_programme = client.get(
            "/v1/tablero/embudo", params={"por": "programa"}, headers=ministry
        ).json()
        for programme in (AWS, CONALEP):
            assert cells(by_programme, programme)["matched"] == count(
                url,
                "SELECT count(DISTINCT m.graduate_id)::int FROM matches m"
                " JOIN graduates g USING (graduate_id) WHERE g.programme = %s",
                programme,
            )

        # Filters combine: CONALEP graduates matched to automotive internships.
        only = client.get(
            "/v1/tablero/resumen",
            params={"emisor": "conalep", "sector": "automotive", "tipo_vacante": "internship"},
            headers=ministry,
        ).json()
        assert cells(only, "total")["matched"] == 20
        assert cells(only, "total")["hired"] == 10
        nobody = client.get(
            "/v1/tablero/resumen",
            params={"emisor": "conalep", "sector": "aerospace"},
            headers=ministry,
        ).json()
        assert cells(nobody, "total")["matched"] is None  # 0: under 10

        # The certification period and the cohort pick the AWS graduates only.
        month = (LONG_AGO - timedelta(days=30)).astimezone(MEXICO_CITY).strftime("%Y-%m")
        cohort = client.get(
            "/v1/tablero/resumen", params={"cohorte": f"{AWS}|{month}"}, headers=ministry
        )
        assert cells(cohort.json(), "total")["graduates"] == 40
        since = (RECENTLY - timedelta(days=40)).date().isoformat()
        recent = client.get("/v1/tablero/resumen", params={"desde": since}, headers=ministry)
        assert cells(recent.json(), "total")["graduates"] == 30

        refused = client.get(
            "/v1/tablero/resumen", params={"desde": "31/02/2026"}, headers=ministry
        )
        assert refused.status_code == 400 and "fecha" in refused.json()["detail"]
        wrong = client.get("/v1/tablero/serie", params={"por": "estado"}, headers=ministry)
        assert wrong.status_code == 400 and "no se desglosa" in wrong.json()["detail"]
        employer = bearer(settings, "employer", employer="aeroparts-queretaro")
        assert client.get("/v1/tablero/resumen", headers=employer).status_code == 403


def test_the_fairness_view_reads_sex_where_the_programme_recorded_it(
    seeded: tuple[Settings, str],
) -> None:
    settings, url = seeded
    assert count(url, "SELECT count(*)::int FROM graduates WHERE sex = 'female'") == 20
    ministry = bearer(settings, "ministry")
    with TestClient(create_api(settings)) as client:
        table = client.get(
            "/v1/tablero/exposicion", params={"por": "sexo"}, headers=ministry
        ).json()
    labels = {row["clave"]: row["etiqueta"] for row in table["filas"]}
    assert labels == {
        "female": "Mujer",
        "male": "Hombre",
        "no_informado": "No registrado",
        "total": "Total",
    }
    assert cells(table, "no_informado")["graduates"] == 40
    assert cells(table, "female")["graduates"] == 20
    assert cells(table, "male")["graduates"] == 10
    assert cells(table, "male")["matched"] is None  # none of the men: 0 is under 10
    assert cells(table, "total")["share_graduates"] == 1.0


def test_every_table_hides_small_cells_and_its_csv_is_the_same_table(
    seeded: tuple[Settings, str],
) -> None:
    settings, _ = seeded
    ministry = bearer(settings, "ministry")
    tables = [
        ("resumen", None),
        *(("embudo", por) for por in ("programa", "estado", "sector", "cohorte", "edad")),
        ("indicadores", "tipo_vacante"),
        ("exposicion", "sexo"),
        ("serie", None),
        ("credenciales", None),
        *(("brecha", por) for por in ("habilidad", "sector", "estado")),
    ]
    with TestClient(create_api(settings)) as client:
        sign_in(client, settings)
        for name, por in tables:
            params = {"por": por} if por else {}
            table = client.get(f"/v1/tablero/{name}", params=params, headers=ministry).json()
            kinds = {c["clave"]: c["tipo"] for c in table["columnas"]}
            for row in table["filas"]:
                for cell in row["celdas"]:
                    if kinds[cell["columna"]] in ("personas", "plazas"):
                        assert cell["valor"] is None or cell["valor"] >= 10, (name, row, cell)
                        assert (cell["valor"] is None) == cell["suprimida"]
            answer = client.get(f"/tablero/{name}.csv", params=params)
            assert answer.status_code == 200
            assert answer.headers["content-type"].startswith("text/csv")
            assert "attachment" in answer.headers["content-disposition"]
            assert answer.content.startswith(BOM.encode("utf-8"))
            lines = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
            assert lines[0][1:] == [
                c["etiqueta"] + {"tasa": " (%)", "dias": " (días)"}.get(c["tipo"], "")
                for c in table["columnas"]
            ]
            assert [line[0] for line in lines[1:]] == [r["etiqueta"] for r in table["filas"]]
            for line, row in zip(lines[1:], table["filas"], strict=True):
                for text, cell, column in zip(
                    line[1:], row["celdas"], table["columnas"], strict=True
                ):
                    assert text == csv_text(cell, column["tipo"]), (name, row["clave"], column)


def csv_text(cell: dict[str, object], kind: str) -> str:
    """What the CSV file must say for a JSON cell."""
    value = cell["valor"]
    if value is None:
        return "<10" if cell["suprimida"] and kind in ("personas", "plazas") else "—"
    assert isinstance(value, int | float)
    if kind in ("personas", "plazas"):
        return str(int(value))
    return {"tasa": f"{value * 100:.1f}", "razon": f"{value:.2f}"}.get(kind, f"{value:.1f}")


def test_the_page_shows_every_chart_and_a_filter_error_in_spanish(
    seeded: tuple[Settings, str],
) -> None:
    settings, _ = seeded
    with TestClient(create_api(settings)) as client:
        anonymous = client.get("/tablero", follow_redirects=False)
        assert anonymous.status_code == 303
        assert anonymous.headers["location"].startswith("/entrar?siguiente=/tablero")
        sign_in(client, settings)
        page = client.get("/tablero", params={"por": "estado"})
        assert page.status_code == 200
        html = page.text
        # Funnel, indicators, series, credentials, 3 gaps and 4 fairness tables.
        assert html.count('role="img"') == 11
        assert html.count("<title id=") == 11
        assert "Nuevo León" in html and "Querétaro" in html
        assert "cdn" not in html.lower() and "<script" not in html
        assert 'href="/tablero/embudo.csv?por=estado"' in html
        bad = client.get("/tablero", params={"desde": "2026-13-01", "estado": "XX"})
        assert bad.status_code == 400
        assert 'aria-invalid="true"' in bad.text
        assert "no es una fecha válida" in bad.text and "El estado «XX» no existe" in bad.text

    with TestClient(create_api(settings)) as client:
        sign_in(client, settings, "employer", employer="aeroparts-queretaro")
        assert client.get("/tablero", follow_redirects=False).status_code == 403
