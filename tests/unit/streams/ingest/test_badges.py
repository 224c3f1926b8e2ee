"""Signed credentials (Open Badges 3.0 VC-JWT) verify only with a registered issuer's key."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime, timedelta

import jwt
import pytest

from schemas.enums import CredentialKind, Issuer, Track
from streams.ingest.badge_signing import BadgeAchievement, IssuerKey, new_issuer_key, sign_badge
from streams.ingest.badges import verify_badge
from streams.ingest.errors import BadgeError
from streams.ingest.issuers import IssuerRegistry, TrustedIssuer

IBM = "did:web:ibm.example"
NOW = datetime(2026, 12, 11, 16, 30, tzinfo=UTC)
ACHIEVEMENT = BadgeAchievement(
    code="ibm-ds-pro", name="IBM Data Science Professional", track=Track.DATA
)


def registry_of(*pairs: tuple[str, IssuerKey]) -> IssuerRegistry:
    return IssuerRegistry(
        issuers=tuple(
            TrustedIssuer(issuer_id=issuer_id, name="IBM", issuer=Issuer.IBM, keys=(k.public_jwk,))
            for issuer_id, k in pairs
        )
    )


def badge(key: IssuerKey, **changes: object) -> str:
    arguments: dict[str, object] = {
        "issuer_id": IBM,
        "achievement": ACHIEVEMENT,
        "valid_from": NOW - timedelta(days=30),
        "valid_until": NOW + timedelta(days=365),
    }
    arguments.update(changes)
    return sign_badge(key, **arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize("algorithm", ["EdDSA", "ES256"])
def test_a_badge_signed_by_a_registered_issuer_verifies(algorithm: str) -> None:
    key = new_issuer_key(algorithm)  # type: ignore[arg-type]
    verified = verify_badge(badge(key), registry_of((IBM, key)), now=NOW)
    assert verified.issuer_name == "IBM" and verified.issuer_id == IBM
    assert verified.vendor_code == "IBM-DS-PRO"
    assert verified.kind is CredentialKind.CERTIFICATION and verified.track is Track.DATA
    # Issued 30 days before 10:30 in Mexico City: the date there.
    assert verified.issued_on == date(2026, 11, 11)
    credential = verified.credential()
    assert credential.verified is True and credential.verified_by == "IBM"


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["vc"]["credentialSubject"]["achievement"]["name"] = "IBM Quantum Master"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def test_a_tampered_payload_does_not_verify() -> None:
    key = new_issuer_key()
    with pytest.raises(BadgeError, match="alterada"):
        verify_badge(_tamper(badge(key)), registry_of((IBM, key)), now=NOW)


def test_a_badge_signed_with_another_key_does_not_verify() -> None:
    registered, impostor = new_issuer_key(kid="k1"), new_issuer_key(kid="k1")
    with pytest.raises(BadgeError, match="la firma no corresponde a la clave registrada de IBM"):
        verify_badge(badge(impostor), registry_of((IBM, registered)), now=NOW)


def test_a_key_id_the_issuer_never_registered_is_named() -> None:
    registered, other = new_issuer_key(kid="2026"), new_issuer_key(kid="2027")
    with pytest.raises(BadgeError, match="no tiene registrada la clave 2027"):
        verify_badge(badge(other), registry_of((IBM, registered)), now=NOW)


def test_an_unknown_issuer_does_not_verify_and_says_how_to_register_it() -> None:
    key = new_issuer_key()
    with pytest.raises(BadgeError, match=r"emisor desconocido did:web:otro.example.*emisores"):
        verify_badge(badge(key, issuer_id="did:web:otro.example"), registry_of((IBM, key)), now=NOW)


def test_an_expired_badge_does_not_verify() -> None:
    key = new_issuer_key()
    token = badge(key, valid_from=NOW - timedelta(days=800), valid_until=NOW - timedelta(days=1))
    with pytest.raises(BadgeError, match="venció el 2026-12-10"):
        verify_badge(token, registry_of((IBM, key)), now=NOW)


def test_a_badge_not_yet_valid_does_not_verify() -> None:
    key = new_issuer_key()
    with pytest.raises(BadgeError, match="aún no es válida"):
        verify_badge(
            badge(key, valid_from=NOW + timedelta(days=2)), registry_of((IBM, key)), now=NOW
        )


def _sign_claims(key: IssuerKey, claims: dict[str, object]) -> str:
    return jwt.encode(claims, key.private_key, algorithm=key.algorithm, headers={"kid": key.kid})


def _credential(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": IBM},
        "validFrom": "2026-10-02T12:00:00Z",
        "credentialSubject": {
            "achievement": {
                "name": "AWS Certified Cloud Practitioner",
                "achievementType": "Badge",
                "humanCode": "AWS-CCP",
            }
        },
    }
    body.update(changes)
    return body


def test_the_vcdm_2_layout_verifies_and_the_expiry_inside_the_credential_counts() -> None:
    key = new_issuer_key()
    registry = registry_of((IBM, key))
    verified = verify_badge(_sign_claims(key, _credential()), registry, now=NOW)
    assert (verified.kind, verified.track, verified.issued_on) == (
        CredentialKind.BADGE,
        None,
        date(2026, 10, 2),
    )
    expired = _credential(validUntil="2026-12-01T00:00:00Z")
    with pytest.raises(BadgeError, match="venció"):
        verify_badge(_sign_claims(key, expired), registry, now=NOW)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"type": ["Diploma"]}, "OpenBadgeCredential"),
        ({"credentialSubject": {"id": "did:example:x"}}, "credentialSubject.achievement"),
        (
            {"credentialSubject": {"achievement": {"name": "X", "humanCode": "X"}}},
            "achievementType",
        ),
        (
            {"credentialSubject": {"achievement": {"name": "X", "achievementType": "Badge"}}},
            "humanCode",
        ),
        ({"issuer": "did:web:aws.example", "iss": IBM}, "no es el de la credencial"),
    ],
)
def test_a_signed_credential_without_the_badge_shape_is_refused(
    changes: dict[str, object], reason: str
) -> None:
    key = new_issuer_key()
    claims = _credential(**changes)
    if "iss" in claims:
        claims = {"iss": claims.pop("iss"), "vc": claims}
    with pytest.raises(BadgeError, match=reason):
        verify_badge(_sign_claims(key, claims), registry_of((IBM, key)), now=NOW)


def test_an_unsigned_or_weakly_signed_token_is_refused() -> None:
    key = new_issuer_key()
    registry = registry_of((IBM, key))
    with pytest.raises(BadgeError, match="no es un JWT"):
        verify_badge("no-es-un-jwt", registry, now=NOW)
    shared_secret = jwt.encode({"vc": _credential()}, "secreto-compartido-de-32-bytes-00", "HS256")
    with pytest.raises(BadgeError, match="HS256"):
        verify_badge(shared_secret, registry, now=NOW)
