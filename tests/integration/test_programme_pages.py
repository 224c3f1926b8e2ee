"""The programme's page over HTTP, against the real broker and database.

A programme uploads a cohort file and reads the load report: the same rows,
fields and reasons as the JSON API's, rows of other issuers refused. Its
placement figures count only its own graduates, with small cells suppressed.
"""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from models.materialise import apply_event
from schemas.codec import parse_event
from schemas.enums import OutcomeKind
from schemas.matches import MatchProposed
from schemas.registry import AnyEvent
from streams.proposals import match_id
from tests.integration.factories import EXAMPLES, graduate, months_ago, outcome, vacancy
from tests.integration.helpers import bearer, query
from tests.integration.test_employer_pages import csrf_of, sign_in
from vincula.api import create_api
from vincula.settings import Settings
from vincula.synthetic.cohorts import write_cohort_csv

pytestmark = pytest.mark.integration

ISSUER = "tecnm_infotec"


def proposal(name: str, vacancy_id: str) -> MatchProposed:
    """The example proposal, for a test person and a vacancy."""
    person = graduate(name)
    event = parse_event((EXAMPLES / "MatchProposed" / "v1.json").read_bytes()).model_copy(
        update={
            "match_id": match_id(person.graduate_id, vacancy_id),
            "graduate_id": person.graduate_id,
            "vacancy_id": vacancy_id,
            "event_id": match_id(person.graduate_id, f"event:{vacancy_id}"),
        }
    )
    assert isinstance(event, MatchProposed)
    return event


def fold(url: str, events: list[AnyEvent]) -> None:
    """Apply events to the test's database through the real state fold."""

    async def run() -> None:
        async with await psycopg.AsyncConnection.connect(url) as connection:
            for event in events:
                await apply_event(connection, event)

    asyncio.run(run())


def seed_placements(url: str) -> None:
    """12 graduates of ISSUER (11 matched, 10 hired) and 3 of another issuer, all hired."""
    at = months_ago(2)
    events: list[AnyEvent] = [vacancy("PROG-1", at=at, seats=100)]
    ours = [f"prog-{n}" for n in range(12)]
    theirs = [f"ajena-{n}" for n in range(3)]
    events += [graduate(name, at=at) for name in ours]
    events += [graduate(name, at=at, issuer="aws") for name in theirs]
    events += [proposal(name, "PROG-1") for name in ours[:11] + theirs]
    events += [outcome(name, "PROG-1", OutcomeKind.HIRED, at=at) for name in ours[:10] + theirs]
    fold(url, events)


def upload(client: TestClient, path: Path, **fields: str) -> tuple[int, str]:
    """Send ``path`` through the page's upload form."""
    shown = client.get("/programa")
    assert shown.status_code == 200, shown.text
    with path.open("rb") as handle:
        sent = client.post(
            "/programa/cohortes",
            data={"csrf": csrf_of(shown.text), **fields},
            files={"archivo": (path.name, handle, "text/csv")},
        )
    return sent.status_code, sent.text


def cells(text: str) -> list[tuple[str, str, str]]:
    """The rows of the load report's table: line, column and reason, as shown."""
    rows = re.findall(
        r'<tr><td class="numero">([\d,]+)</td><td><code>(.*?)</code></td><td>(.*?)</td></tr>', text
    )
    return [(line, html.unescape(field), html.unescape(reason)) for line, field, reason in rows]


def test_a_programme_uploads_a_cohort_reads_every_rejected_line_and_its_own_figures(
    settings: Settings, tmp_path: Path
) -> None:
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    seed_placements(url)
    cohort = write_cohort_csv(
        tmp_path / "cohorte-otoño.csv",
        40,
        bad_fraction=0.15,
        seed=7,
        reference_data_dir=settings.reference_data_dir,
    )
    app = create_api(settings)
    with TestClient(app) as client, TestClient(app) as employer:
        away = client.get("/programa", follow_redirects=False)
        assert away.status_code == 303 and away.headers["location"].startswith("/entrar")
        sign_in(client, settings, "programme", programme=ISSUER)
        sign_in(employer, settings, "employer", employer="aeroparts-queretaro")
        assert employer.get("/programa").status_code == 403

        # Its own figures: 12 graduates, 11 matched, 10 hired; small cells are «<10».
        page = client.get("/programa").text
        assert "TecNM / Infotec" in page
        figures = re.findall(r'<span class="cifra">([^<]*)</span>', page)
        assert [html.unescape(f) for f in figures] == ["12", "11", "<10", "10", "<10"]

        # Only checking the file stores nothing; the report is the JSON API's, line by line.
        status, checked = upload(client, cohort.path, solo_validar="true")
        assert status == 200 and "Solo se revisó el archivo" in checked
        assert query(url, "SELECT count(*) FROM contacts") == [(0,)]
        programme = bearer(settings, "programme", programme=ISSUER)
        with cohort.path.open("rb") as handle:
            api = client.post(
                "/v1/cohorts",
                params={"dry_run": "true"},
                files={"file": (cohort.path.name, handle)},
                headers=programme,
            ).json()
        shown = cells(checked)
        assert shown == [(f"{e['line']:,}", e["field"], e["reason"]) for e in api["errors"]]
        # Every bad line is there, and so is every row of another issuer.
        assert set(cohort.bad_lines) <= {int(line) for line, _, _ in shown}
        assert any(field == "emisor" for _, field, _ in shown)

        status, loaded = upload(client, cohort.path)
        assert status == 200 and "Informe de la carga de «cohorte-otoño.csv»" in loaded
        assert "filas aceptadas" in loaded and cells(loaded) == shown
        assert query(url, "SELECT count(*)::int FROM contacts") == [(api["accepted"],)]
        assert f'<span class="cifra">{api["accepted"]}</span><br>filas aceptadas' in loaded
        # Personal data of the file never comes back on the page.
        rows = cohort.path.read_text(encoding="utf-8").splitlines()[1:]
        curps = [curp for row in rows if (curp := row.split(",", 1)[0])]
        assert not any(curp in loaded for curp in curps)

        # A file that cannot be read at all, no file, a stale form: Spanish answers.
        (tmp_path / "notas.txt").write_text("hola\n", encoding="utf-8")
        status, text = upload(client, tmp_path / "notas.txt")
        assert status == 400 and "No se reconoce el formato" in text
        (tmp_path / "vacio.csv").write_text("curp,nombre\n", encoding="utf-8")
        status, text = upload(client, tmp_path / "vacio.csv")
        assert status == 400 and "le faltan columnas" in text
        shown_page = client.get("/programa")
        none = client.post("/programa/cohortes", data={"csrf": csrf_of(shown_page.text)})
        assert none.status_code == 400 and "Elija el archivo de la cohorte." in none.text
        forged = client.post("/programa/cohortes", data={"csrf": "otra"})
        assert forged.status_code == 403 and "venció" in forged.text
