"""Synthetic ``VacancyPosted`` events from ESCO occupations, for demos and tests.

Employers are fictitious nearshoring firms and public-administration offices
in the nearshoring states; about a quarter of the vacancies are written in
English, as foreign employers often do. Titles, descriptions and skills come
from ESCO occupations, and the tools named from O*NET's hot technologies.
This service uses the ESCO classification of the European Commission.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from matching import reference
from schemas.enums import CefrLevel, MexicanState, Modality, Sector, Track, VacancyKind
from schemas.vacancies import VacancyPosted
from vincula.synthetic.catalogue import TrackCatalogue, load_catalogue
from vincula.synthetic.programmes import VACANCY_CREDENTIALS

_NAMESPACE = uuid.UUID("8a7f0f43-3b7e-5d8e-b1d5-2f5e2a9c4d10")
_POSTING_DAY = datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("America/Mexico_City"))


# O*NET technologies (hot technologies of the 29.3 release) an employer of each track names.
_TOOLS: dict[Track, tuple[str, ...]] = {
    Track.AI: ("Python", "TensorFlow", "PyTorch", "Scikit-learn"),
    Track.DATA: ("Python", "MySQL", "Tableau", "Microsoft Power BI", "Microsoft SQL Server"),
    Track.CLOUD: (
        "Amazon Elastic Compute Cloud EC2",
        "Microsoft Azure software",
        "Docker",
        "Kubernetes",
        "Linux",
    ),
    Track.JAVA: ("Oracle Java", "Spring Boot", "Apache Maven", "Git"),
    Track.CYBERSECURITY: ("Wireshark", "Splunk Enterprise", "Tenable Nessus", "Kali Linux"),
}


@lru_cache(maxsize=4)
def _tools(reference_data_dir: Path) -> dict[Track, tuple[str, ...]]:
    """The tools of ``_TOOLS`` that the shipped O*NET snapshot lists."""
    known = {row.name for row in reference.open_snapshot(reference_data_dir).technologies()}
    return {track: tuple(t for t in names if t in known) for track, names in _TOOLS.items()}


@dataclass(frozen=True, slots=True)
class _Employer:
    employer_id: str
    name: str
    sector: Sector
    state: MexicanState
    city: str


_EMPLOYERS = (
    _Employer(
        "aeropartes-bajio", "Aeropartes del Bajío", Sector.AEROSPACE, MexicanState.QUE, "Colón"
    ),
    _Employer(
        "turbinas-norte", "Turbinas del Norte", Sector.AEROSPACE, MexicanState.CHH, "Chihuahua"
    ),
    _Employer(
        "autocomponentes-ramos",
        "Autocomponentes Ramos Arizpe",
        Sector.AUTOMOTIVE,
        MexicanState.COA,
        "Ramos Arizpe",
    ),
    _Employer("motores-silao", "Motores de Silao", Sector.AUTOMOTIVE, MexicanState.GUA, "Silao"),
    _Employer(
        "farma-occidente",
        "Laboratorios Farma Occidente",
        Sector.PHARMA,
        MexicanState.JAL,
        "Zapopan",
    ),
    _Employer(
        "electronica-frontera",
        "Electrónica Frontera",
        Sector.ELECTRONICS,
        MexicanState.BCN,
        "Tijuana",
    ),
    _Employer(
        "semiconductores-apodaca",
        "Semiconductores Apodaca",
        Sector.ELECTRONICS,
        MexicanState.NLE,
        "Apodaca",
    ),
    _Employer(
        "dispositivos-medicos-tij",
        "Dispositivos Médicos del Pacífico",
        Sector.MEDICAL_DEVICES,
        MexicanState.BCN,
        "Tijuana",
    ),
    _Employer(
        "software-monterrey", "Nube Regia Software", Sector.SOFTWARE, MexicanState.NLE, "Monterrey"
    ),
    _Employer(
        "banca-digital-cdmx",
        "Banca Digital Reforma",
        Sector.FINANCE,
        MexicanState.CMX,
        "Ciudad de México",
    ),
    _Employer(
        "logistica-istmo", "Logística del Istmo", Sector.LOGISTICS, MexicanState.OAX, "Salina Cruz"
    ),
    _Employer(
        "software-guadalajara",
        "Código Tapatío",
        Sector.SOFTWARE,
        MexicanState.JAL,
        "Guadalajara",
    ),
    _Employer(
        "gobierno-digital-qro",
        "Coordinación de Gobierno Digital de Querétaro",
        Sector.PUBLIC_ADMINISTRATION,
        MexicanState.QUE,
        "Santiago de Querétaro",
    ),
    _Employer(
        "agencia-datos-nl",
        "Agencia de Datos Abiertos de Nuevo León",
        Sector.PUBLIC_ADMINISTRATION,
        MexicanState.NLE,
        "Monterrey",
    ),
    _Employer(
        "tramites-digitales-cdmx",
        "Trámites Digitales de la Ciudad de México",
        Sector.PUBLIC_ADMINISTRATION,
        MexicanState.CMX,
        "Ciudad de México",
    ),
)


def _description_es(employer: _Employer, title: str, summary: str, skills: list[str]) -> str:
    return (
        f"{employer.name} busca {title} para su sitio en {employer.city}, "
        f"{employer.state.spanish_name}. {summary} "
        f"Buscamos experiencia en: {', '.join(skills)}. "
        "Ofrecemos prestaciones superiores a las de ley y capacitación continua."
    )


def _description_en(employer: _Employer, title: str, summary: str, skills: list[str]) -> str:
    return (
        f"{employer.name} is hiring a {title} for its site in {employer.city}, "
        f"{employer.state.spanish_name}, Mexico. {summary} "
        f"We are looking for experience in: {', '.join(skills)}. "
        "Competitive benefits and ongoing training."
    )


def _vacancy(
    rng: random.Random,
    index: int,
    catalogue: TrackCatalogue,
    seed: int,
    tools: tuple[str, ...],
) -> VacancyPosted:
    employer = rng.choice(_EMPLOYERS)
    occupation = rng.choice(catalogue.occupations)
    english = rng.random() < 0.25 and bool(occupation.description_en)
    picked = rng.sample(catalogue.skills, k=min(len(catalogue.skills), rng.randint(3, 6)))
    labels = [s.label_en if english else s.label_es for s in picked]
    required, nice = labels[: max(1, len(labels) // 2)], labels[max(1, len(labels) // 2) :]
    nice += rng.sample(tools, k=min(len(tools), 2))
    codes = VACANCY_CREDENTIALS[catalogue.track]
    title = occupation.title_en if english else occupation.title_es
    summary = occupation.description_en if english else occupation.description_es
    describe = _description_en if english else _description_es
    kind = rng.choices(list(VacancyKind), weights=[6, 2, 2])[0]
    low = (
        rng.randrange(12_000, 45_000, 500)
        if kind is VacancyKind.JOB
        else rng.randrange(6_000, 12_000, 500)
    )
    posted = _POSTING_DAY + timedelta(minutes=rng.randint(0, 60 * 24 * 20))
    # Apprenticeships are work-based learning places for enrolled students (Aprendices
    # Digitales); half of them take people of 15 to 17, under the LFT's conditions.
    apprenticeship = kind is VacancyKind.APPRENTICESHIP
    minors = apprenticeship and rng.random() < 0.5
    return VacancyPosted(
        event_id=uuid.uuid5(_NAMESPACE, f"{seed}:{index}"),
        event_time=posted,
        vacancy_id=f"{employer.employer_id[:20]}-{index:05d}",
        employer_id=employer.employer_id,
        employer_name=employer.name,
        kind=kind,
        title=title[:300],
        description=describe(employer, title, summary, labels)[:20_000],
        language="en" if english else "es",
        sector=employer.sector,
        state=employer.state,
        city=employer.city,
        modality=rng.choices(list(Modality), weights=[5, 4, 1])[0],
        seats=rng.choices([1, 2, 3, 5, 10, 20], weights=[8, 6, 4, 3, 2, 1])[0],
        required_skills=tuple(required),
        nice_to_have_skills=tuple(nice),
        required_credentials=(rng.choice(codes),) if rng.random() < 0.3 else (),
        nice_to_have_credentials=(rng.choice(codes),) if rng.random() < 0.5 else (),
        english_level=CefrLevel.B2 if english else rng.choice([None, CefrLevel.A2, CefrLevel.B1]),
        salary_min_mxn=low,
        salary_max_mxn=low + rng.randrange(2_000, 25_000, 500),
        closes_on=posted.date() + timedelta(days=rng.randint(30, 90)),
        work_based_learning=apprenticeship,
        admits_minors=minors,
        minor_daily_hours=6 if minors else None,
        minor_daytime_only=minors,
        minor_no_hazardous_work=minors,
    )


def generate_vacancies(n: int, *, seed: int = 0, reference_data_dir: Path) -> list[VacancyPosted]:
    """Generate ``n`` reproducible vacancies spread over the programme tracks."""
    rng = random.Random(seed)
    catalogues = load_catalogue(reference_data_dir)
    usable = [c for c in catalogues.values() if c.skills and c.occupations]
    tools = _tools(reference_data_dir)
    vacancies = []
    for index in range(n):
        catalogue = rng.choice(usable)
        vacancies.append(_vacancy(rng, index, catalogue, seed, tools[catalogue.track]))
    return vacancies
