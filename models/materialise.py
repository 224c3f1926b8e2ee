"""The state fold: how each event changes the tables.

Stream consumers call it inside the transaction that records the event as
processed; ``vincula replay`` calls it to rebuild the database from offset
0. It writes only what follows from the event itself, so both paths give
the same state. Events of graduates who asked to be erased are skipped, so
a deletion survives a replay.
"""

from __future__ import annotations

from models.erasures import erase_graduate
from models.graduates import apply_consent_change, store_graduate
from models.matches import store_match, withdraw_match
from models.notifications import record_delivery, store_notification
from models.outcomes import OutcomeEffect, mark_follow_up_due, store_outcome
from models.pool import Connection
from models.vacancies import close_vacancy, store_vacancy
from models.webhook_endpoints import remove_endpoint, store_endpoint
from schemas.employers import WebhookEndpointRegistered, WebhookEndpointRemoved
from schemas.graduates import ConsentChanged, GraduateCertified, GraduateErased
from schemas.matches import MatchProposed, MatchWithdrawn
from schemas.notifications import NotificationDelivered, NotificationRequested
from schemas.outcomes import FollowUpDue, PlacementOutcome
from schemas.registry import AnyEvent
from schemas.vacancies import VacancyClosed, VacancyPosted, VacancyUpdated


async def is_erased(connection: Connection, *, graduate_id: str) -> bool:
    """True when the graduate asked for their data to be deleted."""
    cursor = await connection.execute(
        "SELECT 1 FROM erasures WHERE graduate_id = %s", (graduate_id,)
    )
    return await cursor.fetchone() is not None


async def apply_event(connection: Connection, event: AnyEvent) -> OutcomeEffect | None:
    """Apply one event's effect; returns what an outcome changed (None otherwise)."""
    graduate_id = getattr(event, "graduate_id", None)
    if isinstance(graduate_id, str) and await is_erased(connection, graduate_id=graduate_id):
        return None
    match event:
        case GraduateCertified():
            await store_graduate(connection, event=event)
        case ConsentChanged():
            await apply_consent_change(connection, event=event)
        case GraduateErased():
            await erase_graduate(connection, event=event)
        case VacancyPosted() | VacancyUpdated():
            await store_vacancy(connection, event=event)
        case VacancyClosed():
            await close_vacancy(connection, event=event)
        case MatchProposed():
            await store_match(connection, event=event)
        case MatchWithdrawn():
            await withdraw_match(connection, event=event)
        case NotificationRequested():
            await store_notification(connection, event=event)
        case NotificationDelivered():
            await record_delivery(connection, event=event)
        case PlacementOutcome():
            return await store_outcome(connection, event=event)
        case FollowUpDue():
            await mark_follow_up_due(connection, event=event)
        case WebhookEndpointRegistered():
            await store_endpoint(connection, event=event)
        case WebhookEndpointRemoved():
            await remove_endpoint(connection, event=event)
    return None
