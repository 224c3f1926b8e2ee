"""Employers post, replace and close vacancies; workers apply the events.

The functions above the routes are the one code path of each write: these JSON
routes and the employer's pages (``employer_pages``) both call them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum

from fastapi import APIRouter, HTTPException

from models.access import Connection, vacancy_employer
from schemas.enums import VacancyCloseReason
from schemas.vacancies import VacancyClosed, VacancyPosted, VacancyUpdated
from streams.producer import EventProducer
from vincula.api.bodies import (
    CALLER_ERRORS,
    NOT_FOUND,
    UNAVAILABLE,
    Accepted,
    CloseRequest,
    VacancyRequest,
    problem,
)
from vincula.api.deps import ConnectionDep, ProducerDep
from vincula.api.events import derived_id, publish
from vincula.api.security import Caller, EmployerCaller

router = APIRouter(prefix="/v1/vacancies", tags=["empresas"])


class Ownership(Enum):
    """Whose a vacancy id is, as far as one employer may know."""

    MINE = "mine"
    OTHERS = "others"
    UNKNOWN = "unknown"


def not_found(vacancy_id: str) -> HTTPException:
    """The 404 of an unknown vacancy, and of another employer's (which must look the same)."""
    return HTTPException(status_code=404, detail=f"la vacante {vacancy_id} no existe")


def ownership(connection: Connection, caller: Caller, vacancy_id: str) -> Ownership:
    """Whether ``caller`` posted ``vacancy_id``, another employer did, or nobody yet."""
    employer = vacancy_employer(connection, vacancy_id=vacancy_id)
    if employer is None:
        return Ownership.UNKNOWN
    return Ownership.MINE if employer == caller.employer_id else Ownership.OTHERS


def own_vacancy(connection: Connection, caller: Caller, vacancy_id: str) -> bool:
    """True when ``caller`` posted ``vacancy_id``; 404 when another employer did."""
    found = ownership(connection, caller, vacancy_id)
    if found is Ownership.OTHERS:
        raise not_found(vacancy_id)
    return found is Ownership.MINE


def publish_vacancy(
    producer: EventProducer, body: VacancyRequest, *, update: bool
) -> VacancyPosted | VacancyUpdated:
    """Publish ``body`` as a new vacancy, or as the full replacement of a stored one.

    The caller has checked that the body is the employer's own and, for an update, that
    the vacancy is; the event id is derived from the body, so a repeated post is one event.
    """
    fields = body.fields()
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
    return event


def publish_close(
    producer: EventProducer, vacancy_id: str, reason: VacancyCloseReason
) -> VacancyClosed:
    """Publish the closing of one of the caller's vacancies (ownership checked by the caller)."""
    event = VacancyClosed(
        event_id=derived_id("close", {"vacancy_id": vacancy_id, "reason": reason}),
        event_time=datetime.now(UTC),
        schema_version=1,
        vacancy_id=vacancy_id,
        reason=reason,
    )
    publish(producer, vacancy_id, event)
    return event


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
) -> Accepted:
    """Publish a vacancy, or update it when the id was already posted (a full replacement)."""
    if body.employer_id != caller.employer_id:
        raise HTTPException(
            status_code=403,
            detail=f"su credencial es del empleador {caller.employer_id}, no de {body.employer_id}",
        )
    update = own_vacancy(connection, caller, body.vacancy_id)
    event = publish_vacancy(producer, body, update=update)
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
    event = publish_close(producer, vacancy_id, body.reason)
    return Accepted(event_id=event.event_id)
