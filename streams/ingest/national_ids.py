"""Identity documents of El Salvador and the Dominican Republic, and which a country uses.

- **DUI** (Documento Único de Identidad, El Salvador): 9 digits written
  ``00000000-0``; the last is a check digit over the first 8, weighted 9 down
  to 2: ``(10 - Σ wᵢ·dᵢ mod 10) mod 10``.
- **Cédula de identidad y electoral** (Dominican Republic): 11 digits written
  ``000-0000000-0`` (municipality of issue, sequence, check digit); the check
  digit is the Luhn digit of the first 10.

Both are accepted with or without their dashes (and with surrounding spaces)
and returned in their written form. Mexico's CURP lives in
``streams.ingest.curp``. The generators give valid documents for synthetic
cohorts: numbers that pass the check, not numbers anyone holds.
"""

from __future__ import annotations

import random
import re
from types import MappingProxyType

from schemas.regions import Country
from streams.ingest.curp import validate_curp
from streams.ingest.errors import CedulaError, DuiError

DUI_DIGITS = 9
CEDULA_DIGITS = 11

DOCUMENT_NAMES = MappingProxyType(
    {Country.MX: "CURP", Country.SV: "DUI", Country.DO: "cédula de identidad y electoral"}
)

_DUI = re.compile(r"^(\d{8})-?(\d)$")
_CEDULA = re.compile(r"^(\d{3})-?(\d{7})-?(\d)$")
_SPACES = re.compile(r"\s+")


def dui_check_digit(first8: str) -> int:
    """The DUI check digit over its first 8 digits (weights 9 to 2, modulo 10)."""
    if len(first8) != DUI_DIGITS - 1 or not first8.isdigit():
        raise DuiError(f"se necesitan 8 dígitos para el dígito verificador, hay '{first8}'")
    total = sum((9 - position) * int(digit) for position, digit in enumerate(first8))
    return (10 - total % 10) % 10


def luhn_check_digit(payload: str) -> int:
    """The Luhn check digit that completes ``payload`` (a string of digits)."""
    total = 0
    # From the right, the digit next to the check digit is doubled, then every other one.
    for position, digit in enumerate(reversed(payload)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def _compact(raw: str) -> str:
    return _SPACES.sub("", raw.strip())


def validate_dui(raw: str) -> str:
    """Return the DUI as ``00000000-0``, or raise ``DuiError`` with the reason, in Spanish."""
    text = _compact(raw)
    if not text:
        raise DuiError("falta el número")
    digits = text.replace("-", "")
    if not digits.isdigit():
        raise DuiError(f"'{raw.strip()}' debe tener solo dígitos y un guion (00000000-0)")
    if len(digits) != DUI_DIGITS:
        raise DuiError(f"debe tener {DUI_DIGITS} dígitos y tiene {len(digits)}")
    found = _DUI.match(text)
    if found is None:
        raise DuiError("el guion va antes del último dígito (00000000-0)")
    body, check = found.groups()
    if not body.strip("0"):
        raise DuiError("el número no puede ser solo ceros")
    expected = dui_check_digit(body)
    if int(check) != expected:
        raise DuiError(f"el dígito verificador es {check} pero debería ser {expected}")
    return f"{body}-{check}"


def validate_cedula(raw: str) -> str:
    """Return the cédula as ``000-0000000-0``, or raise ``CedulaError`` with the reason."""
    text = _compact(raw)
    if not text:
        raise CedulaError("falta el número")
    digits = text.replace("-", "")
    if not digits.isdigit():
        raise CedulaError(f"'{raw.strip()}' debe tener solo dígitos y guiones (000-0000000-0)")
    if len(digits) != CEDULA_DIGITS:
        raise CedulaError(f"debe tener {CEDULA_DIGITS} dígitos y tiene {len(digits)}")
    found = _CEDULA.match(text)
    if found is None:
        raise CedulaError("los guiones van tras el 3.º y el 10.º dígito (000-0000000-0)")
    office, sequence, check = found.groups()
    if not (office + sequence).strip("0"):
        raise CedulaError("el número no puede ser solo ceros")
    expected = luhn_check_digit(office + sequence)
    if int(check) != expected:
        raise CedulaError(f"el dígito verificador es {check} pero debería ser {expected}")
    return f"{office}-{sequence}-{check}"


def validate_document(country: Country, raw: str) -> str:
    """Validate the identity document of ``country`` (CURP, DUI or cédula); the written form."""
    if country is Country.SV:
        return validate_dui(raw)
    if country is Country.DO:
        return validate_cedula(raw)
    return validate_curp(raw)


def random_dui(rng: random.Random) -> str:
    """A DUI that passes the check, as ``00000000-0``."""
    body = f"{rng.randrange(1, 10**8):08d}"
    return f"{body}-{dui_check_digit(body)}"


def random_cedula(rng: random.Random) -> str:
    """A cédula that passes the Luhn check, as ``000-0000000-0``."""
    office = f"{rng.randrange(1, 1000):03d}"
    sequence = f"{rng.randrange(0, 10**7):07d}"
    return f"{office}-{sequence}-{luhn_check_digit(office + sequence)}"
