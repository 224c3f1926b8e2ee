"""The operator's registry of trusted issuers: a JSON file of public keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import OKPAlgorithm, RSAAlgorithm

from schemas.enums import Issuer
from streams.ingest.badge_signing import new_issuer_key
from streams.ingest.errors import IssuerRegistryError
from streams.ingest.issuers import load_issuers, register_issuer, remove_issuer

AWS = "https://aws.example/issuers/training"


def test_an_absent_file_is_an_empty_registry(tmp_path: Path) -> None:
    assert load_issuers(tmp_path / "emisores.json").issuers == ()


def test_register_rotate_and_remove(tmp_path: Path) -> None:
    path = tmp_path / "estado" / "emisores.json"
    first, second = new_issuer_key(kid="2025"), new_issuer_key("ES256", kid="2026")
    register_issuer(path, issuer_id=AWS, name="AWS", keys=[first.public_jwk], issuer=Issuer.AWS)
    rotated = register_issuer(
        path, issuer_id=AWS, name="Amazon Web Services", keys=[second.public_jwk]
    )
    assert rotated.key_ids() == ["2025", "2026"] and rotated.name == "Amazon Web Services"
    stored = load_issuers(path).find(AWS)
    assert stored is not None and stored.key_ids() == ["2025", "2026"]
    # Registering a kid again replaces that key, not adds a third.
    replaced = new_issuer_key(kid="2025")
    again = register_issuer(path, issuer_id=AWS, name="AWS", keys=[replaced.public_jwk])
    assert again.keys[0] == replaced.public_jwk and len(again.keys) == 2
    assert json.loads(path.read_text(encoding="utf-8"))["issuers"][0]["id"] == AWS
    remove_issuer(path, AWS)
    assert load_issuers(path).find(AWS) is None
    with pytest.raises(IssuerRegistryError, match="no está registrado"):
        remove_issuer(path, AWS)


def test_a_private_key_is_refused(tmp_path: Path) -> None:
    key = new_issuer_key()
    private = OKPAlgorithm.to_jwk(key.private_key, as_dict=True)  # type: ignore[arg-type]
    with pytest.raises(IssuerRegistryError, match="parte privada"):
        register_issuer(tmp_path / "e.json", issuer_id=AWS, name="AWS", keys=[private])
    assert not (tmp_path / "e.json").exists()


@pytest.mark.parametrize("issuer_id", ["aws", "https://aws.example/ con espacio"])
def test_an_issuer_id_must_be_a_did_or_a_url(tmp_path: Path, issuer_id: str) -> None:
    key = new_issuer_key()
    with pytest.raises(IssuerRegistryError, match="no es un emisor"):
        register_issuer(tmp_path / "e.json", issuer_id=issuer_id, name="AWS", keys=[key.public_jwk])


def test_only_ed25519_and_p256_keys_are_accepted(tmp_path: Path) -> None:
    public = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
    with pytest.raises(IssuerRegistryError, match="no admitida"):
        register_issuer(tmp_path / "e.json", issuer_id=AWS, name="AWS", keys=[jwk])


def test_a_broken_registry_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "e.json"
    path.write_text('{"issuers": [{"id": "did:web:x"}]}', encoding="utf-8")
    with pytest.raises(IssuerRegistryError, match="no es válido"):
        load_issuers(path)
