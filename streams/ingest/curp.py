"""Validation of the CURP (Clave Única de Registro de Población), per RENAPO.

Layout of the 18 characters::

    AAAA YYMMDD S EE CCC H D
    |    |      | |  |   | check digit
    |    |      | |  |   homonymy character: digit if born before 2000, letter after
    |    |      | |  internal consonants of surnames and given name
    |    |      | state of birth (RENAPO code; NE = born abroad)
    |    |      sex: H, M, or X (non-binary, since 2023)
    |    birth date
    initials of surnames and given name
"""

from __future__ import annotations

import re
from datetime import date
from types import MappingProxyType

from streams.ingest.errors import CurpError

CURP_LENGTH = 18
CHECK_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"

# RENAPO's two-letter codes (not ISO 3166-2): Ciudad de México keeps "DF".
CURP_STATE_CODES = MappingProxyType(
    {
        "AS": "Aguascalientes",
        "BC": "Baja California",
        "BS": "Baja California Sur",
        "CC": "Campeche",
        "CL": "Coahuila",
        "CM": "Colima",
        "CS": "Chiapas",
        "CH": "Chihuahua",
        "DF": "Ciudad de México",
        "DG": "Durango",
        "GT": "Guanajuato",
        "GR": "Guerrero",
        "HG": "Hidalgo",
        "JC": "Jalisco",
        "MC": "Estado de México",
        "MN": "Michoacán",
        "MS": "Morelos",
        "NT": "Nayarit",
        "NL": "Nuevo León",
        "OC": "Oaxaca",
        "PL": "Puebla",
        "QT": "Querétaro",
        "QR": "Quintana Roo",
        "SP": "San Luis Potosí",
        "SL": "Sinaloa",
        "SR": "Sonora",
        "TC": "Tabasco",
        "TS": "Tamaulipas",
        "TL": "Tlaxcala",
        "VZ": "Veracruz",
        "YN": "Yucatán",
        "ZS": "Zacatecas",
        "NE": "nacido en el extranjero",
    }
)

_INITIALS = re.compile(r"[A-Z]{4}")
_DIGITS = re.compile(r"\d{6}")
_CONSONANTS = re.compile(r"[B-DF-HJ-NP-TV-Z]{3}")
_SEXES = frozenset("HMX")


def curp_check_digit(first17: str) -> str:
    """Compute the RENAPO check digit over the first 17 characters of a CURP."""
    if len(first17) != CURP_LENGTH - 1:
        raise CurpError(
            f"se necesitan 17 caracteres para el dígito verificador, hay {len(first17)}"
        )
    total = 0
    for position, char in enumerate(first17):
        value = CHECK_ALPHABET.find(char)
        if value < 0:
            raise CurpError(f"carácter no permitido '{char}' en la posición {position + 1}")
        total += value * (CURP_LENGTH - position)
    return str((10 - total % 10) % 10)


def birth_date_of(curp: str) -> date:
    """Return the birth date a CURP encodes; the homonymy character fixes the century."""
    century = 1900 if curp[16].isdigit() else 2000
    year = century + int(curp[4:6])
    try:
        return date(year, int(curp[6:8]), int(curp[8:10]))
    except ValueError as error:
        raise CurpError(f"la fecha de nacimiento {curp[4:10]} no existe ({year})") from error


def validate_curp(raw: str) -> str:
    """Return the CURP upper-cased and trimmed, or raise ``CurpError`` with the reason."""
    curp = raw.strip().upper()
    if len(curp) != CURP_LENGTH:
        raise CurpError(f"debe tener {CURP_LENGTH} caracteres y tiene {len(curp)}")
    if not _INITIALS.fullmatch(curp[0:4]):
        raise CurpError("los primeros 4 caracteres deben ser letras")
    if not _DIGITS.fullmatch(curp[4:10]):
        raise CurpError("los caracteres 5 a 10 deben ser la fecha de nacimiento AAMMDD")
    if curp[10] not in _SEXES:
        raise CurpError(f"el sexo '{curp[10]}' no es H, M ni X")
    if curp[11:13] not in CURP_STATE_CODES:
        raise CurpError(f"la entidad de nacimiento '{curp[11:13]}' no existe")
    if not _CONSONANTS.fullmatch(curp[13:16]):
        raise CurpError("los caracteres 14 a 16 deben ser consonantes")
    homonymy = curp[16]
    if not (homonymy.isascii() and homonymy.isalnum()):
        raise CurpError(f"el carácter de homonimia '{homonymy}' no es dígito ni letra")
    birth_date_of(curp)
    if not curp[17].isdigit():
        raise CurpError("el último carácter debe ser un dígito verificador")
    expected = curp_check_digit(curp[:17])
    if curp[17] != expected:
        raise CurpError(f"el dígito verificador es {curp[17]} pero debería ser {expected}")
    return curp


def is_valid_curp(raw: str) -> bool:
    """Tell whether a CURP is well formed, without saying why not."""
    try:
        validate_curp(raw)
    except CurpError:
        return False
    return True
