"""The graduate's own pages on the real broker, database, worker and SMTP server.

A graduate asks for a link with their address (an unknown address gets the
very same page and no e-mail), opens the e-mailed link, and uses every right
from the page: answer a match, change a consent, correct their contact,
download their data, object and delete. Refusals need no worker: a missing
CSRF value, a forged, expired or absent link, another person's match.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs

import psycopg
import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from models.contacts import Contact, PostgresContactStore
from models.erasures import PERSONAL_TABLES
from models.materialise import apply_event
from schemas.codec import parse_event
from schemas.enums import ConsentPurpose, NotificationKind
from schemas.graduates import ConsentChanged, GraduateErased
from schemas.notifications import NotificationRequested
from schemas.outcomes import PlacementOutcome
from streams.flows import CONSUMED_TOPICS
from streams.notify.links import LinkPurpose, LinkSigner
from streams.processing import Outgoing
from streams.producer import EventProducer
from streams.proposals import match_id
from streams.topics import CONSENTS, ERASURES, NOTIFICATIONS, OUTCOMES, Topics
from tests.integration.factories import consent as consent_event
from tests.integration.factories import graduate, months_ago, vacancy
from tests.integration.helpers import bearer, caught_up, eventually, query, read_topic
from vincula.api import create_api
from vincula.local.ports import free_port
from vincula.local.stack import WorkerProcess, wait_for_assignment, worker_environment
from vincula.settings import Settings

pytestmark = pytest.mark.integration

BASE_URL = "https://vincula.example.mx"
SENT = "Si la dirección está registrada, te enviamos un enlace"
ACCESS_SUBJECT = "Tu enlace para entrar a tu perfil de Vincula"
PROFILE_LINE = (
    "Consulta, corrige, descarga o borra tus datos y cambia tus consentimientos"
    " (te enviamos un enlace de acceso): "
)
VACANCY = "PERFIL-1"
ANA = ("Ana Ruiz", "ana.ruiz@example.mx", "5512345678")
BETO = ("Beto Gil", "beto.gil@example.mx", "5587654321")
CURP = re.compile(r"[A-Z][AEIOUX][A-Z]{2}\d{6}[HM][A-Z]{5}[0-9A-Z]\d")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class MailSink:
    """An aiosmtpd handler that keeps every message it accepts."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"

    def to(self, address: str, subject: str = "") -> list[EmailMessage]:
        """The messages to ``address`` whose subject starts with ``subject``."""
        return [
            mail
            for mail in self.messages
            if mail["To"].addresses[0].addr_spec == address
            and str(mail["Subject"]).startswith(subject)
        ]


@pytest.fixture
def mail_sink() -> Iterator[tuple[MailSink, int]]:
    sink = MailSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


@pytest.fixture
def notifier(
    settings: Settings, mail_sink: tuple[MailSink, int], tmp_path: Path
) -> Iterator[WorkerProcess]:
    """A worker consuming every topic, sending e-mail to the test's SMTP server."""
    environment = {
        **worker_environment(settings),
        "VINCULA_SMTP_HOST": "127.0.0.1",
        "VINCULA_SMTP_PORT": str(mail_sink[1]),
        "VINCULA_PUBLIC_BASE_URL": BASE_URL,
    }
    worker = WorkerProcess(environment=environment, work_dir=tmp_path / "notifier")
    worker.start()
    try:
        topics = Topics(settings.topic_namespace)
        wait_for_assignment(
            [worker],
            {
                f"{topics.name(spec)}:{partition}"
                for spec in CONSUMED_TOPICS
                for partition in range(settings.topic_partitions)
            },
        )
        yield worker
    finally:
        worker.stop()


def url_of(settings: Settings) -> str:
    assert settings.database_url is not None
    return settings.database_url.get_secret_value()


def text_of(mail: EmailMessage) -> str:
    body = mail.get_body(preferencelist=("plain",))
    assert isinstance(body, EmailMessage)
    return str(body.get_content())


def token_after(text: str, prefix: str) -> str:
    """The ``t`` of the profile link that follows ``prefix`` in an e-mail's text."""
    match = re.search(re.escape(prefix) + re.escape(BASE_URL) + r"/perfil\?(\S+)", text)
    assert match is not None, text
    [token] = parse_qs(str(match.group(1)))["t"]
    return token


class Answer(Protocol):
    """What these tests read of a response (the test client's own class varies)."""

    @property
    def status_code(self) -> int: ...

    @property
    def text(self) -> str: ...


def csrf_of(response: Answer) -> str:
    found = CSRF.search(response.text)
    assert found is not None, response.text
    return found.group(1)


def events_on(settings: Settings, spec: Any, expected: int, timeout: float = 10.0) -> list[Any]:
    """The events of one topic of this test, read from the beginning."""
    name = Topics(settings.topic_namespace).name(spec)
    found = read_topic(settings.kafka_bootstrap, name, expected=expected, timeout=timeout)
    return [parse_event(value or b"") for _, value, _ in found]


def ask_for_link(client: TestClient, address: str) -> Answer:
    form = client.get("/perfil/enlace")
    assert form.status_code == 200 and "Entra a tu perfil" in form.text
    return client.post("/perfil/enlace", data={"correo": address, "csrf": csrf_of(form)})


def assert_nobody_else(text: str, *others: str) -> None:
    """None of ``others`` (another person's e-mail, phone or pseudonym) and no CURP."""
    assert [other for other in others if other in text] == []
    assert not CURP.search(text)


def rows_about(url: str, graduate_id: str) -> int:
    total = 0
    for table in (*PERSONAL_TABLES, "credentials"):
        [(count,)] = query(
            url, f"SELECT count(*) FROM {table} WHERE graduate_id = %s", (graduate_id,)
        )
        total += int(str(count))
    return total


def test_a_graduate_asks_for_a_link_opens_it_and_uses_every_right_from_the_page(
    settings: Settings, notifier: WorkerProcess, mail_sink: tuple[MailSink, int]
) -> None:
    sink, _ = mail_sink
    url = url_of(settings)
    ana, beto = graduate("perfil-ana", at=months_ago(1)), graduate("perfil-beto", at=months_ago(1))
    posted = vacancy(VACANCY, seats=3, at=months_ago(1))
    with PostgresContactStore(url) as contacts:
        contacts.upsert_contacts([Contact(ana.graduate_id, *ANA), Contact(beto.graduate_id, *BETO)])
    with EventProducer(settings) as producer:
        producer.send_all([Outgoing(key=posted.vacancy_id, event=posted)])
        producer.send_all([Outgoing(key=p.graduate_id, event=p) for p in (ana, beto)])
    eventually(lambda: query(url, "SELECT count(*) FROM matches HAVING count(*) = 2"))
    others = (BETO[1], BETO[2], beto.graduate_id)

    # Every e-mail Vincula sends on its own ends with the way to the profile: the page that
    # asks for a link, never a link that opens it (an old or forwarded message opens nothing).
    [proposal] = eventually(lambda: sink.to(ANA[1], "Tenemos una vacante para ti"))
    assert f"{PROFILE_LINE}{BASE_URL}/perfil/enlace" in text_of(proposal).splitlines()
    assert "/perfil?" not in proposal.as_string()
    assert_nobody_else(proposal.as_string(), *others)
    signer = LinkSigner(settings.link_signing_key.get_secret_value().encode())

    with TestClient(create_api(settings)) as client:
        # A known and an unknown address get the same page; only the known one an e-mail.
        before = datetime.now(UTC)
        known = ask_for_link(client, "ANA.RUIZ@Example.MX")
        unknown = ask_for_link(client, "nadie@example.mx")
        again = ask_for_link(client, ANA[1])
        after = datetime.now(UTC)
        assert known.status_code == unknown.status_code == again.status_code == 200
        assert known.text == unknown.text == again.text
        assert SENT in known.text
        assert "ana.ruiz" not in known.text.lower() and "nadie" not in unknown.text

        eventually(lambda: sink.to(ANA[1], ACCESS_SUBJECT))
        eventually(lambda: caught_up(settings))
        [access, *more] = sink.to(ANA[1], ACCESS_SUBJECT)
        requested = [
            event
            for event in events_on(settings, NOTIFICATIONS, expected=10)
            if isinstance(event, NotificationRequested) and event.kind is NotificationKind.ACCESS
        ]
        assert {event.graduate_id for event in requested} == {ana.graduate_id}
        same_minute = int(before.timestamp()) // 60 == int(after.timestamp()) // 60
        if same_minute:
            # The double submit within the minute is one notification, so one e-mail.
            assert len({event.notification_id for event in requested}) == 1
            assert more == []
        assert [m for m in sink.messages if ACCESS_SUBJECT in str(m["Subject"])] == [access, *more]
        assert_nobody_else(access.as_string(), *others)
        token = token_after(text_of(access), "\n  ")

        # The e-mailed link opens the profile: matches with reasons, consents, contact, history.
        shown = client.get("/perfil", params={"t": token})
        assert shown.status_code == 200
        for expected in (
            "Tu perfil en Vincula",
            "Hola, Ana Ruiz:",
            posted.title,
            "Por qué te la propusimos",
            "Me interesa",
            "Compartir tu perfil con las empresas",
            "Descargar mis datos",
            "Me opongo a la vinculación automática",
            "Enlace a tu perfil",
            ANA[1],
        ):
            assert expected in shown.text, expected
        assert_nobody_else(shown.text, *others)

        # Interest, from the profile, is the same outcome as from the match e-mail.
        mine = match_id(ana.graduate_id, VACANCY)
        answered = client.post(
            f"/perfil/coincidencias/{mine}",
            data={"t": token, "csrf": csrf_of(shown), "respuesta": "me-interesa"},
        )
        assert answered.status_code == 200 and "Avisamos a la empresa" in answered.text
        [outcome] = events_on(settings, OUTCOMES, expected=1)
        assert isinstance(outcome, PlacementOutcome) and outcome.match_id == mine
        eventually(
            lambda: query(
                url, "SELECT 1 FROM matches WHERE match_id = %s AND status = 'applied'", (mine,)
            )
        )

        # A consent withdrawn on the page is a ConsentChanged on consents.v1, and takes effect.
        employer = bearer(settings, "employer", employer=posted.employer_id)
        assert len(client.get(f"/v1/vacancies/{VACANCY}/shortlist", headers=employer).json()) == 2
        changed = client.post(
            "/perfil/consentimientos",
            data={
                "t": token,
                "csrf": csrf_of(shown),
                "purpose": "share_with_employers",
                "granted": "false",
            },
        )
        assert changed.status_code == 200 and "Retiramos tu consentimiento" in changed.text
        [consent] = [
            e for e in events_on(settings, CONSENTS, expected=1) if e.graduate_id == ana.graduate_id
        ]
        assert isinstance(consent, ConsentChanged)
        assert (consent.purpose, consent.granted) == (ConsentPurpose.SHARE_WITH_EMPLOYERS, False)
        eventually(
            lambda: (
                len(client.get(f"/v1/vacancies/{VACANCY}/shortlist", headers=employer).json()) == 1
            )
        )
        assert query(
            url,
            "SELECT granted FROM consents WHERE graduate_id = %s AND purpose = %s",
            (ana.graduate_id, "share_with_employers"),
        ) == [(False,)]
        refreshed = client.get("/perfil", params={"t": token})
        assert "lo retiraste el" in refreshed.text

        # A correction goes to the contact table; a malformed one changes nothing.
        csrf = csrf_of(refreshed)
        bad = client.post(
            "/perfil/contacto", data={"t": token, "csrf": csrf, "email": "sin-arroba"}
        )
        assert bad.status_code == 200 and "No guardamos los cambios" in bad.text
        # The profile comes back with the field marked and what was typed kept, to correct it.
        assert 'aria-invalid="true" aria-describedby="email-error"' in bad.text
        assert 'value="sin-arroba"' in bad.text and csrf_of(bad) == csrf
        fixed = client.post(
            "/perfil/contacto", data={"t": token, "csrf": csrf, "phone": "55 1111 2222"}
        )
        assert fixed.status_code == 200 and "Datos corregidos" in fixed.text
        assert query(
            url, "SELECT email, phone FROM contacts WHERE graduate_id = %s", (ana.graduate_id,)
        ) == [(ANA[1], "5511112222")]

        # The download is the JSON export, as a file, of this graduate only.
        download = client.get("/perfil/datos", params={"t": token})
        assert download.status_code == 200
        assert download.headers["content-type"].startswith("application/json")
        assert download.headers["content-disposition"].startswith("attachment")
        exported = download.json()
        assert exported == client.get("/v1/perfil", headers={"X-Vincula-Enlace": token}).json()
        assert exported["contact"]["email"] == ANA[1]
        assert [m["vacancy_id"] for m in exported["matches"]] == [VACANCY]
        assert_nobody_else(download.text, *others)

        # Deletion asks first (showing the question deletes nothing), then erases.
        confirm = client.get("/perfil/borrar", params={"t": token})
        assert confirm.status_code == 200 and "Sí, borrar todos mis datos" in confirm.text
        assert events_on(settings, ERASURES, expected=1, timeout=3) == []
        erased = client.post("/perfil/borrar", data={"t": token, "csrf": csrf_of(confirm)})
        assert erased.status_code == 200 and "Borramos tus datos" in erased.text
        [erasure] = events_on(settings, ERASURES, expected=1)
        assert isinstance(erasure, GraduateErased) and erasure.graduate_id == ana.graduate_id
        eventually(lambda: rows_about(url, ana.graduate_id) == 0)
        assert rows_about(url, beto.graduate_id) > 0
        gone = client.get("/perfil", params={"t": token})
        assert gone.status_code == 200 and "Aún no te hemos propuesto vacantes" in gone.text
        assert ANA[1] not in gone.text

        # Once erased, the address is nobody's: asking again sends nothing.
        eventually(lambda: caught_up(settings))
        count = len(sink.messages)
        assert ask_for_link(client, ANA[1]).text == unknown.text
        eventually(lambda: caught_up(settings))
        assert len(sink.messages) == count

        # A graduate who withdrew the notification consent still gets the link they ask for.
        with EventProducer(settings) as producer:
            withdrawn = consent_event("perfil-beto", "notifications", False, at=datetime.now(UTC))
            producer.send_all([Outgoing(key=beto.graduate_id, event=withdrawn)])
        eventually(
            lambda: query(
                url,
                "SELECT 1 FROM consents WHERE graduate_id = %s AND purpose = 'notifications'"
                " AND NOT granted",
                (beto.graduate_id,),
            )
        )
        assert ask_for_link(client, BETO[1]).text == unknown.text
        [theirs] = eventually(lambda: sink.to(BETO[1], ACCESS_SUBJECT))
        token = token_after(text_of(theirs), "\n  ")
        assert signer.verify(token, purpose=LinkPurpose.PROFILE, now=datetime.now(UTC)).subject == (
            beto.graduate_id
        )


def seed(url: str) -> tuple[str, str]:
    """Two graduates, a vacancy and the match of each, folded straight into the database."""
    ana, beto = graduate("pagina-ana"), graduate("pagina-beto")
    posted = vacancy(VACANCY)
    example = parse_event(
        (
            Path(__file__).resolve().parents[2] / "schemas/examples/MatchProposed/v1.json"
        ).read_bytes()
    )
    proposals = [
        example.model_copy(
            update={
                "event_id": uuid.uuid5(uuid.NAMESPACE_URL, person.graduate_id),
                "match_id": match_id(person.graduate_id, VACANCY),
                "graduate_id": person.graduate_id,
                "vacancy_id": VACANCY,
            }
        )
        for person in (ana, beto)
    ]

    async def fold() -> None:
        async with await psycopg.AsyncConnection.connect(url) as connection:
            for event in (ana, beto, posted, *proposals):
                await apply_event(connection, event)

    asyncio.run(fold())
    with PostgresContactStore(url) as contacts:
        contacts.upsert_contacts([Contact(ana.graduate_id, *ANA), Contact(beto.graduate_id, *BETO)])
    return ana.graduate_id, beto.graduate_id


def test_forms_without_the_pages_csrf_value_and_bad_links_are_refused(settings: Settings) -> None:
    ana, beto = seed(url_of(settings))
    signer = LinkSigner(settings.link_signing_key.get_secret_value().encode())
    token = signer.sign(LinkPurpose.PROFILE, ana, now=datetime.now(UTC))
    consent = {"t": token, "purpose": "matching", "granted": "false"}
    with TestClient(create_api(settings)) as client:
        # No cookie at all, then a cookie and a value that do not match, then no value.
        refused = client.post("/perfil/consentimientos", data={**consent, "csrf": "inventado"})
        assert refused.status_code == 403 and "La página venció" in refused.text
        page = client.get("/perfil", params={"t": token})
        assert page.status_code == 200
        for path, data in (
            ("/perfil/consentimientos", {**consent, "csrf": "otro-valor"}),
            ("/perfil/oposicion", {"t": token, "csrf": "otro-valor"}),
            ("/perfil/borrar", {"t": token, "csrf": "otro-valor"}),
            ("/perfil/contacto", {"t": token, "csrf": "otro-valor", "phone": "5500000000"}),
        ):
            refused = client.post(path, data=data)
            assert refused.status_code == 403, path
        missing = client.post("/perfil/consentimientos", data=consent)
        assert missing.status_code == 422
        linkless = client.post("/perfil/enlace", data={"correo": ANA[1], "csrf": "x"})
        assert linkless.status_code == 403 and SENT not in linkless.text
        assert events_on(settings, CONSENTS, expected=1, timeout=3) == []
        assert events_on(settings, ERASURES, expected=1, timeout=1) == []
        assert events_on(settings, NOTIFICATIONS, expected=1, timeout=1) == []
        assert query(
            url_of(settings), "SELECT phone FROM contacts WHERE graduate_id = %s", (ana,)
        ) == [(ANA[2],)]

        # Another person's match is answered as one that does not exist.
        csrf = csrf_of(page)
        theirs = client.post(
            f"/perfil/coincidencias/{match_id(beto, VACANCY)}",
            data={"t": token, "csrf": csrf, "respuesta": "no-me-interesa"},
        )
        assert theirs.status_code == 404
        assert events_on(settings, OUTCOMES, expected=1, timeout=2) == []

        # A forged, expired, absent or other-purpose link: a Spanish page with the way out.
        expired = signer.sign(LinkPurpose.PROFILE, ana, now=datetime.now(UTC) - timedelta(hours=2))
        match_token = signer.sign(
            LinkPurpose.MATCH_ANSWER, str(match_id(ana, VACANCY)), now=datetime.now(UTC)
        )
        for params, says in (
            ({"t": "profile.xyz.ff.firma"}, "no es válido"),
            ({"t": expired}, "venció"),
            ({}, "necesitas el enlace"),
            ({"t": match_token}, "sirve para otra cosa"),
        ):
            shown = client.get("/perfil", params=params)
            assert shown.status_code == 403, params
            assert says in shown.text and 'href="/perfil/enlace"' in shown.text
            assert 'lang="es"' in shown.text
        for path in ("/perfil/datos", "/perfil/borrar"):
            assert client.get(path, params={"t": expired}).status_code == 403
        # Every page that shows another's data: none of Beto's.
        assert_nobody_else(page.text, BETO[1], BETO[2], beto)
