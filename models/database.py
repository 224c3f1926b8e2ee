"""Creating, dropping and probing databases by URL (the roof decides which server)."""

from __future__ import annotations

import psycopg
from psycopg import conninfo, sql

from models.errors import DatabaseUnavailableError


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
        raise DatabaseUnavailableError(f"Could not create database {name!r}: {error}") from error
    return conninfo.make_conninfo(admin_url, dbname=name)


def drop_database(admin_url: str, name: str) -> None:
    """Drop database ``name`` (closing its connections first) if it exists."""
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


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
        raise DatabaseUnavailableError(
            f"PostgreSQL at {where} did not answer ({error.__class__.__name__}). "
            "Check DATABASE_URL, or unset it to use the embedded server."
        ) from error
