"""``vincula api openapi``: the API's contract, as integrators and the access tests read it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from vincula.settings import Settings


def register(commands: Any) -> None:
    """Add the ``api`` command group."""
    parser = commands.add_parser("api", help="la API HTTP")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACCIÓN")
    document = actions.add_parser(
        "openapi", help="imprimir el documento OpenAPI (esquemas de seguridad incluidos)"
    )
    document.add_argument("--output", type=Path, help="escribirlo en este archivo")
    document.set_defaults(run=openapi_command)


def openapi_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Print (or write) the OpenAPI document; nothing is contacted to build it."""
    from vincula.api import create_api

    text = json.dumps(create_api(settings).openapi(), ensure_ascii=False, indent=2) + "\n"
    if arguments.output is None:
        sys.stdout.write(text)
    else:
        arguments.output.write_text(text, encoding="utf-8")
        sys.stdout.write(f"documento OpenAPI escrito en {arguments.output}\n")
    return 0
