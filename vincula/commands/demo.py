"""``vincula demo``: the whole loop on this machine, with real services.

A Kafka broker from the official jars, PostgreSQL (embedded unless
DATABASE_URL is set), two stream workers with the packaged model, a local
SMTP server that catches the e-mails; then a synthetic cohort from ESCO and
vacancies go in, and matches, shortlists, e-mails, hires, follow-ups and the
ministry's aggregates come out.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from pydantic import SecretStr

from streams.admin import ensure_topics
from streams.ingest.service import IngestReport
from streams.processing import Outgoing
from streams.producer import EventProducer
from vincula import webhook_endpoints
from vincula.commands.ingest import run_cohort
from vincula.demo import report, scenario
from vincula.demo.mailbox import Mailbox
from vincula.demo.webhooks import WebhookInbox
from vincula.errors import ServiceUnavailableError
from vincula.local.platform import open_database, start_local_broker, start_workers
from vincula.local.stack import WorkerProcess
from vincula.settings import Settings
from vincula.synthetic.cohorts import generate_vacancies, write_cohort_csv

DEMO_DATABASE = "vincula_demo"


def register(commands: Any) -> None:
    """Add the ``demo`` command."""
    parser = commands.add_parser(
        "demo", help="recorrer el ciclo completo de punta a punta en esta máquina"
    )
    parser.add_argument("--graduates", type=int, default=300, help="tamaño de la cohorte (300)")
    parser.add_argument("--vacancies", type=int, default=25, help="vacantes (25)")
    parser.add_argument("--workers", type=int, default=2, help="procesos worker (2)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.set_defaults(run=demo_command)


def _say(out: TextIO, text: str) -> None:
    out.write(text + "\n")
    out.flush()


@dataclass(frozen=True)
class _Stack:
    """The running services of one demo: settings pointed at them, the database and inboxes."""

    settings: Settings
    url: str
    mailbox: Mailbox
    webhooks: WebhookInbox


def _start_services(stack: ExitStack, settings: Settings, work: Path, out: TextIO) -> _Stack:
    """Kafka, PostgreSQL, the SMTP catcher and the webhook inbox, stopped by ``stack``."""
    _say(out, f"1/7 Iniciando Apache Kafka {settings.kafka_version} (KRaft, un nodo)…")
    broker = start_local_broker(stack, settings, work / "kafka")
    _say(out, "2/7 Preparando PostgreSQL y el servidor de correo local…")
    # A fresh demo database on the embedded server; the configured one is used as it is.
    url, _ = open_database(stack, settings, database=DEMO_DATABASE, fresh=True)
    mailbox = stack.enter_context(Mailbox.running())
    webhooks = stack.enter_context(WebhookInbox.running())
    namespace = f"demo{int(time.time())}"
    configured = settings.model_copy(
        update={
            "kafka_bootstrap": broker.bootstrap,
            "database_url": SecretStr(url),
            "topic_namespace": namespace,
            "consumer_group": f"vincula-{namespace}",
            "smtp_host": "127.0.0.1",
            "smtp_port": mailbox.port,
            "state_dir": work / "state",
            "follow_up_check_seconds": 2.0,
            # The local employer endpoint is on loopback, which webhooks otherwise refuse.
            "webhook_allowed_endpoints": [webhooks.address],
        }
    )
    ensure_topics(configured)
    return _Stack(configured, url, mailbox, webhooks)


def _start_workers(
    stack: ExitStack, settings: Settings, work: Path, count: int, out: TextIO
) -> list[WorkerProcess]:
    """``count`` worker processes, returned once the group holds every consumed partition."""
    _say(out, f"3/7 Iniciando {count} procesos de trabajo (modelo empaquetado)…")
    return start_workers(stack, settings, work, count)


def _run_scenario(
    arguments: argparse.Namespace,
    services: _Stack,
    workers: list[WorkerProcess],
    work: Path,
    out: TextIO,
) -> tuple[IngestReport, int]:
    """Vacancies, a cohort and hires go in; returns the ingestion report and the hires."""
    configured, url = services.settings, services.url
    _say(out, f"4/7 Publicando {arguments.vacancies} vacantes de empresas de nearshoring…")
    vacancies = generate_vacancies(
        arguments.vacancies, seed=arguments.seed, reference_data_dir=configured.reference_data_dir
    )
    # Every employer registers its (local) endpoint once, passing the same handshake as the API's.
    registrations = []
    for employer_id in sorted({vacancy.employer_id for vacancy in vacancies}):
        event, secret = webhook_endpoints.register(
            employer_id,
            services.webhooks.url_for(employer_id),
            stored=None,
            settings=configured,
            now=datetime.now(UTC),
        )
        services.webhooks.secrets[employer_id] = secret
        registrations.append(event)
    with EventProducer(configured) as producer:
        producer.send_all([Outgoing(key=e.employer_id, event=e) for e in registrations])
        producer.send_all(scenario.as_outgoing(vacancies))
    _say(out, f"5/7 Cargando una cohorte de {arguments.graduates} personas egresadas (CSV)…")
    manifest = write_cohort_csv(
        work / "cohorte.csv",
        arguments.graduates,
        bad_fraction=0.03,
        seed=arguments.seed,
        reference_data_dir=configured.reference_data_dir,
    )
    ingested = run_cohort(manifest.path, configured, out=out, progress=True)
    _say(out, "6/7 Esperando a que el motor proponga vinculaciones…")
    if not scenario.wait_until_settled(url, timeout=900):
        raise ServiceUnavailableError(
            "Las vinculaciones no se estabilizaron a tiempo. Registro de un proceso:\n"
            + workers[0].last_log_lines()
        )
    _say(out, "7/7 Registrando contrataciones reportadas por las empresas…")
    hires = scenario.report_hires(configured, url, count=6)
    scenario.wait_for_follow_ups(url, expected=3 * len(hires), timeout=120)
    scenario.wait_until_settled(url, timeout=120)
    return ingested, len(hires)


def demo_command(
    arguments: argparse.Namespace, settings: Settings, out: TextIO | None = None
) -> int:
    """Run the demo and print what each user of Vincula would see."""
    out = out or sys.stdout
    started = time.monotonic()
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="vincula-demo-")))
        services = _start_services(stack, settings, work, out)
        workers = _start_workers(stack, services.settings, work, arguments.workers, out)
        ingested, hires = _run_scenario(arguments, services, workers, work, out)
        report.render(
            out,
            url=services.url,
            ingested=ingested,
            mailbox=services.mailbox,
            webhooks=services.webhooks,
            hires=hires,
            seconds=time.monotonic() - started,
        )
    return 0
