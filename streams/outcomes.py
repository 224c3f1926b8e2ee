"""Outcomes and follow-ups: advance matches, fill seats, ask about retention."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from models.outcomes import ScheduledFollowUp, follow_ups_due
from models.pool import Database
from schemas.enums import (
    ConsentPurpose,
    NotificationChannel,
    NotificationKind,
    OutcomeKind,
    Reporter,
    VacancyCloseReason,
    WithdrawalReason,
)
from schemas.notifications import NotificationDelivered
from schemas.outcomes import FollowUpDue, PlacementOutcome
from schemas.registry import AnyEvent
from schemas.vacancies import VacancyClosed
from streams.effects import FlowStore
from streams.matchmaking import Matchmaking
from streams.notify.payloads import ANSWER_TEMPLATE
from streams.notify.requests import notification_request
from streams.processing import Delivery, Handler, Outgoing, PermanentError
from streams.proposals import MATCH_NAMESPACE, derived_event_id


def outcome_handler(consumer: str, store: FlowStore, matchmaker: Matchmaking) -> Handler:
    """Handler for the outcomes, follow-ups and deliveries topics, claiming under ``consumer``."""

    async def handle(event: AnyEvent, delivery: Delivery) -> Sequence[Outgoing]:
        if not isinstance(event, NotificationDelivered | FollowUpDue | PlacementOutcome):
            raise PermanentError(f"{event.event_type} no pertenece a {delivery.topic}")
        applied = await store.apply_once(consumer=consumer, event=event, topic=delivery.topic)
        if isinstance(event, NotificationDelivered):
            return []
        if isinstance(event, FollowUpDue):
            return await _follow_up_question(store, event)
        if event.reported_by is Reporter.GRADUATE and event.outcome in GRADUATE_ANSWERS:
            return await _answer_webhook(store, event)
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


# A graduate's answer to a proposal, as the employer's webhook names it.
GRADUATE_ANSWERS = {OutcomeKind.APPLIED: "interested", OutcomeKind.DECLINED: "not_interested"}


async def _answer_webhook(store: FlowStore, event: PlacementOutcome) -> list[Outgoing]:
    """Tell the employer a candidate answered, if it has an endpoint and may see them."""
    consents = await store.consents_of(event.graduate_id)
    if not consents.get(ConsentPurpose.SHARE_WITH_EMPLOYERS, False):
        return []
    vacancy = await store.vacancy_summary(event.vacancy_id)
    if vacancy is None or not vacancy["has_webhook"]:
        return []
    answer = GRADUATE_ANSWERS[event.outcome]
    request = notification_request(
        MATCH_NAMESPACE,
        uuid.uuid5(MATCH_NAMESPACE, f"notification:answer:{event.match_id}:{answer}"),
        event_time=event.event_time,
        graduate_id=event.graduate_id,
        kind=NotificationKind.MATCH,
        channel=NotificationChannel.WEBHOOK,
        template=ANSWER_TEMPLATE,
        params={
            "vacancy_id": event.vacancy_id,
            "match_id": str(event.match_id),
            "employer_id": vacancy["employer_id"],
            "answer": answer,
            "language": vacancy["language"],
        },
        match_id=event.match_id,
    )
    return [Outgoing(key=event.graduate_id, event=request)]


async def _follow_up_question(store: FlowStore, event: FollowUpDue) -> list[Outgoing]:
    consents = await store.consents_of(event.graduate_id)
    if not consents.get(ConsentPurpose.NOTIFICATIONS, False):
        return []
    vacancy = await store.vacancy_summary(event.vacancy_id)
    if vacancy is None:
        return []
    request = notification_request(
        MATCH_NAMESPACE,
        uuid.uuid5(MATCH_NAMESPACE, f"notification:follow-up:{event.follow_up_id}"),
        event_time=event.event_time,
        graduate_id=event.graduate_id,
        kind=NotificationKind.FOLLOW_UP,
        channel=NotificationChannel.EMAIL,
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
        match_id=event.match_id,
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
