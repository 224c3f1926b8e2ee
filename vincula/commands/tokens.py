"""``vincula tokens``: operators create, list, rotate and revoke API credentials."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from psycopg.rows import TupleRow

from models.api_tokens import ApiToken, TokenRole, list_tokens
from models.migrate import migrate
from vincula.auth.tokens import IssuedToken, Scope, issue_token, revoke, rotate_token
from vincula.local.postgres import database_url
from vincula.settings import Settings


def register(commands: Any) -> None:
    """Add the ``tokens`` command group."""
    parser = commands.add_parser("tokens", help="credenciales de la API (crear, listar, revocar)")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACCIÓN")

    create = actions.add_parser("create", help="crear una credencial; el token se muestra una vez")
    create.add_argument("--role", required=True, choices=[role.value for role in TokenRole])
    create.add_argument("--employer", help="id del empleador (rol employer)")
    create.add_argument(
        "--programme", help="emisor del programa: tecnm_infotec, aws, conalep… (rol programme)"
    )
    create.add_argument("--label", default="", help="nota para reconocerla (sin datos personales)")
    create.add_argument("--days", type=int, default=90, help="vigencia en días (90)")
    create.set_defaults(run=create_command)

    listing = actions.add_parser("list", help="listar las credenciales, sin sus secretos")
    listing.set_defaults(run=list_command)

    rotate = actions.add_parser("rotate", help="emitir un token nuevo con el mismo alcance")
    rotate.add_argument("token_id", metavar="ID")
    rotate.add_argument("--days", type=int, default=90, help="vigencia del nuevo en días (90)")
    rotate.add_argument(
        "--grace-hours", type=float, default=24.0, help="horas que el anterior sigue valiendo (24)"
    )
    rotate.set_defaults(run=rotate_command)

    revoking = actions.add_parser("revoke", help="revocar una credencial de inmediato")
    revoking.add_argument("token_id", metavar="ID")
    revoking.set_defaults(run=revoke_command)


@contextmanager
def _connection(settings: Settings) -> Iterator[psycopg.Connection[TupleRow]]:
    with database_url(settings) as url:
        migrate(url)
        with psycopg.connect(url) as connection:
            yield connection


def _key(settings: Settings) -> bytes:
    return settings.token_hash_key.get_secret_value().encode()


def _show_issued(issued: IssuedToken) -> None:
    stored = issued.stored
    sys.stdout.write(
        f"credencial {stored.token_id} ({stored.role.value}{_tenant(stored)}),"
        f" vence {stored.expires_at:%Y-%m-%d %H:%M} UTC\n"
        f"token (se muestra solo esta vez; guárdelo en un gestor de secretos):\n"
        f"{issued.token}\n"
    )


def _tenant(token: ApiToken) -> str:
    if token.employer_id is not None:
        return f" del empleador {token.employer_id}"
    if token.programme is not None:
        return f" del emisor {token.programme}"
    return ""


def create_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Create one credential and print its token once."""
    scope = Scope(TokenRole(arguments.role), arguments.employer, arguments.programme)
    with _connection(settings) as connection:
        issued = issue_token(
            connection,
            key=_key(settings),
            scope=scope,
            now=datetime.now(UTC),
            lifetime=timedelta(days=arguments.days),
            label=arguments.label,
        )
    _show_issued(issued)
    return 0


def _status(token: ApiToken, now: datetime) -> str:
    if token.usable_at(now):
        return "vigente" if token.revoked_at is None else "en relevo"
    return "revocada" if token.revoked_at is not None else "vencida"


def list_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Print every credential, without secrets."""
    now = datetime.now(UTC)
    with _connection(settings) as connection:
        tokens = list_tokens(connection)
    if not tokens:
        sys.stdout.write("no hay credenciales\n")
        return 0
    sys.stdout.write("id            rol        alcance                estado      último uso\n")
    for token in tokens:
        scope = token.employer_id or token.programme or "-"
        used = "-" if token.last_used_at is None else f"{token.last_used_at:%Y-%m-%d %H:%M}"
        sys.stdout.write(
            f"{token.token_id}  {token.role.value:<9}  {scope[:22]:<22} "
            f"{_status(token, now):<10}  {used}\n"
        )
    return 0


def rotate_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Issue a replacement token; the old one works for the grace period."""
    with _connection(settings) as connection:
        issued = rotate_token(
            connection,
            key=_key(settings),
            token_id=arguments.token_id,
            now=datetime.now(UTC),
            lifetime=timedelta(days=arguments.days),
            grace=timedelta(hours=arguments.grace_hours),
        )
    _show_issued(issued)
    sys.stdout.write(
        f"la credencial {arguments.token_id} deja de valer en {arguments.grace_hours:g} h\n"
    )
    return 0


def revoke_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Revoke a credential at once."""
    with _connection(settings) as connection:
        revoke(connection, token_id=arguments.token_id, now=datetime.now(UTC))
    sys.stdout.write(f"credencial {arguments.token_id} revocada\n")
    return 0
