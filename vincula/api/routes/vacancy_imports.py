"""Employers publish vacancies as schema.org JobPosting JSON-LD, as their job boards export them."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from streams.ingest.job_posting import read_job_postings
from vincula.api.bodies import CALLER_ERRORS, UNAVAILABLE, VacancyRequest, problem
from vincula.api.deps import ConnectionDep, ProducerDep
from vincula.api.job_posting_bodies import (
    REQUEST_BODY,
    ImportedVacancy,
    JobPostingAccepted,
    JobPostingProblems,
    PropertyNote,
)
from vincula.api.routes.vacancies import own_vacancy, publish_vacancy
from vincula.api.security import EmployerCaller
from vincula.web.formats import MEXICO_CITY

router = APIRouter(prefix="/v1/vacancies", tags=["empresas"])

MAX_DOCUMENT_BYTES = 1024 * 1024
JSON_MEDIA_TYPES = frozenset({"application/ld+json", "application/json"})


async def job_posting_document(request: Request) -> object:
    """The body parsed as JSON; 415 for another media type, 413 past 1 MiB, 400 if broken."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in JSON_MEDIA_TYPES:
        raise HTTPException(status_code=415, detail="envíe el documento como application/ld+json")
    body = await request.body()
    if len(body) > MAX_DOCUMENT_BYTES:
        raise HTTPException(status_code=413, detail="el documento pasa de 1 MiB")
    try:
        document: object = json.loads(body)
    except ValueError as error:  # also a body that is not UTF-8
        raise HTTPException(
            status_code=400, detail=f"el cuerpo no es JSON válido: {error}"
        ) from None
    return document


@router.post(
    "/jsonld",
    status_code=202,
    response_model=JobPostingAccepted,
    openapi_extra={"requestBody": REQUEST_BODY},
    responses=CALLER_ERRORS
    | problem(404, "Una vacante del documento es de otro empleador.")
    | problem(413, "El documento pasa de 1 MiB.")
    | problem(415, "El cuerpo no es JSON.")
    | {422: {"model": JobPostingProblems, "description": "Problemas por propiedad JSON-LD."}}
    | UNAVAILABLE,
)
def import_job_postings(
    document: Annotated[object, Depends(job_posting_document)],
    caller: EmployerCaller,
    connection: ConnectionDep,
    producer: ProducerDep,
) -> JobPostingAccepted | JSONResponse:
    """Publish every JobPosting of a JSON-LD document (one, a list or an @graph) as a vacancy.

    The employer is the caller's credential, whatever ``hiringOrganization`` says. A
    posting already published (same ``identifier``) is replaced. All or nothing: one
    problem anywhere answers 422 with every problem and publishes nothing.
    """
    assert caller.employer_id is not None  # an employer credential always names its employer
    today = datetime.now(MEXICO_CITY).date()
    found = read_job_postings(document, employer_id=caller.employer_id, today=today)
    if found.problems:
        refused = JobPostingProblems(
            detail=f"el documento tiene {len(found.problems)} problema(s); no se publicó nada",
            errors=[PropertyNote.of(item) for item in found.problems],
        )
        return JSONResponse(status_code=422, content=refused.model_dump(mode="json"))
    bodies = [VacancyRequest.model_validate(dict(item.fields)) for item in found.postings]
    # Every ownership is checked before anything is published.
    updates = [own_vacancy(connection, caller, body.vacancy_id) for body in bodies]
    published = [
        ImportedVacancy(
            vacancy_id=body.vacancy_id,
            event_id=publish_vacancy(producer, body, update=update).event_id,
            updated=update,
        )
        for body, update in zip(bodies, updates, strict=True)
    ]
    notes = [PropertyNote.of(note) for item in found.postings for note in item.notes]
    return JobPostingAccepted(vacancies=published, notes=notes)
