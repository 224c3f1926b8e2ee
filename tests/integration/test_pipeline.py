"""Graduations and vacancies in; explained matches, notifications, seats and follow-ups out."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from models.digest import digest_of
from schemas.codec import parse_event
from schemas.enums import OutcomeKind
from schemas.notifications import NotificationRequested
from streams.flows import CONSUMED_TOPICS
from streams.processing import Outgoing
from streams.producer import EventProducer
from streams.proposals import match_id
from streams.reading import read_from_beginning
from streams.topics import NOTIFICATIONS, Topics
from tests.integration.factories import (
    consent,
    graduate,
    graduate_id,
    months_ago,
    outcome,
    vacancy,
    webhook_endpoint,
)
from tests.integration.helpers import caught_up, eventually, query, read_topic
from vincula.local.ports import free_port
from vincula.local.stack import WorkerProcess, wait_for_assignment
from vincula.settings import Settings

pytestmark = pytest.mark.integration


def all_partitions(settings: Settings) -> set[str]:
    topics = Topics(settings.topic_namespace)
    return {
        f"{topics.name(spec)}:{p}"
        for spec in CONSUMED_TOPICS
        for p in range(settings.topic_partitions)
    }


def requested_notifications(settings: Settings, *, expected: int) -> list[NotificationRequested]:
    topic = Topics(settings.topic_namespace).name(NOTIFICATIONS)
    found = []
    for _, value, _ in read_topic(settings.kafka_bootstrap, topic, expected=expected, timeout=60):
        event = parse_event(value or b"")
        assert isinstance(event, NotificationRequested)
        found.append(event)
    assert len(found) == expected
    return found


def produce(settings: Settings, *items: Outgoing) -> None:
    with EventProducer(settings) as producer:
        producer.send_all(items)


def url_of(settings: Settings) -> str:
    assert settings.database_url is not None
    return settings.database_url.get_secret_value()


def test_matches_respect_constraints_seats_and_lead_to_hire_and_follow_ups(
    settings: Settings, start_worker: Callable[..., WorkerProcess]
) -> None:
    url = url_of(settings)
    wait_for_assignment([start_worker()], all_partitions(settings))
    hire_time = months_ago(13)
    # One seat, shortlist factor 2: two proposals at most.
    posted = vacancy("AERO-1", seats=1, at=hire_time)
    # The employer registered its webhook endpoint (the handshake is tested on its own).
    endpoint = webhook_endpoint(posted.employer_id, at=hire_time)
    produce(settings, Outgoing(key=endpoint.employer_id, event=endpoint))
    produce(settings, Outgoing(key=posted.vacancy_id, event=posted))
    eventually(lambda: query(url, "SELECT 1 FROM vacancies WHERE vacancy_id = 'AERO-1'"))
    eventually(lambda: query(url, "SELECT 1 FROM webhook_endpoints"))

    eligible = ["ana", "beto", "carla"]
    people = [graduate(name, at=hire_time) for name in eligible]
    no_credential = graduate(
        "diego",
        at=hire_time,
        credentials=[
            {
                "kind": "badge",
                "vendor_code": "IBM-DS",
                "name": "IBM Data Science",
                "track": "data",
                "issued_on": "2025-01-10",
                "verified": True,
            }
        ],
    )
    no_consent = graduate(
        "elena",
        at=hire_time,
        consents={"matching": False, "share_with_employers": True, "notifications": True},
    )
    cohort = [*people, no_credential, no_consent]
    produce(settings, *(Outgoing(key=g.graduate_id, event=g) for g in cohort))

    rows = eventually(
        lambda: (
            r
            if len(
                r := query(
                    url,
                    "SELECT graduate_id, status, reasons, score FROM matches"
                    " WHERE vacancy_id = 'AERO-1' ORDER BY graduate_id",
                )
            )
            == 2
            else None
        )
    )
    proposed = {str(r[0]) for r in rows}
    assert proposed <= {graduate_id(n) for n in eligible}
    assert all(r[1] == "proposed" for r in rows)
    for _, _, reasons, score in rows:
        assert any("habilidades requeridas" in reason for reason in reasons)  # type: ignore[attr-defined]
        assert 0.0 <= float(score) <= 1.0  # type: ignore[arg-type]
    # Every proposal asks for an e-mail and, as the graduate shares the profile, a webhook.
    requests = requested_notifications(settings, expected=4)
    assert sorted((r.template, r.channel.value) for r in requests) == [
        ("match_proposed", "email"),
        ("match_proposed", "email"),
        ("shortlist_updated", "webhook"),
        ("shortlist_updated", "webhook"),
    ]
    email = next(r for r in requests if r.channel.value == "email")
    assert email.params["vacancy_title"] == "Analista de datos de manufactura"
    assert email.params["state_name"] == "Querétaro"

    hired_name = next(n for n in eligible if graduate_id(n) in proposed)
    hired = outcome(hired_name, "AERO-1", OutcomeKind.HIRED, at=hire_time)
    produce(settings, Outgoing(key=str(hired.match_id), event=hired))

    # The only seat is filled: the vacancy closes and the other proposal is withdrawn.
    eventually(
        lambda: query(url, "SELECT 1 FROM vacancies WHERE status = 'closed' AND seats_filled = 1")
    )
    statuses = eventually(
        lambda: (
            r
            if ("withdrawn", "vacancy_filled")
            in (r := query(url, "SELECT status, withdrawn_reason FROM matches"))
            else None
        )
    )
    assert ("hired", None) in statuses
    # Follow-ups at 3, 6 and 12 months after the hire, on event time; all are due by now.
    follow_ups = eventually(
        lambda: (
            r
            if len(r := query(url, "SELECT months, status FROM follow_ups ORDER BY months")) == 3
            and all(row[1] == "due" for row in r)
            else None
        )
    )
    assert [row[0] for row in follow_ups] == [3, 6, 12]
    due = query(url, "SELECT months, due_at FROM follow_ups ORDER BY months")
    for months, due_at in due:
        assert (due_at - hire_time).days in range(28 * int(months), 32 * int(months))  # type: ignore[operator]
    follow_up_requests = [
        r for r in requested_notifications(settings, expected=7) if r.template == "follow_up"
    ]
    assert sorted(r.params["months"] for r in follow_up_requests) == ["12", "3", "6"]
    # The graduate's answer is itself an outcome, and closes that follow-up.
    answer = outcome(hired_name, "AERO-1", OutcomeKind.RETAINED_3M, at=months_ago(10))
    produce(settings, Outgoing(key=str(answer.match_id), event=answer))
    eventually(
        lambda: query(url, "SELECT 1 FROM follow_ups WHERE months = 3 AND status = 'answered'")
    )
    assert query(
        url,
        "SELECT status FROM matches WHERE match_id = %s",
        (match_id(graduate_id(hired_name), "AERO-1"),),
    ) == [("retained_3m",)]


def test_consent_withdrawal_takes_graduate_off_shortlists_at_once(
    settings: Settings, start_worker: Callable[..., WorkerProcess]
) -> None:
    url = url_of(settings)
    wait_for_assignment([start_worker()], all_partitions(settings))
    at = months_ago(1)
    posted = vacancy("CLOUD-9", seats=2, at=at)
    produce(settings, Outgoing(key=posted.vacancy_id, event=posted))
    eventually(lambda: query(url, "SELECT 1 FROM vacancies"))
    person = graduate("fer", at=at)
    produce(settings, Outgoing(key=person.graduate_id, event=person))
    eventually(lambda: query(url, "SELECT 1 FROM matches WHERE status = 'proposed'"))

    withdrawn = consent("fer", "share_with_employers", False, at=months_ago(0))
    produce(settings, Outgoing(key=withdrawn.graduate_id, event=withdrawn))
    assert eventually(
        lambda: query(
            url, "SELECT status, withdrawn_reason FROM matches WHERE status = 'withdrawn'"
        )
    ) == [("withdrawn", "consent_withdrawn")]


@pytest.mark.model
def test_worker_with_the_packaged_model_matches_an_english_vacancy_and_caches_vectors(
    settings: Settings, start_worker: Callable[..., WorkerProcess]
) -> None:
    configured = settings.model_copy(update={"matching_encoder": "sentence-transformers"})
    url = url_of(configured)
    wait_for_assignment(
        [start_worker("model", configured)], all_partitions(configured), timeout=240
    )
    at = months_ago(1)
    posted = vacancy(
        "PHARMA-EN-1",
        at=at,
        language="en",
        title="Data analyst for quality control",
        description="Build dashboards on manufacturing quality data in the cloud (AWS) with SQL.",
        required_skills=["SQL", "Python", "data analysis"],
    )
    produce(configured, Outgoing(key=posted.vacancy_id, event=posted))
    person = graduate("gabi", at=at)
    produce(configured, Outgoing(key=person.graduate_id, event=person))
    rows = eventually(lambda: query(url, "SELECT model_version, reasons FROM matches"), timeout=180)
    [(model_version, reasons)] = rows
    assert str(model_version).startswith("all-MiniLM-L6-v2@")
    assert any("Afinidad" in reason for reason in reasons)  # type: ignore[attr-defined]
    # Dense vectors went to the durable cache, so a restarted worker does not re-encode them.
    [(cached,)] = query(url, "SELECT count(*) FROM embedding_cache")
    assert int(str(cached)) >= 2


def test_every_agent_is_idempotent_when_the_whole_log_is_delivered_again(
    settings: Settings, start_worker: Callable[..., WorkerProcess]
) -> None:
    url = url_of(settings)
    # A fast-failing mail setup, so notifications reach their final status quickly.
    quick = settings.model_copy(
        update={"delivery_attempts": 1, "delivery_backoff_seconds": 0.0, "smtp_port": free_port()}
    )
    wait_for_assignment([start_worker("first", quick)], all_partitions(quick))
    at = months_ago(13)
    events: list[Outgoing] = [Outgoing(key="REDO-1", event=vacancy("REDO-1", seats=1, at=at))]
    people = [graduate(name, at=at) for name in ("hugo", "ines", "juan")]
    events += [Outgoing(key=g.graduate_id, event=g) for g in people]
    produce(quick, *events)
    proposed = eventually(
        lambda: (
            r if len(r := query(url, "SELECT graduate_id FROM matches ORDER BY 1")) == 2 else None
        )
    )
    hired = outcome(
        next(n for n in ("hugo", "ines", "juan") if (graduate_id(n),) in proposed),
        "REDO-1",
        OutcomeKind.HIRED,
        at=at,
    )
    produce(quick, Outgoing(key=str(hired.match_id), event=hired))
    eventually(lambda: len(query(url, "SELECT 1 FROM follow_ups WHERE status = 'due'")) == 3)
    before = eventually(lambda: settled_digest(quick), timeout=120, every=1)

    # Deliver every message of every topic a second time, as after a lost commit.
    names = [Topics(quick.topic_namespace).name(spec) for spec in CONSUMED_TOPICS]
    with EventProducer(quick) as producer:
        for message in list(read_from_beginning(quick, names)):
            assert message.value is not None
            producer.send_raw(
                message.topic, key=message.key, value=message.value, headers=message.headers
            )
        producer.flush()
    after = eventually(lambda: settled_digest(quick), timeout=180, every=1)
    assert after == before
    # The second delivery was consumed (the group is at the doubled end), yet nothing changed.
    [(processed,)] = query(url, "SELECT count(*) FROM processed_events")
    assert int(str(processed)) > 0


def settled_digest(settings: Settings) -> str | None:
    """The state's digest once the workers have committed every message and nothing moves."""
    import time

    if not caught_up(settings):
        return None
    first = digest_of(url_of(settings))
    time.sleep(3)
    if not caught_up(settings) or digest_of(url_of(settings)) != first:
        return None
    return first
