"""``vincula worker``: one stream-processing worker process."""

from __future__ import annotations

import argparse
from typing import Any

import faust

from models.migrate import migrate
from streams.admin import ensure_topics
from vincula.bootstrap import build_worker_app
from vincula.local.postgres import database_url
from vincula.settings import Settings


def register(commands: Any) -> None:
    """Add the ``worker`` command."""
    parser = commands.add_parser("worker", help="ejecutar un worker de flujos (Ctrl-C lo detiene)")
    parser.add_argument("--web-port", type=int, default=None, help="puerto de salud y métricas")
    parser.add_argument(
        "--loglevel",
        default="info",
        choices=["debug", "info", "warning"],
        help="nivel de registro de Faust",
    )
    parser.set_defaults(run=worker_command)


def worker_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Create missing topics, migrate, and run until stopped."""
    if arguments.web_port is not None:
        settings = settings.model_copy(update={"worker_web_port": arguments.web_port})
    ensure_topics(settings)
    with database_url(settings) as url:
        migrate(url)
        app = build_worker_app(settings, url)
        worker = faust.Worker(app, loglevel=arguments.loglevel, override_logging=False)
        worker.execute_from_commandline()
    return 0
