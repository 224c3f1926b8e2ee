"""``vincula emisores``: the operator registers, lists and removes trusted issuers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from streams.ingest.badge_signing import new_issuer_key
from streams.ingest.issuers import load_issuers
from vincula.cli import main

IBM = "did:web:ibm.example"


@pytest.fixture
def registry_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "emisores.json"
    monkeypatch.setenv("VINCULA_ISSUER_KEYS_FILE", str(path))
    return path


def test_add_list_and_remove(
    registry_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edwards, curve = new_issuer_key(kid="ed-1"), new_issuer_key("ES256", kid="ec-1")
    single = tmp_path / "ibm.jwk"
    single.write_text(json.dumps(edwards.public_jwk), encoding="utf-8")
    jwks = tmp_path / "ibm.jwks"
    jwks.write_text(json.dumps({"keys": [curve.public_jwk]}), encoding="utf-8")

    arguments = ["emisores", "agregar", IBM, "--nombre", "IBM", "--emisor", "ibm"]
    assert main([*arguments, "--clave", str(single), "--clave", str(jwks)]) == 0
    assert "registrado con 2 clave(s)" in capsys.readouterr().out
    stored = load_issuers(registry_path).find(IBM)
    assert stored is not None and stored.key_ids() == ["ed-1", "ec-1"]

    assert main(["emisores", "listar"]) == 0
    listed = capsys.readouterr().out
    assert IBM in listed and "ed-1 (EdDSA), ec-1 (ES256)" in listed and "emisor: ibm" in listed

    assert main(["emisores", "quitar", IBM]) == 0
    assert main(["emisores", "listar"]) == 0
    assert "no hay emisores registrados" in capsys.readouterr().out


def test_a_bad_key_file_is_a_spanish_error(
    registry_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "clave.jwk"
    bad.write_text("[1, 2]", encoding="utf-8")
    assert main(["emisores", "agregar", IBM, "--nombre", "IBM", "--clave", str(bad)]) == 2
    assert "no contiene una JWK" in capsys.readouterr().err
    assert main(["emisores", "quitar", IBM]) == 2
    assert "no está registrado" in capsys.readouterr().err
    assert not registry_path.exists()
