"""Starting Vincula's services on this machine: what ``vincula up`` and ``vincula demo`` share.

Each function starts (or joins) one piece and registers its stop on the
caller's ``ExitStack``, before it starts, so an interrupted start-up still
stops whatever had begun. The stack unwinds in reverse: whatever is started
last stops first.
"""

from __future__ import annotations

import json
import logging
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from models.database import check_reachable, drop_database, ensure_database
from models.migrate import migrate
from streams.admin import broker_unreachable_message
from streams.flows import CONSUMED_TOPICS
from streams.topics import Topics
from vincula.errors import ServiceUnavailableError
from vincula.local.kafka import LocalKafka, fetch_kafka, metadata_ok
from vincula.local.ports import port_in_use
from vincula.local.postgres import EMBEDDED_DATABASE, embedded_postgres
from vincula.local.stack import (
    WorkerProcess,
    stop_workers,
    wait_for_assignment,
    worker_environment,
)
from vincula.settings import Settings

log = logging.getLogger(__name__)

# Where the local broker keeps its data under the state folder (as ``vincula kafka start``).
BROKER_FOLDER = "kafka-broker"
WORKER_START_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class Service:
    """A service in use: what it is, where (no secrets), and whether this run started it."""

    name: str
    address: str
    started: bool

    def describe(self) -> str:
        """One Spanish line for the console."""
        how = "iniciado" if self.started else "en uso (ya estaba en marcha)"
        return f"{self.name}: {how}, {self.address}"


def start_local_broker(stack: ExitStack, settings: Settings, work_dir: Path) -> LocalKafka:
    """A KRaft broker from the jars with its data in ``work_dir``, stopped with ``stack``."""
    broker = LocalKafka(
        libs_dir=fetch_kafka(settings.kafka_version, settings.kafka_cache_dir),
        work_dir=work_dir,
        version=settings.kafka_version,
    )
    stack.callback(broker.stop)
    broker.start()
    return broker


def _running_local_broker(work_dir: Path) -> str | None:
    """The address of a broker already serving from ``work_dir`` (``vincula kafka start``)."""
    identity = work_dir / "broker.json"
    if not identity.exists():
        return None
    port = json.loads(identity.read_text(encoding="utf-8")).get("port")
    if not isinstance(port, int) or not port_in_use(port):
        return None
    address = f"127.0.0.1:{port}"
    return address if metadata_ok(address) else None


def open_broker(stack: ExitStack, settings: Settings) -> Service:
    """The configured broker if ``VINCULA_KAFKA_BOOTSTRAP`` is set, else the state folder's own."""
    if "kafka_bootstrap" in settings.model_fields_set:
        if not metadata_ok(settings.kafka_bootstrap):
            raise ServiceUnavailableError(broker_unreachable_message(settings.kafka_bootstrap))
        return Service("Kafka", settings.kafka_bootstrap, started=False)
    work_dir = settings.state_dir / BROKER_FOLDER
    running = _running_local_broker(work_dir)
    if running is not None:
        return Service("Kafka", running, started=False)
    broker = start_local_broker(stack, settings, work_dir)
    return Service(f"Kafka {settings.kafka_version}", broker.bootstrap, started=True)


def open_database(
    stack: ExitStack, settings: Settings, *, database: str = EMBEDDED_DATABASE, fresh: bool = False
) -> tuple[str, Service]:
    """``DATABASE_URL`` if set, else ``database`` on the embedded server; migrated.

    ``fresh`` drops ``database`` first, on the embedded server only: a
    configured database is never dropped.
    """
    if settings.database_url is not None:
        url = settings.database_url.get_secret_value()
        check_reachable(url)
        migrate(url)
        return url, Service("PostgreSQL", "DATABASE_URL", started=False)
    admin_url = stack.enter_context(embedded_postgres(settings.embedded_pgdata))
    if fresh:
        drop_database(admin_url, database)
    url = ensure_database(admin_url, database)
    migrate(url)
    where = f"integrado, datos en {settings.embedded_pgdata}"
    return url, Service("PostgreSQL", where, started=True)


def consumed_partitions(settings: Settings) -> set[str]:
    """Every ``topic:partition`` the worker group must hold before events flow."""
    topics = Topics(settings.topic_namespace)
    return {
        f"{topics.name(spec)}:{partition}"
        for spec in CONSUMED_TOPICS
        for partition in range(settings.topic_partitions)
    }


def start_workers(
    stack: ExitStack,
    settings: Settings,
    work_dir: Path,
    count: int,
    *,
    timeout: float = WORKER_START_SECONDS,
) -> list[WorkerProcess]:
    """``count`` workers (logs in ``work_dir/w<i>``), returned once they hold every partition."""
    workers = [
        WorkerProcess(environment=worker_environment(settings), work_dir=work_dir / f"w{i}")
        for i in range(count)
    ]
    stack.callback(stop_workers, workers)
    for worker in workers:
        worker.start()
    if workers:
        wait_for_assignment(workers, consumed_partitions(settings), timeout=timeout)
    return workers
