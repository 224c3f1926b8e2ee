"""A JobPosting's ``baseSalary`` (a schema.org MonetaryAmount) as a monthly range in pesos.

Mexican payroll counts a month as 30 days of pay (LFT art. 89) and a working
day as 8 hours (LFT art. 61), so an hourly rate is × 240, a daily one × 30, a
weekly one × 30/7 and a yearly one ÷ 12, rounded to the peso. Only MXN is
accepted: converting currencies at some day's rate would show graduates a
figure the employer never offered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from matching.text import fold
from streams.ingest.jsonld import PropertyError, child, is_blank, number_of, text_of

MONTHLY_FACTOR: Mapping[str, Fraction] = {
    "HOUR": Fraction(240),
    "DAY": Fraction(30),
    "WEEK": Fraction(30, 7),
    "MONTH": Fraction(1),
    "YEAR": Fraction(1, 12),
}
_UNIT_ALIASES = {
    "hora": "HOUR",
    "hourly": "HOUR",
    "dia": "DAY",
    "diario": "DAY",
    "daily": "DAY",
    "semana": "WEEK",
    "semanal": "WEEK",
    "weekly": "WEEK",
    "mes": "MONTH",
    "mensual": "MONTH",
    "monthly": "MONTH",
    "ano": "YEAR",
    "año": "YEAR",
    "anual": "YEAR",
    "yearly": "YEAR",
    "annual": "YEAR",
}


@dataclass(frozen=True)
class MonthlySalary:
    """A monthly range in whole pesos (equal ends for a single figure) and how it was read."""

    low: int
    high: int
    unit: str
    currency_assumed: bool


def _unit(value: object, where: str) -> str:
    if is_blank(value):
        raise PropertyError(where, "falta el periodo del sueldo (HOUR, DAY, WEEK, MONTH o YEAR)")
    given = text_of(value, where)
    unit = given.upper() if given.upper() in MONTHLY_FACTOR else _UNIT_ALIASES.get(fold(given))
    if unit is None:
        raise PropertyError(
            where, f"«{given}» no es un periodo conocido (HOUR, DAY, WEEK, MONTH o YEAR)"
        )
    return unit


def _pesos(amount: float, unit: str, where: str) -> int:
    if amount < 0:
        raise PropertyError(where, "el sueldo no puede ser negativo")
    return round(Fraction(amount) * MONTHLY_FACTOR[unit])


def monthly_salary(value: object, where: str = "baseSalary") -> MonthlySalary:
    """The monthly MXN range of a MonetaryAmount: one ``value``, or ``minValue``/``maxValue``."""
    if not isinstance(value, Mapping):
        raise PropertyError(where, "debe ser un MonetaryAmount con currency y value")
    currency, at = child(value, "currency", where)
    assumed = is_blank(currency)
    if not assumed and (code := text_of(currency, at).upper()) != "MXN":
        raise PropertyError(
            at,
            f"«{code}»: Vincula publica sueldos en pesos mexicanos (MXN); exprese el sueldo en "
            "MXN o quite baseSalary",
        )
    amount, at = child(value, "value", where)
    if is_blank(amount):
        raise PropertyError(at, "falta el monto del sueldo")
    if isinstance(amount, Mapping):
        unit_value, unit_at = child(amount, "unitText", at)
        if is_blank(unit_value):  # some exports put it beside the amount, not inside
            unit_value, unit_at = child(value, "unitText", where)
        unit = _unit(unit_value, unit_at)
        ends = []
        for name in ("minValue", "maxValue", "value"):
            given, given_at = child(amount, name, at)
            if not is_blank(given):
                ends.append((name, _pesos(number_of(given, given_at), unit, given_at)))
        found = dict(ends)
        if not found:
            raise PropertyError(at, "falta el monto: value, o minValue y maxValue")
        low = found.get("minValue", found.get("value", found.get("maxValue")))
        high = found.get("maxValue", found.get("value", low))
        assert low is not None and high is not None
        if low > high:
            raise PropertyError(
                f"{at}.minValue",
                f"el mínimo ({low:,} MXN al mes) supera al máximo ({high:,} MXN al mes)",
            )
    else:
        unit = _unit(*child(value, "unitText", where))
        low = high = _pesos(number_of(amount, at), unit, at)
    return MonthlySalary(low=low, high=high, unit=unit, currency_assumed=assumed)
