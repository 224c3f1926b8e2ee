"""The ministry's dashboard in a real browser, on state the real workers built from Kafka."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from schemas.enums import OutcomeKind
from streams.processing import Outgoing
from streams.producer import EventProducer
from tests.integration.browser.conftest import LiveServer, screenshot, sign_in
from tests.integration.factories import graduate, months_ago, outcome, vacancy
from tests.integration.helpers import eventually, query
from tests.integration.test_pipeline import all_partitions
from vincula.local.stack import WorkerProcess, wait_for_assignment
from vincula.settings import Settings

pytestmark = pytest.mark.integration

DATA = "Centro de IA TecNM Tláhuac — Ciencia de datos"  # the example graduate's programme
CLOUD = "Capacitación AWS — Fundamentos de la nube"
CHARTS = 11  # funnel, indicators, series, credentials, 3 gaps, 4 fairness tables


def produce(settings: Settings, *items: Outgoing) -> None:
    with EventProducer(settings) as producer:
        producer.send_all(items)


def count(url: str, sql: str, *parameters: object) -> int:
    [(value,)] = query(url, sql, parameters)
    assert isinstance(value, int)
    return value


def build_state(settings: Settings, start_worker: Callable[..., WorkerProcess]) -> str:
    """50 graduates matched by the workers; 30 hires reported, 10 still there at 6 months."""
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    wait_for_assignment([start_worker()], all_partitions(settings))
    at = months_ago(15)
    posted = vacancy("AERO-TAB", seats=45, at=at)
    produce(settings, Outgoing(key=posted.vacancy_id, event=posted))
    eventually(lambda: query(url, "SELECT 1 FROM vacancies WHERE vacancy_id = 'AERO-TAB'"))
    people = [graduate(f"datos-{i}", at=at) for i in range(30)]
    people += [
        graduate(f"nube-{i}", at=at, programme=CLOUD, issuer="aws", state="QUE", sex="female")
        for i in range(20)
    ]
    produce(settings, *(Outgoing(key=p.graduate_id, event=p) for p in people))
    eventually(lambda: count(url, "SELECT count(*)::int FROM matches") == 50, timeout=120)
    hired = [f"datos-{i}" for i in range(20)] + [f"nube-{i}" for i in range(10)]
    reports = [outcome(name, "AERO-TAB", OutcomeKind.HIRED, at=months_ago(14)) for name in hired]
    reports += [
        outcome(f"datos-{i}", "AERO-TAB", OutcomeKind.RETAINED_6M, at=months_ago(8))
        for i in range(10)
    ]
    produce(settings, *(Outgoing(key=str(r.match_id), event=r) for r in reports))
    eventually(lambda: count(url, "SELECT count(*)::int FROM outcomes") >= 40, timeout=120)
    return url


def figure(page: Page, label: str) -> str:
    """The headline figure under ``label``."""
    return page.locator(".tarjeta", has_text=label).first.locator(".cifra").inner_text()


def table_text(page: Page, key: str) -> list[list[str]]:
    """A table of the page as text, header first."""
    table = page.locator(f"#tabla-{key}")
    header = [
        table.locator("thead th").nth(i).inner_text()
        for i in range(table.locator("thead th").count())
    ]
    rows = [header]
    for row in table.locator("tbody tr").all():
        rows.append([cell.inner_text() for cell in row.locator("th, td").all()])
    return rows


def as_csv_text(shown: str) -> str:
    """What the CSV file writes for a cell shown on the page: no commas, no «%»."""
    return shown.replace(",", "").removesuffix(" %").strip()


def test_the_ministry_filters_the_dashboard_and_downloads_a_table(
    page: Page,
    live_server: LiveServer,
    settings: Settings,
    start_worker: Callable[..., WorkerProcess],
) -> None:
    url = build_state(settings, start_worker)
    sign_in(page, live_server, live_server.token("ministry"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tablero de colocación")
    charts = page.locator("svg[role=img]")
    expect(charts).to_have_count(CHARTS)
    for index in range(CHARTS):
        chart = charts.nth(index)
        expect(chart).to_be_visible()
        assert chart.bounding_box() is not None and chart.bounding_box()["height"] > 50  # type: ignore[index]
        assert chart.locator("title").text_content()
    matched = count(url, "SELECT count(DISTINCT graduate_id)::int FROM matches")
    assert figure(page, "Vinculadas") == f"{matched:,}" == "50"
    assert figure(page, "Tasa de colocación") == "60.0 %"  # 30 of 50

    # A filter, chosen with the keyboard-accessible form, changes the numbers to the database's.
    page.get_by_label("Programa", exact=True).select_option(label=CLOUD)
    page.get_by_label("Desglosar el embudo por").select_option(label="Estado de residencia")
    page.get_by_role("button", name="Aplicar filtros").click()
    page.wait_for_load_state()
    assert "programa=" in page.url and "por=estado" in page.url
    cloud = count(
        url,
        "SELECT count(DISTINCT m.graduate_id)::int FROM matches m"
        " JOIN graduates g USING (graduate_id) WHERE g.programme = %s",
        CLOUD,
    )
    hired = count(
        url,
        "SELECT count(DISTINCT o.graduate_id)::int FROM outcomes o"
        " JOIN graduates g USING (graduate_id) WHERE g.programme = %s AND o.outcome = 'hired'",
        CLOUD,
    )
    expect(page.locator(".tarjeta", has_text="Vinculadas").first.locator(".cifra")).to_have_text(
        f"{cloud:,}"
    )
    assert (cloud, hired) == (20, 10)
    assert figure(page, "Contratadas") == "10"
    funnel = table_text(page, "embudo-estado")
    assert funnel[1][0] == "Querétaro"  # a state's name, not its code
    screenshot(page, "tablero")

    # The CSV file of the funnel is the table on the page, suppression included.
    with page.expect_download() as download_info:
        page.get_by_role(
            "link", name="Descargar «Embudo de colocación por estado de residencia» en CSV"
        ).click()
    download = download_info.value
    path = download.path()
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert lines[0] == funnel[0]
    assert [line[0] for line in lines[1:]] == [row[0] for row in funnel[1:]]
    for line, row in zip(lines[1:], funnel[1:], strict=True):
        assert line[1:] == [as_csv_text(cell) for cell in row[1:]]
    assert any("<10" in row for row in lines)  # the funnel's later steps are small

    # Dates as people in Mexico write them; a date that does not exist is named, in Spanish.
    page.get_by_label("Certificadas desde").fill("31/02/2026")
    page.get_by_role("button", name="Aplicar filtros").click()
    expect(page.get_by_role("alert")).to_contain_text("no es una fecha válida")
    expect(page.get_by_label("Certificadas desde")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "tablero-error")
    page.get_by_label("Certificadas desde").fill("01/01/2026")  # after these certifications
    page.get_by_role("button", name="Aplicar filtros").click()
    expect(page.locator(".tarjeta", has_text="Egresadas").first.locator(".cifra")).to_have_text(
        "<10"
    )
