"""``vincula audit``: who read or changed what through the API, newest first."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import psycopg

from models.audit import recent
from models.migrate import migrate
from vincula.local.postgres import database_url
from vincula.settings import Settings


def register(commands: Any) -> None:
    """Add the ``audit`` command."""
    parser = commands.add_parser("audit", help="registro de auditoría de la API")
    parser.add_argument("--limit", type=int, default=50, help="cuántas entradas (50)")
    parser.add_argument("--actor", help="solo las de esta credencial (su id público)")
    parser.set_defaults(run=audit_command)


def audit_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Print the newest audit entries."""
    with database_url(settings) as url:
        migrate(url)
        with psycopg.connect(url) as connection:
            entries = recent(connection, limit=arguments.limit, actor=arguments.actor)
    if not entries:
        sys.stdout.write("sin entradas\n")
    for entry in entries:
        sys.stdout.write(
            f"{entry.at:%Y-%m-%d %H:%M:%S}  {entry.actor:<12}  {entry.role:<9}  {entry.status}"
            f"  {entry.action}  {entry.object}\n"
        )
    return 0
