"""Who owns what: the tenant of a vacancy or a match, read before an API call may touch it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import psycopg
from psycopg.rows import class_row

Connection = psycopg.Connection[Any]


@dataclass(frozen=True, slots=True)
class MatchOwners:
    """A match with the employer of its vacancy and the issuer that certified its graduate."""

    match_id: UUID
    graduate_id: str
    vacancy_id: str
    employer_id: str
    issuer: str


def vacancy_employer(connection: Connection, *, vacancy_id: str) -> str | None:
    """The employer that posted ``vacancy_id``, or None if it was never posted."""
    with connection.cursor(row_factory=class_row(_Employer)) as cursor:
        found = cursor.execute(
            "SELECT employer_id FROM vacancies WHERE vacancy_id = %s", (vacancy_id,)
        ).fetchone()
    return None if found is None else found.employer_id


def match_owners(connection: Connection, *, match_id: UUID) -> MatchOwners | None:
    """The owners of a match, or None if it does not exist."""
    with connection.cursor(row_factory=class_row(MatchOwners)) as cursor:
        return cursor.execute(
            "SELECT m.match_id, m.graduate_id, m.vacancy_id, v.employer_id, g.issuer"
            " FROM matches m JOIN vacancies v USING (vacancy_id)"
            " JOIN graduates g USING (graduate_id) WHERE m.match_id = %s",
            (match_id,),
        ).fetchone()


@dataclass(frozen=True, slots=True)
class _Employer:
    employer_id: str
