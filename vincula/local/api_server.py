"""The HTTP API served by uvicorn in a thread of this process, as ``vincula up`` runs it.

The listening socket is bound here first, so a port already taken is an
error with the port's name in it rather than a log line from another thread.
Uvicorn's own logging set-up is skipped (``log_config=None``): its loggers
follow ``vincula.logs``, so access lines appear only with ``-v``.
"""

from __future__ import annotations

import socket
import threading
import time

import uvicorn
from fastapi import FastAPI

from vincula.errors import ConfigurationError, ServiceUnavailableError


class ApiServer:
    """``app`` on ``host:port`` until ``stop``."""

    def __init__(self, app: FastAPI, *, port: int, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = port
        self._server = uvicorn.Server(
            uvicorn.Config(app, host=host, port=port, log_config=None, lifespan="on")
        )
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def url(self) -> str:
        """The address people open."""
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        """Bind, serve in a thread and return once the app has started."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind((self.host, self.port))
        except OSError as error:
            listener.close()
            raise ConfigurationError(
                f"el puerto {self.port} de {self.host} está ocupado ({error.strerror}); "
                "elija otro con --port"
            ) from error
        self._socket = listener
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [listener]}, name="vincula-api"
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise ServiceUnavailableError(f"la API no arrancó en {self.url}")
            time.sleep(0.05)

    def stop(self, timeout: float = 15.0) -> None:
        """Finish the requests in flight, run the app's shutdown and close the socket."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._server.should_exit = True
            thread.join(timeout)
            if thread.is_alive():
                self._server.force_exit = True
                thread.join(timeout)
        listener, self._socket = self._socket, None
        if listener is not None:
            listener.close()
