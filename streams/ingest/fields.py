"""Decoders for the columns of a cohort file.

Every decoder takes the raw cell — a string from CSV, or a string or native
JSON value from JSON Lines — and returns a typed value or raises
``FieldProblem`` with a reason a programme operator can act on, in Spanish.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from matching.text import fold
from schemas.enums import CefrLevel, CredentialKind, MexicanState, Modality, Track
from schemas.graduates import Credential, LanguageSkill, Sex
from schemas.regions import SUBDIVISIONS, Country, Subdivision, subdivision_name

DEFAULT_TIMEZONE = ZoneInfo("America/Mexico_City")
LIST_SEPARATOR = ";"
CREDENTIAL_SEPARATOR = "|"
CREDENTIAL_PARTS = ("kind", "vendor_code", "name", "track", "issued_on", "verified")
# The typed yes/no of "verified" is no longer trusted (only an issuer's signature verifies,
# see streams.ingest.badges): files may keep it, with any value, or leave it out.
_REQUIRED_CREDENTIAL_PARTS = CREDENTIAL_PARTS[:-1]

_TRUE = frozenset({"si", "sí", "s", "true", "verdadero", "1", "yes"})
_FALSE = frozenset({"no", "n", "false", "falso", "0"})
_MODALITY_ALIASES = {
    "presencial": Modality.ON_SITE,
    "hibrido": Modality.HYBRID,
    "híbrido": Modality.HYBRID,
    "remoto": Modality.REMOTE,
    "a distancia": Modality.REMOTE,
}

# H, M and X as in a CURP (so M is mujer, never "male"), or a Spanish or English word.
_SEX_ALIASES = {
    "m": Sex.FEMALE,
    "mujer": Sex.FEMALE,
    "femenino": Sex.FEMALE,
    "female": Sex.FEMALE,
    "h": Sex.MALE,
    "hombre": Sex.MALE,
    "masculino": Sex.MALE,
    "male": Sex.MALE,
    "x": Sex.OTHER,
    "otro": Sex.OTHER,
    "otra": Sex.OTHER,
    "no binario": Sex.OTHER,
    "other": Sex.OTHER,
}

E = TypeVar("E", bound=StrEnum)


class FieldProblem(ValueError):
    """One cell is unusable; the message is the reason shown to the operator."""


_STATE_BY_NAME = {fold(s.spanish_name): s for s in MexicanState}


def is_blank(value: object) -> bool:
    """Tell whether a cell is absent or holds only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object, *, max_length: int = 300) -> str:
    """Decode a required single-line text."""
    if is_blank(value):
        raise FieldProblem("falta el valor")
    if not isinstance(value, str):
        raise FieldProblem("debe ser texto")
    cleaned = " ".join(value.split())
    if len(cleaned) > max_length:
        raise FieldProblem(
            f"texto demasiado largo ({len(cleaned)} caracteres, máximo {max_length})"
        )
    return cleaned


def optional_text(value: object, *, max_length: int = 300) -> str | None:
    """Decode an optional single-line text."""
    return None if is_blank(value) else text(value, max_length=max_length)


def enum_value(kind: type[E], value: object, label: str) -> E:
    """Decode a closed-vocabulary value by its value or name, case-insensitively."""
    if is_blank(value):
        raise FieldProblem("falta el valor")
    if isinstance(value, str):
        key = fold(value).replace(" ", "_").replace("-", "_")
        for member in kind:
            if key in (member.value.lower(), member.name.lower()):
                return member
    allowed = ", ".join(m.value for m in kind)
    raise FieldProblem(f"{label} '{value}' desconocido (válidos: {allowed})")


def state(value: object) -> MexicanState:
    """Decode a state by ISO 3166-2:MX code (QUE) or Spanish name (Querétaro)."""
    if isinstance(value, str) and fold(value) in _STATE_BY_NAME:
        return _STATE_BY_NAME[fold(value)]
    return enum_value(MexicanState, value, "estado")


_COUNTRY_BY_NAME = {fold(c.spanish_name): c for c in Country} | {
    "mexico": Country.MX,
    "salvador": Country.SV,
    "dominicana": Country.DO,
    "republica dominicana": Country.DO,
}
_SUBDIVISION_BY_NAME = {fold(subdivision_name(s)): s for s in SUBDIVISIONS}
_SUBDIVISION_BY_CODE = {s.value: s for s in SUBDIVISIONS}


def country(value: object) -> Country:
    """Decode a country: ISO code (MX, SV, DO) or Spanish name; empty means Mexico."""
    if is_blank(value):
        return Country.MX
    if isinstance(value, str):
        key = fold(value)
        if key.upper() in Country.__members__:
            return Country(key.upper())
        if key in _COUNTRY_BY_NAME:
            return _COUNTRY_BY_NAME[key]
    allowed = ", ".join(f"{c.value} ({c.spanish_name})" for c in Country)
    raise FieldProblem(f"país '{value}' desconocido (válidos: {allowed})")


def subdivision(value: object, home: Country = Country.MX) -> Subdivision:
    """Decode a state, department or province by code or Spanish name.

    Codes are ISO 3166-2, with or without the country (``QUE``, ``MX-QUE``,
    ``SV-SS``; ``SS`` and ``01`` are read in ``home``, the graduate's country).
    """
    if is_blank(value):
        raise FieldProblem("falta el valor")
    if isinstance(value, str):
        code = value.strip().upper()
        spellings = (code, code.removeprefix("MX-"), f"{home.value}-{code.zfill(2)}")
        for spelling in spellings:
            if spelling in _SUBDIVISION_BY_CODE:
                return _SUBDIVISION_BY_CODE[spelling]
        if fold(value) in _SUBDIVISION_BY_NAME:
            return _SUBDIVISION_BY_NAME[fold(value)]
    if home is Country.MX:
        return state(value)  # the message Mexican programmes have always had
    raise FieldProblem(
        f"'{value}' no es un estado de México, departamento de El Salvador ni provincia "
        "de República Dominicana (clave ISO, p. ej. QUE, SV-SS, DO-01, o nombre)"
    )


def boolean(value: object) -> bool:
    """Decode a required yes/no cell (sí/no, true/false, 1/0)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and fold(value) in _TRUE | {"si"}:
        return True
    if isinstance(value, str) and fold(value) in _FALSE:
        return False
    if is_blank(value):
        raise FieldProblem("falta el valor (sí o no)")
    raise FieldProblem(f"'{value}' no es sí ni no")


def items(value: object) -> list[Any]:
    """Split a list cell: ';'-separated text, or a native JSON array."""
    if is_blank(value):
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]
    if isinstance(value, list):
        return value
    raise FieldProblem("debe ser una lista")


def _date(value: object) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FieldProblem(f"la fecha '{value}' no existe o no es AAAA-MM-DD")


def _credential(value: object) -> Credential:
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(CREDENTIAL_SEPARATOR)]
        if len(parts) not in (len(_REQUIRED_CREDENTIAL_PARTS), len(CREDENTIAL_PARTS)):
            raise FieldProblem(
                f"la credencial '{value}' debe tener {len(_REQUIRED_CREDENTIAL_PARTS)} partes "
                f"separadas por '|': {'|'.join(_REQUIRED_CREDENTIAL_PARTS)} (una sexta, "
                "verified, se acepta y se ignora)"
            )
        value = dict(zip(CREDENTIAL_PARTS, parts, strict=False))
    if not isinstance(value, Mapping):
        raise FieldProblem("cada credencial debe ser texto o un objeto")
    missing = [p for p in _REQUIRED_CREDENTIAL_PARTS if is_blank(value.get(p))]
    if missing:
        raise FieldProblem(f"a la credencial le falta: {', '.join(missing)}")
    try:
        return Credential(
            kind=enum_value(CredentialKind, value["kind"], "tipo de credencial"),
            vendor_code=str(value["vendor_code"]).strip().upper(),
            name=text(value["name"]),
            track=enum_value(Track, value["track"], "ruta"),
            issued_on=_date(value["issued_on"]),
            # Unverified until a signed credential proves it (see cohort.merge_signed).
            verified=False,
        )
    except ValidationError as error:
        raise FieldProblem(describe_validation(error)) from error


def credentials(value: object) -> tuple[Credential, ...]:
    """Decode one or more credentials (``kind|vendor_code|name|track|date``), all unverified."""
    decoded = optional_credentials(value)
    if not decoded:
        raise FieldProblem("se requiere al menos una credencial")
    return decoded


def optional_credentials(value: object) -> tuple[Credential, ...]:
    """Decode credentials as ``credentials`` does, admitting none (signed ones may follow)."""
    return tuple(_credential(item) for item in items(value))


def skills(value: object) -> tuple[str, ...]:
    """Decode free-text skills, dropping exact repeats but keeping order."""
    decoded = [text(item, max_length=200) for item in items(value)]
    return tuple(dict.fromkeys(decoded))


def languages(value: object) -> tuple[LanguageSkill, ...]:
    """Decode languages as ``en:B1;es:C2``, a JSON object or a list of objects."""
    pairs: list[tuple[object, object]] = []
    if isinstance(value, Mapping):
        pairs = list(value.items())
    else:
        for item in items(value):
            if isinstance(item, str) and ":" in item:
                language_code, level_text = item.split(":", 1)
                pairs.append((language_code, level_text))
            elif isinstance(item, Mapping):
                pairs.append((item.get("language"), item.get("level")))
            else:
                raise FieldProblem(f"el idioma '{item}' debe ser código:nivel, p. ej. en:B1")
    decoded = []
    for code, level in pairs:
        if not isinstance(code, str) or len(code.strip()) != 2 or not code.strip().isalpha():
            raise FieldProblem(f"'{code}' no es un código de idioma ISO 639-1 (p. ej. en, es)")
        cefr = enum_value(CefrLevel, str(level).strip().upper(), "nivel MCER")
        decoded.append(LanguageSkill(language=code.strip().lower(), level=cefr))
    return tuple(decoded)


def modalities(value: object) -> frozenset[Modality]:
    """Decode preferred modalities (values or Spanish words: presencial, híbrido, remoto)."""
    decoded = set()
    for item in items(value):
        alias = _MODALITY_ALIASES.get(fold(item)) if isinstance(item, str) else None
        decoded.add(alias or enum_value(Modality, item, "modalidad"))
    return frozenset(decoded)


def states(value: object) -> tuple[MexicanState, ...]:
    """Decode preferred states, keeping order and dropping repeats."""
    return tuple(dict.fromkeys(state(item) for item in items(value)))


def subdivisions(value: object, home: Country = Country.MX) -> tuple[Subdivision, ...]:
    """Decode preferred states, departments or provinces, keeping order and dropping repeats."""
    return tuple(dict.fromkeys(subdivision(item, home) for item in items(value)))


def optional_year(value: object) -> int | None:
    """Decode an optional four-digit year."""
    if is_blank(value):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 4:
        return int(value.strip())
    raise FieldProblem(f"'{value}' no es un año de cuatro dígitos")


def optional_sex(value: object) -> Sex | None:
    """Decode an optional sex: H, M or X (as in a CURP), or mujer, hombre, otro."""
    if is_blank(value):
        return None
    if isinstance(value, str) and fold(value) in _SEX_ALIASES:
        return _SEX_ALIASES[fold(value)]
    raise FieldProblem(f"sexo '{value}' desconocido (válidos: M o mujer, H o hombre, X u otro)")


def event_time(value: object) -> datetime:
    """Decode an ISO 8601 time; without an offset it is read as Mexico City time."""
    if is_blank(value):
        raise FieldProblem("falta la fecha del evento")
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
        if parsed is not None:
            if parsed.tzinfo is None:
                return parsed.replace(tzinfo=DEFAULT_TIMEZONE)
            return parsed
    raise FieldProblem(f"'{value}' no es una fecha ISO 8601 (p. ej. 2026-12-11T10:30:00-06:00)")


_MESSAGES = {
    "string_pattern_mismatch": "formato inválido",
    "string_too_long": "texto demasiado largo",
    "string_too_short": "falta el valor",
    "too_short": "faltan elementos",
    "too_long": "demasiados elementos",
    "enum": "valor desconocido",
    "literal_error": "valor desconocido",
    "missing": "falta el valor",
}


def describe_error(item: ErrorDetails) -> str:
    """Describe one model validation error in Spanish, naming the offending part."""
    where = ".".join(str(p) for p in item["loc"])
    message = _MESSAGES.get(item["type"])
    if message is None:
        # Messages raised by our own validators are already in Spanish.
        message = str(item["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def describe_validation(error: ValidationError) -> str:
    """Summarise a model validation error in Spanish."""
    return "; ".join(describe_error(item) for item in error.errors(include_url=False))
