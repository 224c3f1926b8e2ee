"""Events about what happened after a match: outcomes and follow-ups."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from schemas.base import BaseEvent, EventTime, GraduateId, VacancyId
from schemas.enums import OutcomeKind, Reporter


class PlacementOutcome(BaseEvent):
    """A step of a placement, reported by the graduate, employer or programme."""

    event_type: Literal["PlacementOutcome"] = "PlacementOutcome"
    match_id: UUID
    graduate_id: GraduateId
    vacancy_id: VacancyId
    outcome: OutcomeKind
    reported_by: Reporter
    occurred_at: EventTime


class FollowUpDue(BaseEvent):
    """A 3, 6 or 12-month follow-up of a placement is due."""

    event_type: Literal["FollowUpDue"] = "FollowUpDue"
    follow_up_id: UUID
    match_id: UUID
    graduate_id: GraduateId
    vacancy_id: VacancyId
    months: Literal[3, 6, 12]
    due_at: EventTime
