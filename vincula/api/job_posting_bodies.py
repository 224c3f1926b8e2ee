"""Bodies of the JSON-LD vacancy import: the JobPosting document as OpenAPI shows it, and answers.

The route reads the document itself (JSON-LD is too loose for a strict model:
a property may be text, an object or a list), so the request schema here only
documents what is read; ``streams.ingest.job_posting`` decides what is valid.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, Field

from streams.ingest.job_posting import PropertyMessage


class PropertyNote(BaseModel):
    """A problem or a note about one property of the JSON-LD document."""

    property: str = Field(description="Propiedad JSON-LD, p. ej. baseSalary.value.minValue.")
    message: str = Field(description="Qué pasa con ella, en español.")

    @classmethod
    def of(cls, found: PropertyMessage) -> PropertyNote:
        """The response item for a mapping problem or note."""
        return cls(property=found.property, message=found.message)


class ImportedVacancy(BaseModel):
    """A vacancy published from one JobPosting of the document."""

    vacancy_id: str = Field(description="Identificador de la vacante en Vincula.")
    event_id: uuid.UUID = Field(description="Identificador del evento publicado.")
    updated: bool = Field(description="Verdadero si reemplazó una vacante ya publicada.")


class JobPostingAccepted(BaseModel):
    """Every JobPosting of the document was published; workers apply them shortly."""

    status: Literal["aceptado"] = "aceptado"
    vacancies: list[ImportedVacancy]
    notes: list[PropertyNote] = Field(description="Valores supuestos por falta de datos.")


class JobPostingProblems(BaseModel):
    """The document was refused: every problem, under the property it comes from."""

    detail: str = Field(description="Resumen, en español.")
    errors: list[PropertyNote]


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "description": description}


def _one_or_many(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "array", "items": schema}]}


def _node(title: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "title": title,
        "properties": {"@type": _text(f"«{title}»")} | properties,
    }


_NAMED = _node("DefinedTerm", {"name": _text("Nombre.")})
_TERMS = _one_or_many({"anyOf": [{"type": "string"}, _NAMED]})
_ADDRESS = _node(
    "PostalAddress",
    {
        "addressLocality": _text("Ciudad o municipio."),
        "addressRegion": _text("Estado: nombre o clave (Querétaro, QUE, MX-QUE)."),
        "addressCountry": _text("País: MX (por ahora solo México)."),
    },
)
_SALARY = _node(
    "MonetaryAmount",
    {
        "currency": _text("MXN (otras monedas se rechazan)."),
        "value": {
            "anyOf": [
                {"type": "number"},
                _node(
                    "QuantitativeValue",
                    {
                        "value": {"type": "number", "description": "Un solo monto."},
                        "minValue": {"type": "number", "description": "Mínimo del rango."},
                        "maxValue": {"type": "number", "description": "Máximo del rango."},
                        "unitText": _text("HOUR, DAY, WEEK, MONTH o YEAR."),
                    },
                ),
            ]
        },
    },
)
JOB_POSTING_SCHEMA = _node(
    "JobPosting",
    {
        "@context": _text("https://schema.org"),
        "title": _text("Título del puesto."),
        "description": _text("Descripción; el HTML se convierte en texto."),
        "identifier": {
            "anyOf": [
                {"type": "string"},
                _node("PropertyValue", {"name": _text("Sistema."), "value": _text("Clave.")}),
            ]
        },
        "url": _text("Página de la vacante (da el id si no hay identifier)."),
        "datePosted": _text("Fecha ISO 8601."),
        "validThrough": _text("Fecha o fecha y hora ISO 8601 de cierre."),
        "employmentType": _one_or_many({"type": "string"}),
        "hiringOrganization": _node("Organization", {"name": _text("Nombre de la empresa.")}),
        "jobLocation": _one_or_many(_node("Place", {"address": _ADDRESS})),
        "jobLocationType": _text("TELECOMMUTE para trabajo remoto."),
        "applicantLocationRequirements": _one_or_many(_node("Country", {"name": _text("País.")})),
        "baseSalary": _SALARY,
        "industry": _TERMS,
        "skills": _TERMS,
        "qualifications": _one_or_many({"type": "string"}),
        "responsibilities": _one_or_many({"type": "string"}),
        "educationRequirements": _TERMS,
        "experienceRequirements": _TERMS,
        "totalJobOpenings": {"type": "integer", "description": "Plazas (1 si no viene)."},
        "inLanguage": _text("es o en (si no viene, se deduce del texto)."),
    },
)
DOCUMENT_SCHEMA = {
    "anyOf": [
        JOB_POSTING_SCHEMA,
        {"type": "array", "items": JOB_POSTING_SCHEMA},
        {
            "type": "object",
            "title": "Graph",
            "properties": {
                "@context": _text("https://schema.org"),
                "@graph": {"type": "array", "items": JOB_POSTING_SCHEMA},
            },
        },
    ]
}
REQUEST_BODY = {
    "required": True,
    "content": {
        media: {"schema": DOCUMENT_SCHEMA} for media in ("application/ld+json", "application/json")
    },
}
