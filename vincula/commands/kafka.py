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
    parser = commands.add_parser("kafka", help="broker local de Apache Kafka y temas")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACCIÓN")
    fetch = actions.add_parser(
        "fetch", help="descargar una vez los jars del broker desde Maven Central"
    )
    fetch.set_defaults(run=fetch_command)
    start = actions.add_parser("start", help="broker KRaft de un nodo hasta Ctrl-C")
    start.add_argument(
        "--port", type=int, default=0, help="puerto del listener (por omisión: uno libre)"
    )
    start.set_defaults(run=start_command)
    topics = actions.add_parser("topics", help="crear los temas de Vincula que falten")
    topics.set_defaults(run=topics_command)


def fetch_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Fetch the jars of ``VINCULA_KAFKA_VERSION`` into the state folder."""
    libs = fetch_kafka(settings.kafka_version, settings.kafka_cache_dir)
    sys.stdout.write(f"jars de Apache Kafka {settings.kafka_version} en {libs}\n")
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
        f"Kafka {settings.kafka_version} escucha en {broker.bootstrap}\n"
        f"export VINCULA_KAFKA_BOOTSTRAP={broker.bootstrap}\n"
        "Ctrl-C lo detiene; sus datos quedan en "
        f"{broker.work_dir} para el próximo arranque.\n"
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
    sys.stdout.write(f"{len(created)} temas creados en {settings.kafka_bootstrap}\n")
    return 0
