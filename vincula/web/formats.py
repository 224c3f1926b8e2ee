"""Mexico's formats for pages and CSV files: dd/mm/aaaa, 12,345, $12,500 MXN, Spanish names.

Times are shown in Mexico City time, as people there read them.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from schemas.labels import spanish, spanish_code
from schemas.regions import place_name, subdivision

MEXICO_CITY = ZoneInfo("America/Mexico_City")
SUPPRESSED = "<10"


def fecha(value: date | datetime | None) -> str:
    """``dd/mm/aaaa``; a moment is first put in Mexico City time; empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(MEXICO_CITY) if value.tzinfo else value
        return value.strftime("%d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def fecha_hora(value: datetime | None) -> str:
    """``dd/mm/aaaa hh:mm`` in Mexico City time."""
    if value is None:
        return ""
    local = value.astimezone(MEXICO_CITY) if value.tzinfo else value
    return local.strftime("%d/%m/%Y %H:%M")


def entero(value: int | None) -> str:
    """Thousands with commas (``12,345``); a suppressed count (None) shows as «<10»."""
    return SUPPRESSED if value is None else f"{value:,}"


def decimal(value: float | None, digits: int = 1) -> str:
    """A number with a decimal point and thousands commas; «—» when unknown."""
    return "—" if value is None else f"{value:,.{digits}f}"


def porcentaje(value: float | None, digits: int = 1) -> str:
    """A share in [0, 1] as ``42.5 %``; «—» when it cannot be computed or was suppressed."""
    return "—" if value is None else f"{value * 100:,.{digits}f} %"


def pesos(value: int | None) -> str:
    """Money in Mexican pesos: ``$12,500 MXN``."""
    return "" if value is None else f"${value:,} MXN"


def nombre(value: StrEnum | str | None, enumeration: type[StrEnum] | None = None) -> str:
    """The Spanish name of an enumeration member, or of a code of ``enumeration``."""
    if value is None:
        return ""
    if isinstance(value, StrEnum):
        return spanish(value)
    return spanish_code(enumeration, value) if enumeration is not None else value


def lugar(code: str | None) -> str:
    """A stored state code as people read it: «Querétaro», «San Salvador, El Salvador»."""
    if code is None:
        return ""
    try:
        return place_name(subdivision(code))
    except ValueError:
        return code
