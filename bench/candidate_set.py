"""How a worker sees the global candidate set: PostgreSQL reads or an in-memory replica.

Seeds N synthetic graduates (from ESCO, through the real state fold) into a
real PostgreSQL (DATABASE_URL, or the embedded server), then times matching
one vacancy against all of them three ways, on the same data and encoder:

* ``full read``: load every candidate from the shared state for each match,
  index them (dense vectors come from the content-hash cache) and rank;
* ``replica, checked``: what the worker does — an in-memory index brought up
  to the committed state by one version query per match, then rank;
* ``replica, unchecked``: the in-memory index alone (can miss fresh rows).

Usage: python -m bench.candidate_set --graduates 5000 --vacancies 20
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from matching.domain import Opening
from matching.index import CandidateIndex
from models.materialise import apply_event
from models.migrate import migrate
from models.pool import Database
from models.profiles import OpeningRow, load_candidates, to_opening
from schemas.enums import VacancyStatus
from schemas.vacancies import VacancyPosted
from streams.ingest.cohort import ValidRow, iter_cohort
from streams.replica import CandidateReplica
from vincula.bootstrap import build_matcher
from vincula.local.postgres import database_url
from vincula.settings import load_settings
from vincula.synthetic.cohorts import generate_vacancies, write_cohort_csv


def _opening(v: VacancyPosted) -> Opening:
    """The opening the worker would read back for a freshly posted vacancy."""
    return to_opening(
        OpeningRow(
            vacancy_id=v.vacancy_id,
            employer_id=v.employer_id,
            kind=v.kind.value,
            title=v.title,
            description=v.description,
            language=v.language,
            sector=v.sector.value,
            state=v.state.value,
            city=v.city,
            modality=v.modality.value,
            seats=v.seats,
            seats_filled=0,
            required_skills=list(v.required_skills),
            nice_to_have_skills=list(v.nice_to_have_skills),
            required_credentials=list(v.required_credentials),
            english_level=v.english_level.value if v.english_level else None,
            status=VacancyStatus.OPEN.value,
        )
    )


async def _seed(url: str, graduates: int, reference: Path, key: bytes) -> None:
    database = Database(url)
    with tempfile.TemporaryDirectory() as folder:
        manifest = write_cohort_csv(
            Path(folder) / "c.csv",
            graduates,
            bad_fraction=0.0,
            seed=3,
            reference_data_dir=reference,
        )
        async with database.transaction() as connection:
            await connection.execute("TRUNCATE graduates, credentials, consents")
            for row in iter_cohort(manifest.path, key=key):
                if isinstance(row, ValidRow):
                    await apply_event(connection, row.event)
    await database.close()


async def _sync(url: str, replica: CandidateReplica) -> CandidateIndex:
    database = Database(url)
    async with database.connection() as connection:
        index = await replica.sync(connection)
    await database.close()
    return index


async def _load(url: str) -> list[object]:
    database = Database(url)
    async with database.connection() as connection:
        candidates = await load_candidates(connection)
    await database.close()
    return list(candidates)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graduates", type=int, default=5000)
    parser.add_argument("--vacancies", type=int, default=20)
    arguments = parser.parse_args(argv)
    settings = load_settings()
    matcher = build_matcher(settings)
    openings = [
        _opening(v)
        for v in generate_vacancies(
            arguments.vacancies, seed=5, reference_data_dir=settings.reference_data_dir
        )
    ]
    with database_url(settings) as url:
        migrate(url)
        started = time.perf_counter()
        asyncio.run(
            _seed(
                url,
                arguments.graduates,
                settings.reference_data_dir,
                settings.pseudonym_key.get_secret_value().encode(),
            )
        )
        sys.stderr.write(
            f"seeded {arguments.graduates} graduates in {time.perf_counter() - started:.1f} s\n"
        )
        replica = CandidateReplica(matcher)
        started = time.perf_counter()
        index = asyncio.run(_sync(url, replica))
        build_seconds = time.perf_counter() - started
        shortlist = 10
        timings: dict[str, list[float]] = {"full": [], "checked": [], "unchecked": []}
        same = 0
        for opening in openings:
            t0 = time.perf_counter()
            loaded = asyncio.run(_load(url))
            fresh = matcher.candidate_index(loaded)  # type: ignore[arg-type]
            a = matcher.rank_candidates(opening, fresh, shortlist)
            timings["full"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            index = asyncio.run(_sync(url, replica))
            b = matcher.rank_candidates(opening, index, shortlist)
            timings["checked"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            matcher.rank_candidates(opening, index, shortlist)
            timings["unchecked"].append(time.perf_counter() - t0)
            same += [m.graduate_id for m in a] == [m.graduate_id for m in b]
    labels = {
        "full": "full read per match",
        "checked": "replica, checked against PostgreSQL (the worker)",
        "unchecked": "replica, unchecked",
    }
    rows = "".join(
        f"| {labels[name]} | {len(index)} | {statistics.median(values) * 1000:.0f} | "
        f"{sorted(values)[int(0.95 * (len(values) - 1))] * 1000:.0f} |\n"
        for name, values in timings.items()
    )
    sys.stdout.write(
        "| approach | graduates | median ms per vacancy | p95 ms |\n| --- | ---: | ---: | ---: |\n"
        + rows
        + f"\nReplica first built in {build_seconds:.1f} s (encodes every profile once). "
        f"Same shortlist with a full read and with the replica for {same} of {len(openings)}.\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
