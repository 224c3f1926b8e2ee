"""Rebuilding the database from offset 0 of every topic.

Kafka is the log of what happened, so the event-derived tables (see
``models.digest``) can always be rebuilt from it: empty them, read every
topic from the beginning up to the end offsets taken at the start, and fold
the events into the tables with ``models.materialise.apply_event`` in one
deterministic order — event time, then topic order as declared in
``streams.topics.ALL_TOPICS``, then partition and offset. Each event is
claimed in ``processed_events`` under the consumer that owns its topic (see
``streams.flows``), so consumers later started on the same database still apply
each event once.

Untouched: ``contacts`` never travel through a topic (the rebuild could not
restore them). Erasures do (``erasures.v1``, compacted and kept forever):
they are read before anything is applied and every event of an erased
graduate is skipped, so a deletion survives a replay into an empty database.
Replay sends nothing: it has no producer.
The whole rebuild is one transaction: readers see the old state or the new
one, never half of it. Stop the workers first: events they apply during the
rebuild would be lost from the new state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from models.digest import erased_graduates, wipe_event_derived
from models.pool import Connection, Database
from schemas.codec import parse_event
from schemas.errors import SchemaError
from schemas.graduates import GraduateErased
from schemas.registry import AnyEvent
from streams.config import KafkaConfig
from streams.effects import Applied, claim_and_apply
from streams.flows import CONSUMER_OF
from streams.processing import failure_action
from streams.reading import StoredMessage, read_from_beginning
from streams.topics import ALL_TOPICS, Topics, TopicSpec

log = logging.getLogger(__name__)

TOPIC_ORDER: Mapping[TopicSpec, int] = {spec: index for index, spec in enumerate(ALL_TOPICS)}


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """A decoded event and where it sits in the log."""

    event: AnyEvent
    spec: TopicSpec
    topic: str
    partition: int
    offset: int

    @property
    def sort_key(self) -> tuple[datetime, int, int, int]:
        """Event time, then declared topic order, then partition and offset."""
        return (self.event.event_time, TOPIC_ORDER[self.spec], self.partition, self.offset)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A message the rebuild could not apply, and why."""

    topic: str
    partition: int
    offset: int
    reason: str


@dataclass
class ReplayReport:
    """Counts of a rebuild."""

    read: int = 0
    applied: int = 0
    duplicates: int = 0
    erased: int = 0
    undecodable: list[Skipped] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)


def decode_log(
    messages: Iterable[StoredMessage], topics: Topics, report: ReplayReport
) -> list[LoggedEvent]:
    """Decode every message; undecodable ones are counted (they were dead-lettered live)."""
    logged: list[LoggedEvent] = []
    for message in messages:
        report.read += 1
        spec = topics.spec_of(message.topic)
        if spec is None:
            continue
        try:
            if message.value is None:
                raise SchemaError("mensaje vacío")
            event = parse_event(message.value)
        except SchemaError as error:
            report.undecodable.append(
                Skipped(message.topic, message.partition, message.offset, str(error))
            )
            continue
        logged.append(LoggedEvent(event, spec, message.topic, message.partition, message.offset))
    return logged


def replay_order(events: Iterable[LoggedEvent]) -> list[LoggedEvent]:
    """The deterministic order of the rebuild."""
    return sorted(events, key=lambda item: item.sort_key)


async def _apply_one(connection: Connection, item: LoggedEvent) -> Applied:
    return await claim_and_apply(
        connection, consumer=CONSUMER_OF[item.spec], event=item.event, topic=item.topic
    )


async def rebuild(
    connection: Connection,
    events: Iterable[LoggedEvent],
    report: ReplayReport,
    *,
    on_event: Callable[[], object] | None = None,
) -> None:
    """Empty the event-derived tables and apply ``events`` in order, in the caller's transaction.

    Erasures are read first, from the table and from the log alike, so no event
    of an erased graduate is applied, even into an empty database; the erasure
    events themselves are applied, which writes the erasures table back.
    """
    ordered = list(events)
    erased = await erased_graduates(connection) | {
        item.event.graduate_id for item in ordered if isinstance(item.event, GraduateErased)
    }
    await wipe_event_derived(connection)
    for item in ordered:
        if on_event is not None:
            on_event()
        graduate_id = getattr(item.event, "graduate_id", None)
        if graduate_id in erased and not isinstance(item.event, GraduateErased):
            report.erased += 1
            continue
        try:
            # A savepoint per event: one impossible event must not undo the others.
            async with connection.transaction():
                applied = await _apply_one(connection, item)
        except Exception as error:
            if failure_action(error) == "retry":
                raise
            report.failed.append(
                Skipped(item.topic, item.partition, item.offset, str(error) or repr(error))
            )
            continue
        if applied.first_time:
            report.applied += 1
        else:
            report.duplicates += 1


async def replay(
    settings: KafkaConfig,
    database_url: str,
    *,
    on_read: Callable[[], object] | None = None,
    on_event: Callable[[], object] | None = None,
) -> ReplayReport:
    """Rebuild the event-derived tables of ``database_url`` from every topic of ``settings``."""
    topics = Topics(settings.topic_namespace)
    report = ReplayReport()

    def counted(messages: Iterable[StoredMessage]) -> Iterable[StoredMessage]:
        for message in messages:
            if on_read is not None:
                on_read()
            yield message

    names = [topics.name(spec) for spec in ALL_TOPICS]
    messages = read_from_beginning(settings, names, client_id="vincula-replay")
    ordered = replay_order(decode_log(counted(messages), topics, report))
    database = Database(database_url, min_size=1, max_size=1)
    try:
        async with database.transaction() as connection:
            await rebuild(connection, ordered, report, on_event=on_event)
    finally:
        await database.close()
    log.info(
        "replay: %d read, %d applied, %d duplicates, %d erased, %d undecodable, %d failed",
        report.read,
        report.applied,
        report.duplicates,
        report.erased,
        len(report.undecodable),
        len(report.failed),
    )
    return report
