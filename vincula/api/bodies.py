"""Request and response bodies of the API, as they appear in its OpenAPI description."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from models.reports import PlacementRow, ShortlistEntry
from schemas.enums import OutcomeKind, VacancyCloseReason
from schemas.vacancies import VacancyPosted
from streams.ingest.service import IngestReport


class RowProblem(BaseModel):
    """One problem in one row of an uploaded cohort."""

    model_config = ConfigDict(frozen=True)

    line: int = Field(description="Línea física del archivo (el encabezado CSV es la 1).")
    field: str = Field(description="Columna con el problema, o '(fila)'.")
    reason: str = Field(description="Motivo, en español.")


class CohortReport(BaseModel):
    """What happened to an uploaded cohort."""

    model_config = ConfigDict(frozen=True)

    accepted: int = Field(description="Filas publicadas como eventos de certificación.")
    rejected: int = Field(description="Filas rechazadas (con al menos un problema).")
    dry_run: bool = Field(description="Verdadero si solo se validó, sin guardar ni publicar.")
    errors: list[RowProblem]

    @classmethod
    def of(cls, report: IngestReport) -> CohortReport:
        """The response body for a service report."""
        return cls(
            accepted=report.accepted,
            rejected=report.rejected,
            dry_run=report.dry_run,
            errors=[RowProblem(line=e.line, field=e.field, reason=e.reason) for e in report.errors],
        )


class Problem(BaseModel):
    """An error response: what went wrong, for the operator."""

    detail: str = Field(description="Qué salió mal, en español.")


class Health(BaseModel):
    """Liveness of the API process."""

    status: Literal["ok"] = Field(description="Siempre 'ok' si el proceso responde.")


class Accepted(BaseModel):
    """A write was accepted and published; workers apply it shortly."""

    event_id: uuid.UUID = Field(description="Identificador del evento publicado.")
    status: Literal["aceptado"] = "aceptado"


# The API fills the envelope itself, so clients neither send nor see it.
_NO_EVENT = uuid.UUID(int=0)
_NO_TIME = datetime.fromisoformat("1970-01-01T00:00:00+00:00")


class VacancyRequest(VacancyPosted):
    """A vacancy as an employer posts it: the event's body, without its envelope."""

    # Unknown fields are refused, not ignored: a field an employer believes was taken
    # (such as a per-vacancy webhook URL, now registered once at /v1/webhook) must not vanish.
    model_config = ConfigDict(title="VacancyRequest", json_schema_extra=None, extra="forbid")

    event_id: SkipJsonSchema[uuid.UUID] = Field(default=_NO_EVENT, exclude=True)
    event_time: SkipJsonSchema[AwareDatetime] = Field(default=_NO_TIME, exclude=True)
    schema_version: SkipJsonSchema[int] = Field(default=1, exclude=True)
    event_type: SkipJsonSchema[Literal["VacancyPosted"]] = Field(
        default="VacancyPosted", exclude=True
    )

    def fields(self) -> dict[str, Any]:
        """The vacancy's fields as JSON values, ready for an event envelope."""
        return self.model_dump(mode="json")


class CloseRequest(BaseModel):
    """Why a vacancy stops taking candidates."""

    reason: VacancyCloseReason = Field(description="Cubierta, cancelada o vencida.")


class OutcomeReport(BaseModel):
    """An employer (or programme) reports what happened with a proposed match.

    Who reported it is the role of the credential, so the body does not say.
    """

    model_config = ConfigDict(extra="forbid")

    match_id: uuid.UUID = Field(description="La vinculación propuesta.")
    outcome: OutcomeKind = Field(description="Qué pasó: postulación, entrevista, contratación…")
    occurred_at: AwareDatetime = Field(description="Cuándo ocurrió, con zona horaria.")


class ShortlistCandidate(BaseModel):
    """A consenting candidate on a shortlist, under a reference only this employer sees."""

    rank: int = Field(description="Lugar en la lista, desde 1.")
    match_id: uuid.UUID = Field(description="La vinculación, para reportar resultados.")
    candidate: str = Field(
        description="Referencia opaca de la persona, distinta para cada empleador."
    )
    score: float = Field(description="Puntaje de la vinculación, entre 0 y 1.")
    status: str = Field(description="Estado: propuesta, postulación, entrevista, oferta…")
    reasons: list[str] = Field(description="Por qué se propone, en español.")

    @classmethod
    def of(cls, entry: ShortlistEntry, candidate: str) -> ShortlistCandidate:
        """The response item for a shortlist entry, with the employer's reference."""
        return cls(
            rank=entry.rank,
            match_id=entry.match_id,
            candidate=candidate,
            score=round(entry.score, 4),
            status=entry.status,
            reasons=list(entry.reasons),
        )


class PlacementCell(BaseModel):
    """Placements for one programme, state or sector; null where fewer than 10 people."""

    value: str = Field(description="Programa, estado (clave) o sector.")
    matched: int | None = Field(description="Personas con alguna vinculación.")
    hired: int | None = Field(description="Personas contratadas.")
    retained: int | None = Field(description="Personas que siguen en el empleo.")

    @classmethod
    def of(cls, row: PlacementRow) -> PlacementCell:
        """The response item for a placement row."""
        return cls(value=row.value, matched=row.matched, hired=row.hired, retained=row.retained)


Responses = dict[int | str, dict[str, Any]]


def problem(status: int, description: str) -> Responses:
    """An error response of an operation, documented with the :class:`Problem` body."""
    return {status: {"model": Problem, "description": description}}


def json_problem(status: int, description: str) -> Responses:
    """Like :func:`problem`, for operations whose own responses are not JSON."""
    schema = {"$ref": "#/components/schemas/Problem"}
    return {
        status: {"description": description, "content": {"application/json": {"schema": schema}}}
    }


_NOT_FOUND = "No existe."
_UNAVAILABLE = "Kafka o PostgreSQL no responden."
NOT_FOUND = problem(404, _NOT_FOUND)
CALLER_ERRORS = problem(401, "Falta la credencial, o no es válida.") | problem(
    403, "La credencial no permite esta operación."
)
UNAVAILABLE = problem(503, _UNAVAILABLE)


def html_page(status: int, description: str) -> Responses:
    """An error a person sees as a Spanish HTML page."""
    return {
        status: {
            "description": description,
            "content": {"text/html": {"schema": {"type": "string"}}},
        }
    }


# The pages graduates open from their e-mails: link problems are pages, an outage is JSON.
PAGE_ERRORS = (
    html_page(403, "Enlace no válido, vencido o de otra página.")
    | html_page(404, _NOT_FOUND)
    | json_problem(503, _UNAVAILABLE)
)


# The organisations' pages (employers, programmes): without a session, a redirect to sign in.
ORGANISATION_PAGE: Responses = (
    {303: {"description": "Sin sesión: a /entrar, y de vuelta después de entrar."}}
    | html_page(403, "Sesión de otro rol, o formulario vencido.")
    | json_problem(503, _UNAVAILABLE)
)


def form_page_error(description: str) -> Responses:
    """A form page shown again with its errors (422), or FastAPI's own 422 for a bad body."""
    validation = {"$ref": "#/components/schemas/HTTPValidationError"}
    return {
        422: {
            "description": description,
            "content": {
                "text/html": {"schema": {"type": "string"}},
                "application/json": {"schema": validation},
            },
        }
    }
