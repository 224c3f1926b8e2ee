"""Events about vacancies: posted, replaced by an update, closed."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

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
    MexicanState,
    Modality,
    Sector,
    VacancyCloseReason,
    VacancyKind,
)

MAX_DESCRIPTION_CHARS = 20_000
MAX_SEATS = 10_000

Description = Annotated[str, StringConstraints(min_length=1, max_length=MAX_DESCRIPTION_CHARS)]
Salary = Annotated[int, Field(ge=0)]


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
    state: MexicanState
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
