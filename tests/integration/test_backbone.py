"""The real path: an event through the real broker, a Faust agent, the real PostgreSQL."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from kafka import KafkaProducer

from schemas.codec import parse_event
from schemas.graduates import GraduateCertified
from streams.processing import Outgoing
from streams.producer import EventProducer
from streams.topics import GRADUATIONS, Topics, dead_letter_topic
from tests.integration.helpers import eventually, query, read_topic
from vincula.local.stack import WorkerProcess, wait_for_assignment
from vincula.settings import Settings

pytestmark = pytest.mark.integration

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "schemas" / "examples" / "GraduateCertified" / "v1.json"
)


def example_graduate() -> GraduateCertified:
    event = parse_event(EXAMPLE.read_bytes())
    assert isinstance(event, GraduateCertified)
    return event


def test_graduation_event_is_stored_by_a_worker(
    settings: Settings, start_worker: Callable[..., WorkerProcess]
) -> None:
    graduate = example_graduate()
    worker = start_worker()
    topics = Topics(settings.topic_namespace)
    partitions = {f"{topics.name(GRADUATIONS)}:{p}" for p in range(settings.topic_partitions)}
    wait_for_assignment([worker], partitions)

    with EventProducer(settings) as producer:
        producer.send_all([Outgoing(key=graduate.graduate_id, event=graduate)])

    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    rows = eventually(lambda: query(url, "SELECT graduate_id, state, skills FROM graduates"))
    assert rows == [(graduate.graduate_id, "CMX", list(graduate.skills))]
    credentials = query(url, "SELECT vendor_code, verified FROM credentials ORDER BY vendor_code")
    assert credentials == [("AWS-CCP", True), ("TECNM-IA-DATOS", True)]
    processed = query(url, "SELECT consumer, event_id::text FROM processed_events")
    assert processed == [("graduations", str(graduate.event_id))]
    # Operators see it in Prometheus metrics, per topic.
    with urllib.request.urlopen(f"http://127.0.0.1:{worker.web_port}/metrics") as response:
        exposition = response.read().decode()
    graduations = topics.name(GRADUATIONS)
    labels = f'event_type="GraduateCertified",topic="{graduations}"'
    assert f"vincula_events_processed_total{{{labels}}} 1.0" in exposition
    assert "vincula_consumer_lag" in exposition


def test_bad_payload_goes_to_dead_letter_topic_and_partition_keeps_moving(
    settings: Settings, start_worker: Callable[..., WorkerProcess]
) -> None:
    graduate = example_graduate()
    worker = start_worker()
    topics = Topics(settings.topic_namespace)
    source = topics.name(GRADUATIONS)
    wait_for_assignment([worker], {f"{source}:{p}" for p in range(settings.topic_partitions)})

    raw = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap)
    # Same key as the good event, so both land on one partition, bad one first.
    raw.send(source, key=graduate.graduate_id.encode(), value=b"{not json")
    raw.flush()
    raw.close()
    with EventProducer(settings) as producer:
        producer.send_all([Outgoing(key=graduate.graduate_id, event=graduate)])

    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    eventually(lambda: query(url, "SELECT 1 FROM graduates"))
    [(key, value, headers)] = read_topic(
        settings.kafka_bootstrap, dead_letter_topic(source), expected=1
    )
    assert key == graduate.graduate_id.encode()
    assert value == b"{not json"
    assert headers["vincula.source.topic"] == source.encode()
    assert headers["vincula.exception"] == b"SchemaError"
    assert int(headers["vincula.source.offset"]) >= 0
    assert b"json" in headers["vincula.reason"].lower()
    json.dumps({k: v.decode() for k, v in headers.items()})  # headers are text
