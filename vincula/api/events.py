"""Events the API publishes: ids derived from the request, so retries change nothing."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime

from models.reports import MatchRef
from schemas.base import BaseEvent
from schemas.enums import ConsentPurpose, OutcomeKind, Reporter
from schemas.graduates import ConsentChanged, GraduateErased
from schemas.outcomes import PlacementOutcome
from streams.processing import Outgoing
from streams.producer import EventProducer

API_NAMESPACE = uuid.UUID("4a1e6d2b-8c3f-4b7a-9e05-6d2c1f8a9b30")


def derived_id(kind: str, payload: object) -> uuid.UUID:
    """A stable event id for a request of ``kind`` with this payload."""
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
    return uuid.uuid5(API_NAMESPACE, f"{kind}:{digest}")


def outcome(
    ref: MatchRef, kind: OutcomeKind, by: Reporter, at: datetime, key: str
) -> PlacementOutcome:
    """An outcome of a match; ``key`` tells one report of the same match from another."""
    return PlacementOutcome(
        event_id=uuid.uuid5(API_NAMESPACE, f"outcome:{ref.match_id}:{key}"),
        event_time=at,
        schema_version=1,
        match_id=ref.match_id,
        graduate_id=ref.graduate_id,
        vacancy_id=ref.vacancy_id,
        outcome=kind,
        reported_by=by,
        occurred_at=at,
    )


def publish(producer: EventProducer, key: str, event: BaseEvent) -> None:
    """Send one event and wait until the broker has it."""
    producer.send(Outgoing(key=key, event=event))
    producer.flush()


def consent_change(
    graduate_id: str, purpose: ConsentPurpose, granted: bool, at: datetime
) -> ConsentChanged:
    """A graduate's own consent answer, as of ``at``."""
    payload = {"graduate": graduate_id, "purpose": purpose.value, "granted": granted, "at": at}
    return ConsentChanged(
        event_id=derived_id("consent", payload),
        event_time=at,
        schema_version=1,
        graduate_id=graduate_id,
        purpose=purpose,
        granted=granted,
    )


def erasure(graduate_id: str, at: datetime) -> GraduateErased:
    """A graduate's request to be deleted; asking twice is one event."""
    return GraduateErased(
        event_id=derived_id("erasure", {"graduate": graduate_id}),
        event_time=at,
        schema_version=1,
        graduate_id=graduate_id,
    )
