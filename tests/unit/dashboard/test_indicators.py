"""Every indicator's definition, on small hand-made data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from vincula.dashboard.indicators import (
    CUBE_MASKS,
    CredentialFacts,
    GraduateFacts,
    MatchFacts,
    Person,
    age_band,
    cohort_of,
    highest_kind,
    hire_time,
    mask_of,
    median_days_to_hire,
    months_before,
    person,
    principal,
    stage_of,
    track_of,
)
from vincula.dashboard.tables import Dashboard

AS_OF = datetime(2026, 12, 1, 12, tzinfo=UTC)
CERTIFIED = datetime(2025, 6, 1, 17, tzinfo=UTC)
AWS = CredentialFacts("certification", "cloud", True)


def at(days: int) -> datetime:
    """``days`` after certification."""
    return CERTIFIED + timedelta(days=days)


def graduate(**changes: object) -> GraduateFacts:
    base: dict[str, object] = {
        "programme": "Capacitación AWS",
        "issuer": "aws",
        "state": "QUE",
        "sex": None,
        "birth_year": 2001,
        "certified_at": CERTIFIED,
        "credentials": (AWS,),
    }
    return GraduateFacts(**(base | changes))  # type: ignore[arg-type]


def proposal(key: str, *outcomes: tuple[str, int], day: int = 1, sector: str = "aerospace"):  # type: ignore[no-untyped-def]
    return MatchFacts(
        key=key,
        proposed_at=at(day),
        sector=sector,
        vacancy_kind="job",
        vacancy_state="QUE",
        outcomes=tuple((kind, at(d)) for kind, d in outcomes),
    )


def test_steps_are_cumulative_and_the_furthest_counts() -> None:
    assert stage_of([]) == 0  # matched
    assert stage_of([("applied", at(2))]) == 1
    assert stage_of([("applied", at(2)), ("rejected", at(3))]) == 1
    assert stage_of([("declined", at(2))]) == 0
    # An employer who reports the hire alone still makes the earlier steps.
    assert stage_of([("hired", at(9))]) == 4
    assert stage_of([("hired", at(9)), ("left", at(90))]) == 4
    assert stage_of([("hired", at(9)), ("retained_3m", at(99)), ("retained_6m", at(190))]) == 6


def test_the_hire_date_is_the_first_hiring_outcome_or_a_later_step_reported_alone() -> None:
    assert hire_time([("applied", at(2)), ("hired", at(9)), ("hired", at(12))]) == at(9)
    assert hire_time([("retained_3m", at(100))]) == at(100)
    assert hire_time([("offered", at(5))]) is None


def test_the_principal_match_went_furthest_and_ties_go_to_the_earliest_proposal() -> None:
    early = proposal("b", ("applied", 3), day=1)
    late = proposal("a", ("applied", 4), day=5, sector="automotive")
    hired = proposal("c", ("hired", 30), day=9, sector="pharma")
    assert principal([early, late]) == early
    assert principal([early, late, hired]) == hired
    assert principal([]) is None
    counted = person(graduate(), [early, late, hired])
    assert (counted.stage, counted.sector, counted.hired_at) == (4, "pharma", at(30))
    assert counted.first_proposed_at == at(1)


def test_track_is_the_highest_specific_credential_and_kind_the_highest_held() -> None:
    badge = CredentialFacts("badge", "cloud", True)
    degree = CredentialFacts("technical_degree", "other", True)
    course = CredentialFacts("course_completion", "data", False)
    assert track_of([badge, degree]) == "cloud"  # CONALEP: the badge's track, not «other»
    assert highest_kind([badge, degree]) == "technical_degree"
    assert track_of([degree]) == "other"
    assert track_of([course, AWS]) == "cloud"
    assert highest_kind([course]) == "course_completion"
    assert highest_kind([CredentialFacts("masters", "ai", True), AWS]) == "masters"


def test_age_bands_come_from_the_year_alone_and_the_tolerance_goes_to_the_edges() -> None:
    year = CERTIFIED.year
    assert age_band(year - 23, CERTIFIED) == "18-24"
    assert age_band(year - 15, CERTIFIED) == "15-17"
    assert age_band(year - 14, CERTIFIED) == "15-17"
    assert age_band(year - 25, CERTIFIED) == "25-29"
    assert age_band(year - 40, CERTIFIED) == "35-40"
    assert age_band(year - 41, CERTIFIED) == "35-40"
    assert age_band(None, CERTIFIED) == "sin_dato"


def test_a_cohort_is_a_programme_and_its_month_of_certification_in_mexico_city() -> None:
    # 03:00 UTC on 1 January is still 31 December in Mexico City.
    assert cohort_of("Kyndryl", datetime(2027, 1, 1, 3, tzinfo=UTC)) == "Kyndryl|2026-12"


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month() -> None:
    assert months_before(datetime(2026, 8, 31, tzinfo=UTC), 6) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2026, 3, 15, tzinfo=UTC), 12) == datetime(2025, 3, 15, tzinfo=UTC)


def test_follow_ups_count_only_hires_old_enough_to_have_had_them() -> None:
    def mask(*outcomes: tuple[str, int]) -> frozenset[str]:
        return mask_of(person(graduate(), [proposal("m", *outcomes)]), AS_OF)

    recent = AS_OF - CERTIFIED - timedelta(days=30)  # hired a month before the report
    assert "eligible_6m" not in mask(("hired", recent.days))
    old = mask(("hired", 10), ("retained_3m", 100), ("retained_6m", 190))
    assert {"eligible_6m", "employed_6m", "eligible_12m"} <= old
    assert "employed_12m" not in old
    both = mask(("hired", 10), ("retained_6m", 190), ("retained_12m", 375))
    assert {"employed_12m", "same_employer"} <= both
    # Still there at 12 months but the 6-month answer missing: employed, not «both».
    skipped = mask(("hired", 10), ("retained_12m", 375))
    assert "employed_12m" in skipped and "employed_6m" in skipped
    assert "same_employer" not in skipped
    assert mask() == frozenset({"graduates", "matched"})
    assert mask_of(person(graduate(), []), AS_OF) == frozenset({"graduates"})


def test_median_days_from_certification_to_hire() -> None:
    people = [
        person(graduate(), [proposal("a", ("hired", days))]) for days in (10, 20, 40, 100)
    ] + [person(graduate(), [proposal("b")])]
    assert median_days_to_hire(people) == 30.0
    assert median_days_to_hire(people[-1:]) is None


def population() -> list[Person]:
    """60 graduates in groups of 10, so that no published count or difference is under 10.

    10 never matched; 10 only interested; 40 hired long ago (days 10 to 49 after
    certification): 10 left, 10 still there at 6 months (no 12-month answer), 10 at 6
    and 12 months, 10 at 12 months with the 6-month follow-up unanswered.
    """
    people = [person(graduate(), []) for _ in range(10)]
    people += [person(graduate(), [proposal(f"i{i}", ("applied", 3))]) for i in range(10)]
    later = {
        0: [("left", 300)],
        1: [("retained_6m", 200)],
        2: [("retained_6m", 200), ("retained_12m", 380)],
        3: [("retained_12m", 380)],
    }
    for i in range(40):
        steps = [("applied", 3), ("hired", 10 + i), *later[i // 10]]
        people.append(person(graduate(), [proposal(f"h{i}", *steps)]))
    return people


def test_the_wioa_indicators_on_a_hand_made_population() -> None:
    dashboard = Dashboard(population(), [], as_of=AS_OF)
    summary = dashboard.summary_table()
    cells = {c.key: summary.rows[0].cells[i] for i, c in enumerate(summary.columns)}
    assert cells["graduates"].value == 60
    assert cells["matched"].value == 50
    assert cells["hired"].value == 40
    assert cells["placement_rate"].value == 40 / 50
    assert cells["employment_6m"].value == 30 / 40  # the 10 who skipped the 6-month answer too
    assert cells["employment_12m"].value == 20 / 40
    assert cells["same_employer_rate"].value == 10 / 40  # at 6 *and* 12 months
    assert cells["median_days"].value == 29.5
    funnel = dashboard.funnel("programa")
    assert [c.value for c in funnel.rows[-1].cells] == [60, 50, 50, 40, 40, 40, 30, 30, 20]
    assert dashboard.summary.hidden == frozenset()


def test_a_rate_is_not_published_when_a_count_it_comes_from_is_hidden() -> None:
    people = population()[:25]  # 5 hires: hidden, and so the rate and the median
    summary = Dashboard(people, [], as_of=AS_OF).summary_table()
    cells = {c.key: summary.rows[0].cells[i] for i, c in enumerate(summary.columns)}
    assert cells["hired"].suppressed and cells["placement_rate"].suppressed
    assert cells["median_days"].suppressed and cells["median_days"].value is None


@given(
    stage=st.sampled_from([None, *range(8)]),
    hired_days=st.integers(0, 800),
    answered=st.booleans(),
)
def test_every_mask_a_person_can_have_is_among_the_possible_ones(
    stage: int | None, hired_days: int, answered: bool
) -> None:
    kinds = ["applied", "interviewed", "offered", "hired", "retained_3m", "retained_6m"]
    kinds.append("retained_12m")
    outcomes: list[tuple[str, int]] = []
    if stage:
        outcomes = [(kinds[stage - 1], hired_days)]
    if answered and stage and stage >= 4:
        outcomes.append(("retained_6m", hired_days + 1))
    matches = [] if stage is None else [proposal("m", *outcomes)]
    assert mask_of(person(graduate(), matches), AS_OF) in CUBE_MASKS
