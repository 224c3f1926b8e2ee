"""The graduate's pages in a real browser, with JavaScript off, against a worker, broker and
database: the profile from its link, «Me interesa», a consent withdrawn, asking for a link.

Every control is reached by its role and accessible name, as a screen reader or a
keyboard user would reach it; the consent is withdrawn from the keyboard.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from models.contacts import Contact, PostgresContactStore
from schemas.codec import parse_event
from schemas.enums import ConsentPurpose
from schemas.graduates import ConsentChanged
from streams.notify.links import LinkPurpose, LinkSigner
from streams.processing import Outgoing
from streams.producer import EventProducer
from streams.topics import CONSENTS, Topics
from tests.integration.browser.conftest import LiveServer, screenshot
from tests.integration.factories import graduate, months_ago, vacancy
from tests.integration.helpers import eventually, query, read_topic
from tests.integration.test_pipeline import all_partitions
from vincula.local.stack import WorkerProcess, wait_for_assignment
from vincula.settings import Settings

pytestmark = pytest.mark.integration

VACANCY = "NAVEGADOR-1"
NAME, EMAIL = "Ana Ruiz", "ana.navegador@example.mx"
SHARING = "Compartir tu perfil con las empresas"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh context in Mexican Spanish with JavaScript off: the pages must not need it."""
    context = browser.new_context(
        locale="es-MX",
        timezone_id="America/Mexico_City",
        viewport={"width": 1280, "height": 900},
        java_script_enabled=False,
    )
    context.set_default_timeout(20_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def signed(settings: Settings, purpose: LinkPurpose, subject: str) -> str:
    """The token of a link as the worker puts it in an e-mail."""
    signer = LinkSigner(settings.link_signing_key.get_secret_value().encode())
    return signer.sign(purpose, subject, now=datetime.now(UTC))


def shortlisted(server: LiveServer, employer: str) -> list[str]:
    """The match ids of the vacancy's shortlist, as the employer's API client reads it."""
    response = httpx.get(
        f"{server.url}/v1/vacancies/{VACANCY}/shortlist",
        headers={"Authorization": f"Bearer {server.token('employer', employer=employer)}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return [entry["match_id"] for entry in response.json()]


def consent_changes(settings: Settings, graduate_id: str) -> list[ConsentChanged]:
    """The graduate's ConsentChanged events on consents.v1."""
    topic = Topics(settings.topic_namespace).name(CONSENTS)
    found = read_topic(settings.kafka_bootstrap, topic, expected=1, timeout=5)
    events = [parse_event(value or b"") for _, value, _ in found]
    return [e for e in events if isinstance(e, ConsentChanged) and e.graduate_id == graduate_id]


def test_a_graduate_answers_a_match_and_withdraws_sharing_from_the_profile_page(
    page: Page, live_server: LiveServer, start_worker: Callable[..., WorkerProcess]
) -> None:
    settings = live_server.settings
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    wait_for_assignment([start_worker()], all_partitions(settings))
    posted = vacancy(VACANCY, seats=2, at=months_ago(1))
    person = graduate("navegador-ana", at=months_ago(1))
    with PostgresContactStore(url) as contacts:
        contacts.upsert_contacts([Contact(person.graduate_id, NAME, EMAIL, "5512345678")])
    with EventProducer(settings) as producer:
        producer.send_all([Outgoing(key=posted.vacancy_id, event=posted)])
        producer.send_all([Outgoing(key=person.graduate_id, event=person)])
    [(match,)] = eventually(
        lambda: query(url, "SELECT match_id FROM matches WHERE vacancy_id = %s", (VACANCY,))
    )
    assert eventually(lambda: shortlisted(live_server, posted.employer_id)) == [str(match)]

    # The profile link opens the page: the match, why it was proposed, and the answers.
    token = signed(settings, LinkPurpose.PROFILE, person.graduate_id)
    page.goto(f"{live_server.url}/perfil?t={token}")
    expect(page).to_have_title("Tu perfil en Vincula · Vincula")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tu perfil en Vincula")
    expect(page.get_by_text(f"Hola, {NAME}:")).to_be_visible()
    card = page.get_by_role("article", name=posted.title)
    expect(card.get_by_role("heading", level=3)).to_have_text(posted.title)
    expect(card).to_contain_text("Estado: propuesta, espera tu respuesta.")
    expect(card).to_contain_text(re.compile(r"Propuesta el \d{2}/\d{2}/\d{4}\."))
    expect(card.get_by_role("listitem").filter(has_text="habilidades requeridas")).to_be_visible()
    expect(page.get_by_label("Correo electrónico")).to_have_value(EMAIL)
    screenshot(page, "perfil")

    # «Me interesa»: the button's name says which vacancy it answers.
    card.get_by_role("button", name=f"Me interesa: {posted.title}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Respuesta recibida")
    expect(page.get_by_text("Avisamos a la empresa de tu interés")).to_be_visible()
    screenshot(page, "perfil-respuesta")
    eventually(
        lambda: query(
            url, "SELECT 1 FROM matches WHERE match_id = %s AND status = 'applied'", (match,)
        )
    )
    page.get_by_role("link", name="Volver a mi perfil").click()
    expect(page.get_by_role("article", name=posted.title)).to_contain_text(
        "Estado: te interesa; avisamos a la empresa."
    )

    # Withdrawing sharing, from the keyboard: the button names the purpose it withdraws.
    withdraw = page.get_by_role("button", name=f"Retirar consentimiento: {SHARING}")
    expect(page.get_by_role("button", name=re.compile("^Retirar consentimiento: "))).to_have_count(
        3
    )
    withdraw.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Consentimiento guardado")
    expect(page.get_by_text(f"Retiramos tu consentimiento: {SHARING}")).to_be_visible()
    screenshot(page, "perfil-consentimiento")
    [changed] = eventually(lambda: consent_changes(settings, person.graduate_id))
    assert (changed.purpose, changed.granted) == (ConsentPurpose.SHARE_WITH_EMPLOYERS, False)
    eventually(lambda: shortlisted(live_server, posted.employer_id) == [])
    page.get_by_role("link", name="Volver a mi perfil").click()
    consent = page.get_by_role("listitem").filter(has_text=SHARING)
    expect(consent).to_contain_text(re.compile(r"lo retiraste el \d{2}/\d{2}/\d{4}\."))
    expect(consent.get_by_role("button")).to_contain_text(f"Dar consentimiento: {SHARING}")
    expect(page.get_by_role("table")).to_contain_text("Fecha y hora")
    screenshot(page, "perfil-actualizado")

    # Deleting asks first; going back deletes nothing.
    page.get_by_role("link", name="Borrar mis datos…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Borrar todos tus datos?")
    screenshot(page, "perfil-borrar")
    page.get_by_role("link", name="No, volver a mi perfil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tu perfil en Vincula")
    assert query(url, "SELECT 1 FROM contacts WHERE graduate_id = %s", (person.graduate_id,))

    # The match e-mail's own page: the answer picked in the e-mail stands out, nothing is sent.
    answer = signed(settings, LinkPurpose.MATCH_ANSWER, str(match))
    page.goto(f"{live_server.url}/coincidencias/{match}?t={answer}&respuesta=no-me-interesa")
    expect(
        page.get_by_role("group", name="¿Te interesa la vacante que te propusimos?")
    ).to_be_visible()
    expect(page.get_by_text("En el correo elegiste «No me interesa».")).to_be_visible()
    screenshot(page, "respuesta-correo")
    assert query(url, "SELECT status FROM matches WHERE match_id = %s", (match,)) == [("applied",)]

    # A link that is no link: a Spanish page with the way out.
    page.goto(f"{live_server.url}/perfil")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enlace no válido")
    expect(page.get_by_role("link", name="Pide un enlace nuevo a tu correo")).to_be_visible()
    screenshot(page, "perfil-sin-enlace")


def test_asking_for_a_link_answers_the_same_for_a_known_and_an_unknown_address(
    page: Page, live_server: LiveServer
) -> None:
    settings = live_server.settings
    assert settings.database_url is not None
    person = graduate("navegador-beto", at=months_ago(1))
    with PostgresContactStore(settings.database_url.get_secret_value()) as contacts:
        contacts.upsert_contacts([Contact(person.graduate_id, "Beto Gil", EMAIL, None)])

    def ask(address: str) -> str:
        page.goto(f"{live_server.url}/perfil/enlace")
        expect(page.get_by_role("heading", level=1)).to_have_text("Entra a tu perfil")
        page.get_by_label("Tu correo electrónico").fill(address)
        page.get_by_role("button", name="Enviarme el enlace").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Revisa tu correo")
        return page.content()

    page.goto(f"{live_server.url}/perfil/enlace")
    screenshot(page, "perfil-enlace")
    known = ask(EMAIL)
    screenshot(page, "perfil-enlace-enviado")
    assert ask("nadie.navegador@example.mx") == known
    assert EMAIL not in known

    # An address the browser lets through but Vincula cannot use: the field says why.
    page.goto(f"{live_server.url}/perfil/enlace")
    page.get_by_label("Tu correo electrónico").fill("ana@ejemplo")
    page.get_by_role("button", name="Enviarme el enlace").click()
    field = page.get_by_label("Tu correo electrónico")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("Escribe un correo completo"))
    expect(field).to_have_value("ana@ejemplo")
    screenshot(page, "perfil-enlace-error")
