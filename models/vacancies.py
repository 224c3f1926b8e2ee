"""Employers and their vacancies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypedDict

import psycopg
from psycopg.rows import class_row, dict_row

from models.errors import UnknownReferenceError
from models.pool import Connection
from schemas.vacancies import VacancyClosed, VacancyPosted, VacancyUpdated

# The API reads with the synchronous driver, through connections its pool lends.
ReadConnection = psycopg.Connection[Any]


async def store_vacancy(connection: Connection, *, event: VacancyPosted | VacancyUpdated) -> None:
    """Upsert the employer and the vacancy; an update replaces the body, never the status."""
    await connection.execute(
        """
        INSERT INTO employers (employer_id, name, updated_at) VALUES (%s, %s, %s)
        ON CONFLICT (employer_id) DO UPDATE SET
            name = EXCLUDED.name, updated_at = EXCLUDED.updated_at
        WHERE employers.updated_at <= EXCLUDED.updated_at
        """,
        (event.employer_id, event.employer_name, event.event_time),
    )
    await connection.execute(
        """
        INSERT INTO vacancies (vacancy_id, employer_id, kind, title, description, language, sector,
            state, city, modality, seats, required_skills, nice_to_have_skills,
            required_credentials, nice_to_have_credentials, english_level, salary_min_mxn,
            salary_max_mxn, closes_on, posted_at, updated_at, work_based_learning, admits_minors,
            minor_daily_hours, minor_daytime_only, minor_no_hazardous_work, country,
            accepted_countries)
        VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
                %s, %s, %s, %s, %s, %s, %s, %s)
        ON CONFLICT (vacancy_id) DO UPDATE SET
            employer_id = EXCLUDED.employer_id, kind = EXCLUDED.kind, title = EXCLUDED.title,
            description = EXCLUDED.description, language = EXCLUDED.language,
            sector = EXCLUDED.sector, state = EXCLUDED.state, city = EXCLUDED.city,
            modality = EXCLUDED.modality, seats = EXCLUDED.seats,
            required_skills = EXCLUDED.required_skills,
            nice_to_have_skills = EXCLUDED.nice_to_have_skills,
            required_credentials = EXCLUDED.required_credentials,
            nice_to_have_credentials = EXCLUDED.nice_to_have_credentials,
            english_level = EXCLUDED.english_level, salary_min_mxn = EXCLUDED.salary_min_mxn,
            salary_max_mxn = EXCLUDED.salary_max_mxn, closes_on = EXCLUDED.closes_on,
            updated_at = EXCLUDED.updated_at, work_based_learning = EXCLUDED.work_based_learning,
            admits_minors = EXCLUDED.admits_minors,
            minor_daily_hours = EXCLUDED.minor_daily_hours,
            minor_daytime_only = EXCLUDED.minor_daytime_only,
            minor_no_hazardous_work = EXCLUDED.minor_no_hazardous_work,
            country = EXCLUDED.country, accepted_countries = EXCLUDED.accepted_countries
        WHERE vacancies.updated_at <= EXCLUDED.updated_at
        """,
        (
            event.vacancy_id,
            event.employer_id,
            event.kind.value,
            event.title,
            event.description,
            event.language,
            event.sector.value,
            event.state.value,
            event.city,
            event.modality.value,
            event.seats,
            list(event.required_skills),
            list(event.nice_to_have_skills),
            list(event.required_credentials),
            list(event.nice_to_have_credentials),
            event.english_level.value if event.english_level else None,
            event.salary_min_mxn,
            event.salary_max_mxn,
            event.closes_on,
            event.event_time,
            event.event_time,
            event.work_based_learning,
            event.admits_minors,
            event.minor_daily_hours,
            event.minor_daytime_only,
            event.minor_no_hazardous_work,
            event.country.value,
            [country.value for country in event.accepted_countries],
        ),
    )


async def close_vacancy(connection: Connection, *, event: VacancyClosed) -> None:
    """Mark a vacancy closed with its reason."""
    cursor = await connection.execute(
        "UPDATE vacancies SET status = 'closed', close_reason = %s,"
        " updated_at = GREATEST(updated_at, %s) WHERE vacancy_id = %s",
        (event.reason.value, event.event_time, event.vacancy_id),
    )
    if cursor.rowcount == 0:
        raise UnknownReferenceError(f"la vacante {event.vacancy_id} no existe")


@dataclass(frozen=True, slots=True)
class SeatCount:
    """Seats of a vacancy, and how many of them hires have filled."""

    seats_filled: int
    seats: int


async def add_filled_seat(connection: Connection, *, vacancy_id: str) -> SeatCount:
    """Count one more hire on a vacancy; return its seats filled and seats."""
    async with connection.cursor(row_factory=class_row(SeatCount)) as cursor:
        await cursor.execute(
            "UPDATE vacancies SET seats_filled = seats_filled + 1 WHERE vacancy_id = %s"
            " RETURNING seats_filled, seats",
            (vacancy_id,),
        )
        row = await cursor.fetchone()
    if row is None:
        raise UnknownReferenceError(f"la vacante {vacancy_id} no existe")
    return row


class VacancySummary(TypedDict):
    """What a notification may say about a vacancy (no personal data in it)."""

    vacancy_title: str
    employer_name: str
    city: str
    state: str
    modality: str
    kind: str
    language: str
    employer_id: str
    has_webhook: bool  # the employer registered an endpoint


async def vacancy_summary(connection: Connection, *, vacancy_id: str) -> VacancySummary | None:
    """What a notification may say about a vacancy, or None if it is not stored."""
    async with connection.cursor(row_factory=dict_row) as cursor:
        await cursor.execute(
            """
            SELECT v.title AS vacancy_title, e.name AS employer_name, v.city, v.state,
                   v.modality, v.kind, v.language, v.employer_id,
                   w.employer_id IS NOT NULL AS has_webhook
            FROM vacancies v JOIN employers e USING (employer_id)
            LEFT JOIN webhook_endpoints w USING (employer_id)
            WHERE v.vacancy_id = %s
            """,
            (vacancy_id,),
        )
        row = await cursor.fetchone()
    if row is None:
        return None
    return VacancySummary(
        vacancy_title=row["vacancy_title"],
        employer_name=row["employer_name"],
        city=row["city"],
        state=row["state"],
        modality=row["modality"],
        kind=row["kind"],
        language=row["language"],
        employer_id=row["employer_id"],
        has_webhook=row["has_webhook"],
    )


# Employers' pages: their own vacancies, read by the API with the synchronous driver.


@dataclass(frozen=True, slots=True)
class EmployerVacancy:
    """One of an employer's vacancies, with how its shortlist stands."""

    vacancy_id: str
    title: str
    kind: str
    sector: str
    state: str
    city: str
    modality: str
    seats: int
    seats_filled: int
    status: str
    close_reason: str | None
    closes_on: date
    posted_at: datetime
    shortlisted: int  # consenting candidates on the shortlist now
    interested: int  # of those, how many answered «me interesa» last


def employer_vacancies(connection: ReadConnection, *, employer_id: str) -> list[EmployerVacancy]:
    """The employer's vacancies, open ones first, newest first.

    Counts take only the candidates who share their profile: employers never see the others.
    """
    with connection.cursor(row_factory=class_row(EmployerVacancy)) as cursor:
        return cursor.execute(
            """
            SELECT v.vacancy_id, v.title, v.kind, v.sector, v.state, v.city, v.modality,
                   v.seats, v.seats_filled, v.status, v.close_reason, v.closes_on, v.posted_at,
                   count(m.match_id) FILTER (WHERE m.status IN
                       ('proposed', 'applied', 'interviewed', 'offered', 'hired'))::int
                       AS shortlisted,
                   count(m.match_id) FILTER (WHERE a.outcome = 'applied' AND m.status IN
                       ('proposed', 'applied', 'interviewed', 'offered', 'hired'))::int
                       AS interested
            FROM vacancies v
            LEFT JOIN matches m ON m.vacancy_id = v.vacancy_id AND EXISTS (
                SELECT 1 FROM consents c WHERE c.graduate_id = m.graduate_id
                    AND c.purpose = 'share_with_employers' AND c.granted)
            LEFT JOIN LATERAL (
                SELECT o.outcome FROM outcomes o
                WHERE o.match_id = m.match_id AND o.reported_by = 'graduate'
                  AND o.outcome IN ('applied', 'declined')
                ORDER BY o.occurred_at DESC, o.outcome LIMIT 1
            ) a ON true
            WHERE v.employer_id = %s
            GROUP BY v.vacancy_id
            ORDER BY v.status = 'open' DESC, v.posted_at DESC, v.vacancy_id
            """,
            (employer_id,),
        ).fetchall()


@dataclass(frozen=True, slots=True)
class VacancyRecord:
    """A stored vacancy as its employer posted it, with its state."""

    vacancy_id: str
    employer_id: str
    employer_name: str
    kind: str
    title: str
    description: str
    language: str
    sector: str
    state: str
    city: str
    modality: str
    seats: int
    seats_filled: int
    required_skills: list[str]
    nice_to_have_skills: list[str]
    required_credentials: list[str]
    nice_to_have_credentials: list[str]
    english_level: str | None
    salary_min_mxn: int | None
    salary_max_mxn: int | None
    closes_on: date
    status: str
    close_reason: str | None
    posted_at: datetime
    updated_at: datetime
    work_based_learning: bool = False
    admits_minors: bool = False
    minor_daily_hours: int | None = None
    minor_daytime_only: bool = False
    minor_no_hazardous_work: bool = False
    country: str = "MX"
    accepted_countries: list[str] = field(default_factory=list)  # empty: only its own


def employer_vacancy(
    connection: ReadConnection, *, employer_id: str, vacancy_id: str
) -> VacancyRecord | None:
    """``vacancy_id`` if ``employer_id`` posted it; None otherwise (unknown or another's)."""
    with connection.cursor(row_factory=class_row(VacancyRecord)) as cursor:
        return cursor.execute(
            """
            SELECT v.vacancy_id, v.employer_id, e.name AS employer_name, v.kind, v.title,
                   v.description, v.language, v.sector, v.state, v.city, v.modality, v.seats,
                   v.seats_filled, v.required_skills, v.nice_to_have_skills,
                   v.required_credentials, v.nice_to_have_credentials, v.english_level,
                   v.salary_min_mxn, v.salary_max_mxn, v.closes_on, v.status, v.close_reason,
                   v.posted_at, v.updated_at, v.work_based_learning, v.admits_minors,
                   v.minor_daily_hours, v.minor_daytime_only, v.minor_no_hazardous_work,
                   v.country, v.accepted_countries
            FROM vacancies v JOIN employers e USING (employer_id)
            WHERE v.vacancy_id = %s AND v.employer_id = %s
            """,
            (vacancy_id, employer_id),
        ).fetchone()


@dataclass(frozen=True, slots=True)
class _Name:
    name: str


def employer_name(connection: ReadConnection, *, employer_id: str) -> str | None:
    """The name the employer last posted under, or None before its first vacancy."""
    with connection.cursor(row_factory=class_row(_Name)) as cursor:
        found = cursor.execute(
            "SELECT name FROM employers WHERE employer_id = %s", (employer_id,)
        ).fetchone()
    return None if found is None else found.name
