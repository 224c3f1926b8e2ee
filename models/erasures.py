"""Deleting a graduate: every row about them goes, and a record that they asked stays.

The record (``erasures``) holds only the pseudonym: it is what keeps an old
cohort file from storing the person's contact again, and what makes the state
fold skip their events. It is itself rebuilt from the ``erasures.v1`` topic,
so a database rebuilt from nothing forgets the person too.
"""

from __future__ import annotations

from psycopg import sql

from models.pool import Connection
from schemas.graduates import GraduateErased

# Every table that holds rows about one graduate; credentials go with graduates (cascade).
PERSONAL_TABLES = (
    "contacts",
    "consents",
    "notifications",
    "follow_ups",
    "outcomes",
    "matches",
    "graduates",
)


async def erase_graduate(connection: Connection, *, event: GraduateErased) -> None:
    """Record the erasure and delete every row about the graduate."""
    await connection.execute(
        "INSERT INTO erasures (graduate_id, requested_at) VALUES (%s, %s)"
        " ON CONFLICT (graduate_id) DO NOTHING",
        (event.graduate_id, event.event_time),
    )
    for table in PERSONAL_TABLES:
        await connection.execute(
            sql.SQL("DELETE FROM {} WHERE graduate_id = %s").format(sql.Identifier(table)),
            (event.graduate_id,),
        )
