"""Each flow of ``streams.flows`` against hand-written fakes: what it stores, what it emits."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from models.notification_queries import Recipient
from models.outcomes import OutcomeEffect
from models.webhook_endpoints import WebhookEndpoint
from schemas.employers import WebhookEndpointRegistered
from schemas.enums import (
    ConsentPurpose,
    DeliveryStatus,
    NotificationChannel,
    NotificationKind,
    OutcomeKind,
    Reporter,
    VacancyCloseReason,
    WithdrawalReason,
)
from schemas.graduates import ConsentChanged, GraduateCertified, GraduateErased
from schemas.matches import MatchProposed, MatchWithdrawn
from schemas.notifications import NotificationDelivered, NotificationRequested
from schemas.outcomes import FollowUpDue
from schemas.registry import AnyEvent
from schemas.vacancies import VacancyClosed, VacancyPosted
from streams.erasures import erasure_handler
from streams.flows import CONSUMED_TOPICS, CONSUMER_OF, FLOWS, Flow, Services
from streams.graduations import graduation_handler
from streams.matches import match_handler, match_notifications
from streams.notifications import Notifier, NotifyConfig
from streams.notify.payloads import ANSWER_TEMPLATE
from streams.notify.retry import RetryPolicy
from streams.notify.signing import EndpointSecrets
from streams.outcomes import outcome_handler
from streams.processing import Outgoing, PermanentError
from streams.topics import ALL_TOPICS
from streams.vacancies import vacancy_handler
from tests.unit.streams.fakes import (
    VACANCY,
    FakeEmail,
    FakeMatchmaking,
    FakeNotificationStore,
    FakeReads,
    FakeStore,
    FakeWebhook,
    delivery,
    example,
    hired,
)

GRADUATE = example(GraduateCertified).graduate_id
NOTIFY = NotifyConfig(
    cap=3,
    retry=RetryPolicy(attempts=2, base_seconds=0.0, max_seconds=0.0),
    mail_from="Vincula <avisos@vincula.example>",
    base_url="https://vincula.example",
    link_key=b"clave-de-enlaces-de-prueba-32-bytes!",
    webhook_secrets=EndpointSecrets(b"clave-de-webhooks-de-prueba"),
)
CANNED = [Outgoing(key="m", event=example(MatchWithdrawn))]


def events_of(outgoing: Sequence[Outgoing]) -> list[str]:
    return [item.event.event_type for item in outgoing]


# The table


def test_every_topic_is_consumed_by_exactly_one_flow() -> None:
    assert sorted(s.suffix for s in CONSUMED_TOPICS) == sorted(s.suffix for s in ALL_TOPICS)
    assert set(CONSUMER_OF) == set(ALL_TOPICS)
    assert len({flow.consumer for flow in FLOWS}) == len(FLOWS)


def fake_services() -> Services:
    return Services(
        store=FakeStore(vacancies={example(MatchProposed).vacancy_id: VACANCY}),
        matchmaking=FakeMatchmaking(),
        notifications=FakeNotificationStore(),
        email=FakeEmail(),
        webhook=FakeWebhook(),
        notify=NOTIFY,
    )


SAMPLES: dict[str, AnyEvent] = {
    "graduations": example(GraduateCertified),
    "vacancies": example(VacancyPosted),
    "matches": example(MatchWithdrawn),
    "notifications": example(NotificationRequested),
    "outcomes": example(NotificationDelivered),
    "erasures": example(GraduateErased),
    "webhook_endpoints": example(WebhookEndpointRegistered),
}


@pytest.mark.parametrize("flow", FLOWS, ids=lambda flow: flow.consumer)
def test_each_flow_claims_its_events_under_its_consumer(flow: Flow) -> None:
    services = fake_services()
    handler = flow.build(services)
    event = SAMPLES[flow.consumer]
    asyncio.run(handler([(event, delivery(topic=flow.topics[0].suffix))]))
    store = services.notifications if flow.consumer == "notifications" else services.store
    assert (flow.consumer, event.event_id) in store.claimed  # type: ignore[attr-defined]


# Erasures


def flow_named(consumer: str) -> Flow:
    [flow] = [flow for flow in FLOWS if flow.consumer == consumer]
    return flow


def test_an_erasure_withdraws_the_open_proposals_forgets_the_vectors_then_deletes_once() -> None:
    services = fake_services()
    handler = flow_named("erasures").build(services)
    erased = example(GraduateErased)
    for _ in range(2):  # redelivered: same withdrawals, vectors forgotten again, one erasure
        asyncio.run(handler([(erased, delivery(topic="erasures.v1"))]))
    assert (
        services.matchmaking.calls
        == [  # type: ignore[attr-defined]
            ("withdraw_for_graduate", erased.graduate_id, WithdrawalReason.GRADUATE_ERASED),
            ("forget_graduate", erased.graduate_id, None),
        ]
        * 2
    )
    applied = services.store.applied  # type: ignore[attr-defined]
    assert [(consumer, event.event_id) for consumer, event, _ in applied] == [
        ("erasures", erased.event_id)
    ]


def test_an_erasure_forgets_the_vectors_before_the_rows_they_come_from_are_deleted() -> None:
    store = FakeStore()
    applied_when_forgotten: list[int] = []

    class Recording(FakeMatchmaking):
        async def forget_graduate(self, graduate_id: str) -> None:
            applied_when_forgotten.append(len(store.applied))

    handler = erasure_handler("erasures", store, Recording())
    asyncio.run(handler(example(GraduateErased), delivery(topic="erasures.v1")))
    assert applied_when_forgotten == [0] and len(store.applied) == 1


def test_the_erasure_flow_refuses_other_events() -> None:
    handler = flow_named("erasures").build(fake_services())
    with pytest.raises(PermanentError):
        asyncio.run(handler([(example(GraduateCertified), delivery(topic="erasures.v1"))]))


# Graduations and consents


def test_a_cohort_is_stored_once_and_matched_together() -> None:
    store, matchmaking = FakeStore(), FakeMatchmaking(answer=CANNED)
    handle = graduation_handler("graduations", store, matchmaking)
    first = example(GraduateCertified)
    second = example(GraduateCertified, event_id=uuid.uuid4(), graduate_id="b" * 64)
    items = [(first, delivery()), (second, delivery(offset=1))]
    assert asyncio.run(handle(items)) == CANNED
    assert asyncio.run(handle(items)) == CANNED  # a redelivery recomputes, applies nothing
    assert [event for _, event, _ in store.applied] == [first, second]
    assert matchmaking.calls[0] == (
        "for_graduates",
        {first.graduate_id: first, second.graduate_id: second},
        None,
    )


def test_a_withdrawn_consent_withdraws_and_skips_matching() -> None:
    store, matchmaking = FakeStore(), FakeMatchmaking(answer=CANNED)
    handle = graduation_handler("graduations", store, matchmaking)
    certified = example(GraduateCertified)
    withdrawn = example(ConsentChanged, purpose=ConsentPurpose.MATCHING, granted=False)
    outgoing = asyncio.run(handle([(certified, delivery()), (withdrawn, delivery(offset=1))]))
    assert outgoing == CANNED
    assert matchmaking.calls == [
        ("withdraw_for_graduate", withdrawn.graduate_id, WithdrawalReason.CONSENT_WITHDRAWN)
    ]


def test_a_foreign_event_on_graduations_is_permanent() -> None:
    handle = graduation_handler("graduations", FakeStore(), FakeMatchmaking())
    with pytest.raises(PermanentError):
        asyncio.run(handle([(example(VacancyPosted), delivery())]))


# Vacancies


def test_a_posted_vacancy_fills_its_shortlist() -> None:
    store, matchmaking = FakeStore(), FakeMatchmaking(answer=CANNED)
    posted = example(VacancyPosted)
    assert asyncio.run(vacancy_handler("vacancies", store, matchmaking)(posted, delivery())) == (
        CANNED
    )
    assert matchmaking.calls == [("for_vacancy", posted.vacancy_id, posted)]
    assert [event for _, event, _ in store.applied] == [posted]


def test_a_filled_vacancy_withdraws_its_open_proposals() -> None:
    matchmaking = FakeMatchmaking()
    closed = example(VacancyClosed, reason=VacancyCloseReason.FILLED)
    asyncio.run(vacancy_handler("vacancies", FakeStore(), matchmaking)(closed, delivery()))
    assert matchmaking.calls == [
        ("withdraw_for_vacancy", closed.vacancy_id, WithdrawalReason.VACANCY_FILLED)
    ]


# Matches


def consenting_store(*purposes: ConsentPurpose) -> FakeStore:
    proposed = example(MatchProposed)
    return FakeStore(
        vacancies={proposed.vacancy_id: VACANCY},
        consents={proposed.graduate_id: dict.fromkeys(purposes, True)},
    )


def test_a_proposal_asks_for_the_consented_notifications_with_stable_ids() -> None:
    store = consenting_store(ConsentPurpose.NOTIFICATIONS, ConsentPurpose.SHARE_WITH_EMPLOYERS)
    handle = match_handler("matches", store)
    proposed = example(MatchProposed)
    first = asyncio.run(handle(proposed, delivery()))
    again = asyncio.run(handle(proposed, delivery()))
    requests = [item.event for item in first]
    assert all(isinstance(r, NotificationRequested) for r in requests)
    channels = [r.channel for r in requests]  # type: ignore[attr-defined]
    assert channels == [NotificationChannel.EMAIL, NotificationChannel.WEBHOOK]
    assert [item.event.event_id for item in again] == [r.event_id for r in requests]
    assert len(store.applied) == 1


def test_without_consent_a_proposal_notifies_nobody() -> None:
    proposed = example(MatchProposed)
    assert match_notifications(proposed, vacancy=VACANCY, consents={}) == []
    store = consenting_store(ConsentPurpose.SHARE_WITH_EMPLOYERS)
    assert events_of(asyncio.run(match_handler("matches", store)(proposed, delivery()))) == [
        "NotificationRequested"
    ]


def test_a_proposal_for_an_unknown_vacancy_is_permanent() -> None:
    with pytest.raises(PermanentError):
        asyncio.run(match_handler("matches", FakeStore())(example(MatchProposed), delivery()))


# Outcomes, follow-ups and deliveries


def test_the_hire_that_fills_the_last_seat_closes_the_vacancy_once() -> None:
    outcome = hired(outcome=OutcomeKind.HIRED)
    store = FakeStore(effects={outcome.event_id: OutcomeEffect(True, 1, 1)})
    matchmaking = FakeMatchmaking(answer=CANNED)
    handle = outcome_handler("outcomes", store, matchmaking)
    first = asyncio.run(handle(outcome, delivery()))
    assert events_of(first) == ["VacancyClosed", "MatchWithdrawn"]
    assert matchmaking.calls[0] == (
        "withdraw_for_graduate",
        outcome.graduate_id,
        WithdrawalReason.GRADUATE_PLACED,
    )
    # On redelivery nothing is applied again, so no second close; withdrawals are recomputed.
    assert events_of(asyncio.run(handle(outcome, delivery()))) == ["MatchWithdrawn"]


@pytest.mark.parametrize(
    ("kind", "answer"),
    [(OutcomeKind.APPLIED, "interested"), (OutcomeKind.DECLINED, "not_interested")],
)
def test_a_graduates_answer_is_sent_to_the_employers_webhook(
    kind: OutcomeKind, answer: str
) -> None:
    proposed = example(MatchProposed)
    answered = hired(
        outcome=kind,
        reported_by=Reporter.GRADUATE,
        match_id=proposed.match_id,
        graduate_id=proposed.graduate_id,
        vacancy_id=proposed.vacancy_id,
    )
    store = consenting_store(ConsentPurpose.SHARE_WITH_EMPLOYERS)
    handle = outcome_handler("outcomes", store, FakeMatchmaking())
    [request] = [item.event for item in asyncio.run(handle(answered, delivery()))]
    assert isinstance(request, NotificationRequested)
    assert (request.channel, request.template) == (NotificationChannel.WEBHOOK, ANSWER_TEMPLATE)
    assert request.params["answer"] == answer
    assert request.params["employer_id"] == VACANCY["employer_id"]
    # Not shared with employers, or no endpoint: the employer is told nothing.
    private = consenting_store(ConsentPurpose.NOTIFICATIONS)
    assert (
        asyncio.run(outcome_handler("outcomes", private, FakeMatchmaking())(answered, delivery()))
        == []
    )
    without = consenting_store(ConsentPurpose.SHARE_WITH_EMPLOYERS)
    without.vacancies[proposed.vacancy_id] = VACANCY | {"has_webhook": False}  # type: ignore[assignment]
    assert (
        asyncio.run(outcome_handler("outcomes", without, FakeMatchmaking())(answered, delivery()))
        == []
    )


def test_a_due_follow_up_asks_the_consenting_graduate() -> None:
    due = example(FollowUpDue)
    store = consenting_store(ConsentPurpose.NOTIFICATIONS)
    store.vacancies[due.vacancy_id] = VACANCY
    outgoing = asyncio.run(outcome_handler("outcomes", store, FakeMatchmaking())(due, delivery()))
    [request] = [item.event for item in outgoing]
    assert isinstance(request, NotificationRequested)
    assert request.kind is NotificationKind.FOLLOW_UP
    assert request.params["months"] == str(due.months)
    refused = FakeStore(vacancies={due.vacancy_id: VACANCY})
    assert (
        asyncio.run(outcome_handler("outcomes", refused, FakeMatchmaking())(due, delivery())) == []
    )


def test_a_delivery_report_is_stored_and_answers_nothing() -> None:
    store = FakeStore()
    report = example(NotificationDelivered)
    assert (
        asyncio.run(outcome_handler("outcomes", store, FakeMatchmaking())(report, delivery())) == []
    )
    assert [event for _, event, _ in store.applied] == [report]


# Notifications


def email_request() -> NotificationRequested:
    proposed = example(MatchProposed)
    [email] = match_notifications(
        proposed, vacancy=VACANCY, consents={ConsentPurpose.NOTIFICATIONS: True}
    )
    assert isinstance(email.event, NotificationRequested)
    return email.event


def notifier(store: FakeNotificationStore, email: FakeEmail, webhook: FakeWebhook) -> Notifier:
    return Notifier(store, consumer="notifications", email=email, webhook=webhook, config=NOTIFY)


def test_a_consented_email_is_sent_once_and_reported() -> None:
    request = email_request()
    reads = FakeReads(
        consents={(request.graduate_id, ConsentPurpose.NOTIFICATIONS): True},
        recipients={request.graduate_id: Recipient("Ana López", "ana@example.mx")},
    )
    store, email, webhook = FakeNotificationStore(reads=reads), FakeEmail(), FakeWebhook()
    handle = notifier(store, email, webhook).handle
    [first] = asyncio.run(handle(request, delivery()))
    [again] = asyncio.run(handle(request, delivery()))
    assert isinstance(first.event, NotificationDelivered)
    assert first.event.status is DeliveryStatus.DELIVERED
    assert again.event == first.event  # the stored final status, published again
    assert len(email.sent) == 1
    assert email.sent[0]["To"].addresses[0].addr_spec == "ana@example.mx"


def test_without_consent_nothing_is_sent() -> None:
    request = email_request()
    store, email, webhook = FakeNotificationStore(), FakeEmail(), FakeWebhook()
    [report] = asyncio.run(notifier(store, email, webhook).handle(request, delivery()))
    assert isinstance(report.event, NotificationDelivered)
    assert (report.event.status, report.event.attempts) == (DeliveryStatus.FAILED, 0)
    assert email.sent == []


def endpoint(*, version: int = 1, grace_until: datetime | None = None) -> WebhookEndpoint:
    """The registered endpoint of the example vacancy's employer."""
    return WebhookEndpoint(
        employer_id=VACANCY["employer_id"],
        url="https://empresa.example/nuevo",
        secret_version=version,
        previous_secret_valid_until=grace_until,
        verified_at=datetime(2026, 1, 1, tzinfo=UTC),
        updated_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def test_a_shortlist_webhook_goes_to_the_employers_registered_endpoint() -> None:
    proposed = example(MatchProposed)
    [hook] = match_notifications(
        proposed, vacancy=VACANCY, consents={ConsentPurpose.SHARE_WITH_EMPLOYERS: True}
    )
    assert isinstance(hook.event, NotificationRequested)
    assert hook.event.params["employer_id"] == VACANCY["employer_id"]
    reads = FakeReads(
        consents={(proposed.graduate_id, ConsentPurpose.SHARE_WITH_EMPLOYERS): True},
        webhooks={VACANCY["employer_id"]: endpoint()},
    )
    store, email, webhook = FakeNotificationStore(reads=reads), FakeEmail(), FakeWebhook()
    asyncio.run(notifier(store, email, webhook).handle(hook.event, delivery()))
    assert [(url, key) for url, _, key in webhook.posted] == [
        ("https://empresa.example/nuevo", str(hook.event.notification_id))
    ]
    assert webhook.secrets == [(NOTIFY.webhook_secrets.secret(VACANCY["employer_id"], 1),)]


def test_during_a_rotations_grace_both_secrets_sign() -> None:
    proposed = example(MatchProposed)
    [hook] = match_notifications(
        proposed, vacancy=VACANCY, consents={ConsentPurpose.SHARE_WITH_EMPLOYERS: True}
    )
    assert isinstance(hook.event, NotificationRequested)
    later = datetime.now(UTC) + timedelta(hours=1)
    reads = FakeReads(
        consents={(proposed.graduate_id, ConsentPurpose.SHARE_WITH_EMPLOYERS): True},
        webhooks={VACANCY["employer_id"]: endpoint(version=3, grace_until=later)},
    )
    store, email, webhook = FakeNotificationStore(reads=reads), FakeEmail(), FakeWebhook()
    asyncio.run(notifier(store, email, webhook).handle(hook.event, delivery()))
    secrets = NOTIFY.webhook_secrets
    employer = VACANCY["employer_id"]
    assert webhook.secrets == [(secrets.secret(employer, 3), secrets.secret(employer, 2))]


def test_no_webhook_is_asked_for_an_employer_without_an_endpoint() -> None:
    without = VACANCY | {"has_webhook": False}
    requests = match_notifications(
        example(MatchProposed),
        vacancy=without,  # type: ignore[arg-type]
        consents={ConsentPurpose.SHARE_WITH_EMPLOYERS: True},
    )
    assert requests == []


def test_the_request_of_an_erased_graduate_sends_nothing() -> None:
    request = email_request()
    store = FakeNotificationStore(erased={request.graduate_id})
    email = FakeEmail()
    assert asyncio.run(notifier(store, email, FakeWebhook()).handle(request, delivery())) == []
    assert email.sent == []
