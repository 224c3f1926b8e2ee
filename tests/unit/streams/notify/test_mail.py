"""E-mail messages and the mapping of SMTP errors to retry or not."""

from __future__ import annotations

import smtplib

import pytest

from streams.notify.errors import PermanentDeliveryError, TransientDeliveryError
from streams.notify.mail import build_message, classify_smtp_error
from streams.notify.templates import RenderedEmail

RENDERED = RenderedEmail(
    subject="Tenemos una vacante para ti", text="Hola, Ana:\n", html="<p>x</p>"
)


def test_message_has_both_parts_and_a_stable_message_id() -> None:
    message = build_message(
        RENDERED,
        sender="Vincula <no-responder@vincula.mx>",
        recipient="ana@example.com",
        recipient_name="Ana López",
        message_key="1234",
    )
    again = build_message(
        RENDERED,
        sender="Vincula <no-responder@vincula.mx>",
        recipient="ana@example.com",
        recipient_name="Ana López",
        message_key="1234",
    )
    assert message["Message-ID"] == again["Message-ID"] == "<1234@vincula.mx>"
    assert "ana@example.com" in str(message["To"])
    types = [part.get_content_type() for part in message.iter_parts()]
    assert types == ["text/plain", "text/html"]
    assert message["Subject"] == "Tenemos una vacante para ti"


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (smtplib.SMTPDataError(451, b"try later"), TransientDeliveryError),
        (smtplib.SMTPSenderRefused(421, b"busy", "x@y.mx"), TransientDeliveryError),
        (smtplib.SMTPDataError(554, b"rejected"), PermanentDeliveryError),
        (smtplib.SMTPAuthenticationError(535, b"bad"), PermanentDeliveryError),
        (smtplib.SMTPRecipientsRefused({"a@b.mx": (450, b"mailbox busy")}), TransientDeliveryError),
        (smtplib.SMTPRecipientsRefused({"a@b.mx": (550, b"no such user")}), PermanentDeliveryError),
        (smtplib.SMTPServerDisconnected("gone"), TransientDeliveryError),
        (ConnectionRefusedError(), TransientDeliveryError),
        (TimeoutError(), TransientDeliveryError),
        (smtplib.SMTPNotSupportedError(), PermanentDeliveryError),
    ],
)
def test_smtp_errors_are_classified_by_code(error: Exception, kind: type[Exception]) -> None:
    classified = classify_smtp_error(error)
    assert isinstance(classified, kind)


def test_details_never_repeat_the_server_text() -> None:
    # Servers quote the address in their replies; only the code may be kept.
    error = smtplib.SMTPRecipientsRefused({"ana@example.com": (550, b"<ana@example.com> unknown")})
    assert "@" not in classify_smtp_error(error).detail
    data = smtplib.SMTPDataError(554, b"ana@example.com spam")
    assert "@" not in classify_smtp_error(data).detail


def test_header_injection_is_refused_and_names_are_flattened() -> None:
    with pytest.raises(ValueError):
        build_message(
            RENDERED,
            sender="Vincula <no-responder@vincula.mx>",
            recipient="ana@example.com\r\nBcc: otro@example.com",
            recipient_name="Ana",
            message_key="k",
        )
    message = build_message(
        RENDERED,
        sender="Vincula <no-responder@vincula.mx>",
        recipient="ana@example.com",
        recipient_name="Ana\nBcc: otro@example.com",
        message_key="k",
    )
    assert message["Bcc"] is None
    assert "\n" not in str(message["To"])
