"""Every event type, as a discriminated union and as a name-to-class registry."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated

from pydantic import Field, TypeAdapter

from schemas.base import BaseEvent
from schemas.employers import WebhookEndpointRegistered, WebhookEndpointRemoved
from schemas.graduates import ConsentChanged, GraduateCertified, GraduateErased
from schemas.matches import MatchProposed, MatchWithdrawn
from schemas.notifications import NotificationDelivered, NotificationRequested
from schemas.outcomes import FollowUpDue, PlacementOutcome
from schemas.vacancies import VacancyClosed, VacancyPosted, VacancyUpdated

AnyEvent = Annotated[
    GraduateCertified
    | ConsentChanged
    | GraduateErased
    | VacancyPosted
    | VacancyUpdated
    | VacancyClosed
    | MatchProposed
    | MatchWithdrawn
    | NotificationRequested
    | NotificationDelivered
    | PlacementOutcome
    | FollowUpDue
    | WebhookEndpointRegistered
    | WebhookEndpointRemoved,
    Field(discriminator="event_type"),
]

_CLASSES: tuple[type[BaseEvent], ...] = (
    GraduateCertified,
    ConsentChanged,
    GraduateErased,
    VacancyPosted,
    VacancyUpdated,
    VacancyClosed,
    MatchProposed,
    MatchWithdrawn,
    NotificationRequested,
    NotificationDelivered,
    PlacementOutcome,
    FollowUpDue,
    WebhookEndpointRegistered,
    WebhookEndpointRemoved,
)

EVENT_TYPES: Mapping[str, type[BaseEvent]] = MappingProxyType(
    {cls.__name__: cls for cls in _CLASSES}
)

ANY_EVENT_ADAPTER: TypeAdapter[AnyEvent] = TypeAdapter(AnyEvent)
