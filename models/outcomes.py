"""Placement outcomes, seats filled by hires, and the 3/6/12-month follow-ups."""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from psycopg.rows import class_row, scalar_row

from models.errors import UnknownReferenceError
from models.pool import Connection
from models.vacancies import add_filled_seat
from schemas.enums import OutcomeKind
from schemas.outcomes import FollowUpDue, PlacementOutcome

FOLLOW_UP_MONTHS = (3, 6, 12)
FOLLOW_UP_NAMESPACE = uuid.UUID("5b0f7f1e-3c55-4d0b-9a43-8f1d2f6a7c01")

# Progress order, to break ties between outcomes reported at the same instant.
# A match's status is the furthest step it reached, in this order; the date decides only
# between equal steps. Employers report interviews and hires days after they happen while
# a graduate's answer is stamped the moment it is given, so a report dated earlier than
# the answer must still move the match forward. The endings come last: a rejection, a
# refusal or a departure closes the match whatever was reported before it.
STATUS_ORDER = [
    OutcomeKind.APPLIED.value,
    OutcomeKind.INTERVIEWED.value,
    OutcomeKind.OFFERED.value,
    OutcomeKind.HIRED.value,
    OutcomeKind.RETAINED_3M.value,
    OutcomeKind.RETAINED_6M.value,
    OutcomeKind.RETAINED_12M.value,
    OutcomeKind.REJECTED.value,
    OutcomeKind.DECLINED.value,
    OutcomeKind.LEFT.value,
]
RETENTION_MONTHS = {
    OutcomeKind.RETAINED_3M: 3,
    OutcomeKind.RETAINED_6M: 6,
    OutcomeKind.RETAINED_12M: 12,
}


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` later (the last day when the month is shorter)."""
    month_index = moment.month - 1 + months
    year = moment.year + month_index // 12
    month = month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def follow_up_id(match_id: UUID, months: int) -> UUID:
    """Deterministic id of the follow-up ``months`` after the hire of a match."""
    return uuid.uuid5(FOLLOW_UP_NAMESPACE, f"{match_id}:{months}")


@dataclass(frozen=True, slots=True)
class _MatchParties:
    graduate_id: str
    vacancy_id: str


@dataclass(frozen=True)
class OutcomeEffect:
    """What storing an outcome changed, for the flow to react to."""

    first_hire: bool
    seats_filled: int
    seats: int


async def store_outcome(connection: Connection, *, event: PlacementOutcome) -> OutcomeEffect:
    """Store an outcome, advance the match's status, fill a seat and schedule follow-ups."""
    async with connection.cursor(row_factory=class_row(_MatchParties)) as found:
        await found.execute(
            "SELECT graduate_id, vacancy_id FROM matches WHERE match_id = %s", (event.match_id,)
        )
        match = await found.fetchone()
    if match is None:
        raise UnknownReferenceError(f"resultado de una vinculación desconocida: {event.match_id}")
    if match != _MatchParties(graduate_id=event.graduate_id, vacancy_id=event.vacancy_id):
        raise UnknownReferenceError(
            f"el resultado no corresponde a la vinculación {event.match_id}"
        )
    inserted = await connection.execute(
        """
        INSERT INTO outcomes (outcome_id, match_id, graduate_id, vacancy_id, outcome,
                              reported_by, occurred_at)
        VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING
        """,
        (
            event.event_id,
            event.match_id,
            event.graduate_id,
            event.vacancy_id,
            event.outcome.value,
            event.reported_by.value,
            event.occurred_at,
        ),
    )
    # The match shows its furthest step (STATUS_ORDER), whatever order outcomes arrive in.
    await connection.execute(
        """
        UPDATE matches SET status = latest.outcome, updated_at = GREATEST(updated_at, latest.at)
        FROM (SELECT outcome, occurred_at AS at FROM outcomes WHERE match_id = %s
              ORDER BY array_position(%s::text[], outcome) DESC, occurred_at DESC LIMIT 1)
             AS latest
        WHERE match_id = %s
        """,
        (event.match_id, STATUS_ORDER, event.match_id),
    )
    effect = OutcomeEffect(first_hire=False, seats_filled=0, seats=0)
    if inserted.rowcount == 1 and event.outcome is OutcomeKind.HIRED:
        async with connection.cursor(row_factory=scalar_row) as hires:
            await hires.execute(
                "SELECT count(*) FROM outcomes WHERE match_id = %s AND outcome = %s",
                (event.match_id, OutcomeKind.HIRED.value),
            )
            hired = await hires.fetchone()
        if hired == 1:
            count = await add_filled_seat(connection, vacancy_id=event.vacancy_id)
            await schedule_follow_ups(connection, event=event)
            effect = OutcomeEffect(
                first_hire=True, seats_filled=count.seats_filled, seats=count.seats
            )
    await _record_follow_up_answer(connection, event=event)
    return effect


async def schedule_follow_ups(connection: Connection, *, event: PlacementOutcome) -> None:
    """Follow-ups 3, 6 and 12 months after the hire, on event time."""
    for months in FOLLOW_UP_MONTHS:
        await connection.execute(
            """
            INSERT INTO follow_ups (follow_up_id, match_id, graduate_id, vacancy_id, months, due_at)
            VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING
            """,
            (
                follow_up_id(event.match_id, months),
                event.match_id,
                event.graduate_id,
                event.vacancy_id,
                months,
                add_months(event.occurred_at, months),
            ),
        )


async def _record_follow_up_answer(connection: Connection, *, event: PlacementOutcome) -> None:
    months = RETENTION_MONTHS.get(event.outcome)
    if months is not None:
        await connection.execute(
            "UPDATE follow_ups SET status = 'answered' WHERE match_id = %s AND months = %s",
            (event.match_id, months),
        )
    elif event.outcome is OutcomeKind.LEFT:
        await connection.execute(
            "UPDATE follow_ups SET status = 'answered'"
            " WHERE match_id = %s AND status <> 'answered' AND due_at <= %s",
            (event.match_id, event.occurred_at),
        )
        await connection.execute(
            "UPDATE follow_ups SET status = 'cancelled'"
            " WHERE match_id = %s AND status = 'scheduled'",
            (event.match_id,),
        )


async def mark_follow_up_due(connection: Connection, *, event: FollowUpDue) -> None:
    """A follow-up's question was sent: it waits for the graduate's answer."""
    await connection.execute(
        "UPDATE follow_ups SET status = 'due' WHERE follow_up_id = %s AND status = 'scheduled'",
        (event.follow_up_id,),
    )


@dataclass(frozen=True, slots=True)
class ScheduledFollowUp:
    """A follow-up whose time has come."""

    follow_up_id: UUID
    match_id: UUID
    graduate_id: str
    vacancy_id: str
    months: int
    due_at: datetime


async def follow_ups_due(
    connection: Connection, *, now: datetime, limit: int = 500
) -> list[ScheduledFollowUp]:
    """Scheduled follow-ups whose due time is at or before ``now``."""
    async with connection.cursor(row_factory=class_row(ScheduledFollowUp)) as cursor:
        await cursor.execute(
            """
            SELECT follow_up_id, match_id, graduate_id, vacancy_id, months, due_at FROM follow_ups
            WHERE status = 'scheduled' AND due_at <= %s ORDER BY due_at, follow_up_id LIMIT %s
            """,
            (now, limit),
        )
        return await cursor.fetchall()
