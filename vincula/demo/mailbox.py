"""A local SMTP server that keeps the e-mails workers send, so the demo and ``up`` can show them.

Given a folder, every message is also written there as an ``.eml`` file and
the folder's messages are read back at start, so the inbox of ``vincula up``
survives a restart.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from vincula.local.ports import free_port

RECEIVED_HEADER = "X-Recibido"


def parse_message(raw: bytes) -> EmailMessage | None:
    """An e-mail parsed with the modern policy, or None if it is not one."""
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    return parsed if isinstance(parsed, EmailMessage) else None


@dataclass
class Mailbox:
    """Messages received by the loopback SMTP server, oldest first."""

    port: int
    folder: Path | None = None
    messages: list[EmailMessage] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """aiosmtpd hook: keep the message (and store it, when there is a folder)."""
        # Notifications carry no Date header: the catcher records when it received each one.
        received = email.utils.format_datetime(datetime.now(UTC))
        raw: bytes = f"{RECEIVED_HEADER}: {received}\r\n".encode() + envelope.content
        parsed = parse_message(raw)
        if parsed is None:
            return "250 OK"
        with self._lock:
            if self.folder is not None:
                # Sortable names: the listing reads back in arrival order.
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
                (self.folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml").write_bytes(raw)
            self.messages.append(parsed)
        return "250 OK"

    def snapshot(self) -> list[EmailMessage]:
        """The messages received so far, oldest first."""
        with self._lock:
            return list(self.messages)

    def load(self) -> None:
        """Read the messages stored in ``folder`` by earlier runs."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        stored = [parse_message(path.read_bytes()) for path in sorted(self.folder.glob("*.eml"))]
        with self._lock:
            self.messages[:0] = [message for message in stored if message is not None]

    @property
    def address(self) -> str:
        """``host:port`` of the SMTP server."""
        return f"127.0.0.1:{self.port}"

    @classmethod
    @contextmanager
    def running(cls, folder: Path | None = None) -> Iterator[Mailbox]:
        """Serve on a free loopback port for the duration of the block."""
        mailbox = cls(port=free_port(), folder=folder)
        mailbox.load()
        controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
        controller.start()
        try:
            yield mailbox
        finally:
            controller.stop()
