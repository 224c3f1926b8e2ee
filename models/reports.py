"""Read-only views of the state: ministry aggregates, shortlists, demo progress.

Aggregates for the Secretaría de Economía suppress small cells (fewer than
``SMALL_CELL`` people), so no person can be singled out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

import psycopg
from psycopg import sql

SMALL_CELL = 10

Dimension = Literal["programme", "state", "sector"]

_COLUMN = {
    "programme": sql.SQL("g.programme"),
    "state": sql.SQL("g.state"),
    "sector": sql.SQL("v.sector"),
}


def suppress(count: int) -> int | None:
    """None for a small cell, the count otherwise."""
    return count if count >= SMALL_CELL else None


@dataclass(frozen=True)
class PlacementRow:
    """Graduates matched, hired and retained for one value of a dimension (None: < 10)."""

    value: str
    matched: int | None
    hired: int | None
    retained: int | None


def placements_by(url: str, *, dimension: Dimension) -> list[PlacementRow]:
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
    with psycopg.connect(url) as connection:
        rows = connection.execute(query).fetchall()
    return [
        PlacementRow(str(value), suppress(int(m)), suppress(int(h)), suppress(int(r)))
        for value, m, h, r in rows
    ]


@dataclass(frozen=True)
class ShortlistEntry:
    """One consenting candidate on an employer's shortlist (pseudonymous)."""

    rank: int
    graduate_id: str
    score: float
    reasons: tuple[str, ...]
    status: str


def shortlist(url: str, *, vacancy_id: str) -> list[ShortlistEntry]:
    """Active matches of a vacancy whose graduates consent to share their profile."""
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            """
            SELECT m.graduate_id, m.score, m.reasons, m.status FROM matches m
            JOIN consents c ON c.graduate_id = m.graduate_id
                AND c.purpose = 'share_with_employers' AND c.granted
            WHERE m.vacancy_id = %s
              AND m.status IN ('proposed', 'applied', 'interviewed', 'offered', 'hired')
            ORDER BY m.score DESC, m.graduate_id
            """,
            (vacancy_id,),
        ).fetchall()
    return [
        ShortlistEntry(rank, str(g), float(score), tuple(reasons), str(status))
        for rank, (g, score, reasons, status) in enumerate(rows, start=1)
    ]


def counts(url: str) -> dict[str, int]:
    """Row counts of the main tables, and notifications by status."""
    with psycopg.connect(url) as connection:
        row = connection.execute(
            """
            SELECT (SELECT count(*) FROM graduates), (SELECT count(*) FROM vacancies),
                   (SELECT count(*) FROM matches),
                   (SELECT count(DISTINCT graduate_id) FROM matches),
                   (SELECT count(*) FROM matches WHERE status = 'withdrawn'),
                   (SELECT count(*) FROM notifications WHERE status = 'delivered'),
                   (SELECT count(*) FROM notifications WHERE status = 'deferred'),
                   (SELECT count(*) FROM notifications WHERE status = 'failed'),
                   (SELECT count(*) FROM follow_ups),
                   (SELECT count(*) FROM vacancies WHERE status = 'closed'),
                   (SELECT count(*) FROM processed_events)
            """
        ).fetchone()
    names = [
        "graduates",
        "vacancies",
        "matches",
        "matched_graduates",
        "withdrawn",
        "delivered",
        "deferred",
        "failed",
        "follow_ups",
        "closed_vacancies",
        "processed",
    ]
    return dict(zip(names, (int(v) for v in row or ()), strict=True))


def best_proposals(url: str, *, count: int) -> list[tuple[UUID, str, str]]:
    """The top proposal of each vacancy, one per graduate: (match id, graduate, vacancy)."""
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            """
            SELECT DISTINCT ON (vacancy_id) match_id, graduate_id, vacancy_id
            FROM matches WHERE status = 'proposed'
            ORDER BY vacancy_id, score DESC, graduate_id
            """
        ).fetchall()
    chosen: list[tuple[UUID, str, str]] = []
    placed: set[str] = set()
    for match_id, graduate_id, vacancy_id in rows:
        if graduate_id not in placed and len(chosen) < count:
            chosen.append((match_id, str(graduate_id), str(vacancy_id)))
            placed.add(graduate_id)
    return chosen


def follow_ups(url: str) -> list[tuple[int, datetime, str]]:
    """Scheduled follow-ups: (months, due time, status)."""
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT months, due_at, status FROM follow_ups ORDER BY due_at, months"
        ).fetchall()
    return [(int(m), due, str(s)) for m, due, s in rows]


def vacancy_titles(url: str) -> dict[str, tuple[str, str, str]]:
    """Title, employer name and Spanish-coded state per vacancy id."""
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT v.vacancy_id, v.title, e.name, v.state FROM vacancies v"
            " JOIN employers e USING (employer_id)"
        ).fetchall()
    return {str(v): (str(t), str(n), str(s)) for v, t, n, s in rows}


@dataclass(frozen=True)
class MatchRef:
    """Who and what a match is about."""

    match_id: UUID
    graduate_id: str
    vacancy_id: str


def match_ref(url: str, *, match_id: UUID) -> MatchRef | None:
    """The graduate and vacancy of a match, or None if unknown."""
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT match_id, graduate_id, vacancy_id FROM matches WHERE match_id = %s",
            (match_id,),
        ).fetchone()
    return None if row is None else MatchRef(row[0], str(row[1]), str(row[2]))


def follow_up_ref(url: str, *, follow_up_id: UUID) -> tuple[MatchRef, int] | None:
    """The match and months of a follow-up, or None if unknown."""
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT match_id, graduate_id, vacancy_id, months FROM follow_ups"
            " WHERE follow_up_id = %s",
            (follow_up_id,),
        ).fetchone()
    return None if row is None else (MatchRef(row[0], str(row[1]), str(row[2])), int(row[3]))
