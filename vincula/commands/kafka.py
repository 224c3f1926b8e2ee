"""``vincula kafka``: fetch the broker jars, run a local broker, create topics."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from streams.admin import ensure_topics
from vincula.local.kafka import LocalKafka, fetch_kafka
from vincula.settings import Settings


def register(commands: Any) -> None:
    """Add the ``kafka`` command group."""
    parser = commands.add_parser("kafka", help="local Apache Kafka broker and topics")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    fetch = actions.add_parser("fetch", help="download the broker jars from Maven Central once")
    fetch.set_defaults(run=fetch_command)
    start = actions.add_parser("start", help="run a single-node KRaft broker until Ctrl-C")
    start.add_argument("--port", type=int, default=0, help="listener port (default: a free one)")
    start.set_defaults(run=start_command)
    topics = actions.add_parser("topics", help="create every Vincula topic that is missing")
    topics.set_defaults(run=topics_command)


def fetch_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Fetch the jars of ``VINCULA_KAFKA_VERSION`` into the state folder."""
    libs = fetch_kafka(settings.kafka_version, settings.kafka_cache_dir)
    sys.stdout.write(f"Apache Kafka {settings.kafka_version} jars in {libs}\n")
    return 0


def start_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Run a broker in the foreground and print the address to export."""
    broker = LocalKafka(
        libs_dir=fetch_kafka(settings.kafka_version, settings.kafka_cache_dir),
        work_dir=settings.state_dir / "kafka-broker",
        version=settings.kafka_version,
        port=arguments.port,
    )
    broker.start()
    sys.stdout.write(
        f"Kafka {settings.kafka_version} listening on {broker.bootstrap}\n"
        f"export VINCULA_KAFKA_BOOTSTRAP={broker.bootstrap}\n"
        "Ctrl-C stops it; its data stays in "
        f"{broker.work_dir} for the next start.\n"
    )
    sys.stdout.flush()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        broker.stop()
    return 0


def topics_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Create the topics (and dead-letter topics) on the configured cluster."""
    created = ensure_topics(settings)
    sys.stdout.write(f"{len(created)} topics created on {settings.kafka_bootstrap}\n")
    return 0
