"""The season's plan: reproducible, on a calendar that ends today, decisions keyed by subject."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from models.outcomes import add_months
from vincula.season.plan import PUBLISHING_MONTHS, SEASON_MONTHS, plan_season
from vincula.synthetic.programmes import PROGRAMMES

TODAY = datetime(2026, 12, 2, 15, tzinfo=UTC)


def test_same_seed_same_plan_and_another_seed_other_decisions() -> None:
    one = plan_season(seed=7, graduates=600, today=TODAY)
    assert one == plan_season(seed=7, graduates=600, today=TODAY)
    other = plan_season(seed=8, graduates=600, today=TODAY)
    match = uuid.uuid4()
    draws = [one.chance("answers", match, n) for n in range(50)]
    assert draws == [one.chance("answers", match, n) for n in range(50)]
    assert draws != [other.chance("answers", match, n) for n in range(50)]
    assert all(0.0 <= d < 1.0 for d in draws)


def test_every_programme_publishes_and_sizes_add_up() -> None:
    season = plan_season(seed=1, graduates=1_001, today=TODAY)
    assert season.graduates == 1_001
    assert {r.programme for r in season.cohorts} == set(PROGRAMMES)
    assert max(r.size for r in season.cohorts) - min(r.size for r in season.cohorts) <= 1
    assert season.vacancies == 100
    assert len({r.file_name for r in season.cohorts}) == len(season.cohorts)


def test_the_calendar_ends_today_and_cohorts_come_first() -> None:
    season = plan_season(seed=1, graduates=300, today=TODAY)
    assert season.ends == TODAY.astimezone(season.ends.tzinfo)
    assert add_months(season.starts, SEASON_MONTHS) <= season.ends
    published = [r.published for r in season.cohorts]
    assert published == sorted(published)
    assert all(season.starts <= p < add_months(season.starts, PUBLISHING_MONTHS) for p in published)


def test_hires_follow_certification_and_leave_twelve_month_follow_ups_due() -> None:
    season = plan_season(seed=3, graduates=300, today=TODAY)
    first = season.cohorts[0].published
    hires = [season.hire_date(uuid.UUID(int=n), first) for n in range(500)]
    assert all(first < h < season.ends for h in hires)
    assert all(season.interview_date(uuid.UUID(int=n), first) < h for n, h in enumerate(hires))
    # Early hires have every follow-up due by the last day; late ones only some.
    due_12 = [add_months(h, 12) <= season.ends for h in hires]
    assert any(due_12) and not all(due_12)


def test_too_small_a_season_is_refused() -> None:
    with pytest.raises(ValueError, match="al menos"):
        plan_season(seed=1, graduates=len(PROGRAMMES) - 1, today=TODAY)
