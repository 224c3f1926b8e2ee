"""Graduates matched but not shown to employers never take a visible shortlist place.

Real worker, broker and database. A vacancy with N visible places ends up with N
graduates the employer can see, although graduates who consented to matching
but not to sharing their profile score higher: they are proposed too (and hear
of the vacancy), in places of their own.
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest

from matching.allocation import shortlist_size
from models.reports import shortlist
from streams.flows import CONSUMED_TOPICS
from streams.processing import Outgoing
from streams.producer import EventProducer
from streams.topics import Topics
from tests.integration.factories import graduate, months_ago, vacancy
from tests.integration.helpers import caught_up, eventually, query
from vincula.local.stack import WorkerProcess, wait_for_assignment
from vincula.settings import Settings

pytestmark = pytest.mark.integration

NOT_SHARING = {"matching": True, "share_with_employers": False, "notifications": True}
# They cover every required and desired skill; those who share cover one required skill.
STRONG = ["SQL", "Python", "análisis de datos", "Power BI", "control estadístico de procesos"]
WEAK = ["Python"]


def produce(settings: Settings, *items: Outgoing) -> None:
    with EventProducer(settings) as producer:
        producer.send_all(items)


def proposed(url: str, vacancy_id: str) -> dict[str, float]:
    """Graduate id → score of the active proposals of a vacancy."""
    rows = query(
        url,
        "SELECT graduate_id, score FROM matches WHERE vacancy_id = %s AND status = 'proposed'",
        (vacancy_id,),
    )
    return {str(g): float(str(s)) for g, s in rows}


def test_a_shortlist_has_as_many_visible_graduates_as_places_though_hidden_ones_score_higher(
    settings: Settings, start_worker: Callable[..., WorkerProcess]
) -> None:
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    topics = Topics(settings.topic_namespace)
    wait_for_assignment(
        [start_worker()],
        {
            f"{topics.name(s)}:{p}"
            for s in CONSUMED_TOPICS
            for p in range(settings.topic_partitions)
        },
    )
    at = months_ago(1)
    places = shortlist_size(1, settings.shortlist_factor)
    assert places == 2
    early = vacancy("PLACES-1", seats=1, at=at, webhook_url=None)
    produce(settings, Outgoing(key=early.vacancy_id, event=early))
    eventually(lambda: query(url, "SELECT 1 FROM vacancies WHERE vacancy_id = 'PLACES-1'"))

    # The graduates who do not share arrive first and fit best: under a single list
    # they would have filled it, leaving the employer nobody to see.
    hidden = [graduate(f"oculta-{i}", at=at, skills=STRONG, consents=NOT_SHARING) for i in range(3)]
    produce(settings, *(Outgoing(key=g.graduate_id, event=g) for g in hidden))
    eventually(lambda: len(proposed(url, "PLACES-1")) == places)
    shared = [graduate(f"visible-{i}", at=at, skills=WEAK) for i in range(3)]
    produce(settings, *(Outgoing(key=g.graduate_id, event=g) for g in shared))
    eventually(lambda: len(proposed(url, "PLACES-1")) == 2 * places)

    # Posted once everyone is there: its shortlist is filled in one go.
    late = vacancy("PLACES-2", seats=1, at=at, webhook_url=None)
    produce(settings, Outgoing(key=late.vacancy_id, event=late))
    eventually(lambda: len(proposed(url, "PLACES-2")) == 2 * places)
    eventually(lambda: caught_up(settings), timeout=60)

    hidden_ids = {g.graduate_id for g in hidden}
    shared_ids = {g.graduate_id for g in shared}
    told: set[str] = set()
    for vacancy_id in ("PLACES-1", "PLACES-2"):
        with psycopg.connect(url) as connection:
            seen = shortlist(connection, vacancy_id=vacancy_id)
        assert len(seen) == places
        assert {entry.graduate_id for entry in seen} <= shared_ids
        assert [entry.rank for entry in seen] == list(range(1, places + 1))
        scores = proposed(url, vacancy_id)
        unseen = {g: s for g, s in scores.items() if g in hidden_ids}
        assert len(unseen) == places
        told |= set(unseen)
        # The premise: every hidden proposal outscores every visible one.
        assert min(unseen.values()) > max(entry.score for entry in seen)

    # Proposed though not shown: they are told about the vacancies by e-mail.
    def emailed() -> set[str]:
        rows = query(
            url,
            "SELECT DISTINCT graduate_id FROM notifications"
            " WHERE channel = 'email' AND graduate_id = ANY(%s)",
            (sorted(hidden_ids),),
        )
        return {str(g) for (g,) in rows}

    eventually(lambda: emailed() == told)
