"""Events about vacancies: posted, replaced by an update, closed."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationInfo, field_validator, model_validator

from schemas.base import (
    BaseEvent,
    EmployerId,
    ShortText,
    Skills,
    VacancyId,
    VendorCodes,
)
from schemas.enums import (
    CefrLevel,
    Modality,
    Sector,
    VacancyCloseReason,
    VacancyKind,
)
from schemas.regions import Country, Subdivision, subdivision_belongs

MAX_DESCRIPTION_CHARS = 20_000
MAX_SEATS = 10_000

Description = Annotated[str, StringConstraints(min_length=1, max_length=MAX_DESCRIPTION_CHARS)]
Salary = Annotated[int, Field(ge=0)]

# Mexico's Ley Federal del Trabajo (Título Quinto Bis, arts. 173-180) restricts the work of
# people aged 15 to 17: no night work, no hazardous or unhealthy work, and (the line Vincula
# holds for the whole age band) at most 6 hours a day.
MINOR_MAX_DAILY_HOURS = 6
_ADMITS_MINORS = "una vacante que admite personas de 15 a 17 años"


class _VacancyBody(BaseEvent):
    """Fields shared by a posting and its full-replacement update."""

    vacancy_id: VacancyId
    employer_id: EmployerId
    employer_name: ShortText
    kind: VacancyKind
    title: ShortText
    description: Description
    language: Literal["es", "en"]
    sector: Sector
    # Added within v1: absent on every event stored before Central America, which were Mexican.
    country: Country = Field(
        default=Country.MX,
        description="País de la vacante (ISO 3166-1 alfa-2: MX, SV, DO); ausente significa MX.",
    )
    state: Subdivision = Field(
        description="Estado (QUE), departamento (SV-SS) o provincia (DO-01) de la vacante; "
        "debe ser del país indicado."
    )
    city: ShortText
    modality: Modality
    seats: Annotated[int, Field(ge=1, le=MAX_SEATS)]
    required_skills: Skills = ()
    nice_to_have_skills: Skills = ()
    required_credentials: VendorCodes = ()
    nice_to_have_credentials: VendorCodes = ()
    english_level: CefrLevel | None = None
    salary_min_mxn: Salary | None = None
    salary_max_mxn: Salary | None = None
    closes_on: date
    accepted_countries: Annotated[tuple[Country, ...], Field(max_length=len(Country))] = Field(
        default=(),
        description="Países donde puede vivir quien la tome (remota) o desde donde puede "
        "mudarse (presencial o híbrida). Vacío: solo el país de la vacante.",
    )
    # Added within v1, optional with defaults so every stored event still parses.
    work_based_learning: bool = Field(
        default=False,
        description="Plaza de formación dual (aprendizaje en el trabajo): solo la toman "
        "personas que estudian y están inscritas en su programa.",
    )
    admits_minors: bool = Field(
        default=False,
        description="Admite personas de 15 a 17 años. Exige declarar las tres condiciones "
        "minor_* de la Ley Federal del Trabajo.",
    )
    minor_daily_hours: int | None = Field(
        default=None,
        ge=1,
        le=24,
        validate_default=True,
        description="Horas diarias de la jornada de una persona de 15 a 17 años; a lo más 6. "
        "Obligatorio si admits_minors.",
    )
    minor_daytime_only: bool = Field(
        default=False,
        validate_default=True,
        description="La empresa declara que el trabajo es solo diurno, nunca nocturno. "
        "Obligatorio (verdadero) si admits_minors.",
    )
    minor_no_hazardous_work: bool = Field(
        default=False,
        validate_default=True,
        description="La empresa declara que el puesto no incluye trabajo peligroso ni "
        "insalubre. Obligatorio (verdadero) si admits_minors.",
    )

    # The attestation is checked field by field (each error names its own field), after
    # admits_minors, which the fields follow.
    @field_validator("minor_daily_hours")
    @classmethod
    def _minor_hours(cls, value: int | None, info: ValidationInfo) -> int | None:
        if not info.data.get("admits_minors"):
            return value
        if value is None:
            msg = f"{_ADMITS_MINORS} debe declarar su jornada diaria (a lo más 6 horas)"
            raise ValueError(msg)
        if value > MINOR_MAX_DAILY_HOURS:
            msg = (
                f"{_ADMITS_MINORS} no puede tener jornadas de más de {MINOR_MAX_DAILY_HOURS}"
                f" horas diarias (se declararon {value})"
            )
            raise ValueError(msg)
        return value

    @field_validator("minor_daytime_only")
    @classmethod
    def _minor_daytime(cls, value: bool, info: ValidationInfo) -> bool:
        if info.data.get("admits_minors") and not value:
            msg = (
                f"{_ADMITS_MINORS} debe declarar que el trabajo es solo diurno, sin turno nocturno"
            )
            raise ValueError(msg)
        return value

    @field_validator("minor_no_hazardous_work")
    @classmethod
    def _minor_safe(cls, value: bool, info: ValidationInfo) -> bool:
        if info.data.get("admits_minors") and not value:
            msg = f"{_ADMITS_MINORS} debe declarar que no incluye trabajo peligroso ni insalubre"
            raise ValueError(msg)
        return value

    @field_validator("state")
    @classmethod
    def _state_in_country(cls, value: Subdivision, info: ValidationInfo) -> Subdivision:
        # A bad country is reported on its own field; the state is then not judged.
        country = info.data.get("country")
        if isinstance(country, Country):
            subdivision_belongs(value, country)
        return value

    @field_validator("accepted_countries")
    @classmethod
    def _canonical_countries(cls, value: tuple[Country, ...]) -> tuple[Country, ...]:
        # One spelling on the wire, whatever order the employer gave.
        return tuple(c for c in Country if c in value)

    def accepts(self) -> frozenset[Country]:
        """Countries whose residents the vacancy takes: those listed, else its own."""
        return frozenset(self.accepted_countries) or frozenset({self.country})

    @model_validator(mode="after")
    def _salary_range(self) -> _VacancyBody:
        low, high = self.salary_min_mxn, self.salary_max_mxn
        if low is not None and high is not None and low > high:
            msg = f"el salario mínimo ({low} MXN) supera al máximo ({high} MXN)"
            raise ValueError(msg)
        return self


class VacancyPosted(_VacancyBody):
    """An employer opened a vacancy with a number of seats."""

    event_type: Literal["VacancyPosted"] = "VacancyPosted"


class VacancyUpdated(_VacancyBody):
    """An employer replaced a vacancy's whole body (not a partial patch)."""

    event_type: Literal["VacancyUpdated"] = "VacancyUpdated"


class VacancyClosed(BaseEvent):
    """A vacancy stopped taking candidates."""

    event_type: Literal["VacancyClosed"] = "VacancyClosed"
    vacancy_id: VacancyId
    reason: VacancyCloseReason
