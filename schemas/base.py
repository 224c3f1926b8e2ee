"""The envelope every event shares and the constrained types events reuse.

Envelope policy: payload parts (credentials, preferences, …) forbid unknown
keys, because inside a version their shape is closed and a typo must fail
loudly. The top-level envelope *ignores* unknown keys: topics are versioned
by name, and within one version producers may add optional fields before
every consumer is upgraded (forward compatibility). An old consumer then
drops the new field instead of dead-lettering a valid event. Backward
compatibility (new code reads every stored old event) is enforced separately
by ``schemas.compatibility``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Any, ClassVar
from uuid import UUID

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

CURRENT_SCHEMA_VERSION = 1


def _fixed_offset(value: datetime) -> datetime:
    # The wire carries only a UTC offset, so a named zone would not survive a
    # round trip; and a local time in a DST fold or gap compares unequal to
    # every other zone's time (PEP 495). Pinning the offset avoids both.
    offset = value.utcoffset()
    if offset is None:
        raise ValueError("se requiere zona horaria")
    return value.replace(tzinfo=timezone(offset), fold=0)


EventTime = Annotated[AwareDatetime, AfterValidator(_fixed_offset)]

# HMAC-SHA256 hex digest: never a raw CURP, never a plain hash of one.
GraduateId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
VacancyId = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
]
EmployerId = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
]
VendorCode = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Z0-9][A-Z0-9._-]*$")
]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=300)]
SkillText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
UnitInterval = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
Skills = Annotated[tuple[SkillText, ...], Field(max_length=300)]
VendorCodes = Annotated[tuple[VendorCode, ...], Field(max_length=100)]

_ENVELOPE_REQUIRED = ("event_id", "event_time", "schema_version", "event_type")


class Part(BaseModel):
    """Base for closed payload parts nested inside an event."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def _require_envelope(schema: dict[str, Any]) -> None:
    # Defaults make construction in Python convenient, but on the wire the
    # envelope is always complete, so the published schema requires it.
    required = schema.setdefault("required", [])
    for name in _ENVELOPE_REQUIRED:
        if name not in required:
            required.append(name)


class BaseEvent(BaseModel):
    """Envelope shared by every event; subclasses add ``event_type`` and a body."""

    model_config = ConfigDict(frozen=True, extra="ignore", json_schema_extra=_require_envelope)

    SCHEMA_VERSION: ClassVar[int] = CURRENT_SCHEMA_VERSION

    event_id: UUID
    event_time: EventTime
    schema_version: Annotated[int, Field(ge=1)] = CURRENT_SCHEMA_VERSION

    @field_validator("schema_version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value > cls.SCHEMA_VERSION:
            msg = (
                f"versión de esquema {value} no soportada: este código conoce "
                f"hasta la {cls.SCHEMA_VERSION}"
            )
            raise ValueError(msg)
        return value
