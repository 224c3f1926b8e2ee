"""Sign-in credentials for a local run: ministry, one employer, one programme, and a graduate.

Tokens are shown once by design, so ``vincula up`` keeps the ones it issues
in clear in a private file of the state folder (development only) and reuses
them while the database still holds them usable; otherwise it issues new
ones. A graduate has no credential: the way in is the request-a-link page,
or a signed profile link for one stored graduate.
"""

from __future__ import annotations

import hmac
import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import psycopg

from models.api_tokens import SyncConnection, TokenRole, find_token
from schemas.enums import Issuer
from streams.notify.links import PROFILE_PAGE, LinkPurpose, LinkSigner
from vincula.auth.tokens import Scope, issue_token, secret_hash, token_id_of
from vincula.settings import Settings

CREDENTIALS_FILE = "credenciales.json"
LIFETIME = timedelta(days=90)
# A stored token that would expire this soon is replaced rather than printed.
MIN_REMAINING = timedelta(days=1)
LOCAL_PROGRAMME = Issuer.TECNM_INFOTEC.value
LABEL = "vincula up (desarrollo local)"


@dataclass(frozen=True, slots=True)
class SignIn:
    """Who signs in with ``token``: a Spanish label and the credential's scope."""

    key: str
    label: str
    scope: Scope
    token: str


def _wanted(employer_id: str, programme: str) -> list[tuple[str, str, Scope]]:
    return [
        ("ministry", "Secretaría de Economía", Scope(TokenRole.MINISTRY)),
        ("employer", f"empresa {employer_id}", Scope(TokenRole.EMPLOYER, employer_id=employer_id)),
        ("programme", f"programa {programme}", Scope(TokenRole.PROGRAMME, programme=programme)),
    ]


def _still_valid(
    connection: SyncConnection, *, key: bytes, token: str, scope: Scope, now: datetime
) -> bool:
    """True when ``token`` is stored, genuine, of ``scope`` and usable for a while yet."""
    token_id = token_id_of(token)
    stored = None if token_id is None else find_token(connection, token_id=token_id)
    if stored is None or not hmac.compare_digest(stored.secret_hash, secret_hash(key, token)):
        return False
    same_scope = (stored.role, stored.employer_id, stored.programme) == (
        scope.role,
        scope.employer_id,
        scope.programme,
    )
    return same_scope and stored.usable_at(now + MIN_REMAINING)


def _read(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in saved.items()} if isinstance(saved, dict) else {}


def _write(path: Path, tokens: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created private before anything is written into it.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(tokens, file, indent=2)
    path.chmod(0o600)


def local_sign_ins(
    url: str,
    settings: Settings,
    *,
    folder: Path,
    employer_id: str,
    now: datetime,
    programme: str = LOCAL_PROGRAMME,
) -> list[SignIn]:
    """The ministry, employer and programme credentials: the stored ones, or new ones."""
    path = folder / CREDENTIALS_FILE
    saved = _read(path)
    key = settings.token_hash_key.get_secret_value().encode()
    sign_ins: list[SignIn] = []
    with psycopg.connect(url) as connection:
        for name, label, scope in _wanted(employer_id, programme):
            token = saved.get(name, "")
            if not _still_valid(connection, key=key, token=token, scope=scope, now=now):
                token = issue_token(
                    connection, key=key, scope=scope, now=now, lifetime=LIFETIME, label=LABEL
                ).token
            sign_ins.append(SignIn(name, label, scope, token))
    tokens = {sign_in.key: sign_in.token for sign_in in sign_ins}
    if tokens != saved:
        _write(path, tokens)
    return sign_ins


def graduate_profile_link(url: str, settings: Settings, *, now: datetime) -> str | None:
    """A one-hour link to the profile of one stored graduate with an e-mail, if there is one."""
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT g.graduate_id FROM graduates g JOIN contacts c USING (graduate_id)"
            " WHERE c.email IS NOT NULL ORDER BY g.graduate_id LIMIT 1"
        ).fetchone()
    if row is None:
        return None
    signer = LinkSigner(settings.link_signing_key.get_secret_value().encode())
    token = signer.sign(LinkPurpose.PROFILE, str(row[0]), now=now)
    return f"{settings.public_base_url.rstrip('/')}/{PROFILE_PAGE}?{urlencode({'t': token})}"
