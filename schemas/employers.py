"""Events about employers' own settings: the endpoint their webhooks go to.

An employer registers one endpoint for all its vacancies. The events carry
the secret's *version*, never the secret: the workers derive each version's
secret from their own key, so rotating it is a new event and the log holds
nothing an attacker could sign with.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, HttpUrl

from schemas.base import BaseEvent, EmployerId, EventTime


class WebhookEndpointRegistered(BaseEvent):
    """An employer's webhook endpoint, verified by a handshake, and its current secret version.

    While ``previous_secret_valid_until`` lies ahead, deliveries are signed
    with the previous secret as well, so a receiver can switch without loss.
    """

    event_type: Literal["WebhookEndpointRegistered"] = "WebhookEndpointRegistered"
    employer_id: EmployerId
    url: HttpUrl
    secret_version: Annotated[int, Field(ge=1)]
    previous_secret_valid_until: EventTime | None = None
    verified_at: EventTime


class WebhookEndpointRemoved(BaseEvent):
    """An employer stopped receiving webhooks; its shortlists stay readable through the API."""

    event_type: Literal["WebhookEndpointRemoved"] = "WebhookEndpointRemoved"
    employer_id: EmployerId
