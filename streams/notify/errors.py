"""Errors of the notification package, one class per way a delivery can fail."""

from __future__ import annotations

from streams.errors import StreamsError


class NotifyError(StreamsError):
    """Base class for notification errors."""


class TemplateError(NotifyError):
    """A template is unknown or its parameters are incomplete; retrying cannot help."""


class DeliveryError(NotifyError):
    """A send attempt failed; ``detail`` is short and carries no personal data."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class TransientDeliveryError(DeliveryError):
    """The attempt may succeed later (SMTP 4xx, HTTP 5xx, timeouts, refused connections)."""


class PermanentDeliveryError(DeliveryError):
    """The attempt will fail the same way again (SMTP 5xx, HTTP 4xx, no address)."""
