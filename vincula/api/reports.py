"""Response bodies of the API, as they appear in its OpenAPI description."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

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

    detail: str


class Health(BaseModel):
    """Liveness of the API process."""

    status: str
