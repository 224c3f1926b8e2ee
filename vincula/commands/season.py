"""``vincula season``: start the platform, run a seeded hiring season in it, keep serving.

The platform starts as ``vincula up`` starts it (same state folder, same
sign-ins). The season is planned from ``--seed`` and ``--graduates``
(:mod:`vincula.season.plan`) and fed through the public API and the pages
(:mod:`vincula.season.runner`); at the end a table per programme, the
throughput and the addresses are printed, and the pages keep serving until
Ctrl-C, or the command returns at once with ``--stop-after``.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from typing import Any, TextIO

import psycopg

from models.api_tokens import TokenRole
from models.reports import season_by_programme
from vincula.auth.tokens import Scope, issue_token
from vincula.commands.up import (
    DEFAULT_PORT,
    DEFAULT_WORKERS,
    check_arguments,
    print_platform,
    run_local,
    start_platform,
    wait_until_interrupted,
)
from vincula.errors import ConfigurationError
from vincula.season import summary
from vincula.season.client import PlatformClient
from vincula.season.issuers import register_vendors
from vincula.season.plan import DEFAULT_GRADUATES, Season, plan_season
from vincula.season.runner import Credentials, Inbox, SeasonRunner
from vincula.settings import Settings
from vincula.synthetic.programmes import PROGRAMMES

SEASON_FOLDER = "temporada"
TOKEN_LIFETIME = timedelta(days=30)
TOKEN_LABEL = "vincula season (desarrollo local)"
# The season's follow-ups come due all at once; the leader looks for them this often.
FOLLOW_UP_CHECK_SECONDS = 2.0
# Every simulated person calls from this machine's one address, so the per-address limits of
# the season's own platform are those of a crowd (per-link and per-credential limits remain).
SEASON_RATE_LIMITS = {"rate_limit": "20000/minute", "rate_limit_strict": "20000/minute"}


def register(commands: Any) -> None:
    """Add the ``season`` command."""
    parser = commands.add_parser(
        "season",
        help="arrancar la plataforma, simular una temporada de contratación y seguir sirviendo",
    )
    parser.add_argument(
        "--graduates",
        type=int,
        default=DEFAULT_GRADUATES,
        help=f"personas egresadas en todas las cohortes ({DEFAULT_GRADUATES})",
    )
    parser.add_argument("--seed", type=int, default=2026, help="semilla de la temporada (2026)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"puerto de la API ({DEFAULT_PORT})"
    )
    parser.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS, help=f"procesos worker ({DEFAULT_WORKERS})"
    )
    parser.add_argument(
        "--stop-after",
        action="store_true",
        help="detener todo al terminar la temporada en lugar de seguir sirviendo las páginas",
    )
    parser.set_defaults(run=season_command)


def _say(out: TextIO, text: str = "") -> None:
    out.write(text + "\n")
    out.flush()


def season_command(
    arguments: argparse.Namespace, settings: Settings, out: TextIO | None = None
) -> int:
    """Start the platform, run the season, print its summary, then serve until interrupted."""
    out = out or sys.stdout
    check_arguments(arguments, settings)
    if arguments.workers < 1:
        raise ConfigurationError("una temporada necesita al menos un worker (--workers 1)")
    if arguments.graduates < len(PROGRAMMES):
        raise ConfigurationError(
            f"--graduates debe ser al menos {len(PROGRAMMES)}: una persona por programa"
        )
    return run_local(settings, out, lambda stack: _season(stack, arguments, settings, out))


def season_credentials(
    database_url: str, settings: Settings, season: Season, employers: set[str]
) -> Credentials:
    """A credential for every programme's issuer and every employer of the season.

    Issued as an operator does (``vincula tokens create``); each party then uses
    only its own, through the API.
    """
    key = settings.token_hash_key.get_secret_value().encode()
    now = datetime.now(UTC)
    issuers = sorted({release.programme.issuer.value for release in season.cohorts})

    def issue(connection: psycopg.Connection[Any], scope: Scope) -> str:
        return issue_token(
            connection, key=key, scope=scope, now=now, lifetime=TOKEN_LIFETIME, label=TOKEN_LABEL
        ).token

    with psycopg.connect(database_url) as connection:
        programmes = {
            i: issue(connection, Scope(TokenRole.PROGRAMME, programme=i)) for i in issuers
        }
        by_employer = {
            e: issue(connection, Scope(TokenRole.EMPLOYER, employer_id=e))
            for e in sorted(employers)
        }
    return Credentials(programmes=programmes, employers=by_employer)


def _season(
    stack: ExitStack, arguments: argparse.Namespace, settings: Settings, out: TextIO
) -> None:
    wanted: dict[str, Any] = {
        "follow_up_check_seconds": FOLLOW_UP_CHECK_SECONDS,
        **SEASON_RATE_LIMITS,
    }
    updates = {k: v for k, v in wanted.items() if k not in settings.model_fields_set}
    platform = start_platform(
        stack, settings, port=arguments.port, workers=arguments.workers, out=out, updates=updates
    )
    season = plan_season(
        seed=arguments.seed, graduates=arguments.graduates, today=datetime.now(UTC)
    )
    _say(out)
    _say(
        out,
        f"Temporada {season.starts:%m/%Y}–{season.ends:%m/%Y} (semilla {season.seed}): "
        f"{season.graduates} personas egresadas de {len(season.cohorts)} programas, "
        f"{season.vacancies} vacantes.",
    )
    work_dir = platform.folder / SEASON_FOLDER / f"semilla-{season.seed}"
    work_dir.mkdir(parents=True, exist_ok=True)
    client = stack.enter_context(PlatformClient(platform.api_url))
    runner = SeasonRunner(
        season,
        client=client,
        credentials=Credentials(programmes={}, employers={}),
        inbox=Inbox(platform.mailbox.snapshot),
        database_url=platform.database_url,
        work_dir=work_dir,
        reference_data_dir=settings.reference_data_dir,
        out=out,
        signers=register_vendors(platform.settings.issuer_registry_path),
    )
    employers = {vacancy.employer_id for vacancy in runner.vacancies()}
    runner.credentials = season_credentials(
        platform.database_url, platform.settings, season, employers
    )
    runner.run()
    with psycopg.connect(platform.database_url) as connection:
        rows = season_by_programme(connection)
    _say(out)
    _say(out, "Resumen de la temporada por programa (datos de la base, sin supresión):")
    summary.render(rows, out)
    rate = runner.throughput
    _say(
        out,
        f"Rendimiento: {rate.events} certificaciones procesadas en {rate.seconds:.0f} s "
        f"({rate.per_second:.1f} por segundo, {arguments.workers} workers).",
    )
    _say(out, f"Archivos de las cohortes: {work_dir}")
    _say(out)
    print_platform(platform, out)
    _say(out, f"Tablero de la Secretaría: {platform.api_url}/tablero (entre como Secretaría)")
    if arguments.stop_after:
        return
    _say(out, "Las páginas siguen en servicio. Ctrl-C detiene todo.")
    wait_until_interrupted(platform.workers, out)
