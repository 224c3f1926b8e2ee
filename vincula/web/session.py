"""Sign-in for organisations' pages: a signed, expiring session cookie naming a credential.

The cookie holds the credential's public id, an expiry and an HMAC under
``VINCULA_TOKEN_HASH_KEY`` — never the token itself. Every page request
looks the credential up again, so revoking or expiring a token ends its
sessions at once.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from models.api_tokens import TokenRole

SESSION_COOKIE = "vincula_sesion"
SESSION_LIFETIME = timedelta(hours=8)

# Where each role lands after signing in, and what its navigation shows.
HOME: dict[TokenRole, str] = {
    TokenRole.MINISTRY: "/tablero",
    TokenRole.EMPLOYER: "/empresa",
    TokenRole.PROGRAMME: "/programa",
    TokenRole.OPERATOR: "/",
}
NAVIGATION: dict[TokenRole, tuple[tuple[str, str], ...]] = {
    TokenRole.MINISTRY: (("/tablero", "Tablero de colocación"),),
    TokenRole.EMPLOYER: (("/empresa", "Mis vacantes"), ("/empresa/vacantes/nueva", "Publicar")),
    TokenRole.PROGRAMME: (("/programa", "Mi programa"),),
    TokenRole.OPERATOR: (),
}


@dataclass(frozen=True, slots=True)
class SessionSigner:
    """Issues and checks session cookie values."""

    key: bytes

    def _signature(self, token_id: str, expires: int) -> str:
        material = f"session:{token_id}:{expires}".encode()
        return hmac.new(self.key, material, hashlib.sha256).hexdigest()

    def issue(self, token_id: str, *, now: datetime) -> str:
        """The cookie value of a session for ``token_id`` starting ``now``."""
        expires = int((now + SESSION_LIFETIME).timestamp())
        return f"{token_id}.{expires}.{self._signature(token_id, expires)}"

    def verify(self, value: str, *, now: datetime) -> str | None:
        """The credential id of a valid, unexpired session value; None otherwise."""
        parts = value.split(".")
        if len(parts) != 3 or not parts[1].isdigit():
            return None
        token_id, expires, signature = parts[0], int(parts[1]), parts[2]
        expected = self._signature(token_id, expires)
        if not hmac.compare_digest(expected.encode(), signature.encode("ascii", "replace")):
            return None
        return token_id if now.timestamp() < expires else None


def safe_next(path: str, default: str) -> str:
    """``path`` if it is a path of this site (no scheme, host or backslash); else ``default``."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path or "\n" in path:
        return default
    return path
