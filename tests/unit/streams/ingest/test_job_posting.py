"""JobPosting JSON-LD documents shaped like Google's examples and ATS exports, as vacancy bodies."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from streams.ingest.html_text import html_to_text
from streams.ingest.job_posting import JobPostingImport, read_job_postings
from streams.ingest.job_posting_salary import monthly_salary
from streams.ingest.jsonld import PropertyError

POSTINGS = Path(__file__).parent / "job_postings"
EMPLOYER = "aeroparts-queretaro"
TODAY = date(2026, 2, 24)


def imported(name: str, today: date = TODAY) -> JobPostingImport:
    document = json.loads((POSTINGS / name).read_text(encoding="utf-8"))
    return read_job_postings(document, employer_id=EMPLOYER, today=today)


def only(name: str) -> tuple[dict[str, Any], list[str]]:
    found = imported(name)
    assert found.problems == ()
    [posting] = found.postings
    return dict(posting.fields), [str(note) for note in posting.notes]


def problems(name: str) -> list[str]:
    found = imported(name)
    assert found.postings == ()
    return [str(problem) for problem in found.problems]


def test_a_google_style_posting_maps_every_field() -> None:
    fields, notes = only("google_full_time.json")
    assert fields["vacancy_id"] == "aeroparts-queretaro.REQ-2026-014"
    assert fields["employer_id"] == EMPLOYER
    assert fields["employer_name"] == "Aeropartes del Bajío"
    assert (fields["kind"], fields["sector"], fields["language"]) == ("job", "aerospace", "es")
    assert (fields["state"], fields["city"], fields["modality"]) == ("QUE", "Colón", "on_site")
    assert (fields["salary_min_mxn"], fields["salary_max_mxn"]) == (28000, 35000)
    assert fields["seats"] == 2
    assert fields["closes_on"] == "2026-03-31"
    assert fields["required_skills"] == ["Python", "SQL", "Power BI"]
    assert notes == []


def test_html_descriptions_become_paragraphs_and_list_items_with_requirements_appended() -> None:
    fields, _ = only("google_full_time.json")
    assert fields["description"] == (
        "Aeropartes del Bajío busca una persona para construir tableros de calidad y flujos "
        "de datos de la planta.\n\n"
        "- Modelar datos de producción\n"
        "- Automatizar reportes & alertas\n\n"
        "Requisitos:\n- Titulación en ingeniería o afín\n- Inglés intermedio\n\n"
        "Formación:\nLicenciatura\n\n"
        "Experiencia:\n12 meses de experiencia"
    )
    assert "<" not in fields["description"]


def test_an_ats_graph_resolves_references_and_converts_an_hourly_rate() -> None:
    fields, notes = only("ats_graph_hourly.json")
    # hiringOrganization is a reference to another node of the @graph.
    assert fields["employer_name"] == "Electrónica Fronteriza"
    assert fields["title"] == "Técnico de pruebas & validación"
    # Escaped HTML (&lt;p&gt;) is read as HTML, and never kept as tags.
    assert (
        fields["description"] == "Pruebas funcionales de tarjetas electrónicas.\n\nTurno matutino."
    )
    assert (fields["state"], fields["city"]) == ("BCN", "Tijuana")
    assert fields["sector"] == "electronics"
    # 85.50 MXN an hour × 8 hours × 30 days.
    assert (fields["salary_min_mxn"], fields["salary_max_mxn"]) == (20520, 20520)
    assert fields["required_skills"] == ["Osciloscopio", "Soldadura SMD"]
    assert fields["kind"] == "job"  # PART_TIME and TEMPORARY, a list of employmentType
    assert fields["vacancy_id"].startswith(f"{EMPLOYER}.")  # from the url, hashed
    assert "jobLocation: trae varias ubicaciones; se usó la primera" in notes
    assert "baseSalary: convertido de HOUR a pesos al mes" in notes


def test_a_remote_english_posting_takes_its_state_from_the_applicants_requirement() -> None:
    fields, notes = only("remote_english.json")
    assert fields["language"] == "en"
    assert (fields["modality"], fields["state"], fields["city"]) == ("remote", "JAL", "Remoto")
    assert (fields["salary_min_mxn"], fields["salary_max_mxn"]) == (45000, 55000)  # a year / 12
    assert fields["sector"] == "software"
    assert fields["required_skills"] == ["AWS", "Linux", "Networking"]
    assert fields["description"].endswith("Responsibilities:\nOwn customer tickets end to end.")
    assert "inLanguage: no viene; por el texto, la vacante está en inglés" in notes


def test_missing_optional_properties_get_defaults_said_in_notes() -> None:
    fields, notes = only("minimal_missing_fields.json")
    assert fields["employer_name"] == "Logística del Norte"  # a bare name as hiringOrganization
    assert (fields["state"], fields["city"]) == ("NLE", "Apodaca")
    assert fields["description"] == "Recepción y surtido de materiales.\nManejo de inventarios."
    assert (fields["seats"], fields["sector"], fields["language"]) == (1, "other", "es")
    assert fields["salary_min_mxn"] is None
    assert fields["closes_on"] == "2026-04-21"  # datePosted + 60 days
    assert notes == [
        "inLanguage: no viene; por el texto, la vacante está en español",
        "validThrough: no viene; la vacante cierra el 2026-04-21",
        "industry: no viene; se usó el sector «otro»",
        "identifier: no viene (ni url): el id se dedujo del título, la ciudad y datePosted",
    ]
    again = imported("minimal_missing_fields.json").postings[0].fields["vacancy_id"]
    assert again == fields["vacancy_id"]


def test_a_salary_in_another_currency_is_refused() -> None:
    assert problems("usd_salary.json") == [
        "baseSalary.currency: «USD»: Vincula publica sueldos en pesos mexicanos (MXN); "
        "exprese el sueldo en MXN o quite baseSalary"
    ]


def test_every_problem_is_reported_under_its_property() -> None:
    assert problems("broken_posting.json") == [
        "hiringOrganization.name: falta el nombre de la empresa",
        "description: falta la descripción del puesto",
        "jobLocation.address.addressRegion: «Texas» no es un estado de México (use su nombre o "
        "su clave, p. ej. Querétaro o QUE)",
        "employmentType: «SEASONAL_WORK» no es un tipo de empleo conocido (FULL_TIME, "
        "PART_TIME, CONTRACTOR, TEMPORARY, INTERN, VOLUNTEER, PER_DIEM u OTHER)",
        "baseSalary.value.maxValue: «treinta mil» no es un número",
        "validThrough: «31/03/2026» no es una fecha ISO 8601 (p. ej. 2026-03-31 o "
        "2026-03-31T23:59)",
        "totalJobOpenings: debe ser un número entero de plazas, de 1 a 10,000",
    ]


def test_a_list_prefixes_each_property_with_the_posting_and_tells_apprenticeships() -> None:
    found = imported("list_internship_and_apprenticeship.json")
    assert found.problems == ()
    internship, apprenticeship = (dict(p.fields) for p in found.postings)
    assert (internship["kind"], internship["state"], internship["sector"]) == (
        "internship",
        "JAL",
        "pharma",
    )
    assert internship["salary_min_mxn"] == 6429  # 1,500 a week × 30 / 7
    # INTERN, but the title says it is a dual-training place.
    assert apprenticeship["kind"] == "apprenticeship"
    assert "[0].baseSalary: convertido de WEEK a pesos al mes" in [
        str(note) for note in found.postings[0].notes
    ]


def test_a_remote_posting_for_another_country_and_language_is_refused() -> None:
    assert problems("remote_without_state.json") == [
        "inLanguage: «pt-BR»: Vincula publica vacantes en español (es) o inglés (en)",
        "applicantLocationRequirements: pide personas en «US»; Vincula solo vincula personas "
        "en México, El Salvador y República Dominicana",
    ]


def test_a_posting_that_already_closed_is_refused() -> None:
    found = imported("google_full_time.json", today=date(2026, 4, 2))
    assert [str(p) for p in found.problems] == ["validThrough: la vacante ya cerró (2026-03-31)"]


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"@type": "JobPosting", "title": "x"}, "@context: falta; use «https://schema.org»"),
        (
            {"@context": "https://example.org", "@type": "JobPosting"},
            "@context: solo se lee el vocabulario de schema.org (https://schema.org)",
        ),
        (
            {"@context": "https://schema.org", "@type": "Person"},
            "@type: el documento no tiene ningún JobPosting",
        ),
        ("texto", "el documento debe ser un objeto JSON-LD, una lista o un @graph"),
    ],
)
def test_documents_that_are_no_job_posting_are_refused(document: object, expected: str) -> None:
    found = read_job_postings(document, employer_id=EMPLOYER, today=TODAY)
    assert [str(p) for p in found.problems] == [expected]


def test_other_employers_postings_never_share_an_id() -> None:
    document = json.loads((POSTINGS / "google_full_time.json").read_text(encoding="utf-8"))
    other = read_job_postings(document, employer_id="otra-empresa", today=TODAY)
    assert other.postings[0].fields["vacancy_id"] == "otra-empresa.REQ-2026-014"
    assert other.postings[0].fields["employer_id"] == "otra-empresa"


def test_nested_lists_keep_their_structure_and_scripts_vanish() -> None:
    fragment = (
        "<p>A<br/>B</p><ol><li>Uno<ul><li>sub</li></ul></li><li>Dos</li></ol><script>x</script>"
    )
    assert html_to_text(fragment) == "A\nB\n\n1. Uno\n  - sub\n2. Dos"


@pytest.mark.parametrize(
    ("unit", "amount", "monthly"),
    [("HOUR", 100, 24000), ("DAY", 500, 15000), ("WEEK", 7000, 30000), ("YEAR", 360000, 30000)],
)
def test_salaries_are_monthly_pesos(unit: str, amount: int, monthly: int) -> None:
    value = {"currency": "MXN", "value": {"value": amount, "unitText": unit}}
    assert monthly_salary(value).low == monthly


def test_a_salary_without_period_or_with_a_reversed_range_is_refused() -> None:
    with pytest.raises(PropertyError, match="falta el periodo") as missing:
        monthly_salary({"currency": "MXN", "value": 20000})
    assert missing.value.where == "baseSalary.unitText"
    reversed_range = {"currency": "MXN", "value": {"minValue": 9, "maxValue": 5, "unitText": "DAY"}}
    with pytest.raises(PropertyError, match="supera al máximo") as wrong:
        monthly_salary(reversed_range)
    assert wrong.value.where == "baseSalary.value.minValue"


def test_the_address_country_becomes_the_vacancys_country() -> None:
    document = json.loads((POSTINGS / "google_full_time.json").read_text(encoding="utf-8"))
    address = {"addressLocality": "San Salvador", "addressRegion": "San Salvador"}
    salvadoran = document | {
        "jobLocation": {"address": address | {"addressCountry": "El Salvador"}}
    }
    [found] = read_job_postings(salvadoran, employer_id=EMPLOYER, today=TODAY).postings
    assert (found.fields["country"], found.fields["state"]) == ("SV", "SV-SS")
    texan = document | {"jobLocation": {"address": address | {"addressCountry": "US"}}}
    refused = read_job_postings(texan, employer_id=EMPLOYER, today=TODAY).problems
    assert [str(p) for p in refused] == [
        "jobLocation.address.addressCountry: «US»: Vincula publica vacantes en México, "
        "El Salvador y República Dominicana"
    ]
