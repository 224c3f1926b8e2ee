"""Every Kafka topic Vincula uses, declared in one place.

Names are ``<namespace>.<topic>.v<N>``: they carry their contract version,
and the namespace (``VINCULA_TOPIC_NAMESPACE``, default ``vincula``) lets
several deployments or test runs share one cluster. Keys are the entity the
events describe, so per-entity order holds across partitions. Each topic
has a dead-letter twin, ``<name>.dlq``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Erasures must outlive every event they cancel, and an employer's endpoint every vacancy:
# compacted by key and never expired.
KEPT_COMPACTED: Mapping[str, str] = MappingProxyType(
    {"cleanup.policy": "compact", "retention.ms": "-1", "min.compaction.lag.ms": "0"}
)


@dataclass(frozen=True)
class TopicSpec:
    """A topic (without its namespace), the events it carries, its key and its own configs."""

    suffix: str
    event_types: tuple[str, ...]
    key: str
    configs: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)


def dead_letter_topic(name: str) -> str:
    """``<name>.dlq``."""
    return f"{name}.dlq"


GRADUATIONS = TopicSpec("graduations.v1", ("GraduateCertified",), "graduate_id")
CONSENTS = TopicSpec("consents.v1", ("ConsentChanged",), "graduate_id")
VACANCIES = TopicSpec(
    "vacancies.v1", ("VacancyPosted", "VacancyUpdated", "VacancyClosed"), "vacancy_id"
)
MATCHES = TopicSpec("matches.v1", ("MatchProposed", "MatchWithdrawn"), "match_id")
NOTIFICATIONS = TopicSpec("notifications.v1", ("NotificationRequested",), "graduate_id")
DELIVERIES = TopicSpec("deliveries.v1", ("NotificationDelivered",), "graduate_id")
OUTCOMES = TopicSpec("outcomes.v1", ("PlacementOutcome",), "match_id")
FOLLOW_UPS = TopicSpec("follow-ups.v1", ("FollowUpDue",), "match_id")
ERASURES = TopicSpec("erasures.v1", ("GraduateErased",), "graduate_id", KEPT_COMPACTED)
# An employer's latest registration is its state: compacted by employer and never expired.
WEBHOOK_ENDPOINTS = TopicSpec(
    "webhook-endpoints.v1",
    ("WebhookEndpointRegistered", "WebhookEndpointRemoved"),
    "employer_id",
    KEPT_COMPACTED,
)

ALL_TOPICS: tuple[TopicSpec, ...] = (
    GRADUATIONS,
    CONSENTS,
    VACANCIES,
    MATCHES,
    NOTIFICATIONS,
    DELIVERIES,
    OUTCOMES,
    FOLLOW_UPS,
    ERASURES,
    WEBHOOK_ENDPOINTS,
)

TOPIC_FOR_EVENT: dict[str, TopicSpec] = {
    event_type: spec for spec in ALL_TOPICS for event_type in spec.event_types
}


@dataclass(frozen=True)
class Topics:
    """Topic names of one namespace."""

    namespace: str = "vincula"

    def name(self, spec: TopicSpec) -> str:
        """Full name of ``spec`` in this namespace."""
        return f"{self.namespace}.{spec.suffix}"

    def for_event_type(self, event_type: str) -> str:
        """The topic an event type is published to."""
        return self.name(TOPIC_FOR_EVENT[event_type])

    def all_names(self) -> list[str]:
        """Every topic and its dead-letter twin."""
        return [
            name
            for spec in ALL_TOPICS
            for name in (self.name(spec), dead_letter_topic(self.name(spec)))
        ]

    def configs_of(self, name: str) -> Mapping[str, str]:
        """Topic-level configs for a full name (dead-letter twins take the broker's)."""
        spec = self.spec_of(name)
        if spec is None or name.endswith(".dlq"):
            return {}
        return spec.configs

    def spec_of(self, name: str) -> TopicSpec | None:
        """The spec behind a full topic name (dead-letter names included)."""
        base = name.removesuffix(".dlq")
        for spec in ALL_TOPICS:
            if self.name(spec) == base:
                return spec
        return None
