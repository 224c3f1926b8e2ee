"""What happens in the demo besides loading data: waiting, and employers reporting hires."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

import psycopg

from models.reports import best_proposals, counts
from schemas.enums import OutcomeKind, Reporter
from schemas.outcomes import PlacementOutcome
from schemas.vacancies import VacancyPosted
from streams.processing import Outgoing
from streams.producer import EventProducer
from vincula.settings import Settings

DEMO_NAMESPACE = uuid.UUID("7d3f2c8e-1b0a-4f5e-9c6d-2a4b8e0f1c3d")


def as_outgoing(vacancies: Iterable[VacancyPosted]) -> list[Outgoing]:
    """Vacancy events keyed by vacancy id."""
    return [Outgoing(key=vacancy.vacancy_id, event=vacancy) for vacancy in vacancies]


def wait_until_settled(url: str, *, timeout: float, quiet_seconds: float = 8.0) -> bool:
    """True once matches exist and nothing changed for ``quiet_seconds``."""
    deadline = time.monotonic() + timeout
    last: tuple[int, ...] = ()
    since = time.monotonic()
    with psycopg.connect(url, autocommit=True) as connection:
        while time.monotonic() < deadline:
            snapshot = counts(connection)
            now = (snapshot.processed, snapshot.matches, snapshot.delivered)
            if now != last:
                last, since = now, time.monotonic()
            elif now and now[1] > 0 and time.monotonic() - since >= quiet_seconds:
                return True
            time.sleep(1.0)
    return False


def report_hires(settings: Settings, url: str, *, count: int) -> list[PlacementOutcome]:
    """Employers report application, interview and hire for their best-ranked candidates."""
    now = datetime.now(UTC)
    outcomes: list[PlacementOutcome] = []
    with psycopg.connect(url) as connection:
        proposals = best_proposals(connection, count=count)
    for ref in proposals:
        for kind in (OutcomeKind.APPLIED, OutcomeKind.INTERVIEWED, OutcomeKind.HIRED):
            outcomes.append(
                PlacementOutcome(
                    event_id=uuid.uuid5(DEMO_NAMESPACE, f"{ref.match_id}:{kind.value}"),
                    event_time=now,
                    schema_version=1,
                    match_id=ref.match_id,
                    graduate_id=ref.graduate_id,
                    vacancy_id=ref.vacancy_id,
                    outcome=kind,
                    reported_by=Reporter.EMPLOYER,
                    occurred_at=now,
                )
            )
    with EventProducer(settings) as producer:
        producer.send_all(Outgoing(key=str(o.match_id), event=o) for o in outcomes)
    return [o for o in outcomes if o.outcome is OutcomeKind.HIRED]


def wait_for_follow_ups(url: str, *, expected: int, timeout: float) -> None:
    """Wait until the hires' follow-ups are scheduled."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as connection:
        while time.monotonic() < deadline:
            if counts(connection).follow_ups >= expected:
                return
            time.sleep(1.0)
