"""``vincula``: the operator's command line."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from vincula.errors import VinculaError
from vincula.logs import configure as configure_logs
from vincula.settings import Settings, load_settings

Command = Callable[[argparse.Namespace, Settings], int]


def build_parser() -> argparse.ArgumentParser:
    """Every subcommand, with its help text."""
    from vincula.commands import (
        api,
        audit,
        database,
        dead_letters,
        demo,
        ingest,
        issuers,
        kafka,
        matching,
        reference,
        replay,
        season,
        tokens,
        up,
        worker,
    )

    parser = argparse.ArgumentParser(
        prog="vincula",
        description="Vincula: vincula a egresados certificados con vacantes en México.",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="registro detallado (DEBUG), también de las bibliotecas",
    )
    parser.add_argument(
        "--log-format",
        choices=["text", "json"],
        default=os.environ.get("VINCULA_LOG_FORMAT", "text"),
        help="text para personas, json (un objeto por línea) para colectores de registros",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMANDO")
    for module in (
        season,
        up,
        kafka,
        database,
        worker,
        demo,
        ingest,
        issuers,
        dead_letters,
        replay,
        matching,
        reference,
        api,
        tokens,
        audit,
    ):
        module.register(commands)
    _in_spanish(parser)
    return parser


class _SpanishHelpFormatter(argparse.HelpFormatter):
    """argparse's help layout with a Spanish "uso:" line."""

    def add_usage(
        self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None
    ) -> None:
        """The usage line, prefixed in Spanish."""
        super().add_usage(usage, actions, groups, "uso: " if prefix is None else prefix)


def _in_spanish(parser: argparse.ArgumentParser) -> None:
    """Give every (sub)parser Spanish section titles and ``-h`` help."""
    parser.formatter_class = _SpanishHelpFormatter
    parser._positionals.title = "argumentos"
    parser._optionals.title = "opciones"
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = "mostrar esta ayuda y salir"
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _in_spanish(child)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, load settings once and run the chosen command."""
    parser = build_parser()
    arguments = parser.parse_args(argv)
    configure_logs(verbose=arguments.verbose, json_lines=arguments.log_format == "json")
    try:
        settings = load_settings()
        run: Command = arguments.run
        return run(arguments, settings)
    except VinculaError as error:
        sys.stderr.write(f"vincula: {error}\n")
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
