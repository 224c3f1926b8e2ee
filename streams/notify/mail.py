"""E-mail delivery: an ``EmailSender`` Protocol and its SMTP implementation.

``smtplib`` blocks, so each send runs in a thread; the event loop keeps
serving other partitions meanwhile. SMTP reply codes decide whether a
failure is worth retrying (4xx) or not (5xx).
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from typing import Protocol

from streams.notify.errors import PermanentDeliveryError, TransientDeliveryError
from streams.notify.templates import RenderedEmail


class EmailSender(Protocol):
    """Sends one finished message; raises a ``DeliveryError`` subclass when it cannot."""

    async def send(self, message: EmailMessage) -> None: ...


def build_message(
    rendered: RenderedEmail,
    *,
    sender: str,
    recipient: str,
    recipient_name: str,
    message_key: str,
    domain: str = "vincula.mx",
) -> EmailMessage:
    """A multipart (plain text and HTML) message with a Message-ID derived from ``message_key``.

    The Message-ID is stable for one notification, so a copy sent again
    after a crash can be recognised as the same message by mail systems.
    """
    message = EmailMessage()
    message["Subject"] = rendered.subject
    message["From"] = sender
    name = " ".join(recipient_name.split())
    message["To"] = formataddr((name, recipient)) if name else recipient
    message["Message-ID"] = f"<{message_key}@{domain}>"
    message["Content-Language"] = "es-MX"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message


def classify_smtp_error(error: Exception) -> TransientDeliveryError | PermanentDeliveryError:
    """Map an ``smtplib`` or socket error to a retryable or final failure, without personal data."""
    # Server texts often quote the address, so only the code is kept.
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        if codes and all(400 <= code < 500 for code in codes):
            return TransientDeliveryError(f"destinatario aplazado (SMTP {codes[0]})")
        return PermanentDeliveryError(f"destinatario rechazado (SMTP {codes[0] if codes else '?'})")
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return PermanentDeliveryError("el servidor SMTP no admite lo solicitado (STARTTLS o AUTH)")
    if isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
        if 400 <= code < 500:
            return TransientDeliveryError(f"SMTP {code}")
        return PermanentDeliveryError(f"SMTP {code}")
    if isinstance(error, smtplib.SMTPServerDisconnected | ConnectionError | TimeoutError):
        return TransientDeliveryError("conexión SMTP interrumpida")
    if isinstance(error, OSError):
        return TransientDeliveryError("no se pudo conectar con el servidor SMTP")
    if isinstance(error, smtplib.SMTPException):
        return PermanentDeliveryError(f"error SMTP ({type(error).__name__})")
    return PermanentDeliveryError(f"error inesperado al enviar ({type(error).__name__})")


@dataclass(frozen=True)
class SmtpEmailSender:
    """Sends through an SMTP server, optionally upgrading to TLS and authenticating."""

    host: str
    port: int
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout_seconds: float = 10.0

    def _send_blocking(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout_seconds) as client:
            client.ehlo()
            if self.starttls:
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if self.username is not None and self.password is not None:
                client.login(self.username, self.password)
            client.send_message(message)

    async def send(self, message: EmailMessage) -> None:
        """Send ``message``; raise a transient or permanent ``DeliveryError`` on failure."""
        try:
            await asyncio.to_thread(self._send_blocking, message)
        except Exception as error:
            raise classify_smtp_error(error) from error
