"""Contact details as programmes write them, checked and normalised before they are stored."""

from __future__ import annotations

import re

from models.contacts import Contact
from schemas.regions import Country

_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_PHONE_SEPARATORS = re.compile(r"[\s().-]")
_MAX_EMAIL_LENGTH = 254
# Country calling code and national number length (ITU-T E.164 national plans).
_PHONE_PLANS = {Country.MX: ("52", 10), Country.SV: ("503", 8), Country.DO: ("1", 10)}


def normalise_email(raw: str) -> str:
    """Return the trimmed address with a lower-cased domain, or raise ``ValueError``."""
    email = raw.strip()
    if len(email) > _MAX_EMAIL_LENGTH or not _EMAIL.fullmatch(email):
        raise ValueError(f"el correo '{email}' no tiene la forma usuario@dominio.mx")
    local, domain = email.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def normalise_phone(raw: str, *, country: Country = Country.MX) -> str:
    """Return a phone as its national digits (10 in Mexico; an optional +52 is dropped).

    El Salvador's numbers have 8 digits (+503), the Dominican Republic's 10 (+1).
    """
    prefix, length = _PHONE_PLANS[country]
    digits = _PHONE_SEPARATORS.sub("", raw.strip())
    if digits.startswith(f"+{prefix}"):
        digits = digits[len(prefix) + 1 :]
    elif digits.startswith(prefix) and len(digits) == len(prefix) + length:
        digits = digits[len(prefix) :]
    if len(digits) != length or not digits.isdigit():
        raise ValueError(
            f"el teléfono '{raw.strip()}' debe tener {length} dígitos (opcional +{prefix})"
        )
    return digits


def normalise_name(raw: str) -> str:
    """Return a full name with collapsed whitespace, or raise ``ValueError``."""
    name = " ".join(raw.split())
    if not name:
        raise ValueError("falta el nombre")
    if len(name) > 200 or any(ch.isdigit() for ch in name):
        raise ValueError("el nombre no parece un nombre de persona")
    return name


__all__ = ["Contact", "normalise_email", "normalise_name", "normalise_phone"]
