"""Contact details as programmes write them, checked and normalised before they are stored."""

from __future__ import annotations

import re

from models.contacts import Contact

_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_PHONE_SEPARATORS = re.compile(r"[\s().-]")
_MAX_EMAIL_LENGTH = 254


def normalise_email(raw: str) -> str:
    """Return the trimmed address with a lower-cased domain, or raise ``ValueError``."""
    email = raw.strip()
    if len(email) > _MAX_EMAIL_LENGTH or not _EMAIL.fullmatch(email):
        raise ValueError(f"el correo '{email}' no tiene la forma usuario@dominio.mx")
    local, domain = email.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def normalise_phone(raw: str) -> str:
    """Return a Mexican phone as its 10 national digits (an optional +52 is dropped)."""
    digits = _PHONE_SEPARATORS.sub("", raw.strip())
    if digits.startswith("+52"):
        digits = digits[3:]
    elif digits.startswith("52") and len(digits) == 12:
        digits = digits[2:]
    if len(digits) != 10 or not digits.isdigit():
        raise ValueError(f"el teléfono '{raw.strip()}' debe tener 10 dígitos (opcional +52)")
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
