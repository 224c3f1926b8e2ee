"""Closing the loop over HTTP: vacancies, outcomes, answers, shortlists and reports.

Writes become events on their topics (the workers apply them); reads come
from the materialised state. Event ids are derived from the request, so a
retried request or a second click on an e-mail link changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import AwareDatetime, BaseModel, ValidationError

from models import reports
from schemas.base import BaseEvent
from schemas.enums import OutcomeKind, Reporter, VacancyCloseReason
from schemas.outcomes import PlacementOutcome
from schemas.vacancies import VacancyClosed, VacancyPosted, VacancyUpdated
from streams.processing import Outgoing
from streams.producer import EventProducer

router = APIRouter()
Resolve = Callable[[], tuple[str, EventProducer]]
API_NAMESPACE = uuid.UUID("4a1e6d2b-8c3f-4b7a-9e05-6d2c1f8a9b30")

MATCH_ANSWERS = {"me-interesa": OutcomeKind.APPLIED, "no-me-interesa": OutcomeKind.DECLINED}
RETAINED = {3: OutcomeKind.RETAINED_3M, 6: OutcomeKind.RETAINED_6M, 12: OutcomeKind.RETAINED_12M}
FOLLOW_UP_ANSWERS = ("sigo-trabajando-ahi", "cambie-de-empleo", "no-estoy-trabajando")


class Accepted(BaseModel):
    """A write was accepted and published; workers apply it shortly."""

    event_id: uuid.UUID
    status: str = "aceptado"


class OutcomeReport(BaseModel):
    """An employer (or programme) reports what happened with a proposed match."""

    match_id: uuid.UUID
    outcome: OutcomeKind
    reported_by: Reporter = Reporter.EMPLOYER
    occurred_at: AwareDatetime


class CloseRequest(BaseModel):
    """Why a vacancy stops taking candidates."""

    reason: VacancyCloseReason


def _resolve(request: Request) -> tuple[str, EventProducer]:
    resolve: Resolve | None = getattr(request.app.state, "resolve", None)
    if resolve is None:
        raise HTTPException(status_code=503, detail="el servicio no tiene Kafka ni PostgreSQL")
    return resolve()


def _derived(kind: str, payload: object) -> uuid.UUID:
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
    return uuid.uuid5(API_NAMESPACE, f"{kind}:{digest}")


def _publish(request: Request, key: str, event: BaseEvent) -> None:
    _, producer = _resolve(request)
    producer.send(Outgoing(key=key, event=event))
    producer.flush()


@router.post("/v1/vacancies", status_code=202, response_model=Accepted, tags=["empresas"])
def post_vacancy(request: Request, body: dict[str, object]) -> Accepted:
    """Publish a vacancy, or update it when the id was already posted (a full replacement)."""
    url, _ = _resolve(request)
    known = reports.vacancy_titles(url)
    update = str(body.get("vacancy_id", "")) in known
    envelope = {
        "event_id": str(_derived("vacancy", body)),
        "event_time": datetime.now(UTC).isoformat(),
        "schema_version": 1,
    }
    try:
        model = VacancyUpdated if update else VacancyPosted
        event = model.model_validate(body | envelope)
    except ValidationError as error:
        raise HTTPException(status_code=422, detail=error.errors(include_url=False)) from None
    _publish(request, event.vacancy_id, event)
    return Accepted(event_id=event.event_id)


@router.post(
    "/v1/vacancies/{vacancy_id}/close",
    status_code=202,
    response_model=Accepted,
    tags=["empresas"],
)
def close_vacancy(request: Request, vacancy_id: str, body: CloseRequest) -> Accepted:
    """Close a vacancy; its open proposals are withdrawn."""
    url, _ = _resolve(request)
    if vacancy_id not in reports.vacancy_titles(url):
        raise HTTPException(status_code=404, detail=f"la vacante {vacancy_id} no existe")
    event = VacancyClosed(
        event_id=_derived("close", {"vacancy_id": vacancy_id, "reason": body.reason}),
        event_time=datetime.now(UTC),
        schema_version=1,
        vacancy_id=vacancy_id,
        reason=body.reason,
    )
    _publish(request, vacancy_id, event)
    return Accepted(event_id=event.event_id)


@router.get("/v1/vacancies/{vacancy_id}/shortlist", tags=["empresas"])
def get_shortlist(request: Request, vacancy_id: str) -> list[dict[str, object]]:
    """The explained shortlist: pseudonymous candidates who consent to share their profile."""
    url, _ = _resolve(request)
    if vacancy_id not in reports.vacancy_titles(url):
        raise HTTPException(status_code=404, detail=f"la vacante {vacancy_id} no existe")
    return [
        {
            "rank": e.rank,
            "graduate": e.graduate_id,
            "score": round(e.score, 4),
            "status": e.status,
            "reasons": list(e.reasons),
        }
        for e in reports.shortlist(url, vacancy_id=vacancy_id)
    ]


def _outcome(
    ref: reports.MatchRef, kind: OutcomeKind, by: Reporter, at: datetime, key: str
) -> PlacementOutcome:
    return PlacementOutcome(
        event_id=uuid.uuid5(API_NAMESPACE, f"outcome:{ref.match_id}:{key}"),
        event_time=at,
        schema_version=1,
        match_id=ref.match_id,
        graduate_id=ref.graduate_id,
        vacancy_id=ref.vacancy_id,
        outcome=kind,
        reported_by=by,
        occurred_at=at,
    )


@router.post("/v1/outcomes", status_code=202, response_model=Accepted, tags=["empresas"])
def post_outcome(request: Request, body: OutcomeReport) -> Accepted:
    """Report an outcome of a proposed match (applied, interviewed, hired, retained…)."""
    url, _ = _resolve(request)
    ref = reports.match_ref(url, match_id=body.match_id)
    if ref is None:
        raise HTTPException(status_code=404, detail=f"la vinculación {body.match_id} no existe")
    key = f"{body.outcome.value}:{body.reported_by.value}:{body.occurred_at.isoformat()}"
    event = _outcome(ref, body.outcome, body.reported_by, body.occurred_at, key)
    _publish(request, str(ref.match_id), event)
    return Accepted(event_id=event.event_id)


@router.get("/coincidencias/{match_id}", response_class=PlainTextResponse, tags=["egresados"])
def answer_match(
    request: Request,
    match_id: uuid.UUID,
    respuesta: Annotated[Literal["me-interesa", "no-me-interesa"], Query()],
) -> str:
    """A graduate answers a match e-mail: interested (applies) or not (declines)."""
    url, _ = _resolve(request)
    ref = reports.match_ref(url, match_id=match_id)
    if ref is None:
        raise HTTPException(status_code=404, detail="No encontramos esa vacante propuesta.")
    event = _outcome(ref, MATCH_ANSWERS[respuesta], Reporter.GRADUATE, datetime.now(UTC), respuesta)
    _publish(request, str(ref.match_id), event)
    if respuesta == "me-interesa":
        return "Gracias. Avisamos a la empresa de tu interés."
    return "Gracias. No volveremos a proponerte esta vacante."


@router.get("/seguimientos/{follow_up_id}", response_class=PlainTextResponse, tags=["egresados"])
def answer_follow_up(
    request: Request,
    follow_up_id: uuid.UUID,
    respuesta: Annotated[
        Literal["sigo-trabajando-ahi", "cambie-de-empleo", "no-estoy-trabajando"], Query()
    ],
) -> str:
    """A graduate answers a 3/6/12-month follow-up; the answer is itself an outcome."""
    url, _ = _resolve(request)
    found = reports.follow_up_ref(url, follow_up_id=follow_up_id)
    if found is None:
        raise HTTPException(status_code=404, detail="No encontramos ese seguimiento.")
    ref, months = found
    kind = RETAINED[months] if respuesta == "sigo-trabajando-ahi" else OutcomeKind.LEFT
    event = _outcome(ref, kind, Reporter.GRADUATE, datetime.now(UTC), f"{follow_up_id}:{respuesta}")
    _publish(request, str(ref.match_id), event)
    return "Gracias por contarnos cómo te va."


@router.get("/v1/reports/placements", tags=["secretaría"])
def placements(
    request: Request,
    by: Annotated[Literal["programme", "state", "sector"], Query()] = "programme",
) -> list[dict[str, object]]:
    """Placements by programme, state or sector; cells under 10 people are null."""
    url, _ = _resolve(request)
    return [
        {"value": r.value, "matched": r.matched, "hired": r.hired, "retained": r.retained}
        for r in reports.placements_by(url, dimension=by)
    ]
