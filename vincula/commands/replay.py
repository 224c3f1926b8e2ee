"""``vincula replay``: rebuild the database from offset 0 of every topic."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any, TextIO

from tqdm import tqdm

from models.digest import digest_of
from models.migrate import migrate
from streams.replay import ReplayReport, replay
from vincula.local.postgres import database_url
from vincula.settings import Settings

_SHOWN_FAILURES = 10


def register(commands: Any) -> None:
    """Add the ``replay`` command."""
    parser = commands.add_parser(
        "replay",
        help="reconstruir la base de datos desde el offset 0 de todos los temas",
        description=(
            "Vacía las tablas derivadas de eventos y vuelve a aplicar todos los eventos. "
            "No toca contactos ni solicitudes de borrado (nunca viajan por un tema) y "
            "omite los eventos de personas que pidieron borrar sus datos. "
            "Detenga los workers antes."
        ),
    )
    parser.add_argument("--yes", action="store_true", help="no pedir confirmación")
    parser.add_argument("--no-progress", action="store_true", help="sin barra de progreso")
    parser.set_defaults(run=replay_command)


def summary_es(report: ReplayReport, digest: str) -> str:
    """The final counts, in Spanish."""
    lines = [
        f"Mensajes leídos: {report.read}",
        f"Eventos aplicados: {report.applied}",
        f"Duplicados (mismo event_id): {report.duplicates}",
        f"Omitidos por borrado de datos: {report.erased}",
        f"Ilegibles (ya en cartas muertas): {len(report.undecodable)}",
        f"No aplicables: {len(report.failed)}",
    ]
    lines += [
        f"  {item.topic}[{item.partition}]@{item.offset}: {item.reason}"
        for item in report.failed[:_SHOWN_FAILURES]
    ]
    lines.append(f"Huella SHA-256 del estado: {digest}")
    return "\n".join(lines) + "\n"


def run_replay(settings: Settings, *, progress: bool = True, out: TextIO | None = None) -> str:
    """Rebuild the database and return the digest of the new state."""
    with database_url(settings) as url:
        migrate(url)
        reading = tqdm(desc="lectura", unit=" msj", file=sys.stderr, disable=not progress)
        applying = tqdm(desc="aplicación", unit=" ev", file=sys.stderr, disable=not progress)
        with reading, applying:
            report = asyncio.run(
                replay(
                    settings,
                    url,
                    on_read=lambda: reading.update(),
                    on_event=lambda: applying.update(),
                )
            )
        digest = digest_of(url)
    (out or sys.stdout).write(summary_es(report, digest))
    return digest


def replay_command(arguments: argparse.Namespace, settings: Settings) -> int:
    """Ask for confirmation (unless --yes), then rebuild."""
    if not arguments.yes:
        sys.stderr.write(
            "Se vaciarán las tablas derivadas de eventos de la base de datos y se "
            "reconstruirán desde Kafka. Detenga los workers antes. ¿Continuar? [s/N] "
        )
        sys.stderr.flush()
        if sys.stdin.readline().strip().lower() not in {"s", "si", "sí", "y", "yes"}:
            sys.stderr.write("Cancelado.\n")
            return 1
    run_replay(settings, progress=not arguments.no_progress)
    return 0
