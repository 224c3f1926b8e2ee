"""Two workers in one consumer group: the same state as one, and nothing lost on rebalance."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from schemas.graduates import GraduateCertified
from streams.flows import CONSUMED_TOPICS
from streams.ingest.cohort import ValidRow, iter_cohort
from streams.processing import Outgoing
from streams.producer import EventProducer
from streams.topics import Topics
from tests.integration.helpers import eventually, query
from vincula.local.stack import WorkerProcess, wait_for_assignment
from vincula.settings import Settings
from vincula.synthetic.cohorts import generate_vacancies, write_cohort_csv

pytestmark = pytest.mark.integration

GRADUATES = 120
VACANCIES = 12

# What does not depend on which worker saw an event first: the entities, and
# every match with its score, status and explanation. (Which side of a pair
# found it — and so its rank in that batch and its proposal time — does;
# scores agree to float rounding, as batch and single matrix products sum
# in different orders.)
STATE_QUERIES = {
    "graduates": "SELECT graduate_id, state, skills, certified_at FROM graduates ORDER BY 1",
    "credentials": "SELECT graduate_id, vendor_code, kind, verified FROM credentials ORDER BY 1, 2",
    "consents": "SELECT graduate_id, purpose, granted FROM consents ORDER BY 1, 2",
    "vacancies": "SELECT vacancy_id, status, seats, seats_filled FROM vacancies ORDER BY 1",
    "matches": "SELECT graduate_id, vacancy_id, round(score::numeric, 3), status, reasons,"
    " model_version FROM matches ORDER BY 1, 2",
    # Notifications and deliveries (e-mail retries with backoff) settle on their own
    # clock; they are not compared here.
    "processed": "SELECT consumer, count(*) FROM processed_events"
    " WHERE consumer IN ('graduations', 'vacancies', 'matches') GROUP BY 1 ORDER BY 1",
}


def cohort_events(settings: Settings, folder: Path) -> list[Outgoing]:
    """A synthetic cohort and vacancies from ESCO, with caps that never bind."""
    manifest = write_cohort_csv(
        folder / "cohort.csv",
        GRADUATES,
        bad_fraction=0.0,
        seed=11,
        reference_data_dir=settings.reference_data_dir,
    )
    key = settings.pseudonym_key.get_secret_value().encode()
    graduates: list[GraduateCertified] = [
        row.event for row in iter_cohort(manifest.path, key=key) if isinstance(row, ValidRow)
    ]
    assert len(graduates) == GRADUATES
    vacancies = generate_vacancies(
        VACANCIES, seed=11, reference_data_dir=settings.reference_data_dir
    )
    return [Outgoing(key=v.vacancy_id, event=v) for v in vacancies] + [
        Outgoing(key=g.graduate_id, event=g) for g in graduates
    ]


def produce(settings: Settings, items: list[Outgoing]) -> None:
    with EventProducer(settings) as producer:
        producer.send_all(items)


def expected_partitions(settings: Settings) -> set[str]:
    topics = Topics(settings.topic_namespace)
    return {
        f"{topics.name(spec)}:{p}"
        for spec in CONSUMED_TOPICS
        for p in range(settings.topic_partitions)
    }


def snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    return {name: query(url, sql) for name, sql in STATE_QUERIES.items()}


def settled(
    url: str, *, graduates: int, vacancies: int
) -> dict[str, list[tuple[object, ...]]] | None:
    """The state once every event is applied and matching has stopped changing it."""
    first = snapshot(url)
    if len(first["graduates"]) != graduates or len(first["vacancies"]) != vacancies:
        return None
    if not first["matches"]:
        return None
    import time

    time.sleep(4)
    second = snapshot(url)
    return second if second == first else None


def run_with(
    settings: Settings,
    start_worker: Callable[..., WorkerProcess],
    items: list[Outgoing],
    *,
    workers: int,
) -> dict[str, list[tuple[object, ...]]]:
    started = [start_worker(f"w{i}", settings) for i in range(workers)]
    wait_for_assignment(started, expected_partitions(settings))
    produce(settings, items)
    assert settings.database_url is not None
    url = settings.database_url.get_secret_value()
    return eventually(
        lambda: settled(url, graduates=GRADUATES, vacancies=VACANCIES), timeout=240, every=1
    )


@pytest.fixture
def generous(settings: Settings) -> Settings:
    """Caps high enough that no eligible pair competes for a place."""
    return settings.model_copy(update={"exposure_cap": 100, "shortlist_factor": 200.0})


def test_two_workers_reach_the_same_state_as_one(
    generous: Settings,
    fresh_settings: Callable[[], Settings],
    start_worker: Callable[..., WorkerProcess],
    tmp_path: Path,
) -> None:
    items = cohort_events(generous, tmp_path)
    one = run_with(generous, start_worker, items, workers=1)
    # A second, independent run: its own database, namespace and consumer group.
    second = fresh_settings().model_copy(update={"exposure_cap": 100, "shortlist_factor": 200.0})
    two = run_with(second, start_worker, items, workers=2)
    assert one.keys() == two.keys()
    for name in one:
        only_one = sorted(set(map(repr, one[name])) - set(map(repr, two[name])))
        only_two = sorted(set(map(repr, two[name])) - set(map(repr, one[name])))
        assert not only_one and not only_two, (
            f"{name} differs between one and two workers:\n"
            f"only with one: {only_one[:3]}\nonly with two: {only_two[:3]}"
        )
    assert len(one["matches"]) > 0


def test_worker_joining_and_crashing_mid_stream_loses_nothing(
    generous: Settings, start_worker: Callable[..., WorkerProcess], tmp_path: Path
) -> None:
    items = cohort_events(generous, tmp_path)
    vacancies, graduates = items[:VACANCIES], items[VACANCIES:]
    first = start_worker("first", generous)
    wait_for_assignment([first], expected_partitions(generous))
    produce(generous, vacancies + graduates[:40])
    second = start_worker("second", generous)
    produce(generous, graduates[40:80])
    wait_for_assignment([first, second], expected_partitions(generous))
    first.kill()  # a crash: no clean leave, uncommitted offsets are redelivered
    produce(generous, graduates[80:])
    wait_for_assignment([second], expected_partitions(generous), timeout=180)
    assert generous.database_url is not None
    url = generous.database_url.get_secret_value()
    state = eventually(
        lambda: settled(url, graduates=GRADUATES, vacancies=VACANCIES), timeout=240, every=1
    )
    stored = {row[0] for row in state["graduates"]}
    assert stored == {item.key for item in graduates}
    # Redelivered events changed nothing twice: one processed record per event.
    counts = dict((str(c), int(str(n))) for c, n in state["processed"])
    assert counts["graduations"] == GRADUATES
    assert counts["vacancies"] == VACANCIES
