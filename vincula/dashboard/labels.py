"""Spanish names of what the dashboard shows: measures, dimensions and their values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from matching.text import fold
from schemas.enums import CredentialKind, Issuer, Sector, Track, VacancyKind
from schemas.graduates import Sex
from schemas.labels import SPANISH_MONTHS, spanish_code
from schemas.regions import place_name, subdivision
from vincula.dashboard.indicators import AGE_BANDS, NOT_RECORDED, UNKNOWN_AGE, split_cohort

MEASURES = {
    "graduates": "Egresadas",
    "matched": "Vinculadas",
    "interested": "Les interesa",
    "interviewed": "Entrevistadas",
    "offered": "Con oferta",
    "hired": "Contratadas",
    "retained_3m": "Siguen a los 3 meses",
    "retained_6m": "Siguen a los 6 meses",
    "retained_12m": "Siguen a los 12 meses",
    "eligible_6m": "Contratadas hace 6 meses o más",
    "employed_6m": "Empleadas a los 6 meses",
    "eligible_12m": "Contratadas hace 12 meses o más",
    "employed_12m": "Empleadas a los 12 meses",
    "same_employer": "Con la misma empresa a los 6 y 12 meses",
    "proposals": "Vinculadas por primera vez",
    "hires": "Contratadas",
    "holders": "Personas con la credencial",
    "verified": "Verificada por el emisor",
    "unverified": "Sin verificar",
    "seats": "Plazas en vacantes abiertas",
    "unfilled": "Plazas sin cubrir",
    "demand": "Plazas sin cubrir que la piden",
    "supply": "Egresadas con la habilidad",
}

Dimension = Literal[
    "programa",
    "emisor",
    "ruta",
    "credencial",
    "estado",
    "sector",
    "tipo_vacante",
    "cohorte",
    "sexo",
    "edad",
]
DIMENSIONS: dict[Dimension, str] = {
    "programa": "Programa",
    "emisor": "Emisor",
    "ruta": "Ruta",
    "credencial": "Credencial más alta",
    "estado": "Estado de residencia",
    "sector": "Sector de la vacante",
    "tipo_vacante": "Tipo de vacante",
    "cohorte": "Cohorte (programa y mes de certificación)",
    "sexo": "Sexo (si el programa lo registró)",
    "edad": "Edad al certificarse",
}
# Dimensions of the vacancy: only matched people have one.
VACANCY_SIDE: frozenset[Dimension] = frozenset({"sector", "tipo_vacante"})

SEXES = {
    Sex.FEMALE.value: "Mujer",
    Sex.MALE.value: "Hombre",
    Sex.OTHER.value: "Otro",
    NOT_RECORDED: "No registrado",
}
AGES = {band: f"{band.replace('-', ' a ')} años" for band in AGE_BANDS[:-1]} | {
    UNKNOWN_AGE: "Sin dato"
}
MONTHS = SPANISH_MONTHS


def month_name(month: str) -> str:
    """«diciembre de 2026» for ``2026-12``."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} de {year}"


def short_month(month: str) -> str:
    """«dic 2026» for ``2026-12``, for chart axes."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1][:3]} {year}"


def state_name(code: str) -> str:
    """A state's official name for its code, with its country outside Mexico (else the code)."""
    try:
        return place_name(subdivision(code))
    except ValueError:
        return code


def cohort_name(key: str) -> str:
    """«Programa · diciembre de 2026»."""
    programme, month = split_cohort(key)
    return f"{programme} · {month_name(month)}"


_NAMERS: dict[Dimension, Callable[[str], str]] = {
    "programa": str,
    "emisor": lambda code: spanish_code(Issuer, code),
    "ruta": lambda code: spanish_code(Track, code),
    "credencial": lambda code: spanish_code(CredentialKind, code),
    "estado": state_name,
    "sector": lambda code: spanish_code(Sector, code),
    "tipo_vacante": lambda code: spanish_code(VacancyKind, code),
    "cohorte": cohort_name,
    "sexo": lambda code: SEXES.get(code, code),
    "edad": lambda code: AGES.get(code, code),
}
# Values of a closed vocabulary keep its order; free text sorts by its folded name.
_ORDERS: dict[Dimension, list[str]] = {
    "emisor": [i.value for i in Issuer],
    "ruta": [t.value for t in Track],
    "credencial": [k.value for k in CredentialKind],
    "sector": [s.value for s in Sector],
    "tipo_vacante": [k.value for k in VacancyKind],
    "sexo": list(SEXES),
    "edad": list(AGES),
}


def value_name(dimension: Dimension, code: str) -> str:
    """The Spanish name of one value of a dimension."""
    return _NAMERS[dimension](code)


def ordered(dimension: Dimension, codes: set[str]) -> tuple[str, ...]:
    """The values of a dimension in the order people read them."""
    order = _ORDERS.get(dimension)
    if order is not None:
        return tuple(sorted(codes, key=lambda c: (order.index(c) if c in order else len(order), c)))
    if dimension == "cohorte":
        return tuple(
            sorted(
                codes, key=lambda c: (split_cohort(c)[1], fold(split_cohort(c)[0])), reverse=True
            )
        )
    return tuple(sorted(codes, key=lambda c: (fold(value_name(dimension, c)), c)))
