"""API credentials: who holds a token, for which tenant, until when, and when it was last used.

Only a keyed hash of each token is stored (the roof computes it); this module
never sees a token in clear.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import psycopg
from psycopg.rows import TupleRow, class_row

from models.errors import StorageError
from models.rows import Record

SyncConnection = psycopg.Connection[TupleRow]


class TokenRole(StrEnum):
    """What a token lets its holder do; employers and programmes are scoped to one tenant."""

    EMPLOYER = "employer"
    PROGRAMME = "programme"
    MINISTRY = "ministry"
    OPERATOR = "operator"


class ApiToken(Record):
    """One stored credential, without its secret."""

    token_id: str
    role: TokenRole
    employer_id: str | None
    programme: str | None
    label: str
    secret_hash: bytes
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    rotated_from: str | None

    def usable_at(self, moment: datetime) -> bool:
        """True when the token is neither revoked nor expired at ``moment``."""
        if self.revoked_at is not None and self.revoked_at <= moment:
            return False
        return moment < self.expires_at


_SELECT = (
    "SELECT token_id, role, employer_id, programme, label, secret_hash, created_at,"
    " expires_at, revoked_at, last_used_at, rotated_from FROM api_tokens"
)


def insert_token(connection: SyncConnection, *, token: ApiToken) -> None:
    """Store a new credential."""
    try:
        connection.execute(
            "INSERT INTO api_tokens (token_id, role, employer_id, programme, label, secret_hash,"
            " created_at, expires_at, revoked_at, last_used_at, rotated_from)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                token.token_id,
                token.role.value,
                token.employer_id,
                token.programme,
                token.label,
                token.secret_hash,
                token.created_at,
                token.expires_at,
                token.revoked_at,
                token.last_used_at,
                token.rotated_from,
            ),
        )
    except psycopg.errors.UniqueViolation as error:
        raise StorageError(f"ya existe una credencial con id {token.token_id}") from error


def find_token(connection: SyncConnection, *, token_id: str) -> ApiToken | None:
    """The credential with ``token_id``, or None."""
    with connection.cursor(row_factory=class_row(ApiToken)) as cursor:
        return cursor.execute(_SELECT + " WHERE token_id = %s", (token_id,)).fetchone()


def list_tokens(connection: SyncConnection) -> list[ApiToken]:
    """Every credential, newest first."""
    with connection.cursor(row_factory=class_row(ApiToken)) as cursor:
        return cursor.execute(_SELECT + " ORDER BY created_at DESC, token_id").fetchall()


def revoke_token(connection: SyncConnection, *, token_id: str, at: datetime) -> bool:
    """Revoke a credential from ``at`` on (earlier revocations stand); False if unknown."""
    cursor = connection.execute(
        "UPDATE api_tokens SET revoked_at = LEAST(COALESCE(revoked_at, %s), %s)"
        " WHERE token_id = %s",
        (at, at, token_id),
    )
    return cursor.rowcount == 1


def record_use(connection: SyncConnection, *, token_id: str, at: datetime) -> None:
    """Remember the last time a credential was accepted."""
    connection.execute(
        "UPDATE api_tokens SET last_used_at = GREATEST(COALESCE(last_used_at, %s), %s)"
        " WHERE token_id = %s",
        (at, at, token_id),
    )
