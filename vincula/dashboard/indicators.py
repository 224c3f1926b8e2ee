"""What the dashboard counts, defined once on plain data.

The unit is a **graduate**, never a match: a person proposed for three vacancies is one
person matched. Definitions (each has a unit test on hand-made data):

- **Funnel.** Steps are cumulative: matched (at least one proposal, withdrawn ones
  included) → interested («me interesa», an application) → interviewed → offered →
  hired → still employed at the 3-, 6- and 12-month follow-ups. Reaching a later step
  counts for every earlier one, so an employer who reports a hire without an interview
  still makes an interview. A person's step is the furthest over their matches.
- **Principal match.** The match where the person went furthest (ties: the earliest
  proposal). Its vacancy gives the person's sector, vacancy kind and vacancy state, and
  its first hiring outcome the hire date, so every person counts once in every table.
- **Placement rate** (WIOA: placement) = hired / matched.
- **Employment 6 and 12 months after hire** (WIOA: employment in the 2nd and 4th quarter
  after exit) = hires at least 6 (12) months old on the report date whose 6-month
  (12-month) follow-up says «sigo trabajando ahí» / those hires. Only employment with
  the hiring employer is observed: «cambié de empleo» and «no estoy trabajando» both
  arrive as *left*, so this is a lower bound of WIOA's measure, and an unanswered
  follow-up counts as not employed.
- **Retention with the same employer** (WIOA: same employer in the 2nd and 4th
  quarters) = hires at least 12 months old still with the hiring employer at the 6-month
  *and* the 12-month follow-up / those hires.
- **Median time to hire** = median days from certification to the first hire.
- **Credentials** by kind: graduates holding at least one of the kind, and of them those
  whose issuer verified one (a person with two kinds counts in both rows).
- **Track** = the track of the graduate's highest credential with a specific track
  (so a CONALEP badge in cloud, not the technical degree); **credential kind** = the
  highest kind held, in the order master's > technical degree > certification > badge >
  course completion (no official validity).
- **Cohort** = programme + month of certification (Mexico City time): the graduates one
  programme certified in one month. There is no cohort field in the events; the
  certification month is the nearest thing to WIOA's exit quarter.
- **Age band** = certification year − birth year (only the year is known), in the bands
  of Aprendices Digitales' 15–40; 14 and 41 (the tolerance of a year-only age) go to the
  edge bands.
"""

from __future__ import annotations

import calendar
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import product

from schemas.enums import CredentialKind, OutcomeKind, Track
from vincula.web.formats import MEXICO_CITY

STAGES: tuple[str, ...] = (
    "matched",
    "interested",
    "interviewed",
    "offered",
    "hired",
    "retained_3m",
    "retained_6m",
    "retained_12m",
)
HIRED = STAGES.index("hired")
RETAINED_6M = STAGES.index("retained_6m")
RETAINED_12M = STAGES.index("retained_12m")
_STAGE_OF_OUTCOME = {
    OutcomeKind.APPLIED.value: 1,
    OutcomeKind.INTERVIEWED.value: 2,
    OutcomeKind.OFFERED.value: 3,
    OutcomeKind.HIRED.value: HIRED,
    OutcomeKind.RETAINED_3M.value: 5,
    OutcomeKind.RETAINED_6M.value: RETAINED_6M,
    OutcomeKind.RETAINED_12M.value: RETAINED_12M,
}
# Follow-ups measured on hires old enough to have had them.
FOLLOW_UPS = ("eligible_6m", "employed_6m", "eligible_12m", "employed_12m", "same_employer")
CUBE: tuple[str, ...] = ("graduates", *STAGES, *FOLLOW_UPS)

KIND_LEVEL = {
    CredentialKind.MASTERS.value: 5,
    CredentialKind.TECHNICAL_DEGREE.value: 4,
    CredentialKind.CERTIFICATION.value: 3,
    CredentialKind.BADGE.value: 2,
    CredentialKind.COURSE_COMPLETION.value: 1,
}
_TRACK_ORDER = [track.value for track in Track]
NOT_RECORDED = "no_informado"
UNKNOWN_AGE = "sin_dato"
AGE_BANDS = ("15-17", "18-24", "25-29", "30-34", "35-40", UNKNOWN_AGE)


@dataclass(frozen=True)
class CredentialFacts:
    """One credential a graduate holds."""

    kind: str
    track: str
    verified: bool


@dataclass(frozen=True)
class GraduateFacts:
    """What the state holds about a graduate that the dashboard may aggregate."""

    programme: str
    issuer: str
    state: str
    sex: str | None
    birth_year: int | None
    certified_at: datetime
    credentials: tuple[CredentialFacts, ...]
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatchFacts:
    """One proposal of the graduate, its vacancy and its outcomes so far."""

    key: str  # breaks ties between proposals made at the same instant
    proposed_at: datetime
    sector: str
    vacancy_kind: str
    vacancy_state: str
    outcomes: tuple[tuple[str, datetime], ...] = ()


@dataclass(frozen=True)
class Person:
    """One graduate as the dashboard counts them: attributes and furthest step, no identity."""

    programme: str
    issuer: str
    state: str
    sex: str
    age_band: str
    cohort: str
    track: str
    credential_kind: str
    certified_at: datetime
    credentials: tuple[CredentialFacts, ...]
    skills: tuple[str, ...]
    stage: int | None  # None: never matched
    first_proposed_at: datetime | None
    sector: str | None
    vacancy_kind: str | None
    vacancy_state: str | None
    hired_at: datetime | None
    answered_6m: bool  # still with the hiring employer at the 6-month follow-up


def stage_of(outcomes: Iterable[tuple[str, datetime]]) -> int:
    """The furthest step a match reached: 0 (matched) to 7 (employed at 12 months)."""
    return max((_STAGE_OF_OUTCOME.get(kind, 0) for kind, _ in outcomes), default=0)


def hire_time(outcomes: Iterable[tuple[str, datetime]]) -> datetime | None:
    """When the match first reached the hire (a later step reported alone counts as it)."""
    times = [at for kind, at in outcomes if _STAGE_OF_OUTCOME.get(kind, 0) >= HIRED]
    return min(times, default=None)


def principal(matches: Sequence[MatchFacts]) -> MatchFacts | None:
    """The match that went furthest; ties go to the earliest proposal, then the key."""
    if not matches:
        return None
    return min(matches, key=lambda m: (-stage_of(m.outcomes), m.proposed_at, m.key))


def track_of(credentials: Sequence[CredentialFacts]) -> str:
    """The track of the highest credential with a specific track; «other» without one."""
    specific = [c for c in credentials if c.track != Track.OTHER.value]
    if not specific:
        return Track.OTHER.value
    best = min(
        specific,
        key=lambda c: (-KIND_LEVEL.get(c.kind, 0), not c.verified, _track_index(c.track)),
    )
    return best.track


def _track_index(track: str) -> int:
    return _TRACK_ORDER.index(track) if track in _TRACK_ORDER else len(_TRACK_ORDER)


def highest_kind(credentials: Sequence[CredentialFacts]) -> str:
    """The highest kind of credential held (master's first, course completion last)."""
    if not credentials:
        return CredentialKind.COURSE_COMPLETION.value
    return max(credentials, key=lambda c: KIND_LEVEL.get(c.kind, 0)).kind


def age_band(birth_year: int | None, certified_at: datetime) -> str:
    """The age band at certification, from the birth year alone."""
    if birth_year is None:
        return UNKNOWN_AGE
    age = certified_at.astimezone(MEXICO_CITY).year - birth_year
    for band in AGE_BANDS[:-2]:
        if age <= int(band.split("-")[1]):
            return band
    return AGE_BANDS[-2]


def month_of(moment: datetime) -> str:
    """``aaaa-mm`` of a moment in Mexico City time."""
    return moment.astimezone(MEXICO_CITY).strftime("%Y-%m")


def cohort_of(programme: str, certified_at: datetime) -> str:
    """The cohort key: ``programme|aaaa-mm`` (the month of certification)."""
    return f"{programme}|{month_of(certified_at)}"


def split_cohort(key: str) -> tuple[str, str]:
    """The programme and ``aaaa-mm`` of a cohort key."""
    programme, _, month = key.rpartition("|")
    return programme, month


def person(graduate: GraduateFacts, matches: Sequence[MatchFacts]) -> Person:
    """A graduate and their proposals, as the dashboard counts them."""
    chosen = principal(matches)
    return Person(
        programme=graduate.programme,
        issuer=graduate.issuer,
        state=graduate.state,
        sex=graduate.sex or NOT_RECORDED,
        age_band=age_band(graduate.birth_year, graduate.certified_at),
        cohort=cohort_of(graduate.programme, graduate.certified_at),
        track=track_of(graduate.credentials),
        credential_kind=highest_kind(graduate.credentials),
        certified_at=graduate.certified_at,
        credentials=graduate.credentials,
        skills=graduate.skills,
        stage=None if chosen is None else stage_of(chosen.outcomes),
        first_proposed_at=min((m.proposed_at for m in matches), default=None),
        sector=None if chosen is None else chosen.sector,
        vacancy_kind=None if chosen is None else chosen.vacancy_kind,
        vacancy_state=None if chosen is None else chosen.vacancy_state,
        hired_at=None if chosen is None else hire_time(chosen.outcomes),
        answered_6m=chosen is not None
        and any(kind == OutcomeKind.RETAINED_6M.value for kind, _ in chosen.outcomes),
    )


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` earlier (the month's last day when it is shorter)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _mask(stage: int | None, six: bool, twelve: bool, answered_6m: bool) -> frozenset[str]:
    measures = {"graduates"}
    if stage is not None:
        measures |= set(STAGES[: stage + 1])
        if stage >= HIRED and six:
            measures.add("eligible_6m")
            if stage >= RETAINED_6M:
                measures.add("employed_6m")
        if stage >= HIRED and twelve:
            measures.add("eligible_12m")
            if stage >= RETAINED_12M:
                measures.add("employed_12m")
                if answered_6m:
                    measures.add("same_employer")
    return frozenset(measures)


def mask_of(person: Person, as_of: datetime) -> frozenset[str]:
    """The measures of ``CUBE`` a person counts in on the report date ``as_of``."""
    hired = person.hired_at
    six = hired is not None and hired <= months_before(as_of, 6)
    twelve = hired is not None and hired <= months_before(as_of, 12)
    return _mask(person.stage, six, twelve, person.answered_6m)


def _possible_masks() -> tuple[frozenset[str], ...]:
    found = set()
    for stage, six, twelve, answered in product([None, *range(len(STAGES))], *[(False, True)] * 3):
        if twelve and not six:
            continue  # a hire 12 months old is also 6 months old
        found.add(_mask(stage, six, twelve, answered))
    return tuple(sorted(found, key=lambda mask: (len(mask), sorted(mask))))


# Every mask a graduate could have: what an observer must consider possible in each row.
CUBE_MASKS = _possible_masks()


def rate(numerator: int | None, denominator: int | None) -> float | None:
    """``numerator / denominator`` when both are published and the base is not empty."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def median_days_to_hire(people: Iterable[Person]) -> float | None:
    """Median days from certification to the first hire; None without any hire."""
    days = [
        (p.hired_at - p.certified_at).total_seconds() / 86_400
        for p in people
        if p.hired_at is not None
    ]
    return float(statistics.median(days)) if days else None
