"""Graduates, their credentials and their consents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from psycopg.rows import class_row
from psycopg.types.json import Jsonb

from models.pool import Connection
from schemas.enums import ConsentPurpose
from schemas.graduates import ConsentChanged, GraduateCertified


async def store_graduate(connection: Connection, *, event: GraduateCertified) -> None:
    """Upsert a graduate profile from a certification; a newer certification replaces it."""
    preferences = event.preferences
    await connection.execute(
        """
        INSERT INTO graduates (graduate_id, programme, issuer, campus, state, skills, languages,
                               modalities, preferred_states, willing_to_relocate, birth_year,
                               sex, certified_at, updated_at, enrolled_student, adult_from,
                               country)
        VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
        ON CONFLICT (graduate_id) DO UPDATE SET
            programme = EXCLUDED.programme, issuer = EXCLUDED.issuer, campus = EXCLUDED.campus,
            state = EXCLUDED.state, skills = EXCLUDED.skills, languages = EXCLUDED.languages,
            modalities = EXCLUDED.modalities, preferred_states = EXCLUDED.preferred_states,
            willing_to_relocate = EXCLUDED.willing_to_relocate, birth_year = EXCLUDED.birth_year,
            sex = EXCLUDED.sex, updated_at = EXCLUDED.updated_at,
            enrolled_student = EXCLUDED.enrolled_student, adult_from = EXCLUDED.adult_from,
            country = EXCLUDED.country
        WHERE graduates.updated_at <= EXCLUDED.updated_at
        """,
        (
            event.graduate_id,
            event.programme,
            event.issuer.value,
            event.campus,
            event.state.value,
            list(event.skills),
            Jsonb([language.model_dump(mode="json") for language in event.languages]),
            sorted(modality.value for modality in preferences.modalities),
            [state.value for state in preferences.states],
            preferences.willing_to_relocate,
            event.birth_year,
            None if event.sex is None else event.sex.value,
            event.event_time,
            event.event_time,
            event.enrolled_student,
            event.minor_until(),
            event.country.value,
        ),
    )
    for credential in event.credentials:
        await connection.execute(
            """
            INSERT INTO credentials
                (graduate_id, vendor_code, kind, name, track, issued_on, verified, verified_by)
            VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
            ON CONFLICT (graduate_id, vendor_code) DO UPDATE SET
                kind = EXCLUDED.kind, name = EXCLUDED.name, track = EXCLUDED.track,
                issued_on = EXCLUDED.issued_on, verified = EXCLUDED.verified,
                verified_by = EXCLUDED.verified_by
            """,
            (
                event.graduate_id,
                credential.vendor_code,
                credential.kind.value,
                credential.name,
                credential.track.value,
                credential.issued_on,
                credential.verified,
                credential.verified_by,
            ),
        )
    consents = {
        ConsentPurpose.MATCHING: event.consents.matching,
        ConsentPurpose.SHARE_WITH_EMPLOYERS: event.consents.share_with_employers,
        ConsentPurpose.NOTIFICATIONS: event.consents.notifications,
    }
    for purpose, granted in consents.items():
        await set_consent(
            connection,
            graduate_id=event.graduate_id,
            purpose=purpose,
            granted=granted,
            changed_at=event.event_time,
        )


async def apply_consent_change(connection: Connection, *, event: ConsentChanged) -> None:
    """Record a consent change; an older event never overrides a newer answer."""
    await set_consent(
        connection,
        graduate_id=event.graduate_id,
        purpose=event.purpose,
        granted=event.granted,
        changed_at=event.event_time,
    )


async def set_consent(
    connection: Connection,
    *,
    graduate_id: str,
    purpose: ConsentPurpose,
    granted: bool,
    changed_at: datetime,
) -> None:
    """Upsert one consent; the latest event time wins."""
    await connection.execute(
        """
        INSERT INTO consents (graduate_id, purpose, granted, changed_at)
        VALUES (%s, %s, %s, %s)
        ON CONFLICT (graduate_id, purpose) DO UPDATE SET
            granted = EXCLUDED.granted, changed_at = EXCLUDED.changed_at
        WHERE consents.changed_at <= EXCLUDED.changed_at
        """,
        (graduate_id, purpose.value, granted, changed_at),
    )


@dataclass(frozen=True, slots=True)
class _Consent:
    purpose: str
    granted: bool


async def consents_of(connection: Connection, *, graduate_id: str) -> dict[ConsentPurpose, bool]:
    """Current consent per purpose; an absent purpose means no consent."""
    async with connection.cursor(row_factory=class_row(_Consent)) as cursor:
        await cursor.execute(
            "SELECT purpose, granted FROM consents WHERE graduate_id = %s", (graduate_id,)
        )
        return {ConsentPurpose(row.purpose): row.granted for row in await cursor.fetchall()}
