"""Employers and their vacancies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from psycopg.rows import class_row, dict_row

from models.errors import UnknownReferenceError
from models.pool import Connection
from schemas.vacancies import VacancyClosed, VacancyPosted, VacancyUpdated


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
            salary_max_mxn, closes_on, webhook_url, posted_at, updated_at)
        VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
                %s, %s)
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
            webhook_url = EXCLUDED.webhook_url, updated_at = EXCLUDED.updated_at
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
            str(event.webhook_url) if event.webhook_url else None,
            event.event_time,
            event.event_time,
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
    webhook_url: str  # empty when the employer gave none


async def vacancy_summary(connection: Connection, *, vacancy_id: str) -> VacancySummary | None:
    """What a notification may say about a vacancy, or None if it is not stored."""
    async with connection.cursor(row_factory=dict_row) as cursor:
        await cursor.execute(
            """
            SELECT v.title AS vacancy_title, e.name AS employer_name, v.city, v.state,
                   v.modality, v.kind, v.language, COALESCE(v.webhook_url, '') AS webhook_url
            FROM vacancies v JOIN employers e USING (employer_id) WHERE v.vacancy_id = %s
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
        webhook_url=row["webhook_url"],
    )
