"""Hand-written fakes of the stores and matchmaking the flow handlers depend on."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TypeVar

from models.notification_queries import Recipient, StoredNotification
from models.outcomes import OutcomeEffect
from models.vacancies import VacancySummary
from models.webhook_endpoints import WebhookEndpoint
from schemas.base import BaseEvent
from schemas.codec import parse_event
from schemas.enums import ConsentPurpose, MatchStatus, NotificationStatus, WithdrawalReason
from schemas.notifications import NotificationDelivered, NotificationRequested
from schemas.outcomes import PlacementOutcome
from schemas.registry import AnyEvent
from streams.effects import Applied
from streams.processing import Delivery, Outgoing

EXAMPLES = Path(__file__).resolve().parents[3] / "schemas" / "examples"
E = TypeVar("E", bound=BaseEvent)


def example(kind: type[E], **changes: Any) -> E:
    """The packaged example of ``kind``, with ``changes`` applied."""
    event = parse_event((EXAMPLES / kind.__name__ / "v1.json").read_bytes())
    assert isinstance(event, kind)
    return event.model_copy(update=changes)


def delivery(topic: str = "t.v1", offset: int = 0) -> Delivery:
    """Where a test event was 'read' from."""
    return Delivery(topic=topic, partition=0, offset=offset, key=None)


VACANCY: VacancySummary = {
    "vacancy_title": "Analista de datos",
    "employer_name": "Aeroparts del Bajío",
    "city": "Querétaro",
    "state": "QUE",
    "modality": "on_site",
    "kind": "job",
    "language": "es",
    "employer_id": "aeroparts-bajio",
    "has_webhook": True,
}


@dataclass
class FakeStore:
    """``FlowStore`` in memory: claims per (consumer, event id), two lookups from dicts."""

    vacancies: dict[str, VacancySummary] = field(default_factory=dict)
    consents: dict[str, dict[ConsentPurpose, bool]] = field(default_factory=dict)
    effects: dict[uuid.UUID, OutcomeEffect] = field(default_factory=dict)
    claimed: set[tuple[str, uuid.UUID]] = field(default_factory=set)
    applied: list[tuple[str, AnyEvent, str]] = field(default_factory=list)

    async def apply_once(self, *, consumer: str, event: AnyEvent, topic: str) -> Applied:
        key = (consumer, event.event_id)
        if key in self.claimed:
            return Applied(first_time=False)
        self.claimed.add(key)
        self.applied.append((consumer, event, topic))
        return Applied(first_time=True, outcome=self.effects.get(event.event_id))

    async def vacancy_summary(self, vacancy_id: str) -> VacancySummary | None:
        return self.vacancies.get(vacancy_id)

    async def consents_of(self, graduate_id: str) -> dict[ConsentPurpose, bool]:
        return self.consents.get(graduate_id, {})


@dataclass
class FakeMatchmaking:
    """``Matchmaking`` that records what it was asked and answers with canned events."""

    answer: list[Outgoing] = field(default_factory=list)
    calls: list[tuple[str, object, object]] = field(default_factory=list)

    async def for_graduates(self, causes: Mapping[str, BaseEvent]) -> list[Outgoing]:
        self.calls.append(("for_graduates", dict(causes), None))
        return list(self.answer)

    async def for_vacancy(self, vacancy_id: str, *, cause: BaseEvent) -> list[Outgoing]:
        self.calls.append(("for_vacancy", vacancy_id, cause))
        return list(self.answer)

    async def withdraw_for_vacancy(
        self, vacancy_id: str, *, reason: WithdrawalReason, cause: BaseEvent
    ) -> list[Outgoing]:
        self.calls.append(("withdraw_for_vacancy", vacancy_id, reason))
        return list(self.answer)

    async def withdraw_for_graduate(
        self, graduate_id: str, *, reason: WithdrawalReason, cause: BaseEvent
    ) -> list[Outgoing]:
        self.calls.append(("withdraw_for_graduate", graduate_id, reason))
        return list(self.answer)

    async def forget_graduate(self, graduate_id: str) -> None:
        self.calls.append(("forget_graduate", graduate_id, None))


@dataclass
class FakeReads:
    """``NotificationReads`` from plain dicts."""

    consents: dict[tuple[str, ConsentPurpose], bool] = field(default_factory=dict)
    statuses: dict[uuid.UUID, MatchStatus] = field(default_factory=dict)
    sent_today: int = 0
    recipients: dict[str, Recipient] = field(default_factory=dict)
    webhooks: dict[str, WebhookEndpoint] = field(default_factory=dict)
    stored: dict[uuid.UUID, StoredNotification] = field(default_factory=dict)

    async def consent_granted(self, graduate_id: str, purpose: ConsentPurpose) -> bool:
        return self.consents.get((graduate_id, purpose), False)

    async def match_status(self, match_id: uuid.UUID) -> MatchStatus | None:
        return self.statuses.get(match_id)

    async def capped_emails_delivered(
        self, graduate_id: str, start: datetime, end: datetime
    ) -> int:
        return self.sent_today

    async def recipient_of(self, graduate_id: str) -> Recipient | None:
        return self.recipients.get(graduate_id)

    async def webhook_endpoint(self, employer_id: str) -> WebhookEndpoint | None:
        return self.webhooks.get(employer_id)

    async def notifications_by_id(self, ids: Sequence[uuid.UUID]) -> list[StoredNotification]:
        return [self.stored[i] for i in ids if i in self.stored]


@dataclass
class FakeNotificationStore:
    """``NotificationStore`` in memory: requests claimed once, final statuses kept."""

    reads: FakeReads = field(default_factory=FakeReads)
    claimed: set[tuple[str, uuid.UUID]] = field(default_factory=set)
    rows: dict[uuid.UUID, StoredNotification] = field(default_factory=dict)
    erased: set[str] = field(default_factory=set)

    async def store_request(
        self, event: NotificationRequested, *, consumer: str, topic: str
    ) -> StoredNotification | None:
        if event.graduate_id in self.erased:
            return None
        if (consumer, event.event_id) not in self.claimed:
            self.claimed.add((consumer, event.event_id))
            self.rows.setdefault(event.notification_id, _row(event))
        return self.rows.get(event.notification_id)

    async def store_delivery(self, event: NotificationDelivered) -> None:
        row = self.rows[event.notification_id]
        status = NotificationStatus(event.status.value)
        self.rows[event.notification_id] = row.model_copy(
            update={"status": status, "attempts": event.attempts, "detail": event.detail}
        )

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[FakeReads]:
        yield self.reads


def _row(event: NotificationRequested) -> StoredNotification:
    return StoredNotification(
        notification_id=event.notification_id,
        graduate_id=event.graduate_id,
        kind=event.kind,
        channel=event.channel,
        match_id=event.match_id,
        template=event.template,
        params=dict(event.params),
        status=NotificationStatus.REQUESTED,
        attempts=0,
        detail="",
        requested_at=datetime.now(UTC),
    )


@dataclass
class FakeEmail:
    """An ``EmailSender`` that keeps what it was given."""

    sent: list[EmailMessage] = field(default_factory=list)

    async def send(self, message: EmailMessage) -> None:
        self.sent.append(message)


@dataclass
class FakeWebhook:
    """A ``WebhookSender`` that keeps what it was given."""

    posted: list[tuple[str, bytes, str]] = field(default_factory=list)
    secrets: list[tuple[str, ...]] = field(default_factory=list)

    async def post(
        self, url: str, body: bytes, *, delivery_id: str, secrets: Sequence[str]
    ) -> None:
        self.posted.append((url, body, delivery_id))
        self.secrets.append(tuple(secrets))


def hired(**changes: Any) -> PlacementOutcome:
    """A hire outcome."""
    return example(PlacementOutcome, **changes)
