"""The employer's pages: its vacancies, the vacancy form, closing, and the explained shortlist.

Every write goes through the function its JSON twin calls (``publish_vacancy``,
``publish_close``, ``report_outcome``, with the same ownership checks), so a
page can do nothing the API would refuse. Writes are POSTs carrying a CSRF
value and answer with a redirect (post/redirect/get); the workers apply the
events a moment later, which the notices say.

Another employer's vacancy is answered exactly as an unknown one: 404.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from models import vacancies as vacancy_store
from models.reports import Connection
from models.vacancies import VacancyRecord
from schemas.enums import OutcomeKind, VacancyCloseReason
from vincula.api.bodies import ORGANISATION_PAGE, Responses, form_page_error, html_page
from vincula.api.deps import ConnectionDep, ProducerDep, SettingsDep
from vincula.api.org_pages import OrganisationPageError, check_form, notice_of, signed_in_page
from vincula.api.page_auth import EmployerPage
from vincula.api.routes.outcomes import owned_match, report_outcome
from vincula.api.routes.shortlists import reference_key
from vincula.api.routes.vacancies import Ownership, ownership, publish_close, publish_vacancy
from vincula.api.security import Caller, candidate_reference
from vincula.api.shortlist_view import RECORDED, candidates_of
from vincula.api.vacancy_form import (
    CLOSE_REASONS,
    OPTIONS,
    VacancyFormData,
    empty_values,
    form_values,
    parse_vacancy,
    suggested_id,
)
from vincula.web.formats import MEXICO_CITY

router = APIRouter(tags=["páginas"], default_response_class=HTMLResponse)

HOME = "/empresa"
NEW = "/empresa/vacantes/nueva"
STALE = "La página venció; ábrala de nuevo y repita lo que hacía."
NOTICES = {
    "publicada": "Recibimos la vacante. Aparece en esta lista en cuanto se procesa, en unos "
    "segundos: actualice la página para verla.",
    "actualizada": "Recibimos los cambios; se aplican en unos segundos y la lista corta se "
    "revisa con ellos.",
    "cerrada": "Recibimos el cierre. En unos segundos la vacante aparece cerrada y sus "
    "propuestas abiertas se retiran.",
    OutcomeKind.INTERVIEWED.value: "Registramos la entrevista; el estado cambia en unos segundos.",
    OutcomeKind.OFFERED.value: "Registramos la oferta; el estado cambia en unos segundos.",
    OutcomeKind.HIRED.value: "Registramos la contratación. Vincula preguntará a la persona a "
    "los 3, 6 y 12 meses si sigue en el empleo.",
    OutcomeKind.REJECTED.value: "Registramos que la persona no fue seleccionada.",
}
Csrf = Annotated[str, Form(max_length=100, description="Valor anti-CSRF de la página.")]
Notice = Annotated[str | None, Query(max_length=40, description="Aviso tras una acción.")]
VACANCY_PAGE = ORGANISATION_PAGE | html_page(404, "Vacante desconocida o de otra empresa.")
FORM_PAGE = VACANCY_PAGE | form_page_error("El formulario tiene errores; se muestran en él.")
# A write that went through answers with a redirect to the next page and its notice.
DONE: Responses = {
    303: {"description": "Hecho: a la página siguiente, con un aviso; sin sesión, a /entrar."}
}


def _employer(caller: Caller) -> str:
    # An employer credential always names its employer (a database constraint).
    assert caller.employer_id is not None
    return caller.employer_id


def _today() -> date:
    return datetime.now(MEXICO_CITY).date()


def _missing(caller: Caller) -> OrganisationPageError:
    # The same words for an unknown vacancy and another employer's.
    return OrganisationPageError(
        404,
        "No encontramos esa vacante entre las de su empresa. Si acaba de publicarla, "
        "espere unos segundos y vuelva a intentarlo.",
        caller=caller,
        link=(HOME, "Mis vacantes"),
    )


def _stored(connection: Connection, caller: Caller, vacancy_id: str) -> VacancyRecord:
    record = vacancy_store.employer_vacancy(
        connection, employer_id=_employer(caller), vacancy_id=vacancy_id
    )
    if record is None:
        raise _missing(caller)
    return record


def _vacancy_path(vacancy_id: str, suffix: str = "") -> str:
    return f"/empresa/vacantes/{quote(vacancy_id, safe='')}{suffix}"


def _redirect(path: str, notice: str, anchor: str = "") -> RedirectResponse:
    return RedirectResponse(f"{path}?aviso={notice}{anchor}", status_code=303)


@router.get(HOME, responses=ORGANISATION_PAGE)
def vacancies_page(
    request: Request, caller: EmployerPage, connection: ConnectionDep, aviso: Notice = None
) -> HTMLResponse:
    """The employer's vacancies, with their seats and how their shortlists stand."""
    employer = _employer(caller)
    return signed_in_page(
        request,
        caller,
        "empresa.html",
        {
            "title": "Mis vacantes",
            "vacancies": vacancy_store.employer_vacancies(connection, employer_id=employer),
            "employer_name": vacancy_store.employer_name(connection, employer_id=employer),
            "notice": notice_of(NOTICES, aviso),
        },
        here=HOME,
    )


def _form_page(
    request: Request,
    caller: Caller,
    *,
    values: dict[str, str],
    errors: dict[str, str],
    editing: str | None,
    status: int = 200,
) -> HTMLResponse:
    if editing is None:
        context = {"title": "Publicar una vacante", "action": NEW, "submit": "Publicar"}
        back = (HOME, "Cancelar")
    else:
        context = {
            "title": "Editar la vacante",
            "action": _vacancy_path(editing, "/editar"),
            "submit": "Guardar los cambios",
        }
        back = (_vacancy_path(editing), "Cancelar")
    return signed_in_page(
        request,
        caller,
        "empresa_formulario.html",
        context
        | {
            "values": values,
            "errors": errors,
            "options": OPTIONS,
            "editing": editing is not None,
            "back": back,
        },
        here=NEW if editing is None else HOME,
        status=status,
    )


@router.get(NEW, responses=ORGANISATION_PAGE)
def new_vacancy_page(
    request: Request, caller: EmployerPage, connection: ConnectionDep
) -> HTMLResponse:
    """The empty vacancy form, with a suggested id and the employer's name."""
    name = vacancy_store.employer_name(connection, employer_id=_employer(caller)) or ""
    values = empty_values(vacancy_id=suggested_id(datetime.now(UTC)), employer_name=name)
    return _form_page(request, caller, values=values, errors={}, editing=None)


@router.post(NEW, status_code=303, response_class=RedirectResponse, responses=FORM_PAGE | DONE)
def post_new_vacancy(
    request: Request,
    caller: EmployerPage,
    form: Annotated[VacancyFormData, Form()],
    connection: ConnectionDep,
    producer: ProducerDep,
) -> Response:
    """Publish the vacancy of the form (``VacancyPosted``), or show the form with its errors."""
    check_form(request, caller, form.csrf, message=STALE, link=(NEW, "Volver al formulario"))
    values = form.values()
    result = parse_vacancy(values, employer_id=_employer(caller), vacancy_id=None, today=_today())
    errors = dict(result.errors)
    if result.body is not None:
        taken = ownership(connection, caller, result.body.vacancy_id)
        if taken is Ownership.MINE:
            errors["vacancy_id"] = (
                "Ya publicó una vacante con ese identificador; para cambiarla use «Editar» "
                "en su lista, o escriba otro."
            )
        elif taken is Ownership.OTHERS:
            errors["vacancy_id"] = "Ese identificador no está disponible; escriba otro."
    if result.body is None or errors:
        return _form_page(request, caller, values=values, errors=errors, editing=None, status=422)
    publish_vacancy(producer, result.body, update=False)
    return _redirect(HOME, "publicada")


@router.get("/empresa/vacantes/{vacancy_id}", responses=VACANCY_PAGE)
def vacancy_page(
    vacancy_id: str,
    request: Request,
    caller: EmployerPage,
    connection: ConnectionDep,
    settings: SettingsDep,
    aviso: Notice = None,
) -> HTMLResponse:
    """One vacancy and its explained shortlist, with a button for each outcome to record."""
    record = _stored(connection, caller, vacancy_id)
    candidates, others = candidates_of(connection, settings, caller, vacancy_id)
    return signed_in_page(
        request,
        caller,
        "empresa_vacante.html",
        {
            "title": record.title,
            "vacancy": record,
            "candidates": candidates,
            "others": others,
            "notice": notice_of(NOTICES, aviso),
        },
        here=HOME,
    )


def _open(caller: Caller, record: VacancyRecord) -> VacancyRecord:
    if record.status != "open":
        raise OrganisationPageError(
            409,
            "La vacante está cerrada: ya no se puede editar ni cerrar de nuevo.",
            caller=caller,
            link=(_vacancy_path(record.vacancy_id), "Volver a la vacante"),
        )
    return record


@router.get(
    "/empresa/vacantes/{vacancy_id}/editar",
    responses=VACANCY_PAGE | html_page(409, "La vacante está cerrada."),
)
def edit_vacancy_page(
    vacancy_id: str, request: Request, caller: EmployerPage, connection: ConnectionDep
) -> HTMLResponse:
    """The vacancy form, filled in with the vacancy as it is stored."""
    record = _open(caller, _stored(connection, caller, vacancy_id))
    return _form_page(
        request, caller, values=form_values(record), errors={}, editing=record.vacancy_id
    )


@router.post(
    "/empresa/vacantes/{vacancy_id}/editar",
    status_code=303,
    response_class=RedirectResponse,
    responses=FORM_PAGE | html_page(409, "La vacante está cerrada.") | DONE,
)
def post_vacancy_edit(
    vacancy_id: str,
    request: Request,
    caller: EmployerPage,
    form: Annotated[VacancyFormData, Form()],
    connection: ConnectionDep,
    producer: ProducerDep,
) -> Response:
    """Publish the whole form as the vacancy's replacement (``VacancyUpdated``)."""
    back = (_vacancy_path(vacancy_id, "/editar"), "Volver al formulario")
    check_form(request, caller, form.csrf, message=STALE, link=back)
    if ownership(connection, caller, vacancy_id) is not Ownership.MINE:
        raise _missing(caller)
    record = _open(caller, _stored(connection, caller, vacancy_id))
    values = form.values() | {"vacancy_id": record.vacancy_id}
    result = parse_vacancy(
        values, employer_id=_employer(caller), vacancy_id=record.vacancy_id, today=_today()
    )
    if result.body is None:
        return _form_page(
            request,
            caller,
            values=values,
            errors=result.errors,
            editing=record.vacancy_id,
            status=422,
        )
    publish_vacancy(producer, result.body, update=True)
    return _redirect(_vacancy_path(record.vacancy_id), "actualizada")


def _close_page(
    request: Request,
    caller: Caller,
    record: VacancyRecord,
    *,
    chosen: str = "",
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return signed_in_page(
        request,
        caller,
        "empresa_cerrar.html",
        {
            "title": "Cerrar la vacante",
            "vacancy": record,
            "reasons": CLOSE_REASONS,
            "chosen": chosen,
            "errors": errors or {},
        },
        here=HOME,
        status=status,
    )


@router.get(
    "/empresa/vacantes/{vacancy_id}/cerrar",
    responses=VACANCY_PAGE | html_page(409, "La vacante ya está cerrada."),
)
def close_vacancy_page(
    vacancy_id: str, request: Request, caller: EmployerPage, connection: ConnectionDep
) -> HTMLResponse:
    """Asks why the vacancy closes before closing it."""
    return _close_page(request, caller, _open(caller, _stored(connection, caller, vacancy_id)))


@router.post(
    "/empresa/vacantes/{vacancy_id}/cerrar",
    status_code=303,
    response_class=RedirectResponse,
    responses=FORM_PAGE | html_page(409, "La vacante ya está cerrada.") | DONE,
)
def post_vacancy_close(
    vacancy_id: str,
    request: Request,
    caller: EmployerPage,
    csrf: Csrf,
    connection: ConnectionDep,
    producer: ProducerDep,
    reason: Annotated[str, Form(max_length=40, description="filled, cancelled o expired.")] = "",
) -> Response:
    """Close the vacancy with the reason given (``VacancyClosed``)."""
    check_form(
        request, caller, csrf, message=STALE, link=(_vacancy_path(vacancy_id, "/cerrar"), "Volver")
    )
    if ownership(connection, caller, vacancy_id) is not Ownership.MINE:
        raise _missing(caller)
    record = _open(caller, _stored(connection, caller, vacancy_id))
    try:
        chosen = VacancyCloseReason(reason)
    except ValueError:
        errors = {"reason": "Elija por qué cierra la vacante."}
        return _close_page(request, caller, record, errors=errors, status=422)
    publish_close(producer, record.vacancy_id, chosen)
    return _redirect(HOME, "cerrada")


@router.post(
    "/empresa/vacantes/{vacancy_id}/resultados",
    status_code=303,
    response_class=RedirectResponse,
    responses=VACANCY_PAGE | html_page(422, "Resultado desconocido.") | DONE,
)
def post_outcome(
    vacancy_id: str,
    request: Request,
    caller: EmployerPage,
    csrf: Csrf,
    connection: ConnectionDep,
    producer: ProducerDep,
    settings: SettingsDep,
    match_id: Annotated[str, Form(max_length=64, description="La vinculación.")] = "",
    resultado: Annotated[
        str, Form(max_length=40, description="interviewed, offered, hired o rejected.")
    ] = "",
) -> Response:
    """Record what happened with a candidate of the shortlist, as ``POST /v1/outcomes`` does."""
    check_form(request, caller, csrf, message=STALE, link=(_vacancy_path(vacancy_id), "Volver"))
    kind = next((k for k in RECORDED if k.value == resultado), None)
    if kind is None:
        raise OrganisationPageError(
            422,
            "Elija uno de los resultados de la lista.",
            caller=caller,
            link=(_vacancy_path(vacancy_id), "Volver"),
        )
    try:
        match = uuid.UUID(match_id)
    except ValueError:
        raise _missing(caller) from None
    owners = owned_match(connection, caller, match)
    if owners is None or owners.vacancy_id != vacancy_id:
        raise _missing(caller)
    report_outcome(producer, caller, owners, kind, datetime.now(UTC))
    anchor = "#" + candidate_reference(reference_key(settings), caller, owners.graduate_id)
    return _redirect(_vacancy_path(vacancy_id), kind.value, anchor)
