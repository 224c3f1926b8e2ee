"""The training programme's page: upload a cohort, read its load report, see its own placements.

The upload runs :func:`~vincula.api.routes.cohorts.load_cohort`, the code
behind ``POST /v1/cohorts``: a programme's rows of another issuer are reported
and never loaded. The figures count only the graduates its issuer certified,
with cells under ten people suppressed as in the ministry's reports.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from models.reports import Connection, ProgrammeFigures, programme_placements
from schemas.enums import Issuer
from schemas.labels import spanish_code
from streams.ingest.cohort import CohortFormat
from streams.ingest.service import IngestReport
from vincula.api.bodies import ORGANISATION_PAGE, form_page_error, html_page
from vincula.api.deps import BackendsDep, ConnectionDep, SettingsDep, UploadLimitDep
from vincula.api.org_pages import check_form, signed_in_page
from vincula.api.page_auth import ProgrammePage
from vincula.api.routes.cohorts import UploadRefused, load_cohort
from vincula.api.security import Caller

router = APIRouter(tags=["páginas"], default_response_class=HTMLResponse)

HOME = "/programa"
UPLOAD = "/programa/cohortes"
STALE = "La página venció; ábrala de nuevo y vuelva a elegir el archivo."
FORMATS: dict[str, CohortFormat | None] = {"": None, "csv": "csv", "jsonl": "jsonl"}
FORMAT_HINT = "o elija el formato en la lista"


def _issuer(caller: Caller) -> str:
    # A programme credential always names its issuer (a database constraint).
    assert caller.programme is not None
    return caller.programme


def _page(
    request: Request,
    caller: Caller,
    connection: Connection,
    *,
    report: IngestReport | None = None,
    file_name: str = "",
    error: str = "",
    status: int = 200,
) -> HTMLResponse:
    issuer = _issuer(caller)
    totals = programme_placements(connection, issuer=issuer)
    figures = totals[0] if totals else ProgrammeFigures("", None, None, None, None, None)
    return signed_in_page(
        request,
        caller,
        "programa.html",
        {
            "title": spanish_code(Issuer, issuer),
            "report": report,
            "file_name": file_name,
            "error": error,
            "figures": figures,
            "by_programme": programme_placements(connection, issuer=issuer, by="programme"),
            "by_state": programme_placements(connection, issuer=issuer, by="state"),
        },
        here=HOME,
        status=status,
    )


@router.get(HOME, responses=ORGANISATION_PAGE)
def programme_page(
    request: Request, caller: ProgrammePage, connection: ConnectionDep
) -> HTMLResponse:
    """The upload form and the programme's own placement figures."""
    return _page(request, caller, connection)


@router.post(
    UPLOAD,
    responses=ORGANISATION_PAGE
    | html_page(400, "Archivo ilegible, vacío o de formato desconocido.")
    | html_page(413, "Archivo demasiado grande.")
    | form_page_error("Formulario ilegible."),
)
def upload_page(
    request: Request,
    caller: ProgrammePage,
    connection: ConnectionDep,
    settings: SettingsDep,
    backends: BackendsDep,
    limit: UploadLimitDep,
    csrf: Annotated[str, Form(max_length=100, description="Valor anti-CSRF de la página.")],
    archivo: Annotated[
        UploadFile | None, File(description="Archivo .csv o .jsonl de la cohorte.")
    ] = None,
    formato: Annotated[str, Form(max_length=10, description="csv, jsonl o vacío.")] = "",
    solo_validar: Annotated[bool, Form(description="Solo validar; no guarda ni publica.")] = False,
) -> HTMLResponse:
    """Load the cohort file (or only validate it) and show every rejected line and why."""
    check_form(request, caller, csrf, message=STALE, link=(HOME, "Volver a mi programa"))
    if archivo is None or not archivo.filename:
        return _page(
            request, caller, connection, error="Elija el archivo de la cohorte.", status=400
        )
    file_name = archivo.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    try:
        report = load_cohort(
            caller,
            settings,
            backends,
            limit,
            archivo,
            fmt=FORMATS.get(formato),
            dry_run=solo_validar,
            format_hint=FORMAT_HINT,
        )
    except UploadRefused as refused:
        message = refused.message[:1].upper() + refused.message[1:] + "."
        return _page(
            request, caller, connection, file_name=file_name, error=message, status=refused.status
        )
    return _page(request, caller, connection, report=report, file_name=file_name)
