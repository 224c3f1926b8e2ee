"""Vacancies that admit minors attest the LFT's conditions; graduates carry only adult_from."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from schemas.graduates import GraduateCertified
from schemas.vacancies import VacancyPosted, VacancyUpdated

EXAMPLES = Path(__file__).resolve().parents[3] / "schemas" / "examples"
ATTESTED = {
    "admits_minors": True,
    "minor_daily_hours": 6,
    "minor_daytime_only": True,
    "minor_no_hazardous_work": True,
}


def stored(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((EXAMPLES / name / "v1.json").read_text("utf-8"))
    return document


def errors_of(model: type[VacancyPosted], document: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(document)
    return {str(e["loc"][0]): str(e["msg"]) for e in caught.value.errors() if e["loc"]}


def test_a_stored_vacancy_is_an_ordinary_job_for_adults() -> None:
    vacancy = VacancyPosted.model_validate(stored("VacancyPosted"))
    assert not vacancy.work_based_learning
    assert not vacancy.admits_minors
    assert vacancy.minor_daily_hours is None


@pytest.mark.parametrize("model", [VacancyPosted, VacancyUpdated])
def test_admitting_minors_with_the_three_conditions_is_accepted(
    model: type[VacancyPosted],
) -> None:
    document = stored("VacancyPosted") | {"event_type": model.__name__} | ATTESTED
    vacancy = model.model_validate(document | {"minor_daily_hours": 4})
    assert vacancy.admits_minors
    assert vacancy.minor_daily_hours == 4


def test_admitting_minors_without_attesting_names_each_missing_condition() -> None:
    problems = errors_of(VacancyPosted, stored("VacancyPosted") | {"admits_minors": True})
    assert set(problems) == {"minor_daily_hours", "minor_daytime_only", "minor_no_hazardous_work"}
    assert "jornada diaria (a lo más 6 horas)" in problems["minor_daily_hours"]
    assert "solo diurno, sin turno nocturno" in problems["minor_daytime_only"]
    assert "trabajo peligroso ni insalubre" in problems["minor_no_hazardous_work"]
    assert all("personas de 15 a 17 años" in message for message in problems.values())


def test_more_than_six_hours_a_day_is_refused_for_minors_only() -> None:
    problems = errors_of(
        VacancyPosted, stored("VacancyPosted") | ATTESTED | {"minor_daily_hours": 8}
    )
    assert list(problems) == ["minor_daily_hours"]
    assert "más de 6 horas diarias (se declararon 8)" in problems["minor_daily_hours"]
    # Without minors the field says nothing the law restricts.
    adults = VacancyPosted.model_validate(stored("VacancyPosted") | {"minor_daily_hours": 8})
    assert not adults.admits_minors


def graduate(**changes: Any) -> GraduateCertified:
    return GraduateCertified.model_validate(stored("GraduateCertified") | changes)


def test_a_stored_graduate_is_neither_enrolled_nor_a_minor() -> None:
    certified = graduate()
    assert not certified.enrolled_student
    assert certified.adult_from is None
    assert certified.minor_until() is None


def test_adult_from_is_only_for_a_minor_on_the_certification_date() -> None:
    # Certified on 11/12/2026 (Mexico City), born in 2010: of age from 1/5/2028.
    minor = graduate(birth_year=2010, adult_from="2028-05-01", enrolled_student=True)
    assert minor.minor_until() == date(2028, 5, 1)
    for past in ("2026-12-11", "2020-01-01"):
        with pytest.raises(ValidationError, match="solo se indica para quien"):
            graduate(adult_from=past, birth_year=None)
    with pytest.raises(ValidationError, match="implausible"):
        graduate(adult_from="2035-01-01", birth_year=None)
    with pytest.raises(ValidationError, match="no concuerda con la fecha de mayoría de edad"):
        graduate(birth_year=2009, adult_from="2028-03-01")
    # Born on 1 January, or in December (rounded up to 1 January of the year after).
    assert graduate(birth_year=2010, adult_from="2028-01-01").adult_from == date(2028, 1, 1)
    assert graduate(birth_year=2009, adult_from="2028-01-01").adult_from == date(2028, 1, 1)


def test_without_adult_from_a_birth_year_under_18_is_a_minor_until_the_year_they_turn_19() -> None:
    # Events stored before adult_from existed: the birth year decides, conservatively.
    assert graduate(birth_year=2010).minor_until() == date(2029, 1, 1)
    # 18 by years (born in 2008, certified in 2026) counts as of age.
    assert graduate(birth_year=2008).minor_until() is None
    assert graduate(birth_year=None).minor_until() is None
