"""``vincula reference build``: rebuild the ESCO/O*NET snapshot from the official downloads."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from matching.reference import default_snapshot_dir
from matching.reference_build import build_snapshot
from vincula.settings import Settings


def register(commands: Any) -> None:
    """Add the ``reference`` command group."""
    parser = commands.add_parser(
        "reference", help="instantánea de datos de referencia ESCO y O*NET"
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACCIÓN")
    build = actions.add_parser(
        "build",
        help="reconstruye la instantánea a partir de las descargas oficiales",
        description="Lee las descargas oficiales de ESCO (v1.2-es, v1.0-es, v1.1.1-en) y "
        "O*NET 29.3 con su estructura de carpetas original (esco/…, onet/…) y escribe la "
        "instantánea compacta, su manifest.json y ATTRIBUTION.md. Las mismas descargas "
        "dan siempre archivos idénticos byte a byte.",
    )
    build.add_argument(
        "--source",
        type=Path,
        required=True,
        metavar="DIR",
        help="carpeta con esco/ y onet/ tal como se descargan",
    )
    build.add_argument(
        "--output",
        type=Path,
        default=default_snapshot_dir(),
        metavar="DIR",
        help="carpeta de destino (por omisión, la instantánea empaquetada: %(default)s)",
    )
    build.set_defaults(run=build_command)


def build_command(
    arguments: argparse.Namespace, settings: Settings, *, out: TextIO | None = None
) -> int:
    """Write the snapshot and print each file with its rows and SHA-256."""
    manifest = build_snapshot(arguments.source, arguments.output)
    stream = out or sys.stdout
    stream.write(
        f"Instantánea {manifest['snapshot_version']} en {arguments.output} "
        f"(ESCO {', '.join(manifest['sources']['esco'])}; O*NET {manifest['sources']['onet']}):\n"
    )
    for name, entry in manifest["files"].items():
        stream.write(f"  {name}: {entry['rows']} filas, sha256 {entry['sha256'][:16]}…\n")
    return 0
