"""The employer's form: the vacancy's country, its state, and the countries it accepts."""

from __future__ import annotations

from datetime import date

from schemas.regions import Country, SalvadoranDepartment
from vincula.api.vacancy_form import OPTIONS, FormResult, empty_values, parse_vacancy

TODAY = date(2026, 11, 20)


def submit(**changes: str) -> FormResult:
    raw = {
        "vacancy_id": "NUBE-1",
        "employer_name": "Nube Regia Software",
        "kind": "job",
        "title": "Ingeniera de datos",
        "description": "Pipelines de datos en la nube.",
        "language": "es",
        "sector": "software",
        "state": "QUE",
        "city": "Querétaro",
        "modality": "remote",
        "seats": "2",
        "closes_on": "31/01/2027",
    }
    return parse_vacancy(raw | changes, employer_id="nube", vacancy_id=None, today=TODAY)


def test_a_vacancy_without_a_country_is_mexican_and_takes_mexico_only() -> None:
    body = submit().body
    assert body is not None
    assert body.country is Country.MX and body.accepted_countries == ()
    assert empty_values(vacancy_id="V", employer_name="E")["country"] == "MX"


def test_ticked_countries_become_accepted_countries() -> None:
    body = submit(accepts_sv="sí", accepts_mx="sí").body
    assert body is not None
    assert body.accepted_countries == (Country.MX, Country.SV)


def test_a_salvadoran_vacancy_in_a_salvadoran_department() -> None:
    body = submit(country="SV", state="SV-SS", city="San Salvador").body
    assert body is not None
    assert body.state is SalvadoranDepartment.SS


def test_a_state_of_another_country_is_marked_on_the_state_field() -> None:
    result = submit(country="SV", state="QUE")
    assert result.body is None
    assert list(result.errors) == ["state"]
    assert "Querétaro (QUE) es un estado de México, no de El Salvador" in result.errors["state"]


def test_the_state_list_names_other_countries() -> None:
    labels = dict(OPTIONS["state"])
    assert labels["QUE"] == "Querétaro"
    assert labels["SV-SS"] == "San Salvador, El Salvador"
    assert labels["DO-01"] == "Distrito Nacional, República Dominicana"
    assert len(labels) == 78
