"""``vincula dlq``: list, inspect and re-publish dead letters."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from typing import Any, TextIO

from models.dead_letters import PostgresRepublishLog
from streams.dead_letters import (
    DeadLetter,
    DeadLetterError,
    Republished,
    describe,
    parse_position,
    read_dead_letters,
    republish,
    resolve_dead_letter_topics,
    select,
)
from streams.producer import EventProducer
from streams.topics import Topics
from vincula.local.postgres import database_url
from vincula.settings import Settings

COLUMNS = ("tema dlq", "posición", "origen", "excepción", "motivo")
_REASON_WIDTH = 70


def register(commands: Any) -> None:
    """Add the ``dlq`` command group."""
    parser = commands.add_parser("dlq", help="cartas muertas (<tema>.dlq)")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACCIÓN")
    listing = actions.add_parser("list", help="listar las cartas muertas")
    listing.add_argument("--topic", default=None, help="solo este tema (p. ej. graduations)")
    listing.set_defaults(run=list_command)

    show = actions.add_parser("show", help="encabezados y contenido de una carta muerta")
    show.add_argument("topic", help="tema (graduations, vacancies.v1, <ns>.outcomes.v1.dlq…)")
    show.add_argument("position", help="OFFSET o PARTICIÓN:OFFSET")
    show.set_defaults(run=show_command)

    again = actions.add_parser(
        "republish", help="reenviar al tema de origen tras una corrección (una sola vez)"
    )
    again.add_argument("topic", help="tema (graduations, vacancies.v1, <ns>.outcomes.v1.dlq…)")
    again.add_argument("position", nargs="?", help="OFFSET o PARTICIÓN:OFFSET")
    again.add_argument("--all", action="store_true", help="todas las cartas de ese tema")
    again.set_defaults(run=republish_command)


def format_table(letters: Sequence[DeadLetter]) -> str:
    """A plain-text table of dead letters, one per line."""
    rows = [
        (
            letter.topic,
            letter.position,
            letter.source,
            letter.exception,
            _shorten(" ".join(letter.reason.split())),
        )
        for letter in letters
    ]
    widths = [max(len(str(row[i])) for row in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [COLUMNS, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _shorten(text: str) -> str:
    return text if len(text) <= _REASON_WIDTH else text[: _REASON_WIDTH - 1] + "…"


def list_command(
    arguments: argparse.Namespace, settings: Settings, out: TextIO | None = None
) -> int:
    """Print every dead letter as a table."""
    stream = out or sys.stdout
    letters = read_dead_letters(settings, arguments.topic)
    if not letters:
        stream.write("No hay cartas muertas.\n")
        return 0
    stream.write(format_table(letters))
    stream.write(f"{len(letters)} cartas muertas\n")
    return 0


def show_command(
    arguments: argparse.Namespace, settings: Settings, out: TextIO | None = None
) -> int:
    """Print one dead letter's headers and payload."""
    partition, offset = parse_position(arguments.position)
    letter = select(read_dead_letters(settings, arguments.topic), partition, offset)
    (out or sys.stdout).write(describe(letter))
    return 0


def republish_letters(
    settings: Settings, topic: str, position: str | None, *, every: bool
) -> list[Republished]:
    """Re-publish one dead letter (or all of a topic) once ever; return what happened."""
    if every == (position is not None):
        raise DeadLetterError("indique una POSICIÓN o --all (no ambas)")
    letters = read_dead_letters(settings, topic)
    if position is not None:
        letters = [select(letters, *parse_position(position))]
    with ExitStack() as stack:
        url = stack.enter_context(database_url(settings))
        log = stack.enter_context(PostgresRepublishLog(url))
        producer = stack.enter_context(EventProducer(settings))
        return list(republish(letters, log=log, sender=producer))


def republish_command(
    arguments: argparse.Namespace, settings: Settings, out: TextIO | None = None
) -> int:
    """Re-send payloads to their source topics; report sent and already-sent letters."""
    resolve_dead_letter_topics(Topics(settings.topic_namespace), arguments.topic)
    results = republish_letters(settings, arguments.topic, arguments.position, every=arguments.all)
    stream = out or sys.stdout
    for result in results:
        verb = "reenviada a" if result.sent else "ya se había reenviado a"
        stream.write(
            f"{result.letter.topic} {result.letter.position}: {verb} {result.letter.source_topic}\n"
        )
    sent = sum(result.sent for result in results)
    stream.write(f"{sent} reenviadas, {len(results) - sent} ya reenviadas antes\n")
    return 0
