"""Graduates answer the links in their e-mails; each answer is an outcome of the match.

A second click on the same link publishes the same event id, so it changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import PlainTextResponse

from models import reports
from schemas.enums import OutcomeKind, Reporter
from vincula.api.bodies import PAGE_ERRORS
from vincula.api.deps import ConnectionDep, ProducerDep
from vincula.api.events import outcome, publish

router = APIRouter(tags=["egresados"], default_response_class=PlainTextResponse)

MatchAnswer = Literal["me-interesa", "no-me-interesa"]
FollowUpAnswer = Literal["sigo-trabajando-ahi", "cambie-de-empleo", "no-estoy-trabajando"]

MATCH_ANSWERS = {"me-interesa": OutcomeKind.APPLIED, "no-me-interesa": OutcomeKind.DECLINED}
RETAINED = {3: OutcomeKind.RETAINED_3M, 6: OutcomeKind.RETAINED_6M, 12: OutcomeKind.RETAINED_12M}
THANKS = {
    "me-interesa": "Gracias. Avisamos a la empresa de tu interés.",
    "no-me-interesa": "Gracias. No volveremos a proponerte esta vacante.",
}


@router.get("/coincidencias/{match_id}", responses=PAGE_ERRORS)
def answer_match(
    match_id: uuid.UUID,
    respuesta: Annotated[MatchAnswer, Query()],
    connection: ConnectionDep,
    producer: ProducerDep,
) -> str:
    """A graduate answers a match e-mail: interested (applies) or not (declines)."""
    ref = reports.match_ref(connection, match_id=match_id)
    if ref is None:
        raise HTTPException(status_code=404, detail="No encontramos esa vacante propuesta.")
    kind = MATCH_ANSWERS[respuesta]
    publish(producer, str(ref.match_id), outcome(ref, kind, Reporter.GRADUATE, _now(), respuesta))
    return THANKS[respuesta]


@router.get("/seguimientos/{follow_up_id}", responses=PAGE_ERRORS)
def answer_follow_up(
    follow_up_id: uuid.UUID,
    respuesta: Annotated[FollowUpAnswer, Query()],
    connection: ConnectionDep,
    producer: ProducerDep,
) -> str:
    """A graduate answers a 3/6/12-month follow-up; the answer is itself an outcome."""
    ref = reports.follow_up_ref(connection, follow_up_id=follow_up_id)
    if ref is None:
        raise HTTPException(status_code=404, detail="No encontramos ese seguimiento.")
    kind = RETAINED[ref.months] if respuesta == "sigo-trabajando-ahi" else OutcomeKind.LEFT
    event = outcome(ref, kind, Reporter.GRADUATE, _now(), f"{follow_up_id}:{respuesta}")
    publish(producer, str(ref.match_id), event)
    return "Gracias por contarnos cómo te va."


def _now() -> datetime:
    return datetime.now(UTC)
