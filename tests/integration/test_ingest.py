"""Cohort ingestion against the real broker and PostgreSQL: CLI function and HTTP API."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from kafka import KafkaAdminClient

from schemas.codec import parse_event
from schemas.graduates import GraduateCertified
from streams.reading import end_offsets
from streams.topics import ALL_TOPICS, GRADUATIONS, Topics
from tests.integration.helpers import eventually, query, read_topic
from vincula.commands.ingest import run_cohort
from vincula.local.stack import WorkerProcess, wait_for_assignment
from vincula.settings import Settings
from vincula.synthetic.cohorts import CohortManifest, write_cohort_csv

pytestmark = pytest.mark.integration

ROWS = 1000
BAD_FRACTION = 0.03


def url_of(settings: Settings) -> str:
    assert settings.database_url is not None
    return settings.database_url.get_secret_value()


def graduation_events(settings: Settings, expected: int) -> list[GraduateCertified]:
    topic = Topics(settings.topic_namespace).name(GRADUATIONS)
    messages = read_topic(settings.kafka_bootstrap, topic, expected=expected, timeout=60)
    events = []
    for key, value, headers in messages:
        assert value is not None
        event = parse_event(value)
        assert isinstance(event, GraduateCertified)
        assert key == event.graduate_id.encode()
        assert headers["vincula.event_type"] == b"GraduateCertified"
        events.append(event)
    return events


def group_caught_up(settings: Settings, topic: str) -> bool:
    """True when the workers' group has committed every message of ``topic``."""
    ends = end_offsets(settings, [topic])
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap)
    try:
        group = settings.consumer_group
        committed = admin.list_group_offsets({group: None}).get(group, {})
    finally:
        admin.close()
    done = {(tp.topic, tp.partition): meta.offset for tp, meta in committed.items()}
    return all(done.get(position, 0) >= end for position, end in ends.items())


def assert_contacts_match(settings: Settings, events: list[GraduateCertified]) -> None:
    rows = query(url_of(settings), "SELECT graduate_id, email FROM contacts")
    assert {row[0] for row in rows} == {event.graduate_id for event in events}
    assert all("@" in str(row[1]) for row in rows)


@pytest.fixture
def csv_cohort(tmp_path: Path, settings: Settings) -> CohortManifest:
    return write_cohort_csv(
        tmp_path / "cohorte.csv",
        ROWS,
        bad_fraction=BAD_FRACTION,
        seed=11,
        reference_data_dir=settings.reference_data_dir,
    )


def test_cli_loads_good_rows_reports_every_bad_line_and_is_idempotent(
    settings: Settings, csv_cohort: CohortManifest, tmp_path: Path
) -> None:
    errors_out = tmp_path / "rechazadas.csv"
    out = io.StringIO()
    report = run_cohort(csv_cohort.path, settings, errors_out=errors_out, progress=False, out=out)
    good = csv_cohort.good_rows
    assert good == ROWS - 30
    assert report.rejected_lines == sorted(csv_cohort.bad_lines)
    assert report.accepted == good
    assert f"aceptadas: {good}" in out.getvalue()
    with errors_out.open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert {int(row["línea"]) for row in written} == set(csv_cohort.bad_lines)
    assert all(row["campo"] and row["motivo"] for row in written)

    events = graduation_events(settings, good)
    assert len(events) == good
    assert len({event.event_id for event in events}) == good
    assert_contacts_match(settings, events)
    # Raw identifiers never enter a topic.
    for event in events:
        assert "@" not in event.model_dump_json()

    again = run_cohort(csv_cohort.path, settings, progress=False, out=io.StringIO())
    assert (again.accepted, again.rejected_lines) == (report.accepted, report.rejected_lines)
    twice = graduation_events(settings, 2 * good)
    # The topic holds each event twice, with the same id: consumers deduplicate by id.
    assert len(twice) == 2 * good
    assert {event.event_id for event in twice} == {event.event_id for event in events}
    assert query(url_of(settings), "SELECT count(*) FROM contacts") == [(good,)]


def test_dry_run_writes_nothing(settings: Settings, csv_cohort: CohortManifest) -> None:
    report = run_cohort(csv_cohort.path, settings, dry_run=True, progress=False, out=io.StringIO())
    assert report.accepted == csv_cohort.good_rows
    assert query(url_of(settings), "SELECT count(*) FROM contacts") == [(0,)]
    topic = Topics(settings.topic_namespace).name(GRADUATIONS)
    assert read_topic(settings.kafka_bootstrap, topic, expected=1, timeout=3) == []


def test_loading_twice_with_a_worker_stores_each_graduate_once(
    settings: Settings, tmp_path: Path, start_worker: Callable[..., WorkerProcess]
) -> None:
    manifest = write_cohort_csv(
        tmp_path / "c.csv",
        200,
        bad_fraction=0.05,
        seed=5,
        reference_data_dir=settings.reference_data_dir,
    )
    worker = start_worker()
    topics = Topics(settings.topic_namespace)
    wait_for_assignment(
        [worker],
        {
            f"{topics.name(spec)}:{p}"
            for spec in ALL_TOPICS[:1]
            for p in range(settings.topic_partitions)
        },
    )
    run_cohort(manifest.path, settings, progress=False, out=io.StringIO())
    run_cohort(manifest.path, settings, progress=False, out=io.StringIO())
    url = url_of(settings)
    good = manifest.good_rows
    eventually(
        lambda: (
            query(url, "SELECT count(*) FROM processed_events WHERE consumer = 'graduations'")
            == [(good,)]
        ),
        timeout=120,
    )
    # Both copies of every event were delivered; wait until the group has consumed them all.
    eventually(lambda: group_caught_up(settings, topics.name(GRADUATIONS)), timeout=120)
    assert query(url, "SELECT count(*) FROM graduates") == [(good,)]
    assert query(url, "SELECT count(*), count(DISTINCT graduate_id) FROM contacts") == [
        (good, good)
    ]
    stored = query(url, "SELECT graduate_id FROM graduates")
    contacts = query(url, "SELECT graduate_id FROM contacts")
    assert {row[0] for row in stored} == {row[0] for row in contacts}
