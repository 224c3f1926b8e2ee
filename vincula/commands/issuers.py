"""``vincula emisores``: the operator registers the issuers whose signed credentials are trusted."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from schemas.enums import Issuer
from streams.ingest.errors import IssuerRegistryError
from streams.ingest.issuers import algorithm_of, load_issuers, register_issuer, remove_issuer
from vincula.settings import Settings


def register(commands: Any) -> None:
    """Add the ``emisores`` command group."""
    parser = commands.add_parser(
        "emisores", help="emisores de confianza de credenciales firmadas (Open Badges 3.0)"
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACCIÓN")

    add = actions.add_parser(
        "agregar", help="registrar un emisor y sus claves públicas, o añadirle claves"
    )
    add.add_argument("issuer_id", metavar="ID", help="emisor como lo nombra la credencial (iss)")
    add.add_argument("--nombre", required=True, help="nombre que ven las explicaciones: «IBM»")
    add.add_argument(
        "--clave",
        type=Path,
        action="append",
        required=True,
        metavar="ARCHIVO",
        help='JWK pública (Ed25519 o P-256) o JWKS {"keys": […]}; se puede repetir',
    )
    add.add_argument(
        "--emisor",
        choices=[issuer.value for issuer in Issuer],
        default=None,
        help="valor de emisor de Vincula que le corresponde, si hay uno",
    )
    add.set_defaults(run=add_command)

    listing = actions.add_parser("listar", help="listar los emisores registrados y sus claves")
    listing.set_defaults(run=list_command)

    remove = actions.add_parser(
        "quitar", help="quitar un emisor: sus firmas dejan de verificarse en las cargas"
    )
    remove.add_argument("issuer_id", metavar="ID")
    remove.set_defaults(run=remove_command)


def read_keys(path: Path) -> list[dict[str, Any]]:
    """The public JWKs in a file: one JWK, or a JWKS with ``keys``."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IssuerRegistryError(f"no se pudo leer la clave {path}: {error}") from None
    found = document.get("keys", [document]) if isinstance(document, dict) else None
    if not isinstance(found, list) or not all(isinstance(key, dict) for key in found):
        raise IssuerRegistryError(f"{path} no contiene una JWK ni un JWKS")
    return found


def add_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Register an issuer, or add keys to one already registered."""
    keys = [key for path in arguments.clave for key in read_keys(path)]
    path = settings.issuer_registry_path
    trusted = register_issuer(
        path,
        issuer_id=arguments.issuer_id,
        name=arguments.nombre,
        keys=keys,
        issuer=None if arguments.emisor is None else Issuer(arguments.emisor),
    )
    sys.stdout.write(
        f"emisor {trusted.issuer_id} ({trusted.name}) registrado con "
        f"{len(trusted.keys)} clave(s) en {path}\n"
    )
    return 0


def list_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Print every registered issuer with its keys (kid and algorithm)."""
    registry = load_issuers(settings.issuer_registry_path)
    if not registry.issuers:
        sys.stdout.write("no hay emisores registrados\n")
        return 0
    for trusted in registry.listed():
        value = "-" if trusted.issuer is None else trusted.issuer.value
        keys = ", ".join(f"{jwk.get('kid', '-')} ({algorithm_of(jwk)})" for jwk in trusted.keys)
        sys.stdout.write(f"{trusted.issuer_id}  {trusted.name}  emisor: {value}  claves: {keys}\n")
    return 0


def remove_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Remove an issuer from the registry."""
    remove_issuer(settings.issuer_registry_path, arguments.issuer_id)
    sys.stdout.write(f"emisor {arguments.issuer_id} quitado\n")
    return 0
