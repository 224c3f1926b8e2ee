"""A loopback HTTP endpoint that plays the employers' ATS in the demo.

Each employer has its own path (``/empresas/<employer_id>``). The endpoint
answers the registration challenge, and verifies every delivery's Standard
Webhooks signature with the secret its employer was given, as an ATS would.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from streams.notify.webhook import VERIFICATION_TYPE


@dataclass(frozen=True)
class Received:
    """One delivery: the employer it was addressed to, its JSON and whether its signature held."""

    employer_id: str
    body: dict[str, object]
    verified: bool


@dataclass
class WebhookInbox:
    """Deliveries received, by employer; ``secrets`` are what each employer was given."""

    url: str
    secrets: dict[str, str] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)

    @property
    def address(self) -> str:
        """``host:port`` of the endpoint, as the webhook allow-list names it."""
        return self.url.split("/")[2]

    def url_for(self, employer_id: str) -> str:
        """The endpoint an employer registers."""
        return f"{self.url}/empresas/{employer_id}"

    def accept(self, path: str, body: bytes, headers: dict[str, str]) -> bytes:
        """Handle one POST; the answer's body (the echoed challenge for a handshake)."""
        employer_id = path.rstrip("/").rsplit("/", 1)[-1]
        secret = self.secrets.get(employer_id)
        try:
            payload = Webhook(secret).verify(body, headers) if secret else json.loads(body)
            verified = secret is not None
        except WebhookVerificationError:
            payload, verified = json.loads(body), False
        if isinstance(payload, dict) and payload.get("type") == VERIFICATION_TYPE:
            return json.dumps({"challenge": payload.get("challenge")}).encode()
        self.received.append(Received(employer_id, payload, verified))
        return b""

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[WebhookInbox]:
        """Serve on a free loopback port for the duration of the block."""
        inbox: WebhookInbox | None = None

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                assert inbox is not None
                answer = inbox.accept(self.path, self.rfile.read(length), dict(self.headers))
                self.send_response(200 if answer else 204)
                if answer:
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: object) -> None:
                return  # keep the demo's output clean

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        inbox = cls(url=f"http://127.0.0.1:{server.server_address[1]}")
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield inbox
        finally:
            server.shutdown()
            server.server_close()
