"""The employer's form: a work-based learning place, and the attestation for minors."""

from __future__ import annotations

from datetime import date

from vincula.api.vacancy_form import FormResult, parse_vacancy

TODAY = date(2026, 11, 20)


def submit(**changes: str) -> FormResult:
    raw = {
        "vacancy_id": "DUAL-QRO-1",
        "employer_name": "Aeropartes del Bajío",
        "kind": "apprenticeship",
        "title": "Aprendiz de mantenimiento",
        "description": "Formación dual en la planta de Colón.",
        "language": "es",
        "sector": "aerospace",
        "state": "QUE",
        "city": "Colón",
        "modality": "on_site",
        "seats": "4",
        "closes_on": "31/01/2027",
    }
    return parse_vacancy(raw | changes, employer_id="aero", vacancy_id=None, today=TODAY)


def test_unticked_boxes_post_an_ordinary_vacancy_for_adults() -> None:
    body = submit().body
    assert body is not None
    assert not body.work_based_learning
    assert not body.admits_minors


def test_a_dual_place_that_admits_minors_with_the_three_conditions() -> None:
    result = submit(
        work_based_learning="sí",
        admits_minors="sí",
        minor_daily_hours="6",
        minor_daytime_only="sí",
        minor_no_hazardous_work="sí",
    )
    assert result.errors == {}
    assert result.body is not None
    assert result.body.work_based_learning
    assert result.body.admits_minors
    assert result.body.minor_daily_hours == 6


def test_admitting_minors_without_the_conditions_shows_a_message_under_each() -> None:
    result = submit(admits_minors="sí")
    assert result.body is None
    assert list(result.errors) == [
        "minor_daily_hours",
        "minor_daytime_only",
        "minor_no_hazardous_work",
    ]
    assert result.errors["minor_daily_hours"].startswith("Una vacante que admite personas de 15")
    assert result.errors["minor_daytime_only"].endswith("sin turno nocturno.")


def test_hours_must_be_a_whole_number_of_at_most_six() -> None:
    ticked = {"admits_minors": "sí", "minor_daytime_only": "sí", "minor_no_hazardous_work": "sí"}
    assert submit(**ticked, minor_daily_hours="seis").errors == {
        "minor_daily_hours": "Escriba un número entero de horas, por ejemplo 6."
    }
    too_long = submit(**ticked, minor_daily_hours="8").errors["minor_daily_hours"]
    assert "más de 6 horas diarias (se declararon 8)" in too_long


def test_conditions_typed_without_admitting_minors_are_not_kept() -> None:
    body = submit(minor_daily_hours="8", minor_daytime_only="sí").body
    assert body is not None
    assert body.minor_daily_hours is None
    assert not body.minor_daytime_only
