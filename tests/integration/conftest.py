"""Real services for integration tests: a Kafka broker from the official jars and PostgreSQL.

PostgreSQL is ``DATABASE_URL`` when set (each test gets its own database on
it), otherwise an embedded server in a temporary folder. Each test also gets
its own topic namespace and consumer group, so tests never see each other's
events.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import conninfo

from models.database import drop_database, ensure_database
from models.migrate import migrate
from streams.admin import ensure_topics
from vincula.local.kafka import LocalKafka, fetch_kafka
from vincula.local.postgres import embedded_postgres
from vincula.local.stack import WorkerProcess, worker_environment
from vincula.settings import REPOSITORY_ROOT, Settings

KAFKA_VERSION = os.environ.get("VINCULA_TEST_KAFKA_VERSION", "4.1.1")


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A single-node KRaft broker for the whole session."""
    libs = fetch_kafka(KAFKA_VERSION, REPOSITORY_ROOT / ".local" / "kafka" / KAFKA_VERSION)
    broker = LocalKafka(
        libs_dir=libs, work_dir=tmp_path_factory.mktemp("kafka"), version=KAFKA_VERSION
    )
    broker.start()
    try:
        yield broker.bootstrap
    finally:
        broker.stop()


@pytest.fixture(scope="session")
def postgres_admin_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a server where tests may create databases."""
    external = os.environ.get("DATABASE_URL")
    if external:
        yield external
        return
    # The embedded server runs as an unprivileged user when tests run as root,
    # so its folder must not sit under pytest's private (0700) temporary root.
    folder = Path(tempfile.gettempdir()) / f"vincula-test-pg-{uuid.uuid4().hex[:8]}"
    try:
        with embedded_postgres(folder / "data") as url:
            yield url
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def template_database(postgres_admin_url: str) -> str:
    """A migrated database that each test's database is copied from."""
    name = f"vincula_template_{uuid.uuid4().hex[:8]}"
    url = ensure_database(postgres_admin_url, name)
    migrate(url)
    return name


def _fresh_database(admin_url: str, template: str) -> tuple[str, str]:
    name = f"vincula_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'.encode())
    return name, conninfo.make_conninfo(admin_url, dbname=name)


@pytest.fixture
def fresh_settings(
    kafka_bootstrap: str, postgres_admin_url: str, template_database: str, tmp_path: Path
) -> Iterator[Callable[[], Settings]]:
    """Factory of independent settings: each call has its own database, namespace and group."""
    databases: list[str] = []

    def make() -> Settings:
        name, url = _fresh_database(postgres_admin_url, template_database)
        databases.append(name)
        namespace = f"t{uuid.uuid4().hex[:10]}"
        configured = Settings(
            environment="test",  # type: ignore[arg-type]
            kafka_bootstrap=kafka_bootstrap,
            database_url=url,  # type: ignore[arg-type]
            topic_namespace=namespace,
            consumer_group=f"vincula-{namespace}",
            topic_partitions=4,
            state_dir=tmp_path / namespace,
            # The lexical encoder keeps flow tests fast; tests of the real model ask for it.
            matching_encoder="hashing",
            follow_up_check_seconds=1.0,
            graduation_batch_seconds=0.5,
            # Every request of a test comes from one address; the limits have unit tests.
            rate_limit="100000/minute",
            rate_limit_strict="100000/minute",
        )
        ensure_topics(configured)
        return configured

    yield make
    for name in databases:
        drop_database(postgres_admin_url, name)


@pytest.fixture
def settings(fresh_settings: Callable[[], Settings]) -> Settings:
    """Settings pointing at the session broker, this test's database and namespace."""
    return fresh_settings()


@pytest.fixture
def database_url(settings: Settings) -> str:
    """This test's fresh, migrated database."""
    assert settings.database_url is not None
    return settings.database_url.get_secret_value()


StartWorker = Callable[..., WorkerProcess]


@pytest.fixture
def start_worker(settings: Settings, tmp_path: Path) -> Iterator[StartWorker]:
    """Factory that starts worker subprocesses (for ``settings`` unless others are given)."""
    started: list[WorkerProcess] = []

    def start(name: str = "worker", configured: Settings | None = None) -> WorkerProcess:
        worker = WorkerProcess(
            environment=worker_environment(configured or settings),
            work_dir=tmp_path / f"{name}-{len(started)}",
        )
        worker.start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
