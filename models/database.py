"""Where the database is: ``DATABASE_URL`` when set, else the embedded server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import conninfo, sql

from vincula.errors import ServiceUnavailableError
from vincula.local.postgres import embedded_postgres
from vincula.settings import Settings

EMBEDDED_DATABASE = "vincula"


def ensure_database(admin_url: str, name: str) -> str:
    """Create database ``name`` through ``admin_url`` if it is missing; return its URL."""
    try:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            found = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if found is None:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as error:
        raise ServiceUnavailableError(f"Could not create database {name!r}: {error}") from error
    return conninfo.make_conninfo(admin_url, dbname=name)


def drop_database(admin_url: str, name: str) -> None:
    """Drop database ``name`` (closing its connections first) if it exists."""
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@contextmanager
def database_url(settings: Settings) -> Iterator[str]:
    """Yield the URL to use: the configured one, or an embedded server's for the block."""
    if settings.database_url is not None:
        url = settings.database_url.get_secret_value()
        check_reachable(url)
        yield url
        return
    with embedded_postgres(settings.embedded_pgdata) as admin_url:
        yield ensure_database(admin_url, EMBEDDED_DATABASE)


def check_reachable(url: str) -> None:
    """Fail with an actionable message when PostgreSQL does not answer at ``url``."""
    try:
        with psycopg.connect(url, connect_timeout=5) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        safe = conninfo.conninfo_to_dict(url)
        where = (
            f"{safe.get('host', 'local socket')}:{safe.get('port', 5432)}/{safe.get('dbname', '')}"
        )
        raise ServiceUnavailableError(
            f"PostgreSQL at {where} did not answer ({error.__class__.__name__}). "
            "Check DATABASE_URL, or unset it to use the embedded server."
        ) from error
