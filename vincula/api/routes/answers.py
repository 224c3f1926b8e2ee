"""Graduates answer the links in their e-mails; each answer is an outcome of the match.

Every link carries its own signed, expiring token (deterministic ids are no
secret). GET only shows the question; the answer is a POST with a CSRF token,
and a second POST of the same answer publishes the same event id, so it
changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse

from models import reports
from models.reports import Connection
from schemas.enums import OutcomeKind, Reporter
from streams.notify.links import LinkError, LinkPurpose
from streams.producer import EventProducer
from vincula.api.bodies import PAGE_ERRORS
from vincula.api.deps import ConnectionDep, ProducerDep, SettingsDep
from vincula.api.events import outcome, publish
from vincula.api.pages import PageError, check_csrf, new_csrf, thanks, with_csrf_cookie
from vincula.api.security import link_signer
from vincula.settings import Settings
from vincula.web.render import render

router = APIRouter(tags=["egresados"], default_response_class=HTMLResponse)

MatchAnswer = Literal["me-interesa", "no-me-interesa"]
FollowUpAnswer = Literal["sigo-trabajando-ahi", "cambie-de-empleo", "no-estoy-trabajando"]

MATCH_CHOICES = [("me-interesa", "Me interesa"), ("no-me-interesa", "No me interesa")]
FOLLOW_UP_CHOICES = [
    ("sigo-trabajando-ahi", "Sigo trabajando ahí"),
    ("cambie-de-empleo", "Cambié de empleo"),
    ("no-estoy-trabajando", "No estoy trabajando"),
]
MATCH_ANSWERS = {"me-interesa": OutcomeKind.APPLIED, "no-me-interesa": OutcomeKind.DECLINED}
RETAINED = {3: OutcomeKind.RETAINED_3M, 6: OutcomeKind.RETAINED_6M, 12: OutcomeKind.RETAINED_12M}
THANKS = {
    "me-interesa": "Gracias. Avisamos a la empresa de tu interés.",
    "no-me-interesa": "Gracias. No volveremos a proponerte esta vacante.",
}
Token = Annotated[
    str, Query(alias="t", min_length=1, description="Token firmado del enlace del correo.")
]
FormToken = Annotated[
    str, Form(alias="t", min_length=1, description="Token firmado del enlace del correo.")
]
Csrf = Annotated[str, Form(min_length=1, description="Valor anti-CSRF de la página.")]


def verified(settings: Settings, token: str, purpose: LinkPurpose, subject: uuid.UUID) -> None:
    """403 unless ``token`` is a genuine, unexpired link of ``purpose`` for ``subject``."""
    try:
        claims = link_signer(settings).verify(token, purpose=purpose, now=_now())
    except LinkError as error:
        raise PageError(403, f"{str(error).capitalize()}.") from None
    if claims.subject != str(subject):
        raise PageError(403, "El enlace no es válido.")


def match_of(connection: Connection, match_id: uuid.UUID) -> reports.MatchRef:
    """The match a link is about; a Spanish 404 page if it is unknown."""
    ref = reports.match_ref(connection, match_id=match_id)
    if ref is None:
        raise PageError(404, "No encontramos esa vacante propuesta.")
    return ref


def record_match_answer(producer: EventProducer, ref: reports.MatchRef, answer: MatchAnswer) -> str:
    """Publish a graduate's answer to a match as its outcome; the thanks to show.

    The event id depends only on the match and the answer, so answering
    twice, from the e-mail or from the profile page, changes nothing.
    """
    event = outcome(ref, MATCH_ANSWERS[answer], Reporter.GRADUATE, _now(), answer)
    publish(producer, str(ref.match_id), event)
    return THANKS[answer]


def answer_page(
    request: Request,
    *,
    title: str,
    question: str,
    action: str,
    token: str,
    choices: Sequence[tuple[str, str]],
    chosen: str | None,
) -> HTMLResponse:
    """The question of an e-mail link, with one button per answer; showing it records nothing.

    The answer picked in the e-mail (``chosen``) stands out, but only a press sends it.
    """
    csrf = new_csrf()
    labels = dict(choices)
    context = {
        "title": title,
        "width": "angosto",
        "question": question,
        "action": action,
        "token": token,
        "csrf": csrf,
        "choices": choices,
        "chosen": chosen,
        "chosen_label": labels.get(chosen) if chosen is not None else None,
    }
    return with_csrf_cookie(render("respuesta.html", context), csrf, request)


def follow_up_of(connection: Connection, follow_up_id: uuid.UUID) -> reports.FollowUpRef:
    """The follow-up a link is about; a Spanish 404 page if it is unknown."""
    ref = reports.follow_up_ref(connection, follow_up_id=follow_up_id)
    if ref is None:
        raise PageError(404, "No encontramos ese seguimiento.")
    return ref


@router.get("/coincidencias/{match_id}", responses=PAGE_ERRORS)
def match_page(
    match_id: uuid.UUID,
    t: Token,
    request: Request,
    settings: SettingsDep,
    connection: ConnectionDep,
    respuesta: Annotated[MatchAnswer | None, Query()] = None,
) -> HTMLResponse:
    """What a graduate sees from a match e-mail: the question and the answer buttons."""
    verified(settings, t, LinkPurpose.MATCH_ANSWER, match_id)
    match_of(connection, match_id)
    return answer_page(
        request,
        title="Vacante propuesta",
        question="¿Te interesa la vacante que te propusimos?",
        action=f"/coincidencias/{match_id}",
        token=t,
        choices=MATCH_CHOICES,
        chosen=respuesta,
    )


@router.post("/coincidencias/{match_id}", responses=PAGE_ERRORS)
def answer_match(
    match_id: uuid.UUID,
    t: FormToken,
    csrf: Csrf,
    respuesta: Annotated[MatchAnswer, Form()],
    request: Request,
    settings: SettingsDep,
    connection: ConnectionDep,
    producer: ProducerDep,
) -> HTMLResponse:
    """A graduate answers a match: interested (applies) or not (declines)."""
    verified(settings, t, LinkPurpose.MATCH_ANSWER, match_id)
    check_csrf(request, csrf)
    said = record_match_answer(producer, match_of(connection, match_id), respuesta)
    return thanks("Respuesta recibida", [said])


@router.get("/seguimientos/{follow_up_id}", responses=PAGE_ERRORS)
def follow_up_page(
    follow_up_id: uuid.UUID,
    t: Token,
    request: Request,
    settings: SettingsDep,
    connection: ConnectionDep,
    respuesta: Annotated[FollowUpAnswer | None, Query()] = None,
) -> HTMLResponse:
    """What a graduate sees from a follow-up e-mail: how is it going, and the answers."""
    verified(settings, t, LinkPurpose.FOLLOW_UP_ANSWER, follow_up_id)
    ref = follow_up_of(connection, follow_up_id)
    return answer_page(
        request,
        title="Seguimiento",
        question=f"Han pasado {ref.months} meses. ¿Cuál es tu situación laboral hoy?",
        action=f"/seguimientos/{follow_up_id}",
        token=t,
        choices=FOLLOW_UP_CHOICES,
        chosen=respuesta,
    )


@router.post("/seguimientos/{follow_up_id}", responses=PAGE_ERRORS)
def answer_follow_up(
    follow_up_id: uuid.UUID,
    t: FormToken,
    csrf: Csrf,
    respuesta: Annotated[FollowUpAnswer, Form()],
    request: Request,
    settings: SettingsDep,
    connection: ConnectionDep,
    producer: ProducerDep,
) -> HTMLResponse:
    """A graduate answers a 3/6/12-month follow-up; the answer is itself an outcome."""
    verified(settings, t, LinkPurpose.FOLLOW_UP_ANSWER, follow_up_id)
    check_csrf(request, csrf)
    ref = follow_up_of(connection, follow_up_id)
    kind = RETAINED[ref.months] if respuesta == "sigo-trabajando-ahi" else OutcomeKind.LEFT
    event = outcome(ref, kind, Reporter.GRADUATE, _now(), f"{follow_up_id}:{respuesta}")
    publish(producer, str(ref.match_id), event)
    return thanks("Respuesta recibida", ["Gracias por contarnos cómo te va."])


def _now() -> datetime:
    return datetime.now(UTC)
