"""The optional ``credenciales_firmadas`` column: signed badges joined to the typed credentials.

The cell holds one or more VC-JWTs separated by ';' (in JSON Lines also a list
of strings). Each must verify (``streams.ingest.badges``); one that does not
makes the row an error naming the token's position and the reason, and the
row is not loaded: the programme sent a proof that does not hold, and loading
the graduate without it would hide the problem until someone asked why the
credential shows as unverified. Once fixed (the issuer registered, the token
replaced or left out), loading the file again adds nothing twice.

A verified badge with the vendor code of a typed credential replaces it (the
typed one keeps lending its track when the badge names none); any other
verified badge is added. Typed credentials without a badge stay unverified.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from schemas.graduates import Credential
from streams.ingest import fields
from streams.ingest.badges import VerifiedBadge, verify_badge
from streams.ingest.errors import BadgeError
from streams.ingest.issuers import IssuerRegistry

COLUMN = "credenciales_firmadas"


def decode_signed(
    value: object, registry: IssuerRegistry, *, now: datetime
) -> tuple[list[VerifiedBadge], list[str]]:
    """Verify every token of the cell; return the verified badges and the reasons of the rest."""
    badges: list[VerifiedBadge] = []
    problems: list[str] = []
    try:
        tokens = fields.items(value)
    except fields.FieldProblem as error:
        return [], [str(error)]
    for position, token in enumerate(tokens, start=1):
        if not isinstance(token, str):
            problems.append(f"credencial firmada {position}: debe ser un JWT (texto)")
            continue
        try:
            badge = verify_badge(token, registry, now=now)
            badge.credential()  # refuses, here, a badge whose fields the event cannot hold
        except BadgeError as error:
            problems.append(f"credencial firmada {position}: {error.reason}")
            continue
        badges.append(badge)
    return badges, problems


def merge_signed(
    typed: Sequence[Credential], badges: Sequence[VerifiedBadge]
) -> tuple[Credential, ...]:
    """The row's credentials: typed ones, each replaced by a verified badge of the same code."""
    track_of = {credential.vendor_code: credential.track for credential in typed}
    signed: dict[str, Credential] = {}
    for badge in badges:
        if badge.vendor_code in signed:
            continue  # the same badge twice: the first one stands
        kept = track_of.get(badge.vendor_code)
        signed[badge.vendor_code] = (
            badge.credential() if kept is None else badge.credential(track=kept)
        )
    kept_typed = [c for c in typed if c.vendor_code not in signed]
    return (*kept_typed, *signed.values())
