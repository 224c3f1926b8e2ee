"""Build the Faust application from settings (never a hard-coded broker)."""

from __future__ import annotations

import faust

from streams.config import WorkerConfig

APP_ID = "vincula"


def broker_urls(bootstrap: str) -> list[str]:
    """Faust's ``kafka://host:port`` URLs from a ``host:port,host:port`` list."""
    return [f"kafka://{address.strip()}" for address in bootstrap.split(",") if address.strip()]


def create_app(settings: WorkerConfig, *, web_port: int | None = None) -> faust.App:
    """A Faust app for one worker process; flows register their agents on it."""
    datadir = settings.state_dir / "worker"
    datadir.mkdir(parents=True, exist_ok=True)
    return faust.App(
        settings.consumer_group or APP_ID,
        broker=broker_urls(settings.kafka_bootstrap),
        store="memory://",
        datadir=str(datadir),
        autodiscover=False,
        # Values stay raw bytes: decoding is ours, so a bad payload reaches
        # its dead-letter topic instead of crashing the agent.
        key_serializer="raw",
        value_serializer="raw",
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.topic_replication,
        consumer_auto_offset_reset="earliest",
        broker_commit_every=100,
        broker_commit_interval=1.0,
        web_enabled=True,
        web_host=settings.worker_web_host,
        web_port=settings.worker_web_port if web_port is None else web_port,
        web_in_thread=False,
    )
