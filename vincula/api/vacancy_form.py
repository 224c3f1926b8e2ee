"""The employer's vacancy form: raw strings in, a :class:`VacancyRequest` or Spanish errors out.

People type Mexico's formats (``31/01/2027``, ``25,000``, ``$25,000 MXN``),
one skill per line and vendor codes in any case; the form turns them into the
request body the JSON API takes, and every problem into a message under its
field. The body is then validated by the very model the JSON route uses, so a
page never publishes what the API would refuse.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from matching.text import fold
from models.vacancies import VacancyRecord
from schemas.enums import CefrLevel, Modality, Sector, VacancyCloseReason, VacancyKind
from schemas.labels import spanish
from schemas.regions import Country, place_name, subdivision_name, subdivisions_of
from vincula.api.bodies import VacancyRequest
from vincula.web.formats import MEXICO_CITY, fecha

# Generous bounds for the raw strings: the real limits are the model's, with Spanish messages.
_LINE = 2_000
_BLOCK = 100_000


class VacancyFormData(BaseModel):
    """The vacancy form as the browser sends it: every field a string, possibly empty."""

    model_config = ConfigDict(title="FormularioVacante")

    csrf: str = Field(default="", max_length=100, description="Valor anti-CSRF de la página.")
    vacancy_id: str = Field(default="", max_length=_LINE, description="Identificador.")
    employer_name: str = Field(default="", max_length=_LINE, description="Nombre de la empresa.")
    kind: str = Field(default="", max_length=_LINE, description="Empleo, aprendizaje o prácticas.")
    title: str = Field(default="", max_length=_LINE, description="Título del puesto.")
    description: str = Field(default="", max_length=_BLOCK, description="Descripción.")
    language: str = Field(default="", max_length=_LINE, description="es o en.")
    sector: str = Field(default="", max_length=_LINE, description="Sector.")
    country: str = Field(default="", max_length=_LINE, description="País: MX, SV o DO.")
    state: str = Field(default="", max_length=_LINE, description="Clave del estado.")
    city: str = Field(default="", max_length=_LINE, description="Ciudad o municipio.")
    modality: str = Field(default="", max_length=_LINE, description="Modalidad.")
    # One checkbox per country whose residents the vacancy takes; none ticked: its own only.
    accepts_mx: str = Field(default="", max_length=_LINE, description="Acepta México.")
    accepts_sv: str = Field(default="", max_length=_LINE, description="Acepta El Salvador.")
    accepts_do: str = Field(default="", max_length=_LINE, description="Acepta Rep. Dominicana.")
    seats: str = Field(default="", max_length=_LINE, description="Plazas.")
    required_skills: str = Field(default="", max_length=_BLOCK, description="Una por línea.")
    nice_to_have_skills: str = Field(default="", max_length=_BLOCK, description="Una por línea.")
    required_credentials: str = Field(default="", max_length=_BLOCK, description="Códigos.")
    nice_to_have_credentials: str = Field(default="", max_length=_BLOCK, description="Códigos.")
    english_level: str = Field(default="", max_length=_LINE, description="A1 … C2, o vacío.")
    # Checkboxes send any value when ticked and nothing when not; the hours are typed.
    work_based_learning: str = Field(default="", max_length=_LINE, description="Formación dual.")
    admits_minors: str = Field(default="", max_length=_LINE, description="Admite 15 a 17 años.")
    minor_daily_hours: str = Field(default="", max_length=_LINE, description="Horas diarias.")
    minor_daytime_only: str = Field(default="", max_length=_LINE, description="Solo diurno.")
    minor_no_hazardous_work: str = Field(
        default="", max_length=_LINE, description="Sin trabajo peligroso."
    )
    salary_min_mxn: str = Field(default="", max_length=_LINE, description="Pesos.")
    salary_max_mxn: str = Field(default="", max_length=_LINE, description="Pesos.")
    closes_on: str = Field(default="", max_length=_LINE, description="dd/mm/aaaa.")

    def values(self) -> dict[str, str]:
        """The vacancy's fields as typed (without the CSRF value)."""
        return self.model_dump(exclude={"csrf"})


Options = Sequence[tuple[str, str]]


def _options(members: Sequence[Any]) -> Options:
    return [(member.value, spanish(member)) for member in members]


# What the selects offer, in Spanish; states by name, as people look for them.
OPTIONS: Mapping[str, Options] = {
    "kind": _options(list(VacancyKind)),
    "sector": _options(list(Sector)),
    "country": _options(list(Country)),
    # Mexico's states by name, as people look for them; then the other countries' by name.
    "state": [
        (s.value, subdivision_name(s) if country is Country.MX else place_name(s))
        for country in Country
        for s in sorted(subdivisions_of(country), key=lambda s: fold(subdivision_name(s)))
    ],
    "modality": _options(list(Modality)),
    "language": [("es", "Español"), ("en", "Inglés")],
    "english_level": [(level.value, level.value) for level in CefrLevel],
}
CLOSE_REASONS: Options = _options(list(VacancyCloseReason))

REQUIRED: Mapping[str, str] = {
    "vacancy_id": "Escriba un identificador para la vacante.",
    "employer_name": "Escriba el nombre de la empresa.",
    "kind": "Elija el tipo de vacante.",
    "title": "Escriba el título del puesto.",
    "description": "Describa el puesto y lo que hará la persona.",
    "language": "Elija el idioma en que está escrita la vacante.",
    "sector": "Elija el sector de la empresa.",
    "state": "Elija el estado donde está la vacante.",
    "city": "Escriba la ciudad o el municipio.",
    "modality": "Elija la modalidad de trabajo.",
    "seats": "Escriba cuántas plazas ofrece.",
    "closes_on": "Escriba la fecha de cierre (dd/mm/aaaa).",
}
PATTERN: Mapping[str, str] = {
    "vacancy_id": "Use solo letras sin acentos, números, punto, guion o guion bajo.",
    "required_credentials": "un código lleva letras, números, punto o guion (p. ej. AWS-CCP).",
    "nice_to_have_credentials": "un código lleva letras, números, punto o guion (p. ej. IBM-DS).",
}
# The conditions an employer attests, by ticking them, when the vacancy admits minors.
MINOR_CONDITIONS = ("minor_daily_hours", "minor_daytime_only", "minor_no_hazardous_work")
CHECKBOXES = (
    "work_based_learning",
    "admits_minors",
    "minor_daytime_only",
    "minor_no_hazardous_work",
)
CHECKED = "sí"
_NUMBER = re.compile(r"^\d+$")
_MONEY_NOISE = re.compile(r"[\s,$]|mxn", re.IGNORECASE)


@dataclass(frozen=True)
class FormResult:
    """A valid request body, or the Spanish message of each field that is wrong."""

    body: VacancyRequest | None
    errors: dict[str, str]


def suggested_id(now: datetime) -> str:
    """A fresh vacancy id for a new form: the date and a random part (``V-20261120-3f9a2c``)."""
    return f"V-{now.astimezone(MEXICO_CITY):%Y%m%d}-{secrets.token_hex(3)}"


def _lines(text: str) -> list[str]:
    """Non-empty lines, once each (the first spelling wins)."""
    seen: set[str] = set()
    kept = []
    for line in text.splitlines():
        item = " ".join(line.split())
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            kept.append(item)
    return kept


def _codes(text: str) -> list[str]:
    """Vendor codes separated by lines, commas, semicolons or spaces, in capitals, once each."""
    return list(dict.fromkeys(code.upper() for code in re.split(r"[\s,;]+", text) if code))


def _whole(text: str) -> int | None:
    cleaned = text.replace(",", "").replace(" ", "")
    return int(cleaned) if _NUMBER.match(cleaned) else None


def _pesos(text: str) -> int | None:
    cleaned = _MONEY_NOISE.sub("", text)
    return int(cleaned) if _NUMBER.match(cleaned) else None


def parse_date(text: str) -> date | None:
    """``dd/mm/aaaa`` (or ``aaaa-mm-dd``) as a date; None when it is no real date."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _message(name: str, error: ErrorDetails) -> str:
    """A Spanish message for one validation error of the model, for a person."""
    kind = error["type"]
    context: dict[str, Any] = dict(error.get("ctx") or {})
    loc = error["loc"]
    # An item of a list (a skill, a code) is named, since the list may be long.
    item = ""
    if len(loc) > 1 and isinstance(loc[1], int):
        given = str(error.get("input", ""))
        item = f"«{given if len(given) <= 40 else given[:40] + '…'}»: "
    if kind in ("missing", "string_too_short"):
        return REQUIRED.get(name, "Falta este dato.")
    if kind == "string_too_long":
        return f"{item}es demasiado largo: como máximo {int(context['max_length']):,} caracteres."
    if kind == "too_long":
        return f"Son demasiados: como máximo {int(context['max_length']):,}."
    if kind == "string_pattern_mismatch":
        return item + PATTERN.get(name, "El formato no es válido.")
    if kind == "greater_than_equal":
        return f"Debe ser al menos {int(context['ge']):,}."
    if kind == "less_than_equal":
        return f"Debe ser como máximo {int(context['le']):,}."
    if kind in ("enum", "literal_error"):
        return "Elija una de las opciones de la lista."
    if kind == "value_error":
        # Our own validators already speak Spanish.
        text = str(error["msg"]).removeprefix("Value error, ")
        return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
    return "El valor no es válido."


def parse_vacancy(
    raw: Mapping[str, str], *, employer_id: str, vacancy_id: str | None, today: date
) -> FormResult:
    """The request body the form describes, or a Spanish message per wrong field.

    ``vacancy_id`` is the id of the vacancy being edited (the form's own field is then
    ignored); ``today`` is Mexico City's date, before which no vacancy may close.
    """
    errors: dict[str, str] = {}
    text = {name: value.strip() for name, value in raw.items()}
    values: dict[str, Any] = {"employer_id": employer_id}
    for name in (
        "vacancy_id",
        "employer_name",
        "kind",
        "title",
        "description",
        "language",
        "sector",
        "state",
        "city",
        "modality",
    ):
        given = vacancy_id if name == "vacancy_id" and vacancy_id is not None else text.get(name)
        if not given:
            errors[name] = REQUIRED[name]
        else:
            values[name] = given
    seats = text.get("seats", "")
    if not seats:
        errors["seats"] = REQUIRED["seats"]
    elif (count := _whole(seats)) is None:
        errors["seats"] = "Escriba un número entero de plazas, por ejemplo 3."
    else:
        values["seats"] = count
    for name in ("salary_min_mxn", "salary_max_mxn"):
        amount = text.get(name, "")
        if amount and (pesos := _pesos(amount)) is None:
            errors[name] = "Escriba una cantidad en pesos, sin centavos; por ejemplo 25,000."
        elif amount:
            values[name] = pesos
    low, high = values.get("salary_min_mxn"), values.get("salary_max_mxn")
    if low is not None and high is not None and low > high:
        errors["salary_max_mxn"] = f"El sueldo máximo (${high:,} MXN) es menor que el mínimo."
    closes = text.get("closes_on", "")
    closes_on = parse_date(closes) if closes else None
    if not closes:
        errors["closes_on"] = REQUIRED["closes_on"]
    elif closes_on is None:
        errors["closes_on"] = "Escriba la fecha como dd/mm/aaaa, por ejemplo 31/01/2027."
    elif closes_on < today:
        errors["closes_on"] = f"La fecha ya pasó; elija el {fecha(today)} o una posterior."
    else:
        values["closes_on"] = closes_on
    for name in ("required_skills", "nice_to_have_skills"):
        values[name] = _lines(text.get(name, ""))
    for name in ("required_credentials", "nice_to_have_credentials"):
        values[name] = _codes(text.get(name, ""))
    values["english_level"] = text.get("english_level") or None
    values["country"] = text.get("country") or Country.MX.value
    values["accepted_countries"] = [c.value for c in Country if text.get(accepts_field(c))]
    for name in CHECKBOXES:
        values[name] = bool(text.get(name))
    if not values["admits_minors"]:
        # The LFT's conditions are attested only for a vacancy that admits minors.
        for name in MINOR_CONDITIONS:
            values.pop(name, None)
    elif hours := text.get("minor_daily_hours", ""):
        if (count := _whole(hours)) is None:
            errors["minor_daily_hours"] = "Escriba un número entero de horas, por ejemplo 6."
        else:
            values["minor_daily_hours"] = count
    try:
        body = VacancyRequest.model_validate(values)
    except ValidationError as invalid:
        for error in invalid.errors(include_url=False):
            # A model-wide rule (the salary range) belongs under the last salary field.
            name = str(error["loc"][0]) if error["loc"] else "salary_max_mxn"
            errors.setdefault(name, _message(name, error))
        return FormResult(None, _in_form_order(errors))
    return FormResult(None if errors else body, _in_form_order(errors))


def _in_form_order(errors: dict[str, str]) -> dict[str, str]:
    """The errors in the order the form shows its fields, as the summary lists them."""
    order = list(VacancyFormData.model_fields)
    return dict(sorted(errors.items(), key=lambda e: order.index(e[0]) if e[0] in order else 0))


def accepts_field(country: Country) -> str:
    """The form's checkbox for ``country`` among the accepted countries (``accepts_sv``)."""
    return f"accepts_{country.value.lower()}"


def form_values(record: VacancyRecord) -> dict[str, str]:
    """A stored vacancy as the form shows it: Mexico's formats, one item per line."""
    return {
        "vacancy_id": record.vacancy_id,
        "employer_name": record.employer_name,
        "kind": record.kind,
        "title": record.title,
        "description": record.description,
        "language": record.language,
        "sector": record.sector,
        "country": record.country,
        "state": record.state,
        "city": record.city,
        "modality": record.modality,
        "seats": str(record.seats),
        "required_skills": "\n".join(record.required_skills),
        "nice_to_have_skills": "\n".join(record.nice_to_have_skills),
        "required_credentials": "\n".join(record.required_credentials),
        "nice_to_have_credentials": "\n".join(record.nice_to_have_credentials),
        "english_level": record.english_level or "",
        "salary_min_mxn": "" if record.salary_min_mxn is None else f"{record.salary_min_mxn:,}",
        "salary_max_mxn": "" if record.salary_max_mxn is None else f"{record.salary_max_mxn:,}",
        "closes_on": fecha(record.closes_on),
        "work_based_learning": CHECKED if record.work_based_learning else "",
        "admits_minors": CHECKED if record.admits_minors else "",
        "minor_daily_hours": str(record.minor_daily_hours or ""),
        "minor_daytime_only": CHECKED if record.minor_daytime_only else "",
        "minor_no_hazardous_work": CHECKED if record.minor_no_hazardous_work else "",
        **{
            accepts_field(c): CHECKED if c.value in record.accepted_countries else ""
            for c in Country
        },
    }


def empty_values(*, vacancy_id: str, employer_name: str) -> dict[str, str]:
    """A new vacancy's form: a suggested id, the employer's last name, Spanish by default."""
    blank = dict.fromkeys(VacancyFormData.model_fields, "")
    blank.pop("csrf")
    return blank | {
        "vacancy_id": vacancy_id,
        "employer_name": employer_name,
        "language": "es",
        "country": Country.MX.value,
    }
