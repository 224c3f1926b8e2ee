"""The vendors that sign their badges in a season, registered as an operator would.

Each run makes a fresh Ed25519 key per vendor and adds its public key to the
platform's registry of trusted issuers (``vincula emisores agregar`` does the
same from a file), so the season's badges verify and its «verificada por …»
names the vendor that signed. Programmes' own diplomas stay typed, unsigned
and so unverified, as they are until a programme signs its credentials.
"""

from __future__ import annotations

from pathlib import Path

from schemas.enums import Issuer
from streams.ingest.badge_signing import new_issuer_key
from streams.ingest.issuers import register_issuer
from vincula.synthetic.cohorts import BadgeIssuer

# Simulated issuer identifiers: the example domain says they are no vendor's real ones.
VENDORS: dict[Issuer, str] = {
    Issuer.AWS: "Amazon Web Services",
    Issuer.IBM: "IBM",
    Issuer.CISCO: "Cisco Networking Academy",
    Issuer.GOOGLE_CLOUD: "Google Cloud",
    Issuer.MICROSOFT: "Microsoft",
    Issuer.ORACLE: "Oracle University",
    Issuer.KYNDRYL: "Kyndryl",
}


def register_vendors(registry: Path) -> dict[Issuer, BadgeIssuer]:
    """A signing key per vendor, its public half registered in ``registry``."""
    signers: dict[Issuer, BadgeIssuer] = {}
    for issuer, name in VENDORS.items():
        signer = BadgeIssuer(new_issuer_key(), f"https://emisores.example/{issuer.value}", name)
        register_issuer(
            registry,
            issuer_id=signer.issuer_id,
            name=name,
            keys=[signer.key.public_jwk],
            issuer=issuer,
        )
        signers[issuer] = signer
    return signers
