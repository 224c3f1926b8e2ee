"""A loopback HTTP endpoint that plays the employers' shortlist webhook in the demo."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class WebhookInbox:
    """Shortlist updates received, with their signature headers."""

    url: str
    received: list[tuple[dict[str, object], dict[str, str]]] = field(default_factory=list)

    @property
    def address(self) -> str:
        """``host:port`` of the endpoint, as the webhook allow-list names it."""
        return self.url.split("/")[2]

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[WebhookInbox]:
        """Serve on a free loopback port for the duration of the block."""
        inbox: WebhookInbox | None = None

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                assert inbox is not None
                inbox.received.append((body, dict(self.headers.items())))
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                return  # keep the demo's output clean

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        inbox = cls(url=f"http://127.0.0.1:{server.server_address[1]}/preseleccion")
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield inbox
        finally:
            server.shutdown()
            server.server_close()
