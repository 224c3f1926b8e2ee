"""Sex where the programme recorded it: an optional column, an optional field, stable ids."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from schemas.codec import event_to_json, parse_event
from schemas.graduates import GraduateCertified, Sex
from streams.ingest.cohort import ALL_COLUMNS, COLUMNS, RowError, ValidRow, iter_cohort, parse_row
from tests.unit.streams.ingest.test_cohort import KEY, row, write_csv
from vincula.synthetic.cohorts import default_reference_data_dir, write_cohort_csv

EXAMPLE = Path(__file__).resolve().parents[3] / "schemas" / "examples" / "GraduateCertified"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("M", Sex.FEMALE),
        ("mujer", Sex.FEMALE),
        ("H", Sex.MALE),
        ("Hombre", Sex.MALE),
        ("X", Sex.OTHER),
        ("no binario", Sex.OTHER),
        ("", None),
    ],
)
def test_the_sexo_column_takes_the_curp_letters_and_spanish_words(
    cell: str, expected: Sex | None
) -> None:
    result = parse_row(2, row(sexo=cell), key=KEY)
    assert isinstance(result, ValidRow)
    assert result.event.sex is expected


def test_an_unknown_sex_is_reported_on_its_column() -> None:
    assert parse_row(2, row(sexo="F"), key=KEY) == [
        RowError(2, "sexo", "sexo 'F' desconocido (válidos: M o mujer, H o hombre, X u otro)")
    ]


def test_a_file_without_the_column_still_loads_with_the_event_ids_it_had(tmp_path: Path) -> None:
    # Optional columns added later (estudiante_inscrito, credenciales_firmadas) follow it.
    assert "sexo" not in COLUMNS and "sexo" in ALL_COLUMNS
    [old] = list(iter_cohort(write_csv(tmp_path / "antes.csv", [row()]), key=KEY))
    assert isinstance(old, ValidRow) and old.event.sex is None
    blank = parse_row(2, row(sexo=""), key=KEY)
    assert isinstance(blank, ValidRow) and blank.event.event_id == old.event.event_id
    recorded = parse_row(2, row(sexo="M"), key=KEY)
    assert isinstance(recorded, ValidRow) and recorded.event.event_id != old.event.event_id


def test_old_events_parse_and_the_field_travels_when_present() -> None:
    stored = parse_event((EXAMPLE / "v1.json").read_bytes())
    assert isinstance(stored, GraduateCertified) and stored.sex is None
    with_sex = stored.model_copy(update={"sex": Sex.OTHER})
    assert json.loads(event_to_json(with_sex))["sex"] == "other"
    assert parse_event(event_to_json(with_sex)) == with_sex


def test_synthetic_cohorts_record_sex_for_the_public_programmes_only(tmp_path: Path) -> None:
    written = write_cohort_csv(
        tmp_path / "c.csv", 60, seed=3, reference_data_dir=default_reference_data_dir()
    )
    with written.path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["sexo"] for r in rows if r["emisor"] in ("tecnm_infotec", "conalep")} <= {"H", "M"}
    assert {r["sexo"] for r in rows if r["emisor"] in ("aws", "ibm", "kyndryl")} == {""}
    events = [r.event for r in iter_cohort(written.path, key=KEY) if isinstance(r, ValidRow)]
    assert {e.sex for e in events} == {Sex.FEMALE, Sex.MALE, None}
