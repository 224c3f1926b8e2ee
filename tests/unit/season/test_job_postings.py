"""A season's vacancy exported as JSON-LD maps back to the same vacancy."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from schemas.enums import Modality
from schemas.vacancies import VacancyPosted
from streams.ingest.job_posting import read_job_postings
from vincula.season.job_postings import as_job_posting, can_export
from vincula.synthetic.cohorts import default_reference_data_dir, generate_vacancies

TODAY = date(2026, 12, 2)
KEPT = (
    "title",
    "state",
    "city",
    "modality",
    "seats",
    "salary_min_mxn",
    "salary_max_mxn",
    "sector",
    "kind",
    "language",
    "country",
    "employer_name",
)
VACANCIES = [
    v.model_copy(update={"closes_on": date(2027, 2, 1)})
    for v in generate_vacancies(120, seed=3, reference_data_dir=default_reference_data_dir())
    if can_export(v)
]


def test_most_vacancies_can_be_exported() -> None:
    assert len(VACANCIES) > 60


@pytest.mark.parametrize("vacancy", VACANCIES, ids=lambda v: v.vacancy_id)
def test_an_exported_vacancy_reads_back_the_same(vacancy: VacancyPosted) -> None:
    document = as_job_posting(vacancy, posted=datetime(2026, 12, 2, 9, tzinfo=UTC))
    read = read_job_postings(document, employer_id=vacancy.employer_id, today=TODAY)
    assert read.problems == ()
    fields = read.postings[0].fields
    for name in KEPT:
        if name == "city" and vacancy.modality is Modality.REMOTE:
            continue  # a remote posting names no workplace
        original = getattr(vacancy, name)
        assert str(fields[name]) == str(getattr(original, "value", original)), name
    assert set(fields["required_skills"]) == {
        *vacancy.required_skills,
        *vacancy.nice_to_have_skills,
    }
    assert fields["vacancy_id"].endswith(vacancy.vacancy_id)
