"""``vincula``: the operator's command line."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

from vincula.errors import VinculaError
from vincula.logs import configure as configure_logs
from vincula.settings import Settings, load_settings

Command = Callable[[argparse.Namespace, Settings], int]


def build_parser() -> argparse.ArgumentParser:
    """Every subcommand, with its help text."""
    from vincula.commands import (
        database,
        dead_letters,
        demo,
        ingest,
        kafka,
        matching,
        replay,
        worker,
    )

    parser = argparse.ArgumentParser(
        prog="vincula",
        description="Vincula: matching certified graduates with vacancies in Mexico.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log at DEBUG level")
    parser.add_argument(
        "--log-format",
        choices=["text", "json"],
        default=os.environ.get("VINCULA_LOG_FORMAT", "text"),
        help="text for people, json (one object per line) for log collectors",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (kafka, database, worker, demo, ingest, dead_letters, replay, matching):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, load settings once and run the chosen command."""
    parser = build_parser()
    arguments = parser.parse_args(argv)
    configure_logs(
        level=logging.DEBUG if arguments.verbose else logging.INFO,
        json_lines=arguments.log_format == "json",
    )
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
