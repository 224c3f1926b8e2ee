"""API tokens: random, prefixed, shown once, stored as a keyed hash, expiring and rotatable.

A token reads ``vnc_<role>_<id>_<secret>``: the prefix lets secret scanners
recognise a leaked Vincula token, the role code tells a person what it is for,
the 12-hex id is public (it names the token in ``vincula tokens list`` and the
audit log) and the 48-hex secret is 192 random bits. Only
HMAC-SHA256(key, token) is stored, so a copy of the table cannot be used to
call the API.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from models.api_tokens import (
    ApiToken,
    SyncConnection,
    TokenRole,
    find_token,
    insert_token,
    record_use,
    revoke_token,
)
from schemas.enums import Issuer
from schemas.errors import VinculaError

PREFIX = "vnc"
ROLE_CODES: dict[TokenRole, str] = {
    TokenRole.EMPLOYER: "emp",
    TokenRole.PROGRAMME: "prg",
    TokenRole.MINISTRY: "min",
    TokenRole.OPERATOR: "ops",
}
_SHAPE = re.compile(r"^vnc_(emp|prg|min|ops)_([0-9a-f]{12})_([0-9a-f]{48})$")
DEFAULT_LIFETIME = timedelta(days=90)
# How long the old token of a rotation keeps working, so clients can switch over.
DEFAULT_ROTATION_GRACE = timedelta(hours=24)
# Writing last_used_at on every request would turn reads into writes; once a minute is enough.
LAST_USE_RESOLUTION = timedelta(minutes=1)


class TokenError(VinculaError):
    """A token could not be created, rotated or revoked."""


@dataclass(frozen=True, slots=True)
class Scope:
    """The tenant a role is bound to: one employer, one programme's issuer, or none.

    A programme credential is scoped to the issuer that certifies its
    graduates (``tecnm_infotec``, ``aws``, ``conalep``…): the issuer is a closed
    vocabulary every cohort row carries, unlike free-text programme names.
    """

    role: TokenRole
    employer_id: str | None = None
    programme: str | None = None

    def __post_init__(self) -> None:
        if (self.role is TokenRole.EMPLOYER) != (self.employer_id is not None):
            raise TokenError("una credencial de empleador necesita --employer (y solo ella)")
        if (self.role is TokenRole.PROGRAMME) != (self.programme is not None):
            raise TokenError("una credencial de programa necesita --programme (y solo ella)")
        if self.programme is not None and self.programme not in set(Issuer):
            known = ", ".join(issuer.value for issuer in Issuer)
            raise TokenError(f"--programme debe ser un emisor: {known}")


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A new credential and its token in clear, which is shown this once."""

    token: str
    stored: ApiToken


def secret_hash(key: bytes, token: str) -> bytes:
    """The keyed hash stored for ``token``."""
    return hmac.new(key, token.encode("ascii"), hashlib.sha256).digest()


def token_id_of(token: str) -> str | None:
    """The public id inside a well-formed token, or None for anything else."""
    shape = _SHAPE.fullmatch(token)
    return None if shape is None else shape.group(2)


def issue_token(
    connection: SyncConnection,
    *,
    key: bytes,
    scope: Scope,
    now: datetime,
    lifetime: timedelta = DEFAULT_LIFETIME,
    label: str = "",
    rotated_from: str | None = None,
) -> IssuedToken:
    """Create and store a credential for ``scope``; the token is returned only here."""
    if lifetime <= timedelta(0):
        raise TokenError("la vigencia de una credencial debe ser positiva")
    token_id = secrets.token_hex(6)
    token = f"{PREFIX}_{ROLE_CODES[scope.role]}_{token_id}_{secrets.token_hex(24)}"
    stored = ApiToken(
        token_id=token_id,
        role=scope.role,
        employer_id=scope.employer_id,
        programme=scope.programme,
        label=label,
        secret_hash=secret_hash(key, token),
        created_at=now,
        expires_at=now + lifetime,
        revoked_at=None,
        last_used_at=None,
        rotated_from=rotated_from,
    )
    insert_token(connection, token=stored)
    return IssuedToken(token=token, stored=stored)


def rotate_token(
    connection: SyncConnection,
    *,
    key: bytes,
    token_id: str,
    now: datetime,
    lifetime: timedelta = DEFAULT_LIFETIME,
    grace: timedelta = DEFAULT_ROTATION_GRACE,
) -> IssuedToken:
    """A new token with the same scope; the old one stops working after ``grace``."""
    old = find_token(connection, token_id=token_id)
    if old is None or not old.usable_at(now):
        raise TokenError(f"no hay una credencial vigente con id {token_id}")
    scope = Scope(old.role, employer_id=old.employer_id, programme=old.programme)
    issued = issue_token(
        connection,
        key=key,
        scope=scope,
        now=now,
        lifetime=lifetime,
        label=old.label,
        rotated_from=old.token_id,
    )
    revoke_token(connection, token_id=old.token_id, at=now + grace)
    return issued


def revoke(connection: SyncConnection, *, token_id: str, now: datetime) -> None:
    """Revoke a credential at once."""
    if not revoke_token(connection, token_id=token_id, at=now):
        raise TokenError(f"no hay una credencial con id {token_id}")


def authenticate(
    connection: SyncConnection, *, key: bytes, token: str, now: datetime
) -> ApiToken | None:
    """The stored credential ``token`` stands for, if it is genuine and usable at ``now``."""
    token_id = token_id_of(token)
    if token_id is None:
        return None
    stored = find_token(connection, token_id=token_id)
    if stored is None or not hmac.compare_digest(stored.secret_hash, secret_hash(key, token)):
        return None
    if not stored.usable_at(now):
        return None
    if stored.last_used_at is None or now - stored.last_used_at >= LAST_USE_RESOLUTION:
        record_use(connection, token_id=token_id, at=now)
    return stored
