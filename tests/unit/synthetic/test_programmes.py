"""Every credential synthetic data issues or asks for is one the crosswalk knows, with its kind."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from matching.crosswalk import default_crosswalk
from schemas.enums import Issuer
from streams.ingest.badge_signing import new_issuer_key
from streams.ingest.cohort import RowError, ValidRow, iter_cohort
from streams.ingest.issuers import load_issuers, register_issuer
from vincula.synthetic.cohorts import (
    BadgeIssuer,
    CohortOptions,
    default_reference_data_dir,
    generate_vacancies,
    write_cohort_csv,
    write_cohort_jsonl,
)
from vincula.synthetic.programmes import PROGRAMMES, VACANCY_CREDENTIALS, issued_codes

DATA = default_reference_data_dir()
KEY = b"clave-de-prueba-de-32-bytes-0003"


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


def test_vendor_credentials_are_signed_and_verify_against_the_registry(tmp_path: Path) -> None:
    aws = BadgeIssuer(new_issuer_key(), "https://emisores.example/aws", "Amazon Web Services")
    registry_file = tmp_path / "emisores.json"
    register_issuer(
        registry_file, issuer_id=aws.issuer_id, name=aws.name, keys=[aws.key.public_jwk]
    )
    programme = next(p for p in PROGRAMMES if p.credential == "AWS-RESTART")
    path = tmp_path / "aws.csv"
    published = datetime(2026, 6, 1, 10, tzinfo=UTC)
    options = CohortOptions(programmes=(programme,), published=published, signers={Issuer.AWS: aws})
    write_cohort_csv(path, 30, seed=4, reference_data_dir=DATA, options=options)
    rows = [r for r in iter_cohort(path, key=KEY, issuers=load_issuers(registry_file))]
    assert all(isinstance(r, ValidRow) for r in rows), rows[:3]
    held = [c for r in rows if isinstance(r, ValidRow) for c in r.event.credentials]
    # Every AWS credential is signed, so verified and named after its signer.
    assert {c.vendor_code for c in held} <= {"AWS-RESTART", "AWS-CCP"}
    assert all(c.verified and c.verified_by == "Amazon Web Services" for c in held)
    # Without the key registered, the same file's badges are refused, not trusted.
    refused = list(iter_cohort(path, key=KEY, issuers=load_issuers(tmp_path / "vacío.json")))
    assert refused and all(
        isinstance(r, RowError) and r.field == "credenciales_firmadas" for r in refused
    )
