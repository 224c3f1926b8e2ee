"""Signed, expiring, single-purpose links: how a graduate proves who they are without a password.

A link token is ``<purpose>.<subject>.<expiry>.<signature>``: the subject is
the match, follow-up or graduate the link acts on, the expiry a Unix time in
hexadecimal (so no run of digits in an e-mail looks like a phone number),
and the signature HMAC-SHA256 over the rest under a key only Vincula holds.
A profile link's subject is a graduate's pseudonym, 64 hexadecimal digits
whose runs of decimal digits could pass for phone numbers, so it is written
as the 43 base64url characters of its 32 bytes instead.
Deterministic ids (which replay needs) are therefore never a secret: knowing
a match id gives nothing without its signed token. A token signed for one
purpose is refused for every other.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from urllib.parse import urlencode

from streams.notify.errors import NotifyError


class LinkPurpose(StrEnum):
    """What a link lets its bearer do, and nothing else."""

    MATCH_ANSWER = "match"
    FOLLOW_UP_ANSWER = "follow-up"
    PROFILE = "profile"


# Answer links live as long as a graduate may reasonably open an old e-mail;
# a link to the profile (data, consent, deletion) is a sign-in and lives briefly.
LIFETIMES: dict[LinkPurpose, timedelta] = {
    LinkPurpose.MATCH_ANSWER: timedelta(days=30),
    LinkPurpose.FOLLOW_UP_ANSWER: timedelta(days=45),
    LinkPurpose.PROFILE: timedelta(hours=1),
}
_SUBJECT = re.compile(r"^[0-9A-Za-z-]{1,80}$")
_PSEUDONYM = re.compile(r"^[0-9a-f]{64}$")
_PACKED_PSEUDONYM = re.compile(r"^[0-9A-Za-z_-]{43}$")
_EXPIRY = re.compile(r"^[0-9a-f]{1,12}$")
_SIGNATURE_BYTES = 18


class LinkError(NotifyError):
    """A link is malformed, forged, expired or used for another purpose."""


@dataclass(frozen=True, slots=True)
class LinkClaims:
    """What a valid link says: its purpose, the object it acts on, and until when."""

    purpose: LinkPurpose
    subject: str
    expires_at: datetime


class LinkSigner:
    """Signs and verifies link tokens with one key."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 32:
            raise LinkError("la clave de firma de enlaces debe tener al menos 32 bytes")
        self._key = key

    def _signature(self, message: str) -> str:
        digest = hmac.new(self._key, message.encode("ascii"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:_SIGNATURE_BYTES]).decode("ascii")

    def sign(self, purpose: LinkPurpose, subject: str, *, now: datetime) -> str:
        """A token for ``subject`` that expires after the purpose's lifetime from ``now``."""
        expires = int((now + LIFETIMES[purpose]).timestamp())
        message = f"{purpose.value}.{_written(purpose, subject)}.{expires:x}"
        return f"{message}.{self._signature(message)}"

    def verify(self, token: str, *, purpose: LinkPurpose, now: datetime) -> LinkClaims:
        """The claims of a genuine, unexpired token of ``purpose``; ``LinkError`` otherwise."""
        parts = token.split(".")
        if len(parts) != 4 or not _EXPIRY.fullmatch(parts[2]):
            raise LinkError("el enlace no es válido")
        message = ".".join(parts[:3])
        if not hmac.compare_digest(parts[3], self._signature(message)):
            raise LinkError("el enlace no es válido")
        if parts[0] != purpose.value:
            raise LinkError("este enlace sirve para otra cosa")
        expires_at = datetime.fromtimestamp(int(parts[2], 16), tz=UTC)
        if now >= expires_at:
            raise LinkError("el enlace venció; pida uno nuevo")
        return LinkClaims(purpose=purpose, subject=_read(purpose, parts[1]), expires_at=expires_at)


def _written(purpose: LinkPurpose, subject: str) -> str:
    """``subject`` as a token writes it; ``LinkError`` if it cannot be."""
    if purpose is LinkPurpose.PROFILE:
        if not _PSEUDONYM.fullmatch(subject):
            raise LinkError("un enlace al perfil se firma para un seudónimo")
        return base64.urlsafe_b64encode(bytes.fromhex(subject)).rstrip(b"=").decode("ascii")
    if not _SUBJECT.fullmatch(subject):
        raise LinkError(f"identificador no apto para un enlace: {subject!r}")
    return subject


def _read(purpose: LinkPurpose, written: str) -> str:
    """The subject a (genuine) token writes as ``written``."""
    if purpose is LinkPurpose.PROFILE:
        if not _PACKED_PSEUDONYM.fullmatch(written):
            raise LinkError("el enlace no es válido")
        return base64.urlsafe_b64decode(written + "=").hex()
    return written


PROFILE_PAGE = "perfil"


@dataclass(frozen=True, slots=True)
class Links:
    """Builds the signed links of one e-mail to ``graduate_id``.

    Answer links are ``<base>/<page>/<id>?t=<token>[&respuesta=…]``; the link
    to the graduate's own profile is ``<base>/perfil?t=<token>``, which names
    nobody in its path.
    """

    base_url: str
    signer: LinkSigner
    now: datetime
    graduate_id: str

    def to(self, page: str, purpose: LinkPurpose, subject: str, answer: str | None = None) -> str:
        """A link to ``page`` for ``subject``, signed for ``purpose``, preselecting ``answer``."""
        query = {"t": self.signer.sign(purpose, subject, now=self.now)}
        if answer is not None:
            query["respuesta"] = answer
        return f"{self.base_url.rstrip('/')}/{page}/{subject}?{urlencode(query)}"

    def profile_request(self) -> str:
        """The page that e-mails a fresh profile link (a sign-in lives an hour; e-mails longer)."""
        return f"{self.base_url.rstrip('/')}/{PROFILE_PAGE}/enlace"

    def profile(self) -> str:
        """A link to the recipient's own profile page (data, consents, deletion)."""
        token = self.signer.sign(LinkPurpose.PROFILE, self.graduate_id, now=self.now)
        return f"{self.base_url.rstrip('/')}/{PROFILE_PAGE}?{urlencode({'t': token})}"
