"""Outcomes and follow-ups: advance matches, fill seats, ask about retention."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from models.graduates import consents_of
from models.outcomes import ScheduledFollowUp, follow_ups_due
from models.pool import Database
from models.vacancies import vacancy_summary
from schemas.enums import (
    NotificationChannel,
    NotificationKind,
    OutcomeKind,
    VacancyCloseReason,
    WithdrawalReason,
)
from schemas.notifications import NotificationDelivered, NotificationRequested
from schemas.outcomes import FollowUpDue, PlacementOutcome
from schemas.registry import AnyEvent
from schemas.vacancies import VacancyClosed
from streams.effects import apply_once
from streams.matchmaking import Matchmaker
from streams.processing import Delivery, Handler, Outgoing, PermanentError
from streams.proposals import MATCH_NAMESPACE, derived_event_id

CONSUMER = "outcomes"


def outcome_handler(database: Database, matchmaker: Matchmaker) -> Handler:
    """Handler for the outcomes, follow-ups and deliveries topics."""

    async def handle(event: AnyEvent, delivery: Delivery) -> Sequence[Outgoing]:
        if isinstance(event, NotificationDelivered):
            await apply_once(database, consumer=CONSUMER, event=event, delivery=delivery)
            return []
        if isinstance(event, FollowUpDue):
            await apply_once(database, consumer=CONSUMER, event=event, delivery=delivery)
            return await _follow_up_question(database, event)
        if not isinstance(event, PlacementOutcome):
            raise PermanentError(f"{event.event_type} no pertenece a {delivery.topic}")
        applied = await apply_once(database, consumer=CONSUMER, event=event, delivery=delivery)
        if event.outcome is not OutcomeKind.HIRED:
            return []
        outgoing: list[Outgoing] = []
        effect = applied.outcome
        if effect is not None and effect.first_hire and effect.seats_filled >= effect.seats:
            closed = VacancyClosed(
                event_id=derived_event_id("filled", event.vacancy_id, event),
                event_time=event.event_time,
                schema_version=1,
                vacancy_id=event.vacancy_id,
                reason=VacancyCloseReason.FILLED,
            )
            outgoing.append(Outgoing(key=event.vacancy_id, event=closed))
        placed = await matchmaker.withdraw_for_graduate(
            event.graduate_id, reason=WithdrawalReason.GRADUATE_PLACED, cause=event
        )
        return outgoing + placed

    return handle


async def _follow_up_question(database: Database, event: FollowUpDue) -> list[Outgoing]:
    async with database.connection() as connection:
        consents = await consents_of(connection, graduate_id=event.graduate_id)
        vacancy = await vacancy_summary(connection, vacancy_id=event.vacancy_id)
    if not consents.get("notifications", False) or vacancy is None:
        return []
    identifier = uuid.uuid5(MATCH_NAMESPACE, f"notification:follow-up:{event.follow_up_id}")
    request = NotificationRequested(
        event_id=uuid.uuid5(MATCH_NAMESPACE, f"requested:{identifier}"),
        event_time=event.event_time,
        schema_version=1,
        notification_id=identifier,
        graduate_id=event.graduate_id,
        kind=NotificationKind.FOLLOW_UP,
        channel=NotificationChannel.EMAIL,
        match_id=event.match_id,
        template="follow_up",
        params={
            "vacancy_id": event.vacancy_id,
            "vacancy_title": vacancy["vacancy_title"],
            "employer_name": vacancy["employer_name"],
            "months": str(event.months),
            "match_id": str(event.match_id),
            "follow_up_id": str(event.follow_up_id),
            "language": "es",
        },
    )
    return [Outgoing(key=event.graduate_id, event=request)]


def follow_up_event(due: ScheduledFollowUp) -> Outgoing:
    """The ``FollowUpDue`` event of a follow-up whose time has come (event time = due time)."""
    months = due.months
    if months not in (3, 6, 12):
        raise PermanentError(f"seguimiento de {months} meses no previsto")
    event = FollowUpDue(
        event_id=uuid.uuid5(MATCH_NAMESPACE, f"follow-up-due:{due.follow_up_id}"),
        event_time=due.due_at,
        schema_version=1,
        follow_up_id=due.follow_up_id,
        match_id=due.match_id,
        graduate_id=due.graduate_id,
        vacancy_id=due.vacancy_id,
        months=months,
        due_at=due.due_at,
    )
    return Outgoing(key=str(due.match_id), event=event)


async def due_follow_ups(database: Database, *, now: datetime) -> list[Outgoing]:
    """``FollowUpDue`` events for every scheduled follow-up due at ``now``."""
    async with database.connection() as connection:
        due = await follow_ups_due(connection, now=now)
    return [follow_up_event(item) for item in due]
