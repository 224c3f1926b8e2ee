"""Graduates and vacancies as the matcher sees them, read from the shared state.

Every worker reads the committed state here at match time, so a worker sees
the graduates and vacancies that other workers stored from their partitions.
"""

from __future__ import annotations

from collections import defaultdict

from matching.domain import Candidate, HeldCredential, Opening
from models.pool import Connection
from schemas.enums import (
    CefrLevel,
    CredentialKind,
    Issuer,
    MexicanState,
    Modality,
    Sector,
    Track,
    VacancyKind,
)

_CANDIDATE_COLUMNS = """
    g.graduate_id, g.programme, g.issuer, g.state, g.skills, g.languages, g.modalities,
    g.preferred_states, g.willing_to_relocate,
    COALESCE(c.granted, false) AS can_be_matched
"""

_OPENING_COLUMNS = """
    v.vacancy_id, v.employer_id, v.kind, v.title, v.description, v.language, v.sector, v.state,
    v.city, v.modality, v.seats, v.seats_filled, v.required_skills, v.nice_to_have_skills,
    v.required_credentials, v.english_level, v.status
"""


def _english_level(languages: object) -> CefrLevel | None:
    if not isinstance(languages, list):
        return None
    for language in languages:
        if isinstance(language, dict) and language.get("language") == "en":
            return CefrLevel(str(language["level"]))
    return None


async def _credentials_of(
    connection: Connection, graduate_ids: list[str], issuers: dict[str, Issuer]
) -> dict[str, list[HeldCredential]]:
    cursor = await connection.execute(
        "SELECT graduate_id, kind, vendor_code, name, track, verified FROM credentials"
        " WHERE graduate_id = ANY(%s) ORDER BY graduate_id, vendor_code",
        (graduate_ids,),
    )
    held: dict[str, list[HeldCredential]] = defaultdict(list)
    for graduate_id, kind, vendor_code, name, track, verified in await cursor.fetchall():
        held[graduate_id].append(
            HeldCredential(
                kind=CredentialKind(kind),
                vendor_code=vendor_code,
                name=name,
                track=Track(track),
                issuer=issuers[graduate_id],
                verified=bool(verified),
            )
        )
    return held


async def load_candidates(
    connection: Connection, *, graduate_ids: list[str] | None = None, only_matchable: bool = True
) -> list[Candidate]:
    """Candidates (all, or the given ones), ordered by id; by default only those who consent."""
    cursor = await connection.execute(
        f"""
        SELECT {_CANDIDATE_COLUMNS}
        FROM graduates g
        LEFT JOIN consents c ON c.graduate_id = g.graduate_id AND c.purpose = 'matching'
        WHERE (%s::text[] IS NULL OR g.graduate_id = ANY(%s))
          AND (NOT %s OR COALESCE(c.granted, false))
        ORDER BY g.graduate_id
        """.encode(),
        (graduate_ids, graduate_ids, only_matchable),
    )
    rows = await cursor.fetchall()
    issuers = {str(row[0]): Issuer(row[2]) for row in rows}
    held = await _credentials_of(connection, list(issuers), issuers)
    candidates = []
    for (
        graduate_id,
        programme,
        _issuer,
        state,
        skills,
        languages,
        modalities,
        preferred_states,
        willing_to_relocate,
        can_be_matched,
    ) in rows:
        candidates.append(
            Candidate(
                graduate_id=graduate_id,
                skills=tuple(skills),
                credentials=tuple(held.get(graduate_id, ())),
                state=MexicanState(state),
                preferred_states=frozenset(MexicanState(s) for s in preferred_states),
                # No stated modality means any modality suits the graduate.
                modalities=frozenset(Modality(m) for m in modalities) or frozenset(Modality),
                willing_to_relocate=bool(willing_to_relocate),
                english_level=_english_level(languages),
                can_be_matched=bool(can_be_matched),
                headline=programme,
            )
        )
    return candidates


def _texts(value: object) -> tuple[str, ...]:
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def _opening(row: tuple[object, ...]) -> Opening:
    (
        vacancy_id,
        employer_id,
        kind,
        title,
        description,
        language,
        sector,
        state,
        city,
        modality,
        seats,
        seats_filled,
        required_skills,
        nice_to_have_skills,
        required_credentials,
        english_level,
        status,
    ) = row
    seats_total = int(str(seats))
    return Opening(
        vacancy_id=str(vacancy_id),
        employer_id=str(employer_id),
        kind=VacancyKind(str(kind)),
        title=str(title),
        description=str(description),
        language=str(language),
        sector=Sector(str(sector)),
        state=MexicanState(str(state)),
        city=str(city),
        modality=Modality(str(modality)),
        seats=seats_total,
        open_seats=max(0, seats_total - int(str(seats_filled))),
        required_skills=_texts(required_skills),
        nice_to_have_skills=_texts(nice_to_have_skills),
        required_credentials=_texts(required_credentials),
        english_level=CefrLevel(str(english_level)) if english_level else None,
        is_open=status == "open",
    )


async def load_openings(
    connection: Connection, *, vacancy_ids: list[str] | None = None, only_open: bool = True
) -> list[Opening]:
    """Openings (all, or the given ones), ordered by id; by default only open ones."""
    cursor = await connection.execute(
        f"""
        SELECT {_OPENING_COLUMNS} FROM vacancies v
        WHERE (%s::text[] IS NULL OR v.vacancy_id = ANY(%s))
          AND (NOT %s OR v.status = 'open')
        ORDER BY v.vacancy_id
        """.encode(),
        (vacancy_ids, vacancy_ids, only_open),
    )
    return [_opening(row) for row in await cursor.fetchall()]


async def candidate_versions(connection: Connection) -> dict[str, str]:
    """A version string per graduate that changes whenever their profile or consent does."""
    cursor = await connection.execute(
        """
        SELECT g.graduate_id,
               g.updated_at::text || '|' || COALESCE(string_agg(
                   c.purpose || '=' || c.granted::text || '@' || c.changed_at::text, ','
                   ORDER BY c.purpose), '')
        FROM graduates g LEFT JOIN consents c USING (graduate_id)
        GROUP BY g.graduate_id, g.updated_at
        """
    )
    return {str(graduate): str(version) for graduate, version in await cursor.fetchall()}


async def opening_versions(connection: Connection) -> dict[str, str]:
    """A version string per vacancy that changes with its body, status or filled seats."""
    cursor = await connection.execute(
        "SELECT vacancy_id, updated_at::text || '|' || status || '|' || seats_filled::text"
        " FROM vacancies"
    )
    return {str(vacancy): str(version) for vacancy, version in await cursor.fetchall()}
