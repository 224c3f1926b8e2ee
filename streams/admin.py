"""Creating topics before any worker subscribes (Faust skips missing ones)."""

from __future__ import annotations

import logging

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from streams.config import KafkaConfig
from streams.errors import BrokerUnavailableError
from streams.topics import Topics

log = logging.getLogger(__name__)


def admin_client(settings: KafkaConfig) -> KafkaAdminClient:
    """An admin client, or an error that says where Kafka was looked for."""
    try:
        return KafkaAdminClient(
            bootstrap_servers=settings.kafka_bootstrap.split(","),
            client_id="vincula-admin",
            request_timeout_ms=10_000,
        )
    except (KafkaError, OSError) as error:
        raise BrokerUnavailableError(
            broker_unreachable_message(settings.kafka_bootstrap)
        ) from error


def broker_unreachable_message(bootstrap: str) -> str:
    """What to tell an operator when no broker answers."""
    return (
        f"No Kafka broker answered at {bootstrap} (VINCULA_KAFKA_BOOTSTRAP). "
        "Start a local one with `vincula kafka start` and export the address it prints, "
        "or point VINCULA_KAFKA_BOOTSTRAP at your cluster."
    )


def ensure_topics(settings: KafkaConfig) -> list[str]:
    """Create every Vincula topic that is missing; return the names created."""
    admin = admin_client(settings)
    try:
        existing = set(admin.list_topics())
        wanted = Topics(settings.topic_namespace).all_names()
        missing = [name for name in wanted if name not in existing]
        if not missing:
            return []
        new_topics = [
            NewTopic(
                name=name,
                num_partitions=settings.topic_partitions,
                replication_factor=settings.topic_replication,
            )
            for name in missing
        ]
        try:
            admin.create_topics(new_topics)
        except TopicAlreadyExistsError:
            log.info("another process created the topics first")
        log.info("created topics: %s", ", ".join(missing))
        return missing
    finally:
        admin.close()
