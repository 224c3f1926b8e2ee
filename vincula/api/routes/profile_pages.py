"""The graduate's own pages: ask for a link to the profile, and the profile itself.

``/perfil/enlace`` asks for an e-mail address and always answers the same,
at once: the lookup and the request for the e-mail run after the answer has
left, so neither the page nor its timing tells whether the address is known.
The e-mail goes to the address Vincula stores, never to the one typed.

``/perfil?t=…`` is the profile, reached with the signed profile link of an
e-mail, as the answer pages are. As everywhere else a GET changes nothing:
every change is a POST carrying the link's token and a CSRF value, and goes
through the very function the ``/v1/perfil`` JSON route calls.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import ValidationError

from models.contacts import graduates_at_address
from models.personal_data import Connection, PersonalData, personal_data
from schemas.enums import ConsentPurpose
from streams.ingest.contact import normalise_email
from streams.notify.links import LinkClaims, LinkError, LinkPurpose
from streams.notify.requests import access_request
from vincula.api.bodies import PAGE_ERRORS
from vincula.api.deps import ConnectionDep, ProducerDep, RuntimeDep, SettingsDep, pooled
from vincula.api.events import publish
from vincula.api.pages import PageError, check_csrf, new_csrf, thanks, with_csrf_cookie
from vincula.api.profile_bodies import ContactCorrection
from vincula.api.profile_view import NEW_LINK, PROFILE, PURPOSES, WIDTH, profile_context
from vincula.api.routes.answers import (
    MATCH_CHOICES,
    Csrf,
    FormToken,
    MatchAnswer,
    Token,
    match_of,
    record_match_answer,
)
from vincula.api.routes.profile import (
    change_consent_of,
    correct_contact_of,
    erase_of,
    object_of,
)
from vincula.api.runtime import NoLiveBackendsError, Runtime
from vincula.api.security import link_signer
from vincula.errors import UNAVAILABLE
from vincula.settings import Settings
from vincula.web.render import render

log = logging.getLogger(__name__)

router = APIRouter(tags=["egresados"], default_response_class=HTMLResponse)

LINK_PAGE = "/perfil/enlace"
SENT = (
    "Si la dirección está registrada, te enviamos un enlace para entrar a tu perfil. "
    "Revisa tu correo (y la carpeta de no deseado); el enlace sirve durante una hora."
)
STALE_FORM = "La página venció o no vino de Vincula; vuelve a abrirla."
OptionalToken = Annotated[
    str | None, Query(alias="t", description="Token firmado del enlace al perfil.")
]
KeepIfEmpty = Annotated[str, Form(max_length=320, description="Vacío deja el dato como está.")]
# The page has answered already when these happen; the person may simply ask again.
NOT_SENT: tuple[type[Exception], ...] = (NoLiveBackendsError, *UNAVAILABLE)
NO_LINK = "Para entrar a tu perfil necesitas el enlace que te enviamos por correo."
BAD_ADDRESS = "Escribe un correo completo, por ejemplo ana@ejemplo.mx."
CONTACT_FIELDS = ("full_name", "email", "phone")


def profile_owner(request: Request, settings: Settings, token: str) -> LinkClaims:
    """The claims of a genuine, unexpired profile link; a Spanish 403 page otherwise."""
    try:
        claims = link_signer(settings).verify(token, purpose=LinkPurpose.PROFILE, now=_now())
    except LinkError as error:
        raise PageError(403, f"{str(error).capitalize()}.", link=NEW_LINK) from None
    # The audit log names no person: a graduate acting on their own data is "enlace".
    request.state.actor = ("enlace", "graduate")
    return claims


def _posted(request: Request, settings: Settings, token: str, csrf: str) -> LinkClaims:
    """The claims behind a profile form: a genuine link and the page's own CSRF value."""
    claims = profile_owner(request, settings, token)
    check_csrf(request, csrf)
    return claims


def _done(title: str, texts: list[str], token: str) -> HTMLResponse:
    return thanks(title, texts, back=token)


# Asking for a link.


def _link_form(request: Request, *, typed: str = "", error: str = "") -> HTMLResponse:
    csrf = new_csrf()
    context = {
        "title": "Entra a tu perfil",
        "width": WIDTH,
        "csrf": csrf,
        "correo": typed,
        "errors": {"correo": error} if error else {},
    }
    return with_csrf_cookie(render("perfil_enlace.html", context), csrf, request)


@router.get(LINK_PAGE, responses=PAGE_ERRORS)
def link_request_page(request: Request) -> HTMLResponse:
    """The form where a graduate asks for a link to their profile."""
    return _link_form(request)


@router.post(LINK_PAGE, responses=PAGE_ERRORS)
def request_link(
    correo: Annotated[str, Form(min_length=1, max_length=320, description="Correo del egresado.")],
    csrf: Csrf,
    request: Request,
    runtime: RuntimeDep,
    background: BackgroundTasks,
) -> HTMLResponse:
    """Always the same answer; a link is e-mailed afterwards if the address is a graduate's."""
    check_csrf(request, csrf, message=STALE_FORM, link=(LINK_PAGE, "Volver a pedir el enlace"))
    try:
        email = normalise_email(correo)
    except ValueError:
        return _link_form(request, typed=correo, error=BAD_ADDRESS)
    background.add_task(send_profile_link, runtime, email, _now())
    return thanks("Revisa tu correo", [SENT])


def send_profile_link(runtime: Runtime, email: str, at: datetime) -> None:
    """Ask the workers to e-mail a profile link to each graduate stored at ``email``."""
    try:
        with pooled(runtime.pool()) as connection:
            graduates = graduates_at_address(connection, email=email)
        if not graduates:
            return
        producer = runtime.producer()
        for graduate_id in graduates:
            publish(producer, graduate_id, access_request(graduate_id, at=at))
    except NOT_SENT as error:
        # Never the address in the log.
        log.warning("no se pudo pedir el enlace al perfil: %s", error)


# The profile.


@router.get(PROFILE, responses=PAGE_ERRORS)
def profile_page(
    request: Request, settings: SettingsDep, connection: ConnectionDep, t: OptionalToken = None
) -> HTMLResponse:
    """What a graduate sees from their profile link: their data, and a form for each right."""
    if not t:
        raise PageError(403, NO_LINK, link=NEW_LINK)
    return _profile(request, connection, profile_owner(request, settings, t), t)


def _profile(
    request: Request,
    connection: Connection,
    claims: LinkClaims,
    token: str,
    *,
    csrf: str | None = None,
    errors: Mapping[str, str] | None = None,
    submitted: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """The profile page; ``errors`` mark the contact form's fields.

    A form shown again keeps the CSRF value it was sent with (``csrf``), so the
    page's other forms, and the same page open in another tab, still work.
    """
    data = personal_data(connection, graduate_id=claims.subject)
    csrf = csrf or new_csrf()
    context = profile_context(
        data,
        token=token,
        csrf=csrf,
        expires_at=claims.expires_at,
        choices=MATCH_CHOICES,
        errors=errors,
        submitted=submitted,
    )
    return with_csrf_cookie(render("perfil.html", context), csrf, request)


@router.get(f"{PROFILE}/datos", response_class=JSONResponse, responses=PAGE_ERRORS)
def download(
    t: Token, request: Request, settings: SettingsDep, connection: ConnectionDep, response: Response
) -> PersonalData:
    """Everything Vincula holds about the graduate, as a JSON file (as ``GET /v1/perfil``)."""
    graduate = profile_owner(request, settings, t).subject
    response.headers["Content-Disposition"] = 'attachment; filename="vincula-mis-datos.json"'
    response.headers["Cache-Control"] = "no-store"
    return personal_data(connection, graduate_id=graduate)


@router.post(f"{PROFILE}/coincidencias/{{match_id}}", responses=PAGE_ERRORS)
def answer_from_profile(
    match_id: uuid.UUID,
    t: FormToken,
    csrf: Csrf,
    respuesta: Annotated[MatchAnswer, Form()],
    request: Request,
    settings: SettingsDep,
    connection: ConnectionDep,
    producer: ProducerDep,
) -> HTMLResponse:
    """A graduate answers one of their matches from the profile, as from the match e-mail."""
    graduate = _posted(request, settings, t, csrf).subject
    ref = match_of(connection, match_id)
    if ref.graduate_id != graduate:
        # Someone else's match is answered exactly like one that does not exist.
        raise PageError(404, "No encontramos esa vacante propuesta.")
    return _done("Respuesta recibida", [record_match_answer(producer, ref, respuesta)], t)


@router.post(f"{PROFILE}/consentimientos", responses=PAGE_ERRORS)
def consent_from_profile(
    t: FormToken,
    csrf: Csrf,
    purpose: Annotated[ConsentPurpose, Form(description="El propósito.")],
    granted: Annotated[bool, Form(description="Verdadero para otorgar, falso para retirar.")],
    request: Request,
    settings: SettingsDep,
    producer: ProducerDep,
) -> HTMLResponse:
    """Grant or withdraw one consent (as ``PUT /v1/perfil/consentimientos``)."""
    graduate = _posted(request, settings, t, csrf).subject
    change_consent_of(producer, graduate, purpose, granted)
    verb = "Guardamos" if granted else "Retiramos"
    said = f"{verb} tu consentimiento: {PURPOSES[purpose]}."
    return _done("Consentimiento guardado", [said, "El cambio se aplica en unos segundos."], t)


@router.post(f"{PROFILE}/oposicion", responses=PAGE_ERRORS)
def object_from_profile(
    t: FormToken, csrf: Csrf, request: Request, settings: SettingsDep, producer: ProducerDep
) -> HTMLResponse:
    """Object to automated matching (as ``POST /v1/perfil/oposicion``)."""
    object_of(producer, _posted(request, settings, t, csrf).subject)
    texts = [
        "Registramos tu oposición: ya no te propondremos vacantes con la vinculación "
        "automática y retiramos las propuestas abiertas.",
        "Puedes cambiarlo cuando quieras en tus consentimientos.",
    ]
    return _done("Oposición registrada", texts, t)


@router.post(f"{PROFILE}/contacto", responses=PAGE_ERRORS)
def correct_from_profile(
    t: FormToken,
    csrf: Csrf,
    request: Request,
    settings: SettingsDep,
    connection: ConnectionDep,
    full_name: KeepIfEmpty = "",
    email: KeepIfEmpty = "",
    phone: KeepIfEmpty = "",
) -> HTMLResponse:
    """Correct name, e-mail or phone (as ``PATCH /v1/perfil/contacto``); empty keeps a field.

    A malformed value changes nothing: the profile comes back with the field marked.
    """
    claims = _posted(request, settings, t, csrf)
    submitted = {"full_name": full_name, "email": email, "phone": phone}
    try:
        correction = ContactCorrection(
            **{name: value.strip() or None for name, value in submitted.items()}
        )
    except ValidationError as error:
        errors = field_errors(error)
        return _profile(
            request, connection, claims, t, csrf=csrf, errors=errors, submitted=submitted
        )
    if correct_contact_of(connection, claims.subject, correction) is None:
        raise PageError(404, "No tenemos datos de contacto tuyos que corregir.")
    return _done("Datos corregidos", ["Guardamos tus datos de contacto corregidos."], t)


def field_errors(error: ValidationError) -> dict[str, str]:
    """The Spanish message of each contact field a correction got wrong (the first per field)."""
    errors: dict[str, str] = {}
    for problem in error.errors():
        name = str(problem["loc"][0]) if problem["loc"] else ""
        field = name if name in CONTACT_FIELDS else CONTACT_FIELDS[0]
        message = str(problem["msg"]).removeprefix("Value error, ")
        errors.setdefault(field, message[:1].upper() + message[1:])
    return errors


@router.get(f"{PROFILE}/borrar", responses=PAGE_ERRORS)
def erase_page(t: Token, request: Request, settings: SettingsDep) -> HTMLResponse:
    """The confirmation step before a deletion; showing it deletes nothing."""
    profile_owner(request, settings, t)
    csrf = new_csrf()
    context = {"title": "¿Borrar todos tus datos?", "width": WIDTH, "token": t, "csrf": csrf}
    return with_csrf_cookie(render("perfil_borrar.html", context), csrf, request)


@router.post(f"{PROFILE}/borrar", responses=PAGE_ERRORS)
def erase_from_profile(
    t: FormToken, csrf: Csrf, request: Request, settings: SettingsDep, producer: ProducerDep
) -> HTMLResponse:
    """Delete every datum of the graduate (as ``DELETE /v1/perfil``); asking twice is one event."""
    erase_of(producer, _posted(request, settings, t, csrf).subject)
    texts = [
        "Recibimos tu solicitud: en unos segundos no quedará ningún dato tuyo en Vincula.",
        "Gracias por haber usado Vincula.",
    ]
    return thanks("Borramos tus datos", texts)


def _now() -> datetime:
    return datetime.now(UTC)
