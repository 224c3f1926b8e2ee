"""``vincula db``: schema migrations."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from models.migrate import migrate
from vincula.local.postgres import database_url
from vincula.settings import Settings


def register(commands: Any) -> None:
    """Add the ``db`` command group."""
    parser = commands.add_parser("db", help="esquema de PostgreSQL")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACCIÓN")
    up = actions.add_parser("migrate", help="aplicar las migraciones pendientes (repetible)")
    up.set_defaults(run=migrate_command)


def migrate_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Apply pending migrations to DATABASE_URL or the embedded server."""
    with database_url(settings) as url:
        applied = migrate(url)
    if applied:
        sys.stdout.write(f"aplicadas: {', '.join(applied)}\n")
    else:
        sys.stdout.write("el esquema está al día\n")
    return 0
