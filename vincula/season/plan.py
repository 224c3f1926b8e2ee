"""A hiring season on paper: who publishes what and when, and how people decide.

Pure and seeded: the same seed and size give the same cohorts, vacancies and
decisions, whatever order events are processed in, because every decision is
a draw keyed by the seed and the thing decided about (a match, a follow-up),
never a position in a random sequence.

The season covers the fifteen months that end on the day it runs: programmes
publish their cohorts over the first four months, employers interview and
hire over the following months, and the follow-ups at 3, 6 and 12 months
that have come due by the last day are sent and answered. Events carry those
dates (certification dates in the cohort files, hire dates in the employers'
reports), so a year of placements runs in minutes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from models.outcomes import add_months
from vincula.synthetic.programmes import PROGRAMMES, Programme

MEXICO_CITY = ZoneInfo("America/Mexico_City")
SEASON_MONTHS = 15
PUBLISHING_MONTHS = 4
DEFAULT_GRADUATES = 200
# One vacancy for about every ten graduates, as the programmes' placement rates suggest.
GRADUATES_PER_VACANCY = 10


@dataclass(frozen=True, slots=True)
class CohortRelease:
    """One programme's cohort file, published on ``published``."""

    programme: Programme
    size: int
    published: datetime
    seed: int

    @property
    def file_name(self) -> str:
        """A file name a programme would give it: issuer, campus and month."""
        campus = (self.programme.campus or "nacional").lower().replace(" ", "-")
        track = self.programme.track.value
        return f"{self.programme.issuer.value}-{campus}-{track}-{self.published:%Y-%m}.csv"


@dataclass(frozen=True, slots=True)
class Behaviour:
    """How likely people are to act at each step of the season."""

    answers: float = 0.85  # a graduate answers a match e-mail
    interested: float = 0.8  # and says «me interesa»
    interviewed: float = 0.75  # the employer interviews an interested candidate
    hired: float = 0.6  # and hires one it interviewed, while seats remain
    stays: float = 0.85  # a hired graduate is still there at each follow-up


@dataclass(frozen=True, slots=True)
class Season:
    """Everything the season will publish, with its calendar and behaviour."""

    seed: int
    starts: datetime
    ends: datetime
    cohorts: tuple[CohortRelease, ...]
    vacancies: int
    behaviour: Behaviour = Behaviour()

    @property
    def graduates(self) -> int:
        """Rows in every cohort file together."""
        return sum(release.size for release in self.cohorts)

    def chance(self, *about: object) -> float:
        """A draw in [0, 1) fixed by the seed and what it is about."""
        text = ":".join([str(self.seed), *map(str, about)])
        digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") / 2**64

    def hire_date(self, match_id: object, certified: datetime) -> datetime:
        """When an employer hires for a match: one to six months after certification."""
        days = 30 + int(self.chance("hire-day", match_id) * 150)
        return min(certified + timedelta(days=days, hours=2), self.ends - timedelta(days=1))

    def interview_date(self, match_id: object, certified: datetime) -> datetime:
        """Two weeks before the hire."""
        return self.hire_date(match_id, certified) - timedelta(days=14)


def _month_start(moment: datetime, months_back: int) -> datetime:
    return add_months(moment, -months_back).replace(day=1, hour=9, minute=0)


def _sizes(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` sizes that differ by at most one."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def plan_season(*, seed: int, graduates: int, today: datetime) -> Season:
    """The season of ``graduates`` that ends on ``today``, for ``seed``."""
    if graduates < len(PROGRAMMES):
        raise ValueError(f"una temporada necesita al menos {len(PROGRAMMES)} personas egresadas")
    local_today = today.astimezone(MEXICO_CITY)
    starts = _month_start(local_today, SEASON_MONTHS)
    releases: list[CohortRelease] = []
    for index, (programme, size) in enumerate(
        zip(PROGRAMMES, _sizes(graduates, len(PROGRAMMES)), strict=True)
    ):
        month = index % PUBLISHING_MONTHS
        published = _month_start(local_today, SEASON_MONTHS - month) + timedelta(days=9 + index)
        releases.append(CohortRelease(programme, size, published, seed * 1_000 + index))
    releases.sort(key=lambda release: release.published)
    vacancies = max(5, graduates // GRADUATES_PER_VACANCY)
    return Season(seed, starts, local_today, tuple(releases), vacancies)
