"""Verifying signed credentials offline: Open Badges 3.0 / W3C Verifiable Credentials as VC-JWT.

A programme attaches the badge it received from AWS, IBM, Cisco… as a compact
JWS. ``verify_badge`` accepts it only when all of these hold, and otherwise
raises ``BadgeError`` with the reason in Spanish:

- the issuer it names (``iss``, or ``issuer``/``issuer.id`` of the credential;
  both must agree when both are there) is in the operator's registry
  (``streams.ingest.issuers``);
- the signature verifies with one of that issuer's registered keys (the one
  named by the header's ``kid`` when there is one), under ``EdDSA`` (Ed25519)
  or ``ES256``;
- it is valid at ``now``: ``nbf``/``exp`` and ``validFrom``/``validUntil``
  (``issuanceDate``/``expirationDate`` in VCDM 1.1), 60 s of clock skew allowed;
- its shape is a badge: ``type`` includes ``OpenBadgeCredential`` or
  ``VerifiableCredential``; ``credentialSubject.achievement`` has a ``name``,
  an ``achievementType`` Vincula maps to a ``CredentialKind`` and a
  ``humanCode`` (the vendor code, e.g. ``AWS-CCP``). ``fieldOfStudy`` may name a
  ``Track`` (ai, data, cloud, java, cybersecurity).

Both VC-JWT layouts are read: VCDM 1.1 (the credential in the ``vc`` claim,
as Open Badges 3.0 specifies) and VCDM 2.0 (the payload is the credential).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import jwt
from jwt.exceptions import InvalidSignatureError, PyJWTError
from pydantic import ValidationError

from schemas.enums import CredentialKind, Track
from schemas.graduates import Credential
from streams.ingest.errors import BadgeError
from streams.ingest.fields import DEFAULT_TIMEZONE
from streams.ingest.issuers import IssuerRegistry, TrustedIssuer, algorithm_of, public_key_of

CLOCK_SKEW = timedelta(seconds=60)
ACCEPTED_TYPES = frozenset({"OpenBadgeCredential", "VerifiableCredential"})
SUPPORTED_ALGORITHMS = frozenset({"EdDSA", "ES256"})

# Open Badges 3.0 achievementType -> what the credential is worth to Vincula.
ACHIEVEMENT_KINDS: Mapping[str, CredentialKind] = {
    "Certification": CredentialKind.CERTIFICATION,
    "Certificate": CredentialKind.CERTIFICATION,
    "License": CredentialKind.CERTIFICATION,
    "Badge": CredentialKind.BADGE,
    "MicroCredential": CredentialKind.BADGE,
    "Competency": CredentialKind.BADGE,
    "Achievement": CredentialKind.BADGE,
    "Award": CredentialKind.BADGE,
    "CertificateOfCompletion": CredentialKind.COURSE_COMPLETION,
    "Course": CredentialKind.COURSE_COMPLETION,
    "LearningProgram": CredentialKind.COURSE_COMPLETION,
    "Diploma": CredentialKind.TECHNICAL_DEGREE,
    "AssociateDegree": CredentialKind.TECHNICAL_DEGREE,
    "ApprenticeshipCertificate": CredentialKind.TECHNICAL_DEGREE,
    "MasterDegree": CredentialKind.MASTERS,
}


@dataclass(frozen=True, slots=True)
class VerifiedBadge:
    """What a verified badge proves, and who signed it."""

    issuer_id: str
    issuer_name: str
    kind: CredentialKind
    vendor_code: str
    name: str
    track: Track | None
    issued_on: date

    def credential(self, *, track: Track = Track.OTHER) -> Credential:
        """The event's credential: verified by the issuer that signed; ``track`` if none named."""
        try:
            return Credential(
                kind=self.kind,
                vendor_code=self.vendor_code,
                name=self.name,
                track=self.track or track,
                issued_on=self.issued_on,
                verified=True,
                verified_by=self.issuer_name,
            )
        except ValidationError as error:
            fields = ", ".join(str(item["loc"][0]) for item in error.errors())
            raise BadgeError(f"la credencial firmada no es utilizable ({fields})") from None


def verify_badge(token: str, registry: IssuerRegistry, *, now: datetime) -> VerifiedBadge:
    """Verify one VC-JWT against the registry at time ``now``; raise ``BadgeError`` if it fails."""
    token = token.strip()
    try:
        header = jwt.get_unverified_header(token)
        claimed = jwt.decode(token, options={"verify_signature": False})
    except PyJWTError:
        raise BadgeError("no es un JWT firmado legible (VC-JWT)") from None
    algorithm = header.get("alg")
    if algorithm not in SUPPORTED_ALGORITHMS:
        raise BadgeError(f"algoritmo de firma '{algorithm}' no admitido (use EdDSA o ES256)")
    issuer_id = _issuer_id(claimed)
    trusted = registry.find(issuer_id)
    if trusted is None:
        raise BadgeError(
            f"emisor desconocido {issuer_id}: el operador debe registrarlo con "
            "«vincula emisores agregar» antes de cargar sus credenciales"
        )
    payload = _verified_payload(token, trusted, str(algorithm), header.get("kid"))
    credential = payload["vc"] if isinstance(payload.get("vc"), Mapping) else payload
    _check_times(payload, credential, now)
    return _read_badge(credential, trusted)


def _issuer_id(payload: Mapping[str, Any]) -> str:
    credential = payload.get("vc") if isinstance(payload.get("vc"), Mapping) else payload
    assert isinstance(credential, Mapping)
    named = credential.get("issuer")
    inner = named.get("id") if isinstance(named, Mapping) else named
    outer = payload.get("iss")
    if outer is not None and inner is not None and outer != inner:
        raise BadgeError(f"el emisor de la firma ({outer}) no es el de la credencial ({inner})")
    found = outer if outer is not None else inner
    if not isinstance(found, str) or not found:
        raise BadgeError("la credencial no nombra a su emisor (iss o issuer.id)")
    return found


def _verified_payload(
    token: str, trusted: TrustedIssuer, algorithm: str, kid: object
) -> dict[str, Any]:
    keys = [
        jwk
        for jwk in trusted.keys
        if algorithm_of(jwk) == algorithm and (kid is None or jwk.get("kid") == kid)
    ]
    if not keys:
        wanted = f"la clave {kid} ({algorithm})" if kid is not None else f"claves {algorithm}"
        raise BadgeError(f"{trusted.name} ({trusted.issuer_id}) no tiene registrada {wanted}")
    for jwk in keys:
        try:
            return jwt.decode(
                token,
                key=public_key_of(jwk),
                algorithms=[algorithm],
                # Times are checked against the ingestion's own clock below.
                options={
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                    "verify_aud": False,
                    "verify_iss": False,
                },
            )
        except InvalidSignatureError:
            continue
        except PyJWTError as error:
            raise BadgeError(f"firma ilegible: {error}") from None
    raise BadgeError(
        f"la firma no corresponde a la clave registrada de {trusted.name}: "
        "la credencial fue alterada o la firmó otra clave"
    )


def _instant(value: object, label: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise BadgeError(f"{label} '{value}' no es una fecha válida")


def _check_times(payload: Mapping[str, Any], credential: Mapping[str, Any], now: datetime) -> None:
    starts = [
        _instant(payload.get("nbf"), "nbf"),
        _instant(credential.get("validFrom"), "validFrom"),
        _instant(credential.get("issuanceDate"), "issuanceDate"),
    ]
    ends = [
        _instant(payload.get("exp"), "exp"),
        _instant(credential.get("validUntil"), "validUntil"),
        _instant(credential.get("expirationDate"), "expirationDate"),
    ]
    start = max((s for s in starts if s is not None), default=None)
    end = min((e for e in ends if e is not None), default=None)
    if start is not None and now + CLOCK_SKEW < start:
        raise BadgeError(f"la credencial firmada aún no es válida (lo será desde {start:%Y-%m-%d})")
    if end is not None and now - CLOCK_SKEW >= end:
        raise BadgeError(f"la credencial firmada venció el {end:%Y-%m-%d}")


def _read_badge(credential: Mapping[str, Any], trusted: TrustedIssuer) -> VerifiedBadge:
    types = credential.get("type")
    named = {types} if isinstance(types, str) else set(types) if isinstance(types, list) else set()
    if not named & ACCEPTED_TYPES:
        raise BadgeError("no es una credencial verificable (type sin OpenBadgeCredential)")
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    if not isinstance(achievement, Mapping):
        raise BadgeError("a la credencial firmada le falta credentialSubject.achievement")
    name, kind_name, code = (achievement.get(k) for k in ("name", "achievementType", "humanCode"))
    if not isinstance(name, str) or not name.strip():
        raise BadgeError("al logro (achievement) le falta el nombre")
    if not isinstance(kind_name, str) or kind_name not in ACHIEVEMENT_KINDS:
        accepted = ", ".join(ACHIEVEMENT_KINDS)
        raise BadgeError(f"achievementType '{kind_name}' no admitido (válidos: {accepted})")
    if not isinstance(code, str) or not code.strip():
        raise BadgeError("al logro le falta humanCode, el código del proveedor (p. ej. AWS-CCP)")
    issued = _instant(credential.get("validFrom") or credential.get("issuanceDate"), "validFrom")
    if issued is None:
        raise BadgeError("a la credencial firmada le falta la fecha de emisión (validFrom)")
    field = achievement.get("fieldOfStudy")
    track = next((t for t in Track if isinstance(field, str) and field.lower() == t.value), None)
    return VerifiedBadge(
        issuer_id=trusted.issuer_id,
        issuer_name=trusted.name,
        kind=ACHIEVEMENT_KINDS[kind_name],
        vendor_code=code.strip().upper(),
        name=" ".join(name.split()),
        track=track,
        # The day of issue in Mexico City, as programmes write theirs.
        issued_on=issued.astimezone(DEFAULT_TIMEZONE).date(),
    )
