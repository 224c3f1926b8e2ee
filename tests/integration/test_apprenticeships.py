"""Apprenticeships and minors through the broker, a worker and the database.

The hard filters hold end to end, and a vacancy that stops admitting minors withdraws
their proposals.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from schemas.codec import parse_event
from streams.processing import Outgoing
from streams.producer import EventProducer
from tests.integration.factories import graduate, graduate_id, vacancy
from tests.integration.helpers import caught_up, eventually, query
from tests.integration.test_pipeline import all_partitions
from vincula.local.stack import WorkerProcess, wait_for_assignment
from vincula.settings import Settings

pytestmark = pytest.mark.integration

ATTESTED = {
    "admits_minors": True,
    "minor_daily_hours": 6,
    "minor_daytime_only": True,
    "minor_no_hazardous_work": True,
}
# Certified on 20/11/2026, born in 2010: minors until 1/5/2028.
MINOR = {"birth_year": 2010, "adult_from": "2028-05-01"}
DUAL = "Plaza de formación dual para estudiantes inscritos"
MINORS = "Admite personas de 15 a 17 años: jornada diurna de hasta 6 horas, sin trabajo peligroso"


def produce(settings: Settings, *items: Outgoing) -> None:
    with EventProducer(settings) as producer:
        producer.send_all(items)


def proposals(url: str) -> set[tuple[str, str]]:
    rows = query(url, "SELECT vacancy_id, graduate_id FROM matches WHERE status = 'proposed'")
    names = {graduate_id(n): n for n in ("adulta", "estudiante", "menor", "menor_sin_inscripcion")}
    return {(str(v), names[str(g)]) for v, g in rows}


def test_minors_and_students_are_matched_only_where_the_vacancy_takes_them(
    settings: Settings, start_worker: Callable[..., WorkerProcess]
) -> None:
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    wait_for_assignment([start_worker()], all_partitions(settings))
    openings = [
        vacancy("APR-MENORES", kind="apprenticeship", **ATTESTED),
        vacancy("APR-ADULTOS", kind="apprenticeship"),
        vacancy("DUAL", kind="apprenticeship", work_based_learning=True, **ATTESTED),
    ]
    produce(settings, *(Outgoing(key=v.vacancy_id, event=v) for v in openings))
    eventually(lambda: len(query(url, "SELECT 1 FROM vacancies")) == 3 or None)

    people = [
        graduate("adulta"),
        graduate("estudiante", enrolled_student=True),
        graduate("menor", enrolled_student=True, **MINOR),
        graduate("menor_sin_inscripcion", **MINOR),
    ]
    produce(settings, *(Outgoing(key=g.graduate_id, event=g) for g in people))
    expected = {
        # Admits minors: minors and adults alike.
        ("APR-MENORES", "adulta"),
        ("APR-MENORES", "estudiante"),
        ("APR-MENORES", "menor"),
        ("APR-MENORES", "menor_sin_inscripcion"),
        # Does not admit minors: no minor at all.
        ("APR-ADULTOS", "adulta"),
        ("APR-ADULTOS", "estudiante"),
        # Work-based learning: enrolled students only (this one admits minors too).
        ("DUAL", "estudiante"),
        ("DUAL", "menor"),
    }
    eventually(lambda: proposals(url) == expected or None)
    eventually(lambda: caught_up(settings) or None)
    assert proposals(url) == expected

    stored = query(
        url,
        "SELECT graduate_id, enrolled_student, adult_from::text FROM graduates"
        " ORDER BY graduate_id",
    )
    assert (graduate_id("menor"), True, "2028-05-01") in stored
    assert (graduate_id("adulta"), False, None) in stored
    (reasons,) = query(
        url,
        "SELECT reasons FROM matches WHERE vacancy_id = 'DUAL' AND graduate_id = %s",
        (graduate_id("menor"),),
    )[0]
    assert DUAL in reasons  # type: ignore[operator]
    assert MINORS in reasons  # type: ignore[operator]

    # The dual place stops admitting minors: the minor's proposal is withdrawn, the rest stay.
    update = vacancy("DUAL", kind="apprenticeship", work_based_learning=True)
    changed = update.model_dump(mode="json") | {
        "event_type": "VacancyUpdated",
        "event_id": "0b6f1f8e-8a57-5c1e-9d36-3c1b1d6f0a11",
        "event_time": "2026-11-21T12:00:00+00:00",
    }
    produce(settings, Outgoing(key="DUAL", event=parse_event(changed)))
    withdrawn = eventually(
        lambda: (
            query(
                url,
                "SELECT graduate_id, withdrawn_reason FROM matches"
                " WHERE vacancy_id = 'DUAL' AND status = 'withdrawn'",
            )
            or None
        )
    )
    assert withdrawn == [(graduate_id("menor"), "vacancy_changed")]
    eventually(lambda: caught_up(settings) or None)
    assert proposals(url) == expected - {("DUAL", "menor")}
