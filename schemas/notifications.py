"""Events about notifications requested and delivered."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints, field_validator

from schemas.base import BaseEvent, GraduateId
from schemas.enums import DeliveryStatus, NotificationChannel, NotificationKind

TemplateName = Annotated[
    str, StringConstraints(min_length=1, max_length=100, pattern=r"^[a-z0-9_.-]+$")
]
ParamName = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")
]
ParamValue = Annotated[str, StringConstraints(max_length=2_000)]

# Contact details are looked up by the sender from the contact table; they
# must never ride along in a topic, so obvious shapes are refused here.
_PERSONAL_KEYS = frozenset(
    {"nombre", "name", "correo", "email", "telefono", "phone", "curp", "full_name"}
)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_CURP = re.compile(r"[A-Z]{4}\d{6}[HMX][A-Z]{5}[0-9A-Z]\d", re.IGNORECASE)
_PHONE = re.compile(r"(?:\d[\s-]?){10,}")
# Identifiers may hold long runs of digits and dashes; they are not phones.
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


class NotificationRequested(BaseEvent):
    """Something should tell a graduate about a match, digest or follow-up."""

    event_type: Literal["NotificationRequested"] = "NotificationRequested"
    notification_id: UUID
    graduate_id: GraduateId
    kind: NotificationKind
    channel: NotificationChannel
    match_id: UUID | None = None
    template: TemplateName
    params: Annotated[dict[ParamName, ParamValue], Field(max_length=50, default_factory=dict)]

    @field_validator("params")
    @classmethod
    def _no_personal_data(cls, params: dict[str, str]) -> dict[str, str]:
        for key, value in params.items():
            if key in _PERSONAL_KEYS:
                msg = f"el parámetro '{key}' sería un dato personal"
                raise ValueError(msg)
            text = _UUID.sub(" ", value)
            for shape, label in ((_EMAIL, "correo"), (_CURP, "CURP"), (_PHONE, "teléfono")):
                if shape.search(text):
                    msg = f"el parámetro '{key}' parece contener un {label}"
                    raise ValueError(msg)
        return params


class NotificationDelivered(BaseEvent):
    """The final state of delivering one notification."""

    event_type: Literal["NotificationDelivered"] = "NotificationDelivered"
    notification_id: UUID
    graduate_id: GraduateId
    channel: NotificationChannel
    status: DeliveryStatus
    attempts: Annotated[int, Field(ge=0)]
    detail: Annotated[str, StringConstraints(max_length=2_000)] = ""
