"""Creating topics before any worker subscribes (Faust skips missing ones)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from kafka import KafkaAdminClient
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from streams.config import KafkaConfig
from streams.errors import BrokerUnavailableError
from streams.topics import Topics

log = logging.getLogger(__name__)


@contextmanager
def reaching_broker(settings: KafkaConfig) -> Iterator[None]:
    """Turn a client that finds no broker into an error that says where Kafka was looked for."""
    try:
        yield
    except (KafkaError, OSError) as error:
        raise BrokerUnavailableError(
            broker_unreachable_message(settings.kafka_bootstrap)
        ) from error


def admin_client(settings: KafkaConfig) -> KafkaAdminClient:
    """An admin client, or an error that says where Kafka was looked for."""
    with reaching_broker(settings):
        return KafkaAdminClient(
            bootstrap_servers=settings.kafka_bootstrap.split(","),
            client_id="vincula-admin",
            request_timeout_ms=10_000,
        )


def broker_unreachable_message(bootstrap: str) -> str:
    """What to tell an operator when no broker answers."""
    return (
        f"ningún broker de Kafka respondió en {bootstrap} (VINCULA_KAFKA_BOOTSTRAP). "
        "Arranque uno local con `vincula kafka start` y exporte la dirección que imprime, "
        "o apunte VINCULA_KAFKA_BOOTSTRAP a su clúster."
    )


def ensure_topics(settings: KafkaConfig) -> list[str]:
    """Create every Vincula topic that is missing; return the names created."""
    admin = admin_client(settings)
    try:
        existing = set(admin.list_topics())
        topics = Topics(settings.topic_namespace)
        wanted = topics.all_names()
        missing = [name for name in wanted if name not in existing]
        if not missing:
            return []
        new_topics = [
            NewTopic(
                name=name,
                num_partitions=settings.topic_partitions,
                replication_factor=settings.topic_replication,
                topic_configs=dict(topics.configs_of(name)),
            )
            for name in missing
        ]
        try:
            admin.create_topics(new_topics)
        except TopicAlreadyExistsError:
            log.info("otro proceso creó los temas primero")
        log.info("temas creados: %d", len(missing))
        return missing
    finally:
        admin.close()
