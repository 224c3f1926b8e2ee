"""An employer's day in a real browser: post a vacancy, watch its shortlist fill, record a hire.

Headless Chromium against the live server, a worker, the broker and the
database. The graduates arrive as a programme would send them: a cohort
file uploaded through ``/programa`` in another browser context.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.integration.browser.conftest import LiveServer, screenshot, sign_in
from tests.integration.conftest import StartWorker
from tests.integration.helpers import bearer, eventually, query
from tests.integration.test_pipeline import all_partitions
from vincula.local.stack import wait_for_assignment
from vincula.synthetic.cohorts import write_cohort_csv
from vincula.web.formats import MEXICO_CITY

EMPLOYER = "nube-datos-cdmx"


def upload_cohort(browser: Browser, server: LiveServer, path: Path) -> None:
    """A programme uploads ``path`` through its page, in its own browser context."""
    context = browser.new_context(locale="es-MX", timezone_id="America/Mexico_City")
    try:
        programme = context.new_page()
        sign_in(programme, server, server.token("programme", programme="tecnm_infotec"))
        programme.get_by_label("Archivo de la cohorte").set_input_files(path)
        programme.get_by_role("button", name="Cargar la cohorte").click()
        expect(programme.get_by_role("heading", name="Informe de la carga")).to_be_visible()
    finally:
        context.close()


def fill_vacancy(page: Page, closes_on: str) -> None:
    """Fill the vacancy form as a person would, leaving the title for later."""
    page.get_by_label("Identificador de la vacante").fill("NUBE-1")
    page.get_by_label("Nombre de la empresa").fill("Nube y Datos de México")
    page.get_by_label("Tipo de vacante").select_option(label="Empleo")
    page.get_by_label("Descripción").fill("Modelos de datos y tableros para clientes del Bajío.")
    page.get_by_label("Idioma en que está escrita").select_option(label="Español")
    page.get_by_label("Sector").select_option(label="Software")
    page.get_by_label("Estado").select_option(label="Ciudad de México")
    page.get_by_label("Ciudad o municipio").fill("Tlalpan")
    page.get_by_label("Modalidad").select_option(label="Remota")
    page.get_by_label("Plazas").fill("3")
    page.get_by_label("Habilidades requeridas").fill("Python\nSQL")
    page.get_by_label("Sueldo mensual mínimo (MXN)").fill("25,000")
    page.get_by_label("Sueldo mensual máximo (MXN)").fill("20,000")
    page.get_by_label("Fecha de cierre").fill(closes_on)


def hires(url: str) -> int:
    """People hired, as the ministry's reports count them."""
    [(count,)] = query(
        url, "SELECT count(DISTINCT graduate_id)::int FROM outcomes WHERE outcome = 'hired'"
    )
    assert isinstance(count, int)
    return count


def test_an_employer_posts_a_vacancy_sees_its_shortlist_fill_and_records_a_hire(
    page: Page,
    browser: Browser,
    live_server: LiveServer,
    start_worker: StartWorker,
    tmp_path: Path,
) -> None:
    settings = live_server.settings
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    wait_for_assignment([start_worker()], all_partitions(settings))

    sign_in(page, live_server, live_server.token("employer", employer=EMPLOYER))
    expect(page).to_have_url(f"{live_server.url}/empresa")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mis vacantes")
    page.get_by_role("link", name="Publicar una vacante").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publicar una vacante")
    closes_on = (datetime.now(MEXICO_CITY) + timedelta(days=45)).strftime("%d/%m/%Y")
    fill_vacancy(page, closes_on)
    page.get_by_role("button", name="Publicar").click()
    # The mistakes come back in Spanish, summarised and under their fields.
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Revise los 2 campos marcados")
    expect(alert).to_contain_text("Escriba el título del puesto.")
    expect(page.get_by_label("Título del puesto")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("es menor que el mínimo")).to_have_count(2)
    expect(page.get_by_label("Ciudad o municipio")).to_have_value("Tlalpan")
    screenshot(page, "empresa-formulario-errores")
    page.get_by_label("Título del puesto").fill("Analista de datos junior")
    page.get_by_label("Sueldo mensual máximo (MXN)").fill("32,000")
    page.get_by_role("button", name="Publicar").click()
    expect(page.get_by_role("status")).to_contain_text("Recibimos la vacante")
    eventually(lambda: query(url, "SELECT 1 FROM vacancies WHERE vacancy_id = 'NUBE-1'"))
    page.get_by_role("link", name="Actualizar la lista").click()
    row = page.get_by_role("row").filter(has_text="Analista de datos junior")
    expect(row).to_contain_text("Tlalpan, Ciudad de México")
    expect(row).to_contain_text("Software")
    expect(row).to_contain_text(closes_on)
    expect(row).to_contain_text("Abierta")

    # A programme loads its cohort; the worker matches its graduates to the vacancy.
    cohort = write_cohort_csv(
        tmp_path / "cohorte.csv", 60, seed=11, reference_data_dir=settings.reference_data_dir
    )
    upload_cohort(browser, live_server, cohort.path)
    eventually(lambda: query(url, "SELECT 1 FROM matches WHERE vacancy_id = 'NUBE-1'"), timeout=90)
    page.get_by_role("link", name="Analista de datos junior").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Analista de datos junior")
    candidates = page.locator("ol.candidatos > li")

    def shown() -> int:
        page.reload()
        return candidates.count()

    eventually(shown, timeout=60)
    first = candidates.first
    expect(first.get_by_role("heading")).to_contain_text("1. Persona c_")
    expect(first).to_contain_text("Habilidades requeridas:")
    expect(first).to_contain_text("Por qué se propone")
    expect(first).to_contain_text("Aún no responde")
    screenshot(page, "empresa-lista-corta")

    # The hire, from the keyboard: focus the button and press Enter.
    before = hires(url)
    reference = first.get_attribute("id")
    assert reference is not None and reference.startswith("c_")
    first.get_by_role("button", name="Registrar contratación").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Registramos la contratación")
    eventually(lambda: hires(url) == before + 1)
    eventually(
        lambda: query(
            url, "SELECT 1 FROM vacancies WHERE vacancy_id = 'NUBE-1' AND seats_filled = 1"
        )
    )
    page.reload()
    expect(page.locator(f"li#{reference}")).to_contain_text("Contratada")
    expect(page.get_by_text("1 de 3 cubiertas")).to_be_visible()
    screenshot(page, "empresa-contratacion")

    # The ministry's count moved: its dashboard if it is served, its JSON report in any case.
    ministry = bearer(settings, "ministry")
    report = httpx.get(f"{live_server.url}/v1/reports/placements", headers=ministry).json()
    assert report, "the report lists the hire's programme (its small cells suppressed)"
    # Without a session a page that exists sends to sign in; one not built yet is 404.
    if httpx.get(f"{live_server.url}/tablero", follow_redirects=False).status_code != 404:
        context = browser.new_context(locale="es-MX", timezone_id="America/Mexico_City")
        try:
            dashboard = context.new_page()
            sign_in(dashboard, live_server, live_server.token("ministry"))
            expect(dashboard).to_have_url(f"{live_server.url}/tablero")
            screenshot(dashboard, "tablero-tras-contratacion")
        finally:
            context.close()

    # Closing the vacancy asks why, then shows it closed in the list.
    page.get_by_role("link", name="Cerrar la vacante").click()
    page.get_by_label("Cubierta").check()
    page.get_by_role("button", name="Cerrar la vacante").click()
    expect(page.get_by_role("status")).to_contain_text("Recibimos el cierre")
    eventually(lambda: query(url, "SELECT 1 FROM vacancies WHERE status = 'closed'"))
    page.reload()
    expect(page.get_by_role("row").filter(has_text="Analista de datos junior")).to_contain_text(
        "Cerrada: cubierta"
    )
    screenshot(page, "empresa-vacantes")
