"""Issuing Open Badges 3.0 VC-JWTs, as AWS, IBM or Cisco would: for tests and simulations.

Vincula itself never signs a badge in production; this is the issuer's side,
so that tests, the demo and the season simulator make real signed credentials
that ``streams.ingest.badges.verify_badge`` checks like any other::

    key = new_issuer_key("EdDSA")
    register_issuer(path, issuer_id=ISSUER, name="IBM", keys=[key.public_jwk], issuer=Issuer.IBM)
    token = sign_badge(key, issuer_id=ISSUER, achievement=BadgeAchievement(...), valid_from=...)
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import ECAlgorithm, OKPAlgorithm

from schemas.enums import CredentialKind, Track

SigningAlgorithm = Literal["EdDSA", "ES256"]
PrivateKey = Ed25519PrivateKey | ec.EllipticCurvePrivateKey

OB3_CONTEXTS = (
    "https://www.w3.org/2018/credentials/v1",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
)
# The achievementType each kind is issued as (the inverse of badges.ACHIEVEMENT_KINDS).
ACHIEVEMENT_TYPE_OF: dict[CredentialKind, str] = {
    CredentialKind.CERTIFICATION: "Certification",
    CredentialKind.BADGE: "Badge",
    CredentialKind.COURSE_COMPLETION: "CertificateOfCompletion",
    CredentialKind.TECHNICAL_DEGREE: "Diploma",
    CredentialKind.MASTERS: "MasterDegree",
}


@dataclass(frozen=True, slots=True)
class IssuerKey:
    """An issuer's signing key: the private key, its algorithm and the public JWK to register."""

    private_key: PrivateKey
    algorithm: SigningAlgorithm
    kid: str
    public_jwk: dict[str, Any] = field(hash=False)


@dataclass(frozen=True, slots=True)
class BadgeAchievement:
    """What the badge certifies: vendor code (``humanCode``), name, kind and track."""

    code: str
    name: str
    kind: CredentialKind = CredentialKind.CERTIFICATION
    track: Track | None = None


def new_issuer_key(algorithm: SigningAlgorithm = "EdDSA", *, kid: str | None = None) -> IssuerKey:
    """A fresh Ed25519 (``EdDSA``) or P-256 (``ES256``) key pair for an issuer."""
    chosen = kid or uuid.uuid4().hex[:16]
    private: PrivateKey
    if algorithm == "EdDSA":
        edwards = Ed25519PrivateKey.generate()
        private, public = edwards, OKPAlgorithm.to_jwk(edwards.public_key(), as_dict=True)
    else:
        curve = ec.generate_private_key(ec.SECP256R1())
        private, public = curve, ECAlgorithm.to_jwk(curve.public_key(), as_dict=True)
    return IssuerKey(private, algorithm, chosen, {**public, "kid": chosen})


def _instant(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def sign_badge(
    key: IssuerKey,
    *,
    issuer_id: str,
    achievement: BadgeAchievement,
    valid_from: datetime,
    valid_until: datetime | None = None,
    issuer_name: str = "",
    subject_id: str | None = None,
) -> str:
    """An Open Badges 3.0 ``OpenBadgeCredential`` as a VC-JWT (VCDM 1.1 ``vc`` claim)."""
    credential_id = f"urn:uuid:{uuid.uuid4()}"
    achievement_body: dict[str, Any] = {
        "id": f"{issuer_id}#{achievement.code}",
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPE_OF[achievement.kind],
        "humanCode": achievement.code,
        "name": achievement.name,
        "criteria": {"narrative": achievement.name},
    }
    if achievement.track is not None:
        achievement_body["fieldOfStudy"] = achievement.track.value
    subject: dict[str, Any] = {"type": ["AchievementSubject"], "achievement": achievement_body}
    if subject_id is not None:
        subject["id"] = subject_id
    vc: dict[str, Any] = {
        "@context": list(OB3_CONTEXTS),
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": issuer_name or issuer_id},
        "issuanceDate": _instant(valid_from),
        "validFrom": _instant(valid_from),
        "credentialSubject": subject,
    }
    claims: dict[str, Any] = {
        "iss": issuer_id,
        "jti": credential_id,
        "nbf": int(valid_from.timestamp()),
        "vc": vc,
    }
    if valid_until is not None:
        vc["expirationDate"] = vc["validUntil"] = _instant(valid_until)
        claims["exp"] = int(valid_until.timestamp())
    if subject_id is not None:
        claims["sub"] = subject_id
    return jwt.encode(
        claims, key.private_key, algorithm=key.algorithm, headers={"kid": key.kid, "typ": "JWT"}
    )
