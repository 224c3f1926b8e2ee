"""The audit log of the API: who (a credential's public id), did what, to which object, when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import class_row

Connection = psycopg.Connection[Any]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One request as the audit log keeps it; ``object`` holds ids such as a vacancy's."""

    at: datetime
    actor: str
    role: str
    action: str
    object: str
    status: int


def record(connection: Connection, *, entry: AuditEntry) -> None:
    """Append one entry."""
    connection.execute(
        "INSERT INTO audit_log (at, actor, role, action, object, status)"
        " VALUES (%s, %s, %s, %s, %s, %s)",
        (entry.at, entry.actor, entry.role, entry.action, entry.object, entry.status),
    )


def recent(connection: Connection, *, limit: int, actor: str | None = None) -> list[AuditEntry]:
    """The newest entries, optionally of one actor, newest first."""
    with connection.cursor(row_factory=class_row(AuditEntry)) as cursor:
        return cursor.execute(
            "SELECT at, actor, role, action, object, status FROM audit_log"
            " WHERE %(actor)s::text IS NULL OR actor = %(actor)s"
            " ORDER BY at DESC, entry_id DESC LIMIT %(limit)s",
            {"actor": actor, "limit": limit},
        ).fetchall()
