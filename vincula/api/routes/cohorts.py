"""``POST /v1/cohorts``: a programme uploads a cohort file (CSV or JSON Lines).

:func:`load_cohort` is the one code path of an upload: this route and the
programme's page (``programme_pages``) both call it, and each shows its
refusals its own way (a JSON problem, or a message on the page).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, File, HTTPException, Query, UploadFile

from schemas.enums import Issuer
from streams.ingest.cohort import CohortFormat, detect_format
from streams.ingest.errors import CohortFormatError
from streams.ingest.issuers import load_issuers
from streams.ingest.service import IngestReport, ingest_cohort
from vincula.api.bodies import CALLER_ERRORS, UNAVAILABLE, CohortReport, problem
from vincula.api.deps import BackendsDep, SettingsDep, UploadLimitDep
from vincula.api.runtime import CohortBackends
from vincula.api.security import Caller, UploaderCaller
from vincula.settings import Settings

router = APIRouter(tags=["cohortes"])

_COPY_CHUNK = 1 << 20


class UploadRefused(Exception):
    """A cohort file that cannot be read at all: too large (413) or of no known format (400)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def too_large_message(limit: int) -> str:
    """The 413 message."""
    return f"el archivo supera el máximo de {limit // (1024 * 1024)} MiB; divídalo en partes"


def _spool(upload: UploadFile, target: Path, limit: int) -> None:
    copied = 0
    with target.open("wb") as out:
        while chunk := upload.file.read(_COPY_CHUNK):
            copied += len(chunk)
            if copied > limit:
                raise UploadRefused(413, too_large_message(limit))
            out.write(chunk)


def _format_of(upload: UploadFile, requested: CohortFormat | None, hint: str) -> CohortFormat:
    if requested is not None:
        return requested
    try:
        return detect_format(Path(upload.filename or "cohorte"))
    except CohortFormatError as error:
        raise UploadRefused(400, f"{error}, {hint}") from None


def load_cohort(
    caller: Caller,
    settings: Settings,
    backends: CohortBackends,
    limit: int,
    file: UploadFile,
    *,
    fmt: CohortFormat | None,
    dry_run: bool,
    format_hint: str = "o indique ?format=csv|jsonl",
) -> IngestReport:
    """Validate every row; store contacts and publish events of the good ones; report the bad.

    A programme's rows of any other issuer are reported and never ingested; an operator
    loads any issuer's cohort. Raises :class:`UploadRefused` for a file it cannot read;
    ``format_hint`` says how to name the format when the file's name does not.
    """
    chosen = _format_of(file, fmt, format_hint)
    issuer = None if caller.programme is None else Issuer(caller.programme)
    key = settings.pseudonym_key.get_secret_value().encode()
    issuers = load_issuers(settings.issuer_registry_path)
    with tempfile.TemporaryDirectory(prefix="vincula-cohort-") as folder:
        # Messages name the file, so keep the programme's own name (never its folders).
        path = Path(folder) / (Path(file.filename or "").name or f"cohorte.{chosen}")
        _spool(file, path, limit)
        try:
            if dry_run:
                return ingest_cohort(
                    path,
                    key=key,
                    contacts=None,
                    sink=None,
                    fmt=chosen,
                    issuer=issuer,
                    issuers=issuers,
                )
            # A backend that does not answer raises one of UNAVAILABLE: the app answers 503.
            with backends() as (contacts, sink):
                return ingest_cohort(
                    path,
                    key=key,
                    contacts=contacts,
                    sink=sink,
                    fmt=chosen,
                    issuer=issuer,
                    issuers=issuers,
                )
        except CohortFormatError as error:
            raise UploadRefused(400, str(error)) from None


@router.post(
    "/v1/cohorts",
    responses=problem(400, "Archivo ilegible o formato desconocido.")
    | problem(413, "Archivo demasiado grande.")
    | CALLER_ERRORS
    | UNAVAILABLE,
    summary="Cargar una cohorte",
)
def upload_cohort(
    caller: UploaderCaller,
    settings: SettingsDep,
    backends: BackendsDep,
    limit: UploadLimitDep,
    file: Annotated[UploadFile, File(description="Archivo .csv o .jsonl de la cohorte.")],
    fmt: Annotated[
        Literal["csv", "jsonl"] | None,
        Query(alias="format", description="Formato, si el nombre no lo indica."),
    ] = None,
    dry_run: Annotated[bool, Query(description="Solo validar; no guarda ni publica.")] = False,
) -> CohortReport:
    """Validate every row; store contacts and publish events of the good ones; report the bad.

    A programme's rows of any other issuer are reported and never ingested; an
    operator loads any issuer's cohort.
    """
    try:
        report = load_cohort(caller, settings, backends, limit, file, fmt=fmt, dry_run=dry_run)
    except UploadRefused as refused:
        raise HTTPException(status_code=refused.status, detail=refused.message) from None
    return CohortReport.of(report)
