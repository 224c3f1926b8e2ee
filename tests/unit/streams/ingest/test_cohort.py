"""Parsing cohort files row by row into events, contacts and Spanish errors."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas import parse_event
from schemas.codec import event_to_json
from schemas.enums import CredentialKind, Issuer, MexicanState, Modality
from streams.ingest.cohort import (
    COLUMNS,
    RowError,
    ValidRow,
    detect_format,
    iter_cohort,
    parse_row,
)
from streams.ingest.errors import CohortFormatError, PseudonymKeyError
from streams.ingest.pseudonym import pseudonymise_curp

KEY = b"clave-de-prueba-de-32-bytes-0001"
SPECIMEN = "HEGG560427MVZRRL04"
OTHER = "BEML920313HMCLNS09"


def row(**changes: str) -> dict[str, str]:
    base = {
        "curp": SPECIMEN,
        "nombre": "Gloria  Hernández García",
        "correo": "gloria.hernandez@Correo.Example.MX",
        "telefono": "+52 (442) 123-4567",
        "programa": "Centro de IA TecNM Tláhuac — Ciencia de datos",
        "emisor": "tecnm_infotec",
        "plantel": "Tláhuac",
        "estado": "Querétaro",
        "credenciales": "certification|AWS-CCP|AWS Certified Cloud Practitioner|cloud|"
        "2026-10-02|sí;course_completion|tecnm-ia-datos|Diplomado|data|2026-12-01|no",
        "habilidades": "Python; SQL;Python",
        "idiomas": "es:C2;en:b1",
        "modalidades": "presencial;remote",
        "estados_preferidos": "QUE;Nuevo León",
        "reubicacion": "",
        "consentimiento_vinculacion": "Sí",
        "consentimiento_compartir": "no",
        "consentimiento_notificaciones": "true",
        "anio_nacimiento": "",
        "fecha_evento": "2026-12-11T10:30:00",
    }
    base.update(changes)
    return base


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_good_row_becomes_an_event_and_a_separate_contact() -> None:
    result = parse_row(2, row(), key=KEY)
    assert isinstance(result, ValidRow)
    event, contact = result.event, result.contact
    assert event.graduate_id == pseudonymise_curp(SPECIMEN, KEY) == contact.graduate_id
    assert event.issuer is Issuer.TECNM_INFOTEC
    assert event.state is MexicanState.QUE
    assert [c.kind for c in event.credentials] == [
        CredentialKind.CERTIFICATION,
        CredentialKind.COURSE_COMPLETION,
    ]
    assert event.credentials[1].vendor_code == "TECNM-IA-DATOS"
    assert event.credentials[1].verified is False
    # A typed "sí" is not trusted: only an issuer's signature verifies (test_signed_cohort).
    assert event.credentials[0].verified is False
    assert event.skills == ("Python", "SQL")
    assert [(x.language, x.level.value) for x in event.languages] == [("es", "C2"), ("en", "B1")]
    assert event.preferences.modalities == {Modality.ON_SITE, Modality.REMOTE}
    assert event.preferences.states == (MexicanState.QUE, MexicanState.NLE)
    assert event.preferences.willing_to_relocate is False
    assert (event.consents.matching, event.consents.share_with_employers) == (True, False)
    # No offset in the file: read as Mexico City time (UTC-6 all year since 2022).
    assert event.event_time == datetime(2026, 12, 11, 16, 30, tzinfo=UTC)
    assert contact.full_name == "Gloria Hernández García"
    assert contact.email == "gloria.hernandez@correo.example.mx"
    assert contact.phone == "4421234567"


def test_no_personal_data_reaches_the_event() -> None:
    result = parse_row(2, row(), key=KEY)
    assert isinstance(result, ValidRow)
    wire = event_to_json(result.event).decode()
    for personal in (SPECIMEN, "Gloria", "gloria.hernandez", "4421234567"):
        assert personal not in wire
    assert parse_event(wire) == result.event


def test_every_problem_of_a_row_is_reported() -> None:
    bad = row(curp="HEGG560427MVZRRL05", correo="sin-arroba", estado="Texas", telefono="123")
    result = parse_row(7, bad, key=KEY)
    assert isinstance(result, list)
    assert {e.field for e in result} == {"curp", "correo", "estado", "telefono"}
    assert all(e.line == 7 for e in result)
    assert any("debería ser 4" in e.reason for e in result)


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"credenciales": ""}, "credenciales", "al menos una"),
        ({"credenciales": "diploma|X|Y|data|2026-01-01|sí"}, "credenciales", "desconocido"),
        ({"credenciales": "badge|X|Y|data|2026-02-30|sí"}, "credenciales", "no existe"),
        ({"credenciales": "badge|X|Y"}, "credenciales", "5 partes"),
        ({"consentimiento_vinculacion": ""}, "consentimiento_vinculacion", "falta"),
        ({"consentimiento_compartir": "quizá"}, "consentimiento_compartir", "sí ni no"),
        ({"idiomas": "inglés avanzado"}, "idiomas", "código:nivel"),
        ({"idiomas": "en:Z9"}, "idiomas", "desconocido"),
        ({"modalidades": "teletrabajo"}, "modalidades", "desconocido"),
        ({"anio_nacimiento": "1950"}, "anio_nacimiento", "implausible"),
        ({"anio_nacimiento": "90"}, "anio_nacimiento", "cuatro dígitos"),
        ({"fecha_evento": "11/12/2026"}, "fecha_evento", "ISO 8601"),
        ({"emisor": "harvard"}, "emisor", "desconocido"),
        ({"nombre": ""}, "nombre", "falta"),
        ({"curp": ""}, "curp", "falta"),
    ],
)
def test_field_errors_are_in_spanish_and_point_at_the_column(
    changes: dict[str, str], field: str, fragment: str
) -> None:
    result = parse_row(3, row(**changes), key=KEY)
    assert isinstance(result, list)
    assert [(e.field, fragment in e.reason) for e in result] == [(field, True)]


def test_offset_in_file_is_kept() -> None:
    result = parse_row(2, row(fecha_evento="2026-12-11T10:30:00-07:00"), key=KEY)
    assert isinstance(result, ValidRow)
    assert result.event.event_time == datetime(2026, 12, 11, 17, 30, tzinfo=UTC)


def test_identities_are_deterministic_and_content_addressed() -> None:
    first = parse_row(2, row(), key=KEY)
    again = parse_row(99, row(correo="otra@correo.example.mx"), key=KEY)
    changed = parse_row(2, row(habilidades="Java"), key=KEY)
    assert isinstance(first, ValidRow)
    assert isinstance(again, ValidRow)
    assert isinstance(changed, ValidRow)
    # Contact details and position in the file are not part of the event.
    assert first.event == again.event
    assert changed.event.event_id != first.event.event_id


def test_csv_file_with_duplicate_curp_keeps_the_first_row(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "cohorte.csv",
        [row(), row(curp=OTHER, nombre="Beto Mejía"), row(programa="Otro programa")],
    )
    results = list(iter_cohort(path, key=KEY))
    assert [type(r) for r in results] == [ValidRow, ValidRow, RowError]
    assert [r.line for r in results] == [2, 3, 4]
    duplicate = results[2]
    assert isinstance(duplicate, RowError)
    assert duplicate.field == "curp"
    assert "línea 2" in duplicate.reason
    kept = results[0]
    assert isinstance(kept, ValidRow)
    assert kept.event.programme.startswith("Centro de IA")


def test_csv_lines_count_from_the_header_and_skip_blank_lines(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [row(), row(curp=OTHER)])
    text = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([text[0], "", text[1], text[2]]) + "\n", encoding="utf-8")
    assert [r.line for r in iter_cohort(path, key=KEY)] == [3, 4]


def test_csv_row_with_wrong_cell_count(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(",".join(COLUMNS) + "\nsolo,tres,celdas\n", encoding="utf-8")
    [error] = list(iter_cohort(path, key=KEY))
    assert isinstance(error, RowError)
    assert (error.line, error.field) == (2, "(fila)")


def test_csv_missing_columns_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("curp,nombre\nX,Y\n", encoding="utf-8")
    with pytest.raises(CohortFormatError, match="fecha_evento"):
        list(iter_cohort(path, key=KEY))


def test_jsonl_native_values_and_bad_lines(tmp_path: Path) -> None:
    native = dict(
        row(curp=OTHER),
        credenciales=[
            {
                "kind": "badge",
                "vendor_code": "GCP-CDL",
                "name": "Google Cloud Digital Leader",
                "track": "cloud",
                "issued_on": "2026-09-01",
                "verified": True,
            }
        ],
        idiomas={"es": "C2", "en": "B2"},
        habilidades=["nube", "redes"],
        consentimiento_vinculacion=True,
        anio_nacimiento=1992,
    )
    lines = [json.dumps(row()), "", "{no es json", "[1, 2]", json.dumps(native)]
    path = tmp_path / "cohorte.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(iter_cohort(path, key=KEY))
    assert [(type(r).__name__, r.line) for r in results] == [
        ("ValidRow", 1),
        ("RowError", 3),
        ("RowError", 4),
        ("ValidRow", 5),
    ]
    last = results[3]
    assert isinstance(last, ValidRow)
    assert last.event.credentials[0].vendor_code == "GCP-CDL"
    assert last.event.birth_year == 1992
    assert last.event.skills == ("nube", "redes")


def test_format_detection(tmp_path: Path) -> None:
    assert detect_format(Path("a.CSV")) == "csv"
    assert detect_format(Path("a.jsonl")) == "jsonl"
    with pytest.raises(CohortFormatError, match="xlsx"):
        detect_format(Path("a.xlsx"))
    path = write_csv(tmp_path / "cohorte.txt", [row()])
    assert [type(r) for r in iter_cohort(path, key=KEY, fmt="csv")] == [ValidRow]


def test_weak_key_is_refused_before_reading(tmp_path: Path) -> None:
    with pytest.raises(PseudonymKeyError):
        list(iter_cohort(tmp_path / "no-existe.csv", key=b"corta"))
