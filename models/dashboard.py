"""What the ministry's dashboard reads: graduates, their proposals and outcomes, open seats.

These are the raw, unsuppressed facts the dashboard aggregates (``vincula.dashboard``
counts, suppresses and publishes them); nothing here ever leaves the server as is.
Rows carry the graduate's pseudonym only to join a graduate with their proposals.
Filters are applied in SQL where a column holds them; the rest (track, credential
kind) are properties the dashboard derives and filters on itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import class_row

Connection = psycopg.Connection[Any]


@dataclass(frozen=True)
class Scope:
    """Which graduates and which vacancies to read; None reads all."""

    programme: str | None = None
    issuer: str | None = None
    state: str | None = None
    certified_from: datetime | None = None  # inclusive
    certified_before: datetime | None = None  # exclusive
    sector: str | None = None
    vacancy_kind: str | None = None
    vacancy_state: str | None = None

    def parameters(self) -> dict[str, object]:
        """The scope as named query parameters."""
        return {
            "programme": self.programme,
            "issuer": self.issuer,
            "state": self.state,
            "certified_from": self.certified_from,
            "certified_before": self.certified_before,
            "sector": self.sector,
            "vacancy_kind": self.vacancy_kind,
            "vacancy_state": self.vacancy_state,
        }


_GRADUATES = """
    SELECT g.graduate_id FROM graduates g
    WHERE (%(programme)s::text IS NULL OR g.programme = %(programme)s)
      AND (%(issuer)s::text IS NULL OR g.issuer = %(issuer)s)
      AND (%(state)s::text IS NULL OR g.state = %(state)s)
      AND (%(certified_from)s::timestamptz IS NULL OR g.certified_at >= %(certified_from)s)
      AND (%(certified_before)s::timestamptz IS NULL OR g.certified_at < %(certified_before)s)
"""


@dataclass(frozen=True)
class GraduateRow:
    """One graduate in scope, with their credentials and skills."""

    graduate_id: str
    programme: str
    issuer: str
    state: str
    sex: str | None
    birth_year: int | None
    certified_at: datetime
    kinds: list[str]
    tracks: list[str]
    verified: list[bool]
    skills: list[str]


def graduates_in(connection: Connection, *, scope: Scope) -> list[GraduateRow]:
    """Graduates in scope, credentials as parallel arrays (ordered by vendor code)."""
    query = f"""
        WITH chosen AS ({_GRADUATES})
        SELECT g.graduate_id, g.programme, g.issuer, g.state, g.sex, g.birth_year,
               g.certified_at, g.skills,
               coalesce(array_agg(cr.kind ORDER BY cr.vendor_code)
                        FILTER (WHERE cr.kind IS NOT NULL), '{{}}') AS kinds,
               coalesce(array_agg(cr.track ORDER BY cr.vendor_code)
                        FILTER (WHERE cr.kind IS NOT NULL), '{{}}') AS tracks,
               coalesce(array_agg(cr.verified ORDER BY cr.vendor_code)
                        FILTER (WHERE cr.kind IS NOT NULL), '{{}}') AS verified
        FROM chosen JOIN graduates g USING (graduate_id)
        LEFT JOIN credentials cr USING (graduate_id)
        GROUP BY g.graduate_id
        ORDER BY g.graduate_id
    """
    with connection.cursor(row_factory=class_row(GraduateRow)) as cursor:
        return cursor.execute(query.encode(), scope.parameters()).fetchall()


@dataclass(frozen=True)
class MatchRow:
    """One proposal to a graduate in scope, its vacancy and its outcomes (parallel arrays)."""

    graduate_id: str
    match_id: str
    proposed_at: datetime
    sector: str
    vacancy_kind: str
    vacancy_state: str
    outcomes: list[str]
    occurred: list[datetime]


def matches_in(connection: Connection, *, scope: Scope) -> list[MatchRow]:
    """Every proposal (withdrawn ones too) to a graduate in scope, for vacancies in scope."""
    query = f"""
        WITH chosen AS ({_GRADUATES})
        SELECT m.graduate_id, m.match_id::text AS match_id, m.proposed_at,
               v.sector, v.kind AS vacancy_kind, v.state AS vacancy_state,
               coalesce(array_agg(o.outcome ORDER BY o.occurred_at, o.outcome)
                        FILTER (WHERE o.outcome IS NOT NULL), '{{}}') AS outcomes,
               coalesce(array_agg(o.occurred_at ORDER BY o.occurred_at, o.outcome)
                        FILTER (WHERE o.outcome IS NOT NULL), '{{}}') AS occurred
        FROM chosen
        JOIN matches m USING (graduate_id)
        JOIN vacancies v ON v.vacancy_id = m.vacancy_id
        LEFT JOIN outcomes o ON o.match_id = m.match_id
        WHERE (%(sector)s::text IS NULL OR v.sector = %(sector)s)
          AND (%(vacancy_kind)s::text IS NULL OR v.kind = %(vacancy_kind)s)
          AND (%(vacancy_state)s::text IS NULL OR v.state = %(vacancy_state)s)
        GROUP BY m.match_id, v.vacancy_id
        ORDER BY m.graduate_id, m.proposed_at, m.match_id
    """
    with connection.cursor(row_factory=class_row(MatchRow)) as cursor:
        return cursor.execute(query.encode(), scope.parameters()).fetchall()


@dataclass(frozen=True)
class OpenVacancy:
    """An open vacancy's seats and what it asks for."""

    sector: str
    state: str
    seats: int
    seats_filled: int
    required_skills: list[str]


def open_vacancies(connection: Connection, *, scope: Scope) -> list[OpenVacancy]:
    """Open vacancies of the sector, kind and state in scope."""
    with connection.cursor(row_factory=class_row(OpenVacancy)) as cursor:
        return cursor.execute(
            """
            SELECT sector, state, seats, least(seats_filled, seats) AS seats_filled,
                   required_skills
            FROM vacancies
            WHERE status = 'open'
              AND (%(sector)s::text IS NULL OR sector = %(sector)s)
              AND (%(vacancy_kind)s::text IS NULL OR kind = %(vacancy_kind)s)
              AND (%(vacancy_state)s::text IS NULL OR state = %(vacancy_state)s)
            ORDER BY vacancy_id
            """,
            scope.parameters(),
        ).fetchall()


@dataclass(frozen=True)
class Cohort:
    """A programme and a month in which it certified graduates (Mexico City time)."""

    programme: str
    month: str  # aaaa-mm


def programmes(connection: Connection) -> list[str]:
    """Every programme with a graduate, alphabetically."""
    rows = connection.execute("SELECT DISTINCT programme FROM graduates ORDER BY 1").fetchall()
    return [str(row[0]) for row in rows]


def cohorts(connection: Connection) -> list[Cohort]:
    """Every programme and month of certification with a graduate, newest first."""
    with connection.cursor(row_factory=class_row(Cohort)) as cursor:
        return cursor.execute(
            """
            SELECT DISTINCT programme,
                   to_char(certified_at AT TIME ZONE 'America/Mexico_City', 'YYYY-MM') AS month
            FROM graduates ORDER BY month DESC, programme
            """
        ).fetchall()
