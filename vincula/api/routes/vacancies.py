"""Employers post, replace and close vacancies; workers apply the events."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException

from models.access import Connection, vacancy_employer
from schemas.vacancies import VacancyClosed, VacancyPosted, VacancyUpdated
from streams.notify.endpoints import EndpointPolicy, pin_target
from streams.notify.errors import DeliveryError
from vincula.api.bodies import (
    CALLER_ERRORS,
    NOT_FOUND,
    UNAVAILABLE,
    Accepted,
    CloseRequest,
    VacancyRequest,
    problem,
)
from vincula.api.deps import ConnectionDep, ProducerDep, SettingsDep
from vincula.api.events import derived_id, publish
from vincula.api.security import Caller, EmployerCaller

router = APIRouter(prefix="/v1/vacancies", tags=["empresas"])


def not_found(vacancy_id: str) -> HTTPException:
    """The 404 of an unknown vacancy, and of another employer's (which must look the same)."""
    return HTTPException(status_code=404, detail=f"la vacante {vacancy_id} no existe")


def check_webhook(url: str, settings: SettingsDep) -> None:
    """422 unless ``url`` is an endpoint the workers would send to (public, HTTPS in production)."""
    try:
        # Sync route in a worker thread: a private loop for the one DNS look-up is fine.
        asyncio.run(pin_target(url, EndpointPolicy.from_settings(settings)))
    except DeliveryError as error:
        # The shape of FastAPI's own validation errors, so clients parse one kind of 422.
        problem = {"loc": ["body", "webhook_url"], "msg": str(error), "type": "value_error"}
        raise HTTPException(status_code=422, detail=[problem]) from None


def own_vacancy(connection: Connection, caller: Caller, vacancy_id: str) -> bool:
    """True when ``caller`` posted ``vacancy_id``; 404 when another employer did."""
    employer = vacancy_employer(connection, vacancy_id=vacancy_id)
    if employer is not None and employer != caller.employer_id:
        raise not_found(vacancy_id)
    return employer is not None


@router.post(
    "",
    status_code=202,
    responses=CALLER_ERRORS | problem(404, "Vacante de otro empleador.") | UNAVAILABLE,
)
def post_vacancy(
    body: VacancyRequest,
    caller: EmployerCaller,
    connection: ConnectionDep,
    producer: ProducerDep,
    settings: SettingsDep,
) -> Accepted:
    """Publish a vacancy, or update it when the id was already posted (a full replacement)."""
    if body.employer_id != caller.employer_id:
        raise HTTPException(
            status_code=403,
            detail=f"su credencial es del empleador {caller.employer_id}, no de {body.employer_id}",
        )
    if body.webhook_url is not None:
        check_webhook(str(body.webhook_url), settings)
    fields = body.fields()
    update = own_vacancy(connection, caller, body.vacancy_id)
    model = VacancyUpdated if update else VacancyPosted
    event = model.model_validate(
        fields
        | {
            "event_id": derived_id("vacancy", fields),
            "event_time": datetime.now(UTC),
            "schema_version": 1,
        }
    )
    publish(producer, event.vacancy_id, event)
    return Accepted(event_id=event.event_id)


@router.post(
    "/{vacancy_id}/close", status_code=202, responses=CALLER_ERRORS | NOT_FOUND | UNAVAILABLE
)
def close_vacancy(
    vacancy_id: str,
    body: CloseRequest,
    caller: EmployerCaller,
    connection: ConnectionDep,
    producer: ProducerDep,
) -> Accepted:
    """Close one of the caller's vacancies; its open proposals are withdrawn."""
    if not own_vacancy(connection, caller, vacancy_id):
        raise not_found(vacancy_id)
    event = VacancyClosed(
        event_id=derived_id("close", {"vacancy_id": vacancy_id, "reason": body.reason}),
        event_time=datetime.now(UTC),
        schema_version=1,
        vacancy_id=vacancy_id,
        reason=body.reason,
    )
    publish(producer, vacancy_id, event)
    return Accepted(event_id=event.event_id)
