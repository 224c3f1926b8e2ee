"""Proposed matches, their withdrawal, and the employer's shortlist."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from psycopg.rows import class_row
from psycopg.types.json import Jsonb

from models.errors import UnknownReferenceError
from models.pool import Connection
from models.rows import Record
from schemas.enums import ConsentPurpose, MatchStatus
from schemas.matches import MatchProposed, MatchWithdrawn

# Statuses in which a match still counts against seats and exposure caps.
ACTIVE_STATUSES = (
    MatchStatus.PROPOSED,
    MatchStatus.APPLIED,
    MatchStatus.INTERVIEWED,
    MatchStatus.OFFERED,
)


async def store_match(connection: Connection, *, event: MatchProposed) -> None:
    """Insert a proposal; a newer proposal of the same pair refreshes score and reasons."""
    await connection.execute(
        """
        INSERT INTO matches (match_id, graduate_id, vacancy_id, score, components, reasons, rank,
                             model_version, status, proposed_at, updated_at)
        VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 'proposed', %s, %s)
        ON CONFLICT (match_id) DO UPDATE SET
            score = EXCLUDED.score, components = EXCLUDED.components,
            reasons = EXCLUDED.reasons, rank = EXCLUDED.rank,
            model_version = EXCLUDED.model_version,
            status = CASE WHEN matches.status = 'withdrawn' THEN 'proposed' ELSE matches.status END,
            withdrawn_reason = CASE WHEN matches.status = 'withdrawn' THEN NULL
                                    ELSE matches.withdrawn_reason END,
            updated_at = EXCLUDED.updated_at
        WHERE matches.updated_at < EXCLUDED.updated_at
        """,
        (
            event.match_id,
            event.graduate_id,
            event.vacancy_id,
            event.score,
            Jsonb(dict(sorted(event.components.items()))),
            list(event.reasons),
            event.rank,
            event.model_version,
            event.event_time,
            event.event_time,
        ),
    )


async def withdraw_match(connection: Connection, *, event: MatchWithdrawn) -> None:
    """Withdraw a proposal (it leaves the shortlist; its history stays)."""
    cursor = await connection.execute(
        """
        UPDATE matches SET status = 'withdrawn', withdrawn_reason = %s, updated_at = %s
        WHERE match_id = %s AND updated_at <= %s AND status IN ('proposed', 'withdrawn')
        """,
        (event.reason.value, event.event_time, event.match_id, event.event_time),
    )
    if cursor.rowcount == 0:
        exists = await connection.execute(
            "SELECT 1 FROM matches WHERE match_id = %s", (event.match_id,)
        )
        if await exists.fetchone() is None:
            raise UnknownReferenceError(f"la vinculación {event.match_id} no existe")


class ActiveMatch(Record):
    """A match that still occupies a place: on the shortlist if ``visible``, else an unshown one.

    ``visible`` is whether the graduate now shares their profile with
    employers, as the employer's shortlist (``models.reports.shortlist``) reads it.
    """

    match_id: UUID
    graduate_id: str
    vacancy_id: str
    score: float
    status: MatchStatus
    proposed_at: datetime
    visible: bool = True


async def active_matches(
    connection: Connection, *, vacancy_id: str | None = None, graduate_id: str | None = None
) -> list[ActiveMatch]:
    """Active matches of a vacancy, of a graduate, or of both filters."""
    async with connection.cursor(row_factory=class_row(ActiveMatch)) as cursor:
        await cursor.execute(
            """
            SELECT m.match_id, m.graduate_id, m.vacancy_id, m.score, m.status, m.proposed_at,
                   COALESCE(s.granted, false) AS visible
            FROM matches m
            LEFT JOIN consents s ON s.graduate_id = m.graduate_id AND s.purpose = %s
            WHERE m.status = ANY(%s)
              AND (%s::text IS NULL OR m.vacancy_id = %s)
              AND (%s::text IS NULL OR m.graduate_id = %s)
            ORDER BY m.vacancy_id, m.score DESC, m.graduate_id
            """,
            (
                ConsentPurpose.SHARE_WITH_EMPLOYERS.value,
                [status.value for status in ACTIVE_STATUSES],
                vacancy_id,
                vacancy_id,
                graduate_id,
                graduate_id,
            ),
        )
        return await cursor.fetchall()
