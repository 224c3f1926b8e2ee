"""Matches: store the proposal, update the shortlist, ask for notifications."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from models.graduates import consents_of
from models.pool import Database
from models.vacancies import vacancy_summary
from schemas.enums import MexicanState, NotificationChannel, NotificationKind
from schemas.matches import MatchProposed, MatchWithdrawn
from schemas.notifications import NotificationRequested
from schemas.registry import AnyEvent
from streams.effects import apply_once
from streams.processing import Delivery, Handler, Outgoing, PermanentError
from streams.proposals import MATCH_NAMESPACE

CONSUMER = "matches"


def notification_id(match_id: uuid.UUID, channel: NotificationChannel, template: str) -> uuid.UUID:
    """One notification per match, channel and template, however often the match is seen."""
    return uuid.uuid5(MATCH_NAMESPACE, f"notification:{match_id}:{channel.value}:{template}")


def match_notifications(
    event: MatchProposed, *, vacancy: dict[str, str], consents: dict[str, bool]
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
    if consents.get("notifications", False):
        params = {
            **common,
            "vacancy_title": vacancy["vacancy_title"],
            "employer_name": vacancy["employer_name"],
            "city": vacancy["city"],
            "state": vacancy["state"],
            "state_name": MexicanState(vacancy["state"]).spanish_name,
            "modality": vacancy["modality"],
            "kind": vacancy["kind"],
        }
        requests.append(_request(event, NotificationChannel.EMAIL, "match_proposed", params))
    if vacancy["webhook_url"] and consents.get("share_with_employers", False):
        params = {**common, "rank": str(event.rank), "webhook_url": vacancy["webhook_url"]}
        requests.append(_request(event, NotificationChannel.WEBHOOK, "shortlist_updated", params))
    return requests


def _request(
    event: MatchProposed, channel: NotificationChannel, template: str, params: dict[str, str]
) -> Outgoing:
    identifier = notification_id(event.match_id, channel, template)
    request = NotificationRequested(
        event_id=uuid.uuid5(MATCH_NAMESPACE, f"requested:{identifier}"),
        event_time=event.event_time,
        schema_version=1,
        notification_id=identifier,
        graduate_id=event.graduate_id,
        kind=NotificationKind.MATCH,
        channel=channel,
        match_id=event.match_id,
        template=template,
        params=params,
    )
    return Outgoing(key=event.graduate_id, event=request)


def match_handler(database: Database) -> Handler:
    """Handler for the matches topic."""

    async def handle(event: AnyEvent, delivery: Delivery) -> Sequence[Outgoing]:
        if not isinstance(event, MatchProposed | MatchWithdrawn):
            raise PermanentError(f"{event.event_type} no pertenece a {delivery.topic}")
        await apply_once(database, consumer=CONSUMER, event=event, delivery=delivery)
        if isinstance(event, MatchWithdrawn):
            return []
        async with database.connection() as connection:
            vacancy = await vacancy_summary(connection, vacancy_id=event.vacancy_id)
            consents = await consents_of(connection, graduate_id=event.graduate_id)
        if vacancy is None:
            raise PermanentError(f"la vacante {event.vacancy_id} no existe")
        return match_notifications(event, vacancy=vacancy, consents=consents)

    return handle
