"""Vacancies posted, updated or closed: store, match, withdraw."""

from __future__ import annotations

from collections.abc import Sequence

from schemas.enums import VacancyCloseReason, WithdrawalReason
from schemas.registry import AnyEvent
from schemas.vacancies import VacancyClosed, VacancyPosted, VacancyUpdated
from streams.effects import FlowStore
from streams.matchmaking import Matchmaking
from streams.processing import Delivery, Handler, Outgoing, PermanentError


def vacancy_handler(consumer: str, store: FlowStore, matchmaker: Matchmaking) -> Handler:
    """Handler for the vacancies topic, claiming under ``consumer``."""

    async def handle(event: AnyEvent, delivery: Delivery) -> Sequence[Outgoing]:
        if not isinstance(event, VacancyPosted | VacancyUpdated | VacancyClosed):
            raise PermanentError(f"{event.event_type} no pertenece a {delivery.topic}")
        await store.apply_once(consumer=consumer, event=event, topic=delivery.topic)
        if isinstance(event, VacancyClosed):
            reason = (
                WithdrawalReason.VACANCY_FILLED
                if event.reason is VacancyCloseReason.FILLED
                else WithdrawalReason.VACANCY_CLOSED
            )
            return await matchmaker.withdraw_for_vacancy(
                event.vacancy_id, reason=reason, cause=event
            )
        return await matchmaker.for_vacancy(event.vacancy_id, cause=event)

    return handle
