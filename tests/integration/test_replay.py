"""Replay from offset 0 rebuilds the same database, sends nothing, and keeps deletions."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from models.digest import EVENT_DERIVED_TABLES, combine, digest_of, table_digests
from schemas.enums import OutcomeKind
from streams.processing import Outgoing
from streams.producer import EventProducer
from streams.reading import end_offsets
from streams.topics import ALL_TOPICS, Topics
from tests.integration.factories import graduate, graduate_id, months_ago, outcome, vacancy
from tests.integration.helpers import eventually, query
from tests.integration.test_ingest import group_caught_up
from vincula.commands.ingest import run_cohort
from vincula.commands.replay import run_replay
from vincula.local.stack import WorkerProcess, wait_for_assignment
from vincula.settings import Settings
from vincula.synthetic.cohorts import write_cohort_csv

pytestmark = pytest.mark.integration


def url_of(settings: Settings) -> str:
    assert settings.database_url is not None
    return settings.database_url.get_secret_value()


def all_offsets(settings: Settings) -> dict[tuple[str, int], int]:
    topics = Topics(settings.topic_namespace)
    return end_offsets(settings, topics.all_names())


def quiescent(settings: Settings, *, still_for: float = 4.0) -> bool:
    """Every topic consumed by the group and no new message for ``still_for`` seconds."""
    topics = Topics(settings.topic_namespace)
    before = all_offsets(settings)
    if not all(group_caught_up(settings, topics.name(spec)) for spec in ALL_TOPICS):
        return False
    time.sleep(still_for)
    return all_offsets(settings) == before


def test_replay_rebuilds_the_same_state_without_producing_events(
    settings: Settings, tmp_path: Path, start_worker: Callable[..., WorkerProcess]
) -> None:
    url = url_of(settings)
    topics = Topics(settings.topic_namespace)
    worker = start_worker()
    wait_for_assignment(
        [worker],
        {
            f"{topics.name(spec)}:{p}"
            for spec in ALL_TOPICS
            for p in range(settings.topic_partitions)
        },
        timeout=180,
    )
    at = months_ago(4)
    with EventProducer(settings) as producer:
        for vacancy_id in ("AERO-1", "AERO-2"):
            producer.send_all([Outgoing(key=vacancy_id, event=vacancy(vacancy_id, at=at, seats=2))])
        person = graduate("ana", at=at)
        producer.send_all([Outgoing(key=person.graduate_id, event=person)])
    manifest = write_cohort_csv(
        tmp_path / "c.csv",
        60,
        bad_fraction=0.05,
        seed=21,
        reference_data_dir=settings.reference_data_dir,
    )
    run_cohort(manifest.path, settings, progress=False, out=io.StringIO())
    eventually(
        lambda: query(url, "SELECT 1 FROM matches WHERE graduate_id = %s", (person.graduate_id,)),
        timeout=120,
    )
    [(matched_vacancy,)] = query(
        url, "SELECT vacancy_id FROM matches WHERE graduate_id = %s LIMIT 1", (person.graduate_id,)
    )
    hired = outcome("ana", str(matched_vacancy), OutcomeKind.HIRED, at=months_ago(3))
    with EventProducer(settings) as producer:
        producer.send_all([Outgoing(key=str(hired.match_id), event=hired)])
    eventually(lambda: query(url, "SELECT 1 FROM follow_ups"), timeout=120)
    eventually(lambda: quiescent(settings), timeout=180, every=1.0)
    worker.stop()

    live = table_digests_of(url)
    [graduates_live] = row_counts(url, ("graduates",))
    assert all(
        count > 0 for count in row_counts(url, ("graduates", "matches", "outcomes", "follow_ups"))
    )
    offsets = all_offsets(settings)
    contacts_before = query(url, "SELECT graduate_id, email FROM contacts ORDER BY graduate_id")

    with psycopg.connect(url) as connection:
        connection.execute("TRUNCATE " + ", ".join(EVENT_DERIVED_TABLES))
    assert digest_of(url) != combine(live)

    out = io.StringIO()
    rebuilt = run_replay(settings, progress=False, out=out)
    assert table_digests_of(url) == live, "tables differ after replay"
    assert rebuilt == combine(live)
    assert "Eventos aplicados" in out.getvalue()
    assert all_offsets(settings) == offsets, "replay must not produce events"
    assert (
        query(url, "SELECT graduate_id, email FROM contacts ORDER BY graduate_id")
        == contacts_before
    )

    # Replaying twice changes nothing.
    assert run_replay(settings, progress=False, out=io.StringIO()) == rebuilt

    # A deletion survives a replay: no resurrection from old events.
    with psycopg.connect(url) as connection:
        connection.execute("INSERT INTO erasures (graduate_id) VALUES (%s)", (graduate_id("ana"),))
    run_replay(settings, progress=False, out=io.StringIO())
    for table in ("graduates", "credentials", "consents", "matches", "outcomes", "follow_ups"):
        assert query(
            url, f"SELECT count(*) FROM {table} WHERE graduate_id = %s", (graduate_id("ana"),)
        ) == [(0,)]
    assert row_counts(url, ("graduates",)) == [graduates_live - 1]
    assert all_offsets(settings) == offsets


def table_digests_of(url: str) -> dict[str, str]:
    with psycopg.connect(url) as connection:
        return table_digests(connection)


def row_counts(url: str, tables: tuple[str, ...]) -> list[int]:
    return [int(str(query(url, f"SELECT count(*) FROM {table}")[0][0])) for table in tables]
