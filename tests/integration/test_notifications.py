"""Notifications end to end: real broker, PostgreSQL, SMTP server and HTTP receiver on loopback."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import psycopg
import pytest
from aiosmtpd.controller import Controller
from standardwebhooks.webhooks import Webhook

from schemas.codec import parse_event
from schemas.enums import NotificationChannel, NotificationKind
from schemas.notifications import NotificationDelivered, NotificationRequested
from streams.notify.policy import MEXICO_CITY
from streams.notify.signing import EndpointSecrets
from streams.processing import Outgoing
from streams.producer import EventProducer
from streams.topics import DELIVERIES, NOTIFICATIONS, Topics
from tests.integration.helpers import eventually, query, read_topic
from vincula.local.ports import free_port
from vincula.local.stack import WorkerProcess, wait_for_assignment, worker_environment
from vincula.settings import Settings

pytestmark = pytest.mark.integration

SIGNING_KEY = "integration-webhook-key-0123456789abcdef"
NAMESPACE = uuid.UUID("9b0f7f0e-5a43-4c39-9d1f-2b8a3e6c1d00")


@dataclass
class MailSink:
    """An aiosmtpd handler that keeps messages and can answer 451 to the first ones."""

    temporary_failures: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    refused: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refused < self.temporary_failures:
            self.refused += 1
            return "451 4.3.0 Intente más tarde"
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes


class WebhookReceiver(BaseHTTPRequestHandler):
    received: list[Received]

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        type(self).received.append(Received(dict(self.headers.items()), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return None


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
def webhook_receiver() -> Iterator[tuple[list[Received], str]]:
    received: list[Received] = []
    handler = type("Receiver", (WebhookReceiver,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield received, f"http://127.0.0.1:{server.server_address[1]}/vincula"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def start_notifier(settings: Settings, tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    """Factory of workers that send through the test's SMTP server; stopped after the test."""
    started: list[WorkerProcess] = []

    def start(smtp_port: int, allowed: tuple[str, ...] = ()) -> WorkerProcess:
        environment = {
            **worker_environment(settings),
            "VINCULA_SMTP_HOST": "127.0.0.1",
            "VINCULA_SMTP_PORT": str(smtp_port),
            "VINCULA_WEBHOOK_SIGNING_KEY": SIGNING_KEY,
            "VINCULA_MAX_NOTIFICATIONS_PER_DAY": "2",
            "VINCULA_DELIVERY_ATTEMPTS": "4",
            "VINCULA_DELIVERY_BACKOFF_SECONDS": "0.05",
            "VINCULA_DIGEST_CHECK_SECONDS": "1",
            "VINCULA_PUBLIC_BASE_URL": "https://vincula.example.mx",
            "VINCULA_WEBHOOK_ALLOWED_ENDPOINTS": json.dumps(list(allowed)),
        }
        worker = WorkerProcess(
            environment=environment, work_dir=tmp_path / f"notifier-{len(started)}"
        )
        worker.start()
        started.append(worker)
        topic = Topics(settings.topic_namespace).name(NOTIFICATIONS)
        wait_for_assignment([worker], {f"{topic}:{p}" for p in range(settings.topic_partitions)})
        return worker

    yield start
    for worker in started:
        worker.stop()


def database_url(settings: Settings) -> str:
    assert settings.database_url is not None
    return settings.database_url.get_secret_value()


def add_graduate(url: str, graduate_id: str, *, email: str, consents: dict[str, bool]) -> None:
    with psycopg.connect(url) as connection:
        connection.execute(
            "INSERT INTO contacts (graduate_id, full_name, email) VALUES (%s, %s, %s)",
            (graduate_id, "Ana López", email),
        )
        for purpose, granted in consents.items():
            connection.execute(
                "INSERT INTO consents (graduate_id, purpose, granted, changed_at)"
                " VALUES (%s, %s, %s, now())",
                (graduate_id, purpose, granted),
            )


def add_endpoint(url: str, employer_id: str, endpoint: str) -> None:
    """An employer's registered endpoint, as the fold stores it (the handshake is tested apart)."""
    with psycopg.connect(url) as connection:
        connection.execute(
            "INSERT INTO webhook_endpoints (employer_id, url, secret_version, verified_at,"
            " updated_at) VALUES (%s, %s, 1, now(), now())",
            (employer_id, endpoint),
        )


def request(
    graduate_id: str,
    *,
    number: int,
    at: datetime,
    channel: NotificationChannel = NotificationChannel.EMAIL,
    employer_id: str = "",
) -> NotificationRequested:
    match_id = uuid.uuid5(NAMESPACE, f"match:{graduate_id}:{number}")
    params = {
        "vacancy_id": f"VAC-{number}",
        "match_id": str(match_id),
        "score": "0.81",
        "reasons": "Cubre 4 de 5 habilidades requeridas\nCertificación AWS verificada",
        "language": "es",
    }
    if channel is NotificationChannel.WEBHOOK:
        template = "shortlist_updated"
        params |= {"rank": "1", "employer_id": employer_id}
    else:
        template = "match_proposed"
        params |= {
            "vacancy_title": f"Ingeniería de datos {number}",
            "employer_name": "Aeroespacial del Bajío",
            "city": "Querétaro",
            "state": "QUE",
            "state_name": "Querétaro",
            "modality": "hybrid",
            "kind": "job",
        }
    identifier = uuid.uuid5(NAMESPACE, f"notification:{match_id}:{channel.value}")
    return NotificationRequested(
        event_id=uuid.uuid5(NAMESPACE, f"requested:{identifier}"),
        event_time=at,
        schema_version=1,
        notification_id=identifier,
        graduate_id=graduate_id,
        kind=NotificationKind.MATCH,
        channel=channel,
        match_id=match_id,
        template=template,
        params=params,
    )


def publish(settings: Settings, events: list[NotificationRequested]) -> None:
    with EventProducer(settings) as producer:
        producer.send_all([Outgoing(key=event.graduate_id, event=event) for event in events])


def statuses(url: str) -> dict[str, tuple[str, int, str]]:
    rows = query(url, "SELECT notification_id::text, status, attempts, detail FROM notifications")
    return {str(row[0]): (str(row[1]), int(str(row[2])), str(row[3])) for row in rows}


def final(url: str, count: int) -> dict[str, tuple[str, int, str]]:
    def probe() -> dict[str, tuple[str, int, str]] | None:
        found = statuses(url)
        done = {key: value for key, value in found.items() if value[0] != "requested"}
        return found if len(done) >= count else None

    return eventually(probe, timeout=45)


def deliveries(settings: Settings, expected: int) -> list[NotificationDelivered]:
    topic = Topics(settings.topic_namespace).name(DELIVERIES)
    messages = read_topic(settings.kafka_bootstrap, topic, expected=expected, timeout=30)
    events = [parse_event(value or b"") for _, value, _ in messages]
    return [event for event in events if isinstance(event, NotificationDelivered)]


def test_email_and_signed_webhook_arrive_once_even_when_redelivered(
    settings: Settings,
    start_notifier: Callable[[int], WorkerProcess],
    mail_sink: tuple[MailSink, int],
    webhook_receiver: tuple[list[Received], str],
) -> None:
    sink, smtp_port = mail_sink
    received, hook_url = webhook_receiver
    url = database_url(settings)
    graduate = "a1" * 32
    add_graduate(
        url,
        graduate,
        email="ana.lopez@example.com",
        consents={"notifications": True, "share_with_employers": True},
    )
    add_endpoint(url, "aeroespacial-bajio", hook_url)
    worker = start_notifier(smtp_port, allowed=(hook_url.split("/")[2],))
    now = datetime.now(UTC)
    events = [
        request(graduate, number=1, at=now),
        request(
            graduate,
            number=1,
            at=now,
            channel=NotificationChannel.WEBHOOK,
            employer_id="aeroespacial-bajio",
        ),
    ]
    publish(settings, events)

    results = final(url, 2)
    assert {value[0] for value in results.values()} == {"delivered"}, worker.last_log_lines()
    [mail] = sink.messages
    assert mail["To"].addresses[0].addr_spec == "ana.lopez@example.com"
    assert str(mail["Subject"]).startswith("Tenemos una vacante para ti: Ingeniería de datos 1")
    assert mail["Message-ID"] == f"<{events[0].notification_id}@vincula.mx>"
    text = mail.get_body(preferencelist=("plain",))
    assert text is not None
    assert "Hola, Ana López:" in text.get_content()
    assert "Certificación AWS verificada" in text.get_content()

    [hook] = received
    # The employer's ATS verifies it with its own secret, by the Standard Webhooks convention.
    secret = EndpointSecrets(SIGNING_KEY.encode()).secret("aeroespacial-bajio", 1)
    assert Webhook(secret).verify(hook.body, hook.headers) == json.loads(hook.body)
    assert hook.headers["webhook-id"] == str(events[1].notification_id)
    payload = json.loads(hook.body)
    assert payload["match_id"] == str(events[1].match_id)
    assert graduate not in hook.body.decode() and "ana.lopez" not in hook.body.decode()

    # Redelivery: the same events again. Their final statuses are published
    # again (same event ids), and nothing is sent a second time.
    publish(settings, events)
    republished = deliveries(settings, expected=4)
    assert len(republished) == 4
    assert len({event.event_id for event in republished}) == 2
    assert len(sink.messages) == 1 and len(received) == 1


def test_smtp_451_is_retried_and_missing_consent_is_not_sent(
    settings: Settings,
    start_notifier: Callable[[int], WorkerProcess],
    mail_sink: tuple[MailSink, int],
) -> None:
    sink, smtp_port = mail_sink
    sink.temporary_failures = 2
    url = database_url(settings)
    consenting, withdrawn = "b2" * 32, "c3" * 32
    add_graduate(url, consenting, email="beto@example.com", consents={"notifications": True})
    add_graduate(url, withdrawn, email="carla@example.com", consents={"notifications": False})
    start_notifier(smtp_port)
    now = datetime.now(UTC)
    retried, refused = request(consenting, number=1, at=now), request(withdrawn, number=1, at=now)
    publish(settings, [retried, refused])

    results = final(url, 2)
    assert results[str(retried.notification_id)] == ("delivered", 3, "entregada")
    status, attempts, detail = results[str(refused.notification_id)]
    assert (status, attempts, detail) == ("failed", 0, "sin consentimiento")
    assert [message["To"].addresses[0].addr_spec for message in sink.messages] == [
        "beto@example.com"
    ]
    assert sink.refused == 2


def test_over_the_cap_is_deferred_then_sent_in_a_digest(
    settings: Settings,
    start_notifier: Callable[[int], WorkerProcess],
    mail_sink: tuple[MailSink, int],
) -> None:
    sink, smtp_port = mail_sink
    url = database_url(settings)
    graduate = "d4" * 32
    add_graduate(url, graduate, email="dora@example.com", consents={"notifications": True})
    start_notifier(smtp_port)
    # Yesterday at noon in Mexico City: the day is over, so its digest is due.
    yesterday = (datetime.now(MEXICO_CITY) - timedelta(days=1)).replace(hour=12, minute=0)
    events = [
        request(graduate, number=number, at=yesterday + timedelta(minutes=number))
        for number in range(1, 5)
    ]
    publish(settings, events)

    deferred_ids = {str(event.notification_id) for event in events[2:]}

    def digested() -> list[tuple[object, ...]] | None:
        rows = query(
            url, "SELECT status, params->>'items' FROM notifications WHERE kind = 'digest'"
        )
        listed = {item for _, items in rows for item in str(items).split(",")}
        done = all(status == "delivered" for status, _ in rows)
        return rows if done and listed == deferred_ids else None

    # Normally one digest lists both; if the timer fired between the two
    # deferrals, two digests share them. Either way each is listed once.
    digests = eventually(digested, timeout=45)
    results = statuses(url)
    by_status = sorted(results[str(event.notification_id)][0] for event in events)
    assert by_status == ["deferred", "deferred", "delivered", "delivered"]
    subjects = [str(message["Subject"]) for message in sink.messages]
    summaries = [i for i, subject in enumerate(subjects) if subject.startswith("Tu resumen")]
    assert len(subjects) == 2 + len(digests) and len(summaries) == len(digests)
    bodies = ""
    for index in summaries:
        body = sink.messages[index].get_body(preferencelist=("plain",))
        assert body is not None
        bodies += body.get_content()
    assert "Ingeniería de datos 3" in bodies and "Ingeniería de datos 4" in bodies
    assert "Ingeniería de datos 1" not in bodies


def test_webhooks_to_loopback_private_or_metadata_addresses_are_never_sent(
    settings: Settings,
    start_notifier: Callable[..., WorkerProcess],
    mail_sink: tuple[MailSink, int],
    webhook_receiver: tuple[list[Received], str],
) -> None:
    _, smtp_port = mail_sink
    received, hook_url = webhook_receiver
    port = hook_url.split(":")[2].split("/")[0]
    url = database_url(settings)
    graduate = "d4" * 32
    add_graduate(url, graduate, email="dora@example.com", consents={"share_with_employers": True})
    start_notifier(smtp_port)  # nothing allow-listed: the loopback receiver is off limits
    targets = [
        hook_url,
        f"http://localhost:{port}/vincula",  # a name that resolves to loopback
        "http://10.20.30.40/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/hook",
    ]
    now = datetime.now(UTC)
    for number, target in enumerate(targets, start=1):
        # Stored as if registered: the send-time check must stand on its own.
        add_endpoint(url, f"empresa-{number}", target)
    events = [
        request(
            graduate,
            number=number,
            at=now,
            channel=NotificationChannel.WEBHOOK,
            employer_id=f"empresa-{number}",
        )
        for number in range(1, len(targets) + 1)
    ]
    publish(settings, events)
    results = final(url, len(events))
    assert {status for status, _, _ in results.values()} == {"failed"}
    assert {detail for _, _, detail in results.values()} == {
        "el webhook apunta a una dirección no pública"
    }
    assert received == []
