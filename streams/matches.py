"""Matches: store the proposal, update the shortlist, ask for notifications."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from models.vacancies import VacancySummary
from schemas.enums import ConsentPurpose, NotificationChannel, NotificationKind
from schemas.matches import MatchProposed, MatchWithdrawn
from schemas.regions import place_name, subdivision
from schemas.registry import AnyEvent
from streams.effects import FlowStore
from streams.notify.payloads import SHORTLIST_TEMPLATE
from streams.notify.requests import notification_request
from streams.processing import Delivery, Handler, Outgoing, PermanentError
from streams.proposals import MATCH_NAMESPACE


def notification_id(match_id: uuid.UUID, channel: NotificationChannel, template: str) -> uuid.UUID:
    """One notification per match, channel and template, however often the match is seen."""
    return uuid.uuid5(MATCH_NAMESPACE, f"notification:{match_id}:{channel.value}:{template}")


def match_notifications(
    event: MatchProposed, *, vacancy: VacancySummary, consents: Mapping[ConsentPurpose, bool]
) -> list[Outgoing]:
    """The graduate's e-mail and the employer's webhook a proposal calls for, as consented."""
    requests: list[Outgoing] = []
    common = {
        "vacancy_id": event.vacancy_id,
        "match_id": str(event.match_id),
        "score": f"{event.score:.2f}",
        "reasons": "\n".join(event.reasons)[:2000],
        "language": vacancy["language"],
    }
    if consents.get(ConsentPurpose.NOTIFICATIONS, False):
        params = {
            **common,
            "vacancy_title": vacancy["vacancy_title"],
            "employer_name": vacancy["employer_name"],
            "city": vacancy["city"],
            "state": vacancy["state"],
            # A Mexican state by its name alone; others with their country.
            "state_name": place_name(subdivision(vacancy["state"])),
            "modality": vacancy["modality"],
            "kind": vacancy["kind"],
        }
        requests.append(_request(event, NotificationChannel.EMAIL, "match_proposed", params))
    if vacancy["has_webhook"] and consents.get(ConsentPurpose.SHARE_WITH_EMPLOYERS, False):
        params = {**common, "rank": str(event.rank), "employer_id": vacancy["employer_id"]}
        requests.append(_request(event, NotificationChannel.WEBHOOK, SHORTLIST_TEMPLATE, params))
    return requests


def _request(
    event: MatchProposed, channel: NotificationChannel, template: str, params: dict[str, str]
) -> Outgoing:
    request = notification_request(
        MATCH_NAMESPACE,
        notification_id(event.match_id, channel, template),
        event_time=event.event_time,
        graduate_id=event.graduate_id,
        kind=NotificationKind.MATCH,
        channel=channel,
        template=template,
        params=params,
        match_id=event.match_id,
    )
    return Outgoing(key=event.graduate_id, event=request)


def match_handler(consumer: str, store: FlowStore) -> Handler:
    """Handler for the matches topic, claiming under ``consumer``."""

    async def handle(event: AnyEvent, delivery: Delivery) -> Sequence[Outgoing]:
        if not isinstance(event, MatchProposed | MatchWithdrawn):
            raise PermanentError(f"{event.event_type} no pertenece a {delivery.topic}")
        await store.apply_once(consumer=consumer, event=event, topic=delivery.topic)
        if isinstance(event, MatchWithdrawn):
            return []
        vacancy = await store.vacancy_summary(event.vacancy_id)
        if vacancy is None:
            raise PermanentError(f"la vacante {event.vacancy_id} no existe")
        consents = await store.consents_of(event.graduate_id)
        return match_notifications(event, vacancy=vacancy, consents=consents)

    return handle
