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


# Employers' shortlist page: what the employer may see of each consenting candidate.


@dataclass(frozen=True)
class CandidateCredential:
    """A credential a consenting candidate holds: its name, kind and whether it was verified."""

    vendor_code: str
    name: str
    kind: str
    verified: bool
    verified_by: str | None = None  # the issuer whose signature verified it


@dataclass(frozen=True)
class CandidateDetail:
    """What an employer may read of one consenting candidate of its vacancy, beyond the rank.

    Never a contact, CURP or programme: the coverage the matcher measured, the graduate's
    own answer to the proposal and the credentials they hold.
    """

    match_id: UUID
    graduate_id: str  # only to derive the employer's opaque reference; never shown
    score: float
    status: str
    reasons: list[str]
    required_coverage: float | None
    nice_coverage: float | None
    answer: str | None  # the graduate's latest answer: applied, declined, or none yet
    answered_at: datetime | None
    credentials: tuple[CandidateCredential, ...]


@dataclass(frozen=True)
class _DetailRow:
    match_id: UUID
    graduate_id: str
    score: float
    status: str
    reasons: list[str]
    required_coverage: float | None
    nice_coverage: float | None
    answer: str | None
    answered_at: datetime | None
    credentials: list[dict[str, Any]]


def shortlist_details(connection: Connection, *, vacancy_id: str) -> list[CandidateDetail]:
    """Consenting candidates of a vacancy on its shortlist, or who declined or were rejected."""
    with connection.cursor(row_factory=class_row(_DetailRow)) as cursor:
        rows = cursor.execute(
            """
            SELECT m.match_id, m.graduate_id, m.score, m.status, m.reasons,
                   (m.components ->> 'required_coverage')::float AS required_coverage,
                   (m.components ->> 'nice_coverage')::float AS nice_coverage,
                   a.outcome AS answer, a.occurred_at AS answered_at,
                   COALESCE((
                       SELECT jsonb_agg(jsonb_build_object(
                                  'vendor_code', cr.vendor_code, 'name', cr.name,
                                  'kind', cr.kind, 'verified', cr.verified,
                                  'verified_by', cr.verified_by)
                              ORDER BY cr.verified DESC, cr.vendor_code)
                       FROM credentials cr WHERE cr.graduate_id = m.graduate_id
                   ), '[]'::jsonb) AS credentials
            FROM matches m
            JOIN consents c ON c.graduate_id = m.graduate_id
                AND c.purpose = 'share_with_employers' AND c.granted
            LEFT JOIN LATERAL (
                SELECT o.outcome, o.occurred_at FROM outcomes o
                WHERE o.match_id = m.match_id AND o.reported_by = 'graduate'
                  AND o.outcome IN ('applied', 'declined')
                ORDER BY o.occurred_at DESC, o.outcome LIMIT 1
            ) a ON true
            WHERE m.vacancy_id = %s
              AND m.status IN ('proposed', 'applied', 'interviewed', 'offered', 'hired',
                               'declined', 'rejected')
            ORDER BY m.score DESC, m.graduate_id
            """,
            (vacancy_id,),
        ).fetchall()
    return [
        CandidateDetail(
            match_id=row.match_id,
            graduate_id=row.graduate_id,
            score=row.score,
            status=row.status,
            reasons=row.reasons,
            required_coverage=row.required_coverage,
            nice_coverage=row.nice_coverage,
            answer=row.answer,
            answered_at=row.answered_at,
            credentials=tuple(
                CandidateCredential(
                    vendor_code=str(item["vendor_code"]),
                    name=str(item["name"]),
                    kind=str(item["kind"]),
                    verified=bool(item["verified"]),
                    verified_by=item.get("verified_by"),
                )
                for item in row.credentials
            ),
        )
        for row in rows
    ]


# A programme's own page: the placements of the graduates its issuer certified.

ProgrammeDimension = Literal["programme", "state"]
_PROGRAMME_COLUMN = {"programme": sql.SQL("g.programme"), "state": sql.SQL("g.state")}


@dataclass(frozen=True)
class ProgrammeCounts:
    """A programme's graduates through the funnel, for one value (or all), unsuppressed."""

    value: str
    graduates: int
    matched: int
    interested: int
    hired: int
    retained: int


@dataclass(frozen=True)
class ProgrammeFigures:
    """A programme's graduates through the funnel, for one value (or all); None: < 10."""

    value: str
    graduates: int | None
    matched: int | None
    interested: int | None
    hired: int | None
    retained: int | None


def programme_placements(
    connection: Connection, *, issuer: str, by: ProgrammeDimension | None = None
) -> list[ProgrammeFigures]:
    """Graduates of ``issuer`` certified, matched, interested, hired and retained.

    Without ``by``, one row for all of them (``value`` empty); with it, one row per
    programme or state of residence. Cells under ``SMALL_CELL`` people are suppressed.
    """
    column = sql.SQL("''") if by is None else _PROGRAMME_COLUMN[by]
    grouping = sql.SQL("") if by is None else sql.SQL("GROUP BY 1 ORDER BY 2 DESC, 1")
    query = sql.SQL(
        """
        SELECT {column} AS value,
               count(DISTINCT g.graduate_id)::int AS graduates,
               count(DISTINCT m.graduate_id)::int AS matched,
               count(DISTINCT m.graduate_id) FILTER (
                   WHERE o.outcome = 'applied' AND o.reported_by = 'graduate'
               )::int AS interested,
               count(DISTINCT m.graduate_id) FILTER (
                   WHERE o.outcome IN ('hired', 'retained_3m', 'retained_6m', 'retained_12m')
               )::int AS hired,
               count(DISTINCT m.graduate_id) FILTER (
                   WHERE o.outcome IN ('retained_3m', 'retained_6m', 'retained_12m')
               )::int AS retained
        FROM graduates g
        LEFT JOIN matches m ON m.graduate_id = g.graduate_id
        LEFT JOIN outcomes o ON o.match_id = m.match_id
        WHERE g.issuer = %s
        {grouping}
        """
    ).format(column=column, grouping=grouping)
    with connection.cursor(row_factory=class_row(ProgrammeCounts)) as cursor:
        rows = cursor.execute(query, (issuer,)).fetchall()
    return [
        ProgrammeFigures(
            r.value,
            suppress(r.graduates),
            suppress(r.matched),
            suppress(r.interested),
            suppress(r.hired),
            suppress(r.retained),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class SeasonRow:
    """One programme through the loop, unsuppressed (the operator's own view)."""

    programme: str
    graduates: int
    matched: int
    matches: int
    emails: int
    interested: int
    hired: int
    retained_3m: int
    retained_6m: int
    retained_12m: int
    left: int


def season_by_programme(connection: Connection) -> list[SeasonRow]:
    """Graduates, matches, e-mails sent, answers, hires and retention per programme."""
    with connection.cursor(row_factory=class_row(SeasonRow)) as cursor:
        return cursor.execute(
            """
            WITH per_match AS (
                SELECT m.match_id, m.graduate_id,
                       bool_or(o.outcome = 'applied' AND o.reported_by = 'graduate') AS interested,
                       bool_or(o.outcome = 'hired') AS hired,
                       bool_or(o.outcome = 'retained_3m') AS r3,
                       bool_or(o.outcome = 'retained_6m') AS r6,
                       bool_or(o.outcome = 'retained_12m') AS r12,
                       bool_or(o.outcome = 'left') AS left_job
                FROM matches m LEFT JOIN outcomes o USING (match_id)
                GROUP BY m.match_id, m.graduate_id
            )
            SELECT g.programme,
                   count(DISTINCT g.graduate_id)::int AS graduates,
                   count(DISTINCT p.graduate_id)::int AS matched,
                   count(p.match_id)::int AS matches,
                   (SELECT count(*) FROM notifications n JOIN graduates g2 USING (graduate_id)
                     WHERE g2.programme = g.programme AND n.channel = 'email'
                       AND n.status = 'delivered')::int AS emails,
                   count(*) FILTER (WHERE p.interested)::int AS interested,
                   count(*) FILTER (WHERE p.hired)::int AS hired,
                   count(*) FILTER (WHERE p.r3)::int AS retained_3m,
                   count(*) FILTER (WHERE p.r6)::int AS retained_6m,
                   count(*) FILTER (WHERE p.r12)::int AS retained_12m,
                   count(*) FILTER (WHERE p.left_job)::int AS left
            FROM graduates g LEFT JOIN per_match p USING (graduate_id)
            GROUP BY g.programme
            ORDER BY g.programme
            """
        ).fetchall()
