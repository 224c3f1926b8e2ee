"""Every credential synthetic data issues or asks for is one the crosswalk knows, with its kind."""

from __future__ import annotations

import json
from pathlib import Path

from matching.crosswalk import default_crosswalk
from schemas.enums import Issuer
from vincula.synthetic.cohorts import (
    CohortOptions,
    default_reference_data_dir,
    generate_vacancies,
    write_cohort_jsonl,
)
from vincula.synthetic.programmes import PROGRAMMES, VACANCY_CREDENTIALS, issued_codes

DATA = default_reference_data_dir()


def test_every_issued_code_is_in_the_crosswalk() -> None:
    crosswalk = default_crosswalk()
    unknown = sorted(code for code in issued_codes() if crosswalk.credential(code) is None)
    assert unknown == []


def test_cohort_rows_carry_the_crosswalk_kind_and_name(tmp_path: Path) -> None:
    crosswalk = default_crosswalk()
    path = tmp_path / "cohorte.jsonl"
    write_cohort_jsonl(path, 600, seed=5, reference_data_dir=DATA)
    seen: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        for credential in json.loads(line)["credenciales"]:
            entry = crosswalk.credential(credential["vendor_code"])
            assert entry is not None, credential["vendor_code"]
            assert (credential["kind"], credential["name"], credential["track"]) == (
                entry.kind.value,
                entry.name,
                entry.track.value,
            )
            seen.add(entry.code)
    # The programmes' own credentials all appear in a cohort of this size.
    assert {p.credential for p in PROGRAMMES} <= seen


def test_vacancies_ask_only_for_known_credentials() -> None:
    crosswalk = default_crosswalk()
    asked = {
        code
        for vacancy in generate_vacancies(200, seed=3, reference_data_dir=DATA)
        for code in (*vacancy.required_credentials, *vacancy.nice_to_have_credentials)
    }
    assert asked
    assert all(crosswalk.credential(code) is not None for code in asked)
    assert asked <= {code for codes in VACANCY_CREDENTIALS.values() for code in codes}


def test_one_programme_cohort_holds_only_that_programme(tmp_path: Path) -> None:
    kyndryl = next(p for p in PROGRAMMES if p.issuer is Issuer.KYNDRYL)
    path = tmp_path / "kyndryl.jsonl"
    write_cohort_jsonl(
        path, 50, seed=2, reference_data_dir=DATA, options=CohortOptions(programmes=(kyndryl,))
    )
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert {row["programa"] for row in rows} == {kyndryl.name}
    # KYNDRYL-CYBER is a course completion, as the crosswalk says, not a certification.
    kinds = {
        c["kind"]
        for row in rows
        for c in row["credenciales"]
        if c["vendor_code"] == "KYNDRYL-CYBER"
    }
    assert kinds == {"course_completion"}
