"""Synthetic cohorts and vacancies: reproducible, realistic, bad rows where promised."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from schemas import event_to_json, parse_event
from streams.ingest.cohort import RowError, ValidRow, iter_cohort
from streams.ingest.curp import is_valid_curp
from vincula.synthetic.cohorts import (
    HUBS,
    BadRowKind,
    CohortManifest,
    default_reference_data_dir,
    generate_vacancies,
    write_cohort_csv,
    write_cohort_jsonl,
)
from vincula.synthetic.programmes import PROGRAMMES

KEY = b"clave-de-prueba-de-32-bytes-0002"
DATA = default_reference_data_dir()
Writer = Callable[..., CohortManifest]


def parse(path: Path) -> tuple[list[ValidRow], dict[int, list[RowError]]]:
    good: list[ValidRow] = []
    errors: dict[int, list[RowError]] = {}
    for result in iter_cohort(path, key=KEY):
        if isinstance(result, ValidRow):
            good.append(result)
        else:
            errors.setdefault(result.line, []).append(result)
    return good, errors


@pytest.mark.parametrize(
    ("writer", "suffix"), [(write_cohort_csv, "csv"), (write_cohort_jsonl, "jsonl")]
)
def test_large_cohort_yields_exactly_the_good_rows(
    writer: Writer, suffix: str, tmp_path: Path
) -> None:
    path = tmp_path / f"cohorte.{suffix}"
    manifest = writer(path, 10_000, bad_fraction=0.03, seed=11, reference_data_dir=DATA)
    assert len(manifest.bad_lines) == 300
    assert set(Counter(manifest.bad_lines.values())) == set(BadRowKind)

    good, errors = parse(path)
    assert len(good) == manifest.good_rows == 9_700
    assert set(errors) == set(manifest.bad_lines)
    assert not {r.line for r in good} & set(errors)

    # Parsing the same file again gives the very same events.
    again, _ = parse(path)
    assert [r.event.event_id for r in again] == [r.event.event_id for r in good]
    assert len({r.event.event_id for r in good}) == len(good)
    assert len({r.event.graduate_id for r in good}) == len(good)


@pytest.mark.parametrize("kind", list(BadRowKind))
def test_each_bad_kind_is_reported_on_the_expected_column(kind: BadRowKind, tmp_path: Path) -> None:
    expected = {
        BadRowKind.BAD_CURP_CHECK_DIGIT: {"curp"},
        BadRowKind.BAD_DATE: {"fecha_evento"},
        BadRowKind.UNKNOWN_STATE: {"estado"},
        BadRowKind.MISSING_FIELD: {"programa", "correo", "curp", "consentimiento_vinculacion"},
        BadRowKind.BAD_EMAIL: {"correo"},
        BadRowKind.BAD_CREDENTIAL_KIND: {"credenciales"},
    }[kind]
    path = tmp_path / "c.csv"
    manifest = write_cohort_csv(path, 400, bad_fraction=0.1, seed=3, reference_data_dir=DATA)
    _, errors = parse(path)
    lines = [line for line, k in manifest.bad_lines.items() if k is kind]
    assert lines
    for line in lines:
        assert {e.field for e in errors[line]} <= expected


def test_same_seed_same_file_other_seed_other_file(tmp_path: Path) -> None:
    a = write_cohort_jsonl(
        tmp_path / "a.jsonl", 200, bad_fraction=0.05, seed=5, reference_data_dir=DATA
    )
    b = write_cohort_jsonl(
        tmp_path / "b.jsonl", 200, bad_fraction=0.05, seed=5, reference_data_dir=DATA
    )
    c = write_cohort_jsonl(
        tmp_path / "c.jsonl", 200, bad_fraction=0.05, seed=6, reference_data_dir=DATA
    )
    assert a.path.read_bytes() == b.path.read_bytes()
    assert a.bad_lines == b.bad_lines
    assert a.path.read_bytes() != c.path.read_bytes()


def test_cohort_is_realistic(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    write_cohort_csv(path, 1_000, seed=9, reference_data_dir=DATA)
    good, errors = parse(path)
    assert not errors
    # Graduates live mostly where their campus is, or in a nearshoring hub.
    campus_state = {p.name: p.state for p in PROGRAMMES}
    near = sum(
        r.event.state in HUBS or r.event.state == campus_state[r.event.programme] for r in good
    )
    assert near / len(good) > 0.6
    assert all(r.event.skills for r in good)
    assert len({r.event.issuer for r in good}) >= 4
    assert len({r.event.credentials[0].track for r in good}) == 5
    ages = [r.event.event_time.year - (r.event.birth_year or 0) for r in good]
    assert min(ages) >= 15
    assert max(ages) <= 40


def test_written_curps_are_valid(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    write_cohort_csv(path, 300, seed=1, reference_data_dir=DATA)
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    assert all(is_valid_curp(line.split(",", 1)[0]) for line in lines)


def test_bad_fraction_out_of_range_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="entre 0 y 1"):
        write_cohort_csv(tmp_path / "c.csv", 10, bad_fraction=1.5, reference_data_dir=DATA)


def test_vacancies_are_valid_reproducible_and_bilingual() -> None:
    vacancies = generate_vacancies(300, seed=4, reference_data_dir=DATA)
    assert generate_vacancies(300, seed=4, reference_data_dir=DATA) == vacancies
    assert generate_vacancies(300, seed=5, reference_data_dir=DATA) != vacancies
    assert all(parse_event(event_to_json(v)) == v for v in vacancies)
    languages = Counter(v.language for v in vacancies)
    assert languages["es"] > languages["en"] > 0
    assert len({v.vacancy_id for v in vacancies}) == len(vacancies)
    assert len({v.sector for v in vacancies}) >= 5
    for vacancy in vacancies:
        assert vacancy.required_skills
        low, high = vacancy.salary_min_mxn, vacancy.salary_max_mxn
        assert low is not None and high is not None and 0 < low <= high
        assert vacancy.closes_on > vacancy.event_time.date()
    spanish = next(v for v in vacancies if v.language == "es")
    assert spanish.city in spanish.description
