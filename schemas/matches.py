"""Events about matches between a graduate and a vacancy."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from schemas.base import BaseEvent, GraduateId, UnitInterval, VacancyId
from schemas.enums import WithdrawalReason

ComponentName = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")
]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class MatchProposed(BaseEvent):
    """The matcher proposed a graduate for a vacancy, with its reasons in Spanish."""

    event_type: Literal["MatchProposed"] = "MatchProposed"
    match_id: UUID
    graduate_id: GraduateId
    vacancy_id: VacancyId
    score: UnitInterval
    components: Annotated[dict[ComponentName, UnitInterval], Field(max_length=32)]
    reasons: Annotated[tuple[Reason, ...], Field(max_length=50)]
    rank: Annotated[int, Field(ge=1)]
    model_version: Annotated[str, StringConstraints(min_length=1, max_length=100)]


class MatchWithdrawn(BaseEvent):
    """A proposed match no longer stands."""

    event_type: Literal["MatchWithdrawn"] = "MatchWithdrawn"
    match_id: UUID
    graduate_id: GraduateId
    vacancy_id: VacancyId
    reason: WithdrawalReason
