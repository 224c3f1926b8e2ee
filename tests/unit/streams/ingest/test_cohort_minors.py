"""The cohort's enrolment column, and the one age fact a CURP leaves on the event."""

from __future__ import annotations

from datetime import date

import pytest

from schemas.codec import event_to_json
from streams.ingest.age import adult_from
from streams.ingest.cohort import RowError, ValidRow, parse_row
from streams.ingest.curp import curp_check_digit
from tests.unit.streams.ingest.test_cohort import KEY, row


def curp_born(yymmdd: str, *, after_2000: bool = True) -> str:
    """A well-formed CURP of someone born on ``yymmdd``."""
    first17 = f"GOMA{yymmdd}MQTRRL{'A' if after_2000 else '0'}"
    return first17 + curp_check_digit(first17)


def parsed(**changes: str) -> ValidRow:
    result = parse_row(2, row(**changes), key=KEY)
    assert isinstance(result, ValidRow), result
    return result


@pytest.mark.parametrize(
    ("born", "certified_on", "expected"),
    [
        # The first of the month after the 18th birthday, the birthday itself on a 1st.
        (date(2010, 3, 15), date(2026, 12, 11), date(2028, 4, 1)),
        (date(2010, 3, 1), date(2026, 12, 11), date(2028, 3, 1)),
        (date(2009, 12, 31), date(2026, 12, 11), date(2028, 1, 1)),
        (date(2008, 2, 29), date(2026, 2, 1), date(2026, 3, 1)),
        # Of age on the certification date: nothing to carry.
        (date(2008, 12, 1), date(2026, 12, 11), None),
        (date(1990, 6, 6), date(2026, 12, 11), None),
    ],
)
def test_adult_from_rounds_up_to_a_first_of_the_month(
    born: date, certified_on: date, expected: date | None
) -> None:
    assert adult_from(born, certified_on=certified_on) == expected


def test_rounding_never_makes_a_minor_of_age_early() -> None:
    day = date(2007, 1, 2)
    while day < date(2009, 1, 1):
        of_age = adult_from(day, certified_on=date(2000, 1, 1))
        assert of_age is not None
        birthday_18 = date(day.year + 18, 3, 1) if (day.month, day.day) == (2, 29) else None
        birthday_18 = birthday_18 or day.replace(year=day.year + 18)
        assert birthday_18 <= of_age
        assert (of_age - birthday_18).days <= 31
        day = date.fromordinal(day.toordinal() + 1)


def test_a_minor_gets_adult_from_and_no_birth_date_leaves_the_edge() -> None:
    event = parsed(curp=curp_born("100315"), anio_nacimiento="2010").event
    assert event.adult_from == date(2028, 4, 1)
    wire = event_to_json(event).decode()
    assert "2010-03-15" not in wire
    assert "100315" not in wire


def test_an_adult_gets_no_adult_from_and_keeps_the_event_id_it_had() -> None:
    before = parsed().event
    assert before.adult_from is None
    assert not before.enrolled_student
    # An empty enrolment column is the default, so the content hash does not move.
    assert parsed(estudiante_inscrito="").event.event_id == before.event_id


def test_the_enrolment_column_is_yes_or_no() -> None:
    assert parsed(estudiante_inscrito="sí").event.enrolled_student
    assert not parsed(estudiante_inscrito="no").event.enrolled_student
    enrolled = parsed(estudiante_inscrito="Sí").event
    assert enrolled.event_id != parsed().event.event_id
    result = parse_row(2, row(estudiante_inscrito="tal vez"), key=KEY)
    assert isinstance(result, list)
    assert [e.field for e in result if isinstance(e, RowError)] == ["estudiante_inscrito"]


def test_a_curp_that_disagrees_with_the_birth_year_is_reported() -> None:
    result = parse_row(2, row(curp=curp_born("100315"), anio_nacimiento="2009"), key=KEY)
    assert isinstance(result, list)
    assert [e.field for e in result] == ["anio_nacimiento"]
    assert "no concuerda" in result[0].reason
