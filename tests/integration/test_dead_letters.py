"""Malformed and impossible events end in their dead-letter topic; re-published once after a fix."""

from __future__ import annotations

import io
import json
import uuid
from argparse import Namespace
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaProducer

from schemas.codec import event_to_json, parse_event
from schemas.matches import MatchProposed
from schemas.outcomes import PlacementOutcome
from streams.dead_letters import REPUBLISHED_FROM, DeadLetter, read_dead_letters
from streams.processing import Outgoing
from streams.producer import EventProducer
from streams.reading import end_offsets, read_from_beginning
from streams.topics import GRADUATIONS, MATCHES, OUTCOMES, VACANCIES, Topics
from tests.integration.helpers import eventually, query
from vincula.commands.dead_letters import list_command, republish_letters, show_command
from vincula.local.stack import WorkerProcess, wait_for_assignment
from vincula.settings import Settings

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "schemas" / "examples"


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name / "v1.json").read_bytes())
    return data


def url_of(settings: Settings) -> str:
    assert settings.database_url is not None
    return settings.database_url.get_secret_value()


def started(settings: Settings, start_worker: Callable[..., WorkerProcess]) -> Topics:
    topics = Topics(settings.topic_namespace)
    flows = (GRADUATIONS, VACANCIES, MATCHES, OUTCOMES)
    expected = {
        f"{topics.name(spec)}:{p}" for spec in flows for p in range(settings.topic_partitions)
    }
    wait_for_assignment([start_worker()], expected, timeout=180)
    return topics


def letters_when(settings: Settings, topic: str, count: int) -> list[DeadLetter] | None:
    """The dead letters of ``topic`` once there are ``count`` of them."""
    found = read_dead_letters(settings, topic)
    return found if len(found) == count else None


def send_raw(settings: Settings, topic: str, items: list[tuple[bytes, bytes]]) -> None:
    producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap, max_request_size=2**21)
    for key, value in items:
        producer.send(topic, key=key, value=value)
    producer.flush()
    producer.close()


def test_malformed_events_are_dead_lettered_with_their_reason(
    settings: Settings, start_worker: Callable[..., WorkerProcess]
) -> None:
    topics = started(settings, start_worker)
    graduate = example("GraduateCertified")
    wrong_type = graduate | {"skills": "python", "event_id": str(uuid.uuid4())}
    unknown_enum = graduate | {"issuer": "acme_academy", "event_id": str(uuid.uuid4())}
    oversize = graduate | {"programme": "x" * 300_000}
    send_raw(
        settings,
        topics.name(GRADUATIONS),
        [
            (b"bad-json", b"{not json"),
            (b"wrong-type", json.dumps(wrong_type).encode()),
            (b"unknown-enum", json.dumps(unknown_enum).encode()),
            (b"oversize", json.dumps(oversize).encode()),
        ],
    )
    # The same event twice: applied once, never dead-lettered.
    event = parse_event(json.dumps(graduate))
    with EventProducer(settings) as producer:
        producer.send_all([Outgoing(key=graduate["graduate_id"], event=event)] * 2)

    letters = eventually(lambda: letters_when(settings, "graduations", 4))
    by_key = {letter.key: letter for letter in letters}
    assert set(by_key) == {b"bad-json", b"wrong-type", b"unknown-enum", b"oversize"}
    assert "JSON" in by_key[b"bad-json"].reason or "json" in by_key[b"bad-json"].reason
    assert "skills" in by_key[b"wrong-type"].reason
    assert "issuer" in by_key[b"unknown-enum"].reason
    assert "máximo" in by_key[b"oversize"].reason
    for letter in letters:
        assert letter.exception == "SchemaError"
        assert letter.source_topic == topics.name(GRADUATIONS)
        assert letter.source_offset is not None
    url = url_of(settings)
    eventually(lambda: query(url, "SELECT 1 FROM graduates"))
    assert query(url, "SELECT count(*) FROM processed_events") == [(1,)]

    listing = io.StringIO()
    list_command(Namespace(topic="graduations"), settings, out=listing)
    assert "4 cartas muertas" in listing.getvalue()
    assert "SchemaError" in listing.getvalue()


def test_outcome_before_its_match_is_republished_once_after_the_fix(
    settings: Settings, start_worker: Callable[..., WorkerProcess]
) -> None:
    topics = started(settings, start_worker)
    url = url_of(settings)
    outcome = parse_event(json.dumps(example("PlacementOutcome")))
    assert isinstance(outcome, PlacementOutcome)
    with EventProducer(settings) as producer:
        producer.send_all([Outgoing(key=str(outcome.match_id), event=outcome)])
    [letter] = eventually(lambda: letters_when(settings, "outcomes", 1))
    assert letter.exception == "UnknownReferenceError"
    assert "desconocida" in letter.reason
    assert letter.value == event_to_json(outcome)
    shown = io.StringIO()
    show_command(Namespace(topic="outcomes", position=letter.position), settings, out=shown)
    assert str(outcome.event_id) in shown.getvalue()

    # The fix: the vacancy and the match the outcome refers to arrive.
    vacancy = parse_event(json.dumps(example("VacancyPosted")))
    match = parse_event(json.dumps(example("MatchProposed")))
    assert isinstance(match, MatchProposed)
    with EventProducer(settings) as producer:
        producer.send_all([Outgoing(key="AERO-QRO-2026-014", event=vacancy)])
        eventually(lambda: query(url, "SELECT 1 FROM vacancies"))
        producer.send_all([Outgoing(key=str(match.match_id), event=match)])
    eventually(lambda: query(url, "SELECT 1 FROM matches"))

    outcomes_topic = topics.name(OUTCOMES)
    before = sum(end_offsets(settings, [outcomes_topic]).values())
    [first] = republish_letters(settings, "outcomes", letter.position, every=False)
    assert first.sent
    eventually(lambda: query(url, "SELECT outcome FROM outcomes") == [("hired",)])
    assert sum(end_offsets(settings, [outcomes_topic]).values()) == before + 1

    [second] = republish_letters(settings, "outcomes", None, every=True)
    assert not second.sent
    assert sum(end_offsets(settings, [outcomes_topic]).values()) == before + 1
    assert query(url, "SELECT dlq_topic, dlq_offset FROM dead_letter_republished") == [
        (letter.topic, letter.offset)
    ]
    # Still exactly one dead letter: the re-published copy was applied, not dead-lettered.
    assert len(read_dead_letters(settings, "outcomes")) == 1


def test_republished_copy_says_where_it_came_from(
    settings: Settings, start_worker: Callable[..., WorkerProcess]
) -> None:
    topics = started(settings, start_worker)
    send_raw(settings, topics.name(VACANCIES), [(b"v", b"[]")])
    [letter] = eventually(lambda: letters_when(settings, "vacancies", 1))
    [result] = republish_letters(settings, "vacancies.v1", letter.position, every=False)
    assert result.sent
    copies = [
        m for m in read_from_beginning(settings, [topics.name(VACANCIES)]) if m.value == b"[]"
    ]
    assert len(copies) == 2
    assert dict(copies[1].headers)[REPUBLISHED_FROM] == (
        f"{letter.topic}:{letter.partition}:{letter.offset}".encode()
    )
    # The unchanged payload fails again and lands in the dead-letter topic a second time.
    eventually(lambda: len(read_dead_letters(settings, "vacancies")) == 2)
