"""Vacancies from schema.org ``JobPosting`` JSON-LD, as job boards and ATSs export them.

``read_job_postings`` takes a parsed JSON-LD document (one JobPosting, a list,
or an ``@graph``) and returns each posting as the body of a ``VacancyPosted``,
or a Spanish report naming the JSON-LD property of every problem
(``baseSalary.value.minValue: …``). It is pure: the employer id comes from the
caller's credential, never from the document, and ``today`` from the caller.

What JSON-LD does not say gets a default, reported as a note: sector «otro»
without a known ``industry``, the language guessed from the text without
``inLanguage``, closing 60 days after ``datePosted`` (or today) without
``validThrough``, one seat without ``totalJobOpenings``. What Vincula cannot
guess (title, description, employer name, the state) is an error.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from schemas.enums import MexicanState, Modality, Sector, VacancyKind
from schemas.regions import Country, Subdivision
from schemas.vacancies import MAX_SEATS, VacancyPosted
from streams.ingest.fields import DEFAULT_TIMEZONE
from streams.ingest.html_text import html_to_text
from streams.ingest.job_posting_salary import monthly_salary
from streams.ingest.job_posting_terms import (
    SERVED,
    employment_kind,
    guess_language,
    kind_of,
    language_code,
    mexican_state,
    sector_of,
    served_country,
    subdivision_in,
)
from streams.ingest.jsonld import (
    Node,
    PropertyError,
    child,
    is_blank,
    listed,
    nodes_of_type,
    number_of,
    text_of,
    types_of,
)

DEFAULT_OPEN_DAYS = 60
REMOTE_CITY = "Remoto"
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_LIST_MARK = re.compile(r"^(?:-|\d+\.)\s+")
_ENVELOPE = {
    "event_id": "00000000-0000-0000-0000-000000000000",
    "event_time": "1970-01-01T00:00:00+00:00",
    "schema_version": 1,
}
# The JSON-LD property each field of the vacancy comes from, to name it in a problem.
PROPERTY_OF_FIELD = {
    "vacancy_id": "identifier",
    "employer_name": "hiringOrganization.name",
    "kind": "employmentType",
    "title": "title",
    "description": "description",
    "language": "inLanguage",
    "sector": "industry",
    "country": "jobLocation.address.addressCountry",
    "state": "jobLocation.address.addressRegion",
    "city": "jobLocation.address.addressLocality",
    "modality": "jobLocationType",
    "seats": "totalJobOpenings",
    "required_skills": "skills",
    "salary_min_mxn": "baseSalary",
    "salary_max_mxn": "baseSalary",
    "closes_on": "validThrough",
}
_HEADINGS = {
    "es": {
        "responsibilities": "Responsabilidades",
        "qualifications": "Requisitos",
        "educationRequirements": "Formación",
        "experienceRequirements": "Experiencia",
    },
    "en": {
        "responsibilities": "Responsibilities",
        "qualifications": "Qualifications",
        "educationRequirements": "Education",
        "experienceRequirements": "Experience",
    },
}
_EDUCATION_ES = {
    "high school": "Bachillerato",
    "associate degree": "Técnico superior universitario",
    "bachelor degree": "Licenciatura",
    "professional certificate": "Certificación profesional",
    "postgraduate degree": "Posgrado",
}
T = TypeVar("T")


@dataclass(frozen=True)
class PropertyMessage:
    """A problem or a note about one JSON-LD property, in Spanish."""

    property: str
    message: str

    def __str__(self) -> str:
        return f"{self.property}: {self.message}" if self.property else self.message


@dataclass(frozen=True)
class ImportedPosting:
    """One posting as a vacancy body (``VacancyPosted`` fields as JSON values, no envelope)."""

    fields: Mapping[str, Any]
    notes: tuple[PropertyMessage, ...]


@dataclass(frozen=True)
class JobPostingImport:
    """Every posting of a document, or the problems that stop them (then no posting at all)."""

    postings: tuple[ImportedPosting, ...]
    problems: tuple[PropertyMessage, ...]


def read_job_postings(document: object, *, employer_id: str, today: date) -> JobPostingImport:
    """The vacancies a JSON-LD document describes, for ``employer_id``, or every problem found.

    ``today`` is Mexico City's date: a posting may not close before it. One problem
    anywhere refuses the whole document, so an import is all or nothing.
    """
    try:
        found = nodes_of_type(document, "JobPosting")
    except PropertyError as error:
        return JobPostingImport((), (PropertyMessage(error.where, error.reason),))
    prefixed = len(found) > 1
    readers = [
        _PostingReader(item.node, f"{item.where}." if prefixed else "", employer_id, today)
        for item in found
    ]
    postings = [reader.read() for reader in readers]
    problems = tuple(problem for reader in readers for problem in reader.problems)
    if problems:
        return JobPostingImport((), problems)
    ids = [posting.fields["vacancy_id"] for posting in postings if posting is not None]
    if len(set(ids)) < len(ids):
        message = "dos publicaciones tienen el mismo identifier; cada vacante necesita el suyo"
        return JobPostingImport((), (PropertyMessage("identifier", message),))
    return JobPostingImport(tuple(p for p in postings if p is not None), ())


def _day(value: object, where: str) -> date:
    """An ISO 8601 date or date-time as Mexico City's date."""
    given = text_of(value, where)
    try:
        if len(given) == 10:
            return date.fromisoformat(given)
        moment = datetime.fromisoformat(given)
    except ValueError:
        raise PropertyError(
            where, f"«{given}» no es una fecha ISO 8601 (p. ej. 2026-03-31 o 2026-03-31T23:59)"
        ) from None
    return moment.astimezone(DEFAULT_TIMEZONE).date() if moment.tzinfo else moment.date()


def _schema_message(error: ErrorDetails) -> str:
    """A Spanish reason for a rule of the vacancy contract that a mapped value breaks."""
    kind, context = error["type"], dict(error.get("ctx") or {})
    if kind == "string_too_long":
        return f"demasiado largo: como máximo {int(context['max_length']):,} caracteres"
    if kind == "string_too_short":
        return "falta el valor"
    if kind == "too_long":
        return f"demasiados elementos: como máximo {int(context['max_length']):,}"
    if kind == "greater_than_equal":
        return f"debe ser al menos {context['ge']}"
    if kind == "less_than_equal":
        return f"debe ser como máximo {context['le']:,}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return "valor no válido"


@dataclass
class _PostingReader:
    """Reads one JobPosting node, collecting problems and notes under its path prefix."""

    node: Node
    prefix: str
    employer_id: str
    today: date
    problems: list[PropertyMessage] = field(default_factory=list)
    notes: list[PropertyMessage] = field(default_factory=list)
    country: Country = Country.MX  # the address's, once read

    def problem(self, where: str, reason: str) -> None:
        self.problems.append(PropertyMessage(self.prefix + where, reason))

    def note(self, where: str, message: str) -> None:
        self.notes.append(PropertyMessage(self.prefix + where, message))

    def take(self, read: Callable[[], T]) -> T | None:
        """The value ``read`` returns, or None after recording its problem."""
        try:
            return read()
        except PropertyError as error:
            self.problem(error.where, error.reason)
            return None

    def read(self) -> ImportedPosting | None:
        """The posting as a vacancy body, or None when it has problems."""
        title = self.take(lambda: self.required_text("title"))
        employer = self.take(self.employer_name)
        text = self.take(self.plain_description)
        language = self.take(lambda: self.language(f"{title or ''}\n{text or ''}"))
        description = self.take(lambda: self.description(text or "", language or "es"))
        location = self.take(self.location)
        kind = self.take(lambda: self.kind(title or ""))
        salary = self.take(self.salary)
        closes_on = self.take(self.closes_on)
        seats = self.take(self.seats)
        skills = self.take(self.skills)
        sector = self.take(self.sector)
        if self.problems:
            return None
        assert location is not None and title is not None and closes_on is not None
        state, city, modality = location
        fields: dict[str, Any] = {
            "employer_id": self.employer_id,
            "employer_name": employer,
            "kind": kind,
            "title": title,
            "description": description,
            "language": language,
            "sector": sector,
            "country": self.country,
            "state": state,
            "city": city,
            "modality": modality,
            "seats": seats,
            "required_skills": skills,
            "salary_min_mxn": salary[0] if salary else None,
            "salary_max_mxn": salary[1] if salary else None,
            "closes_on": closes_on.isoformat(),
        }
        fields["vacancy_id"] = self.take(lambda: self.vacancy_id(title, city))
        return None if self.problems else self.checked(fields)

    def checked(self, fields: dict[str, Any]) -> ImportedPosting | None:
        """The body once the vacancy contract accepts it; its rules become property problems."""
        try:
            event = VacancyPosted.model_validate(fields | _ENVELOPE)
        except ValidationError as invalid:
            for error in invalid.errors(include_url=False):
                loc = error["loc"]
                where = PROPERTY_OF_FIELD.get(str(loc[0]), str(loc[0])) if loc else "baseSalary"
                if len(loc) > 1 and isinstance(loc[1], int):
                    where += f"[{loc[1]}]"
                self.problem(where, _schema_message(error))
            return None
        body = event.model_dump(mode="json", exclude={*_ENVELOPE, "event_type"})
        return ImportedPosting(body, tuple(self.notes))

    def required_text(self, name: str) -> str:
        value, where = child(self.node, name, "")
        if is_blank(value):
            raise PropertyError(where, "falta el valor")
        return " ".join(html_to_text(text_of(value, where)).split())

    def employer_name(self) -> str:
        found = listed(self.node.get("hiringOrganization"))
        name = found[0].get("name") if found and isinstance(found[0], Mapping) else found
        if is_blank(name):
            raise PropertyError("hiringOrganization.name", "falta el nombre de la empresa")
        where = "hiringOrganization.name" if isinstance(found[0], Mapping) else "hiringOrganization"
        return " ".join(html_to_text(text_of(listed(name)[0], where)).split())

    def plain_description(self) -> str:
        value, where = child(self.node, "description", "")
        if is_blank(value):
            raise PropertyError(where, "falta la descripción del puesto")
        return html_to_text(text_of(value, where))

    def language(self, text: str) -> str:
        given = listed(self.node.get("inLanguage"))
        if given:
            where = "inLanguage"
            value = given[0]
            if isinstance(value, Mapping):  # a schema.org Language: its code, else its name
                value = value.get("alternateName") or value.get("name") or ""
            return language_code(text_of(value, where), where)
        guessed = guess_language(text)
        spoken = "inglés" if guessed == "en" else "español"
        self.note("inLanguage", f"no viene; por el texto, la vacante está en {spoken}")
        return guessed

    def description(self, text: str, language: str) -> str:
        """The description with the requirement properties appended as titled sections."""
        parts = [text]
        for name, heading in _HEADINGS[language].items():
            lines = []
            for index, item in enumerate(listed(self.node.get(name))):
                where = f"{name}[{index}]" if isinstance(self.node.get(name), list) else name
                lines.extend(self.requirement(item, where, language))
            if lines:
                bullets = lines if len(lines) == 1 else [f"- {line}" for line in lines]
                parts.append(f"{heading}:\n" + "\n".join(bullets))
        return "\n\n".join(part for part in parts if part)

    def requirement(self, item: object, where: str, language: str) -> list[str]:
        """The readable lines of one requirement: text, a credential or an experience."""
        if not isinstance(item, Mapping):
            text = html_to_text(text_of(item, where))
            return [_LIST_MARK.sub("", line.strip()) for line in text.splitlines() if line]
        lines = []
        category = item.get("credentialCategory")
        if not is_blank(category):
            name = text_of(category, f"{where}.credentialCategory")
            lines.append(_EDUCATION_ES.get(name.lower(), name) if language == "es" else name)
        months = item.get("monthsOfExperience")
        if not is_blank(months):
            count = round(number_of(months, f"{where}.monthsOfExperience"))
            lines.append(
                f"{count} meses de experiencia"
                if language == "es"
                else f"{count} months of experience"
            )
        if not is_blank(item.get("description")):
            lines.extend(html_to_text(text_of(item["description"], where)).splitlines())
        return [line for line in lines if line]

    def location(self) -> tuple[Subdivision, str, Modality]:
        """The state, city and modality from jobLocation, jobLocationType and the applicants."""
        remote = any(
            isinstance(t, str) and t.strip().upper() == "TELECOMMUTE"
            for t in listed(self.node.get("jobLocationType"))
        )
        applicants_state = self.applicant_state()
        raw = self.node.get("jobLocation")
        places = listed(raw)
        if places:
            where = "jobLocation[0]" if isinstance(raw, list) else "jobLocation"
            if len(places) > 1:
                self.note("jobLocation", "trae varias ubicaciones; se usó la primera")
            state, city = self.address(places[0], where, city_required=True)
            return state, city, Modality.HYBRID if remote else Modality.ON_SITE
        if not remote:
            raise PropertyError(
                "jobLocation",
                "falta la ubicación (un Place con address: addressRegion y addressLocality), o "
                "jobLocationType TELECOMMUTE si el trabajo es remoto",
            )
        if applicants_state is not None:
            self.note("jobLocation", f"vacante remota sin sede; la ciudad queda «{REMOTE_CITY}»")
            return applicants_state, REMOTE_CITY, Modality.REMOTE
        organisation = listed(self.node.get("hiringOrganization"))
        if organisation and isinstance(organisation[0], Mapping) and organisation[0].get("address"):
            self.note("jobLocation", "vacante remota: se usó la dirección de hiringOrganization")
            state, city = self.address(organisation[0], "hiringOrganization", city_required=False)
            return state, city, Modality.REMOTE
        raise PropertyError(
            "jobLocation",
            "una vacante remota también necesita un estado de México: indique la sede en "
            "jobLocation, o un State en applicantLocationRequirements",
        )

    def address(self, place: object, where: str, *, city_required: bool) -> tuple[Subdivision, str]:
        if not isinstance(place, Mapping):
            raise PropertyError(where, "debe ser un Place con address (un PostalAddress)")
        address = place if "PostalAddress" in types_of(place) else place.get("address")
        where = where if "PostalAddress" in types_of(place) else f"{where}.address"
        if isinstance(address, list) and address:
            address = address[0]
        if not isinstance(address, Mapping):
            raise PropertyError(
                where, "debe ser un PostalAddress con addressRegion y addressLocality"
            )
        country, country_at = child(address, "addressCountry", where)
        if not is_blank(country):
            name = text_of(country, country_at)
            served = served_country(name)
            if served is None:
                raise PropertyError(country_at, f"«{name}»: Vincula publica vacantes en {SERVED}")
            self.country = served
        region, region_at = child(address, "addressRegion", where)
        if is_blank(region):
            raise PropertyError(region_at, "falta el estado (p. ej. Querétaro o QUE)")
        state = subdivision_in(text_of(region, region_at), self.country, region_at)
        locality, locality_at = child(address, "addressLocality", where)
        if not is_blank(locality):
            return state, text_of(locality, locality_at)
        if city_required:
            raise PropertyError(locality_at, "falta la ciudad o el municipio")
        return state, REMOTE_CITY

    def applicant_state(self) -> MexicanState | None:
        """The first Mexican state applicants must live in; refuses postings for other countries."""
        raw = self.node.get("applicantLocationRequirements")
        states: list[MexicanState] = []
        foreign: list[str] = []
        served = False
        for index, item in enumerate(listed(raw)):
            where = (
                f"applicantLocationRequirements[{index}]"
                if isinstance(raw, list)
                else ("applicantLocationRequirements")
            )
            name = text_of(item, where)
            is_country = isinstance(item, Mapping) and "Country" in types_of(item)
            if served_country(name) is not None and (is_country or not isinstance(item, Mapping)):
                served = True
                continue
            try:
                states.append(mexican_state(name, where))
            except PropertyError:
                foreign.append(name)
        if foreign and not (served or states):
            raise PropertyError(
                "applicantLocationRequirements",
                f"pide personas en {', '.join(f'«{n}»' for n in foreign)}; Vincula solo "
                f"vincula personas en {SERVED}",
            )
        return states[0] if states else None

    def kind(self, title: str) -> VacancyKind:
        raw = self.node.get("employmentType")
        kinds = []
        for index, item in enumerate(listed(raw)):
            where = f"employmentType[{index}]" if isinstance(raw, list) else "employmentType"
            kinds.append(employment_kind(text_of(item, where), where))
        return kind_of(title, kinds)

    def salary(self) -> tuple[int, int] | None:
        value = self.node.get("baseSalary")
        if is_blank(value):
            return None
        if isinstance(value, list):
            raise PropertyError("baseSalary", "debe ser un solo MonetaryAmount")
        found = monthly_salary(value)
        if found.currency_assumed:
            self.note("baseSalary.currency", "no viene; se entendió MXN")
        if found.unit != "MONTH":
            self.note("baseSalary", f"convertido de {found.unit} a pesos al mes")
        return found.low, found.high

    def closes_on(self) -> date:
        posted = None
        if not is_blank(self.node.get("datePosted")):
            posted = _day(self.node["datePosted"], "datePosted")
        if is_blank(self.node.get("validThrough")):
            closes = (posted or self.today) + timedelta(days=DEFAULT_OPEN_DAYS)
            if closes < self.today:
                raise PropertyError(
                    "validThrough",
                    f"falta, y la publicación (datePosted) tiene más de {DEFAULT_OPEN_DAYS} días",
                )
            self.note("validThrough", f"no viene; la vacante cierra el {closes.isoformat()}")
            return closes
        closes = _day(self.node["validThrough"], "validThrough")
        if closes < self.today:
            raise PropertyError("validThrough", f"la vacante ya cerró ({closes.isoformat()})")
        return closes

    def seats(self) -> int:
        value = self.node.get("totalJobOpenings")
        if is_blank(value):
            return 1
        count = number_of(value, "totalJobOpenings")
        if count != int(count) or not 1 <= count <= MAX_SEATS:
            raise PropertyError(
                "totalJobOpenings", f"debe ser un número entero de plazas, de 1 a {MAX_SEATS:,}"
            )
        return int(count)

    def skills(self) -> list[str]:
        raw = self.node.get("skills")
        found: dict[str, str] = {}
        for index, item in enumerate(listed(raw)):
            where = f"skills[{index}]" if isinstance(raw, list) else "skills"
            for line in html_to_text(text_of(item, where)).splitlines():
                for part in re.split(r"[,;]", _LIST_MARK.sub("", line.strip())):
                    skill = " ".join(part.split()).rstrip(".")
                    if skill:
                        found.setdefault(skill.casefold(), skill)
        return list(found.values())

    def sector(self) -> Sector:
        raw = self.node.get("industry")
        names = [text_of(item, "industry") for item in listed(raw)]
        for name in names:
            if (sector := sector_of(name)) is not None:
                return sector
        given = ", ".join(f"«{n}»" for n in names)
        reason = f"{given} no corresponde a un sector de Vincula" if names else "no viene"
        self.note("industry", f"{reason}; se usó el sector «otro»")
        return Sector.OTHER

    def vacancy_id(self, title: str, city: str) -> str:
        """``<employer>.<identifier>``, or a hash of the url (or of title, city and date)."""
        found = listed(self.node.get("identifier"))
        if found:
            first = found[0]
            if isinstance(first, Mapping):
                first = first.get("value", first.get("@value", first.get("name")))
            given = text_of(first, "identifier")
            slug = _ID_UNSAFE.sub("-", given).strip("-._")
            readable = f"{self.employer_id}.{slug}"
            if slug and len(readable) <= 64:
                return readable
            key = given
        elif not is_blank(self.node.get("url")) or not is_blank(self.node.get("@id")):
            key = text_of(self.node.get("url") or self.node.get("@id"), "url")
        else:
            key = f"{title}|{city}|{self.node.get('datePosted', '')}"
            self.note(
                "identifier",
                "no viene (ni url): el id se dedujo del título, la ciudad y datePosted",
            )
        digest = hashlib.sha256(f"{self.employer_id}\n{key}".encode()).hexdigest()[:16]
        return f"{self.employer_id[:40]}.{digest}"
