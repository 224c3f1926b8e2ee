"""An employer's webhook endpoint: register it once (with a handshake), read, rotate, remove.

The secret is returned on registration and rotation only; Vincula derives it
again when signing and never stores it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from models.webhook_endpoints import WebhookEndpoint, registered_endpoint
from schemas.employers import WebhookEndpointRegistered
from streams.notify.endpoints import UnsafeEndpointError
from streams.notify.errors import DeliveryError
from vincula import webhook_endpoints
from vincula.api.bodies import CALLER_ERRORS, UNAVAILABLE, Accepted, problem
from vincula.api.deps import ConnectionDep, ProducerDep, SettingsDep
from vincula.api.events import publish
from vincula.api.security import Caller, EmployerCaller

router = APIRouter(prefix="/v1/webhook", tags=["empresas"])

NO_ENDPOINT = problem(404, "El empleador no tiene un webhook registrado.")


class EndpointRequest(BaseModel):
    """Where the employer's shortlist and answer webhooks go."""

    model_config = ConfigDict(extra="forbid")

    url: HttpUrl = Field(
        description="URL HTTPS pública del ATS; debe devolver el reto de verificación."
    )


class EndpointView(BaseModel):
    """The registered endpoint, without its secret."""

    url: str
    secret_version: int = Field(description="Versión vigente del secreto de firma.")
    previous_secret_valid_until: datetime | None = Field(
        description="Hasta cuándo se firma también con el secreto anterior (tras una rotación)."
    )
    verified_at: datetime

    @classmethod
    def of(cls, endpoint: WebhookEndpoint) -> EndpointView:
        """The view of a stored endpoint."""
        return cls(
            url=endpoint.url,
            secret_version=endpoint.secret_version,
            previous_secret_valid_until=endpoint.previous_secret_valid_until,
            verified_at=endpoint.verified_at,
        )


class EndpointRegistered(BaseModel):
    """The endpoint was verified and published; the secret is shown here only."""

    event_id: str
    status: Literal["aceptado"] = "aceptado"
    url: str
    secret_version: int
    secret: str = Field(
        description="Secreto de firma `whsec_…` (Standard Webhooks); guárdelo en su ATS."
    )

    @classmethod
    def of(cls, event: WebhookEndpointRegistered, secret: str) -> EndpointRegistered:
        """The answer for a published registration and the secret its version signs with."""
        return cls(
            event_id=str(event.event_id),
            url=str(event.url),
            secret_version=event.secret_version,
            secret=secret,
        )


def refused(message: str) -> HTTPException:
    """A 422 in the shape of FastAPI's own validation errors."""
    detail = {"loc": ["body", "url"], "msg": message, "type": "value_error"}
    return HTTPException(status_code=422, detail=[detail])


def current(connection: ConnectionDep, caller: Caller) -> WebhookEndpoint:
    """The caller's endpoint; 404 when it has none."""
    assert caller.employer_id is not None
    endpoint = registered_endpoint(connection, employer_id=caller.employer_id)
    if endpoint is None:
        raise HTTPException(status_code=404, detail="no hay un webhook registrado")
    return endpoint


@router.get("", responses=CALLER_ERRORS | NO_ENDPOINT | UNAVAILABLE)
def get_endpoint(caller: EmployerCaller, connection: ConnectionDep) -> EndpointView:
    """The caller's registered endpoint and secret version (never the secret)."""
    return EndpointView.of(current(connection, caller))


@router.put("", status_code=202, responses=CALLER_ERRORS | UNAVAILABLE)
def register_endpoint(
    body: EndpointRequest,
    caller: EmployerCaller,
    connection: ConnectionDep,
    producer: ProducerDep,
    settings: SettingsDep,
) -> EndpointRegistered:
    """Register (or move) the caller's endpoint after a signed challenge it must echo.

    A URL that is not public HTTPS, or that does not echo the challenge, is a 422
    in FastAPI's validation shape, at ``body.url``.
    """
    assert caller.employer_id is not None
    stored = registered_endpoint(connection, employer_id=caller.employer_id)
    try:
        event, secret = webhook_endpoints.register(
            caller.employer_id, str(body.url), stored=stored, settings=settings, now=_now()
        )
    except UnsafeEndpointError as error:
        raise refused(str(error)) from None
    except DeliveryError as error:
        raise refused(f"el webhook no superó la verificación: {error}") from None
    publish(producer, caller.employer_id, event)
    return EndpointRegistered.of(event, secret)


@router.post("/rotacion", status_code=202, responses=CALLER_ERRORS | NO_ENDPOINT | UNAVAILABLE)
def rotate_secret(
    caller: EmployerCaller,
    connection: ConnectionDep,
    producer: ProducerDep,
    settings: SettingsDep,
) -> EndpointRegistered:
    """A new secret; the previous one keeps signing for 24 hours so the ATS can switch."""
    event, secret = webhook_endpoints.rotate(
        current(connection, caller), settings=settings, now=_now()
    )
    publish(producer, event.employer_id, event)
    return EndpointRegistered.of(event, secret)


@router.delete("", status_code=202, responses=CALLER_ERRORS | NO_ENDPOINT | UNAVAILABLE)
def remove_endpoint(
    caller: EmployerCaller, connection: ConnectionDep, producer: ProducerDep
) -> Accepted:
    """Stop webhooks; shortlists stay readable through the API."""
    event = webhook_endpoints.removal(current(connection, caller).employer_id, now=_now())
    publish(producer, event.employer_id, event)
    return Accepted(event_id=event.event_id)


def _now() -> datetime:
    return datetime.now(UTC)
