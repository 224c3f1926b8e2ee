"""Cohort rows of El Salvador and the Dominican Republic: country, document, place, errors."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from schemas.enums import MexicanState
from schemas.regions import Country, DominicanProvince, SalvadoranDepartment
from streams.ingest.cohort import (
    COLUMNS,
    COUNTRY_COLUMNS,
    RowError,
    ValidRow,
    iter_cohort,
    parse_row,
)
from streams.ingest.pseudonym import pseudonymise_curp, pseudonymise_document

KEY = b"clave-de-prueba-de-32-bytes-0001"
CURP = "HEGG560427MVZRRL04"
DUI = "00016297-5"
CEDULA = "001-1391820-5"


def row(**changes: str) -> dict[str, str]:
    base = {
        "curp": "",
        "pais": "SV",
        "documento": "000162975",
        "nombre": "Ana Lucía Martínez",
        "correo": "ana.martinez@correo.example.sv",
        "telefono": "+503 7012-3456",
        "programa": "Programa regional de datos",
        "emisor": "aws",
        "plantel": "",
        "estado": "San Salvador",
        "credenciales": "certification|AWS-CCP|AWS Certified Cloud Practitioner|cloud|2026-10-02",
        "habilidades": "Python; SQL",
        "idiomas": "es:C2;en:B2",
        "modalidades": "remoto",
        "estados_preferidos": "LI;Querétaro",
        "reubicacion": "no",
        "consentimiento_vinculacion": "sí",
        "consentimiento_compartir": "sí",
        "consentimiento_notificaciones": "sí",
        "anio_nacimiento": "2001",
        "fecha_evento": "2026-12-11T10:30:00-06:00",
    }
    base.update(changes)
    return base


def parsed(**changes: str) -> ValidRow:
    result = parse_row(2, row(**changes), key=KEY)
    assert isinstance(result, ValidRow), result
    return result


def problems(**changes: str) -> dict[str, str]:
    result = parse_row(2, row(**changes), key=KEY)
    assert isinstance(result, list), result
    return {e.field: e.reason for e in result}


def test_a_salvadoran_row_becomes_a_salvadoran_graduate() -> None:
    valid = parsed()
    event = valid.event
    assert event.country is Country.SV
    assert event.state is SalvadoranDepartment.SS
    assert event.preferences.states == (SalvadoranDepartment.LI, MexicanState.QUE)
    assert event.graduate_id == pseudonymise_document(Country.SV, DUI, KEY)
    assert event.adult_from is None  # a DUI carries no birth date
    assert valid.contact.phone == "70123456"


def test_a_dominican_row_with_a_cedula() -> None:
    event = parsed(
        pais="República Dominicana",
        documento=CEDULA,
        estado="DO-25",
        estados_preferidos="32;Distrito Nacional",
        telefono="+1 809 555 0101",
    ).event
    assert event.country is Country.DO
    assert event.state is DominicanProvince.SANTIAGO
    assert event.preferences.states == (
        DominicanProvince.SANTO_DOMINGO,
        DominicanProvince.DISTRITO_NACIONAL,
    )
    assert event.graduate_id == pseudonymise_document(Country.DO, "00113918205", KEY)


def test_a_mexican_row_keeps_working_and_may_use_documento() -> None:
    mexican = {"estado": "QUE", "estados_preferidos": "NLE", "telefono": "4421234567"}
    by_curp = parsed(pais="", documento="", curp=CURP, **mexican)
    assert by_curp.event.country is Country.MX
    assert by_curp.event.graduate_id == pseudonymise_curp(CURP, KEY)
    by_document = parsed(pais="MX", documento=CURP, **mexican)
    assert by_document.event.graduate_id == by_curp.event.graduate_id
    assert by_document.event.event_id == by_curp.event.event_id


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"documento": "00016297-4"}, "documento", "DUI inválido: el dígito verificador es 4"),
        ({"documento": ""}, "documento", "falta el DUI"),
        (
            {"pais": "DO", "documento": "001-1391820-4", "estado": "DO-01", "telefono": ""},
            "documento",
            "cédula inválida: el dígito verificador es 4",
        ),
        ({"curp": CURP}, "curp", "la CURP solo identifica a graduados de México"),
        ({"pais": "Guatemala"}, "pais", "país 'Guatemala' desconocido"),
        ({"estado": "Querétaro"}, "estado", "es un estado de México, no de El Salvador"),
        ({"estado": "Atlántida"}, "estado", "no es un estado de México, departamento"),
        ({"telefono": "442 123 4567"}, "telefono", "debe tener 8 dígitos (opcional +503)"),
        (
            {"pais": "MX", "documento": "", "curp": "", "estado": "QUE", "estados_preferidos": ""},
            "curp",
            "falta la CURP",
        ),
        (
            {"pais": "MX", "documento": "000162975", "estados_preferidos": ""},
            "documento",
            "CURP inválida",
        ),
    ],
)
def test_row_errors_name_the_column_and_the_document(
    changes: dict[str, str], field: str, reason: str
) -> None:
    found = problems(**changes)
    assert field in found, found
    assert reason in found[field]


def test_province_of_another_country_is_reported_on_estado() -> None:
    found = problems(
        pais="DO", documento=CEDULA, estado="SV-SS", estados_preferidos="", telefono=""
    )
    assert "San Salvador (SV-SS) es un departamento de El Salvador" in found["estado"]


def write(path: Path, rows: list[dict[str, str]], *, with_curp: bool) -> Path:
    names = [c for c in COLUMNS if with_curp or c != "curp"] + list(COUNTRY_COLUMNS)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_salvadoran_file_without_a_curp_column_loads(tmp_path: Path) -> None:
    rows = [
        row(),
        row(documento="123456789"),  # bad check digit
        row(documento="00016297-5", correo="otra@correo.example.sv"),  # the same person
    ]
    results = list(iter_cohort(write(tmp_path / "sv.csv", rows, with_curp=False), key=KEY))
    assert [type(r) for r in results] == [ValidRow, RowError, RowError]
    bad, repeated = results[1], results[2]
    assert isinstance(bad, RowError) and bad.field == "documento" and bad.line == 3
    assert isinstance(repeated, RowError) and repeated.field == "documento"
    assert repeated.reason.startswith("DUI repetido: ya aparece en la línea 2")
