"""What the graduate's pages show, as plain values for their templates.

Pure functions of what ``models.personal_data`` read, so the profile page
shows exactly what the JSON export holds. The names here address the
graduate in the second person ("te interesa", "Compartir tu perfil…"); the
organisations' names of the same codes live in ``schemas.labels``, whose
third-person forms ("Contratada", "Le interesa") would misaddress them.
Every code still reaches a page in Spanish: an unknown one falls back to
``schemas.labels``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from models.personal_data import ConsentRow, ContactRow, MatchRow, NotificationRow, PersonalData
from schemas.enums import (
    ConsentPurpose,
    MatchStatus,
    NotificationChannel,
    NotificationKind,
    NotificationStatus,
)
from schemas.labels import spanish_code
from streams.notify.templates import greeting

PROFILE = "/perfil"
NEW_LINK = ("/perfil/enlace", "Pide un enlace nuevo a tu correo")
# Graduate pages read best in a narrow column.
WIDTH = "angosto"

PURPOSES: Mapping[ConsentPurpose, str] = {
    ConsentPurpose.MATCHING: "Proponerte vacantes con la vinculación automática",
    ConsentPurpose.SHARE_WITH_EMPLOYERS: "Compartir tu perfil con las empresas de tus vacantes",
    ConsentPurpose.NOTIFICATIONS: "Enviarte avisos por correo",
}
MATCH_STATUSES: Mapping[MatchStatus, str] = {
    MatchStatus.PROPOSED: "propuesta, espera tu respuesta",
    MatchStatus.WITHDRAWN: "retirada (la vacante cerró o ya no se propone)",
    MatchStatus.APPLIED: "te interesa; avisamos a la empresa",
    MatchStatus.INTERVIEWED: "entrevista",
    MatchStatus.OFFERED: "oferta de trabajo",
    MatchStatus.HIRED: "contratación",
    MatchStatus.REJECTED: "la empresa eligió a otra persona",
    MatchStatus.DECLINED: "no te interesa",
    MatchStatus.RETAINED_3M: "sigues en el empleo a los 3 meses",
    MatchStatus.RETAINED_6M: "sigues en el empleo a los 6 meses",
    MatchStatus.RETAINED_12M: "sigues en el empleo al año",
    MatchStatus.LEFT: "ya no trabajas ahí",
}
# Only before the employer answers may the graduate still say (or change) whether it interests
# them; the value is the answer the page shows as chosen.
ANSWERABLE: Mapping[MatchStatus, str | None] = {
    MatchStatus.PROPOSED: None,
    MatchStatus.APPLIED: "me-interesa",
    MatchStatus.DECLINED: "no-me-interesa",
}
# How a notification travelled, told to the person it was about.
CHANNELS: Mapping[NotificationChannel, str] = {
    NotificationChannel.EMAIL: "Correo",
    NotificationChannel.WEBHOOK: "A la empresa, con tu perfil",
    NotificationChannel.IN_APP: "En Vincula",
}


E = TypeVar("E", bound=StrEnum)


def _member(enumeration: type[E], code: str) -> E | None:
    """The member of ``enumeration`` with ``code``, or None for a code it does not know."""
    try:
        return enumeration(code)
    except ValueError:
        return None


def _named(names: Mapping[E, str], enumeration: type[E], code: str) -> str:
    """The graduate's name of ``code``; the organisations' Spanish name if it has none."""
    member = _member(enumeration, code)
    if member is not None and member in names:
        return names[member]
    return spanish_code(enumeration, code)


@dataclass(frozen=True, slots=True)
class MatchView:
    """One proposed vacancy as the profile shows it."""

    match_id: str
    title: str
    employer: str
    status: str
    proposed_at: datetime
    reasons: Sequence[str]
    answerable: bool
    chosen: str | None


@dataclass(frozen=True, slots=True)
class ConsentView:
    """One purpose, the graduate's current answer and the form that changes it."""

    purpose: str
    name: str
    granted: bool
    changed_at: datetime | None

    @property
    def button(self) -> str:
        """The button's text names the purpose, so every button on the page says what it does."""
        verb = "Retirar consentimiento" if self.granted else "Dar consentimiento"
        return f"{verb}: {self.name}"


@dataclass(frozen=True, slots=True)
class NotificationView:
    """One line of the notification history."""

    requested_at: datetime
    kind: str
    channel: str
    status: str


def match_views(matches: Sequence[MatchRow]) -> list[MatchView]:
    """The graduate's matches, with Spanish statuses and whether they may still answer."""
    views = []
    for row in matches:
        status = _member(MatchStatus, row.status)
        views.append(
            MatchView(
                match_id=str(row.match_id),
                title=row.title,
                employer=row.employer,
                status=_named(MATCH_STATUSES, MatchStatus, row.status),
                proposed_at=row.proposed_at,
                reasons=row.reasons,
                answerable=status in ANSWERABLE,
                chosen=ANSWERABLE.get(status) if status is not None else None,
            )
        )
    return views


def consent_views(consents: Sequence[ConsentRow]) -> list[ConsentView]:
    """Every purpose in a fixed order, answered or not (unanswered means no)."""
    answers = {row.purpose: row for row in consents}
    views = []
    for purpose, name in PURPOSES.items():
        row = answers.get(purpose.value)
        views.append(
            ConsentView(
                purpose=purpose.value,
                name=name,
                granted=row is not None and row.granted,
                changed_at=None if row is None else row.changed_at,
            )
        )
    return views


def notification_views(notifications: Sequence[NotificationRow]) -> list[NotificationView]:
    """The notification history, newest first."""
    return [
        NotificationView(
            requested_at=row.requested_at,
            kind=spanish_code(NotificationKind, row.kind),
            channel=_named(CHANNELS, NotificationChannel, row.channel),
            status=spanish_code(NotificationStatus, row.status),
        )
        for row in reversed(notifications)
    ]


def contact_values(contact: ContactRow | None, submitted: Mapping[str, str]) -> dict[str, str]:
    """What the contact form shows: what the person just typed, else what is stored."""
    stored = (
        {}
        if contact is None
        else {"full_name": contact.full_name, "email": contact.email, "phone": contact.phone or ""}
    )
    return {
        name: submitted.get(name, "").strip() or stored.get(name, "")
        for name in ("full_name", "email", "phone")
    }


def profile_context(
    data: PersonalData,
    *,
    token: str,
    csrf: str,
    expires_at: datetime,
    choices: Sequence[tuple[str, str]],
    errors: Mapping[str, str] | None = None,
    submitted: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The context of ``perfil.html``; ``errors`` are the contact form's, by field."""
    name = data.contact.full_name if data.contact is not None else ""
    return {
        "title": "Tu perfil en Vincula",
        "width": WIDTH,
        "greeting": greeting(name),
        "token": token,
        "csrf": csrf,
        "expires_at": expires_at,
        "choices": choices,
        "matches": match_views(data.matches),
        "consents": consent_views(data.consents),
        "has_contact": data.contact is not None,
        "contact": contact_values(data.contact, submitted or {}),
        "errors": dict(errors or {}),
        "notifications": notification_views(data.notifications),
    }
