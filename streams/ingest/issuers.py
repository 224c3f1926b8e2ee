"""The operator's registry of trusted credential issuers and their public keys.

A JSON file (``VINCULA_ISSUER_KEYS_FILE``, by default ``emisores.json`` in the
state folder), read when a cohort is loaded, never fetched from the network::

    {"issuers": [{"id": "did:web:ibm.example", "name": "IBM", "issuer": "ibm",
                  "keys": [{"kty": "OKP", "crv": "Ed25519", "x": "…", "kid": "2026"}]}]}

``id`` is the issuer as a signed credential names it (its ``iss`` claim or
``issuer.id``: a DID or an https URL), ``name`` what explanations show, and
``issuer`` the matching ``Issuer`` value, if any. Keys are public JWKs: Ed25519
(``EdDSA``) or P-256 (``ES256``); a private part is refused.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from jwt import PyJWK
from jwt.exceptions import PyJWKError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from schemas.enums import Issuer
from streams.ingest.errors import IssuerRegistryError

# JWK key type and curve -> the one JWS algorithm Vincula accepts for it.
ALGORITHM_OF_CURVE = {("OKP", "Ed25519"): "EdDSA", ("EC", "P-256"): "ES256"}
_PRIVATE_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "k"})


def algorithm_of(jwk: Mapping[str, Any]) -> str:
    """The JWS algorithm of a public JWK; raises ``ValueError`` for any other kind of key."""
    algorithm = ALGORITHM_OF_CURVE.get((str(jwk.get("kty")), str(jwk.get("crv"))))
    if algorithm is None:
        raise ValueError(
            f"clave {jwk.get('kty')}/{jwk.get('crv')} no admitida: use Ed25519 (OKP) o P-256 (EC)"
        )
    return algorithm


def public_key_of(jwk: Mapping[str, Any]) -> PyJWK:
    """Parse a public JWK into a key PyJWT verifies with; ``ValueError`` if unusable."""
    if _PRIVATE_MEMBERS & jwk.keys():
        raise ValueError("la clave incluye su parte privada: registre solo la clave pública")
    algorithm = algorithm_of(jwk)
    try:
        return PyJWK(dict(jwk), algorithm=algorithm)
    except (PyJWKError, TypeError, ValueError) as error:
        raise ValueError(f"clave JWK ilegible: {error}") from None


class TrustedIssuer(BaseModel):
    """One issuer whose signatures Vincula trusts, with its public keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    issuer_id: Annotated[str, Field(alias="id", min_length=1, max_length=500)]
    name: Annotated[str, Field(min_length=1, max_length=100)]
    issuer: Issuer | None = None
    keys: Annotated[tuple[dict[str, Any], ...], Field(min_length=1, max_length=20)]

    @field_validator("issuer_id")
    @classmethod
    def _looks_like_an_issuer(cls, value: str) -> str:
        if not value.startswith(("did:", "https://", "http://")) or any(c.isspace() for c in value):
            raise ValueError(f"'{value}' no es un emisor: use un DID o una URL https")
        return value

    @field_validator("keys")
    @classmethod
    def _public_keys(cls, value: tuple[dict[str, Any], ...]) -> tuple[dict[str, Any], ...]:
        for jwk in value:
            public_key_of(jwk)
        return value

    def key_ids(self) -> list[str]:
        """The ``kid`` of every key ('-' for one without)."""
        return [str(jwk.get("kid", "-")) for jwk in self.keys]


class IssuerRegistry(BaseModel):
    """Every trusted issuer, looked up by the id a credential names."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    issuers: tuple[TrustedIssuer, ...] = ()

    def find(self, issuer_id: str) -> TrustedIssuer | None:
        """The registered issuer with this id, if any."""
        return next((i for i in self.issuers if i.issuer_id == issuer_id), None)

    def listed(self) -> list[TrustedIssuer]:
        """Every issuer, ordered by id."""
        return sorted(self.issuers, key=lambda i: i.issuer_id)

    def with_issuer(self, issuer: TrustedIssuer) -> IssuerRegistry:
        """A registry where ``issuer`` is added, or replaces the one with its id."""
        others = tuple(i for i in self.issuers if i.issuer_id != issuer.issuer_id)
        return IssuerRegistry(issuers=(*others, issuer))

    def without(self, issuer_id: str) -> IssuerRegistry:
        """A registry without the issuer of this id (``IssuerRegistryError`` if absent)."""
        if self.find(issuer_id) is None:
            raise IssuerRegistryError(f"el emisor {issuer_id} no está registrado")
        return IssuerRegistry(issuers=tuple(i for i in self.issuers if i.issuer_id != issuer_id))


def load_issuers(path: Path) -> IssuerRegistry:
    """Read the registry file; a missing file is an empty registry."""
    if not path.exists():
        return IssuerRegistry()
    try:
        return IssuerRegistry.model_validate_json(path.read_bytes())
    except ValidationError as error:
        raise IssuerRegistryError(f"el registro de emisores {path} no es válido: {error}") from None


def save_issuers(path: Path, registry: IssuerRegistry) -> None:
    """Write the registry atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = registry.model_dump(mode="json", by_alias=True)
    document["issuers"].sort(key=lambda item: item["id"])
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".emisores-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(document, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    Path(temporary).replace(path)


def register_issuer(
    path: Path,
    *,
    issuer_id: str,
    name: str,
    keys: list[dict[str, Any]],
    issuer: Issuer | None = None,
) -> TrustedIssuer:
    """Add an issuer to the registry file, or add keys to one already there (key rotation).

    A key whose ``kid`` (or whole JWK) is already registered replaces it; the name and
    ``Issuer`` value given replace the stored ones.
    """
    registry = load_issuers(path)
    known = registry.find(issuer_id)
    merged: dict[str, dict[str, Any]] = {}
    for jwk in (*(known.keys if known else ()), *keys):
        merged[str(jwk.get("kid")) if "kid" in jwk else json.dumps(jwk, sort_keys=True)] = jwk
    try:
        trusted = TrustedIssuer(
            issuer_id=issuer_id, name=name, issuer=issuer, keys=tuple(merged.values())
        )
    except ValidationError as error:
        reasons = "; ".join(
            str(item["msg"]).removeprefix("Value error, ") for item in error.errors()
        )
        raise IssuerRegistryError(f"no se registró el emisor {issuer_id}: {reasons}") from None
    save_issuers(path, registry.with_issuer(trusted))
    return trusted


def remove_issuer(path: Path, issuer_id: str) -> None:
    """Remove an issuer from the registry file: its signatures stop verifying at once."""
    save_issuers(path, load_issuers(path).without(issuer_id))
