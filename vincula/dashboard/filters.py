"""The dashboard's filters: read from a query string, checked, with Spanish errors.

Filters combine (all must hold). Those about the graduate — programme, issuer, track,
credential kind, state of residence, cohort and the certification period — choose the
people counted; those about the vacancy — sector and kind — choose which proposals
count, so a person matched only elsewhere is not «matched» here. The talent gap reads
open vacancies of the chosen sector and kind, and takes the state as the vacancy's.

The period is the **certification** period (WIOA reports by exit cohort): graduates
certified between «desde» and «hasta», both days included, in Mexico City time. What
happened to them afterwards counts up to the report date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TypeVar

from models.dashboard import Scope
from schemas.enums import CredentialKind, Issuer, MexicanState, Sector, Track, VacancyKind
from vincula.dashboard.indicators import split_cohort
from vincula.web.formats import MEXICO_CITY

E = TypeVar("E", bound=StrEnum)

# Query-string names, as the form and the CSV links write them.
PARAMETERS = (
    "programa",
    "emisor",
    "ruta",
    "credencial",
    "estado",
    "sector",
    "tipo_vacante",
    "cohorte",
    "desde",
    "hasta",
)


@dataclass(frozen=True)
class Filters:
    """What the ministry chose to look at; None is «all»."""

    programa: str | None = None
    emisor: Issuer | None = None
    ruta: Track | None = None
    credencial: CredentialKind | None = None
    estado: MexicanState | None = None
    sector: Sector | None = None
    tipo_vacante: VacancyKind | None = None
    cohorte: str | None = None  # programme|aaaa-mm
    desde: date | None = None
    hasta: date | None = None

    def query(self) -> dict[str, str]:
        """The filters as query-string values (only the chosen ones)."""
        chosen: dict[str, str] = {}
        for name in PARAMETERS:
            value = getattr(self, name)
            if value is not None:
                chosen[name] = value.isoformat() if isinstance(value, date) else str(value)
        return chosen

    def any(self) -> bool:
        """Whether any filter is chosen."""
        return bool(self.query())

    def scope(self) -> Scope:
        """The SQL side of the filters: graduates and vacancies to read."""
        since = _start(self.desde) if self.desde else None
        before = _start(self.hasta + timedelta(days=1)) if self.hasta else None
        programme = self.programa
        if self.cohorte is not None:
            programme, month = split_cohort(self.cohorte)
            first = date.fromisoformat(f"{month}-01")
            following = (first + timedelta(days=32)).replace(day=1)
            since = max(filter(None, [since, _start(first)]))
            before = min(filter(None, [before, _start(following)]))
            if self.programa is not None and self.programa != programme:
                programme = ""  # two programmes at once: nobody (names are never empty)
        return Scope(
            programme=programme,
            issuer=None if self.emisor is None else self.emisor.value,
            state=None if self.estado is None else self.estado.value,
            certified_from=since,
            certified_before=before,
            sector=None if self.sector is None else self.sector.value,
            vacancy_kind=None if self.tipo_vacante is None else self.tipo_vacante.value,
        )


def _start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=MEXICO_CITY)


def parse_date(text: str) -> date:
    """A date written dd/mm/aaaa (as people write it) or aaaa-mm-dd (as date fields send it)."""
    cleaned = text.strip()
    try:
        if "/" in cleaned:
            day, month, year = (int(part) for part in cleaned.split("/"))
            if year < 1000:
                raise ValueError(cleaned)
            return date(year, month, day)
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(f"«{cleaned}» no es una fecha válida: escríbala como dd/mm/aaaa") from None


def _member(kind: type[E], value: str, what: str) -> E:
    try:
        return kind(value)
    except ValueError:
        raise ValueError(f"{what} «{value}» no existe") from None


def parse_filters(values: Mapping[str, str]) -> tuple[Filters, dict[str, str]]:
    """Filters from query-string values; errors by parameter, in Spanish."""
    chosen: dict[str, object] = {}
    errors: dict[str, str] = {}
    readers = {
        "programa": lambda v: _text(v, 300),
        "emisor": lambda v: _member(Issuer, v, "El emisor"),
        "ruta": lambda v: _member(Track, v, "La ruta"),
        "credencial": lambda v: _member(CredentialKind, v, "El tipo de credencial"),
        "estado": lambda v: _member(MexicanState, v, "El estado"),
        "sector": lambda v: _member(Sector, v, "El sector"),
        "tipo_vacante": lambda v: _member(VacancyKind, v, "El tipo de vacante"),
        "cohorte": _cohort,
        "desde": parse_date,
        "hasta": parse_date,
    }
    for name, read in readers.items():
        raw = values.get(name, "").strip()
        if not raw:
            continue
        try:
            chosen[name] = read(raw)
        except ValueError as error:
            errors[name] = str(error)
    since, until = chosen.get("desde"), chosen.get("hasta")
    if isinstance(since, date) and isinstance(until, date) and since > until:
        errors["hasta"] = "«Hasta» es anterior a «Desde»: elija un periodo que avance."
    if errors:
        return Filters(), errors
    known = {field.name for field in fields(Filters)}
    return Filters(**{k: v for k, v in chosen.items() if k in known}), {}  # type: ignore[arg-type]


def _text(value: str, limit: int) -> str:
    if any(ord(character) < 32 for character in value):
        raise ValueError("El texto tiene caracteres de control; escríbalo de nuevo")
    if len(value) > limit:
        raise ValueError(f"El texto es demasiado largo (máximo {limit} caracteres)")
    return value


def _cohort(value: str) -> str:
    programme, month = split_cohort(value)
    try:
        date.fromisoformat(f"{month}-01")
    except ValueError:
        raise ValueError("La cohorte debe ser un programa y un mes (aaaa-mm)") from None
    if not programme:
        raise ValueError("La cohorte debe ser un programa y un mes (aaaa-mm)")
    return _text(value, 320)
