"""Every flow of the stream worker, declared once: read this table to find where an event goes.

A flow consumes some topics, claims each event under its consumer name (the
key of ``processed_events``, so each effect happens once per consumer) and
hands it to its handler — in batches of ``window`` when it has one, else one
event at a time. The worker binds an agent per topic from this table, replay
claims each topic's events under the same consumer, and the demo and the
tests wait for the group to be assigned every ``CONSUMED_TOPICS`` partition.
``TIMERS`` are the events the leader publishes on a clock.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from models.pool import Database
from streams.config import WorkerConfig
from streams.effects import FlowStore
from streams.erasures import erasure_handler
from streams.graduations import graduation_handler
from streams.matches import match_handler
from streams.matchmaking import Matchmaking
from streams.notification_store import NotificationStore
from streams.notifications import Notifier, NotifyConfig, due_digests
from streams.notify.mail import EmailSender
from streams.notify.webhook import WebhookSender
from streams.outcomes import due_follow_ups, outcome_handler
from streams.processing import BatchHandler, Outgoing, single
from streams.topics import (
    CONSENTS,
    DELIVERIES,
    ERASURES,
    FOLLOW_UPS,
    GRADUATIONS,
    MATCHES,
    NOTIFICATIONS,
    OUTCOMES,
    VACANCIES,
    WEBHOOK_ENDPOINTS,
    TopicSpec,
)
from streams.vacancies import vacancy_handler
from streams.webhook_endpoints import endpoint_handler


@dataclass(frozen=True)
class Services:
    """What the handlers are built from (the worker's real ones, or a test's fakes)."""

    store: FlowStore
    matchmaking: Matchmaking
    notifications: NotificationStore
    email: EmailSender
    webhook: WebhookSender
    notify: NotifyConfig


@dataclass(frozen=True)
class Window:
    """How many events a batched flow takes together, and how long it waits for them."""

    size: int
    seconds: float


@dataclass(frozen=True)
class Flow:
    """Topics consumed together, the consumer their events are claimed under, and the handler."""

    consumer: str
    topics: tuple[TopicSpec, ...]
    handler: Callable[[str, Services], BatchHandler]
    window: Callable[[WorkerConfig], Window] | None = None

    def build(self, services: Services) -> BatchHandler:
        """This flow's handler, claiming under its consumer."""
        return self.handler(self.consumer, services)


def _cohorts(settings: WorkerConfig) -> Window:
    # A cohort that arrives together is allocated jointly (seats and exposure shared).
    return Window(settings.graduation_batch_size, settings.graduation_batch_seconds)


FLOWS: tuple[Flow, ...] = (
    Flow(
        consumer="graduations",
        topics=(GRADUATIONS, CONSENTS),
        handler=lambda consumer, s: graduation_handler(consumer, s.store, s.matchmaking),
        window=_cohorts,
    ),
    Flow(
        consumer="vacancies",
        topics=(VACANCIES,),
        handler=lambda consumer, s: single(vacancy_handler(consumer, s.store, s.matchmaking)),
    ),
    Flow(
        consumer="matches",
        topics=(MATCHES,),
        handler=lambda consumer, s: single(match_handler(consumer, s.store)),
    ),
    Flow(
        consumer="notifications",
        topics=(NOTIFICATIONS,),
        handler=lambda consumer, s: single(
            Notifier(
                s.notifications,
                consumer=consumer,
                email=s.email,
                webhook=s.webhook,
                config=s.notify,
            ).handle
        ),
    ),
    Flow(
        consumer="erasures",
        topics=(ERASURES,),
        handler=lambda consumer, s: single(erasure_handler(consumer, s.store, s.matchmaking)),
    ),
    Flow(
        consumer="outcomes",
        topics=(OUTCOMES, FOLLOW_UPS, DELIVERIES),
        handler=lambda consumer, s: single(outcome_handler(consumer, s.store, s.matchmaking)),
    ),
    Flow(
        consumer="webhook_endpoints",
        topics=(WEBHOOK_ENDPOINTS,),
        handler=lambda consumer, s: single(endpoint_handler(consumer, s.store)),
    ),
)

# Every topic a worker consumes; the group has settled when these are all assigned.
CONSUMED_TOPICS: tuple[TopicSpec, ...] = tuple(spec for flow in FLOWS for spec in flow.topics)

# The consumer each topic's events are claimed under, live and on replay.
CONSUMER_OF: Mapping[TopicSpec, str] = {
    spec: flow.consumer for flow in FLOWS for spec in flow.topics
}


@dataclass(frozen=True)
class Timer:
    """Events the leader publishes on a clock: ``due`` at each tick, every ``seconds``."""

    name: str
    seconds: Callable[[WorkerConfig], float]
    due: Callable[[Database, datetime], Awaitable[list[Outgoing]]]


TIMERS: tuple[Timer, ...] = (
    Timer(
        "follow_ups",
        seconds=lambda settings: settings.follow_up_check_seconds,
        due=lambda database, now: due_follow_ups(database, now=now),
    ),
    Timer(
        "digests",
        seconds=lambda settings: settings.digest_check_seconds,
        due=lambda database, now: due_digests(database, now=now),
    ),
)
