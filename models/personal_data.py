"""Everything Vincula holds about one graduate: what the right of access exports.

Read through a connection the caller owns, each part as typed rows; the
graduate's own contact is included here and nowhere else an API returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import psycopg
from psycopg.rows import class_row

Connection = psycopg.Connection[Any]


@dataclass(frozen=True, slots=True)
class ProfileRow:
    """The profile a programme's certification created."""

    programme: str
    issuer: str
    campus: str | None
    state: str
    skills: list[str]
    modalities: list[str]
    preferred_states: list[str]
    willing_to_relocate: bool
    birth_year: int | None
    sex: str | None
    certified_at: datetime
    enrolled_student: bool = False
    adult_from: date | None = None  # only for someone who was a minor when certified


@dataclass(frozen=True, slots=True)
class CredentialRow:
    """One credential of the graduate."""

    vendor_code: str
    kind: str
    name: str
    track: str
    issued_on: date
    verified: bool
    verified_by: str | None = None  # the issuer whose signature verified it


@dataclass(frozen=True, slots=True)
class ConsentRow:
    """The current answer for one purpose."""

    purpose: str
    granted: bool
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class MatchRow:
    """One vacancy proposed to the graduate, with its reasons."""

    match_id: UUID
    vacancy_id: str
    title: str
    employer: str
    score: float
    reasons: list[str]
    status: str
    proposed_at: datetime


@dataclass(frozen=True, slots=True)
class NotificationRow:
    """One notification about the graduate, and what became of it."""

    kind: str
    channel: str
    status: str
    requested_at: datetime


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """One outcome of one of the graduate's matches."""

    match_id: UUID
    outcome: str
    reported_by: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True)
class ContactRow:
    """How Vincula reaches the graduate."""

    full_name: str
    email: str
    phone: str | None


@dataclass(frozen=True, slots=True)
class PersonalData:
    """All of the above; ``profile`` is None when no certification is stored."""

    profile: ProfileRow | None
    credentials: list[CredentialRow]
    consents: list[ConsentRow]
    matches: list[MatchRow]
    notifications: list[NotificationRow]
    outcomes: list[OutcomeRow]
    contact: ContactRow | None


def personal_data(connection: Connection, *, graduate_id: str) -> PersonalData:
    """Every row about ``graduate_id``."""
    key = (graduate_id,)
    with connection.cursor(row_factory=class_row(ProfileRow)) as cursor:
        profile = cursor.execute(
            "SELECT programme, issuer, campus, state, skills, modalities, preferred_states,"
            " willing_to_relocate, birth_year, sex, certified_at, enrolled_student, adult_from"
            " FROM graduates"
            " WHERE graduate_id = %s",
            key,
        ).fetchone()
    with connection.cursor(row_factory=class_row(CredentialRow)) as cursor:
        credentials = cursor.execute(
            "SELECT vendor_code, kind, name, track, issued_on, verified, verified_by"
            " FROM credentials WHERE graduate_id = %s ORDER BY issued_on, vendor_code",
            key,
        ).fetchall()
    with connection.cursor(row_factory=class_row(ConsentRow)) as cursor:
        consents = cursor.execute(
            "SELECT purpose, granted, changed_at FROM consents WHERE graduate_id = %s"
            " ORDER BY purpose",
            key,
        ).fetchall()
    with connection.cursor(row_factory=class_row(MatchRow)) as cursor:
        matches = cursor.execute(
            "SELECT m.match_id, m.vacancy_id, v.title, e.name AS employer, m.score, m.reasons,"
            " m.status, m.proposed_at FROM matches m JOIN vacancies v USING (vacancy_id)"
            " JOIN employers e USING (employer_id) WHERE m.graduate_id = %s"
            " ORDER BY m.proposed_at, m.match_id",
            key,
        ).fetchall()
    return PersonalData(
        profile=profile,
        credentials=credentials,
        consents=consents,
        matches=matches,
        notifications=_notifications(connection, graduate_id),
        outcomes=_outcomes(connection, graduate_id),
        contact=contact_of(connection, graduate_id=graduate_id),
    )


def _notifications(connection: Connection, graduate_id: str) -> list[NotificationRow]:
    with connection.cursor(row_factory=class_row(NotificationRow)) as cursor:
        return cursor.execute(
            "SELECT kind, channel, status, requested_at FROM notifications"
            " WHERE graduate_id = %s ORDER BY requested_at, notification_id",
            (graduate_id,),
        ).fetchall()


def _outcomes(connection: Connection, graduate_id: str) -> list[OutcomeRow]:
    with connection.cursor(row_factory=class_row(OutcomeRow)) as cursor:
        return cursor.execute(
            "SELECT match_id, outcome, reported_by, occurred_at FROM outcomes"
            " WHERE graduate_id = %s ORDER BY occurred_at, outcome_id",
            (graduate_id,),
        ).fetchall()


def contact_of(connection: Connection, *, graduate_id: str) -> ContactRow | None:
    """The graduate's stored contact, or None."""
    with connection.cursor(row_factory=class_row(ContactRow)) as cursor:
        return cursor.execute(
            "SELECT full_name, email, phone FROM contacts WHERE graduate_id = %s",
            (graduate_id,),
        ).fetchone()


def correct_contact(
    connection: Connection,
    *,
    graduate_id: str,
    full_name: str | None,
    email: str | None,
    phone: str | None,
) -> ContactRow | None:
    """Apply the graduate's corrections (None keeps a field); the contact after, or None."""
    with connection.cursor(row_factory=class_row(ContactRow)) as cursor:
        return cursor.execute(
            "UPDATE contacts SET full_name = COALESCE(%s, full_name),"
            " email = COALESCE(%s, email), phone = COALESCE(%s, phone), updated_at = now()"
            " WHERE graduate_id = %s RETURNING full_name, email, phone",
            (full_name, email, phone, graduate_id),
        ).fetchone()
