"""The event-derived tables, and a canonical digest of their content.

"Event-derived" means rebuilt from the topics alone: ``vincula replay``
empties exactly these tables and folds every event into them again. Not
here, on purpose: ``contacts`` and ``erasures`` (they never travel through
a topic, so a replay could not restore them), ``embedding_cache`` and
``placement_models`` (caches and trained artefacts, not facts), and
operational records such as ``dead_letter_republished``. A migration that
adds an event-derived table must add it here too.

The digest is SHA-256 over every row of those tables, in primary-key order,
each row as PostgreSQL's canonical ``jsonb`` text with times in UTC, so two
databases holding the same facts give the same digest whatever order the
rows were written in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import psycopg
from psycopg import sql
from psycopg.rows import TupleRow, scalar_row

from models.pool import Connection

# Table -> primary key, in an order TRUNCATE and readers both accept.
EVENT_DERIVED_TABLES: Mapping[str, tuple[str, ...]] = {
    "processed_events": ("consumer", "event_id"),
    "graduates": ("graduate_id",),
    "credentials": ("graduate_id", "vendor_code"),
    "consents": ("graduate_id", "purpose"),
    "employers": ("employer_id",),
    "vacancies": ("vacancy_id",),
    "matches": ("match_id",),
    "notifications": ("notification_id",),
    "outcomes": ("outcome_id",),
    "follow_ups": ("follow_up_id",),
    "webhook_endpoints": ("employer_id",),
}


def _rows_query(table: str, key: tuple[str, ...]) -> sql.Composed:
    return sql.SQL("SELECT to_jsonb(t)::text FROM {} AS t ORDER BY {}").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(column) for column in key)
    )


def table_digests(
    connection: psycopg.Connection[TupleRow],
    tables: Mapping[str, tuple[str, ...]] = EVENT_DERIVED_TABLES,
) -> dict[str, str]:
    """SHA-256 of each table's canonical content (useful to see which table differs)."""
    digests: dict[str, str] = {}
    with connection.transaction():
        # Times render in the session's zone; fix it so servers agree.
        connection.execute("SET LOCAL TIME ZONE 'UTC'")
        for table, key in tables.items():
            digest = hashlib.sha256(table.encode())
            with connection.cursor(row_factory=scalar_row) as cursor:
                for text in cursor.execute(_rows_query(table, key)):
                    digest.update(b"\n")
                    digest.update(str(text).encode())
            digests[table] = digest.hexdigest()
    return digests


def database_digest(
    connection: psycopg.Connection[TupleRow],
    tables: Mapping[str, tuple[str, ...]] = EVENT_DERIVED_TABLES,
) -> str:
    """One SHA-256 over every event-derived table."""
    return combine(table_digests(connection, tables))


def combine(digests: Mapping[str, str]) -> str:
    """One SHA-256 from per-table digests."""
    combined = hashlib.sha256()
    for table, digest in sorted(digests.items()):
        combined.update(f"{table}={digest}\n".encode())
    return combined.hexdigest()


def digest_of(url: str) -> str:
    """``database_digest`` of the database at ``url``."""
    with psycopg.connect(url) as connection:
        return database_digest(connection)


async def wipe_event_derived(connection: Connection) -> None:
    """Empty every event-derived table (inside the caller's transaction)."""
    await connection.execute(
        sql.SQL("TRUNCATE {}").format(
            sql.SQL(", ").join(sql.Identifier(table) for table in EVENT_DERIVED_TABLES)
        )
    )


async def erased_graduates(connection: Connection) -> set[str]:
    """Graduates who asked to be erased; replay skips their events."""
    async with connection.cursor(row_factory=scalar_row) as cursor:
        await cursor.execute("SELECT graduate_id FROM erasures")
        return {str(graduate_id) for graduate_id in await cursor.fetchall()}
