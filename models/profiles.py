"""Graduates and vacancies as the matcher sees them, read from the shared state.

Every worker reads the committed state here at match time, so a worker sees
the graduates and vacancies that other workers stored from their partitions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from psycopg import sql
from psycopg.rows import class_row

from matching.domain import Candidate, HeldCredential, Opening
from models.pool import Connection
from schemas.enums import (
    CefrLevel,
    ConsentPurpose,
    CredentialKind,
    Issuer,
    Modality,
    Sector,
    Track,
    VacancyKind,
    VacancyStatus,
)
from schemas.regions import Country, subdivision


@dataclass(frozen=True, slots=True)
class CandidateRow:
    """A graduate's profile columns, with their consents to be matched and to be shown."""

    graduate_id: str
    programme: str
    issuer: str
    state: str
    skills: list[str]
    languages: list[Any]
    modalities: list[str]
    preferred_states: list[str]
    willing_to_relocate: bool
    can_be_matched: bool
    # An absent consent is no consent: unknown means not shown to employers.
    shares_with_employers: bool = False
    enrolled_student: bool = False
    adult_from: date | None = None


@dataclass(frozen=True, slots=True)
class CredentialRow:
    """One credential a graduate holds."""

    graduate_id: str
    kind: str
    vendor_code: str
    name: str
    track: str
    verified: bool
    verified_by: str | None = None


@dataclass(frozen=True, slots=True)
class OpeningRow:
    """A vacancy's columns as the matcher reads them."""

    vacancy_id: str
    employer_id: str
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
    english_level: str | None
    status: str
    work_based_learning: bool = False
    admits_minors: bool = False
    accepted_countries: list[str] = field(default_factory=list)  # empty: only its own


@dataclass(frozen=True, slots=True)
class _Version:
    key: str
    version: str


_CANDIDATE_COLUMNS = sql.SQL(
    """
    g.graduate_id, g.programme, g.issuer, g.state, g.skills, g.languages, g.modalities,
    g.preferred_states, g.willing_to_relocate,
    COALESCE(c.granted, false) AS can_be_matched,
    COALESCE(s.granted, false) AS shares_with_employers, g.enrolled_student, g.adult_from
    """
)

_OPENING_COLUMNS = sql.SQL(
    """
    v.vacancy_id, v.employer_id, v.kind, v.title, v.description, v.language, v.sector, v.state,
    v.city, v.modality, v.seats, v.seats_filled, v.required_skills, v.nice_to_have_skills,
    v.required_credentials, v.english_level, v.status, v.work_based_learning, v.admits_minors,
    v.accepted_countries
    """
)


def _english_level(languages: list[Any]) -> CefrLevel | None:
    for language in languages:
        if isinstance(language, dict) and language.get("language") == "en":
            return CefrLevel(str(language["level"]))
    return None


async def _credentials_of(
    connection: Connection, graduate_ids: list[str], issuers: dict[str, Issuer]
) -> dict[str, list[HeldCredential]]:
    async with connection.cursor(row_factory=class_row(CredentialRow)) as cursor:
        await cursor.execute(
            "SELECT graduate_id, kind, vendor_code, name, track, verified, verified_by"
            " FROM credentials"
            " WHERE graduate_id = ANY(%s) ORDER BY graduate_id, vendor_code",
            (graduate_ids,),
        )
        rows = await cursor.fetchall()
    held: dict[str, list[HeldCredential]] = defaultdict(list)
    for row in rows:
        held[row.graduate_id].append(
            HeldCredential(
                kind=CredentialKind(row.kind),
                vendor_code=row.vendor_code,
                name=row.name,
                track=Track(row.track),
                issuer=issuers[row.graduate_id],
                verified=row.verified,
                verified_by=row.verified_by,
            )
        )
    return held


def to_candidate(row: CandidateRow, credentials: list[HeldCredential]) -> Candidate:
    """The matcher's view of one graduate."""
    return Candidate(
        graduate_id=row.graduate_id,
        skills=tuple(row.skills),
        credentials=tuple(credentials),
        state=subdivision(row.state),
        preferred_states=frozenset(subdivision(s) for s in row.preferred_states),
        # No stated modality means any modality suits the graduate.
        modalities=frozenset(Modality(m) for m in row.modalities) or frozenset(Modality),
        willing_to_relocate=row.willing_to_relocate,
        english_level=_english_level(row.languages),
        can_be_matched=row.can_be_matched,
        headline=row.programme,
        shares_with_employers=row.shares_with_employers,
        enrolled_student=row.enrolled_student,
        adult_from=row.adult_from,
    )


async def load_candidates(
    connection: Connection, *, graduate_ids: list[str] | None = None, only_matchable: bool = True
) -> list[Candidate]:
    """Candidates (all, or the given ones), ordered by id; by default only those who consent."""
    query = sql.SQL(
        """
        SELECT {columns}
        FROM graduates g
        LEFT JOIN consents c ON c.graduate_id = g.graduate_id AND c.purpose = %s
        LEFT JOIN consents s ON s.graduate_id = g.graduate_id AND s.purpose = %s
        WHERE (%s::text[] IS NULL OR g.graduate_id = ANY(%s))
          AND (NOT %s OR COALESCE(c.granted, false))
        ORDER BY g.graduate_id
        """
    ).format(columns=_CANDIDATE_COLUMNS)
    async with connection.cursor(row_factory=class_row(CandidateRow)) as cursor:
        await cursor.execute(
            query,
            (
                ConsentPurpose.MATCHING.value,
                ConsentPurpose.SHARE_WITH_EMPLOYERS.value,
                graduate_ids,
                graduate_ids,
                only_matchable,
            ),
        )
        rows = await cursor.fetchall()
    issuers = {row.graduate_id: Issuer(row.issuer) for row in rows}
    held = await _credentials_of(connection, list(issuers), issuers)
    return [to_candidate(row, held.get(row.graduate_id, [])) for row in rows]


def to_opening(row: OpeningRow) -> Opening:
    """The matcher's view of one vacancy."""
    return Opening(
        vacancy_id=row.vacancy_id,
        employer_id=row.employer_id,
        kind=VacancyKind(row.kind),
        title=row.title,
        description=row.description,
        language=row.language,
        sector=Sector(row.sector),
        state=subdivision(row.state),
        city=row.city,
        modality=Modality(row.modality),
        seats=row.seats,
        open_seats=max(0, row.seats - row.seats_filled),
        required_skills=tuple(row.required_skills),
        nice_to_have_skills=tuple(row.nice_to_have_skills),
        required_credentials=tuple(row.required_credentials),
        english_level=CefrLevel(row.english_level) if row.english_level else None,
        is_open=VacancyStatus(row.status) is VacancyStatus.OPEN,
        work_based_learning=row.work_based_learning,
        admits_minors=row.admits_minors,
        accepted_countries=frozenset(Country(c) for c in row.accepted_countries),
    )


async def load_openings(
    connection: Connection, *, vacancy_ids: list[str] | None = None, only_open: bool = True
) -> list[Opening]:
    """Openings (all, or the given ones), ordered by id; by default only open ones."""
    query = sql.SQL(
        """
        SELECT {columns} FROM vacancies v
        WHERE (%s::text[] IS NULL OR v.vacancy_id = ANY(%s))
          AND (NOT %s OR v.status = %s)
        ORDER BY v.vacancy_id
        """
    ).format(columns=_OPENING_COLUMNS)
    async with connection.cursor(row_factory=class_row(OpeningRow)) as cursor:
        await cursor.execute(query, (vacancy_ids, vacancy_ids, only_open, VacancyStatus.OPEN.value))
        return [to_opening(row) for row in await cursor.fetchall()]


async def candidate_versions(connection: Connection) -> dict[str, str]:
    """A version string per graduate that changes whenever their profile or consent does."""
    async with connection.cursor(row_factory=class_row(_Version)) as cursor:
        await cursor.execute(
            """
            SELECT g.graduate_id AS key,
                   g.updated_at::text || '|' || COALESCE(string_agg(
                       c.purpose || '=' || c.granted::text || '@' || c.changed_at::text, ','
                       ORDER BY c.purpose), '') AS version
            FROM graduates g LEFT JOIN consents c USING (graduate_id)
            GROUP BY g.graduate_id, g.updated_at
            """
        )
        return {row.key: row.version for row in await cursor.fetchall()}


async def opening_versions(connection: Connection) -> dict[str, str]:
    """A version string per vacancy that changes with its body, status or filled seats."""
    async with connection.cursor(row_factory=class_row(_Version)) as cursor:
        await cursor.execute(
            "SELECT vacancy_id AS key,"
            " updated_at::text || '|' || status || '|' || seats_filled::text AS version"
            " FROM vacancies"
        )
        return {row.key: row.version for row in await cursor.fetchall()}
