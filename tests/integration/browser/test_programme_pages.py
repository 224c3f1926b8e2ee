"""A training programme's page in a real browser: upload a cohort, read the load report.

Headless Chromium against the live server, a worker, the broker and the
database: every rejected line is listed with its column and reason, and the
programme's own figures follow its graduates once the worker stores them.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from schemas.enums import STATE_NAMES
from tests.integration.browser.conftest import LiveServer, screenshot, sign_in
from tests.integration.conftest import StartWorker
from tests.integration.helpers import eventually, query
from tests.integration.test_pipeline import all_partitions
from vincula.local.stack import wait_for_assignment
from vincula.synthetic.cohorts import write_cohort_csv


def test_a_programme_uploads_a_cohort_and_reads_every_rejected_line(
    page: Page, live_server: LiveServer, start_worker: StartWorker, tmp_path: Path
) -> None:
    settings = live_server.settings
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    wait_for_assignment([start_worker()], all_partitions(settings))
    cohort = write_cohort_csv(
        tmp_path / "egresados-2026.csv",
        50,
        bad_fraction=0.1,
        seed=3,
        reference_data_dir=settings.reference_data_dir,
    )

    sign_in(page, live_server, live_server.token("programme", programme="tecnm_infotec"))
    expect(page).to_have_url(f"{live_server.url}/programa")
    expect(page.get_by_role("heading", level=1)).to_have_text("TecNM / Infotec")
    page.get_by_label("Archivo de la cohorte").set_input_files(cohort.path)
    page.get_by_label("Solo revisar el archivo").check()
    page.get_by_role("button", name="Cargar la cohorte").click()
    expect(page.get_by_text("Solo se revisó el archivo")).to_be_visible()
    assert query(url, "SELECT count(*) FROM contacts") == [(0,)]

    page.get_by_label("Archivo de la cohorte").set_input_files(cohort.path)
    page.get_by_role("button", name="Cargar la cohorte").click()
    report = page.get_by_role("region", name="Informe de la carga")
    expect(report.get_by_role("heading")).to_have_text(
        "Informe de la carga de «egresados-2026.csv»"
    )
    problems = report.get_by_role("table")
    lines = {
        int(cell.replace(",", "")) for cell in problems.locator("tbody td.numero").all_inner_texts()
    }
    # Every bad line of the file is reported, and so is every row of another issuer.
    assert set(cohort.bad_lines) <= lines
    expect(problems.locator("tbody tr").filter(has_text="emisor").first).to_be_visible()
    for row in problems.locator("tbody tr").all():
        assert len(row.locator("td").all_inner_texts()) == 3
    screenshot(page, "programa-informe")

    # The worker stores the graduates; the programme's figures count them, by state name.
    [(accepted,)] = query(url, "SELECT count(*)::int FROM contacts")
    assert isinstance(accepted, int) and accepted > 0
    eventually(lambda: query(url, "SELECT count(*)::int FROM graduates") == [(accepted,)])
    page.get_by_role("link", name="Mi programa").click()
    figures = page.get_by_role("region", name="Colocación de sus egresados")
    by_state = figures.get_by_role("table", name="Por estado donde viven")
    states = by_state.locator("tbody th").all_inner_texts()
    assert states and set(states) <= set(STATE_NAMES.values())
    expect(figures.locator(".cifra").first).to_have_text(
        f"{accepted:,}" if accepted >= 10 else "<10"
    )
    screenshot(page, "programa")
