"""``vincula up``: the whole platform on this machine until Ctrl-C.

PostgreSQL (``DATABASE_URL``, or the embedded server), Kafka
(``VINCULA_KAFKA_BOOTSTRAP``, or a local broker), N stream workers, a mail
catcher whose inbox is a page, and the API with its pages. Everything lives
in the state folder, so the next ``vincula up`` continues with the same
topics, database, credentials and e-mails. Ctrl-C (or SIGTERM) stops what
this run started, in reverse order: API, workers, mail, broker, PostgreSQL.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from pydantic import SecretStr

from streams.admin import ensure_topics
from vincula.demo.inbox import INBOX_PATH, inbox_router
from vincula.demo.mailbox import Mailbox
from vincula.errors import ConfigurationError
from vincula.health import check_platform
from vincula.local.api_server import ApiServer
from vincula.local.credentials import SignIn, graduate_profile_link, local_sign_ins
from vincula.local.platform import open_broker, open_database, start_workers
from vincula.local.ports import port_in_use
from vincula.local.stack import WorkerProcess
from vincula.settings import Environment, Settings
from vincula.synthetic.vacancies import generate_vacancies

UP_FOLDER = "up"
DEFAULT_PORT = 8000
DEFAULT_WORKERS = 2
STEPS = 5


def register(commands: Any) -> None:
    """Add the ``up`` command."""
    parser = commands.add_parser(
        "up", help="arrancar la plataforma completa en esta máquina hasta Ctrl-C"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"puerto de la API ({DEFAULT_PORT})"
    )
    parser.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS, help=f"procesos worker ({DEFAULT_WORKERS})"
    )
    parser.set_defaults(run=up_command)


def _say(out: TextIO, text: str = "") -> None:
    out.write(text + "\n")
    out.flush()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextmanager
def _interruptible() -> Iterator[None]:
    """Ctrl-C and SIGTERM end the run (when this is the main thread).

    SIGINT is set explicitly: a shell without job control starts background
    commands with it ignored, and Python then never raises KeyboardInterrupt.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {
        number: signal.signal(number, _interrupt) for number in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _ignore_interrupts() -> None:
    """A second Ctrl-C must not cut the shutdown short and leave processes behind."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def check_arguments(arguments: argparse.Namespace, settings: Settings) -> None:
    """Refuse production settings, a bad port or worker count, and a port in use."""
    if settings.environment is Environment.PRODUCTION:
        raise ConfigurationError(
            "vincula up es para desarrollo (servidor de correo local, credenciales en el "
            "directorio de estado); en producción use docker-compose.yml (deploy/README.md)"
        )
    if not 1 <= arguments.port <= 65535:
        raise ConfigurationError("--port debe estar entre 1 y 65535")
    if arguments.workers < 0:
        raise ConfigurationError("--workers no puede ser negativo")
    if port_in_use(arguments.port):
        raise ConfigurationError(f"el puerto {arguments.port} está ocupado; elija otro con --port")


def up_command(arguments: argparse.Namespace, settings: Settings, out: TextIO | None = None) -> int:
    """Start everything, print where and how to sign in, and run until interrupted."""
    out = out or sys.stdout
    check_arguments(arguments, settings)
    return run_local(settings, out, lambda stack: _run(stack, arguments, settings, out))


def run_local(settings: Settings, out: TextIO, body: Callable[[ExitStack], None]) -> int:
    """Run ``body`` until it returns or Ctrl-C/SIGTERM, then stop all it started, in reverse."""
    stack = ExitStack()
    try:
        with _interruptible():
            body(stack)
    except KeyboardInterrupt:
        pass
    finally:
        _ignore_interrupts()
        _say(out, "Deteniendo la API, los workers, el correo, Kafka y PostgreSQL…")
        stack.close()
    _say(out, f"Todo detenido. El estado queda en {settings.state_dir} para el próximo arranque.")
    return 0


@dataclass(frozen=True)
class LocalPlatform:
    """What a local start gives: the addresses, the settings pointed at it, and its parts."""

    api_url: str
    database_url: str
    settings: Settings
    mailbox: Mailbox
    workers: list[WorkerProcess]
    sign_ins: list[SignIn]
    folder: Path


def start_platform(
    stack: ExitStack,
    settings: Settings,
    *,
    port: int,
    workers: int,
    out: TextIO,
    updates: dict[str, Any] | None = None,
) -> LocalPlatform:
    """Start in order (each stop is registered first) and return what is running.

    ``updates`` are settings the caller needs on top (the season checks follow-ups often).
    """
    folder = settings.state_dir / UP_FOLDER
    # Links in e-mails point at the API this run serves, unless configured otherwise.
    if "public_base_url" not in settings.model_fields_set:
        settings = settings.model_copy(update={"public_base_url": f"http://127.0.0.1:{port}"})
    _say(out, f"1/{STEPS} PostgreSQL…")
    url, database = open_database(stack, settings)
    _say(out, f"      {database.describe()}")
    _say(out, f"2/{STEPS} Kafka…")
    broker = open_broker(stack, settings)
    _say(out, f"      {broker.describe()}")
    mailbox = stack.enter_context(Mailbox.running(folder / "correo"))
    configured = settings.model_copy(
        update={
            "kafka_bootstrap": broker.address,
            "database_url": SecretStr(url),
            "smtp_host": "127.0.0.1",
            "smtp_port": mailbox.port,
            **(updates or {}),
        }
    )
    ensure_topics(configured)
    plural = "proceso worker" if workers == 1 else "procesos worker"
    _say(out, f"3/{STEPS} {workers} {plural} (registros en {folder / 'workers'})…")
    running = start_workers(stack, configured, folder / "workers", workers)
    _say(out, f"4/{STEPS} Credenciales de acceso…")
    now = datetime.now(UTC)
    employer = generate_vacancies(1, seed=2026, reference_data_dir=settings.reference_data_dir)[0]
    sign_ins = local_sign_ins(
        url, configured, folder=folder, employer_id=employer.employer_id, now=now
    )
    _say(out, f"5/{STEPS} API y páginas…")
    from vincula.api import create_api

    app = create_api(configured)
    app.include_router(inbox_router(mailbox))
    api = ApiServer(app, port=port)
    stack.callback(api.stop)
    api.start()
    return LocalPlatform(api.url, url, configured, mailbox, running, sign_ins, folder)


def print_platform(platform: LocalPlatform, out: TextIO) -> None:
    """Where everything is, how to sign in, and the health summary."""
    now = datetime.now(UTC)
    profile_link = graduate_profile_link(platform.database_url, platform.settings, now=now)
    _summary(
        out,
        platform.api_url,
        platform.mailbox,
        platform.sign_ins,
        profile_link,
        platform.settings.state_dir,
    )
    _say(out, "Salud (también en " + platform.api_url + "/health):")
    health = check_platform(platform.settings, database_url=platform.database_url)
    for line in health.lines():
        _say(out, f"  {line}")


def _run(stack: ExitStack, arguments: argparse.Namespace, settings: Settings, out: TextIO) -> None:
    """Start, print the summary, wait."""
    platform = start_platform(
        stack, settings, port=arguments.port, workers=arguments.workers, out=out
    )
    print_platform(platform, out)
    _say(out, "Ctrl-C detiene todo.")
    wait_until_interrupted(platform.workers, out)


def _summary(
    out: TextIO,
    base: str,
    mailbox: Mailbox,
    sign_ins: list[SignIn],
    profile_link: str | None,
    state_dir: Path,
) -> None:
    """Where everything is, and how each kind of user gets in."""
    _say(out)
    _say(out, "Vincula está en marcha.")
    _say(out, f"  Páginas:        {base}/entrar")
    _say(out, f"  API (OpenAPI):  {base}/docs")
    _say(out, f"  Correo local:   {base}{INBOX_PATH}  (SMTP en {mailbox.address})")
    _say(out, f"  Estado:         {state_dir}")
    _say(out)
    _say(out, f"Para entrar en {base}/entrar, pegue una de estas credenciales:")
    width = max(len(sign_in.label) for sign_in in sign_ins)
    for sign_in in sign_ins:
        _say(out, f"  {sign_in.label:<{width}}  {sign_in.token}")
    _say(out, "  Una persona egresada no usa credencial: pide un enlace en")
    _say(out, f"    {base}/perfil/enlace y lo abre desde el correo local ({base}{INBOX_PATH}).")
    if profile_link is not None:
        _say(out, "    Enlace al perfil de una persona egresada guardada (vale 1 hora):")
        _say(out, f"    {profile_link}")
    _say(out)


def wait_until_interrupted(workers: list[WorkerProcess], out: TextIO) -> None:
    """Sleep until interrupted, saying once if a worker stops on its own."""
    reported: set[int] = set()
    while True:
        time.sleep(1.0)
        for index, worker in enumerate(workers):
            if index not in reported and not worker.alive():
                reported.add(index)
                _say(out, f"Aviso: el worker {index} terminó; vea su registro en {worker.log_file}")
