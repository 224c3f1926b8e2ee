"""Countries and subdivisions on events: stored events stay Mexican, states match countries."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from schemas.compatibility import EXAMPLES_DIR
from schemas.graduates import GraduateCertified
from schemas.labels import NAMES, spanish
from schemas.regions import (
    SUBDIVISIONS,
    Country,
    DominicanProvince,
    SalvadoranDepartment,
    country_of,
    subdivision,
    subdivisions_of,
)
from schemas.vacancies import VacancyPosted


def _example(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((EXAMPLES_DIR / name / "v1.json").read_text("utf-8"))
    return loaded


def test_every_country_has_its_iso_subdivisions() -> None:
    assert len(subdivisions_of(Country.MX)) == 32
    assert len(subdivisions_of(Country.SV)) == 14
    assert len(subdivisions_of(Country.DO)) == 32  # 31 provinces and the Distrito Nacional
    assert len({s.value for s in SUBDIVISIONS}) == len(SUBDIVISIONS)
    assert all(s.value.startswith("SV-") for s in SalvadoranDepartment)
    assert [p.value for p in DominicanProvince] == [f"DO-{n:02d}" for n in range(1, 33)]
    assert subdivision("QUE").value == "QUE" and country_of(subdivision("DO-01")) is Country.DO
    with pytest.raises(ValueError, match="no es la clave"):
        subdivision("SV-XX")


def test_every_country_and_subdivision_has_a_spanish_name() -> None:
    for enumeration in (Country, SalvadoranDepartment, DominicanProvince):
        assert set(NAMES[enumeration]) == set(enumeration)
    assert spanish(Country.DO) == "República Dominicana"
    assert spanish(SalvadoranDepartment.UN) == "La Unión"
    assert spanish(DominicanProvince.SAN_PEDRO_DE_MACORIS) == "San Pedro de Macorís"


def test_stored_events_without_a_country_are_mexican() -> None:
    graduate = GraduateCertified.model_validate(_example("GraduateCertified"))
    vacancy = VacancyPosted.model_validate(_example("VacancyPosted"))
    assert graduate.country is Country.MX and vacancy.country is Country.MX
    assert vacancy.accepted_countries == () and vacancy.accepts() == {Country.MX}


def test_a_salvadoran_graduate_and_a_vacancy_open_to_el_salvador() -> None:
    graduate = GraduateCertified.model_validate(
        _example("GraduateCertified")
        | {"country": "SV", "state": "SV-SS", "preferences": {"states": ["SV-LI", "QUE"]}}
    )
    assert graduate.state is SalvadoranDepartment.SS
    assert GraduateCertified.model_validate_json(graduate.model_dump_json()) == graduate
    vacancy = VacancyPosted.model_validate(
        _example("VacancyPosted") | {"modality": "remote", "accepted_countries": ["SV", "MX"]}
    )
    assert vacancy.accepted_countries == (Country.MX, Country.SV)  # one order on the wire
    assert vacancy.accepts() == {Country.MX, Country.SV}


@pytest.mark.parametrize(
    ("country", "state", "message"),
    [
        ("SV", "QUE", "Querétaro (QUE) es un estado de México, no de El Salvador (SV)"),
        ("MX", "SV-SS", "San Salvador (SV-SS) es un departamento de El Salvador, no de México"),
        ("SV", "DO-32", "Santo Domingo (DO-32) es una provincia de República Dominicana"),
    ],
)
def test_a_state_must_belong_to_the_country(country: str, state: str, message: str) -> None:
    for name, model in (("GraduateCertified", GraduateCertified), ("VacancyPosted", VacancyPosted)):
        with pytest.raises(ValidationError) as caught:
            model.model_validate(_example(name) | {"country": country, "state": state})
        errors = caught.value.errors()
        assert [e["loc"] for e in errors] == [("state",)]
        assert message in errors[0]["msg"]
