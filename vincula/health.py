"""The platform's health: does the broker answer, does PostgreSQL, and how far behind are workers.

Workers alive are the members of the consumer group; their lag is, per
consumed topic, the end offsets minus what the group has committed (from
the earliest offset where it has committed nothing). Every probe has a
short timeout and none raises: a service that does not answer is reported
as such. ``GET /health`` and ``vincula up`` show the same summary.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import psycopg
from kafka import KafkaAdminClient, TopicPartition
from kafka.admin import OffsetSpec
from kafka.errors import KafkaError

from streams.flows import CONSUMED_TOPICS
from streams.topics import Topics
from vincula.settings import Settings

log = logging.getLogger(__name__)


def _not_faust_metadata(record: logging.LogRecord) -> bool:
    """Drop kafka-python's warning about the Faust assignor's member metadata it cannot read."""
    return not record.getMessage().startswith("Unable to decode member_metadata")


# Every health probe of a Faust group would otherwise log a screenful of bytes.
logging.getLogger("kafka.admin._groups").addFilter(_not_faust_metadata)

PROBE_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class Check:
    """One service: ``ok`` is None when there is nothing configured to check."""

    ok: bool | None
    detail: str


@dataclass(frozen=True, slots=True)
class Workers:
    """The consumer group: members now, and messages not yet committed, per topic."""

    group: str
    members: int | None
    lag: int | None
    lag_by_topic: dict[str, int] = field(default_factory=dict)
    problem: str = ""


@dataclass(frozen=True, slots=True)
class PlatformHealth:
    """What ``/health`` and ``vincula up`` report."""

    broker: Check
    database: Check
    workers: Workers

    def lines(self) -> list[str]:
        """The summary in Spanish, one line per service."""
        workers = self.workers
        if workers.members is None:
            group = f"sin datos del grupo {workers.group} ({workers.problem})"
        else:
            group = f"{workers.members} en el grupo {workers.group}, retraso {workers.lag} mensajes"
            behind = {topic: lag for topic, lag in workers.lag_by_topic.items() if lag}
            if behind:
                group += " (" + ", ".join(f"{t}: {n}" for t, n in sorted(behind.items())) + ")"
        return [
            f"broker         {_mark(self.broker)}{self.broker.detail}",
            f"base de datos  {_mark(self.database)}{self.database.detail}",
            f"workers        {_mark(Check(bool(workers.members), ''))}{group}",
        ]


def _mark(check: Check) -> str:
    return {True: "✓ ", False: "✗ ", None: "– "}[check.ok]


def check_database(url: str | None, timeout: float = PROBE_TIMEOUT_SECONDS) -> Check:
    """Whether PostgreSQL at ``url`` answers a query (None: no URL to try)."""
    if url is None:
        return Check(None, "PostgreSQL integrado: se abre con la primera consulta")
    try:
        with psycopg.connect(url, connect_timeout=max(1, round(timeout))) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        return Check(False, f"PostgreSQL no responde ({error.__class__.__name__})")
    return Check(True, "PostgreSQL responde")


def _any_listening(bootstrap: str, timeout: float) -> bool:
    """True when some bootstrap address accepts a TCP connection.

    Checked first because a client keeps retrying a refused address until
    its timeout, while a refused connection is known at once.
    """
    for address in bootstrap.split(","):
        host, _, port = address.strip().rpartition(":")
        try:
            with socket.create_connection((host, int(port)), timeout=timeout):
                return True
        except (OSError, ValueError):
            continue
    return False


def _admin(bootstrap: str, timeout: float) -> KafkaAdminClient:
    milliseconds = int(timeout * 1000)
    return KafkaAdminClient(
        bootstrap_servers=bootstrap.split(","),
        client_id="vincula-health",
        request_timeout_ms=milliseconds,
        bootstrap_timeout_ms=milliseconds,
    )


def _group_lag(admin: KafkaAdminClient, settings: Settings) -> Workers:
    """Members of the group and its lag over every consumed topic."""
    group = settings.consumer_group
    described = admin.describe_groups([group]).get(group, {})
    members = len(described.get("members") or [])
    names = [Topics(settings.topic_namespace).name(spec) for spec in CONSUMED_TOPICS]
    partitions = [
        TopicPartition(topic["name"], partition["partition_index"])
        for topic in admin.describe_topics(names)
        if topic.get("error_code") == 0
        for partition in topic["partitions"]
    ]
    if not partitions:
        return Workers(group, members, 0)
    ends = admin.list_partition_offsets(dict.fromkeys(partitions, OffsetSpec.LATEST))
    starts = admin.list_partition_offsets(dict.fromkeys(partitions, OffsetSpec.EARLIEST))
    committed = admin.list_group_offsets(group).get(group, {})
    by_topic = dict.fromkeys(names, 0)
    for tp in partitions:
        done = getattr(committed.get(tp), "offset", -1)
        position = done if done is not None and done >= 0 else starts[tp].offset
        by_topic[tp.topic] += max(0, ends[tp].offset - position)
    return Workers(group, members, sum(by_topic.values()), by_topic)


def check_platform(
    settings: Settings, *, database_url: str | None, timeout: float = PROBE_TIMEOUT_SECONDS
) -> PlatformHealth:
    """Probe the broker, the database and the worker group; never raises."""
    database = check_database(database_url, timeout)
    unreachable = PlatformHealth(
        Check(False, "Kafka no responde"),
        database,
        Workers(settings.consumer_group, None, None, problem="el broker no responde"),
    )
    if not _any_listening(settings.kafka_bootstrap, timeout):
        return unreachable
    try:
        admin = _admin(settings.kafka_bootstrap, timeout)
    except (KafkaError, OSError, ValueError) as error:
        log.debug("el broker no respondió a la comprobación de salud: %s", error)
        return unreachable
    try:
        try:
            brokers = len(admin.describe_cluster().get("brokers") or [])
        except (KafkaError, OSError) as error:
            log.debug("el broker no respondió a la comprobación de salud: %s", error)
            return unreachable
        broker = Check(True, f"Kafka responde ({brokers} broker{'s' if brokers != 1 else ''})")
        try:
            workers = _group_lag(admin, settings)
        except (KafkaError, OSError, KeyError) as error:
            # A partition without a leader yet, say: the broker answers, the lag is unknown.
            problem = f"no se pudo leer su retraso: {error.__class__.__name__}"
            workers = Workers(settings.consumer_group, None, None, problem=problem)
    finally:
        admin.close()
    return PlatformHealth(broker, database, workers)


class CachedHealth:
    """The last result of ``probe`` for ``seconds``: many callers, one probe at a time."""

    def __init__(self, probe: Callable[[], PlatformHealth], seconds: float = 3.0) -> None:
        self._probe = probe
        self._seconds = seconds
        self._lock = threading.Lock()
        self._value: PlatformHealth | None = None
        self._at = 0.0

    def get(self) -> PlatformHealth:
        """A result at most ``seconds`` old."""
        with self._lock:
            if self._value is None or time.monotonic() - self._at >= self._seconds:
                self._value = self._probe()
                self._at = time.monotonic()
            return self._value
