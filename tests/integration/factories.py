"""Realistic events for integration tests, built from the checked-in examples."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from schemas.codec import parse_event
from schemas.employers import WebhookEndpointRegistered
from schemas.enums import OutcomeKind, Reporter
from schemas.graduates import ConsentChanged, GraduateCertified
from schemas.outcomes import PlacementOutcome
from schemas.vacancies import VacancyPosted
from streams.proposals import match_id

EXAMPLES = Path(__file__).resolve().parents[2] / "schemas" / "examples"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def graduate_id(name: str) -> str:
    """A pseudonym-shaped id for a test person."""
    return hashlib.sha256(name.encode()).hexdigest()


def _example(name: str) -> dict[str, Any]:
    event = parse_event((EXAMPLES / name / "v1.json").read_bytes())
    return event.model_dump(mode="json")


def graduate(name: str, *, at: datetime = NOW, **changes: Any) -> GraduateCertified:
    """The example graduate under another pseudonym, with ``changes`` applied."""
    body = _example("GraduateCertified") | {
        "event_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"graduate:{name}:{at.isoformat()}")),
        "event_time": at.isoformat(),
        "graduate_id": graduate_id(name),
    }
    event = parse_event(body | changes)
    assert isinstance(event, GraduateCertified)
    return event


def vacancy(vacancy_id: str, *, at: datetime = NOW, **changes: Any) -> VacancyPosted:
    """The example vacancy under another id, with ``changes`` applied."""
    body = _example("VacancyPosted") | {
        "event_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"vacancy:{vacancy_id}")),
        "event_time": at.isoformat(),
        "vacancy_id": vacancy_id,
    }
    event = parse_event(body | changes)
    assert isinstance(event, VacancyPosted)
    return event


def webhook_endpoint(employer_id: str, *, at: datetime = NOW) -> WebhookEndpointRegistered:
    """The example endpoint registration, for ``employer_id``."""
    body = _example("WebhookEndpointRegistered") | {
        "event_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"webhook:{employer_id}")),
        "event_time": at.isoformat(),
        "verified_at": at.isoformat(),
        "previous_secret_valid_until": None,
        "secret_version": 1,
        "employer_id": employer_id,
    }
    event = parse_event(body)
    assert isinstance(event, WebhookEndpointRegistered)
    return event


def consent(name: str, purpose: str, granted: bool, *, at: datetime) -> ConsentChanged:
    """A consent change of a test person."""
    return ConsentChanged(
        event_id=uuid.uuid5(uuid.NAMESPACE_URL, f"consent:{name}:{purpose}:{at.isoformat()}"),
        event_time=at,
        schema_version=1,
        graduate_id=graduate_id(name),
        purpose=purpose,  # type: ignore[arg-type]
        granted=granted,
    )


def outcome(
    name: str, vacancy_id: str, kind: OutcomeKind, *, at: datetime, by: Reporter = Reporter.EMPLOYER
) -> PlacementOutcome:
    """An outcome of the match between a test person and a vacancy."""
    person = graduate_id(name)
    return PlacementOutcome(
        event_id=uuid.uuid5(uuid.NAMESPACE_URL, f"outcome:{name}:{vacancy_id}:{kind}:{at}"),
        event_time=at,
        schema_version=1,
        match_id=match_id(person, vacancy_id),
        graduate_id=person,
        vacancy_id=vacancy_id,
        outcome=kind,
        reported_by=by,
        occurred_at=at,
    )


def months_ago(months: int) -> datetime:
    """A moment ``months`` (of 31 days) before now, so follow-ups are already due."""
    return datetime.now(UTC) - timedelta(days=31 * months)
