"""Versioned event contracts: frozen models, JSON Schemas and stored examples."""

from schemas.base import CURRENT_SCHEMA_VERSION, BaseEvent
from schemas.codec import MAX_PAYLOAD_BYTES, event_to_json, parse_event
from schemas.errors import SchemaError
from schemas.graduates import (
    ConsentChanged,
    Consents,
    Credential,
    GraduateCertified,
    GraduateErased,
    LanguageSkill,
    Preferences,
)
from schemas.matches import MatchProposed, MatchWithdrawn
from schemas.notifications import NotificationDelivered, NotificationRequested
from schemas.outcomes import FollowUpDue, PlacementOutcome
from schemas.registry import EVENT_TYPES, AnyEvent
from schemas.vacancies import VacancyClosed, VacancyPosted, VacancyUpdated

__all__ = [
    "CURRENT_SCHEMA_VERSION",
    "EVENT_TYPES",
    "MAX_PAYLOAD_BYTES",
    "AnyEvent",
    "BaseEvent",
    "ConsentChanged",
    "Consents",
    "Credential",
    "FollowUpDue",
    "GraduateCertified",
    "GraduateErased",
    "LanguageSkill",
    "MatchProposed",
    "MatchWithdrawn",
    "NotificationDelivered",
    "NotificationRequested",
    "PlacementOutcome",
    "Preferences",
    "SchemaError",
    "VacancyClosed",
    "VacancyPosted",
    "VacancyUpdated",
    "event_to_json",
    "parse_event",
]
