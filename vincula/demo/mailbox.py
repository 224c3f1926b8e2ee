"""A local SMTP server that keeps the e-mails workers send, so the demo can show them."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from vincula.local.ports import free_port


@dataclass
class Mailbox:
    """Messages received by the loopback SMTP server."""

    port: int
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """aiosmtpd hook: keep the message."""
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        if isinstance(parsed, EmailMessage):
            self.messages.append(parsed)
        return "250 OK"

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[Mailbox]:
        """Serve on a free loopback port for the duration of the block."""
        mailbox = cls(port=free_port())
        controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
        controller.start()
        try:
            yield mailbox
        finally:
            controller.stop()
