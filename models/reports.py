"""Read-only views of the state: ministry aggregates, shortlists, demo progress.

Every function reads through a connection the caller owns (the API lends one
from its pool per request), and rows arrive as dataclasses, never as tuples.
Aggregates for the Secretaría de Economía suppress small cells (fewer than
``SMALL_CELL`` people), so no person can be singled out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

import psycopg
from psycopg import sql
from psycopg.rows import class_row

SMALL_CELL = 10

Dimension = Literal["programme", "state", "sector"]
Connection = psycopg.Connection[Any]

_COLUMN = {
    "programme": sql.SQL("g.programme"),
    "state": sql.SQL("g.state"),
    "sector": sql.SQL("v.sector"),
}


def suppress(count: int) -> int | None:
    """None for a small cell, the count otherwise."""
    return count if count >= SMALL_CELL else None


@dataclass(frozen=True)
class PlacementCounts:
    """Graduates matched, hired and retained for one value of a dimension, unsuppressed."""

    value: str
    matched: int
    hired: int
    retained: int


@dataclass(frozen=True)
class PlacementRow:
    """Graduates matched, hired and retained for one value of a dimension (None: < 10)."""

    value: str
    matched: int | None
    hired: int | None
    retained: int | None


def placements_by(connection: Connection, *, dimension: Dimension) -> list[PlacementRow]:
    """Placement funnel per programme, state or sector."""
    query = sql.SQL(
        """
        SELECT {column} AS value,
               count(DISTINCT m.graduate_id) AS matched,
               count(DISTINCT m.graduate_id) FILTER (
                   WHERE o.outcome IN ('hired', 'retained_3m', 'retained_6m', 'retained_12m')
               ) AS hired,
               count(DISTINCT m.graduate_id) FILTER (
                   WHERE o.outcome IN ('retained_3m', 'retained_6m', 'retained_12m')
               ) AS retained
        FROM matches m
        JOIN graduates g ON g.graduate_id = m.graduate_id
        JOIN vacancies v ON v.vacancy_id = m.vacancy_id
        LEFT JOIN outcomes o ON o.match_id = m.match_id
        GROUP BY 1 ORDER BY 2 DESC, 1
        """
    ).format(column=_COLUMN[dimension])
    with connection.cursor(row_factory=class_row(PlacementCounts)) as cursor:
        rows = cursor.execute(query).fetchall()
    return [
        PlacementRow(r.value, suppress(r.matched), suppress(r.hired), suppress(r.retained))
        for r in rows
    ]


@dataclass(frozen=True)
class ShortlistEntry:
    """One consenting candidate on an employer's shortlist (pseudonymous)."""

    rank: int
    match_id: UUID
    graduate_id: str
    score: float
    reasons: list[str]
    status: str


def shortlist(connection: Connection, *, vacancy_id: str) -> list[ShortlistEntry]:
    """Active matches of a vacancy whose graduates consent to share their profile."""
    with connection.cursor(row_factory=class_row(ShortlistEntry)) as cursor:
        return cursor.execute(
            """
            SELECT row_number() OVER (ORDER BY m.score DESC, m.graduate_id)::int AS rank,
                   m.match_id, m.graduate_id, m.score, m.reasons, m.status
            FROM matches m
            JOIN consents c ON c.graduate_id = m.graduate_id
                AND c.purpose = 'share_with_employers' AND c.granted
            WHERE m.vacancy_id = %s
              AND m.status IN ('proposed', 'applied', 'interviewed', 'offered', 'hired')
            ORDER BY m.score DESC, m.graduate_id
            """,
            (vacancy_id,),
        ).fetchall()


@dataclass(frozen=True)
class Counts:
    """Row counts of the main tables, and notifications by status."""

    graduates: int
    vacancies: int
    matches: int
    matched_graduates: int
    withdrawn: int
    delivered: int
    deferred: int
    failed: int
    follow_ups: int
    closed_vacancies: int
    processed: int


def counts(connection: Connection) -> Counts:
    """Row counts of the main tables, and notifications by status."""
    with connection.cursor(row_factory=class_row(Counts)) as cursor:
        row = cursor.execute(
            """
            SELECT (SELECT count(*) FROM graduates)::int AS graduates,
                   (SELECT count(*) FROM vacancies)::int AS vacancies,
                   (SELECT count(*) FROM matches)::int AS matches,
                   (SELECT count(DISTINCT graduate_id) FROM matches)::int AS matched_graduates,
                   (SELECT count(*) FROM matches WHERE status = 'withdrawn')::int AS withdrawn,
                   (SELECT count(*) FROM notifications WHERE status = 'delivered')::int
                       AS delivered,
                   (SELECT count(*) FROM notifications WHERE status = 'deferred')::int
                       AS deferred,
                   (SELECT count(*) FROM notifications WHERE status = 'failed')::int AS failed,
                   (SELECT count(*) FROM follow_ups)::int AS follow_ups,
                   (SELECT count(*) FROM vacancies WHERE status = 'closed')::int
                       AS closed_vacancies,
                   (SELECT count(*) FROM processed_events)::int AS processed
            """
        ).fetchone()
    if row is None:  # an aggregate without FROM always returns one row
        raise RuntimeError("counting the main tables returned no row")
    return row


@dataclass(frozen=True)
class MatchRef:
    """Who and what a match is about."""

    match_id: UUID
    graduate_id: str
    vacancy_id: str


def best_proposals(connection: Connection, *, count: int) -> list[MatchRef]:
    """The top proposal of each vacancy, one per graduate."""
    with connection.cursor(row_factory=class_row(MatchRef)) as cursor:
        rows = cursor.execute(
            """
            SELECT DISTINCT ON (vacancy_id) match_id, graduate_id, vacancy_id
            FROM matches WHERE status = 'proposed'
            ORDER BY vacancy_id, score DESC, graduate_id
            """
        ).fetchall()
    chosen: list[MatchRef] = []
    placed: set[str] = set()
    for ref in rows:
        if ref.graduate_id not in placed and len(chosen) < count:
            chosen.append(ref)
            placed.add(ref.graduate_id)
    return chosen


@dataclass(frozen=True)
class FollowUpRow:
    """One scheduled follow-up: after how many months, when, and its status."""

    months: int
    due_at: datetime
    status: str


def follow_ups(connection: Connection) -> list[FollowUpRow]:
    """Scheduled follow-ups, soonest first."""
    with connection.cursor(row_factory=class_row(FollowUpRow)) as cursor:
        return cursor.execute(
            "SELECT months, due_at, status FROM follow_ups ORDER BY due_at, months"
        ).fetchall()


@dataclass(frozen=True)
class VacancyTitle:
    """A vacancy's title, its employer's name and its Spanish-coded state."""

    vacancy_id: str
    title: str
    employer: str
    state: str


def vacancy_titles(connection: Connection) -> list[VacancyTitle]:
    """Every vacancy's title, employer and state, by vacancy id."""
    with connection.cursor(row_factory=class_row(VacancyTitle)) as cursor:
        return cursor.execute(
            "SELECT v.vacancy_id, v.title, e.name AS employer, v.state FROM vacancies v"
            " JOIN employers e USING (employer_id) ORDER BY v.vacancy_id"
        ).fetchall()


def match_ref(connection: Connection, *, match_id: UUID) -> MatchRef | None:
    """The graduate and vacancy of a match, or None if unknown."""
    with connection.cursor(row_factory=class_row(MatchRef)) as cursor:
        return cursor.execute(
            "SELECT match_id, graduate_id, vacancy_id FROM matches WHERE match_id = %s",
            (match_id,),
        ).fetchone()


@dataclass(frozen=True)
class FollowUpRef(MatchRef):
    """The match a follow-up asks about, and after how many months."""

    months: int


def follow_up_ref(connection: Connection, *, follow_up_id: UUID) -> FollowUpRef | None:
    """The match and months of a follow-up, or None if unknown."""
    with connection.cursor(row_factory=class_row(FollowUpRef)) as cursor:
        return cursor.execute(
            "SELECT match_id, graduate_id, vacancy_id, months FROM follow_ups"
            " WHERE follow_up_id = %s",
            (follow_up_id,),
        ).fetchone()
