"""A vacancy as the schema.org ``JobPosting`` JSON-LD an employer's ATS would export.

In a season the employers that write in English publish this way, through
``POST /v1/vacancies/jsonld``, as a foreign firm's applicant-tracking system
does; the others use Vincula's own JSON. What JSON-LD cannot say (the split
between required and desirable skills, the credentials asked for) is left
out, as an export would leave it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from schemas.enums import Modality, Sector, VacancyKind
from schemas.vacancies import VacancyPosted

# Industry names as English-speaking ATSs write them.
INDUSTRY: dict[Sector, str] = {
    Sector.AEROSPACE: "Aerospace manufacturing",
    Sector.AUTOMOTIVE: "Automotive parts manufacturing",
    Sector.PHARMA: "Pharmaceutical manufacturing",
    Sector.ELECTRONICS: "Electronics manufacturing",
    Sector.MEDICAL_DEVICES: "Medical device manufacturing",
    Sector.SOFTWARE: "Software development",
    Sector.FINANCE: "Financial services",
    Sector.LOGISTICS: "Logistics and warehousing",
    Sector.MANUFACTURING: "Manufacturing",
    Sector.ENERGY: "Energy",
    Sector.PUBLIC_ADMINISTRATION: "Public administration",
}
EMPLOYMENT_TYPE = {VacancyKind.JOB: "FULL_TIME", VacancyKind.INTERNSHIP: "INTERN"}


def can_export(vacancy: VacancyPosted) -> bool:
    """Whether JSON-LD carries everything the vacancy needs (apprenticeships' conditions do not)."""
    return vacancy.kind in EMPLOYMENT_TYPE and vacancy.sector in INDUSTRY


def as_job_posting(vacancy: VacancyPosted, *, posted: datetime) -> dict[str, Any]:
    """The ``JobPosting`` document of ``vacancy``, posted on ``posted``."""
    address = {
        "@type": "PostalAddress",
        "addressLocality": vacancy.city,
        "addressRegion": str(vacancy.state),
        "addressCountry": "MX",
    }
    document: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "identifier": {
            "@type": "PropertyValue",
            "name": vacancy.employer_name,
            "value": vacancy.vacancy_id,
        },
        "title": vacancy.title,
        "description": f"<p>{vacancy.description}</p>",
        "datePosted": posted.date().isoformat(),
        "validThrough": vacancy.closes_on.isoformat(),
        "employmentType": EMPLOYMENT_TYPE[vacancy.kind],
        "hiringOrganization": {
            "@type": "Organization",
            "name": vacancy.employer_name,
            "address": address,
        },
        "industry": INDUSTRY[vacancy.sector],
        "inLanguage": vacancy.language,
        "totalJobOpenings": vacancy.seats,
        "skills": [*vacancy.required_skills, *vacancy.nice_to_have_skills],
    }
    if vacancy.modality is not Modality.REMOTE:
        document["jobLocation"] = {"@type": "Place", "address": address}
    if vacancy.modality is not Modality.ON_SITE:
        document["jobLocationType"] = "TELECOMMUTE"
        document["applicantLocationRequirements"] = {"@type": "Country", "name": "MX"}
    if vacancy.salary_min_mxn is not None:
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": "MONTH"}
        if vacancy.salary_max_mxn is not None and vacancy.salary_max_mxn != vacancy.salary_min_mxn:
            value |= {"minValue": vacancy.salary_min_mxn, "maxValue": vacancy.salary_max_mxn}
        else:
            value["value"] = vacancy.salary_min_mxn
        document["baseSalary"] = {"@type": "MonetaryAmount", "currency": "MXN", "value": value}
    return document
